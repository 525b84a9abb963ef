package genshot.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Many shots at once, on one machine or many: {@code plan} writes every shot fully specified into a plan folder
 * (with the neighbour frames the shots need and the project's hash), {@code render} makes one shard of the plan's
 * shots into the folder (any number of processes, on any machines that see the folder and the model pack), and
 * {@code apply} inserts every finished take into the project in one save.
 *
 * <p>The plan folder: {@value #PLAN_FILE} (the shots), {@value #CONTEXT}/ (neighbour frames), {@value #TAKES}/ (one
 * take and its sidecar per shot, named after the shot), {@value #SHARDS}/ (each shard's report, {@code I-of-N.json}),
 * {@value #LOGS}/ (the schedulers' logs). Paths inside the plan are relative to it, so the folder can be mounted
 * anywhere.
 *
 * @since 1.4
 */
public interface ShotPlans {
    String PLAN_FILE = "plan.json";
    String CONTEXT = "context";
    String TAKES = "takes";
    String SHARDS = "shards";
    String LOGS = "logs";

    /** Writes a plan for the request's gaps into {@link PlanRequest#out()}, which must be empty or absent. */
    Plan plan(PlanRequest request, Progress progress, Cancellation cancel);

    /** Reads a plan folder and says where each shot stands. */
    Plan read(Path planDir);

    /**
     * Renders the shard's shots into the plan's {@value #TAKES} folder; a shot whose take is finished and verified
     * is skipped, a half-written one is made again. Goes on after a failed shot and reports it. A shot made with a
     * model pack needs that pack's generator installed (the caller makes it from the pack's folder); its model
     * files must have the SHA-256 the plan records.
     */
    RenderReport render(Path planDir, Shard shard, Progress progress, Cancellation cancel);

    /**
     * Inserts every finished take of the plan whose range is still free into the project: one backup, one atomic
     * save, one journal entry per take. Shots already in place are left as they are.
     */
    ApplyReport apply(Path planDir);

    /**
     * One share of a plan: shot {@code k} (counted from 0 in the plan's order) belongs to shard {@code k % count}.
     *
     * @param index from 0 to {@code count - 1}, as Slurm's array task id and Kubernetes' completion index count
     */
    record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 0 || index >= count) {
                throw GenshotException.of("usage.shard", "A shard is I/N with 0 <= I < N, not " + index + "/" + count,
                        null, "--shard", "e.g. --shard 0/3 for the first of three");
            }
        }

        /** The whole plan in one process. */
        public static final Shard ALL = new Shard(0, 1);

        /** {@code I/N}, e.g. {@code 2/3}. */
        public static Shard parse(String text) {
            String[] p = text == null ? new String[0] : text.trim().split("/");
            try {
                if (p.length == 2) {
                    return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw GenshotException.of("usage.shard", "--shard must be I/N (whole numbers, 0 <= I < N), not '"
                    + text + "'", null, "--shard", "e.g. --shard 0/3 for the first of three shards");
        }

        public boolean owns(int shotIndex) {
            return shotIndex % count == index;
        }

        /** The name of this shard's report in {@value ShotPlans#SHARDS}/. */
        public String reportName() {
            return index + "-of-" + count + ".json";
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /** A plan as read from its folder. */
    record Plan(Path folder, Path project, String host, String projectSha256, List<Shot> shots, List<String> notes) {
        public Plan {
            shots = List.copyOf(shots);
            notes = List.copyOf(notes);
        }
    }

    /**
     * One shot of a plan and where it stands.
     *
     * @param id the shot's name in the plan ({@code s01}, ...): its take is {@code takes/<id>.<ext>}
     * @param gap the gap id when planned (gap ids shift as gaps fill: track and range are what counts)
     * @param state {@code pending} (not rendered), {@code done} (take finished and verified), {@code failed} (the
     *        last render of it failed: {@code error} says why)
     * @param pack the model pack's folder where the plan was made, or null when the generator needs none
     */
    record Shot(String id, String gap, String track, genshot.timeline.TimeRange range, ShotRequest request,
                Path pack, String state, String error, Path take) {
    }

    /** What a render did, shot by shot ({@code done}, {@code skipped} (already done), {@code failed}). */
    record RenderReport(Path plan, Shard shard, List<ShotOutcome> shots) {
        public RenderReport {
            shots = List.copyOf(shots);
        }

        public List<ShotOutcome> failed() {
            return shots.stream().filter(s -> s.state().equals("failed")).toList();
        }
    }

    /** One shot's outcome in a render or an apply. */
    record ShotOutcome(String id, String state, String message, long millis) {
    }

    /**
     * What an apply did: the shots inserted, those already in place (an earlier apply), those refused (range taken,
     * track gone or locked, not rendered, render failed), the backup of the project before the save (null when
     * nothing was inserted) and what the live link did.
     */
    record ApplyReport(Path project, List<ShotOutcome> inserted, List<ShotOutcome> alreadyInPlace,
                       List<ShotOutcome> refused, Path backup, List<String> live) {
        public ApplyReport {
            inserted = List.copyOf(inserted);
            alreadyInPlace = List.copyOf(alreadyInPlace);
            refused = List.copyOf(refused);
            live = List.copyOf(live);
        }
    }
}
