package genshot.timeline;

/**
 * The shape of one pixel as a fraction width/height, in lowest terms: 1/1 for square pixels, 16/15 for PAL DV
 * 4:3, 4/3 for anamorphic HDV. A picture's display width is its pixel width times this.
 */
public record PixelAspect(long numerator, long denominator) {
    public static final PixelAspect SQUARE = new PixelAspect(1, 1);

    public PixelAspect {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("a pixel aspect must be positive: " + numerator + "/" + denominator);
        }
        long g = Rate.gcd(numerator, denominator);
        numerator /= g;
        denominator /= g;
    }

    public double value() {
        return (double) numerator / denominator;
    }

    public boolean isSquare() {
        return numerator == denominator;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
