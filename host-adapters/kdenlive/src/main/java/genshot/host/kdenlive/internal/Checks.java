package genshot.host.kdenlive.internal;

import genshot.api.Quoting;
import genshot.api.GenshotException;
import genshot.timeline.TimeRange;
import genshot.timeline.Timeline;
import genshot.timeline.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The checks run on an edited document before it is written: the silent failures of melt and Kdenlive
 * (forward references, duplicate ids, a lost bin link, clamped entries, a moved clip) are caught here.
 */
final class Checks {

    private final KdenliveProject project;
    private final Structure s;
    private final List<KdenliveProject.Insertion> insertions;
    private final List<KdenliveProject.Edit> edits;
    private final Timeline before;
    private final List<String> failures = new ArrayList<>();

    /**
     * @param insertions the insertions still in the document
     * @param edits every insertion and removal, in order
     * @param before the timeline before the first edit
     */
    Checks(KdenliveProject project, Structure s, List<KdenliveProject.Insertion> insertions, List<KdenliveProject.Edit> edits,
            Timeline before) {
        this.project = project;
        this.s = s;
        this.insertions = insertions;
        this.edits = edits;
        this.before = before;
    }

    /** A check that failed: what, where, and what the user can do. */
    record Failure(String message, String place, String hint) {
    }

    /**
     * Runs the checks of the document's structure on a project as it was read, so that a file Kdenlive or melt would
     * break silently (a duplicate id, a forward reference, a lost bin link, a track tractor without its two playlists,
     * elements out of place) is refused when it is read, blaming the file, and not after a take was generated.
     */
    static void document(Structure s) {
        List<Failure> found = structural(s);
        if (!found.isEmpty()) {
            Failure f = found.get(0);
            throw GenshotException.of("project.structure", f.message() + (found.size() > 1 ? " (and " + (found.size() - 1)
                    + " more problem" + (found.size() > 2 ? "s" : "") + ")" : ""), s.file, f.place(), f.hint());
        }
    }

    /** The checks of the document's structure (unique ids, references, bin links, the places of its parts). */
    static List<Failure> structural(Structure s) {
        List<Failure> failures = new ArrayList<>();
        Element mlt = s.doc.getDocumentElement();
        List<Element> top = Xml.children(mlt);
        Map<Element, Integer> topIndex = new HashMap<>();
        for (int k = 0; k < top.size(); k++) {
            topIndex.put(top.get(k), k);
        }
        // 1. unique ids; every producer reference defined earlier
        Map<String, Element> defined = new HashMap<>();
        List<Element> all = KdenliveProject.elements(mlt, null);
        for (Element e : all) {
            if (e.hasAttribute("id") && defined.putIfAbsent(e.getAttribute("id"), e) != null) {
                failures.add(new Failure("The id " + Quoting.quote(e.getAttribute("id")) + " is used twice", Xml.describe(e),
                        "Kdenlive would delete a clip; restore a backup, or give each element its own id"));
            }
        }
        for (Element e : all) {
            if (!e.hasAttribute("producer")) {
                continue;
            }
            String ref = e.getAttribute("producer");
            Element target = defined.get(ref);
            Integer targetAt = target == null ? null : topIndex.get(target);
            Integer userAt = topIndex.get(topAncestor(e, mlt));
            String where = Xml.describe(e) + (e.getParentNode() instanceof Element p && p != mlt ? " in " + Xml.describe(p) : "");
            String hint = "Kdenlive and melt would drop the clip silently; restore a backup";
            if (targetAt == null) {
                failures.add(new Failure("A reference names no top-level element", where, hint));
            } else if (userAt == null || targetAt >= userAt) {
                failures.add(new Failure("A reference names an element defined later", where, hint));
            }
        }
        // 2. every kdenlive:id on the timeline is a bin clip listed in main_bin
        Set<String> binIds = new HashSet<>();
        for (Element entry : Xml.children(s.mainBin, "entry")) {
            Element p = defined.get(entry.getAttribute("producer"));
            String id = p == null ? null : Xml.property(p, "kdenlive:id");
            if (id != null) {
                binIds.add(id.trim());
            }
        }
        for (Structure.TrackRef t : s.tracks) {
            for (Element entry : Xml.children(t.playlist(), "entry")) {
                String id = Xml.property(entry, "kdenlive:id");
                Element p = defined.get(entry.getAttribute("producer"));
                if (id == null && p != null) {
                    id = Xml.property(p, "kdenlive:id");
                }
                if (id != null && !binIds.contains(id.trim())) {
                    failures.add(new Failure("A clip of track " + t.name() + " has a bin id (kdenlive:id " + Quoting.quote(id.trim())
                            + ") no bin clip has", Xml.describe(entry), "Kdenlive would remove the clip; open and save the"
                                    + " project in Kdenlive"));
                }
            }
        }
        // 3. each track its own tractor and playlist (a track listed twice would be filled twice)
        Map<Element, String> owner = new HashMap<>();
        for (Structure.TrackRef t : s.tracks) {
            for (Element e : new Element[] {t.tractor(), t.playlist()}) {
                String other = owner.putIfAbsent(e, t.name());
                if (other != null) {
                    failures.add(new Failure("Tracks " + other + " and " + t.name() + " are one and the same",
                            Xml.describe(t.mainTrack()) + " in " + Xml.describe(s.mainTractor), "Restore a backup"));
                    break;
                }
            }
        }
        // 4. two playlists per track tractor; 1.04: main_bin first playlist, main tractor last;
        //    1.1: main_bin after the sequence, the project tractor last and playing the sequence
        if (!"1".equals(String.valueOf(Xml.property(s.mainBin, "xml_retain")).trim())) {
            failures.add(new Failure("The bin (main_bin) lacks the property xml_retain=1", Xml.describe(s.mainBin),
                    "Kdenlive would open the project empty; restore a backup"));
        }
        for (Structure.TrackRef t : s.tracks) {
            int n = Xml.children(t.tractor(), "track").size();
            if (n != 2) {
                failures.add(new Failure("The track tractor of " + t.name() + " has " + n + " playlist" + (n == 1 ? "" : "s")
                        + " instead of 2", Xml.describe(t.tractor()), "Kdenlive calls it corrupted; restore a backup"));
            }
        }
        Element last = top.isEmpty() ? null : top.get(top.size() - 1);
        if (!s.v11) {
            List<Element> playlists = Xml.children(mlt, "playlist");
            if (playlists.isEmpty() || !"main_bin".equals(playlists.get(0).getAttribute("id"))) {
                failures.add(new Failure("The bin (main_bin) is not the first playlist", Xml.describe(s.mainBin),
                        "Open and save the project in Kdenlive"));
            }
            if (last != s.mainTractor) {
                failures.add(new Failure("The main tractor is not the last element (melt and Kdenlive play the last)",
                        Xml.describe(s.mainTractor), "Restore a backup"));
            }
        } else {
            if (s.projectTractor == null || last != s.projectTractor) {
                failures.add(new Failure("The project tractor (kdenlive:projectTractor) is not the last element",
                        s.projectTractor == null ? "<mlt>" : Xml.describe(s.projectTractor),
                        "Restore a backup, or open and save the project in Kdenlive"));
            }
            if (topIndex.get(s.mainBin) < topIndex.get(s.mainTractor)) {
                failures.add(new Failure("The bin (main_bin) comes before the sequence it lists", Xml.describe(s.mainBin),
                        "Restore a backup, or open and save the project in Kdenlive"));
            }
        }
        return failures;
    }

    void run() {
        Element mlt = s.doc.getDocumentElement();
        Map<String, Element> defined = new HashMap<>();
        for (Element e : KdenliveProject.elements(mlt, null)) {
            if (e.hasAttribute("id")) {
                defined.putIfAbsent(e.getAttribute("id"), e);
            }
        }
        for (Failure f : structural(s)) {
            failures.add(f.message() + " (" + f.place() + ")");
        }
        // 3. new entries: 0 <= in <= out < length; the new media exists
        for (KdenliveProject.Insertion ins : insertions) {
            Element copy = defined.get(ins.entryProducer());
            Element bin = defined.get(ins.binProducer());
            if (copy == null || bin == null) {
                failures.add("the new clip's producers are missing");
                continue;
            }
            long length = s.parseTime(Xml.property(copy, "length"), Xml.describe(copy));
            for (Element entry : KdenliveProject.elements(mlt, "entry")) {
                if (ins.entryProducer().equals(entry.getAttribute("producer"))) {
                    long in = s.time(entry, "in", 0);
                    long out = s.time(entry, "out", -1);
                    if (in < 0 || in > out || out >= length) {
                        failures.add(Xml.describe(entry) + " has in=" + in + " out=" + out + " for a clip of " + length + " frames");
                    }
                }
            }
            Path media = s.media(Xml.property(bin, "resource")); // relative to root, as melt and Kdenlive resolve it
            if (media == null || !Files.isRegularFile(media)) {
                failures.add("the new media " + media + " does not exist");
            }
        }
        // 4. every track's clips = the old clips plus the new ones, less the removed ones; nothing else moved
        Timeline after = s.timeline;
        if (before.tracks().size() != after.tracks().size()) {
            failures.add("the number of tracks changed");
        } else {
            for (Track old : before.tracks()) {
                Track now = after.track(old.name()).orElse(null);
                if (now == null) {
                    failures.add("track " + old.name() + " disappeared");
                    continue;
                }
                List<TimeRange> expected = new ArrayList<>(old.clipRanges());
                boolean touched = false;
                for (KdenliveProject.Edit ed : edits) {
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
                if (!expected.equals(now.clipRanges())) {
                    failures.add("track " + old.name() + " clips are " + now.clipRanges() + ", expected " + expected);
                } else if (!touched && !old.items().equals(now.items())) {
                    failures.add("track " + old.name() + " changed although nothing was inserted or removed there");
                }
                if (old.locked() != now.locked() || old.hidden() != now.hidden()) {
                    failures.add("track " + old.name() + " changed its locked or hidden state");
                }
            }
        }
        // 5. version unchanged
        if (!project.version().equals(String.valueOf(s.version).trim())) {
            failures.add("the document version changed from " + project.version() + " to " + s.version);
        }
        if (!failures.isEmpty()) {
            throw GenshotException.of("project.check", "The edited project failed its checks and was not written: "
                    + String.join("; ", failures), project.file(), "after editing track " + edits.get(0).track(),
                    "This is a bug in genshot; please report it with the project file");
        }
    }

    private static Element topAncestor(Element e, Element mlt) {
        Node n = e;
        while (n.getParentNode() != null && n.getParentNode() != mlt) {
            n = n.getParentNode();
        }
        return n.getParentNode() == mlt ? (Element) n : null;
    }
}
