package genshot.api;

/** Receives frames one at a time, in order. */
@FunctionalInterface
public interface FrameSink {
    void accept(Frame frame);
}
