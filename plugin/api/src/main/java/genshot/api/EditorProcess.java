package genshot.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running process as Linux's {@code /proc} shows it to its owner: command line, working folder and environment.
 * Live links use it to tell which project an editor opened and where its settings are (the editor's own
 * {@code HOME}, {@code DISPLAY}).
 *
 * @param pid the process id
 * @param args the command line, program first
 * @param cwd the working folder, or null when it cannot be read (another user's process)
 * @param env the environment it was started with (empty when it cannot be read)
 */
public record EditorProcess(long pid, List<String> args, Path cwd, Map<String, String> env) {
    public EditorProcess {
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** The process, when it exists and its command line can be read. */
    public static Optional<EditorProcess> of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            List<String> args = split(Files.readAllBytes(proc.resolve("cmdline")));
            if (args.isEmpty()) {
                return Optional.empty();
            }
            Path cwd = null;
            try {
                cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            } catch (IOException | SecurityException | UnsupportedOperationException notOurs) {
                // another user's process: no folder
            }
            Map<String, String> env = new LinkedHashMap<>();
            try {
                for (String kv : split(Files.readAllBytes(proc.resolve("environ")))) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            } catch (IOException | SecurityException notOurs) {
                // another user's process: no environment
            }
            return Optional.of(new EditorProcess(pid, args, cwd, env));
        } catch (IOException | SecurityException | java.nio.file.InvalidPathException gone) {
            return Optional.empty();
        }
    }

    /** Every process of this user whose command line {@code matches}, lowest pid first. */
    public static List<EditorProcess> all(java.util.function.Predicate<List<String>> matches) {
        List<EditorProcess> out = new ArrayList<>();
        long me = ProcessHandle.current().pid();
        try (var s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(n);
                if (pid == me) {
                    continue;
                }
                try {
                    List<String> args = split(Files.readAllBytes(p.resolve("cmdline")));
                    if (!args.isEmpty() && matches.test(args) && Files.isReadable(p.resolve("environ"))) {
                        of(pid).ifPresent(out::add);
                    }
                } catch (IOException | SecurityException gone) {
                    // ended meanwhile, or not ours
                }
            }
        } catch (IOException | SecurityException noProc) {
            return List.of();
        }
        out.sort(java.util.Comparator.comparingLong(EditorProcess::pid));
        return out;
    }

    /**
     * The files the command line names with this extension (case-insensitive), made absolute against the working
     * folder, in order.
     */
    public List<Path> files(String extension) {
        List<Path> out = new ArrayList<>();
        String ext = extension.toLowerCase(java.util.Locale.ROOT);
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("file://")) {
                a = java.net.URI.create(a).getPath();
            }
            if (!a.toLowerCase(java.util.Locale.ROOT).endsWith(ext)) {
                continue;
            }
            try {
                Path p = Path.of(a);
                if (!p.isAbsolute()) {
                    if (cwd == null) {
                        continue;
                    }
                    p = cwd.resolve(p);
                }
                out.add(p.normalize());
            } catch (RuntimeException notAPath) {
                // skipped
            }
        }
        return out;
    }

    /** The process's home folder ({@code HOME}), else this process's. */
    public Path home() {
        String h = env.get("HOME");
        return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home"));
    }

    /** Whether two paths name the same file (following links); false when either cannot be resolved. */
    public static boolean sameFile(Path a, Path b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException | SecurityException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static List<String> split(byte[] nulSeparated) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= nulSeparated.length; i++) {
            if (i == nulSeparated.length || nulSeparated[i] == 0) {
                if (i > start) {
                    out.add(new String(nulSeparated, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
