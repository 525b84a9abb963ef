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

/** Decoded frames to JavaFX images (box-filtered down to a size), and images to PNG files; no Swing needed. */
final class Images {
    private Images() {
    }

    /** The frame scaled down (never up) to fit {@code maxW x maxH}, keeping its shape. Any thread. */
    static WritableImage fit(Frame f, int maxW, int maxH) {
        int w = f.width();
        int h = f.height();
        double scale = Math.min(1.0, Math.min((double) maxW / w, (double) maxH / h));
        int ow = Math.max(1, (int) Math.round(w * scale));
        int oh = Math.max(1, (int) Math.round(h * scale));
        byte[] bgr = f.bgr();
        int[] argb = new int[ow * oh];
        for (int oy = 0; oy < oh; oy++) {
            int y0 = (int) ((long) oy * h / oh);
            int y1 = Math.max(y0 + 1, (int) ((long) (oy + 1) * h / oh));
            for (int ox = 0; ox < ow; ox++) {
                int x0 = (int) ((long) ox * w / ow);
                int x1 = Math.max(x0 + 1, (int) ((long) (ox + 1) * w / ow));
                int b = 0;
                int g = 0;
                int r = 0;
                int n = 0;
                for (int y = y0; y < y1; y++) {
                    int i = (y * w + x0) * 3;
                    for (int x = x0; x < x1; x++, i += 3) {
                        b += bgr[i] & 0xff;
                        g += bgr[i + 1] & 0xff;
                        r += bgr[i + 2] & 0xff;
                        n++;
                    }
                }
                argb[oy * ow + ox] = 0xff000000 | (r / n) << 16 | (g / n) << 8 | (b / n);
            }
        }
        WritableImage img = new WritableImage(ow, oh);
        img.getPixelWriter().setPixels(0, 0, ow, oh, PixelFormat.getIntArgbInstance(), argb, 0, ow);
        return img;
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
