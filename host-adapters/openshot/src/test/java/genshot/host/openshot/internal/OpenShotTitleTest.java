package genshot.host.openshot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** openshot-qt 2.6.1's main-window title, {@code "%s %s [%s] - %s" % (indicator, name, profile, app)}. */
class OpenShotTitleTest {

    @Test
    void savedAndUnsavedForms() {
        OpenShotTitle saved = OpenShotTitle.parse(" sample [HD 720p 25 fps] - OpenShot Video Editor").orElseThrow();
        assertEquals(new OpenShotTitle("sample", "HD 720p 25 fps", false), saved);
        OpenShotTitle unsaved = OpenShotTitle.parse("* sample [HD 720p 25 fps] - OpenShot Video Editor").orElseThrow();
        assertEquals(new OpenShotTitle("sample", "HD 720p 25 fps", true), unsaved);
    }

    @Test
    void namesWithSpacesAndBrackets() {
        assertEquals(new OpenShotTitle("my holiday cut", "640x360 25 fps", true),
                OpenShotTitle.parse("* my holiday cut [640x360 25 fps] - OpenShot Video Editor").orElseThrow());
        assertEquals(new OpenShotTitle("take [2] final", "HD 1080p 30 fps", false),
                OpenShotTitle.parse(" take [2] final [HD 1080p 30 fps] - OpenShot Video Editor").orElseThrow());
        assertTrue(OpenShotTitle.shows(" take [2] final [HD 1080p 30 fps] - OpenShot Video Editor", "take [2] final"));
        assertFalse(OpenShotTitle.shows(" take [2] final [HD 1080p 30 fps] - OpenShot Video Editor", "take"));
        // a saved project whose own name starts with '*': the indicator is empty, the format's space comes first
        assertEquals(new OpenShotTitle("*draft", "HD 720p 25 fps", false),
                OpenShotTitle.parse(" *draft [HD 720p 25 fps] - OpenShot Video Editor").orElseThrow());
        assertEquals(new OpenShotTitle("*draft", "HD 720p 25 fps", true),
                OpenShotTitle.parse("* *draft [HD 720p 25 fps] - OpenShot Video Editor").orElseThrow());
        // a window system that trims the leading space
        assertEquals(new OpenShotTitle("sample", "HD", false),
                OpenShotTitle.parse("sample [HD] - OpenShot Video Editor").orElseThrow());
    }

    @Test
    void otherWindowsAreNotMainWindows() {
        assertEquals(Optional.empty(), OpenShotTitle.parse("openshot"));
        assertEquals(Optional.empty(), OpenShotTitle.parse("Qt Selection Owner for openshot-qt"));
        assertEquals(Optional.empty(), OpenShotTitle.parse("Missing File (A.mp4)"));
        assertEquals(Optional.empty(), OpenShotTitle.parse(" sample - OpenShot Video Editor"));
        assertEquals(Optional.empty(), OpenShotTitle.parse(null));
        // the title before a project was saved: a main window, but no project's name
        OpenShotTitle untitled = OpenShotTitle.parse("* Untitled Project [HD 720p 30 fps] - OpenShot Video Editor")
                .orElseThrow();
        assertEquals("Untitled Project", untitled.name());
        assertFalse(OpenShotTitle.shows("* Untitled Project [HD 720p 30 fps] - OpenShot Video Editor", "sample"));
    }

    @Test
    void theNameIsTheFileNameWithoutItsExtension() {
        assertEquals("sample", OpenShotTitle.stem(Path.of("/p/sample.osp")));
        assertEquals("my cut.v2", OpenShotTitle.stem(Path.of("/p/my cut.v2.osp")));
        assertEquals("take [2]", OpenShotTitle.stem(Path.of("take [2].osp")));
        assertEquals(".osp", OpenShotTitle.stem(Path.of("/p/.osp")));
    }
}
