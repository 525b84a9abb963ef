package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.GenshotException;
import genshot.api.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that is not a picture stream is refused before a frame of it is used: FFmpeg's {@code tty} demuxer reads any
 * text file (by its extension) as an "ANSI art" video, so a text file named as a clip's media used to become the
 * pixels of a bridge take.
 */
class NotVideoTest {

    @TempDir
    Path dir;

    @Test
    void aTextFileNamedAsAClipIsNotVideo() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "shot list\n1. wide\n2. close-up\n".repeat(40), StandardCharsets.UTF_8);
        HumbleMediaDecoder decoder = new HumbleMediaDecoder();
        Problem probe = assertThrows(GenshotException.class, () -> decoder.probe(notes)).problem();
        assertEquals("media.not-video", probe.code(), probe.toString());
        assertEquals(notes.toString(), probe.file());
        assertTrue(probe.message().contains("text"), probe.message());
        assertFalse(probe.oneLine().contains("\n"), probe.oneLine());
        Problem decode = assertThrows(GenshotException.class, () -> decoder.decode(notes, 0, 1, f -> {
            throw new AssertionError("a frame of a text file was decoded");
        })).problem();
        assertEquals("media.not-video", decode.code(), decode.toString());
    }

    @Test
    void aVideoStillProbes() {
        Path clip = dir.resolve("clip.mp4");
        try (genshot.api.VideoWriter w = new HumbleMediaEncoder().open(clip, 64, 36, genshot.timeline.Rate.FPS_25)) {
            for (int i = 0; i < 5; i++) {
                w.accept(Pattern.frame(i, 64, 36));
            }
            w.finish();
        }
        assertEquals(5, new HumbleMediaDecoder().probe(clip).frames());
    }
}
