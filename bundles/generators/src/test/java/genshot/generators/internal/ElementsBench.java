package genshot.generators.internal;

import genshot.api.Cancellation;
import genshot.api.Progress;
import genshot.api.ShotRequest;
import genshot.api.ShotSpec;
import genshot.onnx.internal.OrtOnnxService;
import genshot.timeline.Rate;
import java.util.Locale;
import java.util.Map;

/** Frames per second of every look: {@code ElementsBench [width height frames]} (default 1920x1080, 24 frames). */
public final class ElementsBench {

    private ElementsBench() {
    }

    public static void main(String[] args) {
        int w = args.length > 1 ? Integer.parseInt(args[0]) : 1920;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 1080;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        ElementsGenerator g = new ElementsGenerator(onnx);
        for (ElementsLook look : ElementsLook.values()) {
            ShotRequest req = new ShotRequest("elements", "", "", 1, Map.of("look", look.id), "cpu");
            g.generate(req, new ShotSpec(Rate.FPS_24, w, h, 2, 0, "warm"), f -> { }, Progress.NONE,
                    Cancellation.NEVER);
            long t0 = System.nanoTime();
            g.generate(req, new ShotSpec(Rate.FPS_24, w, h, n, 0, "bench"), f -> { }, Progress.NONE,
                    Cancellation.NEVER);
            double s = (System.nanoTime() - t0) / 1e9;
            int[] in = ElementsGenerator.internalSize(look, w, h);
            System.out.printf(Locale.ROOT, "%-10s %dx%d (internal %dx%d): %5.1f frames/s, %5.1f ms/frame%n", look.id,
                    w, h, in[0], in[1], n / s, 1000 * s / n);
        }
        g.close();
    }
}
