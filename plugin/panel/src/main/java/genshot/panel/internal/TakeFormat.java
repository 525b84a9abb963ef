package genshot.panel.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The format a take's video is really written in, read from the file: the sample entry of its video track in the
 * MP4/MOV container ({@code avc1}: H.264, {@code rle }: QuickTime Animation, {@code FFV1}), so that the panel names
 * what is in the file, not what was asked for. Only box headers and the (small) movie box are read.
 *
 * @param fourcc the sample entry's four characters as written ({@code "rle "}), or null when not found
 * @param name what the user reads ("QuickTime Animation (qtrle)"), or null when not found
 */
record TakeFormat(String fourcc, String name) {
    /** The largest movie box read: a take's is a few kilobytes (its sample tables), a long one a few megabytes. */
    private static final long MAX_MOOV = 64L << 20;

    static final TakeFormat UNKNOWN = new TakeFormat(null, null);

    boolean known() {
        return name != null;
    }

    /** The user's name for a sample entry. */
    static String nameOf(String fourcc) {
        return switch (fourcc) {
            case "avc1", "avc3" -> "H.264";
            case "hvc1", "hev1" -> "H.265";
            case "rle " -> "QuickTime Animation (qtrle)";
            case "FFV1" -> "FFV1";
            case "ap4h" -> "ProRes 4444";
            default -> fourcc.trim().toUpperCase(Locale.ROOT);
        };
    }

    /** The format of the first video track of {@code file}; {@link #UNKNOWN} when the file is not an MP4/MOV. */
    static TakeFormat of(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = 0;
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(16);
            while (pos + 8 <= size) {
                head.clear().limit(16);
                ch.read(head, pos);
                head.flip();
                if (head.remaining() < 8) {
                    break;
                }
                long len = head.getInt() & 0xffffffffL;
                String type = type(head);
                int header = 8;
                if (len == 1 && head.remaining() >= 8) {
                    len = head.getLong();
                    header = 16;
                } else if (len == 0) {
                    len = size - pos;
                }
                if (len < header || pos + len > size) {
                    break;
                }
                if (type.equals("moov")) {
                    if (len - header > MAX_MOOV) {
                        break;
                    }
                    ByteBuffer moov = ByteBuffer.allocate((int) (len - header));
                    while (moov.hasRemaining() && ch.read(moov, pos + header + moov.position()) > 0) {
                        // reads the whole box
                    }
                    moov.flip();
                    String fourcc = videoEntry(moov);
                    return fourcc == null ? UNKNOWN : new TakeFormat(fourcc, nameOf(fourcc));
                }
                pos += len;
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    private static String type(ByteBuffer b) {
        byte[] t = new byte[4];
        b.get(t);
        return new String(t, StandardCharsets.ISO_8859_1);
    }

    /** In a movie box's content: the sample entry of the first track whose handler is {@code vide}. */
    private static String videoEntry(ByteBuffer moov) {
        for (ByteBuffer trak : children(moov, "trak")) {
            ByteBuffer mdia = first(trak, "mdia");
            if (mdia == null) {
                continue;
            }
            ByteBuffer hdlr = first(mdia.duplicate(), "hdlr");
            // hdlr: version/flags (4), pre_defined (4), handler_type (4)
            if (hdlr == null || hdlr.remaining() < 12) {
                continue;
            }
            hdlr.position(hdlr.position() + 8);
            if (!type(hdlr).equals("vide")) {
                continue;
            }
            ByteBuffer stsd = path(mdia, "minf", "stbl", "stsd");
            // stsd: version/flags (4), entry_count (4), then the first entry: size (4), format (4)
            if (stsd == null || stsd.remaining() < 16) {
                continue;
            }
            stsd.position(stsd.position() + 12);
            return type(stsd);
        }
        return null;
    }

    private static ByteBuffer path(ByteBuffer in, String... types) {
        ByteBuffer b = in.duplicate();
        for (String t : types) {
            b = first(b, t);
            if (b == null) {
                return null;
            }
        }
        return b;
    }

    private static ByteBuffer first(ByteBuffer in, String type) {
        java.util.List<ByteBuffer> all = children(in, type);
        return all.isEmpty() ? null : all.get(0);
    }

    /** The contents of the child boxes of this type (each a buffer of its own content). */
    private static java.util.List<ByteBuffer> children(ByteBuffer in, String type) {
        java.util.List<ByteBuffer> out = new java.util.ArrayList<>();
        ByteBuffer b = in.duplicate();
        while (b.remaining() >= 8) {
            int start = b.position();
            long len = b.getInt() & 0xffffffffL;
            String t = type(b);
            int header = 8;
            if (len == 1 && b.remaining() >= 8) {
                len = b.getLong();
                header = 16;
            } else if (len == 0) {
                len = b.limit() - start;
            }
            if (len < header || start + len > b.limit()) {
                break;
            }
            if (t.equals(type)) {
                ByteBuffer c = b.duplicate();
                c.position(start + header).limit((int) (start + len));
                out.add(c.slice());
            }
            b.position((int) (start + len));
        }
        return out;
    }
}
