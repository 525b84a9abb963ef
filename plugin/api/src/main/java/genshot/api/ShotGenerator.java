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
     * Whether the frames for this request carry an alpha plane (a plate to composite: smoke, snow, light leaks).
     * The take is then written in a format with alpha. By default, no.
     */
    default boolean producesAlpha(ShotRequest request) {
        return false;
    }

    /**
     * The same, knowing what is around and under the shot: a plate that is opaque on its own but can be laid over
     * footage (fog) says yes when {@link ShotContext#hasFootageBelow()}. The workflow asks this one; by default it
     * is {@link #producesAlpha(ShotRequest)}.
     *
     * @since 1.2
     */
    default boolean producesAlpha(ShotRequest request, ShotContext context) {
        return producesAlpha(request);
    }

    /**
     * The frames this generator will really make for {@code target}: by default exactly the target. A model that
     * works at its own size or frame count returns that (e.g. 512x512, 16 frames), and the workflow conforms its
     * frames to the target: scaled (crop, letterbox or stretch, by the request's {@code fit} parameter) and retimed
     * (frame blending) so that the take still fills the gap exactly.
     */
    default ShotSpec nativeSpec(ShotRequest request, ShotSpec target) {
        return target;
    }

    /**
     * The same, with the clips around the shot; generators that use them (bridge, img2img) override this one. By
     * default the context is ignored.
     */
    default ShotResult generate(ShotRequest request, ShotSpec spec, ShotContext context, FrameSink sink,
                                Progress progress, Cancellation cancel) {
        return generate(request, spec, sink, progress, cancel);
    }
}
