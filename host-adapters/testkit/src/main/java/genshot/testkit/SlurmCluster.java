package genshot.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real one-node Slurm cluster for a test: its own {@code munged}, {@code slurmctld} and {@code slurmd}, all in the
 * foreground as child processes of this JVM, with every file in a fresh folder under {@code java.io.tmpdir} and free
 * TCP ports, so that it never meets a system Slurm or munge. Commands run against it need {@link #env()}
 * ({@code SLURM_CONF}); {@link #command} runs one so. The node is this machine ({@code hostname -s}, reached at
 * 127.0.0.1 so that no name lookup is needed) with 4 CPUs whatever the hardware has, partition {@value #PARTITION},
 * so three one-CPU tasks run at once on two cores. {@link #close()} cancels the cluster's jobs, stops the daemons it
 * started by their pids and removes the folder.
 *
 * <p>What Debian 12's Slurm 22.05 and munge 0.5.15 need here, found by trying:
 * <ul>
 * <li>root: {@code SlurmUser=root} and {@code SlurmdUser=root} (slurmd starts the jobs as their user).</li>
 * <li>munged refuses a socket in a folder that not everyone may enter ({@code Socket is inaccessible: execute
 * permissions for all required}): the folder is 0755 and so are its parents ({@code /tmp} is), never a JUnit
 * {@code @TempDir} (0700). The key is 1024 random bytes, mode 0400. With {@code --foreground} munged logs to stderr,
 * not to its log file.</li>
 * <li>{@code SlurmdParameters=config_overrides} lets slurmd take {@code CPUs=4} on a 2-core machine (it says
 * "Node configuration differs from hardware" and goes on); without it the node is drained.
 * {@code SelectTypeParameters=CR_CPU}: the default ({@code CR_Core_Memory}, no {@code DefMemPerCPU}) gives each job
 * the node's whole memory, so the tasks of an array run one after the other.</li>
 * <li>{@code ProctrackType=proctrack/linuxproc}, {@code TaskPlugin=task/none} and no cgroup.conf: a container
 * has no cgroup slurmd may write. {@code MailProg=/bin/true}: slurmctld complains when the default is missing.</li>
 * <li>The mpi/pmix plugins log "can not load PMIx library" at start-up; harmless with {@code MpiDefault=none}.</li>
 * <li>A batch task's step daemon ({@code slurmstepd}) is not a child of slurmd: it forks twice and is reparented
 * to init, so {@link #close()} cancels the jobs first ({@code scancel}) and then ends any step daemon still bound to a
 * socket in this cluster's spool folder (found through {@code /proc/net/unix}), and its children.</li>
 * <li>{@code sbatch --wait} looks at the job after 2 s, then every 8 s: a job that ends within 2 s of its
 * submission comes back in 2 s, one that takes a little longer in 10. slurmctld delays batch jobs by up to 3 s by
 * default ({@code SchedulerParameters=batch_sched_delay=0} starts them at once) and schedules nothing in its first 2
 * to 3 s: {@link #start()} submits a job that does nothing and waits for it to end, so that a test's first job starts
 * at once. (A low {@code MinJobAge} does not shorten the polling: sbatch then fails with "Job N no longer
 * found".)</li>
 * </ul>
 * The node is {@code idle} about 1 s after the start on a 2-core machine, and the first job has run 3 s after it.
 */
public final class SlurmCluster implements AutoCloseable {

    /** The cluster's one partition (the default). */
    public static final String PARTITION = "genshot";

    /** CPUs the node says it has. */
    public static final int CPUS = 4;

    private static final Duration READY = Duration.ofSeconds(60);

    private final Path dir;
    private final String host;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Process> daemons = new ArrayList<>();

    /** The daemons and the client commands a test needs. */
    public static String[] programs() {
        return new String[] {"munged", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue", "scancel"};
    }

    /** Whether a cluster can be started here: the programs are installed and this process runs as root. */
    public static boolean available() {
        return root() && Stream.of(programs()).allMatch(SlurmCluster::installed);
    }

    /**
     * Skips the calling test unless {@link #available()}; with {@code genshot.requireHosts=true} a missing program or
     * a user other than root fails it instead.
     */
    public static void assumeOrRequire() {
        for (String exe : programs()) {
            if (!installed(exe)) {
                missing(exe + " is not installed (Debian: slurm-wlm munge)");
            }
        }
        if (!root()) {
            missing("a Slurm test cluster needs root (slurmd starts jobs as their user)");
        }
    }

    private static void missing(String msg) {
        if (Tools.requireHosts()) {
            Assertions.fail(msg + " and " + Tools.REQUIRE_HOSTS + "=true");
        }
        Assumptions.abort(msg + "; test skipped");
    }

    private static boolean installed(String exe) {
        return Tools.available(exe) || Files.isExecutable(Path.of("/usr/sbin", exe));
    }

    private static String program(String exe) {
        return Tools.available(exe) ? exe : "/usr/sbin/" + exe;
    }

    private static boolean root() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts munged, slurmctld and slurmd, waits (at most 60 s) until the node is idle and the scheduler has run a
     * first job (see above).
     */
    public static SlurmCluster start() {
        SlurmCluster c = new SlurmCluster();
        try {
            c.startDaemons();
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private SlurmCluster() {
        try {
            dir = Files.createTempDirectory("genshot-slurm");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(dir.resolve("state"));
            Files.createDirectories(dir.resolve("spool"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the Slurm test cluster's folder", e);
        }
        host = Tools.run(List.of("hostname", "-s"), null, Duration.ofSeconds(10)).requireSuccess().stdoutText().strip();
        env.put("SLURM_CONF", conf().toString());
    }

    /** The folder holding the configuration, state, spool and logs. */
    public Path dir() {
        return dir;
    }

    /** {@code slurm.conf}. */
    public Path conf() {
        return dir.resolve("slurm.conf");
    }

    /** The node's name (this machine's short host name). */
    public String node() {
        return host;
    }

    /** The environment Slurm's commands need to reach this cluster ({@code SLURM_CONF}). */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** The pids of the daemons started (munged, slurmctld, slurmd). */
    public List<Long> pids() {
        return daemons.stream().map(Process::pid).toList();
    }

    /** Runs a Slurm command ({@code sinfo}, {@code squeue}, ...) against this cluster, waiting at most 60 s. */
    public Tools.Result command(String... command) {
        return Tools.run(List.of(command), dir, Duration.ofSeconds(60), env);
    }

    private void startDaemons() {
        writeKeyAndConf();
        Path socket = dir.resolve("munge.sock");
        Process munged = launch("munged", List.of(program("munged"), "--foreground", "-S", socket.toString(),
                "--key-file=" + dir.resolve("munge.key"), "--pid-file=" + dir.resolve("munged.pid"),
                "--log-file=" + dir.resolve("munged.log"), "--seed-file=" + dir.resolve("munged.seed")));
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!Files.exists(socket)) {
            if (!munged.isAlive() || System.nanoTime() > until) {
                throw new IllegalStateException("munged did not open " + socket + ":\n" + logs());
            }
            XvfbSession.sleep(50);
        }
        launch("slurmctld", List.of(program("slurmctld"), "-D", "-f", conf().toString()));
        launch("slurmd", List.of(program("slurmd"), "-D", "-f", conf().toString()));
        until = System.nanoTime() + READY.toNanos();
        String state = "";
        while (!state.equals("idle")) {
            for (Process p : daemons) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a Slurm test daemon exited (" + p.info().command().orElse("?")
                            + ", status " + p.exitValue() + "):\n" + logs());
                }
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the Slurm test node is not idle after " + READY.toSeconds()
                        + " s (sinfo says '" + state + "'):\n" + logs());
            }
            XvfbSession.sleep(200);
            Tools.Result r = Tools.run(List.of("sinfo", "-h", "-N", "-o", "%t"), dir, Duration.ofSeconds(20), env);
            state = r.exitCode() == 0 ? r.stdoutText().strip() : r.stderr().strip();
        }
        String warmUp = command("sbatch", "--parsable", "--job-name=warm-up", "--output=/dev/null", "--wrap=true")
                .requireSuccess().stdoutText().strip();
        while (!command("squeue", "-h", "-j", warmUp).stdoutText().isBlank()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the Slurm test cluster did not run a job that does nothing within "
                        + READY.toSeconds() + " s:\n" + logs());
            }
            XvfbSession.sleep(100);
        }
    }

    private void writeKeyAndConf() {
        try {
            byte[] key = new byte[1024];
            new SecureRandom().nextBytes(key);
            Path keyFile = dir.resolve("munge.key");
            Files.write(keyFile, key);
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
            int ctldPort;
            int slurmdPort;
            try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
                ctldPort = a.getLocalPort();
                slurmdPort = b.getLocalPort();
            }
            String d = dir.toString();
            String conf = String.join("\n",
                    "# A one-node test cluster (genshot testkit SlurmCluster)",
                    "ClusterName=genshottest",
                    "SlurmctldHost=" + host + "(127.0.0.1)",
                    "SlurmctldPort=" + ctldPort,
                    "SlurmdPort=" + slurmdPort,
                    "SlurmUser=root",
                    "SlurmdUser=root",
                    "AuthType=auth/munge",
                    "AuthInfo=socket=" + d + "/munge.sock",
                    "CredType=cred/munge",
                    "StateSaveLocation=" + d + "/state",
                    "SlurmdSpoolDir=" + d + "/spool",
                    "SlurmctldPidFile=" + d + "/slurmctld.pid",
                    "SlurmdPidFile=" + d + "/slurmd.pid",
                    "SlurmctldLogFile=" + d + "/slurmctld.log",
                    "SlurmdLogFile=" + d + "/slurmd.log",
                    "MailProg=/bin/true",
                    "ProctrackType=proctrack/linuxproc",
                    "TaskPlugin=task/none",
                    "JobAcctGatherType=jobacct_gather/none",
                    "AccountingStorageType=accounting_storage/none",
                    "MpiDefault=none",
                    "ReturnToService=2",
                    "SchedulerParameters=batch_sched_delay=0",
                    "SchedulerType=sched/backfill",
                    "SelectType=select/cons_tres",
                    "SelectTypeParameters=CR_CPU",
                    "SlurmdParameters=config_overrides",
                    "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs=" + CPUS + " State=UNKNOWN",
                    "PartitionName=" + PARTITION + " Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
                    "");
            Files.writeString(conf(), conf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Slurm test cluster's configuration in " + dir, e);
        }
    }

    private Process launch(String name, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.directory(dir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".out").toFile());
        try {
            Process p = pb.start();
            daemons.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** The last lines of each daemon's output, for a failure message. */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"munged", "slurmctld", "slurmd"}) {
            Path f = dir.resolve(name + ".out");
            b.append("--- ").append(f).append('\n');
            try {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("(none)\n");
            }
        }
        return b.toString();
    }

    /**
     * Cancels the cluster's jobs, ends the step daemons still bound to its spool folder and their children, stops
     * slurmd, slurmctld and munged by pid (SIGTERM, SIGKILL after 5 s) and removes the folder.
     */
    @Override
    public void close() {
        if (daemons.size() == 3 && daemons.stream().allMatch(Process::isAlive)) {
            try {
                Tools.run(List.of("scancel", "--user=root"), dir, Duration.ofSeconds(20), env);
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < until) {
                    Tools.Result q = Tools.run(List.of("squeue", "-h", "-o", "%A"), dir, Duration.ofSeconds(20), env);
                    if (q.exitCode() != 0 || q.stdoutText().isBlank()) {
                        break;
                    }
                    XvfbSession.sleep(200);
                }
            } catch (RuntimeException stuck) {
                // the step daemons and the daemons are ended below all the same
            }
        }
        endAll(stepDaemons());
        for (int k = daemons.size() - 1; k >= 0; k--) {
            Process p = daemons.get(k);
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is not worth failing a test over
        }
    }

    /**
     * SIGTERM to the processes and their descendants, SIGKILL to those still running after 5 s. A step daemon's
     * parent is init, which reaps it when it gets to it: an exited one not reaped yet counts as ended.
     */
    private static void endAll(List<ProcessHandle> processes) {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle p : processes) {
            all.add(p);
            try (Stream<ProcessHandle> d = p.descendants()) {
                d.forEach(all::add);
            }
        }
        all.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until && all.stream().anyMatch(SlurmCluster::running)) {
            XvfbSession.sleep(50);
        }
        all.stream().filter(SlurmCluster::running).forEach(ProcessHandle::destroyForcibly);
    }

    /** Whether the process exists and has not exited (a zombie has). */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** The processes holding a Unix socket in this cluster's spool folder: its slurmstepd daemons. */
    List<ProcessHandle> stepDaemons() {
        String spool = dir.resolve("spool") + "/";
        Set<String> inodes = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && f[7].startsWith(spool)) {
                    inodes.add("socket:[" + f[6] + "]");
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        if (inodes.isEmpty()) {
            return List.of();
        }
        List<ProcessHandle> found = new ArrayList<>();
        Set<Long> mine = new HashSet<>(pids());
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> !mine.contains(p.pid())).forEach(p -> {
                try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
                    if (fds.anyMatch(fd -> {
                        try {
                            return inodes.contains(Files.readSymbolicLink(fd).toString());
                        } catch (IOException | RuntimeException gone) {
                            return false;
                        }
                    })) {
                        found.add(p);
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended meanwhile, or not ours to read
                }
            });
        }
        return found;
    }
}
