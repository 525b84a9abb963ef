package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import genshot.testkit.Frames;
import genshot.testkit.Melt;
import genshot.testkit.Tools;
import genshot.timeline.Rate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MltTime} against melt itself: a playlist of blanks, each of one time value, between one-frame red markers;
 * melt renders it and the markers' positions give the frames melt read for each value. Clock values on and off the
 * frame grid (a 25 fps project's times read at 29.97 fps, where MLT floors hours and minutes apart from the seconds),
 * minutes-and-seconds, commas, integers with a fraction, SMPTE with {@code :} and {@code ;}.
 */
class MltTimeMeltTest {
    @TempDir
    Path dir;

    static final List<String> VALUES = List.of("00:01:00.480", "00:01:00.460", "00:01:00.440", "01:00.480",
            "00:00:01.210", "00:00:00.016", "00:00:00.017", "00:00:00.050", "00:02:03.123", "00:00:33.366",
            "00:00:02,500", "1.5", "7", "00:00:02", "00:00:01:10", "00:01:00;02", "00:01:05:07", "00:00:59.999",
            "00:03:00.580", "00:03:00.601");

    @Test
    void framesAsMeltReadsThemAt2997() throws Exception {
        check(Rate.FPS_29_97, VALUES);
    }

    @Test
    void framesAsMeltReadsThemAt23976And25() throws Exception {
        List<String> values = new ArrayList<>(VALUES);
        // a 29.97 fps project's times read at 23.976 and 25
        for (long f : new long[] {1, 17, 1799, 1801, 1850}) {
            values.add(genshot.testkit.ProjectFixtures.mltClock(f, Rate.FPS_29_97));
        }
        check(Rate.FPS_23_976, values);
        check(Rate.FPS_25, values);
    }

    private void check(Rate rate, List<String> values) throws Exception {
        Tools.assumeOrRequire(Melt.programs());
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<mlt LC_NUMERIC=\"C\">\n"
                + " <profile frame_rate_num=\"" + rate.numerator() + "\" frame_rate_den=\"" + rate.denominator()
                + "\" width=\"64\" height=\"36\" progressive=\"1\" sample_aspect_num=\"1\" sample_aspect_den=\"1\""
                + " display_aspect_num=\"16\" display_aspect_den=\"9\" colorspace=\"709\"/>\n"
                + " <producer id=\"red\"><property name=\"resource\">0xff0000ff</property>"
                + "<property name=\"mlt_service\">color</property><property name=\"length\">100000</property></producer>\n"
                + " <playlist id=\"p\">\n  <entry producer=\"red\" in=\"0\" out=\"0\"/>\n");
        long total = 1;
        for (String v : values) {
            xml.append("  <blank length=\"").append(v).append("\"/>\n  <entry producer=\"red\" in=\"0\" out=\"0\"/>\n");
            total += MltTime.parse(v, rate) + 1;
        }
        xml.append(" </playlist>\n</mlt>\n");
        Path file = dir.resolve("times-" + rate.numerator() + ".mlt");
        Files.writeString(file, xml, StandardCharsets.UTF_8);

        List<byte[]> frames = Melt.renderFrames(file, total, Frames.W, Frames.H);
        List<Integer> markers = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            double[] c = Frames.meanColour(frames.get(i));
            if (c[0] > 150 && c[1] < 80) {
                markers.add(i);
            }
        }
        List<String> want = new ArrayList<>();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            want.add(values.get(i) + "=" + MltTime.parse(values.get(i), rate));
            got.add(values.get(i) + "=" + (i + 1 < markers.size() ? markers.get(i + 1) - markers.get(i) - 1 : "?"));
        }
        assertEquals(values.size() + 1, markers.size(), "one marker before and after each value at " + rate);
        assertEquals(want, got, "genshot reads each time as melt does at " + rate);
    }
}
