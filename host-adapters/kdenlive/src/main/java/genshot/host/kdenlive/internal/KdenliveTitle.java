package genshot.host.kdenlive.internal;

import genshot.api.EditorProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What Kdenlive's window title and its process say about the project it has open. */
final class KdenliveTitle {
    private KdenliveTitle() {
    }

    /** The project's name as Kdenlive titles it: the file name without {@code .kdenlive}. */
    static String stem(Path project) {
        String name = project.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".kdenlive") ? name.substring(0, name.length() - 9) : name;
    }

    /**
     * The project name in a main-window title: {@code "sample [*]/ 640x360 25fps"} (over D-Bus, with Qt's literal
     * modified-placeholder) or {@code "sample* / 640x360 25fps — Kdenlive"} (as the window system shows it) gives
     * {@code "sample"}. The name is what comes before the first {@code "/"}, less the placeholder and a trailing
     * {@code *}. Blank for a blank title (a dialog is up).
     */
    static String projectName(String title) {
        if (title == null) {
            return "";
        }
        int slash = title.indexOf('/');
        String name = slash >= 0 ? title.substring(0, slash) : title;
        name = name.replace("[*]", "").strip();
        while (name.endsWith("*")) {
            name = name.substring(0, name.length() - 1).strip();
        }
        return name;
    }

    /**
     * The file the Kdenlive process has open, as far as the process tells: the {@code .kdenlive} file on its command
     * line named {@code stem}, else its one recent file with that name; null when neither says (or two recent files
     * share the name).
     */
    static Path openedFile(EditorProcess p, String stem) {
        for (Path f : p.files(".kdenlive")) {
            if (stem(f).equals(stem)) {
                return f;
            }
        }
        // recent files: only when exactly one of them has that name (their order differs between KDE versions)
        List<Path> named = recentFiles(p).stream().filter(f -> stem(f).equals(stem)).distinct().toList();
        return named.size() == 1 ? named.get(0) : null;
    }

    static boolean onCommandLine(EditorProcess p, Path file) {
        return p.files(".kdenlive").stream().anyMatch(f -> f.equals(file));
    }

    /**
     * Kdenlive's recent files, newest first: {@code [Recent Files]} of {@code kdenliverc} in the process's config
     * folder ({@code XDG_CONFIG_HOME}, else {@code HOME/.config}), keys {@code File1}, {@code File2}, … (KDE's
     * {@code KRecentFilesAction}).
     */
    static List<Path> recentFiles(EditorProcess p) {
        String xdg = p.env().get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : p.home().resolve(".config");
        try {
            return recentFiles(Files.readAllLines(config.resolve("kdenliverc"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The {@code FileN=} entries of the {@code [Recent Files]} group, by number. */
    static List<Path> recentFiles(List<String> kdenliverc) {
        java.util.TreeMap<Integer, Path> byNumber = new java.util.TreeMap<>();
        boolean in = false;
        for (String line : kdenliverc) {
            String l = line.strip();
            if (l.startsWith("[")) {
                in = l.equals("[Recent Files]");
                continue;
            }
            if (!in || !l.startsWith("File")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = l.substring(4, eq).replace("[$e]", "");
            if (!key.chars().allMatch(Character::isDigit) || key.isEmpty()) {
                continue;
            }
            String value = l.substring(eq + 1).strip();
            if (value.startsWith("file://")) {
                value = java.net.URI.create(value).getPath();
            }
            if (value.startsWith("/")) {
                byNumber.put(Integer.parseInt(key), Path.of(value));
            }
        }
        return List.copyOf(byNumber.values());
    }
}
