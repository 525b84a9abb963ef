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
 * Development aid: writes a few fog frames as PNG (640x360 frames 0, 1, 48 and 96, and a 640x360 crop of a 1920x1080
 * frame at 100 %), prints the motion (RMSE of the first against the last frame, mean difference of consecutive
 * frames, both in % of full scale) and frames per second at 640x360, 1280x720 and 1920x1080.
 * Usage: {@code FogPreview <dir> [seed] [prompt] [bench=true]}.
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
        byte[][] firstPrev = new byte[2][];
        double[] motion = new double[3];
        fog.generate(req, new ShotSpec(Rate.FPS_24, 640, 360, 97, 0, "preview"), f -> {
            if (firstPrev[0] == null) {
                firstPrev[0] = f.bgr().clone();
            } else {
                motion[0] += FogGeneratorTest.diff(firstPrev[1], f.bgr());
                motion[1]++;
            }
            if (f.index() == 96) {
                motion[2] = FogGeneratorTest.rmse(firstPrev[0], f.bgr());
            }
            firstPrev[1] = f.bgr().clone();
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
        System.out.printf("motion over 4 s: first vs last RMSE %.1f %%, consecutive frames %.2f %%%n",
                100 * motion[2] / 255, 100 * motion[0] / motion[1] / 255);
        fog.generate(req, new ShotSpec(Rate.FPS_24, 1920, 1080, 1, 0, "crop"), f -> {
            BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_3BYTE_BGR);
            byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < 360; y++) {
                System.arraycopy(f.bgr(), ((y + 360) * 1920 + 640) * 3, d, y * 640 * 3, 640 * 3);
            }
            try {
                ImageIO.write(img, "png", new File(dir, "fog-" + seed + "-1080p-crop.png"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, Progress.NONE, Cancellation.NEVER);
        if (args.length > 3 && !Boolean.parseBoolean(args[3])) {
            fog.close();
            return;
        }
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
