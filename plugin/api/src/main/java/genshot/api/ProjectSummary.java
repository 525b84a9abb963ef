package genshot.api;

import genshot.timeline.GapSlot;
import genshot.timeline.Timeline;
import java.nio.file.Path;
import java.util.List;

/** A project's timeline and its gaps, as {@code genshot gaps} shows them. */
public record ProjectSummary(Path project, String host, Timeline timeline, List<GapSlot> gaps) {
    public ProjectSummary {
        gaps = List.copyOf(gaps);
    }
}
