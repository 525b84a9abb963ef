package genshot.host.kdenlive.internal;

import genshot.api.Quoting;
import genshot.api.GenshotException;
import genshot.api.HostProject;
import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.api.Problem;
import genshot.timeline.Clip;
import genshot.timeline.Item;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import genshot.timeline.TrackKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A Kdenlive project (document version 1.04 or 1.1): the whole MLT document, edited in place. In a 1.1 project the
 * active sequence is the timeline, and insertions go into it.
 */
final class KdenliveProject implements HostProject {

    private static final Pattern FOLDER = Pattern.compile("kdenlive:folder\\.(-?\\d+)\\.(\\d+)");
    private static final Pattern PRODUCER_N = Pattern.compile("producer(\\d+)");
    private static final Pattern CHAIN_N = Pattern.compile("chain(\\d+)");

    /** An insertion made on this document and still in it, checked again before writing. */
    record Insertion(String track, TimeRange range, String entryProducer, String binProducer) {
    }

    /** An edit of a track (a clip put over a range, or taken out of it), in the order they were made. */
    record Edit(boolean insert, String track, TimeRange range) {
    }

    private final Path file;
    private final Document doc;
    private Structure structure;
    private final List<Insertion> insertions = new ArrayList<>();
    private final List<Edit> edits = new ArrayList<>();
    /** The timeline before the first edit. */
    private Timeline before;
    /** The document version as read; a write never changes it. */
    private final String version;

    /** Whether the file started with a UTF-8 byte order mark: it is written back with one. */
    private final boolean bom;

    KdenliveProject(Path file, Document doc, boolean bom) {
        this.file = file;
        this.doc = doc;
        this.bom = bom;
        this.structure = new Structure(doc, file);
        this.version = structure.version.trim();
        Checks.document(structure);
    }

    String version() {
        return version;
    }

    @Override
    public String host() {
        return KdenliveAdapter.HOST;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Timeline timeline() {
        return structure.timeline;
    }

    Document document() {
        return doc;
    }

    /** The directory relative media paths resolve against. */
    Path mediaRoot() {
        return structure.root();
    }

    /**
     * The take's {@code resource} as this project names its media: relative to {@code root} when the project names
     * files relatively (as Kdenlive saves the files under the project's folder) and the take lies under {@code root},
     * so that moving the project's folder keeps the take; absolute otherwise (a project whose media are all
     * absolute, or a take outside {@code root}).
     */
    static String resource(Structure s, Path media) {
        Path root = s.root().toAbsolutePath().normalize();
        if (!usesRelativeResources(s) || !media.startsWith(root)) {
            return media.toString();
        }
        return root.relativize(media).toString(); // a backslash is a character of a name here, not a separator
    }

    /** Whether a producer or chain names a file by a relative path (colours, titles and generators aside). */
    static boolean usesRelativeResources(Structure s) {
        for (Element e : s.byId.values()) {
            if (!e.getTagName().equals("producer") && !e.getTagName().equals("chain")) {
                continue;
            }
            String r = Xml.property(e, "resource");
            if (r == null || s.media(r) == null) {
                continue;
            }
            String path = r.strip();
            if (path.startsWith("file://")) {
                continue; // a URL is absolute
            }
            try {
                if (!Path.of(path).isAbsolute()) {
                    return true;
                }
            } catch (java.nio.file.InvalidPathException notAPath) {
                // not a file this system can name: it says nothing about how the project names files
            }
        }
        return false;
    }

    /** Media files the timeline's clips use that do not exist (resolved against {@code root}). */
    List<Path> missingMedia() {
        List<Path> out = new ArrayList<>();
        for (Track t : structure.timeline.tracks()) {
            for (Item i : t.items()) {
                if (i instanceof Clip c) {
                    Path p = structure.media(c.media());
                    if (p != null && !Files.exists(p) && !out.contains(p)) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Media files that do not exist ({@code media.missing}, one per file, naming it), times between two frames
     * ({@code time.off-grid}, read as MLT reads them) and clips that run past their producer's length
     * ({@code time.past-media}, read as MLT plays them: up to the producer's last frame).
     */
    @Override
    public List<Problem> warnings() {
        List<Problem> out = new ArrayList<>();
        for (Path p : missingMedia()) {
            out.add(new Problem("media.missing", "The media file " + Quoting.path(p.toString()) + " used by the project does"
                    + " not exist", file.toString(),
                    firstUse(p), "Put the file back, or open the project in Kdenlive and relink the clip"));
        }
        out.addAll(structure.timeWarnings);
        return List.copyOf(out);
    }

    /** Where a media file is first used: {@code track V1, frame 40}. */
    private String firstUse(Path media) {
        for (Track t : structure.timeline.tracks()) {
            List<TimeRange> ranges = t.itemRanges();
            for (int k = 0; k < ranges.size(); k++) {
                if (t.items().get(k) instanceof Clip c && media.equals(structure.media(c.media()))) {
                    return "track " + t.name() + ", frame " + ranges.get(k).start();
                }
            }
        }
        return null;
    }

    @Override
    public void insert(InsertRequest request) {
        Structure s = structure;
        String trackName = request.track();
        Structure.TrackRef ref = trackName == null ? null : s.track(trackName);
        if (ref == null) {
            throw problem("track.unknown", "The project has no track named " + trackName, "track " + trackName,
                    "Use one of: " + String.join(", ", s.tracks.stream().map(Structure.TrackRef::name).toList()));
        }
        String place = "track " + ref.name() + ", frames " + request.range();
        if (ref.kind() != TrackKind.VIDEO) {
            throw problem("track.audio", "Track " + ref.name() + " is an audio track; shots go on video tracks", place,
                    "Choose a video track (V1, V2...)");
        }
        Track track = s.timeline.track(ref.name()).orElseThrow();
        if (track.locked()) {
            throw problem("track.locked", "Track " + ref.name() + " is locked", place, "Unlock the track in Kdenlive and save");
        }
        TimeRange range = request.range();
        if (range.duration() <= 0 || range.start() < 0) {
            throw problem("gap.range", "The range " + range + " is empty or negative", place, "Choose frames inside a gap");
        }
        if (range.end() > s.timeline.duration()) {
            throw problem("gap.range", "The range " + range + " ends after the timeline's end (frame "
                    + s.timeline.duration() + ")", place, "Choose frames inside a gap, before the end of the longest track");
        }
        MediaInfo info = request.info();
        Path media = request.media() == null ? null : request.media().toAbsolutePath().normalize();
        if (media == null || !Files.isRegularFile(media)) {
            throw problem("media.missing", "The take " + media + " does not exist", place, "Make the take again");
        }
        // a take may carry handle frames after the range; the entry's out point trims them off
        if (info == null || info.frames() < range.duration()) {
            throw problem("take.frames", "The take has " + (info == null ? "an unknown number of" : info.frames())
                    + " frames but the range " + range + " needs " + range.duration(), place,
                    "Make the take with at least " + range.duration() + " frames");
        }
        List<String> diff = new ArrayList<>();
        if (!info.rate().equals(s.rate)) {
            diff.add("frame rate " + info.rate() + " instead of " + s.rate);
        }
        if (info.width() != s.width || info.height() != s.height) {
            diff.add("size " + info.width() + "x" + info.height() + " instead of " + s.width + "x" + s.height);
        }
        if (!diff.isEmpty()) {
            throw problem("take.format", "The take does not match the project: " + String.join(", ", diff), place,
                    "Make the take at the project's rate and size");
        }
        if (ref.second() != null && s.timeline.gaps().stream()
                .noneMatch(g -> g.track().equals(ref.name()) && g.range().contains(range))) {
            // the first playlist may be blank there while the second (a same-track mix) shows a clip
            throw problem("gap.not-free", "Frames " + range + " of track " + ref.name() + " are not inside one gap"
                    + " (a clip of the track's mix shows there)", place,
                    "Run 'genshot gaps' to see the free ranges; the take must lie inside one of them");
        }
        Fill fill = findBlanks(s, ref, range, place);
        String hash;
        long size;
        try {
            hash = FileHash.of(media);
            size = Files.size(media);
        } catch (IOException e) {
            throw problem("media.unreadable", "The take " + media + " cannot be read: " + e.getMessage(), place,
                    "Check the file's permissions");
        }

        // all checks passed: edit the document
        Timeline unedited = s.timeline;
        long n = range.duration();
        int binId = nextBinId(s);
        int[] next = {nextProducerNumber()};
        String name = request.clipName() == null || request.clipName().isBlank() ? media.getFileName().toString()
                : request.clipName();

        // 1.04: <producer> as Kdenlive 22.12 writes for clips added in its GUI; 1.1: <chain> as 23.04+ writes
        String element = s.v11 ? "chain" : "producer";
        if (s.v11) {
            next[0] = nextNumber(CHAIN_N);
        }
        String controlUuid = usesControlUuids() ? "{" + java.util.UUID.randomUUID() + "}" : null;
        Element bin = doc.createElement(element);
        String binProducerId = element + next[0]++;
        bin.setAttribute("id", binProducerId);
        bin.setAttribute("in", "0");
        bin.setAttribute("out", Long.toString(n - 1));
        String[][] props = {
            {"length", Long.toString(n)},
            {"eof", "pause"},
            {"resource", resource(s, media)},
            {"mlt_service", "avformat-novalidate"},
            {"seekable", "1"},
            {"audio_index", info.hasAudio() ? "1" : "-1"},
            {"video_index", "0"},
            {"mute_on_pause", "0"},
            {"kdenlive:clipname", name},
            {"kdenlive:clip_type", "2"},
            {"kdenlive:folderid", "-1"},
            {"kdenlive:id", Integer.toString(binId)},
            {"kdenlive:file_size", Long.toString(size)},
            {"kdenlive:file_hash", hash},
        };
        for (String[] p : props) {
            addProperty(bin, p[0], p[1], "\n  ");
        }
        if (controlUuid != null) {
            addProperty(bin, "kdenlive:control_uuid", controlUuid, "\n  "); // copied onto the timeline copy below
        }
        closeIndent(bin, "\n ");
        Element copy = (Element) bin.cloneNode(true);
        String copyId = element + next[0]++;
        copy.setAttribute("id", copyId);
        copy.removeChild(copy.getLastChild());
        addProperty(copy, "set.test_audio", "1", "\n  ");
        addProperty(copy, "set.test_image", "0", "\n  ");
        closeIndent(copy, "\n ");

        insertTopLevelBefore(bin, s.mainBin);
        Element binEntry = doc.createElement("entry");
        Xml.setAttributes(binEntry, "producer", binProducerId, "in", "0", "out", Long.toString(n - 1));
        appendChild(s.mainBin, binEntry, "\n  ");
        insertTopLevelBefore(copy, ref.playlist());

        Element entry = doc.createElement("entry");
        Xml.setAttributes(entry, "producer", copyId, "in", "0", "out", Long.toString(n - 1));
        addProperty(entry, "kdenlive:id", Integer.toString(binId), "\n   ");
        closeIndent(entry, "\n  ");
        fill.apply(this, entry, range);

        if (s.v11) {
            lengthenSequence(s, new Structure(doc, file).timeline.duration());
        }
        structure = new Structure(doc, file);
        if (before == null) {
            before = unedited;
        }
        insertions.add(new Insertion(ref.name(), range, copyId, binProducerId));
        edits.add(new Edit(true, ref.name(), range));
    }

    /**
     * Takes out the {@code <entry>} that covers exactly {@code range} on the track's first playlist: it becomes a
     * {@code <blank>} merged with the blanks next to it (one blank with the sum of their lengths, in integer frames);
     * a blank run that ends the playlist is dropped (Kdenlive writes no trailing blanks), and a track tractor whose
     * {@code out} ended with the clip ends with the track's new last frame. The timeline copy the entry played is
     * deleted when nothing else refers to it. The bin clip (the {@code main_bin} producer with the entry's
     * {@code kdenlive:id}) and its {@code main_bin} entry are deleted only when no other clip of the document (any track,
     * any sequence) uses that bin clip: a replaced take does not pile up in the bin, and a project whose old take
     * files are deleted later does not open with Kdenlive's missing-clip dialog. Nothing else moves.
     */
    @Override
    public void remove(String trackName, TimeRange range) {
        Structure s = structure;
        Structure.TrackRef ref = trackName == null ? null : s.track(trackName);
        if (ref == null) {
            throw problem("track.unknown", "The project has no track named " + trackName, "track " + trackName,
                    "Use one of: " + String.join(", ", s.tracks.stream().map(Structure.TrackRef::name).toList()));
        }
        String place = "track " + ref.name() + ", frames " + range;
        Track track = s.timeline.track(ref.name()).orElseThrow();
        if (track.locked()) {
            throw problem("track.locked", "Track " + ref.name() + " is locked", place, "Unlock the track in Kdenlive and save");
        }
        Element playlist = ref.playlist();
        Element found = null;
        long pos = 0;
        long contentEnd = 0;
        for (Element e : Xml.children(playlist)) {
            boolean isEntry = e.getTagName().equals("entry");
            if (!isEntry && !e.getTagName().equals("blank")) {
                continue;
            }
            long d = Math.max(s.duration(e), 0);
            if (isEntry && d > 0 && pos == range.start() && d == range.duration()) {
                found = e;
            }
            pos += d;
            if (isEntry && d > 0) {
                contentEnd = pos;
            }
        }
        if (found == null) {
            throw problem("remove.no-clip", "No single clip covers exactly frames " + range + " of track " + ref.name(),
                    place, "The clips of " + ref.name() + " are at " + track.clipRanges()
                            + "; give the exact range of one of them");
        }

        // all checks passed: edit the document
        Timeline unedited = s.timeline;
        String producerId = found.getAttribute("producer");
        Element producer = s.byId.get(producerId);
        String binId = Xml.property(found, "kdenlive:id");
        if (binId == null && producer != null) {
            binId = Xml.property(producer, "kdenlive:id");
        }
        binId = binId == null ? null : binId.trim();
        Element blank = blank(range.duration());
        playlist.replaceChild(blank, found);
        Element merged = mergeBlanks(playlist, blank);
        boolean trailing = true;
        for (Node n = merged.getNextSibling(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("entry") && s.duration(e) > 0) {
                trailing = false;
                break;
            }
        }
        if (trailing) {
            removeWithIndent(merged);
            shrinkTractor(playlist, contentEnd);
        }
        if (producer != null && isMedia(producer) && references(producerId) == 0) {
            removeWithIndent(producer);
        }
        if (binId != null) {
            removeUnusedBinClip(binId);
        }
        structure = new Structure(doc, file);
        if (before == null) {
            before = unedited;
        }
        insertions.removeIf(i -> i.track().equals(ref.name()) && i.range().equals(range) && i.entryProducer().equals(producerId));
        edits.add(new Edit(false, ref.name(), range));
    }

    /** Joins {@code blank} with the {@code <blank>}s right before and after it into the first of them. */
    private Element mergeBlanks(Element playlist, Element blank) {
        List<Element> run = new ArrayList<>();
        run.add(blank);
        for (Element e = previousElement(blank); e != null && e.getTagName().equals("blank"); e = previousElement(e)) {
            run.add(0, e);
        }
        for (Element e = nextElement(blank); e != null && e.getTagName().equals("blank"); e = nextElement(e)) {
            run.add(e);
        }
        if (run.size() == 1) {
            return blank;
        }
        long total = 0;
        for (Element b : run) {
            total += Math.max(structure.duration(b), 0);
        }
        Element first = run.get(0);
        first.setAttribute("length", Long.toString(total));
        for (Element b : run.subList(1, run.size())) {
            removeWithIndent(b);
        }
        return first;
    }

    private static Element previousElement(Node n) {
        for (Node p = n.getPreviousSibling(); p != null; p = p.getPreviousSibling()) {
            if (p instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Element nextElement(Node n) {
        for (Node p = n.getNextSibling(); p != null; p = p.getNextSibling()) {
            if (p instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    /** Removes an element and the whitespace that indents it (the text right before it). */
    private static void removeWithIndent(Element e) {
        Node parent = e.getParentNode();
        Node prev = e.getPreviousSibling();
        if (prev != null && prev.getNodeType() == Node.TEXT_NODE && prev.getTextContent().isBlank()) {
            parent.removeChild(prev);
        }
        parent.removeChild(e);
    }

    private static boolean isMedia(Element e) {
        return e.getTagName().equals("producer") || e.getTagName().equals("chain");
    }

    /** How many elements of the document name {@code id} in their {@code producer} attribute. */
    private int references(String id) {
        int n = 0;
        for (Element e : elements(doc.getDocumentElement(), null)) {
            if (id.equals(e.getAttribute("producer"))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Deletes the bin clip with this {@code kdenlive:id} and its {@code main_bin} entry when nothing else uses it: no
     * other producer or chain carries that id, no entry outside {@code main_bin} names the bin clip or carries the id.
     */
    private void removeUnusedBinClip(String binId) {
        Element mainBin = structure.mainBin;
        Element bin = null;
        for (Element entry : Xml.children(mainBin, "entry")) {
            Element p = structure.byId.get(entry.getAttribute("producer"));
            if (p != null && p.getParentNode() == doc.getDocumentElement() && isMedia(p)
                    && binId.equals(String.valueOf(Xml.property(p, "kdenlive:id")).trim())) {
                bin = p;
                break;
            }
        }
        if (bin == null) {
            return;
        }
        String binProducerId = bin.getAttribute("id");
        for (Element e : elements(doc.getDocumentElement(), null)) {
            if (e == bin) {
                continue;
            }
            if (isMedia(e) && e.getParentNode() == doc.getDocumentElement()
                    && binId.equals(String.valueOf(Xml.property(e, "kdenlive:id")).trim())) {
                return; // another copy of the clip
            }
            if (e.getTagName().equals("entry") && e.getParentNode() != mainBin
                    && (binProducerId.equals(e.getAttribute("producer"))
                            || binId.equals(String.valueOf(Xml.property(e, "kdenlive:id")).trim()))) {
                return; // the clip is used on a timeline
            }
            if (!e.getTagName().equals("entry") && binProducerId.equals(e.getAttribute("producer"))) {
                return; // a track or transition names it
            }
        }
        for (Element entry : Xml.children(mainBin, "entry")) {
            if (binProducerId.equals(entry.getAttribute("producer"))) {
                removeWithIndent(entry);
            }
        }
        removeWithIndent(bin);
    }

    /**
     * After a clip that ended a track was taken out: a tractor playing the playlist whose {@code out} was the clip's last
     * frame now ends with the track's new last frame (or keeps {@code out} when the track is now empty).
     */
    private void shrinkTractor(Element playlist, long oldEnd) {
        long newEnd = 0;
        long pos = 0;
        for (Element e : Xml.children(playlist)) {
            long d = Math.max(structure.duration(e), 0);
            pos += d;
            if (e.getTagName().equals("entry") && d > 0) {
                newEnd = pos;
            }
        }
        if (newEnd <= 0) {
            return;
        }
        for (Element t : Xml.children(doc.getDocumentElement(), "tractor")) {
            for (Element tr : Xml.children(t, "track")) {
                if (playlist.getAttribute("id").equals(tr.getAttribute("producer")) && t.hasAttribute("out")
                        && structure.time(t, "out", 0) == oldEnd - 1) {
                    t.setAttribute("out", Long.toString(newEnd - 1));
                }
            }
        }
    }

    /**
     * Where a clip's media is: its {@code resource} resolved against {@code <mlt root>}, or the project's folder when
     * {@code root} is absent or empty (see {@link Structure#root()}); a resource that is not a file (a colour) resolves
     * like the default.
     */
    @Override
    public Path mediaPath(Clip clip) {
        return structure.media(clip.media());
    }

    /**
     * 1.1: when the timeline got longer, the sequence's {@code out}, {@code kdenlive:duration} and
     * {@code kdenlive:maxduration} and the project tractor's {@code out} (and its track's) follow. An insertion ends at
     * the latest at the timeline's end, so this changes nothing today; it keeps the rule in one place.
     */
    private void lengthenSequence(Structure s, long duration) {
        Element seq = s.mainTractor;
        if (!seq.hasAttribute("out") || s.time(seq, "out", 0) >= duration - 1) {
            return;
        }
        seq.setAttribute("out", Long.toString(duration - 1));
        Element d = Xml.propertyElement(seq, "kdenlive:duration");
        if (d != null) {
            d.setTextContent(new genshot.timeline.RationalTime(duration, s.rate).toTimecode());
        }
        Element max = Xml.propertyElement(seq, "kdenlive:maxduration");
        if (max != null) {
            max.setTextContent(Long.toString(duration));
        }
        if (s.projectTractor != null) {
            if (s.projectTractor.hasAttribute("out")) {
                s.projectTractor.setAttribute("out", Long.toString(duration - 1));
            }
            for (Element tr : Xml.children(s.projectTractor, "track")) {
                if (seq.getAttribute("id").equals(tr.getAttribute("producer")) && tr.hasAttribute("out")) {
                    tr.setAttribute("out", Long.toString(duration - 1));
                }
            }
        }
    }

    /**
     * Whether the project's media clips carry {@code kdenlive:control_uuid} (Kdenlive 25.x, unconfirmed): then the new
     * bin clip gets a fresh one and its timeline copy the same value.
     */
    private boolean usesControlUuids() {
        for (Element e : Xml.children(doc.getDocumentElement())) {
            if ((e.getTagName().equals("producer") || e.getTagName().equals("chain"))
                    && Xml.property(e, "kdenlive:control_uuid") != null && Xml.property(e, "kdenlive:id") != null) {
                return true;
            }
        }
        return false;
    }

    /** A run of consecutive blanks {@code [start, start+length)} that holds the range, or the end of the track. */
    private record Fill(Element playlist, List<Element> blanks, long start, long length) {

        void apply(KdenliveProject p, Element entry, TimeRange range) {
            List<Element> news = new ArrayList<>();
            long lead = range.start() - start;
            if (lead > 0) {
                news.add(p.blank(lead));
            }
            news.add(entry);
            long rest = start + length - range.end();
            if (!blanks.isEmpty() && rest > 0) {
                news.add(p.blank(rest));
            }
            if (blanks.isEmpty()) {
                for (Element e : news) {
                    p.appendChild(playlist, e, "\n  ");
                }
                p.extendTractor(playlist, range.end());
                return;
            }
            Element anchor = blanks.get(0);
            String ws = whitespaceBefore(anchor, "\n  ");
            for (Element e : news) {
                playlist.insertBefore(e, anchor);
                playlist.insertBefore(p.doc.createTextNode(ws), anchor);
            }
            for (Element b : blanks) {
                Node after = b.getNextSibling();
                playlist.removeChild(b);
                if (after != null && after.getNodeType() == Node.TEXT_NODE && after.getTextContent().isBlank()) {
                    playlist.removeChild(after);
                }
            }
            if (rest < 0) {
                p.extendTractor(playlist, range.end()); // the range runs past the track's last blank
            }
        }
    }

    private Fill findBlanks(Structure s, Structure.TrackRef ref, TimeRange range, String place) {
        long pos = 0;
        List<Element> run = new ArrayList<>();
        long runStart = 0;
        List<Element> elements = Xml.children(ref.playlist());
        for (int k = 0; k < elements.size(); k++) {
            Element e = elements.get(k);
            long d = s.duration(e);
            boolean isBlank = e.getTagName().equals("blank");
            boolean isEntry = e.getTagName().equals("entry");
            if (!isBlank && !isEntry) {
                continue;
            }
            if (isBlank) {
                if (run.isEmpty()) {
                    runStart = pos;
                }
                run.add(e);
            } else if (d > 0) {
                if (!run.isEmpty() && runStart <= range.start() && range.end() <= pos) {
                    return new Fill(ref.playlist(), List.copyOf(run), runStart, pos - runStart);
                }
                run.clear();
            }
            pos += Math.max(d, 0);
        }
        // the time after the track's last entry is free up to the timeline's end
        if (!run.isEmpty() && runStart <= range.start()) {
            return new Fill(ref.playlist(), List.copyOf(run), runStart, pos - runStart);
        }
        if (range.start() >= pos) {
            return new Fill(ref.playlist(), List.of(), pos, range.end() - pos);
        }
        throw problem("gap.not-free", "Frames " + range + " of track " + ref.name() + " are not inside one gap", place,
                "Run 'genshot gaps' to see the free ranges; the take must lie inside one of them");
    }

    /** Lengthens a track tractor whose {@code out} ends before {@code end} (a clip appended at the track's end). */
    private void extendTractor(Element playlist, long end) {
        for (Element t : Xml.children(doc.getDocumentElement(), "tractor")) {
            for (Element tr : Xml.children(t, "track")) {
                if (playlist.getAttribute("id").equals(tr.getAttribute("producer")) && t.hasAttribute("out")
                        && structure.time(t, "out", 0) < end - 1) {
                    t.setAttribute("out", Long.toString(end - 1));
                }
            }
        }
    }

    private Element blank(long length) {
        Element b = doc.createElement("blank");
        b.setAttribute("length", Long.toString(length));
        return b;
    }

    private void addProperty(Element owner, String name, String value, String indent) {
        owner.appendChild(doc.createTextNode(indent));
        Element p = doc.createElement("property");
        p.setAttribute("name", name);
        p.setTextContent(value);
        owner.appendChild(p);
    }

    private void closeIndent(Element owner, String indent) {
        owner.appendChild(doc.createTextNode(indent));
    }

    /** Puts a new top-level element just before {@code ref}, on its own line. */
    private void insertTopLevelBefore(Element node, Element ref) {
        Node parent = ref.getParentNode();
        String ws = whitespaceBefore(ref, "\n ");
        parent.insertBefore(node, ref);
        parent.insertBefore(doc.createTextNode(ws), ref);
    }

    /** Appends a child after the last element child, keeping the closing tag's indentation. */
    private void appendChild(Element parent, Element child, String indent) {
        Node last = parent.getLastChild();
        if (last != null && last.getNodeType() == Node.TEXT_NODE && last.getTextContent().isBlank()) {
            parent.insertBefore(doc.createTextNode(indent), last);
            parent.insertBefore(child, last);
        } else {
            parent.appendChild(doc.createTextNode(indent));
            parent.appendChild(child);
            parent.appendChild(doc.createTextNode(indent.substring(0, Math.max(1, indent.length() - 1))));
        }
    }

    private static String whitespaceBefore(Node n, String fallback) {
        Node prev = n.getPreviousSibling();
        if (prev != null && prev.getNodeType() == Node.TEXT_NODE && prev.getTextContent().isBlank()
                && prev.getTextContent().contains("\n")) {
            String t = prev.getTextContent();
            return t.substring(t.lastIndexOf('\n'));
        }
        return fallback;
    }

    /** max(every numeric kdenlive:id, every bin folder id, 1) + 1: folders share the id space. */
    private int nextBinId(Structure s) {
        long max = 1;
        for (Element p : elements(doc.getDocumentElement(), "property")) {
            String name = p.getAttribute("name");
            if (name.equals("kdenlive:id")) {
                String v = p.getTextContent().trim();
                if (v.matches("\\d{1,9}")) {
                    max = Math.max(max, Long.parseLong(v));
                }
            }
        }
        for (Element p : Xml.children(s.mainBin, "property")) {
            Matcher m = FOLDER.matcher(p.getAttribute("name"));
            if (m.matches() && m.group(2).length() <= 9) {
                max = Math.max(max, Long.parseLong(m.group(2)));
            }
        }
        return Math.toIntExact(max + 1);
    }

    private int nextProducerNumber() {
        return nextNumber(PRODUCER_N);
    }

    private int nextNumber(Pattern pattern) {
        long max = -1;
        for (Element e : elements(doc.getDocumentElement(), null)) {
            Matcher m = pattern.matcher(e.getAttribute("id"));
            if (m.matches() && m.group(1).length() <= 9) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return Math.toIntExact(max + 1);
    }

    /** Every element below {@code root} (with this tag, or all when null), in document order. */
    static List<Element> elements(Element root, String tag) {
        List<Element> out = new ArrayList<>();
        collect(root, tag, out);
        return out;
    }

    private static void collect(Element e, String tag, List<Element> out) {
        for (Element c : Xml.children(e)) {
            if (tag == null || c.getTagName().equals(tag)) {
                out.add(c);
            }
            collect(c, tag, out);
        }
    }

    @Override
    public byte[] serialize() {
        if (!edits.isEmpty()) {
            Structure now;
            try {
                now = new Structure(doc, file);
            } catch (GenshotException e) {
                throw problem("project.check", "The edited project can no longer be read and was not written: "
                        + e.problem().message(), e.problem().place(), "This is a bug in genshot; please report it");
            }
            new Checks(this, now, insertions, edits, before).run();
        }
        return Xml.write(doc, bom);
    }

    GenshotException problem(String code, String message, String place, String hint) {
        return GenshotException.of(code, message, file, place, hint);
    }
}
