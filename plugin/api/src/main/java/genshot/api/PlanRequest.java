package genshot.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code genshot plan} asks for: which gaps ({@code gaps} by id; or every visible gap with {@code all}; or every
 * gap with a {@code genshot:} guide with {@code marked}, whose text is the shot's prompt when none is given), made how,
 * written where.
 *
 * @param shot the generator, prompt, negative prompt, parameters and device of every shot (its seed is not used)
 * @param pack the model pack's folder when the generator is a pack's, recorded so that workers find it; or null
 * @param firstSeed the first shot's seed (shot {@code k}, from 0, gets {@code firstSeed + k}); null: a new random
 *        seed for each shot, recorded in the plan
 * @param out the plan folder to write (absent or empty)
 * @param allowLong plan gaps longer than genshot fills without being asked
 * @since 1.4
 */
public record PlanRequest(Path project, List<String> gaps, boolean all, boolean marked, ShotRequest shot, Path pack,
                          Long firstSeed, Path out, boolean allowLong) {
    public PlanRequest {
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }
}
