package genshot.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GenshotException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What genshot did to a project, one JSON object per line in {@code <project>.genshot/journal.jsonl}: each
 * insertion and undo with the project's SHA-256 before and after and the backup made. Undo reads it.
 */
final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Entry(String op, Instant at, String take, Path backup, String sha256Before, String sha256After) {
    }

    private final Path file;

    Journal(ProjectFile project) {
        this.file = project.workFolder().resolve("journal.jsonl");
    }

    void append(Entry e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("op", e.op());
        o.put("at", e.at().toString());
        if (e.take() != null) {
            o.put("take", e.take());
        }
        o.put("backup", e.backup().toString());
        o.put("sha256Before", e.sha256Before());
        o.put("sha256After", e.sha256After());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(o) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException ex) {
            throw GenshotException.of("journal.unwritable", "Cannot record the change in genshot's journal: "
                    + ex.getMessage(), file, null, "the project was saved; undo will not know this change");
        }
    }

    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw corrupt("genshot's journal cannot be read (" + e.getClass().getSimpleName() + ")", null);
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode o = JSON.readTree(line);
                out.add(new Entry(o.path("op").asText(), Instant.parse(o.path("at").asText()),
                        o.hasNonNull("take") ? o.get("take").asText() : null, Path.of(o.path("backup").asText()),
                        o.path("sha256Before").asText(), o.path("sha256After").asText()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw corrupt("genshot's journal is damaged: " + firstLine(e.getOriginalMessage()), "line " + n);
            } catch (IOException | RuntimeException e) {
                throw corrupt("genshot's journal is damaged: a line is not one of its records", "line " + n);
            }
        }
        return out;
    }

    /** A damaged journal, in one line (Jackson's own messages run over two, with the location). */
    private GenshotException corrupt(String message, String place) {
        return GenshotException.of("journal.corrupt", message, file, place, "undo is not possible; the backups are in "
                + file.resolveSibling("backups"));
    }

    private static String firstLine(String s) {
        String t = s == null ? "unreadable JSON" : s.lines().findFirst().orElse("").strip();
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    /** The insertions and replacements not undone, oldest first (undos pair with the insertions before them). */
    List<Entry> activeInsertions() {
        List<Entry> stack = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.op().equals("undo")) {
                if (!stack.isEmpty()) {
                    stack.remove(stack.size() - 1);
                }
            } else if (e.op().equals("insert") || e.op().equals("replace")) {
                stack.add(e);
            }
        }
        return stack;
    }

    /** The last insertion or replacement not yet undone (undos pair with the insertions before them, newest first). */
    Optional<Entry> lastInsertion() {
        List<Entry> all = entries();
        int pendingUndos = 0;
        for (int i = all.size() - 1; i >= 0; i--) {
            Entry e = all.get(i);
            if (e.op().equals("undo")) {
                pendingUndos++;
            } else if (e.op().equals("insert") || e.op().equals("replace")) {
                if (pendingUndos == 0) {
                    return Optional.of(e);
                }
                pendingUndos--;
            }
        }
        return Optional.empty();
    }
}
