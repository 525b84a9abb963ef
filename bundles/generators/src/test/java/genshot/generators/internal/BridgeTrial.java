package genshot.generators.internal;

import genshot.api.Cancellation;
import genshot.api.Progress;
import genshot.api.ShotContext;
import genshot.api.ShotContext.Neighbour;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.media.internal.HumbleMediaDecoder;
import genshot.timeline.Rate;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * One gap cut out of a camera move over a {@link BridgeWorld}: the clip before (frames {@code 0..clip-1}) and the
 * clip after (from {@code clip + gap}) encoded with the real encoder, the bridge run on them through the real
 * decoder, and its frames scored against the true frames of the gap, beside a plain dissolve of the two cut
 * frames (as decoded) and, on request, ffmpeg's motion-compensated {@code minterpolate} of the same two frames:
 * as it comes ({@link #MINTERPOLATE}) and with its scene-change detection off ({@link #MINTERPOLATE_NO_SCD}).
 */
final class BridgeTrial {
    static final Rate RATE = Rate.FPS_25;
    /** Pixels left out at each edge when scoring (the codec's edge blocks). */
    static final int BORDER = 4;
    /** Tiles per side for the worst-tile score. */
    static final int TILES = 4;

    /** Scores of one method: mean, worst frame and worst tile of any frame (PSNR, dB). */
    record Score(double mean, double worstFrame, double worstTile) {
    }

    /** What the trial found. */
    record Result(Score bridge, Score dissolve, Score minterpolate, Score minterpolateNoScd, ShotResult shot,
                  List<byte[]> frames, List<byte[]> truth, byte[] a, byte[] b) {
    }

    private BridgeTrial() {
    }

    static ShotContext context(BridgeWorld world, int gap, int clip, Path dir) {
        String name = world.move.name() + "-" + world.w + "-" + gap;
        Path before = world.encode(0, clip, RATE, dir.resolve(name + "-before.mp4"));
        Path after = world.encode(clip + gap, clip, RATE, dir.resolve(name + "-after.mp4"));
        return new ShotContext(new Neighbour(before, clip - 1, clip, 1), new Neighbour(after, 0, clip, 1));
    }

    static Result run(BridgeGenerator bridge, HumbleMediaDecoder decoder, BridgeWorld world, int gap, int clip,
                      Map<String, String> params, boolean minterpolate, Path dir) {
        ShotContext ctx = context(world, gap, clip, dir);
        return run(bridge, decoder, world, gap, clip, ctx, params, minterpolate, dir);
    }

    static Result run(BridgeGenerator bridge, HumbleMediaDecoder decoder, BridgeWorld world, int gap, int clip,
                      ShotContext ctx, Map<String, String> params, boolean minterpolate, Path dir) {
        int w = world.w;
        int h = world.h;
        List<byte[]> got = new ArrayList<>();
        ShotResult r = bridge.generate(new ShotRequest("bridge", "", "", 0, params, "cpu"),
                new ShotSpec(RATE, w, h, gap, 100, "V1:2"), ctx, f -> got.add(f.bgr().clone()), Progress.NONE,
                Cancellation.NEVER);
        byte[] a = decoded(decoder, ctx.before());
        byte[] b = decoded(decoder, ctx.after());
        List<byte[]> truth = new ArrayList<>();
        List<byte[]> dis = new ArrayList<>();
        for (int i = 0; i < gap; i++) {
            truth.add(world.frame(clip + i));
            dis.add(BridgeFixtures.dissolve(a, b, (i + 1.0) / (gap + 1)));
        }
        Score mi = minterpolate ? score(minterpolate(a, b, w, h, gap, dir), truth, w, h) : null;
        Score mn = minterpolate ? score(minterpolate(a, b, w, h, gap, dir, MINTERPOLATE_NO_SCD), truth, w, h) : null;
        return new Result(score(got, truth, w, h), score(dis, truth, w, h), mi, mn, r, got, truth, a, b);
    }

    static byte[] decoded(HumbleMediaDecoder decoder, Neighbour n) {
        byte[][] got = new byte[1][];
        decoder.decode(n.media(), n.cutFrame(), 1, f -> got[0] = f.bgr().clone());
        return got[0];
    }

    static Score score(List<byte[]> frames, List<byte[]> truth, int w, int h) {
        double sum = 0;
        double worst = Double.MAX_VALUE;
        double worstTile = Double.MAX_VALUE;
        for (int i = 0; i < frames.size(); i++) {
            double p = BridgeFixtures.psnr(frames.get(i), truth.get(i), w, h, BORDER);
            sum += p;
            worst = Math.min(worst, p);
            int tw = (w - 2 * BORDER) / TILES;
            int th = (h - 2 * BORDER) / TILES;
            for (int ty = 0; ty < TILES; ty++) {
                for (int tx = 0; tx < TILES; tx++) {
                    worstTile = Math.min(worstTile, psnr(frames.get(i), truth.get(i), w, BORDER + tx * tw,
                            BORDER + ty * th, BORDER + (tx + 1) * tw, BORDER + (ty + 1) * th));
                }
            }
        }
        return new Score(sum / frames.size(), worst, worstTile);
    }

    /** PSNR over the rectangle {@code [x0, x1) x [y0, y1)}. */
    static double psnr(byte[] a, byte[] e, int w, int x0, int y0, int x1, int y1) {
        double sum = 0;
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double d = (a[o + c] & 255) - (e[o + c] & 255);
                    sum += d * d;
                    n++;
                }
            }
        }
        double mse = sum / n;
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /**
     * ffmpeg's minterpolate between the two cut frames: both written as PNG, read as a clip at {@code 25 / (gap +
     * 1)} frames a second (the second frame twice, so that the clip lasts past it), interpolated to 25 (the
     * command in {@link #MINTERPOLATE}), and the {@code gap} frames after the first read back.
     */
    static List<byte[]> minterpolate(byte[] a, byte[] b, int w, int h, int gap, Path dir) {
        return minterpolate(a, b, w, h, gap, dir, MINTERPOLATE);
    }

    /** As {@link #minterpolate(byte[], byte[], int, int, int, Path)} with the filter chain {@code filter}. */
    static List<byte[]> minterpolate(byte[] a, byte[] b, int w, int h, int gap, Path dir, String filter) {
        try {
            Path d = Files.createTempDirectory(dir, "mi");
            write(a, w, h, d.resolve("in1.png"));
            write(b, w, h, d.resolve("in2.png"));
            write(b, w, h, d.resolve("in3.png"));
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-framerate",
                    "25/" + (gap + 1), "-i", d.resolve("in%d.png").toString(), "-vf", filter, "-pix_fmt",
                    "rgb24", d.resolve("out%03d.png").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + log);
            }
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < gap; i++) {
                // out001.png is the first frame (A itself)
                out.add(read(d.resolve(String.format("out%03d.png", i + 2)), w, h));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The filter chain given to ffmpeg: 4:4:4 so that colour is not subsampled, then minterpolate to 25 fps. */
    static final String MINTERPOLATE = "format=yuv444p,minterpolate=fps=25:mi_mode=mci:mc_mode=aobmc:me_mode=bidir";

    /**
     * The same with minterpolate's scene-change detection off ({@code scd=none}). By default ({@code scd=fdiff})
     * it takes two frames that differ by more than its threshold for a cut, and every in-between frame is then a
     * copy of the nearer of the two (no interpolation): on long gaps, where the two cut frames lie far apart, it
     * does that, which is fast and scores below a dissolve. Without it, every in-between frame is interpolated
     * along its motion vectors: its true motion-compensated interpolation, and its cost.
     */
    static final String MINTERPOLATE_NO_SCD = MINTERPOLATE + ":scd=none";

    static void write(byte[] bgr, int w, int h, Path file) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                img.setRGB(x, y, (bgr[o + 2] & 255) << 16 | (bgr[o + 1] & 255) << 8 | bgr[o] & 255);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    static byte[] read(Path file, int w, int h) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null || img.getWidth() != w || img.getHeight() != h) {
            throw new IllegalStateException("unexpected picture " + file);
        }
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int o = (y * w + x) * 3;
                out[o] = (byte) rgb;
                out[o + 1] = (byte) (rgb >> 8);
                out[o + 2] = (byte) (rgb >> 16);
            }
        }
        return out;
    }
}
