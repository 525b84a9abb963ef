package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.testkit.ProjectFuzzer;
import genshot.testkit.ProjectFuzzer.Mutator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Seeded mutation fuzzing over the golden projects (1.04 and 1.1): every mutant is refused when read with a proper
 * problem, or read and filled; nothing else (see {@link ProjectFuzzer}). {@code -Dgenshot.fuzz.seed=N} and
 * {@code -Dgenshot.fuzz.mutants=N} change the run; a failure names the mutant's number, which makes it again.
 */
class KdenliveFuzzTest {

    static final long SEED = Long.getLong("genshot.fuzz.seed", 20261206L);
    static final int MUTANTS = Integer.getInteger("genshot.fuzz.mutants", 2500);

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void damagedProjectsAreRefusedWithAProblemOrFilledNeverAnythingElse() throws Exception {
        ProjectFuzzer fuzzer = new ProjectFuzzer(new KdenliveAdapter(), goldens(), mutators(), ".kdenlive");
        ProjectFuzzer.Figures f = fuzzer.run(SEED, MUTANTS, dir);
        System.out.println(f.summary());
        assertEquals(List.of(), f.failures(), f.summary());
        assertTrue(f.mutants() >= 2000, f.summary());
        assertTrue(f.refused() > f.mutants() / 4 && f.inserted() > f.mutants() / 10, "both paths are exercised: " + f.summary());
    }

    static List<Path> goldens() throws URISyntaxException, java.io.IOException {
        List<Path> out = new ArrayList<>();
        for (String v : new String[] {"1.04", "1.1"}) {
            Path d = Path.of(KdenliveFuzzTest.class.getResource("/golden/kdenlive/" + v).toURI());
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.toString().endsWith(".kdenlive")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    static List<Mutator> mutators() {
        List<Mutator> out = new ArrayList<>(ProjectFuzzer.byteMutators());
        out.add(dom("delete-element", (d, r) -> {
            Element e = pick(d, r, false);
            if (e != null) {
                e.getParentNode().removeChild(e);
            }
        }));
        out.add(dom("duplicate-element", (d, r) -> {
            Element e = pick(d, r, false);
            if (e != null) {
                e.getParentNode().insertBefore(e.cloneNode(true), e.getNextSibling());
            }
        }));
        out.add(dom("move-top-level-element", (d, r) -> {
            List<Element> top = Xml.children(d.getDocumentElement());
            if (top.size() > 1) {
                Element e = top.get(r.nextInt(top.size()));
                Element before = top.get(r.nextInt(top.size()));
                if (e != before) {
                    d.getDocumentElement().insertBefore(e, before);
                }
            }
        }));
        out.add(dom("move-element", (d, r) -> {
            Element e = pick(d, r, false);
            Element into = pick(d, r, true);
            if (e != null && into != null && !contains(e, into)) {
                into.appendChild(e);
            }
        }));
        out.add(dom("odd-attribute", (d, r) -> {
            Element e = withAttributes(d, r);
            if (e != null) {
                NamedNodeMap a = e.getAttributes();
                Node at = a.item(r.nextInt(a.getLength()));
                at.setNodeValue(odd(r));
            }
        }));
        out.add(dom("drop-attribute", (d, r) -> {
            Element e = withAttributes(d, r);
            if (e != null) {
                e.removeAttribute(e.getAttributes().item(r.nextInt(e.getAttributes().getLength())).getNodeName());
            }
        }));
        out.add(dom("odd-property", (d, r) -> {
            NodeList ps = d.getElementsByTagName("property");
            if (ps.getLength() > 0) {
                ps.item(r.nextInt(ps.getLength())).setTextContent(odd(r));
            }
        }));
        out.add(dom("odd-time", (d, r) -> {
            List<Element> timed = new ArrayList<>();
            for (String tag : new String[] {"blank", "entry", "producer", "chain", "tractor", "track", "profile"}) {
                NodeList nl = d.getElementsByTagName(tag);
                for (int k = 0; k < nl.getLength(); k++) {
                    timed.add((Element) nl.item(k));
                }
            }
            if (!timed.isEmpty()) {
                Element e = timed.get(r.nextInt(timed.size()));
                String[] attrs = e.getTagName().equals("profile")
                        ? new String[] {"width", "height", "frame_rate_num", "frame_rate_den", "sample_aspect_num"}
                        : new String[] {"in", "out", "length"};
                e.setAttribute(attrs[r.nextInt(attrs.length)], ProjectFuzzer.ODD_NUMBERS[r.nextInt(ProjectFuzzer.ODD_NUMBERS.length)]);
            }
        }));
        out.add(dom("rename-element", (d, r) -> {
            Element e = pick(d, r, false);
            String[] tags = {"producer", "playlist", "tractor", "entry", "blank", "track", "chain", "property", "filter", "x"};
            if (e != null) {
                d.renameNode(e, null, tags[r.nextInt(tags.length)]);
            }
        }));
        out.add(Mutator.of("deep-nesting", (b, r) -> {
            String s = new String(b, StandardCharsets.UTF_8);
            int at = s.indexOf("</property>", r.nextInt(Math.max(1, s.length())));
            if (at < 0) {
                return b;
            }
            int depth = new int[] {40, 70, 1000, 30000}[r.nextInt(4)];
            String tag = r.nextBoolean() ? "property" : "a";
            return (s.substring(0, at) + ("<" + tag + ">").repeat(depth) + ("</" + tag + ">").repeat(depth) + s.substring(at))
                    .getBytes(StandardCharsets.UTF_8);
        }));
        out.add(Mutator.of("odd-encoding", (b, r) -> {
            String[] names = {"latin-1", "ISO-8859-1", "UTF-16", "US-ASCII", "windows-1252", "utf8", "bogus-encoding",
                "EBCDIC-INT", "UTF-32", ""};
            String name = names[r.nextInt(names.length)];
            String s = new String(b, StandardCharsets.UTF_8).replaceFirst("encoding=['\"][^'\"]*['\"]", "encoding='" + name + "'");
            return r.nextBoolean() ? s.getBytes(StandardCharsets.ISO_8859_1) : s.getBytes(StandardCharsets.UTF_8);
        }));
        out.add(Mutator.of("doctype", (b, r) -> new String(b, StandardCharsets.UTF_8).replaceFirst("<mlt",
                "<!DOCTYPE mlt [<!ENTITY x \"y\">]>\n<mlt").getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static String odd(SplittableRandom r) {
        return r.nextBoolean() ? ProjectFuzzer.ODD_NUMBERS[r.nextInt(ProjectFuzzer.ODD_NUMBERS.length)]
                : ProjectFuzzer.oddString(r).replace('\u0000', ' ').replace('\u0007', ' ').replace('\u001b', ' ');
    }

    private static boolean contains(Element outer, Element inner) {
        for (Node n = inner; n != null; n = n.getParentNode()) {
            if (n == outer) {
                return true;
            }
        }
        return false;
    }

    private static Element pick(Document d, SplittableRandom r, boolean rootToo) {
        NodeList all = d.getElementsByTagName("*");
        if (all.getLength() < 2) {
            return null;
        }
        Element e = (Element) all.item(rootToo ? r.nextInt(all.getLength()) : 1 + r.nextInt(all.getLength() - 1));
        return e;
    }

    private static Element withAttributes(Document d, SplittableRandom r) {
        NodeList all = d.getElementsByTagName("*");
        List<Element> with = new ArrayList<>();
        for (int k = 0; k < all.getLength(); k++) {
            if (all.item(k).getAttributes().getLength() > 0) {
                with.add((Element) all.item(k));
            }
        }
        return with.isEmpty() ? null : with.get(r.nextInt(with.size()));
    }

    /** A mutator on the parsed document, written back as UTF-8 XML; unparsable input comes back unchanged. */
    private static Mutator dom(String name, BiConsumer<Document, SplittableRandom> edit) {
        return Mutator.of(name, (b, r) -> {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(b));
                edit.accept(d, r);
                Transformer t = TransformerFactory.newInstance().newTransformer();
                t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                t.transform(new DOMSource(d), new StreamResult(out));
                return out.toByteArray();
            } catch (Exception | StackOverflowError e) {
                return b;
            }
        });
    }
}
