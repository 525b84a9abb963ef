package genshot.panel.internal;

import genshot.api.Frame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Decoded frames to JavaFX images (box-filtered down to a size; plates with alpha over a checkerboard), and images
 * to PNG files; no Swing needed.
 */
final class Images {
    private Images() {
    }

    /** The side of the checkerboard's squares, in pixels of the picture shown. */
    static final int CHECK = 8;
    /** The checkerboard's two greys, as image editors show transparency (darker, for the dark theme). */
    static final int CHECK_LIGHT = 0x6e;
    static final int CHECK_DARK = 0x4a;

    /**
     * The frame scaled down (never up) to fit {@code maxW x maxH}, keeping its shape. A frame with an alpha plane (a
     * plate: smoke, snow) is composited over a checkerboard, as it would be over the track below, so that its
     * transparent parts show as transparent instead of as the colour its encoder kept there. Any thread.
     */
    static WritableImage fit(Frame f, int maxW, int maxH) {
        return fit(f, maxW, maxH, null);
    }

    /**
     * The same, with a plate composited over {@code under} (what the tracks below show there, stretched to the
     * plate's size) instead of the checkerboard; {@code under} null: the checkerboard.
     */
    static WritableImage fit(Frame f, int maxW, int maxH, Frame under) {
        int w = f.width();
        int h = f.height();
        double scale = Math.min(1.0, Math.min((double) maxW / w, (double) maxH / h));
        int ow = Math.max(1, (int) Math.round(w * scale));
        int oh = Math.max(1, (int) Math.round(h * scale));
        int[] argb = scaled(f, ow, oh, under == null || f.alpha() == null ? null : backdrop(under, ow, oh));
        WritableImage img = new WritableImage(ow, oh);
        img.getPixelWriter().setPixels(0, 0, ow, oh, PixelFormat.getIntArgbInstance(), argb, 0, ow);
        return img;
    }

    private record Backdrop(Frame frame, int width, int height, int[] argb) {
    }

    /** The last backdrop scaled: playback shows every frame of a take over the same one. */
    private static final java.util.concurrent.atomic.AtomicReference<Backdrop> LAST =
            new java.util.concurrent.atomic.AtomicReference<>();

    private static int[] backdrop(Frame under, int ow, int oh) {
        Backdrop b = LAST.get();
        if (b == null || b.frame() != under || b.width() != ow || b.height() != oh) {
            b = new Backdrop(under, ow, oh, scaled(under, ow, oh, null));
            LAST.set(b);
        }
        return b.argb();
    }

    /** A frame box-filtered to {@code ow x oh}, its alpha composited over {@code under} (ARGB) or the checkerboard. */
    private static int[] scaled(Frame f, int ow, int oh, int[] under) {
        int w = f.width();
        int h = f.height();
        byte[] bgr = f.bgr();
        byte[] alpha = f.alpha();
        int[] argb = new int[ow * oh];
        for (int oy = 0; oy < oh; oy++) {
            int y0 = (int) ((long) oy * h / oh);
            int y1 = Math.max(y0 + 1, (int) ((long) (oy + 1) * h / oh));
            for (int ox = 0; ox < ow; ox++) {
                int x0 = (int) ((long) ox * w / ow);
                int x1 = Math.max(x0 + 1, (int) ((long) (ox + 1) * w / ow));
                int n = (y1 - y0) * (x1 - x0);
                long b = 0;
                long g = 0;
                long r = 0;
                long a;
                if (alpha == null) {
                    int sb = 0;
                    int sg = 0;
                    int sr = 0;
                    for (int y = y0; y < y1; y++) {
                        for (int i = (y * w + x0) * 3, end = (y * w + x1) * 3; i < end; i += 3) {
                            sb += bgr[i] & 0xff;
                            sg += bgr[i + 1] & 0xff;
                            sr += bgr[i + 2] & 0xff;
                        }
                    }
                    argb[oy * ow + ox] = 0xff000000 | (sr + n / 2) / n << 16 | (sg + n / 2) / n << 8 | (sb + n / 2) / n;
                    continue;
                }
                int sa = 0;
                for (int y = y0; y < y1; y++) {
                    int p = y * w + x0;
                    int i = p * 3;
                    for (int x = x0; x < x1; x++, i += 3, p++) {
                        // premultiplied: a transparent pixel's colour does not bleed into its neighbours
                        int k = alpha[p] & 0xff;
                        b += (bgr[i] & 0xff) * k;
                        g += (bgr[i + 1] & 0xff) * k;
                        r += (bgr[i + 2] & 0xff) * k;
                        sa += k;
                    }
                }
                a = sa;
                // over the background: c = premultiplied colour + (1 - alpha) * background
                int ur;
                int ug;
                int ub;
                if (under != null) {
                    int u = under[oy * ow + ox];
                    ur = u >> 16 & 0xff;
                    ug = u >> 8 & 0xff;
                    ub = u & 0xff;
                } else {
                    ur = checker(ox, oy);
                    ug = ur;
                    ub = ur;
                }
                long rest = 255L * n - a;
                int rr = (int) ((r + rest * ur + 255L * n / 2) / (255L * n));
                int gg = (int) ((g + rest * ug + 255L * n / 2) / (255L * n));
                int bb = (int) ((b + rest * ub + 255L * n / 2) / (255L * n));
                argb[oy * ow + ox] = 0xff000000 | rr << 16 | gg << 8 | bb;
            }
        }
        return argb;
    }

    /** The frame box-filtered down (never up) to fit {@code maxW x maxH}, as an opaque frame: kept as a backdrop. */
    static Frame shrink(Frame f, int maxW, int maxH) {
        double scale = Math.min(1.0, Math.min((double) maxW / f.width(), (double) maxH / f.height()));
        int ow = Math.max(1, (int) Math.round(f.width() * scale));
        int oh = Math.max(1, (int) Math.round(f.height() * scale));
        int[] argb = scaled(f, ow, oh, null);
        byte[] bgr = new byte[ow * oh * 3];
        for (int i = 0; i < argb.length; i++) {
            bgr[3 * i] = (byte) argb[i];
            bgr[3 * i + 1] = (byte) (argb[i] >> 8);
            bgr[3 * i + 2] = (byte) (argb[i] >> 16);
        }
        return new Frame(f.index(), ow, oh, bgr);
    }

    /** The grey of the checkerboard at a pixel of the picture shown. */
    static int checker(int x, int y) {
        return ((x / CHECK) + (y / CHECK)) % 2 == 0 ? CHECK_LIGHT : CHECK_DARK;
    }

    /** Writes an image as PNG (creating the folder). */
    static void writePng(Image image, Path file) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        PixelReader reader = image.getPixelReader();
        reader.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (!ImageIO.write(out, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
