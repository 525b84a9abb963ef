package genshot.generators.internal;

import genshot.api.Cancellation;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.ShotSpec;
import genshot.onnx.internal.OrtOnnxService;
import genshot.timeline.Rate;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Development aid: writes a few fog frames as PNG and prints frames per second at 640x360, 1280x720 and
 * 1920x1080. Usage: {@code FogPreview <dir> [seed] [prompt]}.
 */
public final class FogPreview {

    private FogPreview() {
    }

    public static void main(String[] args) throws Exception {
        File dir = new File(args.length > 0 ? args[0] : "target/fog-preview");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        String prompt = args.length > 2 ? args[2] : "";
        dir.mkdirs();
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        FogGenerator fog = new FogGenerator(onnx);
        ShotRequest req = new ShotRequest("fog", prompt, "", seed, Map.of(), "cpu");
        int[] keep = {0, 1, 48, 96};
        fog.generate(req, new ShotSpec(Rate.FPS_24, 640, 360, 97, 0, "preview"), f -> {
            for (int k : keep) {
                if (f.index() == k) {
                    BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
                    System.arraycopy(f.bgr(), 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, f.bgr().length);
                    try {
                        ImageIO.write(img, "png", new File(dir, "fog-" + seed + "-" + k + ".png"));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            }
        }, Progress.NONE, Cancellation.NEVER);
        int[][] sizes = {{640, 360}, {1280, 720}, {1920, 1080}};
        for (int[] s : sizes) {
            int frames = 48;
            fog.generate(req, new ShotSpec(Rate.FPS_24, s[0], s[1], 4, 0, "warm-up"), f -> { }, Progress.NONE, Cancellation.NEVER);
            long t0 = System.nanoTime();
            fog.generate(req, new ShotSpec(Rate.FPS_24, s[0], s[1], frames, 0, "bench"), f -> { }, Progress.NONE, Cancellation.NEVER);
            double sec = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%dx%d: %d frames in %.2f s = %.1f frames/s (internal %s, %d threads)%n", s[0], s[1], frames,
                    sec, frames / sec, java.util.Arrays.toString(FogGenerator.internalSize(s[0], s[1])),
                    Runtime.getRuntime().availableProcessors());
        }
        fog.close();
    }
}
