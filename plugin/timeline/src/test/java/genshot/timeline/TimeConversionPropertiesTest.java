package genshot.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class TimeConversionPropertiesTest {

    @Provide
    Arbitrary<Rate> rates() {
        return Arbitraries.of(Rate.FPS_23_976, Rate.FPS_24, Rate.FPS_25, Rate.FPS_29_97, Rate.FPS_30,
                Rate.FPS_50, Rate.FPS_59_94, Rate.FPS_60, new Rate(120000, 1001));
    }

    @Property
    void secondsBackToFramesIsExact(@ForAll("rates") Rate rate, @ForAll @LongRange(min = 0, max = 10_000_000) long frames) {
        assertEquals(frames, rate.framesAt(rate.secondsOf(frames), 1e-6));
    }

    @Property
    void timecodeRoundTrips(@ForAll("rates") Rate rate, @ForAll @LongRange(min = 0, max = 24L * 3600 * 60) long frames) {
        RationalTime t = new RationalTime(frames, rate);
        assertEquals(t, RationalTime.parseTimecode(t.toTimecode(), rate));
    }

    @Property
    void rescaleToMultipleRateAndBack(@ForAll("rates") Rate rate, @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long frames) {
        Rate doubled = new Rate(rate.numerator() * 2, rate.denominator());
        RationalTime t = new RationalTime(frames, rate);
        RationalTime up = t.rescaledTo(doubled);
        assertEquals(frames * 2, up.frames());
        assertEquals(t, up.rescaledTo(rate));
        assertEquals(0, t.compareTo(up));
    }

    @Property
    void oddFramesDoNotFitAHalfRate(@ForAll("rates") Rate rate, @ForAll @LongRange(min = 0, max = 1_000_000) long half) {
        Rate doubled = new Rate(rate.numerator() * 2, rate.denominator());
        RationalTime odd = new RationalTime(half * 2 + 1, doubled);
        assertThrows(OffGridException.class, () -> odd.rescaledTo(rate));
    }

    @Property
    void timesBetweenFramesAreReportedNotRounded(@ForAll("rates") Rate rate, @ForAll @LongRange(min = 0, max = 1_000_000) long frames) {
        double between = rate.secondsOf(frames) + rate.secondsOf(1) / 2;
        assertThrows(OffGridException.class, () -> rate.framesAt(between, 1e-3));
    }

    @Property
    void ratesAreKeptInLowestTerms(@ForAll @LongRange(min = 1, max = 100_000) long num,
                                   @ForAll @LongRange(min = 1, max = 10_000) long den,
                                   @ForAll @LongRange(min = 1, max = 50) long k) {
        Rate a = new Rate(num, den);
        Rate b = new Rate(num * k, den * k);
        assertEquals(a, b);
        assertEquals(a, Rate.parse(b.toString()));
        assertEquals(1, Rate.gcd(a.numerator(), a.denominator()));
    }
}
