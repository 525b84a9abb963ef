package genshot.host.openshot.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GenshotException;
import genshot.api.HostProject;
import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.api.Problem;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An OpenShot 2.6 project: the whole JSON document, edited in place. */
final class OpenShotProject implements HostProject {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An edit of a track (a clip put over a range, or taken out of it), in the order they were made. */
    record Edit(boolean insert, String track, TimeRange range) {
    }

    private final Path file;
    private final JsonNode root;
    private final OspJson.Style style;
    private OspStructure structure;
    private final List<Edit> edits = new ArrayList<>();
    /**
     * Every id and file_id string in the document (anything named "id" or "file_id", at any depth), gathered when it
     * was read; new clips add theirs. Ids of removed entries stay: a new id is never one the project had.
     */
    private final Set<String> ids;
    /** The timeline before the first edit. */
    private Timeline before;

    OpenShotProject(Path file, JsonNode root, OspJson.Style style) {
        this(file, root, style, ids(root));
    }

    /** A project of a tree and the ids it holds (as {@link OspJson#parse} gathers them). */
    OpenShotProject(Path file, JsonNode root, OspJson.Style style, Set<String> ids) {
        this.file = file;
        this.root = root;
        this.style = style;
        this.ids = ids;
        this.structure = new OspStructure(root, file);
    }

    private static Set<String> ids(JsonNode root) {
        Set<String> ids = new HashSet<>();
        OspJson.collectIds(root, ids);
        return ids;
    }

    @Override
    public String host() {
        return OpenShotAdapter.HOST;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Timeline timeline() {
        return structure.timeline;
    }

    @Override
    public List<Problem> warnings() {
        return List.copyOf(structure.warnings);
    }

    JsonNode document() {
        return root;
    }

    @Override
    public void insert(InsertRequest request) {
        OspStructure s = structure;
        String name = request.track();
        OspStructure.Layer layer = name == null ? null
                : s.layers.stream().filter(l -> l.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        if (layer == null) {
            throw problem("track.unknown", "The project has no track named " + name, "track " + name,
                    "Use one of: " + String.join(", ", s.layers.stream().map(OspStructure.Layer::name).toList())
                            + " (V1 is OpenShot's lowest track, Track 1)");
        }
        TimeRange range = request.range();
        String place = "track " + layer.name() + " (layer " + layer.number() + "), frames " + range;
        if (layer.locked()) {
            throw problem("track.locked", "Track " + layer.name() + " is locked", place, "Unlock the track in OpenShot and save");
        }
        if (range.duration() <= 0 || range.start() < 0) {
            throw problem("gap.range", "The range " + range + " is empty or negative", place, "Choose frames inside a gap");
        }
        if (range.end() > s.timeline.duration()) {
            throw problem("gap.range", "The range " + range + " ends after the timeline's end (frame " + s.timeline.duration()
                    + ")", place, "Choose frames inside a gap, before the end of the longest track");
        }
        MediaInfo info = request.info();
        Path media = request.media() == null ? null : request.media().toAbsolutePath().normalize();
        if (media == null || !Files.isRegularFile(media)) {
            throw problem("media.missing", "The take " + media + " does not exist", place, "Make the take again");
        }
        // a take may carry handle frames after the range (libopenshot never shows an H.264 file's last frame);
        // the clip's end trims them off
        if (info == null || info.frames() < range.duration()) {
            throw problem("take.frames", "The take has " + (info == null ? "an unknown number of" : info.frames())
                    + " frames but the range " + range + " needs " + range.duration(), place,
                    "Make the take with at least " + range.duration() + " frames");
        }
        List<String> diff = new ArrayList<>();
        if (info.rate() == null || !info.rate().equals(s.rate)) {
            diff.add("frame rate " + info.rate() + " instead of " + s.rate);
        }
        if (info.width() != s.width || info.height() != s.height) {
            diff.add("size " + info.width() + "x" + info.height() + " instead of " + s.width + "x" + s.height);
        }
        if (!diff.isEmpty()) {
            throw problem("take.format", "The take does not match the project: " + String.join(", ", diff), place,
                    "Make the take at the project's rate and size");
        }
        Track track = s.timeline.track(layer.name()).orElseThrow();
        boolean free = track.emptyRanges(s.timeline.duration()).stream().anyMatch(g -> g.contains(range));
        if (!free) {
            throw problem("gap.not-free", "Frames " + range + " of track " + layer.name() + " are not inside one gap", place,
                    "Run 'genshot gaps' to see the free ranges; the take must lie inside one of them");
        }
        long size;
        String codec;
        try {
            size = Files.size(media);
            codec = Codec.sniff(media);
        } catch (IOException e) {
            throw problem("media.unreadable", "The take " + media + " cannot be read: " + e.getMessage(), place,
                    "Check the file's permissions");
        }

        // all checks passed: edit the document
        String fileId = newId(ids);
        String clipId = newId(ids);
        String path = relativePath(media);
        String title = request.clipName() == null || request.clipName().isBlank() ? media.getFileName().toString()
                : request.clipName();
        ObjectNode reader = reader(info, path, size, codec, timeline().pixelAspect());
        ObjectNode fileEntry = reader.deepCopy();
        fileEntry.put("id", fileId);
        fileEntry.put("media_type", "video");
        if (s.readerCarriesFile()) {
            // openshot-qt 3.1+ gives a clip its file entry as reader: the same keys, the file's id and type among them
            reader.put("media_type", "video");
            reader.put("id", fileId);
        }
        ObjectNode clip = clip(clipId, fileId, title, layer.number(), range, info, reader);

        Timeline unedited = s.timeline;
        ((ArrayNode) array("files")).add(fileEntry);
        ((ArrayNode) root.get("clips")).add(clip);
        try {
            structure = new OspStructure(root, file);
        } catch (GenshotException e) {
            // cannot happen for a document that was read; undo rather than keep a broken one
            ((ArrayNode) root.get("files")).remove(root.get("files").size() - 1);
            ((ArrayNode) root.get("clips")).remove(root.get("clips").size() - 1);
            throw e;
        }
        if (before == null) {
            before = unedited;
        }
        edits.add(new Edit(true, layer.name(), range));
    }

    /**
     * Takes out the clip that covers exactly {@code range} on the track: the one clip of that layer whose frames
     * {@code [position, position + end - start)} are the range, with no other clip of the layer over any frame of it
     * (then the range becomes a gap). Its {@code clips} entry is deleted; its {@code files} entry too when no other clip
     * uses that {@code file_id} (a replaced take does not pile up in Project Files, and a project whose old take files
     * are deleted later does not open with openshot-qt's Missing File dialog). Nothing else changes.
     */
    @Override
    public void remove(String trackName, TimeRange range) {
        OspStructure s = structure;
        OspStructure.Layer layer = trackName == null ? null
                : s.layers.stream().filter(l -> l.name().equalsIgnoreCase(trackName)).findFirst().orElse(null);
        if (layer == null) {
            throw problem("track.unknown", "The project has no track named " + trackName, "track " + trackName,
                    "Use one of: " + String.join(", ", s.layers.stream().map(OspStructure.Layer::name).toList())
                            + " (V1 is OpenShot's lowest track, Track 1)");
        }
        String place = "track " + layer.name() + " (layer " + layer.number() + "), frames " + range;
        if (layer.locked()) {
            throw problem("track.locked", "Track " + layer.name() + " is locked", place, "Unlock the track in OpenShot and save");
        }
        List<OspStructure.Placed> over = s.clips.stream()
                .filter(c -> c.layer() == layer.number() && c.start() < range.end() && c.end() > range.start()).toList();
        if (over.size() != 1 || over.get(0).start() != range.start() || over.get(0).end() != range.end()) {
            throw problem("remove.no-clip", "No single clip covers exactly frames " + range + " of track " + layer.name()
                    + (over.size() > 1 ? " (" + over.size() + " clips overlap there)" : ""), place,
                    "The clips of " + layer.name() + " are at " + s.timeline.track(layer.name()).orElseThrow().clipRanges()
                            + "; give the exact range of one of them");
        }

        // all checks passed: edit the document
        Timeline unedited = s.timeline;
        ArrayNode clips = (ArrayNode) root.get("clips");
        JsonNode clip = clips.get(over.get(0).index());
        JsonNode fileId = clip.get("file_id");
        clips.remove(over.get(0).index());
        if (fileId != null && fileId.isTextual() && root.path("files").isArray()) {
            boolean used = false;
            for (JsonNode c : clips) {
                used |= fileId.equals(c.get("file_id"));
            }
            ArrayNode files = (ArrayNode) root.get("files");
            for (int k = files.size() - 1; k >= 0 && !used; k--) {
                if (fileId.equals(files.get(k).get("id"))) {
                    files.remove(k);
                }
            }
        }
        structure = new OspStructure(root, file);
        if (before == null) {
            before = unedited;
        }
        edits.add(new Edit(false, layer.name(), range));
    }

    /**
     * Where a clip's media is: its path resolved as openshot-qt resolves it, against the project's folder
     * ({@code @assets/} against {@code <name>_assets/}); built-in resources ({@code @transitions}) resolve like the
     * default.
     */
    @Override
    public Path mediaPath(genshot.timeline.Clip clip) {
        Path p = clip.media() == null ? null : structure.resolve(clip.media());
        return p != null ? p : HostProject.super.mediaPath(clip);
    }

    private JsonNode array(String key) {
        JsonNode a = root.get(key);
        if (a == null || !a.isArray()) {
            a = ((ObjectNode) root).putArray(key);
        }
        return a;
    }

    /**
     * The reader JSON of the take, with the keys and types libopenshot 0.2.7 writes for an H.264 file. Takes carry the
     * project's pixel shape (the encoder writes it), so the reader says the same: {@code pixel_ratio} and the
     * {@code display_ratio} it makes.
     */
    private ObjectNode reader(MediaInfo info, String path, long size, String codec, genshot.timeline.PixelAspect pa) {
        double duration = info.rate().secondsOf(info.frames());
        long dw = info.width() * pa.numerator();
        long dh = info.height() * pa.denominator();
        long gcd = gcd(dw, dh);
        ObjectNode r = JSON.objectNode();
        r.put("acodec", "");
        r.put("audio_bit_rate", 0);
        r.put("audio_stream_index", -1);
        fraction(r, "audio_timebase", 1, 1);
        r.put("channel_layout", 4);
        r.put("channels", 0);
        fraction(r, "display_ratio", dw / gcd, dh / gcd);
        r.put("duration", decimal(duration));
        r.put("file_size", Long.toString(size));
        fraction(r, "fps", info.rate().numerator(), info.rate().denominator());
        r.put("has_audio", false);
        r.put("has_single_image", false);
        r.put("has_video", true);
        r.put("height", info.height());
        r.put("interlaced_frame", false);
        r.putObject("metadata");
        r.put("path", path);
        r.put("pixel_format", 0);
        fraction(r, "pixel_ratio", pa.numerator(), pa.denominator());
        r.put("sample_rate", 0);
        r.put("top_field_first", true);
        r.put("type", "FFmpegReader");
        r.put("vcodec", codec);
        r.put("video_bit_rate", duration > 0 ? Math.round(size / duration) : 0);
        r.put("video_length", Long.toString(info.frames()));
        r.put("video_stream_index", 0);
        fraction(r, "video_timebase", info.rate().denominator(), info.rate().numerator());
        r.put("width", info.width());
        return r;
    }

    /** A clip with the full key set openshot-qt writes (its property editor only updates keys that exist). */
    private ObjectNode clip(String id, String fileId, String title, long layer, TimeRange range, MediaInfo info,
            ObjectNode reader) {
        ObjectNode c = JSON.objectNode();
        c.put("id", id);
        c.put("file_id", fileId);
        c.put("title", title);
        c.put("layer", layer);
        c.put("position", decimal(structure.rate.secondsOf(range.start())));
        c.put("start", decimal(0.0));
        c.put("end", decimal(structure.rate.secondsOf(range.duration())));
        c.put("duration", decimal(info.rate().secondsOf(info.frames())));
        c.set("reader", reader);
        c.set("alpha", constant(1.0));
        c.put("anchor", 0);
        c.set("channel_filter", constant(-1.0));
        c.set("channel_mapping", constant(-1.0));
        c.put("display", 0);
        c.putArray("effects");
        c.put("gravity", 4);
        c.set("has_audio", constant(-1.0));
        c.set("has_video", constant(-1.0));
        c.set("location_x", constant(0.0));
        c.set("location_y", constant(0.0));
        c.put("mixing", 0);
        c.set("origin_x", constant(0.5));
        c.set("origin_y", constant(0.5));
        c.put("parentObjectId", "");
        for (int k = 1; k <= 4; k++) {
            c.set("perspective_c" + k + "_x", constant(-1.0));
            c.set("perspective_c" + k + "_y", constant(-1.0));
        }
        c.set("rotation", constant(0.0));
        c.put("scale", 1);
        c.set("scale_x", constant(1.0));
        c.set("scale_y", constant(1.0));
        c.set("shear_x", constant(0.0));
        c.set("shear_y", constant(0.0));
        c.set("time", constant(1.0));
        c.set("volume", constant(1.0));
        c.put("waveform", false);
        ObjectNode wave = c.putObject("wave_color");
        wave.set("red", bezier(0.0));
        wave.set("green", bezier(123.0));
        wave.set("blue", bezier(255.0));
        wave.set("alpha", bezier(255.0));
        return c;
    }

    /** A keyframe with one constant point at frame 1. */
    private static ObjectNode constant(double v) {
        ObjectNode k = JSON.objectNode();
        ObjectNode p = k.putArray("Points").addObject();
        ObjectNode co = p.putObject("co");
        co.put("X", decimal(1.0));
        co.put("Y", decimal(v));
        p.put("interpolation", 2);
        return k;
    }

    /** A keyframe with one Bezier point at frame 1, as openshot-qt writes wave_color. */
    private static ObjectNode bezier(double v) {
        ObjectNode k = JSON.objectNode();
        ObjectNode p = k.putArray("Points").addObject();
        ObjectNode co = p.putObject("co");
        co.put("X", decimal(1.0));
        co.put("Y", decimal(v));
        ObjectNode left = p.putObject("handle_left");
        left.put("X", decimal(0.5));
        left.put("Y", decimal(1.0));
        ObjectNode right = p.putObject("handle_right");
        right.put("X", decimal(0.5));
        right.put("Y", decimal(0.0));
        p.put("handle_type", 0);
        p.put("interpolation", 0);
        return k;
    }

    /** A fraction as libopenshot's reader JSON writes it (keys sorted: den, then num). */
    private static void fraction(ObjectNode owner, String key, long num, long den) {
        ObjectNode f = owner.putObject(key);
        f.put("den", den);
        f.put("num", num);
    }

    /** A double as a float node that is written as Python writes the same double. */
    private static BigDecimal decimal(double d) {
        return new BigDecimal(Double.toString(d));
    }

    private static long gcd(long a, long b) {
        return b == 0 ? Math.max(a, 1) : gcd(b, a % b);
    }

    /** The take's path as openshot-qt saves it: relative to the project's folder with '/' separators. */
    String relativePath(Path media) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (dir == null || media.getRoot() == null || !media.getRoot().equals(dir.getRoot())) {
            return media.toString();
        }
        String rel = dir.relativize(media).toString();
        // '/' separators as openshot-qt writes them; on Linux a backslash is a character of a name, kept as it is
        return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
    }

    /** A fresh id in openshot-qt's style: 10 characters of A-Z and 0-9. */
    private static String newId(Set<String> used) {
        while (true) {
            StringBuilder b = new StringBuilder(10);
            for (int k = 0; k < 10; k++) {
                b.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
            }
            if (used.add(b.toString())) {
                return b.toString();
            }
        }
    }

    @Override
    public byte[] serialize() {
        byte[] out = OspJson.write(root, style);
        if (!edits.isEmpty()) {
            check(out);
        }
        return out;
    }

    /** Reads the written bytes again: every track's clips must be the old ones plus the new ones. */
    private void check(byte[] out) {
        Timeline after;
        try {
            after = new OspStructure(OspJson.parseForStructure(out, file), file).timeline;
        } catch (GenshotException e) {
            throw problem("project.check", "The edited project can no longer be read and was not written: "
                    + e.problem().message(), e.problem().place(), "This is a bug in genshot; please report it");
        }
        List<String> failures = new ArrayList<>();
        boolean removals = edits.stream().anyMatch(e -> !e.insert());
        for (Track old : before.tracks()) {
            Track now = after.track(old.name()).orElse(null);
            if (now == null) {
                failures.add("track " + old.name() + " disappeared");
                continue;
            }
            List<TimeRange> expected = new ArrayList<>(old.clipRanges());
            boolean touched = false;
            for (Edit ed : edits) {
                if (ed.track().equals(old.name())) {
                    if (ed.insert()) {
                        expected.add(ed.range());
                    } else if (!expected.remove(ed.range())) {
                        failures.add("track " + old.name() + ": the removed range " + ed.range() + " held no clip");
                    }
                    touched = true;
                }
            }
            expected.sort(Comparator.comparingLong(TimeRange::start));
            if (!merged(expected).equals(merged(now.clipRanges()))) {
                failures.add("track " + old.name() + " covers " + now.clipRanges() + ", expected " + expected);
            } else if (!touched && !old.items().equals(now.items())) {
                failures.add("track " + old.name() + " changed although nothing was inserted or removed there");
            }
        }
        if (before.tracks().size() != after.tracks().size()) {
            failures.add("the number of tracks changed");
        }
        if (!removals && before.duration() != after.duration()) {
            failures.add("the timeline's length changed");
        }
        if (!failures.isEmpty()) {
            throw problem("project.check", "The edited project failed its checks and was not written: "
                    + String.join("; ", failures), "after editing track " + edits.get(0).track(),
                    "This is a bug in genshot; please report it with the project file");
        }
    }

    /** Ranges with touching ones joined. */
    private static List<TimeRange> merged(List<TimeRange> in) {
        List<TimeRange> out = new ArrayList<>();
        for (TimeRange r : in) {
            if (!out.isEmpty() && out.get(out.size() - 1).end() >= r.start()) {
                TimeRange last = out.remove(out.size() - 1);
                out.add(TimeRange.ofStartEnd(last.start(), Math.max(last.end(), r.end())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    GenshotException problem(String code, String message, String place, String hint) {
        return GenshotException.of(code, message, file, place, hint);
    }
}
