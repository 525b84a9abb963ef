package genshot.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Frame;
import genshot.api.GenshotException;
import genshot.api.MediaInfo;
import genshot.api.VideoWriter;
import genshot.timeline.Rate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The queue between generator and encoder, with a recording writer standing in for the file. */
class EncodingPipelineTest {

    static class RecordingWriter implements VideoWriter {
        final List<Integer> firstBytes = new ArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean finished;
        final int failAt;

        RecordingWriter(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void accept(Frame frame) {
            if (firstBytes.size() == failAt) {
                throw GenshotException.of("encode.failed", "disk full", null, null, null);
            }
            firstBytes.add(frame.bgr()[0] & 0xff);
        }

        @Override
        public MediaInfo finish() {
            finished = true;
            return new MediaInfo(2, 2, Rate.FPS_25, firstBytes.size(), false, 0);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void framesArriveInOrderAndAreCopiedBeforeTheGeneratorReusesItsBuffer() {
        RecordingWriter w = new RecordingWriter(-1);
        AtomicLong encoded = new AtomicLong();
        byte[] reused = new byte[12];
        MediaInfo info;
        try (EncodingPipeline p = new EncodingPipeline(w, 2, encoded::set)) {
            for (int i = 0; i < 50; i++) {
                reused[0] = (byte) i;
                p.accept(new Frame(i, 2, 2, reused));
            }
            info = p.finish();
        }
        assertEquals(50, info.frames());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, w.firstBytes.get(i));
        }
        assertEquals(50, encoded.get());
        assertTrue(w.finished);
        assertTrue(!w.closed.get(), "a finished take is not deleted");
    }

    /**
     * Every frame is written as the generator gave it, from a few arrays used over and over (not 8 MB allocated a
     * 1080p frame), and the handle frames repeat the last frame even though its arrays went back to the pool.
     */
    @Test
    void theCopiesReuseAFewArraysAndHandlesRepeatTheLastFrame() {
        List<byte[]> contents = new ArrayList<>();
        Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        VideoWriter w = new RecordingWriter(-1) {
            @Override
            public void accept(Frame frame) {
                super.accept(frame);
                contents.add(frame.bgr().clone());
                contents.add(frame.alpha().clone());
                arrays.add(frame.bgr());
            }
        };
        byte[] bgr = new byte[12];
        byte[] alpha = new byte[4];
        int capacity = 2;
        try (EncodingPipeline p = new EncodingPipeline(w, capacity, n -> { })) {
            for (int i = 0; i < 60; i++) {
                Arrays.fill(bgr, (byte) i);
                Arrays.fill(alpha, (byte) (100 + i));
                p.accept(new Frame(i, 2, 2, bgr, alpha));
            }
            p.repeatLast(3);
            assertEquals(63, p.finish().frames());
        }
        for (int i = 0; i < 63; i++) {
            int k = Math.min(i, 59);
            assertEquals(12, countOf(contents.get(2 * i), (byte) k), "colour of frame " + i);
            assertEquals(4, countOf(contents.get(2 * i + 1), (byte) (100 + k)), "alpha of frame " + i);
        }
        assertTrue(arrays.size() <= capacity + 3, arrays.size() + " arrays for 63 frames");
    }

    /**
     * A frame drawn into arrays the pipeline lent is written in those very arrays (no copy), which come back from the
     * pool for later frames; a frame in the generator's own arrays, or with an alpha plane other than the lent one, is
     * copied.
     */
    @Test
    void aFrameInLentArraysIsWrittenAsItIsAndOthersAreCopied() {
        List<Frame> written = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        VideoWriter w = new RecordingWriter(-1) {
            @Override
            public void accept(Frame frame) {
                super.accept(frame);
                written.add(frame);
                contents.add(frame.bgr().clone());
            }
        };
        List<Frame> lent = new ArrayList<>();
        byte[] own = new byte[12];
        byte[] ownAlpha = new byte[4];
        Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        int capacity = 2;
        try (EncodingPipeline p = new EncodingPipeline(w, capacity, n -> { })) {
            for (int i = 0; i < 40; i++) {
                Frame f = p.lend(i, 2, 2, true);
                assertEquals(12, f.bgr().length);
                assertEquals(4, f.alpha().length);
                Arrays.fill(f.bgr(), (byte) i);
                lent.add(f);
                arrays.add(f.bgr());
                p.accept(f);
            }
            // the generator's own arrays, reused: copied
            Arrays.fill(own, (byte) 40);
            p.accept(new Frame(40, 2, 2, own, ownAlpha));
            Arrays.fill(own, (byte) 99);
            // lent colour with another alpha plane: the pipeline cannot take the plane over, so both are copied
            Frame f = p.lend(41, 2, 2, true);
            Arrays.fill(f.bgr(), (byte) 41);
            p.accept(new Frame(41, 2, 2, f.bgr(), ownAlpha));
            Arrays.fill(f.bgr(), (byte) 99);
            assertEquals(42, p.finish().frames());
        }
        for (int i = 0; i < 40; i++) {
            assertSame(lent.get(i).bgr(), written.get(i).bgr(), "frame " + i + " is written in the lent arrays");
            assertSame(lent.get(i).alpha(), written.get(i).alpha());
        }
        for (int i = 0; i < 42; i++) {
            assertEquals(12, countOf(contents.get(i), (byte) i), "colour of frame " + i);
        }
        assertNotSame(own, written.get(40).bgr());
        assertNotSame(ownAlpha, written.get(41).alpha());
        assertTrue(arrays.size() <= capacity + 3, arrays.size() + " arrays lent for 40 frames");
    }

    private static int countOf(byte[] a, byte v) {
        int n = 0;
        for (byte b : a) {
            n += b == v ? 1 : 0;
        }
        return n;
    }

    @Test
    void anEncoderFailureReachesTheGeneratorAndTheTakeIsAbandoned() {
        RecordingWriter w = new RecordingWriter(3);
        GenshotException e = assertThrows(GenshotException.class, () -> {
            try (EncodingPipeline p = new EncodingPipeline(w, 1, n -> { })) {
                for (int i = 0; i < 100; i++) {
                    p.accept(new Frame(i, 2, 2, new byte[12]));
                }
                p.finish();
            }
        });
        assertEquals("encode.failed", e.problem().code());
        assertTrue(w.closed.get());
    }
}
