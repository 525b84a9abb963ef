package genshot.host.kdenlive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import genshot.testkit.ProjectFixtures;
import genshot.testkit.ProjectFixtures.Media;
import genshot.timeline.Rate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** Test helpers: reading projects, canonical XML, fake media records. */
final class Fx {

    private Fx() {
    }

    static KdenliveProject read(Path file) {
        try {
            return (KdenliveProject) new KdenliveAdapter().read(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KdenliveProject read(Path file, String xml) {
        return (KdenliveProject) new KdenliveAdapter().read(file, xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A media record for a file that need not exist (the adapter does not probe media). */
    static Media media(Path dir, String name, Rate rate, long frames) {
        return new Media(dir.resolve(name), rate, 640, 360, frames, true);
    }

    /** The committed sample folder. */
    static Path sampleDir() {
        String root = System.getProperty("genshot.repoRoot");
        Path base = root != null && !root.isBlank() ? Path.of(root) : Path.of("../..");
        Path dir = base.resolve("assets/samples/kdenlive");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("../../assets/samples/kdenlive");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** A copy of the sample in {@code dir}. */
    static Path copySample(Path dir) throws IOException {
        for (String f : new String[] {"sample.kdenlive", "A.mp4", "B.mp4"}) {
            Files.copy(sampleDir().resolve(f), dir.resolve(f));
        }
        return dir.resolve("sample.kdenlive");
    }

    /** A canonical text of a document: elements, sorted attributes, text and comments, nothing else. */
    static String canonical(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            StringBuilder b = new StringBuilder();
            for (Node n = d.getFirstChild(); n != null; n = n.getNextSibling()) {
                canon(n, b);
            }
            return b.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void canon(Node n, StringBuilder b) {
        switch (n.getNodeType()) {
            case Node.ELEMENT_NODE -> {
                Element e = (Element) n;
                b.append('<').append(e.getTagName());
                NamedNodeMap a = e.getAttributes();
                Map<String, String> sorted = new TreeMap<>();
                for (int k = 0; k < a.getLength(); k++) {
                    sorted.put(a.item(k).getNodeName(), a.item(k).getNodeValue());
                }
                sorted.forEach((k, v) -> b.append(' ').append(k).append("=[").append(v).append(']'));
                b.append('>');
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    canon(c, b);
                }
                b.append("</").append(e.getTagName()).append('>');
            }
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> b.append("T[").append(n.getNodeValue()).append(']');
            case Node.COMMENT_NODE -> b.append("C[").append(n.getNodeValue()).append(']');
            default -> b.append("?").append(n.getNodeName());
        }
    }

    static void assertSameDocument(byte[] expected, byte[] actual) {
        assertEquals(canonical(expected), canonical(actual));
    }

    static ProjectFixtures.Builder project(Rate rate) {
        return ProjectFixtures.project(rate, 640, 360);
    }
}
