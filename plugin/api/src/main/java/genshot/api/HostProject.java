package genshot.api;

import genshot.timeline.Timeline;
import java.nio.file.Path;
import java.util.List;

/** A project read by a host adapter: the host's document, kept whole, and its timeline. */
public interface HostProject {

    /** The host's id ("kdenlive", "openshot"). */
    String host();

    Path file();

    /** The timeline as the document stands now. */
    Timeline timeline();

    /**
     * What is wrong with the project but does not stop genshot from reading it: media files that are missing
     * (code {@code media.missing}), clips whose times are off the frame grid ({@code time.off-grid}), each naming
     * the file and the place. Empty when all is well.
     */
    default List<Problem> warnings() {
        return List.of();
    }

    /**
     * Inserts the media over the range, which must lie inside one gap of the track. Nothing else on the
     * timeline moves. Changes only this in-memory document.
     *
     * @throws GenshotException when the track is locked or missing, the range is not free, or the media
     *         does not match the range
     */
    void insert(InsertRequest request);

    /**
     * Where the media of a clip is on disk: {@link genshot.timeline.Clip#media()} holds the resource as the host
     * wrote it, possibly relative; the adapter knows what it is relative to. By default, the project's folder.
     * Null when the clip has no media file (a nested sequence, a colour or other generated clip).
     */
    default Path mediaPath(genshot.timeline.Clip clip) {
        if (clip.media() == null || clip.media().isBlank()) {
            return null;
        }
        return file().toAbsolutePath().resolveSibling(clip.media()).normalize();
    }

    /**
     * Takes out the clip that covers exactly {@code range} on {@code track}, leaving a gap there; nothing else
     * moves. Used to replace one take by another.
     *
     * @throws GenshotException when no single clip covers exactly that range, or the track is locked
     */
    default void remove(String track, genshot.timeline.TimeRange range) {
        throw GenshotException.of("host.unsupported", "This host adapter cannot take clips out yet", file(),
                "track " + track, null);
    }

    /** The document as bytes, ready to be written; without an insertion it is equivalent to what was read. */
    byte[] serialize();
}
