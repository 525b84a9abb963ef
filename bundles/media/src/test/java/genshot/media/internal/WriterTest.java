package genshot.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partial file, and the problems a caller can cause. */
class WriterTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void closeWithoutFinishDeletesThePartialFile() throws IOException {
        Path out = dir.resolve("take.mp4");
        try (VideoWriter w = new HumbleMediaEncoder().open(out, 64, 36, Rate.FPS_25)) {
            for (int i = 0; i < 10; i++) {
                w.accept(Pattern.frame(i, 64, 36));
            }
            List<Path> during = files();
            assertEquals(1, during.size());
            assertTrue(during.get(0).getFileName().toString().startsWith(".take.mp4."), during.toString());
            assertTrue(Files.size(during.get(0)) > 0, "frames go to the partial file as they come");
            assertFalse(Files.exists(out));
        }
        assertEquals(List.of(), files());
    }

    @Test
    void finishReplacesAnOlderTakeAndLeavesNoPartialFile() throws IOException {
        Path out = dir.resolve("take.mp4");
        Files.writeString(out, "old");
        try (VideoWriter w = new HumbleMediaEncoder().open(out, 64, 36, Rate.FPS_25)) {
            w.accept(Pattern.frame(0, 64, 36));
            assertEquals("old", Files.readString(out), "the target is untouched until finish");
            assertEquals(1, w.finish().frames());
        }
        assertEquals(List.of(out), files());
        assertTrue(Files.size(out) > 100);
    }

    /**
     * A finished take is written out to the disk (fsync) before it is put in place, so a project naming it never finds
     * an empty file after a power cut; a long one is also written out as it grows, 32 MB at a time, while frames come.
     */
    @Test
    void aTakeIsOnTheDiskBeforeItIsPutInPlaceAndALongOneIsWrittenOutAsItGrows() throws IOException {
        Path out = dir.resolve("plate.mov");
        // 1080p noise with alpha: QuickTime Animation codes it as it is, about 8 MB a frame
        int frames = 10;
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        int[] accepted = {0};
        java.util.Random random = new java.util.Random(3);
        byte[] bgr = new byte[1920 * 1080 * 3];
        byte[] alpha = new byte[1920 * 1080];
        try (FfmpegVideoWriter w = new FfmpegVideoWriter(out, 1920, 1080, Rate.FPS_25, AlphaFormat.QTRLE, null,
                "libx264", java.util.Map.of())) {
            w.writeOut = file -> {
                seen.add(file.getFileName() + " " + Files.size(file) + " " + accepted[0] + " " + Files.exists(out));
                PartialFile.writeOut(file);
            };
            for (int i = 0; i < frames; i++) {
                random.nextBytes(bgr);
                random.nextBytes(alpha);
                w.accept(new Frame(i, 1920, 1080, bgr, alpha));
                accepted[0]++;
            }
            w.finish();
        }
        String last = seen.get(seen.size() - 1);
        String[] f = last.split(" ");
        assertTrue(f[0].startsWith(".plate.mov."), "the partial file is written out: " + seen);
        assertEquals(Files.size(out), Long.parseLong(f[1]), "all of it: " + seen);
        assertEquals("false", f[3], "before it is put in place: " + seen);
        long early = seen.subList(0, seen.size() - 1).stream().map(x -> x.split(" "))
                .filter(x -> Integer.parseInt(x[2]) < frames
                        && Long.parseLong(x[1]) >= PartialFileWriter.WRITE_OUT_EVERY)
                .count();
        assertTrue(early >= 1, "written out while frames came: " + seen);
    }

    @Test
    void oddSizeIsAProblem() {
        GenshotException e = assertThrows(GenshotException.class,
                () -> new HumbleMediaEncoder().open(dir.resolve("odd.mp4"), 63, 36, Rate.FPS_25));
        assertEquals("media.size", e.problem().code());
        assertTrue(e.problem().message().contains("63x36"), e.getMessage());
        assertEquals(dir.resolve("odd.mp4").toString(), e.problem().file());
    }

    @Test
    void wrongFrameSizeIsAProblem() throws IOException {
        try (VideoWriter w = new HumbleMediaEncoder().open(dir.resolve("take.mp4"), 64, 36, Rate.FPS_25)) {
            w.accept(Pattern.frame(0, 64, 36));
            GenshotException e = assertThrows(GenshotException.class, () -> w.accept(new Frame(1, 64, 38,
                    new byte[64 * 38 * 3])));
            assertEquals("media.frame-size", e.problem().code());
            assertEquals("frame 1", e.problem().place());
        }
        assertEquals(List.of(), files());
    }

    @Test
    void missingFolderIsAProblem() {
        Path out = dir.resolve("no/such/folder/take.mp4");
        GenshotException e = assertThrows(GenshotException.class,
                () -> new HumbleMediaEncoder().open(out, 64, 36, Rate.FPS_25));
        assertEquals("media.unwritable", e.problem().code());
        assertTrue(e.problem().hint().contains("Create the folder"), e.getMessage());
    }

    @Test
    void readOnlyFolderIsAProblem() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as root: cannot test");
            GenshotException e = assertThrows(GenshotException.class,
                    () -> new HumbleMediaEncoder().open(ro.resolve("take.mp4"), 64, 36, Rate.FPS_25));
            assertEquals("media.unwritable", e.problem().code());
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void finishingWithoutFramesIsAProblem() throws IOException {
        try (VideoWriter w = new HumbleMediaEncoder().open(dir.resolve("take.mp4"), 64, 36, Rate.FPS_25)) {
            assertEquals("media.no-frames", assertThrows(GenshotException.class, w::finish).problem().code());
        }
        assertEquals(List.of(), files());
    }

    @Test
    void missingOrBrokenInputIsAProblem() throws IOException {
        HumbleMediaDecoder decoder = new HumbleMediaDecoder();
        Path missing = dir.resolve("gone.mp4");
        assertEquals("media.missing", assertThrows(GenshotException.class, () -> decoder.probe(missing))
                .problem().code());
        assertEquals("media.missing", assertThrows(GenshotException.class,
                () -> decoder.decode(missing, 0, 1, f -> { })).problem().code());
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video");
        GenshotException e = assertThrows(GenshotException.class, () -> decoder.probe(text));
        assertEquals("media.unreadable", e.problem().code());
        assertEquals(text.toString(), e.problem().file());
        assertEquals("media.unreadable", assertThrows(GenshotException.class, () -> decoder.probe(dir))
                .problem().code());
    }
}
