package genshot.core.internal;

import genshot.api.GenshotException;
import genshot.api.ShotSpec;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Room on the disk: what a take will need (checked before generating), what must stay free while it is written
 * (the save after it writes a backup and a new version of the project), and a full disk said as such.
 */
final class DiskSpace {
    /** Kept free beyond the save's two copies of the project, for the journal and the sidecar. */
    static final long MARGIN = 8L << 20;

    private DiskSpace() {
    }

    /**
     * What a take is expected to need at most, in bytes per pixel per frame by format. Measured at 1920x1080 (26
     * frames, the built-in generators, the encoder's settings): H.264 0.003 (fog, slug) to 0.026 (fast starfield),
     * so 0.1 leaves room for busier pictures from model packs; QuickTime Animation 1.1 (bokeh) to 3.9 (film grain,
     * nearly raw ARGB), so 4; FFV1 0.29 (smoke) to 1.49 (grain), so 2. A generator whose frames compress worse is
     * stopped by the guard while encoding ({@link #checkWhileWriting}), not by this estimate.
     */
    static long estimateTake(ShotSpec spec, long frames, boolean alpha, String alphaFormat) {
        double perPixel = !alpha ? 0.1 : "ffv1".equals(alphaFormat) ? 2.0 : 4.0;
        return (long) Math.ceil(perPixel * spec.width() * (double) spec.height() * frames) + (64L << 10);
    }

    /** What must stay free while a take is written: the save needs room for a backup and a new project. */
    static long saveReserve(long projectBytes) {
        return 2 * projectBytes + MARGIN;
    }

    /** Free space for this process where {@code p} is (or would be), or Long.MAX_VALUE when it cannot be known. */
    static long usable(Path p) {
        Path q = p.toAbsolutePath();
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        if (q == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Files.getFileStore(q).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Refuses a take that would not fit with the save's reserve, before anything is generated. */
    static void checkBeforeTake(Path takes, long estimate, long reserve) {
        long free = usable(takes);
        if (free < estimate + reserve) {
            throw full(takes, "Not enough free space for the take: about " + size(estimate + reserve) + " needed, "
                    + size(free) + " free", estimate + reserve, "nothing was generated and the project is unchanged;"
                    + " free some space there, or fill fewer frames (--range START+FRAMES)");
        }
    }

    /** Stops a take being written once the disk has no more than the save's reserve left. */
    static void checkWhileWriting(Path takes, long reserve) {
        long free = usable(takes);
        if (free < reserve) {
            throw full(takes, "The disk filled up while the take was written (" + size(free)
                    + " free, the save needs " + size(reserve) + ")", reserve,
                    "the take was abandoned and the project is unchanged; free some space, or fill fewer frames");
        }
    }

    /** Whether a failed write failed for want of room: the system says so, or there is less room than it needed. */
    static boolean isFull(IOException e, Path where, long needed) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
            return true;
        }
        if (e instanceof AccessDeniedException || e instanceof NoSuchFileException) {
            return false;
        }
        return usable(where) < Math.max(needed, 1) + 4096;
    }

    static GenshotException full(Path where, String message, long needed, String hint) {
        return GenshotException.of("disk.full", message, where, null, hint);
    }

    static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "an unknown amount";
        }
        if (bytes < 1L << 20) {
            return String.format(Locale.ROOT, "%d KB", Math.max(0, bytes) >> 10);
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }
}
