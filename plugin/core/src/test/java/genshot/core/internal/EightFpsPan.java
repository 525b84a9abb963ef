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
import java.util.List;
import java.util.Map;

/**
 * A generator that, like a video model, works at its own frame count: a third of the shot's frames (a pan at
 * "8 fps" for a 24-25 fps timeline), so the workflow must retime it.
 */
final class EightFpsPan implements ShotGenerator {

    @Override
    public GeneratorInfo info() {
        return new GeneratorInfo("pan8", "Pan at 8 fps", "a smooth texture panning, a third of the frames", null,
                Map.of(), Map.of(), List.of("cpu"));
    }

    @Override
    public ShotSpec nativeSpec(ShotRequest request, ShotSpec target) {
        return new ShotSpec(target.rate(), target.width(), target.height(), (target.frames() + 2) / 3,
                target.timelineStart(), target.label(), target.pixelAspect());
    }

    @Override
    public ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress,
                               Cancellation cancel) {
        for (int i = 0; i < spec.frames(); i++) {
            sink.accept(new Frame(i, spec.width(), spec.height(), ConformTest.pan(spec.width(), spec.height(),
                    i * 7.6)));
        }
        return new ShotResult("cpu", Map.of());
    }
}
