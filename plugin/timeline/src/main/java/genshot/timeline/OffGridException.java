package genshot.timeline;

/** A time that is not on the frame grid of a rate; never rounded silently. */
public final class OffGridException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final double seconds;
    private final transient Rate rate;

    public OffGridException(double seconds, Rate rate, double frames) {
        super(String.format(java.util.Locale.ROOT,
                "%s s is not on the frame grid of %s fps (it is frame %.4f)", seconds, rate, frames));
        this.seconds = seconds;
        this.rate = rate;
    }

    public double seconds() {
        return seconds;
    }

    public Rate rate() {
        return rate;
    }
}
