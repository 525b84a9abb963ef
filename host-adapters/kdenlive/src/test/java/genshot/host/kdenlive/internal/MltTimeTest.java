package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import genshot.timeline.Rate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MltTimeTest {

    @Test
    void integersClockAndSmpte() {
        assertEquals(50, MltTime.parse("50", Rate.FPS_25));
        assertEquals(49, MltTime.parse("00:00:01.960", Rate.FPS_25));
        assertEquals(30125, MltTime.parse("00:20:05.000", Rate.FPS_25));
        assertEquals(125, MltTime.parse("00:00:05:00", Rate.FPS_25));
        assertEquals(24, MltTime.parse("00:00:00:24", Rate.FPS_25));
        assertEquals(30, MltTime.parse("00:00:01:00", Rate.FPS_29_97));
        // drop-frame: 00:01:00;02 is frame 1800 at 29.97
        assertEquals(1800, MltTime.parse("00:01:00;02", Rate.FPS_29_97));
        assertEquals(17982, MltTime.parse("00:10:00;00", Rate.FPS_29_97));
        // no colon: an integer, as C's strtol reads it (melt plays "1.5" as frame 1)
        assertEquals(1, MltTime.parse("1.0", Rate.FPS_25));
        assertEquals(1, MltTime.parse("1.5", Rate.FPS_25));
        // a 25 fps clock value read at 29.97: hours and minutes floored apart from the seconds
        assertEquals(1812, MltTime.parse("00:01:00.480", Rate.FPS_29_97));
        assertThrows(IllegalArgumentException.class, () -> MltTime.parse("soon", Rate.FPS_25));
        assertThrows(IllegalArgumentException.class, () -> MltTime.parse("", Rate.FPS_25));
    }

    /** MLT writes clock values its own way (ProjectFixtures.mltClock); reading one back gives the same frame. */
    @Test
    void clockStringsWrittenLikeMltReadBackExactly() {
        for (Rate r : new Rate[] {Rate.FPS_25, Rate.FPS_29_97, Rate.FPS_23_976, Rate.FPS_59_94, Rate.FPS_60}) {
            for (long f = 0; f < 200_000; f += 41) {
                String clock = genshot.testkit.ProjectFixtures.mltClock(f, r);
                assertEquals(f, MltTime.parse(clock, r), clock + " at " + r);
                assertEquals(false, MltTime.offGrid(clock, r), clock + " at " + r + " is on the grid");
            }
        }
    }
}
