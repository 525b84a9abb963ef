package genshot.generators.internal;

import genshot.api.MediaDecoder;
import genshot.api.MediaInfo;
import genshot.api.ShotContext.Neighbour;
import genshot.timeline.Rate;

/**
 * Reads a neighbour's frames next to the cut, in the shot's size. Positions are counted in timeline frames from
 * the cut ({@code j = 0} is the cut frame; for the clip before, {@code j < 0} lies earlier on the timeline; for the
 * clip after, {@code j > 0} later), so speed and the media's own rate are honoured.
 */
final class BridgeSource {

    /**
     * The cut frame, and (when asked and available) one more frame farther from the gap, {@code farSteps} timeline
     * frames from the cut.
     */
    record Side(byte[] cut, byte[] far, int farSteps, MediaInfo info, long cutIndex, long farIndex) {
    }

    private BridgeSource() {
    }

    /**
     * The media frame shown {@code j} timeline frames from the cut: source position {@code cutFrame + j * speed}
     * (in timeline frames), converted by time to the media's rate, clamped to the media.
     */
    static long mediaIndex(long cutFrame, long j, double speed, Rate timeline, Rate media, long mediaFrames) {
        return new Neighbour(null, cutFrame, 0, speed).mediaIndex(j, timeline, media, mediaFrames);
    }

    /**
     * Reads the neighbour's cut frame and, with {@code reach > 0}, a frame farther from the gap (within the
     * clip's frames on the timeline) that shows another media frame: {@code reach} timeline frames away where the
     * clip has them (fewer where it is shorter), or farther on, up to 8 frames, while a slow clip still shows the
     * cut's media frame there.
     */
    static Side read(MediaDecoder decoder, Neighbour n, boolean before, Rate timeline, int w, int h,
                     BridgeConform.Fit fit, int reach, FlowPool pool) {
        MediaInfo info = decoder.probe(n.media());
        long cut = mediaIndex(n.cutFrame(), 0, n.speed(), timeline, info.rate(), info.frames());
        long far = -1;
        int steps = 0;
        if (reach > 0) {
            int dir = before ? -1 : 1;
            // a slow clip shows the same media frame several times: step on until it changes (at most 8 frames)
            for (int s = (int) Math.max(1, Math.min(reach, n.frames() - 1)); s < Math.min(n.frames(), 9); s++) {
                long k = mediaIndex(n.cutFrame(), (long) dir * s, n.speed(), timeline, info.rate(), info.frames());
                if (k != cut) {
                    far = k;
                    steps = s;
                    break;
                }
            }
        }
        long first = far < 0 ? cut : Math.min(cut, far);
        long last = far < 0 ? cut : Math.max(cut, far);
        byte[][] got = new byte[2][];
        long farIdx = far;
        decoder.decode(n.media(), first, last - first + 1, frame -> {
            long i = frame.index();
            if (i == cut || i == farIdx) {
                byte[] c = BridgeConform.conform(frame.bgr(), frame.width(), frame.height(), w, h, fit, pool);
                got[i == cut ? 0 : 1] = c;
            }
        });
        if (got[0] == null) {
            throw new IllegalStateException("the decoder did not deliver frame " + cut + " of " + n.media());
        }
        return new Side(got[0], got[1], got[1] == null ? 0 : steps, info, cut, far);
    }

    /** Hashes of media files already read: file key (or path), size and modification time → SHA-256. */
    private static final java.util.Map<String, String> HASHES = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
            return size() > 256;
        }
    };

    /**
     * The SHA-256 of a file, in lower-case hex (the neighbour's media, for the take's provenance). Reading a whole
     * camera file takes seconds, and the gaps of one fill share their neighbours' media, so a hash is kept (the
     * last 256 files) and used again while the file's identity, size and modification time are unchanged.
     */
    static String sha256(java.nio.file.Path file) {
        String key;
        try {
            java.nio.file.attribute.BasicFileAttributes at = java.nio.file.Files.readAttributes(file,
                    java.nio.file.attribute.BasicFileAttributes.class);
            Object id = at.fileKey();
            key = (id != null ? id.toString() : file.toAbsolutePath().normalize().toString()) + "|"
                    + file.toAbsolutePath().normalize() + "|" + at.size() + "|" + at.lastModifiedTime().toMillis();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        synchronized (HASHES) {
            String known = HASHES.get(key);
            if (known != null) {
                return known;
            }
        }
        String hash = read(file);
        synchronized (HASHES) {
            HASHES.put(key, hash);
        }
        return hash;
    }

    private static String read(java.nio.file.Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
