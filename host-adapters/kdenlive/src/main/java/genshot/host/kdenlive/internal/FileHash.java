package genshot.host.kdenlive.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code kdenlive:file_hash}: the MD5 of the whole file up to 2,000,000 bytes, else of the first 1,000,000
 * bytes followed by the last 1,000,000 bytes (as Kdenlive's ProjectClip computes it).
 */
final class FileHash {

    static final long WHOLE_LIMIT = 2_000_000;
    static final int PART = 1_000_000;

    private FileHash() {
    }

    static String of(Path file) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        long size = Files.size(file);
        if (size <= WHOLE_LIMIT) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md5.update(buf, 0, n);
                }
            }
        } else {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                md5.update(read(ch, 0, PART));
                md5.update(read(ch, size - PART, PART));
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int n = ch.read(b, position + b.position());
            if (n < 0) {
                throw new IOException("file shrank while hashing");
            }
        }
        b.flip();
        return b;
    }
}
