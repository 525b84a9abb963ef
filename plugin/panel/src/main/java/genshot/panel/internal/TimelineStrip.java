package genshot.panel.internal;

import genshot.timeline.Clip;
import genshot.timeline.Item;
import genshot.timeline.Rate;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import genshot.timeline.TrackKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** The project's tracks as a compact timeline: clips, genshot takes, gaps; a click on a gap selects it. */
final class TimelineStrip extends Region {
    static final double RULER = 16;
    static final double ROW = 18;
    static final double LABELS = 34;

    private static final Color BG = Color.web("#1b1c21");
    private static final Color ROW_A = Color.web("#24262c");
    private static final Color ROW_B = Color.web("#212328");
    private static final Color VIDEO_CLIP = Color.web("#3b5b7e");
    private static final Color AUDIO_CLIP = Color.web("#2e6650");
    private static final Color TAKE_CLIP = Color.web("#6a4f9e");
    private static final Color CLIP_EDGE = Color.web("#13141a");
    private static final Color TEXT = Color.web("#d6d7dc");
    private static final Color DIM = Color.web("#8b8e98");
    private static final Color GAP = Color.web("#ffb02e");

    private final Canvas canvas = new Canvas();
    private Timeline timeline;
    private List<Slot> slots = List.of();
    private String selected;
    private String takesFolder = "";
    private Consumer<Slot> onSelect = s -> { };

    TimelineStrip() {
        getStyleClass().add("timeline-strip");
        getChildren().add(canvas);
        setMinHeight(RULER + ROW + 4);
        canvas.setOnMouseClicked(e -> {
            Slot s = slotAt(e.getX(), e.getY());
            if (s != null) {
                onSelect.accept(s);
            }
        });
    }

    void setOnSelect(Consumer<Slot> onSelect) {
        this.onSelect = onSelect;
    }

    /** What to draw; {@code takesFolder} is the folder name genshot keeps takes in, to colour them. */
    void show(Timeline timeline, List<Slot> slots, String takesFolder) {
        this.timeline = timeline;
        this.slots = List.copyOf(slots);
        this.takesFolder = takesFolder;
        int rows = timeline == null ? 1 : Math.max(1, timeline.tracks().size());
        setPrefHeight(RULER + rows * ROW + 4);
        requestLayout();
        draw();
    }

    void select(String key) {
        this.selected = key;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    /** Rows top to bottom: the highest video track first, V1, then the audio tracks. */
    private List<Track> rows() {
        List<Track> out = new ArrayList<>();
        if (timeline == null) {
            return out;
        }
        List<Track> video = timeline.videoTracks();
        for (int k = video.size() - 1; k >= 0; k--) {
            out.add(video.get(k));
        }
        timeline.tracks().stream().filter(t -> t.kind() == TrackKind.AUDIO).forEach(out::add);
        return out;
    }

    private long length() {
        return Math.max(1, timeline == null ? 1 : timeline.duration());
    }

    private double x(long frame) {
        double w = Math.max(1, getWidth() - LABELS - 4);
        return LABELS + frame * w / length();
    }

    private Slot slotAt(double px, double py) {
        List<Track> rows = rows();
        int row = (int) Math.floor((py - RULER) / ROW);
        if (timeline == null || row < 0 || row >= rows.size() || px < LABELS) {
            return null;
        }
        Track t = rows.get(row);
        double w = Math.max(1, getWidth() - LABELS - 4);
        long frame = (long) Math.floor((px - LABELS) * length() / w);
        for (Slot s : slots) {
            if (s.track().equalsIgnoreCase(t.name()) && s.range().contains(frame)) {
                return s;
            }
        }
        return null;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(BG);
        g.fillRect(0, 0, w, h);
        if (timeline == null || w <= LABELS) {
            return;
        }
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.CENTER);
        drawRuler(g, w);
        List<Track> rows = rows();
        for (int r = 0; r < rows.size(); r++) {
            Track t = rows.get(r);
            double y = RULER + r * ROW;
            g.setGlobalAlpha(1);
            g.setFill(r % 2 == 0 ? ROW_A : ROW_B);
            g.fillRect(0, y, w, ROW);
            g.setFill(t.hidden() ? DIM : TEXT);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(t.name() + (t.locked() ? "\u2009L" : ""), 4, y + ROW / 2);
            g.setGlobalAlpha(t.hidden() ? 0.45 : 1);
            long pos = 0;
            for (Item item : t.items()) {
                if (item instanceof Clip c) {
                    boolean take = c.media() != null && c.media().contains(takesFolder) && !takesFolder.isEmpty();
                    double x0 = x(pos);
                    double x1 = x(pos + c.duration());
                    g.setFill(take ? TAKE_CLIP : t.kind() == TrackKind.AUDIO ? AUDIO_CLIP : VIDEO_CLIP);
                    g.fillRect(x0, y + 2, Math.max(1, x1 - x0), ROW - 4);
                    g.setStroke(CLIP_EDGE);
                    g.setLineWidth(1);
                    g.strokeRect(x0 + 0.5, y + 2.5, Math.max(1, x1 - x0 - 1), ROW - 5);
                    if (x1 - x0 > 24) {
                        g.save();
                        g.beginPath();
                        g.rect(x0 + 2, y, x1 - x0 - 4, ROW);
                        g.clip();
                        g.setFill(TEXT);
                        g.fillText(c.name(), x0 + 4, y + ROW / 2);
                        g.restore();
                    }
                }
                pos += item.duration();
            }
            g.setGlobalAlpha(1);
            for (Slot s : slots) {
                if (!s.track().equalsIgnoreCase(t.name()) || !s.isGap()) {
                    continue;
                }
                double x0 = x(s.range().start());
                double x1 = x(s.range().end());
                boolean sel = s.key().equals(selected);
                g.setFill(GAP.deriveColor(0, 1, 1, sel ? 0.45 : 0.12));
                g.fillRect(x0, y + 2, Math.max(2, x1 - x0), ROW - 4);
                g.setStroke(GAP);
                g.setLineWidth(sel ? 2 : 1);
                g.setLineDashes(sel ? null : new double[] {3, 2});
                g.strokeRect(x0 + 1, y + 3, Math.max(1, x1 - x0 - 2), ROW - 6);
                g.setLineDashes(null);
            }
            for (Slot s : slots) {
                if (s.track().equalsIgnoreCase(t.name()) && !s.isGap() && s.key().equals(selected)) {
                    double x0 = x(s.range().start());
                    double x1 = x(s.range().end());
                    g.setStroke(GAP);
                    g.setLineWidth(2);
                    g.strokeRect(x0 + 1, y + 2, Math.max(1, x1 - x0 - 2), ROW - 4);
                }
            }
        }
    }

    private void drawRuler(GraphicsContext g, double w) {
        Rate rate = timeline.rate();
        long len = length();
        double pxPerSecond = (w - LABELS - 4) / Math.max(1e-9, rate.secondsOf(len));
        int[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};
        int step = steps[steps.length - 1];
        for (int s : steps) {
            if (s * pxPerSecond >= 70) {
                step = s;
                break;
            }
        }
        g.setStroke(DIM);
        g.setLineWidth(1);
        g.setFill(DIM);
        g.setTextAlign(TextAlignment.LEFT);
        for (long sec = 0; Math.round(sec * rate.fps()) <= len; sec += step) {
            long frame = Math.round(sec * rate.fps());
            double x = Math.floor(x(frame)) + 0.5;
            g.strokeLine(x, RULER - 5, x, RULER);
            g.fillText(Slot.timecode(frame, rate).substring(3, 8), x + 2, RULER / 2 - 1);
        }
    }
}
