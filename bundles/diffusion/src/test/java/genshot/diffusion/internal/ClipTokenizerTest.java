package genshot.diffusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java CLIP BPE against ids verified with DJL tokenizers and an independent Python BPE. */
class ClipTokenizerTest {

    @TempDir
    static Path dir;
    static ClipTokenizer clip;

    @BeforeAll
    static void read() throws Exception {
        TinyPacks.writeClipTokenizer(dir, null);
        clip = ClipTokenizer.read(dir);
    }

    @Test
    void knownVectors() {
        assertArrayEquals(new int[] {320, 1125, 539, 320, 2368}, clip.tokens("a photo of a cat"));
        assertArrayEquals(new int[] {13919, 268, 4350, 36896, 10329, 267, 2443, 16647},
                clip.tokens("neon-lit cyberpunk alley, rain reflections"));
        assertArrayEquals(new int[] {41144, 23869, 46471, 13909, 275, 330},
                clip.tokens("kaleidoscopic fractal zoom 4k"));
        // normalisation: case and runs of whitespace do not matter
        assertArrayEquals(clip.tokens("a photo of a cat"), clip.tokens("  A   PHOTO\tof a\ncat "));
    }

    @Test
    void paddedAndTruncatedTo77() {
        int[] ids = clip.encode("a photo of a cat");
        assertEquals(77, ids.length);
        assertArrayEquals(new int[] {49406, 320, 1125, 539, 320, 2368, 49407, 49407}, java.util.Arrays.copyOf(ids, 8));
        assertEquals(49407, ids[76]);
        int[] empty = clip.encode("");
        assertEquals(49406, empty[0]);
        assertEquals(49407, empty[1]);
        int[] longer = clip.encode("cat ".repeat(200));
        assertEquals(77, longer.length);
        assertEquals(49406, longer[0]);
        assertEquals(2368, longer[75]);
        assertEquals(49407, longer[76]);
    }

    @Test
    void openClipPadsWithZero(@TempDir Path other) throws Exception {
        TinyPacks.writeClipTokenizer(other, "!");
        int[] ids = ClipTokenizer.read(other).encode("a photo of a cat");
        assertEquals(49407, ids[6]);
        assertEquals(0, ids[7]);
        assertEquals(0, ids[76]);
    }
}
