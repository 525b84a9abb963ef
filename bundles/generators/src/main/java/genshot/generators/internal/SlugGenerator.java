package genshot.generators.internal;

import genshot.api.Cancellation;
import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GeneratorInfo;
import genshot.api.Progress;
import genshot.api.ShotGenerator;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.timeline.RationalTime;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * An editorial placeholder card: the prompt, the shot's label, where it sits on the timeline and how long it is,
 * with a running timecode burn-in, a frame counter and a progress bar. Drawn with Java2D (headless).
 */
@Component(service = ShotGenerator.class, property = "genshot.generator=slug")
public final class SlugGenerator implements ShotGenerator {

    static final Color BACKGROUND = new Color(0x16, 0x17, 0x1c);
    private static final Color TEXT = new Color(0xf2, 0xf2, 0xee);
    private static final Color DIM = new Color(0x9a, 0x9c, 0xa6);
    private static final Color ACCENT = new Color(0xff, 0xb0, 0x2e);
    private static final Color GUIDE = new Color(0x33, 0x35, 0x3e);

    @Override
    public GeneratorInfo info() {
        return new GeneratorInfo("slug", "Slug (placeholder card)",
                "A dark card with the prompt, the shot label, its timeline timecode and duration, and a running "
                        + "timecode burn-in: stands in for a shot that is not made yet.",
                null, Map.of(), Map.of("safeArea", "true", "countdown", "false", "name", ""), List.of("cpu"));
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                               Cancellation cancel) {
        int w = spec.width(), h = spec.height();
        boolean guides = !"false".equalsIgnoreCase(request.parameters().getOrDefault("safeArea", "true").trim());
        boolean countdown = "true".equalsIgnoreCase(request.parameters().getOrDefault("countdown", "false").trim());
        String name = request.parameters().getOrDefault("name", "").strip();
        if (!name.isEmpty()) {
            spec = new ShotSpec(spec.rate(), spec.width(), spec.height(), spec.frames(), spec.timelineStart(), name,
                    spec.pixelAspect());
        }
        BufferedImage base = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        drawStatic(base, request, spec, guides, countdown);
        byte[] baseBytes = ((DataBufferByte) base.getRaster().getDataBuffer()).getData();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bytes = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();

        long total = spec.frames();
        progress.report("generating", 0, total);
        for (long i = 0; i < total; i++) {
            cancel.check();
            System.arraycopy(baseBytes, 0, bytes, 0, bytes.length);
            Graphics2D g = graphics(img);
            try {
                drawFrame(g, w, h, spec, i);
                if (countdown) {
                    drawCountdown(g, w, h, spec, i);
                }
            } finally {
                g.dispose();
            }
            sink.accept(new Frame(i, w, h, bytes));
            progress.report("generating", i + 1, total);
        }
        return new ShotResult("cpu", Map.of("card", "slug", "safeArea", Boolean.toString(guides),
                "countdown", Boolean.toString(countdown)));
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** Where the prompt goes (for tests): x, y, width, height. */
    static int[] promptArea(int w, int h) {
        int m = margin(w);
        return new int[] {m, h * 28 / 100, w - 2 * m, h * 40 / 100};
    }

    /** Left and right margin: inside the title-safe area (5 %). */
    private static int margin(int w) {
        return Math.max(2, Math.round(w * 0.065f));
    }

    /** Top and bottom margin. */
    private static int marginY(int h) {
        return Math.max(2, Math.round(h * 0.075f));
    }

    private static void drawStatic(BufferedImage img, ShotRequest req, ShotSpec spec, boolean guides,
                                   boolean countdown) {
        int w = img.getWidth(), h = img.getHeight();
        Graphics2D g = graphics(img);
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, w, h);
            if (guides) {
                // action-safe 93 %, title-safe 90 %
                g.setColor(GUIDE);
                g.setStroke(new BasicStroke(Math.max(1f, h / 540f)));
                g.drawRect(Math.round(w * 0.035f), Math.round(h * 0.035f), Math.round(w * 0.93f), Math.round(h * 0.93f));
                g.drawRect(Math.round(w * 0.05f), Math.round(h * 0.05f), Math.round(w * 0.90f), Math.round(h * 0.90f));
            }
            int m = margin(w);
            int my = marginY(h);
            float unit = h / 27f;

            // header: what this is, and the shot label
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, Math.round(unit))));
            g.setColor(ACCENT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString("SLUG", m, my + fm.getAscent());
            String label = spec.label() == null || spec.label().isBlank() ? "shot" : spec.label();
            g.setColor(TEXT);
            g.drawString(label, w - m - fm.stringWidth(label), my + fm.getAscent());

            // the prompt, wrapped, large
            int[] area = promptArea(w, h);
            if (countdown) {
                // leave room for the countdown circle on the right
                area[2] -= countdownArea(w, h)[2] + margin(w) / 2;
            }
            String prompt = req.prompt().isBlank() ? "(no prompt)" : req.prompt().strip();
            g.setFont(new Font(Font.SERIF, Font.PLAIN, Math.max(8, Math.round(unit * 2.1f))));
            fm = g.getFontMetrics();
            int maxLines = Math.max(1, area[3] / fm.getHeight());
            List<String> lines = wrap(prompt, fm, area[2], maxLines);
            g.setColor(TEXT);
            int y = area[1] + fm.getAscent();
            for (String line : lines) {
                g.drawString(line, area[0], y);
                y += fm.getHeight();
            }

            // where the shot sits and how long it is
            RationalTime start = new RationalTime(spec.timelineStart(), spec.rate());
            RationalTime last = new RationalTime(spec.timelineStart() + spec.frames() - 1, spec.rate());
            RationalTime dur = new RationalTime(spec.frames(), spec.rate());
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, Math.max(6, Math.round(unit * 0.95f))));
            fm = g.getFontMetrics();
            g.setColor(DIM);
            int infoY = h * 71 / 100;
            g.drawString(String.format(Locale.ROOT, "%s  %s - %s (first - last frame)", label, start.toTimecode(),
                    last.toTimecode()), m, infoY);
            g.drawString(String.format(Locale.ROOT, "%d frames (%s) at %s fps  ·  seed %d", spec.frames(),
                    dur.toTimecode(), rate(spec), req.seed()), m, infoY + fm.getHeight());
        } finally {
            g.dispose();
        }
    }

    private static String rate(ShotSpec spec) {
        return spec.rate().denominator() == 1 ? Long.toString(spec.rate().numerator())
                : String.format(Locale.ROOT, "%.3f", spec.rate().fps());
    }

    private static void drawFrame(Graphics2D g, int w, int h, ShotSpec spec, long i) {
        int m = margin(w);
        int my = marginY(h);
        float unit = h / 27f;
        // running timecode burn-in, timeline time of this frame
        String tc = new RationalTime(spec.timelineStart() + i, spec.rate()).toTimecode();
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(8, Math.round(unit * 1.5f))));
        FontMetrics fm = g.getFontMetrics();
        int boxH = fm.getHeight() + 2 * Math.max(1, Math.round(unit * 0.25f));
        int barH = Math.max(2, Math.round(h / 90f));
        int boxY = h - my - boxH - barH;
        int tw = fm.stringWidth(tc) + Math.round(unit);
        g.setColor(Color.BLACK);
        g.fillRect(m, boxY, tw, boxH);
        g.setColor(TEXT);
        g.drawString(tc, m + Math.round(unit / 2), boxY + (boxH - fm.getHeight()) / 2 + fm.getAscent());

        // frame counter
        String counter = String.format(Locale.ROOT, "%d / %d", i + 1, spec.frames());
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, Math.max(6, Math.round(unit))));
        fm = g.getFontMetrics();
        g.setColor(DIM);
        g.drawString(counter, w - m - fm.stringWidth(counter), boxY + (boxH - fm.getHeight()) / 2 + fm.getAscent());

        // progress bar along the bottom
        int barY = h - my - barH / 2;
        g.setColor(new Color(0x2a, 0x2c, 0x34));
        g.fillRect(m, barY, w - 2 * m, barH);
        g.setColor(ACCENT);
        long done = spec.frames() <= 1 ? (w - 2 * m) : Math.round((double) i / (spec.frames() - 1) * (w - 2 * m));
        g.fillRect(m, barY, (int) done, barH);
    }

    /**
     * A leader-style countdown at the right: the whole seconds left in the shot, in a circle whose arc sweeps once a
     * second.
     */
    private static void drawCountdown(Graphics2D g, int w, int h, ShotSpec spec, long i) {
        int base = spec.rate().timecodeBase();
        long left = spec.frames() - i;
        long seconds = (left + base - 1) / base;
        int d = Math.round(h * 0.30f);
        int x = w - margin(w) - d;
        int y = h * 28 / 100;
        g.setColor(new Color(0x2a, 0x2c, 0x34));
        g.fillOval(x, y, d, d);
        g.setColor(ACCENT);
        long inSecond = (left - 1) % base;
        int sweep = (int) Math.round(360.0 * (inSecond + 1) / base);
        g.fillArc(x, y, d, d, 90, sweep);
        g.setColor(BACKGROUND);
        int inner = Math.round(d * 0.78f);
        g.fillOval(x + (d - inner) / 2, y + (d - inner) / 2, inner, inner);
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, Math.round(d * 0.45f))));
        FontMetrics fm = g.getFontMetrics();
        String n = Long.toString(seconds);
        g.drawString(n, x + (d - fm.stringWidth(n)) / 2, y + (d - fm.getHeight()) / 2 + fm.getAscent());
    }

    /** Where the countdown goes (for tests): x, y, width, height. */
    static int[] countdownArea(int w, int h) {
        int d = Math.round(h * 0.30f);
        return new int[] {w - margin(w) - d, h * 28 / 100, d, d};
    }

    /** Greedy word wrap; over-long words are cut; the last line ends in an ellipsis if text is left over. */
    static List<String> wrap(String text, FontMetrics fm, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.split("\\s+");
        int wi = 0;
        while (wi < words.length && lines.size() < maxLines) {
            String word = words[wi];
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                wi++;
            } else if (line.length() == 0) {
                // a single word wider than the line: cut it
                int cut = word.length();
                while (cut > 1 && fm.stringWidth(word.substring(0, cut)) > width) {
                    cut--;
                }
                lines.add(word.substring(0, cut));
                words[wi] = word.substring(cut);
            } else {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (line.length() > 0 && lines.size() < maxLines) {
            lines.add(line.toString());
        }
        if (wi < words.length && !lines.isEmpty()) {
            String last = lines.get(lines.size() - 1);
            while (!last.isEmpty() && fm.stringWidth(last + "…") > width) {
                last = last.substring(0, last.length() - 1);
            }
            lines.set(lines.size() - 1, last + "…");
        }
        return lines;
    }
}
