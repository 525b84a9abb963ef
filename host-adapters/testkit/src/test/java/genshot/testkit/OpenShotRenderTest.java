package genshot.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A crash of libopenshot is run again once: one that comes back is judged, one that does not is named. */
class OpenShotRenderTest {
    private static final Path OSP = Path.of("plate.osp");

    private static String render(List<String> outputs, List<String> ran) {
        Iterator<String> it = outputs.iterator();
        return OpenShotRender.againAfterACrash(() -> {
            String o = it.next();
            ran.add(o);
            return o;
        }, Function.identity(), OSP);
    }

    @Test
    void aCleanRenderRunsOnce() {
        List<String> ran = new ArrayList<>();
        assertEquals("GENSHOT-OK clips=2 of 2 frames=30", render(List.of("GENSHOT-OK clips=2 of 2 frames=30",
                "never"), ran));
        assertEquals(1, ran.size());
    }

    @Test
    void aCrashThatDoesNotComeBackGivesTheSecondRun() {
        List<String> ran = new ArrayList<>();
        assertEquals("GENSHOT-OK clips=2 of 2 frames=30", render(List.of(
                "*** stack smashing detected ***: terminated\nCaught signal 6 (SIGABRT)",
                "GENSHOT-OK clips=2 of 2 frames=30"), ran));
        assertEquals(2, ran.size());
    }

    @Test
    void aCrashThatComesBackIsHandedOnToBeJudgedAndNotRunAThirdTime() {
        List<String> ran = new ArrayList<>();
        String crash = "Caught signal 11 (SIGSEGV)";
        assertEquals(crash + " again", render(List.of(crash, crash + " again", "never"), ran));
        assertEquals(2, ran.size());
        assertTrue(OpenShotRender.FAILURE_MARKS.contains(OpenShotRender.CRASH),
                "and renderFrames fails on it");
    }

    @Test
    void otherFailuresAreNotRunAgain() {
        List<String> ran = new ArrayList<>();
        assertEquals("GENSHOT-FAIL load: RuntimeError bad", render(List.of("GENSHOT-FAIL load: RuntimeError bad",
                "GENSHOT-OK"), ran));
        assertEquals(1, ran.size());
    }
}
