package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files whose path holds characters outside the BMP, written and read by the real Humble-Video. */
class NativePathTest {
    @TempDir
    Path dir;

    /** Regression: "Error opening url ...part: No such file or directory" for an emoji in the path. */
    @Test
    void aVideoInAFolderAndWithANameOutsideTheBmpIsWrittenAndReadBack() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("clips \uD83C\uDFAC \uD840\uDC0B"));
        for (String name : List.of("take.mp4", "take \uD83D\uDE00.mp4")) {
            Path out = folder.resolve(name);
            try (VideoWriter w = new HumbleMediaEncoder().open(out, 64, 36, Rate.FPS_25)) {
                for (int i = 0; i < 5; i++) {
                    w.accept(Pattern.frame(i, 64, 36));
                }
                assertEquals(5, w.finish().frames());
            }
            HumbleMediaDecoder decoder = new HumbleMediaDecoder();
            assertEquals(5, decoder.probe(out).frames(), name);
            List<Long> frames = new ArrayList<>();
            decoder.decode(out, 2, 3, f -> frames.add(f.index()));
            assertEquals(List.of(2L, 3L, 4L), frames, name);
        }
        try (Stream<Path> s = Files.list(folder)) {
            assertEquals(2, s.count(), "the two videos, no partial file");
        }
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            String mine = "genshot-ffmpeg-" + ProcessHandle.current().pid() + "-";
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(mine)), "no link is left behind");
        }
    }

    @Test
    void onlyCharactersOutsideTheBmpNeedALink() {
        assertTrue(NativePath.passesUnchanged("/tmp/Café 映画 'q' \"$x\"\ttab"));
        assertFalse(NativePath.passesUnchanged("/tmp/\uD83C\uDFAC"));
        try (NativePath p = NativePath.of(dir.resolve("plain.mp4"))) {
            assertEquals(dir.resolve("plain.mp4").toString(), p.name());
        }
    }
}
