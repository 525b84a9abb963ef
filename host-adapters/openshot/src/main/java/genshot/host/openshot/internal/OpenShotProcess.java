package genshot.host.openshot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import genshot.api.EditorProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running openshot-qt's process tells about the project it has open: the {@code .osp} on its command line, its
 * recent projects, its version. openshot-qt 2.6.1 runs as {@code /usr/bin/python3 /usr/bin/openshot-qt [project.osp]}
 * (Debian's entry-point script) or {@code python3 .../openshot_qt/launch.py [project.osp]} (a source checkout).
 */
final class OpenShotProcess {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUIRES = Pattern.compile("openshot-qt==([0-9][0-9A-Za-z.+~-]*)");
    private static final Pattern INFO_VERSION = Pattern.compile("(?m)^VERSION\\s*=\\s*[\"']([^\"']+)[\"']");
    /** Settings files larger than this are not openshot-qt's (its own is about 40 KB). */
    private static final long MAX_SETTINGS = 4 << 20;

    private OpenShotProcess() {
    }

    /** Whether a command line runs openshot-qt ({@link #script}). */
    static boolean isOpenShot(List<String> args) {
        return script(args) != null;
    }

    /**
     * The openshot-qt program of a command line: the program itself when it is {@code openshot-qt}, else, for a Python
     * interpreter, the script it runs (its first argument that is not an option), when that is {@code openshot-qt} or
     * {@code openshot_qt/launch.py}; {@code python3 -m openshot_qt.launch} gives the module name. Null for any other
     * command line (a file named on an editor's command line does not count).
     */
    static String script(List<String> args) {
        if (args.isEmpty()) {
            return null;
        }
        if (isScript(args.get(0))) {
            return args.get(0);
        }
        String program = args.get(0).substring(args.get(0).lastIndexOf('/') + 1);
        if (!program.startsWith("python")) {
            return null;
        }
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-X") || a.equals("-W") || a.equals("--check-hash-based-pycs")) {
                i++; // an option with a value
            } else if (a.equals("-m")) {
                return i + 1 < args.size() && args.get(i + 1).equals("openshot_qt.launch") ? args.get(i + 1) : null;
            } else if (a.equals("-c") || a.equals("-")) {
                return null;
            } else if (!a.startsWith("-")) {
                return isScript(a) ? a : null;
            }
        }
        return null;
    }

    private static boolean isScript(String a) {
        return a.equals("openshot-qt") || a.endsWith("/openshot-qt") || a.equals("openshot_qt/launch.py")
                || a.endsWith("/openshot_qt/launch.py");
    }

    /** The {@code .osp} files on the command line, made absolute against the process's working folder. */
    static List<Path> commandLineProjects(EditorProcess p) {
        return p.files(".osp");
    }

    /** openshot-qt's settings file for that process: {@code $HOME/.openshot_qt/openshot.settings} of its own HOME. */
    static Path settingsFile(EditorProcess p) {
        return p.home().resolve(".openshot_qt").resolve("openshot.settings");
    }

    /** The process's recent projects, oldest first (openshot-qt appends the project it opens or saves). */
    static List<Path> recentProjects(EditorProcess p) {
        return recentProjects(settingsFile(p));
    }

    /**
     * The {@code recent_projects} setting of an openshot.settings file (a JSON list of {@code {"setting", "value"}}
     * objects; the value a list of absolute paths, newest last); empty when the file is missing, too large or not
     * that JSON.
     */
    static List<Path> recentProjects(Path settings) {
        try {
            if (!Files.isRegularFile(settings) || Files.size(settings) > MAX_SETTINGS) {
                return List.of();
            }
            return recentProjects(Files.readAllBytes(settings));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static List<Path> recentProjects(byte[] settingsJson) {
        try {
            JsonNode root = JSON.readTree(settingsJson);
            if (root == null || !root.isArray()) {
                return List.of();
            }
            List<Path> out = new ArrayList<>();
            for (JsonNode s : root) {
                if (!"recent_projects".equals(s.path("setting").asText(null))) {
                    continue;
                }
                out.clear(); // a repeated key: openshot-qt keeps the last (its dict comprehension does)
                for (JsonNode v : s.path("value")) {
                    if (v.isTextual() && v.asText().startsWith("/")) {
                        try {
                            out.add(Path.of(v.asText()).normalize());
                        } catch (RuntimeException notAPath) {
                            // skipped
                        }
                    }
                }
            }
            return List.copyOf(out);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * openshot-qt's version, read cheaply from its files: the {@code openshot-qt==X} of the entry-point script
     * ({@code /usr/bin/openshot-qt}), else {@code VERSION} in {@code classes/info.py} next to {@code launch.py}; null
     * when neither says.
     */
    static String version(EditorProcess p) {
        String a = script(p.args());
        if (a == null) {
            return null;
        }
        try {
            if (a.endsWith("openshot_qt/launch.py")) {
                return find(INFO_VERSION, head(resolve(p, a).resolveSibling("classes").resolve("info.py"), 16 << 10));
            } else if (a.endsWith("openshot-qt")) {
                return find(REQUIRES, head(resolve(p, a), 4 << 10));
            }
        } catch (IOException | RuntimeException e) {
            // no version
        }
        return null;
    }

    private static Path resolve(EditorProcess p, String arg) {
        Path path = Path.of(arg);
        return path.isAbsolute() || p.cwd() == null ? path : p.cwd().resolve(path);
    }

    private static String head(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        }
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
