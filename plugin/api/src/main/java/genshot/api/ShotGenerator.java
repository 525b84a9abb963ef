package genshot.api;

/** Makes the frames of a shot, streaming them into a sink at the spec's size and count. */
public interface ShotGenerator {

    GeneratorInfo info();

    /**
     * Generates exactly {@code spec.frames()} frames of {@code spec.width() x spec.height()} into the sink.
     * The same request, spec and device give the same frames. Cancel is honoured between frames.
     *
     * @throws GenshotException when the request cannot be met (e.g. no GPU for "cuda")
     */
    ShotResult generate(ShotRequest request, ShotSpec spec, FrameSink sink, Progress progress, Cancellation cancel);

    /**
     * The same, with the clips around the shot; generators that use them (bridge, img2img) override this one. By
     * default the context is ignored.
     */
    default ShotResult generate(ShotRequest request, ShotSpec spec, ShotContext context, FrameSink sink,
                                Progress progress, Cancellation cancel) {
        return generate(request, spec, sink, progress, cancel);
    }
}
