package genshot.diffusion.internal;

import java.io.IOException;
import java.nio.file.Path;

/** For other modules' tests (through this module's test jar): writes a tiny, weightless model pack. */
public final class TinyPackFixture {
    private TinyPackFixture() {
    }

    /** A pack in Optimum's layout (int64 ids, rank-0 timestep, out_sample, fp32) that runs on the CPU. */
    public static Path optimum(Path dir) throws IOException {
        return TinyPacks.write(dir, TinyPacks.Variant.OPTIMUM);
    }

    /** A video pack (AnimateDiff layout: 5-D latents, open frame axis) that runs on the CPU. */
    public static Path animateDiff(Path dir) throws IOException {
        return TinyPacks.writeVideo(dir, TinyPacks.Video.open());
    }
}
