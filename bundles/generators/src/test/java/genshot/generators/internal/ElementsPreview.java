package genshot.generators.internal;

import genshot.api.Cancellation;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.ShotSpec;
import genshot.onnx.internal.OrtOnnxService;
import genshot.timeline.Rate;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes PNGs of every look (alpha looks composited over a checkerboard, and their alpha as grey) to look at:
 * {@code ElementsPreview <dir> [width height]}.
 */
public final class ElementsPreview {

    private ElementsPreview() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/elements-preview");
        int w = args.length > 2 ? Integer.parseInt(args[1]) : 640;
        int h = args.length > 2 ? Integer.parseInt(args[2]) : 360;
        String only = args.length > 3 ? args[3] : null;
        Files.createDirectories(dir);
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        ElementsGenerator g = new ElementsGenerator(onnx);
        for (ElementsLook look : ElementsLook.values()) {
            if (only != null && !only.contains(look.id)) {
                continue;
            }
            Map<String, String> p = new HashMap<>();
            p.put("look", look.id);
            ShotRequest req = new ShotRequest("elements", "", "", 7, p, "cpu");
            int[] k = {0};
            g.generate(req, new ShotSpec(Rate.FPS_24, w, h, 25, 0, "V1:1"), f -> {
                if (f.index() % 12 != 0) {
                    return;
                }
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                BufferedImage al = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = y * w + x;
                        int b = f.bgr()[3 * i] & 255, gg = f.bgr()[3 * i + 1] & 255, r = f.bgr()[3 * i + 2] & 255;
                        if (f.alpha() != null) {
                            int a = f.alpha()[i] & 255;
                            int bg = ((x / 16 + y / 16) & 1) == 0 ? 40 : 90;
                            r = (r * a + bg * (255 - a)) / 255;
                            gg = (gg * a + bg * (255 - a)) / 255;
                            b = (b * a + bg * (255 - a)) / 255;
                            al.setRGB(x, y, a * 0x010101);
                        }
                        img.setRGB(x, y, (r << 16) | (gg << 8) | b);
                    }
                }
                try {
                    ImageIO.write(img, "png", dir.resolve(look.id + "_" + f.index() + ".png").toFile());
                    if (f.alpha() != null && f.index() == 0) {
                        ImageIO.write(al, "png", dir.resolve(look.id + "_alpha.png").toFile());
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, Progress.NONE, Cancellation.NEVER);
        }
        g.close();
        System.out.println("wrote previews to " + dir);
    }
}
