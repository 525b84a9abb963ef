package genshot.api;

import genshot.timeline.TimeRange;
import java.nio.file.Path;

/**
 * Put a media file on a track, exactly over a range of a gap.
 *
 * @param media absolute path of the take
 * @param info what the take holds (its frame count must equal the range's duration)
 * @param clipName the name the host shows for the clip
 */
public record InsertRequest(Path media, MediaInfo info, String track, TimeRange range, String clipName) {
}
