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
}
