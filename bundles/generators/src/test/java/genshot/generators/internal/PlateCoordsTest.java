package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class PlateCoordsTest {

    @Test
    void eachPointIsItsPixelCentreWithXScaledByTheAspectAndOnlyTimeChanges() {
        int iw = 5, ih = 3;
        double aspect = 16 / 9.0;
        FloatBuffer c = PlateCoords.grid(iw, ih, aspect);
        assertEquals(iw * ih * 4, c.capacity());
        assertEquals(0, c.position(), "ready for the tensor to wrap");
        PlateCoords.time(c, 2.5f);
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                int i = (y * iw + x) * 4;
                assertEquals((float) ((x + 0.5) / iw * aspect), c.get(i), "x at " + x + "," + y);
                assertEquals((float) ((y + 0.5) / ih), c.get(i + 1), "y at " + x + "," + y);
                assertEquals(2.5f, c.get(i + 2), "t at " + x + "," + y);
                assertEquals(1f, c.get(i + 3), "w at " + x + "," + y);
            }
        }
        assertEquals(0, c.position(), "absolute writes only");
    }
}
