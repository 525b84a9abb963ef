package genshot.host.openshot.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The video codec of a take, for the informational {@code vcodec} of its reader JSON (libopenshot reads the real
 * one when it opens the file): the sample-entry code of an MP4/MOV/MKV file, looked for near both ends.
 */
final class Codec {

    private static final String[][] CODES = {
        {"avc1", "h264"}, {"avc3", "h264"}, {"V_MPEG4/ISO/AVC", "h264"}, {"hvc1", "hevc"}, {"hev1", "hevc"},
        {"V_MPEGH/ISO/HEVC", "hevc"}, {"mp4v", "mpeg4"}, {"mjpa", "mjpeg"}, {"jpeg", "mjpeg"}, {"V_MJPEG", "mjpeg"},
        {"vp09", "vp9"}, {"V_VP9", "vp9"}, {"av01", "av1"}, {"V_AV1", "av1"}, {"FFV1", "ffv1"}, {"V_FFV1", "ffv1"},
    };
    private static final int WINDOW = 1 << 20;

    private Codec() {
    }

    static String sniff(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            String head = read(f, 0, (int) Math.min(len, WINDOW));
            String tail = len > WINDOW ? read(f, len - WINDOW, WINDOW) : "";
            for (String[] c : CODES) {
                if (head.contains(c[0]) || tail.contains(c[0])) {
                    return c[1];
                }
            }
            return "";
        }
    }

    private static String read(RandomAccessFile f, long at, int n) throws IOException {
        byte[] b = new byte[n];
        f.seek(at);
        f.readFully(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
