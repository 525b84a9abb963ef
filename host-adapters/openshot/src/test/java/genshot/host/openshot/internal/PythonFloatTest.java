package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Python's float spelling: the short way for fractions as Python writes them agrees with the full one. */
class PythonFloatTest {

    @Test
    void fractionsAsWrittenAgreeWithTheirSpellingWithTrailingZeros() {
        Random rnd = new Random(7);
        for (int k = 0; k < 200_000; k++) {
            BigInteger unscaled = BigInteger.valueOf(rnd.nextLong() >> rnd.nextInt(63));
            BigDecimal v = new BigDecimal(unscaled, rnd.nextInt(40) - 20);
            // the same number with two more zeros at the end takes the full way
            String full = OspJson.pythonFloat(v.setScale(v.scale() + 2));
            assertEquals(full, OspJson.pythonFloat(v), v::toString);
        }
        assertEquals("1e-05", OspJson.pythonFloat(new BigDecimal("0.00001")));
        assertEquals("0.0001", OspJson.pythonFloat(new BigDecimal("0.0001")));
        assertEquals("-2.5", OspJson.pythonFloat(new BigDecimal("-2.50")));
        assertEquals("1234567890123456.8", OspJson.pythonFloat(new BigDecimal("1234567890123456.8")));
        assertEquals("1.2345678901234568e+16", OspJson.pythonFloat(new BigDecimal("12345678901234568.0")));
    }
}
