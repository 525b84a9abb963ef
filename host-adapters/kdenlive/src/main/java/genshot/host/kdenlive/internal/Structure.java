package genshot.host.kdenlive.internal;

import genshot.api.Quoting;
import genshot.api.GenshotException;
import genshot.timeline.Clip;
import genshot.timeline.Gap;
import genshot.timeline.Item;
import genshot.timeline.Marker;
import genshot.timeline.PixelAspect;
import genshot.timeline.Rate;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import genshot.timeline.TrackKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What a Kdenlive document is made of, found by structure: profile, {@code main_bin}, the timeline tractor and its
 * track tractors with their first playlists; and the timeline they give.
 *
 * <p>Version 1.04 (Kdenlive 22.12): the timeline tractor is the last top-level tractor. Version 1.1 (Kdenlive 23.04+):
 * the timeline tractor is the <em>active sequence</em>, a tractor whose id is a braced uuid: the one named by
 * {@code kdenlive:docproperties.activetimeline} in {@code main_bin}, else the one the project tractor (the last tractor,
 * {@code kdenlive:projectTractor}=1) plays, else {@code kdenlive:docproperties.uuid}. Its first track is the sequence's
 * black producer (found by position, whatever its id); guides are its {@code kdenlive:sequenceproperties.guides}.
 */
final class Structure {

    static final String V104 = "1.04";
    static final String V11 = "1.1";
    static final String VERSION_PROPERTY = "kdenlive:docproperties.version";

    /**
     * What genshot reads, the bounds of a real project: frame sides from 16 to 16384 pixels, rates from 1 to 1000 frames
     * a second, timelines of up to 24 hours. A value outside them is a damaged file, and reading it would make a gap of
     * millions of frames (an hour-long blank written as {@code 99:99:99.999}) or a size no encoder takes.
     */
    static final int MIN_SIDE = 16;
    static final int MAX_SIDE = 16384;
    static final long MIN_FPS = 1;
    static final long MAX_FPS = 1000;
    static final long MAX_HOURS = 24;

    /**
     * One timeline track: its name, its tractor, the first playlist that holds its clips and blanks (where genshot
     * inserts), and the second playlist of a same-track mix (Kdenlive 22.04+; null when the tractor has only one).
     */
    record TrackRef(String name, TrackKind kind, Element tractor, Element playlist, Element mainTrack, Element second) {
    }

    final Path file;
    final Document doc;
    final Element mlt;
    final Rate rate;
    /** The profile's sample (pixel) aspect; square when the profile does not say. */
    final PixelAspect pixelAspect;
    final int width;
    final int height;
    final Element mainBin;
    final String version;
    /** The timeline's tractor: the main tractor (1.04) or the active sequence tractor (1.1). */
    final Element mainTractor;
    /** 1.1: the project tractor (last element), or null. */
    final Element projectTractor;
    final boolean v11;
    final List<TrackRef> tracks;
    /** Times between two frames, read as MLT reads them (rounded), one problem per place. */
    final List<genshot.api.Problem> timeWarnings = new ArrayList<>();
    /** Time values read so far: frames and whether off the grid (1) or not (0). */
    private final java.util.Map<String, long[]> times = new java.util.HashMap<>();
    final Map<String, Element> byId;
    final Timeline timeline;

    Structure(Document doc, Path file) {
        this.doc = doc;
        this.file = file;
        mlt = doc.getDocumentElement();
        if (!mlt.getTagName().equals("mlt")) {
            throw problem("project.structure", "The document is not MLT XML: its root element is <" + Quoting.shown(mlt.getTagName(), 20) + ">",
                    "root element", "Choose a project saved by Kdenlive (.kdenlive)");
        }
        byId = new HashMap<>();
        for (Element e : Xml.children(mlt)) {
            if (e.hasAttribute("id")) {
                byId.put(e.getAttribute("id"), e);
            }
        }
        mainBin = findMainBin();
        version = Xml.property(mainBin, VERSION_PROPERTY);
        if (version == null || version.isBlank()) {
            throw problem("project.version", "The project has no document version (" + VERSION_PROPERTY + " in main_bin)",
                    Xml.describe(mainBin), "Open and save the project in Kdenlive 22.12");
        }
        String v = version.trim();
        if (!v.equals(V104) && !v.equals(V11)) {
            throw problem("project.version", "Kdenlive document version " + Quoting.quote(v) + " is not supported (genshot"
                    + " reads " + V104 + " and " + V11 + ")", "main_bin, " + VERSION_PROPERTY, "Open and save the project in"
                    + " Kdenlive 22.12, or 23.04 and later");
        }
        v11 = v.equals(V11);
        Element profile = Xml.children(mlt, "profile").stream().findFirst().orElseThrow(() -> problem("project.structure",
                "The project has no <profile>", "<mlt>", "Open and save the project in Kdenlive"));
        long num = profileNumber(profile, "frame_rate_num");
        long den = profileNumber(profile, "frame_rate_den");
        String rateAt = Xml.describe(profile).replace(">", " " + Xml.attribute(profile, "frame_rate_num") + " "
                + Xml.attribute(profile, "frame_rate_den") + ">");
        if (num < 1 || den < 1 || num > Integer.MAX_VALUE || den > Integer.MAX_VALUE
                || num < MIN_FPS * den || num > MAX_FPS * den) {
            throw problem("project.structure", "The project's frame rate is outside what genshot reads (" + MIN_FPS
                    + " to " + MAX_FPS + " frames a second)", rateAt, "Choose a profile in Kdenlive's project settings"
                    + " and save");
        }
        rate = new Rate(num, den);
        long w = profileNumber(profile, "width");
        long h = profileNumber(profile, "height");
        if (w < MIN_SIDE || h < MIN_SIDE || w > MAX_SIDE || h > MAX_SIDE) {
            throw problem("project.structure", "The project's frame size is outside what genshot reads (" + MIN_SIDE
                    + " to " + MAX_SIDE + " pixels a side)", Xml.describe(profile).replace(">", " "
                    + Xml.attribute(profile, "width") + " " + Xml.attribute(profile, "height") + ">"),
                    "Choose a profile in Kdenlive's project settings and save");
        }
        width = (int) w;
        height = (int) h;
        String sn = profile.getAttribute("sample_aspect_num").trim();
        String sd = profile.getAttribute("sample_aspect_den").trim();
        if (sn.isEmpty() || sd.isEmpty()) {
            pixelAspect = PixelAspect.SQUARE;
        } else {
            long an = profileNumber(profile, "sample_aspect_num");
            long ad = profileNumber(profile, "sample_aspect_den");
            if (an < 1 || ad < 1 || an > Integer.MAX_VALUE || ad > Integer.MAX_VALUE) {
                throw problem("project.structure", "The project's pixel aspect " + an + "/" + ad + " is not a positive"
                        + " ratio", "<profile>", "Choose a profile in Kdenlive's project settings and save");
            }
            pixelAspect = new PixelAspect(an, ad);
        }
        projectTractor = v11 ? findProjectTractor() : null;
        mainTractor = v11 ? findActiveSequence() : findMainTractor();
        tracks = findTracks();
        // an edit compares and moves tractors' in and out points: a value that is not a time is refused now, not then
        for (Element t : Xml.children(mlt, "tractor")) {
            time(t, "in", 0);
            time(t, "out", 0);
        }
        building = new java.util.IdentityHashMap<>();
        try {
            timeline = buildTimeline();
        } finally {
            building = null;
        }
    }

    /**
     * While the timeline is built (the document does not change then): each producer's properties by name, the last of
     * a name winning as in MLT, so that a clip's properties are found without a walk over all of them each time.
     */
    private Map<Element, Map<String, Element>> building;

    /** The text of {@code owner}'s property {@code name} (see {@link Xml#property}). */
    private String property(Element owner, String name) {
        if (building == null) {
            return Xml.property(owner, name);
        }
        Map<String, Element> props = building.computeIfAbsent(owner, o -> {
            Map<String, Element> m = new HashMap<>();
            for (Element p : Xml.children(o, "property")) {
                m.put(p.getAttribute("name"), p);
            }
            return m;
        });
        Element p = props.get(name);
        return p == null ? null : p.getTextContent();
    }

    /** An integer attribute of the {@code <profile>}; not a number is {@code project.structure}. */
    private long profileNumber(Element profile, String attribute) {
        String v = profile.getAttribute(attribute).trim();
        if (v.matches("[+-]?\\d{1,18}")) {
            return Long.parseLong(v);
        }
        if (v.matches("[+-]?\\d+")) {
            return v.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        throw problem("project.structure", "The project's <profile> has no valid " + attribute + ": " + (v.isEmpty()
                ? "none" : Quoting.quote(v)), "<profile>", "Open and save the project in Kdenlive");
    }

    /** The most frames a timeline may last: {@link #MAX_HOURS} at the project's rate. */
    long maxFrames() {
        return MAX_HOURS * 3600 * rate.numerator() / rate.denominator();
    }

    private Element findMainBin() {
        for (Element e : Xml.children(mlt, "playlist")) {
            if ("main_bin".equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw problem("project.structure", "The project has no bin playlist (<playlist id=\"main_bin\">)", "<mlt>",
                "This is not a Kdenlive project, or it is damaged; open and save it in Kdenlive");
    }

    private Element findMainTractor() {
        Element last = null;
        for (Element e : Xml.children(mlt, "tractor")) {
            last = e;
        }
        if (last == null) {
            throw problem("project.structure", "The project has no timeline (no top-level <tractor>)", "<mlt>",
                    "Open and save the project in Kdenlive");
        }
        return last;
    }

    /** 1.1: the last top-level tractor with {@code kdenlive:projectTractor}, or null. */
    private Element findProjectTractor() {
        Element found = null;
        for (Element e : Xml.children(mlt, "tractor")) {
            if (Xml.propertyElement(e, "kdenlive:projectTractor") != null) {
                found = e;
            }
        }
        return found;
    }

    /** 1.1: the active sequence (see the class comment). */
    private Element findActiveSequence() {
        List<String> candidates = new ArrayList<>();
        candidates.add(trim(Xml.property(mainBin, "kdenlive:docproperties.activetimeline")));
        if (projectTractor != null) {
            List<Element> pt = Xml.children(projectTractor, "track");
            if (!pt.isEmpty()) {
                candidates.add(pt.get(0).getAttribute("producer"));
            }
        }
        candidates.add(trim(Xml.property(mainBin, "kdenlive:docproperties.uuid")));
        for (String uuid : candidates) {
            Element e = uuid == null ? null : byId.get(uuid);
            if (e != null && e.getTagName().equals("tractor") && e != projectTractor) {
                return e;
            }
        }
        throw problem("project.structure", "The project has no sequence to fill: neither activetimeline, the project"
                + " tractor nor uuid names a sequence tractor", Xml.describe(mainBin), "Open and save the project in Kdenlive");
    }

    private List<TrackRef> findTracks() {
        List<Element[]> video = new ArrayList<>();
        List<Element[]> audio = new ArrayList<>();
        List<Element> mainTracks = Xml.children(mainTractor, "track");
        String where = Xml.describe(mainTractor);
        for (int k = 0; k < mainTracks.size(); k++) {
            Element mt = mainTracks.get(k);
            String ref = mt.getAttribute("producer");
            Element target = byId.get(ref);
            if (target == null) {
                throw problem("project.structure", "The timeline's track " + k + " names an element that is not defined",
                        where + " " + Xml.describe(mt), "Open and save the project in Kdenlive");
            }
            if (!target.getTagName().equals("tractor")) {
                if (k == 0) {
                    continue; // black_track
                }
                throw problem("project.structure", "The timeline's track " + k + " is a " + Xml.describe(target)
                        + ", not a track tractor", where + " " + Xml.describe(mt), "Open and save the project in Kdenlive");
            }
            List<Element> sub = Xml.children(target, "track");
            if (sub.isEmpty()) {
                throw problem("project.structure", "Track tractor " + Quoting.quote(ref) + " has no playlists",
                        Xml.describe(target), "Open and save the project in Kdenlive");
            }
            Element playlist = byId.get(sub.get(0).getAttribute("producer"));
            if (playlist == null || !playlist.getTagName().equals("playlist")) {
                throw problem("project.structure", "Track tractor " + Quoting.quote(ref) + " does not start with a playlist",
                        Xml.describe(target) + " " + Xml.describe(sub.get(0)), "Open and save the project in Kdenlive");
            }
            boolean isAudio = "1".equals(trim(Xml.property(target, "kdenlive:audio_track")))
                    || "1".equals(trim(Xml.property(playlist, "kdenlive:audio_track")));
            Element second = sub.size() > 1 ? byId.get(sub.get(1).getAttribute("producer")) : null;
            if (second != null && !second.getTagName().equals("playlist")) {
                second = null;
            }
            (isAudio ? audio : video).add(new Element[] {target, playlist, mt, second});
        }
        List<TrackRef> out = new ArrayList<>();
        for (int v = 0; v < video.size(); v++) {
            Element[] t = video.get(v);
            out.add(new TrackRef("V" + (v + 1), TrackKind.VIDEO, t[0], t[1], t[2], t[3]));
        }
        // audio tracks are listed from the bottom of the timeline upward: the last one is A1, next to V1
        for (int a = 0; a < audio.size(); a++) {
            Element[] t = audio.get(audio.size() - 1 - a);
            out.add(new TrackRef("A" + (a + 1), TrackKind.AUDIO, t[0], t[1], t[2], t[3]));
        }
        return out;
    }

    /**
     * The media a timeline producer stands for. With proxies on, Kdenlive saves the proxy as the producer's
     * {@code resource} and keeps the source in {@code kdenlive:originalurl} ({@code kdenlive:proxy} names the proxy;
     * {@code -} or empty: none); it renders the source. So when the resource is the proxy and the source file exists,
     * the source is the clip's media (a bridge reads full-size frames from it); otherwise the resource is.
     */
    private String shownMedia(Element producer) {
        String resource = trim(property(producer, "resource"));
        String proxy = trim(property(producer, "kdenlive:proxy"));
        String original = trim(property(producer, "kdenlive:originalurl"));
        if (resource != null && proxy != null && proxy.length() > 1 && proxy.equals(resource) && original != null
                && !original.isEmpty() && !original.equals(resource)) {
            Path source = media(original);
            if (source != null && Files.isRegularFile(source)) {
                return original;
            }
        }
        return resource;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private Timeline buildTimeline() {
        List<Track> list = new ArrayList<>();
        for (TrackRef t : tracks) {
            list.add(new Track(t.name(), t.kind(), locked(t), hidden(t), items(t)));
        }
        List<Marker> markers;
        try {
            markers = Guides.parse(v11 ? Xml.property(mainTractor, "kdenlive:sequenceproperties.guides")
                    : Xml.property(mainBin, "kdenlive:docproperties.guides"));
        } catch (IllegalArgumentException | ArithmeticException e) {
            markers = List.of(); // Kdenlive drops guides it cannot read, and so do we
        }
        long limit = maxFrames();
        markers = markers.stream().filter(m -> m.frame() >= 0 && m.frame() <= limit).toList();
        return new Timeline(rate, width, height, list, markers, pixelAspect);
    }

    private static boolean locked(TrackRef t) {
        return "1".equals(trim(Xml.property(t.tractor(), "kdenlive:locked_track")));
    }

    private static boolean hidden(TrackRef t) {
        int bit = t.kind() == TrackKind.VIDEO ? 1 : 2;
        String attr = t.mainTrack().getAttribute("hide").trim();
        int mask = switch (attr) {
            case "video" -> 1;
            case "audio" -> 2;
            case "both" -> 3;
            default -> 0;
        };
        String prop = trim(Xml.property(t.tractor(), "hide"));
        if (prop != null && prop.matches("\\d{1,9}")) {
            mask |= Integer.parseInt(prop);
        }
        return (mask & bit) != 0;
    }

    /**
     * What a track shows: the items of its first playlist, with the clips of its second playlist (a same-track mix)
     * where the first is blank ({@link SameTrackMix}). A gap is where both are blank.
     */
    List<Item> items(TrackRef t) {
        List<Item> first = items(t, t.playlist());
        return t.second() == null ? first : SameTrackMix.merge(first, items(t, t.second()));
    }

    /**
     * Items of one playlist of a track: entries become clips and blanks become gaps (zero-length ones skipped). Every
     * time is checked against the bounds (see {@link #MAX_HOURS}): a negative one, or one that puts the track's end
     * past them, is {@code time.range}.
     */
    List<Item> items(TrackRef t, Element playlist) {
        List<Item> out = new ArrayList<>();
        long limit = maxFrames();
        long pos = 0;
        for (Element e : Xml.children(playlist)) {
            boolean blank = e.getTagName().equals("blank");
            boolean entry = e.getTagName().equals("entry");
            if (!blank && !entry) {
                continue;
            }
            for (String a : blank ? new String[] {"length"} : new String[] {"in", "out"}) {
                if (e.hasAttribute(a)) {
                    checkRange(t, e, a, time(e, a, 0), limit);
                }
            }
            if (entry) {
                Element producer = byId.get(e.getAttribute("producer"));
                if (producer != null && !e.hasAttribute("in") && producer.hasAttribute("in")) {
                    checkRange(t, producer, "in", time(producer, "in", 0), limit);
                }
                if (producer != null && !e.hasAttribute("out")) {
                    checkRange(t, e, "out (from " + Xml.describe(producer) + ")", producerOut(producer), limit);
                }
            }
            long d = duration(e);
            if (d <= 0) {
                continue;
            }
            if (d > limit - pos) {
                throw problem("time.range", "Track " + t.name() + " would end after " + hours(pos + d) + " hours;"
                        + " genshot reads timelines of up to " + MAX_HOURS + " hours", Xml.describe(e) + " on track "
                        + t.name(), "The time is damaged: fix it in Kdenlive or restore a backup");
            }
            pos += d;
            if (blank) {
                out.add(new Gap(d));
            } else {
                Element producer = byId.get(e.getAttribute("producer"));
                out.add(new Clip(clipName(producer, e), shownMedia(producer), entryIn(e), d));
            }
        }
        return out;
    }

    private void checkRange(TrackRef t, Element e, String attribute, long frames, long limit) {
        if (frames >= 0 && frames <= limit) {
            return;
        }
        String raw = e.getAttribute(attribute);
        String value = raw.isEmpty() ? Long.toString(frames) : raw.trim();
        throw problem("time.range", "The time " + Quoting.quote(value) + (frames < 0 ? " is negative"
                : " lasts " + hours(frames) + " hours; genshot reads timelines of up to " + MAX_HOURS + " hours"),
                Xml.describe(e).replace(">", " " + (raw.isEmpty() ? attribute : Xml.attribute(e, attribute)) + ">")
                        + " on track " + t.name(), "The time is damaged: fix it in Kdenlive or restore a backup");
    }

    /** Hours of {@code frames}, to one decimal, for messages. */
    private String hours(long frames) {
        return new java.math.BigDecimal(java.math.BigInteger.valueOf(frames).multiply(java.math.BigInteger.valueOf(
                rate.denominator()))).divide(new java.math.BigDecimal(rate.numerator() * 3600L), 1,
                        java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** Frames an {@code <entry>} or {@code <blank>} lasts (0 for other elements). */
    long duration(Element e) {
        if (e.getTagName().equals("blank")) {
            return time(e, "length", 0);
        }
        if (!e.getTagName().equals("entry")) {
            return 0;
        }
        Element producer = byId.get(e.getAttribute("producer"));
        if (producer == null) {
            throw problem("project.structure", "A timeline entry names an element that is not defined", Xml.describe(e)
                    + " in " + Xml.describe((Element) e.getParentNode()), "Open and save the project in Kdenlive (it will"
                    + " remove the clip)");
        }
        long in = entryIn(e);
        long out = e.hasAttribute("out") ? time(e, "out", 0) : producerOut(producer);
        long length = producerLength(producer);
        if (length > 0 && out >= length) {
            // MLT stops a cut at its producer's last frame (mlt_producer_set_in_and_out), and Kdenlive shows what MLT
            // plays: read the clip as that long, and say so
            String place = Xml.describe(e) + " in " + Xml.describe((Element) e.getParentNode());
            if (timeWarnings.stream().noneMatch(p -> place.equals(p.place()))) {
                timeWarnings.add(new genshot.api.Problem("time.past-media", "The clip plays frames " + in + ".." + out
                        + " of " + Xml.describe(producer) + ", which has " + length + " frames; Kdenlive and melt stop"
                        + " it at frame " + (length - 1) + ", so it is read as " + Math.max(length - in, 1)
                        + " frames long", file.toString(), place, "Open and save the project in Kdenlive, which"
                        + " writes the clip as it plays it"));
            }
            out = length - 1;
        }
        return out - in + 1;
    }

    /** The frame a timeline entry starts at in its producer, at most the producer's last (as MLT clamps it). */
    long entryIn(Element e) {
        Element producer = byId.get(e.getAttribute("producer"));
        long in;
        if (e.hasAttribute("in")) {
            in = time(e, "in", 0);
        } else {
            in = producer != null && producer.hasAttribute("in") ? time(producer, "in", 0) : 0;
        }
        long length = producer == null ? 0 : producerLength(producer);
        return length > 0 && in >= length ? length - 1 : in;
    }

    /** The producer's {@code length} property in frames, or 0 when it has none. */
    private long producerLength(Element producer) {
        String len = property(producer, "length");
        if (len == null || len.isBlank()) {
            return 0;
        }
        return Math.max(parseTime(len, () -> Xml.describe(producer) + " property length"), 0);
    }

    private long producerOut(Element producer) {
        if (producer.hasAttribute("out")) {
            return time(producer, "out", 0);
        }
        String len = property(producer, "length");
        if (len != null) {
            return parseTime(len, () -> Xml.describe(producer) + " property length") - 1;
        }
        return 0;
    }

    long time(Element e, String attribute, long absent) {
        if (!e.hasAttribute(attribute)) {
            return absent;
        }
        return parseTime(e.getAttribute(attribute), () -> Xml.describe(e) + " " + Xml.attribute(e, attribute));
    }

    long parseTime(String value, String place) {
        return parseTime(value, () -> place);
    }

    /**
     * Frames of a time value; {@code place} (made only when a message needs it) names where it stands. A value read
     * before is not read again: its frames and whether it lies off the grid depend on the text and the rate only.
     */
    long parseTime(String value, java.util.function.Supplier<String> place) {
        long[] known = times.get(value);
        if (known == null) {
            try {
                known = new long[] {MltTime.parse(value, rate), MltTime.offGrid(value, rate) ? 1 : 0};
            } catch (IllegalArgumentException | ArithmeticException ex) {
                throw problem("project.time", "Not a time value: " + Quoting.quote(value) + " (frames, hh:mm:ss.mmm or"
                        + " hh:mm:ss:ff)", place.get(), "Open and save the project in Kdenlive");
            }
            times.put(value, known);
        }
        long frames = known[0];
        if (known[1] != 0) {
            String where = place.get();
            if (timeWarnings.stream().noneMatch(p -> where.equals(p.place()))) {
                timeWarnings.add(new genshot.api.Problem("time.off-grid", "The time " + Quoting.quote(value.trim()) + " is between"
                        + " frames at " + rate + " fps; read as frame " + frames + ", as Kdenlive and melt do",
                        file.toString(), where, "Save the project in Kdenlive, which writes times on the frame grid"));
            }
        }
        return frames;
    }

    private String clipName(Element producer, Element entry) {
        String name = property(producer, "kdenlive:clipname");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String res = property(producer, "resource");
        if (res != null && !res.isBlank()) {
            String r = res.trim();
            int slash = Math.max(r.lastIndexOf('/'), r.lastIndexOf('\\'));
            return r.substring(slash + 1);
        }
        return entry.getAttribute("producer");
    }

    TrackRef track(String name) {
        for (TrackRef t : tracks) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    /** The directory relative resources resolve against: {@code root}, or the project's folder when absent or empty. */
    Path root() {
        Path dir = file.toAbsolutePath().getParent();
        String root = mlt.getAttribute("root");
        if (root.isBlank() || root.contains("$CURRENTPATH")) {
            return dir;
        }
        return dir.resolve(root);
    }

    /** The file a {@code resource} names, or null when it is not a file (a colour, a generator). */
    Path media(String resource) {
        if (resource == null || resource.isBlank()) {
            return null;
        }
        String r = resource.trim();
        if (r.startsWith("file://")) {
            r = r.substring(7);
        }
        if (r.matches("^0x[0-9a-fA-F]+$") || r.equals("black") || r.contains("<") || r.matches("^[a-z]+:.*")) {
            return null;
        }
        return root().resolve(r).normalize();
    }

    GenshotException problem(String code, String message, String place, String hint) {
        return GenshotException.of(code, message, file, place, hint);
    }
}
