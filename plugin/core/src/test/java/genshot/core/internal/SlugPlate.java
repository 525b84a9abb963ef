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

/** The real slug with a half-transparent alpha plane: a plate, which a fill writes in an alpha format. */
final class SlugPlate implements ShotGenerator {
    static final byte ALPHA = (byte) 128;
    private final SlugGenerator slug = new SlugGenerator();

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
            byte[] a = new byte[f.width() * f.height()];
            Arrays.fill(a, ALPHA);
            sink.accept(new Frame(f.index(), f.width(), f.height(), f.bgr(), a));
        }, progress, cancel);
    }
}
