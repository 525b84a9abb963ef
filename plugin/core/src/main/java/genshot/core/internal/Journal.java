package genshot.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GenshotException;
import genshot.timeline.TimeRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What genshot did to a project, one JSON object per line in {@code <project>.genshot/journal.jsonl}: each
 * insertion, replacement and undo with the project's SHA-256 before and after and the backup made. Undo reads it.
 *
 * <p>A change is written in two lines: its <em>intent</em> ({@code "state":"intent"}, with everything the change
 * will do, the backup it will keep and the temporary file it will rename) before the project is touched, and a
 * {@code commit} (or {@code abort}) line naming the intent's id after the rename. A process killed between them
 * leaves an intent alone; the next run holds the project against the intent's two hashes and writes what really
 * happened ({@link ProjectFile#recover}). Lines written before intents existed (no {@code state}) are changes that
 * happened. A last line without its newline was cut by a crash while being written: it is ignored, and cut off by
 * the next write.
 */
final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a fill asked for, kept with its insertion: a repeated command is recognised by it. */
    record Fill(String gap, String generator, String prompt, String negativePrompt, long seed,
                Map<String, String> parameters, TimeRange requested) {
        Fill {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * One change.
     *
     * @param id the change's id (null in lines written before intents existed)
     * @param track the take's track, or null for an undo and in older lines
     * @param range the take's frames, or null for an undo and in older lines
     * @param fill what the fill asked for, or null ({@code use}, {@code undo}, older lines)
     * @param temp the temporary file the save renames over the project (in an intent)
     */
    record Entry(String id, String op, Instant at, String take, Path backup, String sha256Before, String sha256After,
                 String track, TimeRange range, Fill fill, Path temp) {
        Entry(String op, Instant at, String take, Path backup, String sha256Before, String sha256After) {
            this(null, op, at, take, backup, sha256Before, sha256After, null, null, null, null);
        }

        Entry withIdBackupTemp(String newId, Path newBackup, Path newTemp) {
            return new Entry(newId, op, at, take, newBackup, sha256Before, sha256After, track, range, fill, newTemp);
        }
    }

    private final Path file;

    Journal(ProjectFile project) {
        this(project.workFolder());
    }

    /** The journal in a project's work folder ({@link ProjectFile#workFolderOf}), without reading the project. */
    Journal(Path workFolder) {
        this.file = workFolder.resolve("journal.jsonl");
    }

    Path file() {
        return file;
    }

    /** Records the intent of a change, before the project is touched (under the save lock). */
    void intent(Entry e) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("op", e.op());
        o.put("id", e.id());
        o.put("state", "intent");
        o.put("at", e.at().toString());
        if (e.take() != null) {
            o.put("take", e.take());
        }
        o.put("backup", e.backup().toString());
        o.put("sha256Before", e.sha256Before());
        o.put("sha256After", e.sha256After());
        o.put("temp", e.temp().toString());
        if (e.track() != null) {
            o.put("track", e.track());
            o.put("start", e.range().start());
            o.put("frames", e.range().duration());
        }
        Fill f = e.fill();
        if (f != null) {
            ObjectNode fill = o.putObject("fill");
            fill.put("gap", f.gap());
            fill.put("generator", f.generator());
            fill.put("prompt", f.prompt());
            fill.put("negativePrompt", f.negativePrompt());
            fill.put("seed", f.seed());
            ObjectNode params = fill.putObject("parameters");
            new java.util.TreeMap<>(f.parameters()).forEach(params::put);
            if (f.requested() != null) {
                fill.put("start", f.requested().start());
                fill.put("frames", f.requested().duration());
            }
        }
        append(o);
    }

    /** Records that the change with this id happened ({@code commit}) or did not ({@code abort}). */
    void close(String id, boolean happened, Instant at, String reason) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("op", happened ? "commit" : "abort");
        o.put("id", id);
        o.put("at", at.toString());
        if (reason != null) {
            o.put("reason", reason);
        }
        append(o);
    }

    /**
     * Appends one line and syncs it. A failed write (a full disk) is cut off again, so that no half line stays
     * behind to be read.
     */
    private void append(ObjectNode o) throws IOException {
        byte[] line = (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean created = !Files.exists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            long size = ch.size();
            long end = completeLength(ch, size);
            ch.truncate(end); // a line a crash cut short is dropped before the next one goes on
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                long at = end;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
                ch.force(true);
            } catch (IOException e) {
                try {
                    ch.truncate(end);
                    ch.force(true);
                } catch (IOException ignored) {
                    // the half line is ignored when read and cut off by the next write
                }
                throw e;
            }
        }
        if (created) {
            ProjectFile.syncFolder(file.getParent());
        }
    }

    /** The length of the file up to and including its last newline. */
    private static long completeLength(FileChannel ch, long size) throws IOException {
        if (size == 0) {
            return 0;
        }
        long pos = size;
        int chunk = 4096;
        while (pos > 0) {
            long from = Math.max(0, pos - chunk);
            ByteBuffer buf = ByteBuffer.allocate((int) (pos - from));
            ch.read(buf, from);
            byte[] b = buf.array();
            for (int i = b.length - 1; i >= 0; i--) {
                if (b[i] == '\n') {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }

    /** Every line read: committed changes, intents, commits and aborts, in file order. */
    private List<JsonNode> lines() {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines;
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--; // a last line without its newline was cut by a crash: not written
            }
            lines = List.of(new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n"));
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
                out.add(JSON.readTree(line));
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

    private GenshotException corrupt(Exception e) {
        return corrupt("genshot's journal is damaged: a line is not one of its records ("
                + e.getClass().getSimpleName() + ")", null);
    }

    /** The changes that happened, oldest first (an intent counts once its commit is written). */
    List<Entry> entries() {
        return read(false);
    }

    /** The intents with neither commit nor abort: saves a killed process left (or one running now). */
    List<Entry> pending() {
        return read(true);
    }

    private List<Entry> read(boolean pendingOnly) {
        List<JsonNode> lines = lines();
        Set<String> closed = new HashSet<>();
        Set<String> committed = new HashSet<>();
        for (JsonNode o : lines) {
            String op = o.path("op").asText();
            if (op.equals("commit") || op.equals("abort")) {
                closed.add(o.path("id").asText());
                if (op.equals("commit")) {
                    committed.add(o.path("id").asText());
                }
            }
        }
        List<Entry> out = new ArrayList<>();
        try {
            for (JsonNode o : lines) {
                String op = o.path("op").asText();
                if (op.equals("commit") || op.equals("abort")) {
                    continue;
                }
                boolean intent = "intent".equals(o.path("state").asText());
                String id = o.hasNonNull("id") ? o.get("id").asText() : null;
                boolean keep = pendingOnly ? intent && !closed.contains(id) : !intent || committed.contains(id);
                if (keep) {
                    out.add(entry(o));
                }
            }
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
        return out;
    }

    private static Entry entry(JsonNode o) {
        TimeRange range = o.has("start") ? new TimeRange(o.get("start").asLong(), o.get("frames").asLong()) : null;
        Fill fill = null;
        if (o.has("fill")) {
            JsonNode f = o.get("fill");
            Map<String, String> params = new LinkedHashMap<>();
            f.path("parameters").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
            fill = new Fill(f.path("gap").asText(), f.path("generator").asText(), f.path("prompt").asText(),
                    f.path("negativePrompt").asText(), f.path("seed").asLong(), params,
                    f.has("start") ? new TimeRange(f.get("start").asLong(), f.get("frames").asLong()) : null);
        }
        return new Entry(o.hasNonNull("id") ? o.get("id").asText() : null, o.path("op").asText(),
                Instant.parse(o.path("at").asText()), o.hasNonNull("take") ? o.get("take").asText() : null,
                Path.of(o.path("backup").asText()), o.path("sha256Before").asText(), o.path("sha256After").asText(),
                o.hasNonNull("track") ? o.get("track").asText() : null, range, fill,
                o.hasNonNull("temp") ? Path.of(o.get("temp").asText()) : null);
    }

    /**
     * The insertions and replacements not undone, oldest first (undos pair with the insertions before them; the
     * insertions of one save, as {@code genshot apply} makes them, share its id and are undone together).
     */
    List<Entry> activeInsertions() {
        List<Entry> stack = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.op().equals("undo")) {
                if (!stack.isEmpty()) {
                    Entry last = stack.remove(stack.size() - 1);
                    while (last.id() != null && !stack.isEmpty() && last.id().equals(stack.get(stack.size() - 1).id())) {
                        stack.remove(stack.size() - 1);
                    }
                }
            } else if (e.op().equals("insert") || e.op().equals("replace")) {
                stack.add(e);
            }
        }
        return stack;
    }

    /** The last insertion or replacement not yet undone (undos pair with the insertions before them, newest first). */
    Optional<Entry> lastInsertion() {
        List<Entry> active = activeInsertions();
        return active.isEmpty() ? Optional.empty() : Optional.of(active.get(active.size() - 1));
    }
}
