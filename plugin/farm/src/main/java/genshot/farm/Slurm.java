package genshot.farm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genshot.api.GenshotException;
import genshot.api.Quoting;
import genshot.api.ShotPlans;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan as a Slurm job array: {@link #write} puts {@value #SCRIPT} into the plan folder (one array task per shard,
 * each running {@code genshot render PLAN_DIR --shard "$SLURM_ARRAY_TASK_ID/N" --no-progress}, its output in
 * {@code logs/slurm-<job>_<task>.out}), {@link #submit} hands it to {@code sbatch --parsable}, and {@link #submitAndWait}
 * submits it the same way and follows the shards' reports ({@code shards/I-of-N.json}, written by render) and the
 * queue ({@code squeue}) until every task has ended, then says which shots failed and which tasks did not finish.
 *
 * <p>Every value is checked before anything is written. The {@code #SBATCH} lines are quoted as sbatch reads them
 * (double quotes, a backslash before {@code "} and {@code \}; {@code %} doubled in {@code --output}, where sbatch
 * replaces {@code %A} and {@code %a}); the script's command line is quoted for bash. sbatch drops a backslash from an
 * {@code --output} path and a line cannot hold a line break, so a plan folder whose path has either is refused.
 */
public final class Slurm {

    /** The script's name in the plan folder. */
    public static final String SCRIPT = "slurm.sbatch";

    /** The system property that says how to run genshot ({@code bin/genshot} sets it to its own absolute path). */
    public static final String COMMAND_PROPERTY = "genshot.command";

    private static final Pattern TIME = Pattern.compile(
            "(?:(\\d+)-(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2}))?)?)|(?:(\\d+)(?::(\\d{1,2})(?::(\\d{1,2}))?)?)");
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.-]+(?:,[A-Za-z0-9_.-]+)*");
    private static final Pattern GPUS = Pattern.compile("(?:[A-Za-z0-9_.-]+:)?[1-9][0-9]{0,5}");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./@%+=:,-]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sbatch;
    private final Map<String, String> env;

    /** Slurm as this machine's {@code sbatch} (on the PATH) sees it. */
    public Slurm() {
        this("sbatch", Map.of());
    }

    /**
     * @param sbatch the sbatch program (a name on the PATH or a path)
     * @param env variables added to sbatch's environment (e.g. {@code SLURM_CONF}); the job inherits them
     */
    public Slurm(String sbatch, Map<String, String> env) {
        this.sbatch = sbatch;
        this.env = Map.copyOf(env);
    }

    /**
     * What to submit.
     *
     * @param plan the plan folder ({@code genshot plan ... --out PLAN_DIR})
     * @param shards how many shards (array tasks) to split the plan's shots into, at least 1
     * @param partition a partition name, a comma-separated list of them, or null for the cluster's default
     * @param gpusPerTask {@code N} or {@code TYPE:N}, or null for none
     * @param time the time limit of each task in one of Slurm's forms (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM,
     *        D-HH:MM:SS), or null for the partition's
     * @param genshot how the tasks run genshot (one program: a path or a name on the nodes' PATH), or null for the
     *        system property {@value #COMMAND_PROPERTY}
     * @param tasks the shards to run (to run failed ones again), or null or empty for all of them
     */
    public record Job(Path plan, int shards, String partition, String gpusPerTask, String time, String genshot,
                      List<Integer> tasks) {
        public Job {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }

        /** Every shard, the cluster's defaults, genshot from {@value #COMMAND_PROPERTY}. */
        public static Job of(Path plan, int shards) {
            return new Job(plan, shards, null, null, null, null, null);
        }

        /** The shards this job runs, in order. */
        public List<Integer> indexes() {
            if (tasks.isEmpty()) {
                List<Integer> all = new ArrayList<>();
                for (int i = 0; i < shards; i++) {
                    all.add(i);
                }
                return all;
            }
            return tasks.stream().distinct().sorted().toList();
        }
    }

    /**
     * A written script.
     *
     * @param file {@code PLAN_DIR/slurm.sbatch}
     * @param text what it holds
     * @param logs the folder of the tasks' output ({@code PLAN_DIR/logs})
     * @param shots how many shots the plan has, or -1 when its {@value ShotPlans#PLAN_FILE} does not say
     * @param notes things worth saying that do not stop the job (more shards than shots)
     */
    public record Script(Path file, String text, Path logs, int shots, List<String> notes) {
        public Script {
            notes = List.copyOf(notes);
        }
    }

    /** A submitted job: its id, the script, where its tasks write their output. */
    public record Submitted(String jobId, Script script) {
        /** The output file of one task. */
        public Path log(int task) {
            return script.logs().resolve("slurm-" + jobId + "_" + task + ".out");
        }
    }

    /**
     * How one task ended, as its shard's report says.
     *
     * @param shard the shard
     * @param state {@code done} (finished, no shot failed), {@code failed} (finished, some shot failed), {@code
     *        unfinished} (the report says it started but not that it finished: killed, timed out, node lost), {@code
     *        missing} (no report written by this job: the task never got to render)
     * @param failed the shots that failed, with why
     * @param done how many shots it made
     * @param skipped how many shots it found already made
     * @param report the report file
     * @param log the task's output file
     * @param host where it ran, or null when not known
     */
    public record TaskOutcome(ShotPlans.Shard shard, String state, List<ShotPlans.ShotOutcome> failed, int done,
                              int skipped, Path report, Path log, String host) {
        public TaskOutcome {
            failed = List.copyOf(failed);
        }

        public boolean ok() {
            return state.equals("done");
        }
    }

    /**
     * How a job that was waited for ended.
     *
     * @param exitCode 0 when every task finished with no failed shot, 1 otherwise
     */
    public record Outcome(Submitted submitted, int exitCode, List<TaskOutcome> tasks) {
        public Outcome {
            tasks = List.copyOf(tasks);
        }

        /** Every task finished with no failed shot, and sbatch says so too. */
        public boolean ok() {
            return exitCode == 0 && tasks.stream().allMatch(TaskOutcome::ok);
        }

        /** The tasks that failed a shot or did not finish. */
        public List<TaskOutcome> problems() {
            return tasks.stream().filter(t -> !t.ok()).toList();
        }

        /**
         * The outcome in lines for a terminal: one summary line, then per failed shard its failed shots and why, per
         * task that did not finish its output file.
         */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            int n = submitted.script().shots();
            long failedShots = tasks.stream().mapToLong(t -> t.failed().size()).sum();
            long unfinished = tasks.stream().filter(t -> t.state().equals("unfinished") || t.state().equals("missing"))
                    .count();
            out.add("Slurm job " + submitted.jobId() + ": " + count(tasks.size(), "task") + ", "
                    + tasks.stream().filter(TaskOutcome::ok).count() + " done, "
                    + tasks.stream().filter(t -> t.state().equals("failed")).count() + " with failed shots ("
                    + failedShots + "), " + unfinished + " did not finish"
                    + (n >= 0 ? "; the plan has " + count(n, "shot") : "") + ".");
            for (TaskOutcome t : tasks) {
                String where = t.host() == null ? "" : " on " + t.host();
                switch (t.state()) {
                    case "failed" -> {
                        out.add("shard " + t.shard() + where + ": " + count(t.failed().size(), "shot")
                                + " failed (" + t.done() + " made, "
                                + t.skipped() + " already made):");
                        for (ShotPlans.ShotOutcome s : t.failed()) {
                            out.add("  " + s.id() + ": " + Quoting.flat(s.message(), 300));
                        }
                    }
                    case "unfinished" -> out.add("shard " + t.shard() + where + " did not finish (killed, timed out "
                            + "or its node lost; " + count(t.done(), "shot") + " made): see " + t.log());
                    case "missing" -> out.add("shard " + t.shard() + " wrote no report (genshot did not start, or "
                            + "stopped before its first report): "
                            + (Files.exists(t.log()) ? "see " + t.log() : "no output either (" + t.log()
                            + "): Slurm could not start the task (does the node see the plan folder, "
                            + "and may the job's user write in it?)"));
                    default -> {
                        // done: said in the summary
                    }
                }
            }
            return out;
        }
    }

    /** {@code 1 shot}, {@code 2 shots}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Checks the job and writes {@value #SCRIPT} (atomically, mode 0755) and the logs folder. */
    public Script write(Job job) {
        Path plan = checkPlan(job.plan());
        int shards = job.shards();
        if (shards < 1) {
            throw GenshotException.of("usage.shards", "--shards must be at least 1, not " + shards, null, "--shards",
                    "e.g. --shards 8 for eight array tasks");
        }
        for (int t : job.tasks()) {
            if (t < 0 || t >= shards) {
                throw GenshotException.of("usage.tasks", "--tasks names shard " + t + " but there are " + shards
                        + " (0 to " + (shards - 1) + ")", null, "--tasks", "e.g. --tasks 1,4 to run shards 1 and 4 again");
            }
        }
        String partition = job.partition();
        if (partition != null && !PARTITION.matcher(partition).matches()) {
            throw GenshotException.of("usage.partition", "--partition must be a partition name (letters, digits, "
                    + "_ . -) or a comma-separated list of them, not " + Quoting.quote(partition), null, "--partition",
                    "sinfo lists the partitions");
        }
        String gpus = job.gpusPerTask();
        if (gpus != null && !GPUS.matcher(gpus).matches()) {
            throw GenshotException.of("usage.gpus", "--gpus-per-task must be N or TYPE:N (N at least 1), not "
                    + Quoting.quote(gpus), null, "--gpus-per-task", "e.g. --gpus-per-task 1 or --gpus-per-task a100:1");
        }
        checkTime(job.time());
        String genshot = genshotCommand(job.genshot());

        int shots = countShots(plan);
        List<String> notes = new ArrayList<>();
        if (shots >= 0 && shards > shots) {
            notes.add(shards + " shards for " + count(shots, "shot") + ": " + count(shards - shots, "task")
                    + " will have nothing to render (--shards " + Math.max(1, shots) + " is enough)");
        }
        if (genshot.startsWith("/") && !Files.isExecutable(Path.of(genshot))) {
            notes.add("genshot is not at " + genshot + " on this machine; the nodes must have it there");
        }

        Path logs = plan.resolve(ShotPlans.LOGS);
        String text = script(plan, job, genshot);
        Path file = plan.resolve(SCRIPT);
        Path tmp = plan.resolve("." + SCRIPT + ".tmp");
        try {
            Files.createDirectories(logs);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write failed already; that is what is said
            }
            throw GenshotException.of("slurm.write", "Cannot write the Slurm script: " + Quoting.flat(e.toString(), 200),
                    file, null, "check that the plan folder is writable and the disk not full");
        }
        return new Script(file, text, logs, shots, notes);
    }

    /** Writes the script and submits it with {@code sbatch --parsable}; returns at once with the job id. */
    public Submitted submit(Job job) {
        Script s = write(job);
        Run r = sbatch(s);
        return new Submitted(jobId(r, s), s);
    }

    /**
     * Writes the script, submits it with {@code sbatch --parsable} and waits until every task has written a finished
     * report or the job has left the queue ({@code squeue}), then reads the shards' reports. A report that was there before the submission and is unchanged counts as missing: it is an
     * earlier run's.
     */
    public Outcome submitAndWait(Job job) {
        Script s = write(job);
        Map<Integer, byte[]> before = new HashMap<>();
        for (int i : job.indexes()) {
            byte[] old = readOrNull(report(s, i, job.shards()));
            if (old != null) {
                before.put(i, old);
            }
        }
        Run r = sbatch(s);
        Submitted sub = new Submitted(jobId(r, s), s);
        // sbatch --wait polls the controller at growing intervals (here: up to 30 s after the job had ended); the
        // shards' reports say sooner when every task is done, and squeue when the job is gone (a task killed)
        long pollMillis = 500;
        long nextQueueCheck = 0;
        while (true) {
            List<TaskOutcome> tasks = new ArrayList<>();
            for (int i : job.indexes()) {
                tasks.add(outcome(sub, new ShotPlans.Shard(i, job.shards()), before.get(i)));
            }
            boolean allEnded = tasks.stream().allMatch(t -> t.state().equals("done") || t.state().equals("failed"));
            boolean gone = false;
            if (!allEnded && System.nanoTime() >= nextQueueCheck) {
                gone = !inQueue(sub.jobId(), s);
                nextQueueCheck = System.nanoTime() + 2_000_000_000L;
            }
            if (allEnded || gone) {
                if (gone) {
                    // the job left the queue: read the reports once more, a task may have written it as it ended
                    tasks = new ArrayList<>();
                    for (int i : job.indexes()) {
                        tasks.add(outcome(sub, new ShotPlans.Shard(i, job.shards()), before.get(i)));
                    }
                }
                boolean ok = tasks.stream().allMatch(TaskOutcome::ok);
                return new Outcome(sub, ok ? 0 : 1, tasks);
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw GenshotException.of("slurm.interrupted", "Stopped waiting for Slurm job " + sub.jobId()
                        + "; it goes on", s.file(), null, "follow it with squeue -j " + sub.jobId() + " and read the "
                        + "reports in " + ShotPlans.SHARDS + "/");
            }
        }
    }

    /** Whether any task of the job is still in Slurm's queue (pending, running or completing). */
    private boolean inQueue(String jobId, Script s) {
        String squeue = sbatch.contains("/") ? Path.of(sbatch).resolveSibling("squeue").toString() : "squeue";
        ProcessBuilder pb = new ProcessBuilder(squeue, "--noheader", "--array", "--jobs", jobId, "--format", "%i %T");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            Drain out = new Drain(p.getInputStream());
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return true; // a controller that does not answer: keep waiting
            }
            out.join();
            // an unknown job id (gone long ago) is an error with no line for the job: gone as well
            return p.exitValue() == 0 && out.text().lines().anyMatch(l -> l.startsWith(jobId + "_")
                    || l.startsWith(jobId + " "));
        } catch (IOException e) {
            throw GenshotException.of("slurm.missing", "Cannot run squeue (Slurm's client) to follow job " + jobId
                    + ": " + Quoting.flat(e.getMessage(), 200), s.file(), null, "install Slurm's client, or submit "
                    + "without --wait and follow the job by hand");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The script's text. */
    static String script(Path plan, Job job, String genshot) {
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        String name = plan.getFileName() == null ? "plan" : plan.getFileName().toString();
        sbatchLine(b, "--job-name", "genshot-" + name);
        sbatchLine(b, "--array", job.tasks().isEmpty() ? "0-" + (job.shards() - 1)
                : String.join(",", job.indexes().stream().map(String::valueOf).toList()));
        sbatchLine(b, "--output", plan.resolve(ShotPlans.LOGS).toString().replace("%", "%%") + "/slurm-%A_%a.out");
        if (job.partition() != null) {
            sbatchLine(b, "--partition", job.partition());
        }
        if (job.gpusPerTask() != null) {
            sbatchLine(b, "--gpus-per-task", job.gpusPerTask());
        }
        if (job.time() != null) {
            sbatchLine(b, "--time", job.time());
        }
        b.append("# Written by genshot farm slurm. Each task of the array renders one shard of the plan; a shot whose\n")
                .append("# take is already made is skipped, so the script can be submitted again (sbatch ")
                .append(SCRIPT).append(").\n");
        b.append("exec ").append(Quoting.shellWord(genshot)).append(" render ").append(Quoting.shellWord(plan.toString()))
                .append(" --shard \"${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: each task of its array")
                .append(" renders one shard}/").append(job.shards()).append("\" --no-progress\n");
        return b.toString();
    }

    /** {@code #SBATCH --name=value}, the value quoted as sbatch's own reader unquotes it. */
    private static void sbatchLine(StringBuilder b, String option, String value) {
        b.append("#SBATCH ").append(option).append('=');
        if (PLAIN.matcher(value).matches()) {
            b.append(value);
        } else {
            b.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        b.append('\n');
    }

    private static Path checkPlan(Path given) {
        if (given == null) {
            throw GenshotException.of("usage.plan", "No plan folder given", null, "PLAN_DIR",
                    "make one with genshot plan PROJECT ... --out PLAN_DIR");
        }
        Path plan = given.toAbsolutePath().normalize();
        if (!Files.isRegularFile(plan.resolve(ShotPlans.PLAN_FILE))) {
            throw GenshotException.of("plan.missing", "Not a plan folder: it has no " + ShotPlans.PLAN_FILE,
                    plan, null, "make one with genshot plan PROJECT ... --out " + Quoting.shellWord(plan.toString()));
        }
        String text = plan.toString();
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            throw GenshotException.of("slurm.path", "The plan folder's path holds a line break or another control "
                    + "character, which a #SBATCH line cannot carry", plan, null,
                    "move or rename the plan folder (genshot plan ... --out with a plainer name)");
        }
        if (text.contains("\\")) {
            throw GenshotException.of("slurm.path", "The plan folder's path holds a backslash, which sbatch drops "
                    + "from --output", plan, null, "move or rename the plan folder (genshot plan ... --out with a "
                    + "plainer name)");
        }
        return plan;
    }

    /** Throws unless {@code time} is null or in one of Slurm's forms, with minutes and seconds below 60 after hours. */
    static void checkTime(String time) {
        if (time == null) {
            return;
        }
        Matcher m = TIME.matcher(time);
        boolean ok = m.matches();
        if (ok && m.group(1) != null) {
            // D-HH[:MM[:SS]]
            ok = below(m.group(2), 24) && below(m.group(3), 60) && below(m.group(4), 60);
        } else if (ok && m.group(7) != null) {
            // HH:MM:SS
            ok = below(m.group(6), 60) && below(m.group(7), 60);
        } else if (ok && m.group(6) != null) {
            // MM:SS
            ok = below(m.group(6), 60);
        }
        if (!ok) {
            throw GenshotException.of("usage.time", "--time must be in one of Slurm's forms MM, MM:SS, HH:MM:SS, D-HH, "
                    + "D-HH:MM or D-HH:MM:SS, not " + Quoting.quote(time), null, "--time",
                    "e.g. --time 90 (minutes), --time 2:00:00 or --time 1-12");
        }
    }

    private static boolean below(String digits, int limit) {
        return digits == null || Integer.parseInt(digits) < limit;
    }

    private static String genshotCommand(String given) {
        String cmd = given != null ? given : System.getProperty(COMMAND_PROPERTY);
        if (cmd == null || cmd.isBlank()) {
            throw GenshotException.of("usage.genshot", "Cannot tell how the nodes run genshot: no --genshot and no "
                    + COMMAND_PROPERTY + " system property", null, "--genshot",
                    "give the path of bin/genshot as the nodes see it, e.g. --genshot /opt/genshot/bin/genshot");
        }
        if (cmd.contains("/") && !cmd.startsWith("/")) {
            // the tasks start in the folder sbatch ran in; a relative path is made absolute against ours
            cmd = Path.of(cmd).toAbsolutePath().normalize().toString();
        }
        return cmd;
    }

    /** The plan's shot count ({@code shots} in its plan file), or -1 when it cannot be told. */
    private static int countShots(Path plan) {
        try {
            JsonNode shots = JSON.readTree(plan.resolve(ShotPlans.PLAN_FILE).toFile()).get("shots");
            return shots != null && shots.isArray() ? shots.size() : -1;
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    private static Path report(Script s, int index, int count) {
        return s.file().getParent().resolve(ShotPlans.SHARDS).resolve(new ShotPlans.Shard(index, count).reportName());
    }

    private static TaskOutcome outcome(Submitted sub, ShotPlans.Shard shard, byte[] before) {
        Path report = report(sub.script(), shard.index(), shard.count());
        Path log = sub.log(shard.index());
        byte[] now = readOrNull(report);
        if (now == null || (before != null && Arrays.equals(before, now))) {
            return new TaskOutcome(shard, "missing", List.of(), 0, 0, report, log, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(now);
        } catch (IOException e) {
            // written atomically by render: a damaged one is someone else's doing, and says nothing of this run
            return new TaskOutcome(shard, "missing", List.of(), 0, 0, report, log, null);
        }
        List<ShotPlans.ShotOutcome> failed = new ArrayList<>();
        int done = 0;
        int skipped = 0;
        JsonNode shots = root.path("shots");
        for (JsonNode s : shots) {
            String state = s.path("state").asText("");
            switch (state) {
                case "done" -> done++;
                case "skipped" -> skipped++;
                case "failed" -> failed.add(new ShotPlans.ShotOutcome(s.path("id").asText("?"), state,
                        s.path("message").asText(""), s.path("millis").asLong(0)));
                default -> {
                    // a state a later render may add: not counted
                }
            }
        }
        String host = root.path("host").isTextual() ? root.path("host").asText() : null;
        JsonNode finished = root.get("finished");
        boolean ended = finished != null && !finished.isNull() && !finished.asText("").isEmpty();
        String state = !ended ? "unfinished" : failed.isEmpty() ? "done" : "failed";
        return new TaskOutcome(shard, state, failed, done, skipped, report, log, host);
    }

    private static byte[] readOrNull(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run sbatch(Script s) {
        List<String> cmd = new ArrayList<>(List.of(sbatch, "--parsable", s.file().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.directory(s.file().getParent().toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw GenshotException.of("slurm.missing", "Cannot run sbatch (Slurm's client): "
                    + Quoting.flat(e.getMessage(), 200), s.file(), null, "install Slurm's client (Debian: slurm-client) "
                    + "and its configuration, or run genshot render " + Quoting.shellWord(s.file().getParent().toString())
                    + " --shard I/N by hand on each machine");
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        try {
            int exit = p.waitFor();
            out.join();
            err.join();
            return new Run(exit, out.text(), err.text());
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw GenshotException.of("slurm.interrupted", "Stopped waiting for the Slurm job; it goes on", s.file(),
                    null, "follow it with squeue --me and read the reports in " + ShotPlans.SHARDS + "/");
        }
    }

    /** The job id sbatch printed ({@code id} or {@code id;cluster}), or a problem with sbatch's own words. */
    private static String jobId(Run r, Script s) {
        String first = r.stdout.strip().lines().findFirst().orElse("");
        String id = first.contains(";") ? first.substring(0, first.indexOf(';')) : first;
        if (!id.matches("[0-9]+")) {
            String said = Quoting.flat(r.stderr.isBlank() ? r.stdout : r.stderr, 400);
            throw GenshotException.of("slurm.refused", "sbatch refused the job (exit " + r.exit + "): "
                    + (said.isEmpty() ? "it said nothing" : said), s.file(), null,
                    "check --partition, --time and --gpus-per-task against sinfo and the cluster's limits");
        }
        return id;
    }

    /** Reads a process's stream to the end in a thread of its own, so that neither pipe fills. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process ended; what was read is kept
            }
        }

        String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
