package genshot.api;

/** Polled by long work between steps; {@link #check()} throws once cancel was asked. */
@FunctionalInterface
public interface Cancellation {
    Cancellation NEVER = () -> false;

    boolean isCancelled();

    default void check() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }
}
