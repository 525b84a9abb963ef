package genshot.host.kdenlive.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.InsertRequest;
import genshot.api.MediaInfo;
import genshot.timeline.Rate;
import genshot.timeline.TimeRange;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * What the adapter writes back: what it did not edit as the file had it, byte for byte (attribute order and empty
 * elements included), and every node written as the JDK's XML serializer, which it used before, wrote it.
 */
class XmlWriteTest {

    @TempDir
    Path dir;

    /**
     * The JDK's serializer as {@code Xml.write} used it before (attributes by name), but for characters past U+FFFF,
     * which it wrote as character references and Kdenlive writes as themselves, as {@code Xml.write} now does.
     */
    private static byte[] jdk(Document doc) throws Exception {
        String text = new String(jdkAsItWas(doc), UTF_8);
        return java.util.regex.Pattern.compile("&#(\\d{5,7});").matcher(text)
                .replaceAll(m -> Character.toString(Integer.parseInt(m.group(1)))).getBytes(UTF_8);
    }

    private static byte[] jdkAsItWas(Document doc) throws Exception {
        Transformer t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.METHOD, "xml");
        t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        t.setOutputProperty(OutputKeys.INDENT, "no");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Xml.UTF8_DECLARATION + "\n").getBytes(UTF_8));
        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            t.transform(new DOMSource(n), new StreamResult(out));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** A DOM of the text without anything kept beside it (attributes by name only). */
    private static Document plain(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<Path> goldens() throws Exception {
        List<Path> out = new ArrayList<>();
        out.add(Fx.sampleDir().resolve("sample.kdenlive"));
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/golden/kdenlive"))) {
            s.filter(p -> p.toString().endsWith(".kdenlive")).sorted().forEach(out::add);
        }
        assertTrue(out.size() >= 10, "the goldens are found: " + out);
        return out;
    }

    @Test
    void everyNodeIsWrittenAsTheJdksSerializerWroteIt() throws Exception {
        // every character XML 1.0 allows, in text and in an attribute, beside markup of every kind
        StringBuilder all = new StringBuilder();
        for (int c = 0x9; c <= 0xFFFD; c++) {
            if (c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c < 0xD800 || c >= 0xE000) {
                all.append((char) c);
            }
        }
        all.appendCodePoint(0x1F3AC).appendCodePoint(0x10FFFF).append("]]>\"'&<>");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        doc.appendChild(doc.createComment(" before <mlt> & "));
        Element root = doc.createElement("mlt");
        doc.appendChild(root);
        root.setAttribute("zeta", all.toString());
        root.setAttribute("alpha", " \t\n\r ");
        root.appendChild(doc.createTextNode(all.toString()));
        root.appendChild(doc.createCDATASection("a]]>b<&\"c"));
        root.appendChild(doc.createComment("- x > y & z <"));
        root.appendChild(doc.createProcessingInstruction("pi", "data ?"));
        root.appendChild(doc.createProcessingInstruction("bare", ""));
        Element empty = doc.createElement("property");
        empty.setAttribute("name", "e");
        root.appendChild(empty);
        Element nested = doc.createElement("playlist");
        nested.appendChild(doc.createTextNode("\n  "));
        nested.appendChild(doc.createElement("blank"));
        root.appendChild(nested);
        doc.appendChild(doc.createProcessingInstruction("after", "x"));
        assertSameText(new String(jdk(doc), UTF_8), new String(Xml.write(doc), UTF_8));

        for (Path p : goldens()) {
            Document d = plain(Files.readString(p));
            assertArrayEquals(jdk(d), Xml.write(d), p.toString());
        }
    }

    /** Equal texts, or a failure that shows where they part (the texts are too long to print whole). */
    private static void assertSameText(String expected, String actual) {
        int i = 0;
        while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        if (i < expected.length() || i < actual.length()) {
            String e = expected.substring(Math.max(0, i - 20), Math.min(expected.length(), i + 20));
            String a = actual.substring(Math.max(0, i - 20), Math.min(actual.length(), i + 20));
            throw new AssertionError("the texts part at " + i + ": expected ..." + e.codePoints()
                    .mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : Character.toString(c))
                    .reduce("", String::concat) + "... but was ..." + a.codePoints()
                    .mapToObj(c -> c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : Character.toString(c))
                    .reduce("", String::concat) + "...");
        }
    }

    @Test
    void filesKdenliveWroteComeBackByteForByte() throws Exception {
        // the sample and the mix golden were saved by Kdenlive 22.12 (attributes in its order: <entry producer in
        // out>, <profile frame_rate_num ...>); Kdenlive 23+ also closes some empty properties with an end tag
        String sample = Files.readString(Fx.sampleDir().resolve("sample.kdenlive"));
        String newer = sample.replaceFirst("(  <property name=\"kdenlive:folderid\">-1</property>\n)",
                "$1  <property name=\"kdenlive:docproperties.browserurl\"></property>\n"
                        + "  <property name=\"kdenlive:clipname\"/>\n");
        assertTrue(newer.contains("></property>"), "the fixture has its empty property");
        // Kdenlive 23+ (Qt 6) leaves > as it is in text, as in a title's XML (but after ]], where XML forbids it)
        String qt6 = newer.replaceFirst("(  <property name=\"kdenlive:folderid\">-1</property>\n)",
                "$1  <property name=\"xmldata\">&lt;kdenlivetitle duration=\"125\" out=\"124\">\n"
                        + " &lt;item type=\"QGraphicsTextItem\" z-index=\"0\">a > b ]]&gt; c&lt;/item>\n"
                        + "&lt;/kdenlivetitle>\n</property>\n");
        assertTrue(qt6.contains("&lt;/kdenlivetitle>"), "the fixture has its title");
        for (String text : List.of(sample, Files.readString(Path.of("src/test/resources/golden/kdenlive/1.04/mix.kdenlive")),
                newer, qt6)) {
            assertTrue(text.contains("<entry producer="), "attributes out of name order in the fixture");
            byte[] original = text.getBytes(UTF_8);
            byte[] written = Fx.read(dir.resolve("p.kdenlive"), text).serialize();
            assertEquals(text, new String(written, UTF_8));
            assertArrayEquals(original, written);
        }
    }

    /** A project saved on Windows (\r\n line ends, which XML reads as \n) comes back with them, the take's lines too. */
    @Test
    void windowsLineEndsStay() throws Exception {
        Path file = Fx.copySample(dir);
        String windows = Files.readString(file).replace("\n", "\r\n");
        Files.writeString(file, windows);
        assertEquals(windows, new String(Fx.read(file).serialize(), UTF_8));
        KdenliveProject p = Fx.read(file);
        Path take = Files.write(dir.resolve("take.mp4"), new byte[1000]);
        p.insert(new InsertRequest(take, new MediaInfo(640, 360, Rate.FPS_25, 25, false, 0), "V1",
                new TimeRange(50, 25), "shot"));
        String out = new String(p.serialize(), UTF_8);
        assertTrue(out.length() > windows.length() + 500, "the take was inserted");
        assertEquals(out.split("\n", -1).length, out.split("\r\n", -1).length, "every line ends with \\r\\n");
        assertTrue(out.startsWith(windows.substring(0, windows.indexOf("<producer"))), "the head is as it was");
    }

    @Test
    void startTagsAreReadWhateverTheyHold() throws Exception {
        // values with > / = and the other quote, markup-like text in comments, CDATA and instructions, white space
        // around = and inside tags: the order is still the file's (single quotes come back as double ones)
        String text = Files.readString(Fx.sampleDir().resolve("sample.kdenlive")).replaceFirst("(<mlt [^>]*>\n)",
                "$1 <!-- <entry b=\"1\" a=\"2\"> --><?pi <x z='1' y='2'>?>\n"
                        + " <genshot-extra z = 'a>b/c\"' \n  y=\"'/>\" x='='><![CDATA[<q b='1' a='2'/>]]></genshot-extra>\n");
        byte[] written = Fx.read(dir.resolve("p.kdenlive"), text).serialize();
        String out = new String(written, UTF_8);
        // (the file holds > as it is in attribute values: so is it written)
        assertTrue(out.contains("<genshot-extra z=\"a>b/c&quot;\" y=\"'/>\" x=\"=\"><![CDATA[<q b='1' a='2'/>]]>"
                + "</genshot-extra>"), out.substring(0, 600));
        assertTrue(out.contains("<!-- <entry b=\"1\" a=\"2\"> --><?pi <x z='1' y='2'>?>"));
        assertTrue(out.contains("<entry producer=\"producer0\" in=\"00:00:00.000\" out=\"00:00:01.960\"/>"),
                "the tags after them are read in step");
    }

    @Test
    void anInsertionChangesOnlyTheLinesItMeansTo() throws Exception {
        Path file = Fx.copySample(dir);
        List<String> before = Files.readAllLines(file);
        KdenliveProject p = Fx.read(file);
        Path take = Files.write(dir.resolve("take.mp4"), new byte[1000]);
        p.insert(new InsertRequest(take, new MediaInfo(640, 360, Rate.FPS_25, 25, false, 0), "V1",
                new TimeRange(50, 25), "shot"));
        List<String> after = new String(p.serialize(), UTF_8).lines().toList();
        // every line of the file is still there, in its order, but the blank the take fills
        List<String> gone = new ArrayList<>();
        int j = 0;
        for (String line : before) {
            int k = after.subList(j, after.size()).indexOf(line);
            if (k < 0) {
                gone.add(line);
            } else {
                j += k + 1;
            }
        }
        assertEquals(List.of("  <blank length=\"00:00:01.000\"/>"), gone);
        // and what was added is the bin clip, its bin entry, the timeline clip and its entry, written as Kdenlive does
        assertEquals(before.size() - 1 + 16 + 1 + 18 + 3, after.size(), String.join("\n", after));
        assertTrue(after.contains("  <entry producer=\"producer6\" in=\"0\" out=\"24\"/>"), String.join("\n", after));
        assertTrue(after.contains("  <entry producer=\"producer7\" in=\"0\" out=\"24\">"), String.join("\n", after));
    }
}
