package genshot.api;

import genshot.timeline.TimeRange;
import java.nio.file.Path;

/**
 * Fill a gap of a project with a generated take.
 *
 * @param gap the gap id as {@code genshot gaps} lists it ("V1:1")
 * @param range a part of the gap to fill, or null for the whole gap
 * @param allowLong whether the whole gap may be filled when it is longer than the longest fill genshot makes
 *        without being asked (ten minutes by default): a gap of hours is rarely meant as one shot. A {@code range}
 *        given is always allowed.
 * @since 1.1
 */
public record FillRequest(Path project, String gap, TimeRange range, ShotRequest shot, boolean allowLong) {

    /** A request that fills the whole gap only up to the longest fill made without being asked. */
    public FillRequest(Path project, String gap, TimeRange range, ShotRequest shot) {
        this(project, gap, range, shot, false);
    }
}
