package genshot.core.internal;

import genshot.api.Cancellation;
import genshot.api.Frame;
import genshot.api.FrameSink;
import genshot.api.GeneratorInfo;
import genshot.api.Progress;
import genshot.api.ShotGenerator;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.generators.internal.SlugGenerator;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** The real slug with a half-transparent alpha plane: a plate, which a fill writes in an alpha format. */
final class SlugPlate implements ShotGenerator {
    static final byte ALPHA = (byte) 128;
    private final SlugGenerator slug = new SlugGenerator();
    /** Frames drawn into arrays the sink lent ({@link FrameSink#lend}: a fill's encoding pipeline lends its spares). */
    final AtomicLong lentFrames = new AtomicLong();

    @Override
    public GeneratorInfo info() {
        GeneratorInfo i = slug.info();
        return new GeneratorInfo("slug-plate", i.title(), i.description(), i.model(), i.modelFiles(), i.parameters(),
                i.devices());
    }

    @Override
    public boolean producesAlpha(ShotRequest request) {
        return true;
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                               Cancellation cancel) {
        return slug.generate(request, spec, f -> {
            Frame lent = sink.lend(f.index(), f.width(), f.height(), true);
            Frame out = lent != null ? lent : new Frame(f.index(), f.width(), f.height(), new byte[f.bgr().length],
                    new byte[f.width() * f.height()]);
            System.arraycopy(f.bgr(), 0, out.bgr(), 0, f.bgr().length);
            Arrays.fill(out.alpha(), ALPHA);
            if (lent != null) {
                lentFrames.incrementAndGet();
            }
            sink.accept(out);
        }, progress, cancel);
    }
}
