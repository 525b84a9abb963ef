package genshot.host.openshot.internal;

import genshot.api.Quoting;
import com.fasterxml.jackson.databind.JsonNode;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Item;
import genshot.timeline.Marker;
import genshot.timeline.OffGridException;
import genshot.timeline.PixelAspect;
import genshot.timeline.Rate;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import genshot.timeline.TrackKind;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What an OpenShot 2.6 project holds, read from its JSON tree: rate and size, layers (tracks) and the frames
 * their clips cover, markers, and the warnings (missing media, times off the frame grid).
 *
 * <p>Layers are sorted by {@code number}: the lowest is V1 (OpenShot's "Track 1", at the bottom of its UI), higher
 * numbers are drawn on top. A clip covers {@code [position, position + end - start)} seconds. Clips on one layer
 * may overlap; the one with the later position is drawn over the other (libopenshot's rule), and the track's
 * items show who is visible where. A clip whose edges are not on the frame grid is reported and modelled by the
 * frames it touches, its range rounded outward, so that no gap overlaps it.
 */
final class OspStructure {

    /** openshot-qt versions whose projects genshot reads: 2.6.x (libopenshot 0.2.x). */
    static final String SUPPORTED_QT = "2.6.";
    static final String SUPPORTED_LIB = "0.2.";
    /**
     * And 3.0 to 3.4 (libopenshot 0.3 to 0.5), whose projects hold clips, files, layers and times as 2.6's do (3.x reads
     * every key of a clip as optional, and adds keys of its own only when the user edits); newer ones are refused
     * until they are looked at.
     */
    private static final java.util.regex.Pattern QT3 = java.util.regex.Pattern.compile("3\\.([0-4])\\.\\d{1,4}[0-9A-Za-z.+-]{0,20}");
    private static final java.util.regex.Pattern LIB3 = java.util.regex.Pattern.compile("0\\.[3-5]\\.\\d{1,4}[0-9A-Za-z.+-]{0,20}");

    /**
     * What genshot reads, the bounds of a real project: frame sides from 16 to 16384 pixels, rates from 1 to 1000 frames
     * a second, times from 0 to 24 hours. A value outside them is a damaged file, and reading it would make a gap of
     * trillions of frames (a clip at 1e12 s) or a size no encoder takes.
     */
    static final int MIN_SIDE = 16;
    static final int MAX_SIDE = 16384;
    static final long MIN_FPS = 1;
    static final long MAX_FPS = 1000;
    static final double MAX_SECONDS = 24 * 3600;

    /** How far (in frames) a time may be from the frame grid and still count as on it. */
    static final double GRID_TOLERANCE = 1e-3;

    /** A layer: its track name, its number and its JSON object. */
    record Layer(String name, long number, boolean locked, JsonNode node) {
    }

    /** A clip as placed on the timeline: covered frames [start, end), its source in, and where it comes from. */
    record Placed(int index, String id, String title, String media, long layer, double position, long start, long end,
            long sourceIn) {
    }

    final Path file;
    final JsonNode root;
    final Rate rate;

    /** The project's {@code pixel_ratio} {num, den}; square when absent or unreadable (as openshot-qt assumes). */
    private static PixelAspect pixelAspect(JsonNode ratio) {
        if (ratio == null || !ratio.path("num").canConvertToLong() || !ratio.path("den").canConvertToLong()
                || ratio.path("num").asLong() <= 0 || ratio.path("den").asLong() <= 0) {
            return PixelAspect.SQUARE;
        }
        return new PixelAspect(ratio.path("num").asLong(), ratio.path("den").asLong());
    }
    final int width;
    final int height;
    final List<Layer> layers;
    final Map<Long, Layer> byNumber = new LinkedHashMap<>();
    final List<Placed> clips = new ArrayList<>();
    final List<Problem> warnings = new ArrayList<>();
    final Timeline timeline;

    private boolean readerCarriesFile;

    OspStructure(JsonNode root, Path file) {
        this.root = root;
        this.file = file;
        if (!root.isObject()) {
            throw problem("project.structure", "The project is not a JSON object but a " + root.getNodeType().name()
                    .toLowerCase(Locale.ROOT), "top level", "Choose a project saved by OpenShot (.osp)");
        }
        checkVersion();
        JsonNode fps = root.get("fps");
        long num = integer(fps == null ? null : fps.get("num"), "fps.num");
        long den = integer(fps == null ? null : fps.get("den"), "fps.den");
        if (num < 1 || den < 1 || num > Integer.MAX_VALUE || den > Integer.MAX_VALUE || num < MIN_FPS * den
                || num > MAX_FPS * den) {
            throw problem("project.structure", "The project's frame rate " + num + "/" + den + " is outside what genshot"
                    + " reads (" + MIN_FPS + " to " + MAX_FPS + " frames a second)", "fps",
                    "Choose a profile in OpenShot's project settings and save");
        }
        rate = new Rate(num, den);
        long w = integer(root.get("width"), "width");
        long h = integer(root.get("height"), "height");
        if (w < MIN_SIDE || h < MIN_SIDE || w > MAX_SIDE || h > MAX_SIDE) {
            throw problem("project.structure", "The project's size " + w + "x" + h + " is outside what genshot reads ("
                    + MIN_SIDE + " to " + MAX_SIDE + " pixels a side)", "width, height",
                    "Choose a profile in OpenShot's project settings and save");
        }
        width = (int) w;
        height = (int) h;
        layers = readLayers();
        readClips();
        checkMedia();
        timeline = new Timeline(rate, width, height, tracks(), markers(), pixelAspect(root.get("pixel_ratio")));
    }

    private void checkVersion() {
        JsonNode v = root.get("version");
        if (v == null || !v.isObject()) {
            throw problem("project.version", "The project has no version (the top-level \"version\" object)", "version",
                    "openshot-qt treats such a project as version 0.0.0 and makes every clip transparent; open and save"
                            + " it in OpenShot 2.6");
        }
        JsonNode qt = v.get("openshot-qt");
        JsonNode lib = v.get("libopenshot");
        String qtv = qt == null ? "" : qt.asText();
        String libv = lib == null ? "" : lib.asText();
        java.util.regex.Matcher three = QT3.matcher(qtv);
        boolean v26 = qtv.startsWith(SUPPORTED_QT) && libv.startsWith(SUPPORTED_LIB);
        boolean v3 = three.matches() && LIB3.matcher(libv).matches();
        if (!v26 && !v3) {
            throw problem("project.version", "OpenShot project version " + (qtv.isEmpty() ? "(none)" : Quoting.quote(qtv))
                    + " (libopenshot " + (libv.isEmpty() ? "none" : Quoting.quote(libv)) + ") is not supported; genshot reads"
                    + " openshot-qt 2.6 and 3.0-3.4", "version",
                    qtv.compareTo("2.6") < 0 ? "Open and save the project in OpenShot 2.6 or 3.x first"
                            : "Projects of OpenShot versions after 3.4 are not supported yet");
        }
        readerCarriesFile = v3 && three.group(1).compareTo("1") >= 0;
    }

    /**
     * Whether openshot-qt of this project's version gives a clip's reader its file's {@code id} and
     * {@code media_type} (3.1 and later: the reader is a copy of the file entry).
     */
    boolean readerCarriesFile() {
        return readerCarriesFile;
    }

    private List<Layer> readLayers() {
        JsonNode arr = root.get("layers");
        if (arr == null || !arr.isArray()) {
            throw problem("project.structure", "The project has no \"layers\" list (its tracks)", "layers",
                    "Open and save the project in OpenShot");
        }
        List<Layer> out = new ArrayList<>();
        for (int k = 0; k < arr.size(); k++) {
            JsonNode l = arr.get(k);
            String where = "layers[" + k + "]";
            if (!l.isObject()) {
                throw problem("project.structure", "A layer is not a JSON object", where, "Open and save the project in OpenShot");
            }
            long number = integer(l.get("number"), where + ".number");
            if (byNumber.containsKey(number)) {
                throw problem("project.structure", "Two layers have the number " + number, where,
                        "Open and save the project in OpenShot");
            }
            JsonNode lock = l.get("lock");
            Layer layer = new Layer(null, number, lock != null && lock.asBoolean(false), l);
            byNumber.put(number, layer);
            out.add(layer);
        }
        out.sort(Comparator.comparingLong(Layer::number));
        List<Layer> named = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) {
            Layer l = out.get(k);
            Layer n = new Layer("V" + (k + 1), l.number(), l.locked(), l.node());
            named.add(n);
            byNumber.put(n.number(), n);
        }
        return List.copyOf(named);
    }

    private void readClips() {
        JsonNode arr = root.get("clips");
        if (arr == null || !arr.isArray()) {
            throw problem("project.structure", "The project has no \"clips\" list", "clips", "Open and save the project in OpenShot");
        }
        for (int k = 0; k < arr.size(); k++) {
            JsonNode c = arr.get(k);
            String id = c.path("id").asText("");
            // the clip's place is spelled only for a problem: a long project's thousands of clips have none
            int index = k;
            Supplier<String> where = () -> "clips[" + index + "]" + (id.isEmpty() ? "" : " (id " + Quoting.quote(id) + ")");
            if (!c.isObject()) {
                throw problem("project.structure", "A clip is not a JSON object", where.get(),
                        "Open and save the project in OpenShot");
            }
            JsonNode reader = c.get("reader");
            if (reader == null || !reader.isObject() || !reader.path("type").isTextual()) {
                throw problem("project.structure", "A clip has no reader (or a reader without a type): libopenshot rejects"
                        + " the whole project", where.get() + ".reader", "Remove the clip or import its file again in OpenShot");
            }
            long layer = integer(c.get("layer"), () -> where.get() + ".layer");
            if (!byNumber.containsKey(layer)) {
                throw problem("project.structure", "A clip is on layer " + layer + ", which is not one of the project's"
                        + " layers: OpenShot shows it on one track and renders it on another", where.get() + ".layer",
                        "Move the clip to a track in OpenShot and save");
            }
            JsonNode positionNode = c.get("position");
            JsonNode startNode = c.get("start");
            double position = positionNode != null ? seconds(positionNode, () -> where.get() + ".position") : 0.0;
            double start = startNode != null ? seconds(startNode, () -> where.get() + ".start") : 0.0;
            double end = seconds(c.get("end"), () -> where.get() + ".end");
            if (end <= start) {
                throw problem("project.structure", String.format(Locale.ROOT, "A clip has start %s and end %s: it covers no"
                        + " time", start, end), where.get(), "Remove or fix the clip in OpenShot and save");
            }
            if (position + (end - start) > MAX_SECONDS) {
                throw problem("time.range", String.format(Locale.ROOT, "A clip ends at %.1f hours; genshot reads timelines"
                        + " of up to 24 hours", (position + end - start) / 3600), where.get() + ".position",
                        "The time is damaged: fix the clip in OpenShot or restore a backup");
            }
            String title = c.path("title").asText(id);
            Supplier<String> label = () -> where.get() + (title.isEmpty() ? "" : " " + Quoting.quote(title));
            long s = edge(position, false, label, "position");
            long e = edge(position + (end - start), true, label, "end");
            if (e <= s) {
                e = s + 1;
            }
            long in = edge(start, false, label, "start");
            clips.add(new Placed(k, id, title, reader.path("path").asText(""), layer, position, s, e, in));
        }
    }

    /** The frame of a clip edge; off the grid it is reported and rounded outward. */
    private long edge(double seconds, boolean isEnd, Supplier<String> clip, String what) {
        try {
            return rate.framesAt(seconds, GRID_TOLERANCE);
        } catch (OffGridException e) {
            double exact = seconds * rate.numerator() / rate.denominator();
            warnings.add(new Problem("time.off-grid", String.format(Locale.ROOT,
                    "The clip's %s %s s is off the %s fps frame grid (frame %.4f); genshot takes it as covering frame %d",
                    what, Quoting.shown(OspJson.pythonFloat(seconds), 24), rate, exact,
                    isEnd ? (long) Math.ceil(exact) - 1 : (long) Math.floor(exact)), file.toString(), clip.get(),
                    "Snap the clip to whole frames in OpenShot to fill next to it exactly"));
            return isEnd ? (long) Math.ceil(exact) : (long) Math.floor(exact);
        }
    }

    private void checkMedia() {
        Set<String> seen = new LinkedHashSet<>();
        JsonNode files = root.path("files");
        if (!files.isMissingNode() && !files.isArray()) {
            throw problem("project.structure", "The project's \"files\" is not a list", "files",
                    "Open and save the project in OpenShot");
        }
        // a long project names the same few files thousands of times: each path is resolved and looked up once,
        // and an entry's place is spelled only for a missing file
        Set<String> looked = new java.util.HashSet<>();
        for (int k = 0; k < files.size(); k++) {
            JsonNode f = files.get(k);
            if (!f.isObject()) {
                throw problem("project.structure", "An entry of the project's files is not a JSON object", "files[" + k + "]",
                        "openshot-qt cannot open such a project; remove the entry");
            }
        }
        for (int k = 0; k < files.size(); k++) {
            JsonNode f = files.get(k);
            lookUp(f.path("path").asText(""), "files", k, f, looked, seen);
        }
        JsonNode clipArr = root.get("clips");
        for (int k = 0; k < clipArr.size(); k++) {
            JsonNode c = clipArr.get(k);
            lookUp(c.path("reader").path("path").asText(""), "clips", k, c, looked, seen);
        }
    }

    /** Warns once about a missing media file: {@code path} of entry {@code k} of the list {@code list}. */
    private void lookUp(String path, String list, int k, JsonNode entry, Set<String> looked, Set<String> seen) {
        if (!looked.add(path)) {
            return;
        }
        Path p = resolve(path);
        if (p != null && !Files.exists(p) && seen.add(p.toString())) {
            warnings.add(new Problem("media.missing", "The media file " + Quoting.path(p.toString()) + " does not exist",
                    file.toString(), list + "[" + k + "] (id " + Quoting.quote(entry.path("id").asText("")) + ")",
                    "Put the file back, or relink it in OpenShot (it renders black without it)"));
        }
    }

    /** A media path as openshot-qt resolves it: relative to the project's folder; null for built-in resources. */
    Path resolve(String path) {
        if (path.isEmpty() || path.startsWith("@transitions") || path.startsWith("@emojis")) {
            return null;
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (path.startsWith("@assets/")) {
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                return dir.resolve((dot > 0 ? name.substring(0, dot) : name) + "_assets").resolve(path.substring(8)).normalize();
            }
            return dir.resolve(path).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private List<Track> tracks() {
        Map<Long, List<Placed>> byLayer = new LinkedHashMap<>();
        for (Placed c : clips) {
            byLayer.computeIfAbsent(c.layer(), k -> new ArrayList<>()).add(c);
        }
        List<Track> out = new ArrayList<>();
        for (Layer l : layers) {
            List<Placed> on = byLayer.getOrDefault(l.number(), List.of());
            out.add(new Track(l.name(), TrackKind.VIDEO, l.locked(), false, items(on)));
        }
        return out;
    }

    /**
     * The items of one layer: clips drawn in libopenshot's order (position, then list order), a later one over an
     * earlier one where they overlap; what is left visible of each clip becomes a {@link Clip}, the rest gaps.
     */
    static List<Item> items(List<Placed> on) {
        List<Placed> order = new ArrayList<>(on);
        order.sort(Comparator.comparingDouble(Placed::position).thenComparingInt(Placed::index));
        int n = order.size();
        long[] cuts = new long[2 * n];
        Integer[] byStart = new Integer[n];
        Integer[] byEnd = new Integer[n];
        for (int k = 0; k < n; k++) {
            cuts[2 * k] = order.get(k).start();
            cuts[2 * k + 1] = order.get(k).end();
            byStart[k] = k;
            byEnd[k] = k;
        }
        java.util.Arrays.sort(cuts);
        java.util.Arrays.sort(byStart, Comparator.comparingLong(k -> order.get(k).start()));
        java.util.Arrays.sort(byEnd, Comparator.comparingLong(k -> order.get(k).end()));
        // one sweep over the cuts: between two cuts, the clips drawn there are those that started at or before the
        // first and end after it; the last drawn (highest in the drawing order) wins
        TreeSet<Integer> drawn = new TreeSet<>();
        int started = 0;
        int ended = 0;
        List<Item> out = new ArrayList<>();
        long cursor = 0;
        Placed current = null;
        long currentStart = 0;
        long prev = 0;
        for (int c = 0; c < cuts.length; c++) {
            long cut = cuts[c];
            if (c > 0 && cut == prev) {
                continue;
            }
            if (c > 0) {
                while (started < n && order.get(byStart[started]).start() <= prev) {
                    drawn.add(byStart[started++]);
                }
                while (ended < n && order.get(byEnd[ended]).end() <= prev) {
                    drawn.remove(byEnd[ended++]);
                }
                Placed top = drawn.isEmpty() ? null : order.get(drawn.last());
                if (top != current) {
                    if (current != null) {
                        out.add(clip(current, currentStart, prev));
                        cursor = prev;
                    }
                    if (top != null && prev > cursor) {
                        out.add(new Gap(prev - cursor));
                        cursor = prev;
                    }
                    current = top;
                    currentStart = prev;
                }
            }
            prev = cut;
        }
        if (current != null) {
            out.add(clip(current, currentStart, prev));
        }
        return out;
    }

    private static Clip clip(Placed p, long from, long to) {
        return new Clip(p.title(), p.media(), p.sourceIn() + (from - p.start()), to - from);
    }

    private List<Marker> markers() {
        List<Marker> out = new ArrayList<>();
        JsonNode arr = root.path("markers");
        for (JsonNode m : arr) {
            JsonNode pos = m.get("position");
            // a marker that is not a time within the bounds is dropped, as openshot-qt's timeline cannot show it
            if (pos != null && pos.isNumber() && pos.doubleValue() >= 0 && pos.doubleValue() <= MAX_SECONDS) {
                out.add(new Marker(Math.round(pos.doubleValue() * rate.numerator() / rate.denominator()),
                        ""));
            }
        }
        out.sort(Comparator.comparingLong(Marker::frame));
        return out;
    }

    private long integer(JsonNode n, String where) {
        return integer(n, () -> where);
    }

    private long integer(JsonNode n, Supplier<String> where) {
        if (n == null || !n.isNumber() || !n.canConvertToLong()
                || (!n.isIntegralNumber() && n.decimalValue().stripTrailingZeros().scale() > 0)) {
            throw problem("project.structure", "The project has " + (n == null ? "no value" : n.isNumber()
                    ? Quoting.quote(n.asText()) : "a " + n.getNodeType().name().toLowerCase(Locale.ROOT)) + " where an integer"
                    + " belongs", where.get(),
                    "libopenshot rejects such a project; open and save it in OpenShot");
        }
        return n.longValue();
    }

    /** A time in seconds: a number (else {@code project.structure}), from 0 to 24 hours (else {@code time.range}). */
    private double seconds(JsonNode n, Supplier<String> where) {
        if (n == null || !n.isNumber()) {
            throw problem("project.structure", "The project has " + (n == null ? "no value" : Quoting.quote(n.asText()) + " ("
                    + n.getNodeType().name().toLowerCase(Locale.ROOT) + ")") + " where a time in seconds belongs", where.get(),
                    "libopenshot rejects the whole project when a time is not a number; fix the clip in OpenShot and save");
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v) || v < 0 || v > MAX_SECONDS) {
            throw problem("time.range", "The time " + Quoting.shown(n.isBigDecimal() ? OspJson.pythonFloat(n.decimalValue())
                    : n.isFloatingPointNumber() ? OspJson.pythonFloat(v) : n.asText(), 24) + " s is " + (Double.isNaN(v) ? "not a number"
                    : v < 0 ? "negative" : "past 24 hours, the most genshot reads"), where.get(),
                    "The time is damaged: fix the clip in OpenShot or restore a backup");
        }
        return v;
    }

    GenshotException problem(String code, String message, String place, String hint) {
        return GenshotException.of(code, message, file, place, hint);
    }
}
