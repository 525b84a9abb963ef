package genshot.api;

import genshot.timeline.TimeRange;
import java.nio.file.Path;

/**
 * Fill a gap of a project with a generated take.
 *
 * @param gap the gap id as {@code genshot gaps} lists it ("V1:1")
 * @param range a part of the gap to fill, or null for the whole gap
 */
public record FillRequest(Path project, String gap, TimeRange range, ShotRequest shot) {
}
