package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test vectors of HOST-KDENLIVE §1.6: byte i of the file is i % 251. */
class FileHashTest {

    @TempDir
    Path dir;

    private Path file(int size) throws Exception {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i % 251);
        }
        return Files.write(dir.resolve("f" + size), b);
    }

    @Test
    void vectors() throws Exception {
        assertEquals("6cf95c339103a692b420d6b4fab5ee29", FileHash.of(file(2_000_000)));
        assertEquals("4aeb8b54e787e1fc17c3c1a2912c9378", FileHash.of(file(2_000_001)));
        assertEquals("c0fa7712e102c11fdbcdcd0f541b3cc2", FileHash.of(file(2_500_000)));
    }

    @Test
    void smallFilesArePlainMd5() throws Exception {
        Path f = file(3787);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f))), FileHash.of(f));
    }
}
