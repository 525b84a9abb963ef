package genshot.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code genshot plan} asks for: which gaps ({@code gaps} by id; or every gap with {@code all}; or every gap
 * with a {@code genshot:} guide with {@code marked}, whose text is the shot's prompt), made how, written where.
 *
 * @param shot the generator, prompt, seed (the first shot's: shot {@code k} gets {@code seed + k}), parameters
 * @param out the plan folder to write (absent or empty)
 * @since 1.4
 */
public record PlanRequest(Path project, List<String> gaps, boolean all, boolean marked, ShotRequest shot, Path out,
                          boolean allowLong) {
    public PlanRequest {
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }
}
