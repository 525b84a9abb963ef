package genshot.host.kdenlive.internal;

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

    void run() {
        Element mlt = s.doc.getDocumentElement();
        List<Element> top = Xml.children(mlt);
        Map<Element, Integer> topIndex = new HashMap<>();
        for (int k = 0; k < top.size(); k++) {
            topIndex.put(top.get(k), k);
        }
        // 1. unique ids; every producer reference defined earlier
        Map<String, Element> defined = new HashMap<>();
        Set<String> dup = new HashSet<>();
        for (Element e : KdenliveProject.elements(mlt, null)) {
            if (e.hasAttribute("id") && defined.putIfAbsent(e.getAttribute("id"), e) != null) {
                dup.add(e.getAttribute("id"));
            }
        }
        if (!dup.isEmpty()) {
            failures.add("ids used more than once: " + dup);
        }
        for (Element e : KdenliveProject.elements(mlt, null)) {
            if (!e.hasAttribute("producer")) {
                continue;
            }
            String ref = e.getAttribute("producer");
            Element target = defined.get(ref);
            Integer targetAt = target == null ? null : topIndex.get(target);
            Integer userAt = topIndex.get(topAncestor(e, mlt));
            if (targetAt == null) {
                failures.add(Xml.describe(e) + " refers to \"" + ref + "\", which is not a top-level element");
            } else if (userAt == null || targetAt >= userAt) {
                failures.add(Xml.describe(e) + " refers to \"" + ref + "\", which is defined later");
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
                    failures.add("track " + t.name() + ": clip with kdenlive:id " + id.trim() + " has no bin clip in main_bin");
                }
            }
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
            Path media = Path.of(Xml.property(bin, "resource"));
            if (!Files.isRegularFile(media)) {
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
        // 5. version unchanged; two playlists per track tractor; 1.04: main_bin first playlist, main tractor last;
        //    1.1: main_bin after the sequence, the project tractor last and playing the sequence
        if (!project.version().equals(String.valueOf(s.version).trim())) {
            failures.add("the document version changed from " + project.version() + " to " + s.version);
        }
        if (!"1".equals(String.valueOf(Xml.property(s.mainBin, "xml_retain")).trim())) {
            failures.add("main_bin lacks xml_retain=1");
        }
        for (Structure.TrackRef t : s.tracks) {
            int n = Xml.children(t.tractor(), "track").size();
            if (n != 2) {
                failures.add("track tractor " + t.tractor().getAttribute("id") + " has " + n + " playlists instead of 2");
            }
        }
        Element last = top.isEmpty() ? null : top.get(top.size() - 1);
        if (!s.v11) {
            List<Element> playlists = Xml.children(mlt, "playlist");
            if (playlists.isEmpty() || !"main_bin".equals(playlists.get(0).getAttribute("id"))) {
                failures.add("main_bin is not the first playlist");
            }
            if (last != s.mainTractor) {
                failures.add("the main tractor is not the last element");
            }
        } else {
            if (s.projectTractor == null || last != s.projectTractor) {
                failures.add("the project tractor is not the last element");
            }
            if (topIndex.get(s.mainBin) < topIndex.get(s.mainTractor)) {
                failures.add("main_bin comes before the sequence it lists");
            }
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
