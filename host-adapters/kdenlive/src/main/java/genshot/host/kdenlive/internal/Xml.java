package genshot.host.kdenlive.internal;

import genshot.api.Quoting;
import genshot.api.GenshotException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Secure DOM parsing and writing of MLT XML, and small element helpers. The DOM keeps an element's attributes sorted by
 * name; the order they had in the file (Kdenlive writes {@code <entry producer="…" in="…" out="…">}) is kept beside
 * the element ({@link #ORDER}) and written again, so that what genshot did not edit comes back byte for byte.
 */
final class Xml {

    static final String UTF8_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>";

    /**
     * The user-data key of an element's attribute names in the order they are written, where that is not the DOM's
     * (by name): read from the file, or given by the code that made the element.
     */
    private static final String ORDER = "genshot.attributeOrder";
    /**
     * The user-data key marking a document whose text and attribute values hold {@code >} as it is (Kdenlive 23+, Qt 6),
     * not as {@code &gt;} (MLT's own writer, the JDK's): it is written so again, but after {@code ]]}.
     */
    private static final String RAW_GT = "genshot.rawGreaterThan";
    /**
     * The user-data key marking a document whose lines end with {@code \r\n} (a project saved on Windows): the parser
     * reads them as {@code \n} (XML's end-of-line handling), the writer writes them back so.
     */
    private static final String CRLF = "genshot.crlf";
    /** The user-data key marking an element without children that the file wrote {@code <name></name>}. */
    private static final String OPEN_CLOSE = "genshot.openClose";

    private Xml() {
    }

    /**
     * How deep elements may nest. Kdenlive's documents nest four or five levels ({@code mlt > tractor > transition >
     * property}); the limit keeps a damaged or hostile file from exhausting the stack of the code that walks the tree.
     */
    static final int MAX_DEPTH = 64;

    /** Parses bytes (UTF-8 only, see {@link Encoding}); see {@link #parse(String, Path)}. */
    static Document parse(byte[] content, Path file) {
        return parse(Encoding.decode(content, file).text(), file);
    }

    /**
     * Parses with DTDs, external entities and XInclude off; a DOCTYPE is refused, elements nested deeper than
     * {@link #MAX_DEPTH} too. The text is already decoded: the declaration's encoding is not looked at again.
     */
    static Document parse(String content, Path file) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            // nodes made as the file is read: the deferred form keeps a second copy of the document once it is walked
            f.setFeature("http://apache.org/xml/features/dom/defer-node-expansion", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
        try {
            f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", Integer.toString(MAX_DEPTH));
        } catch (IllegalArgumentException e) {
            // another parser than the JDK's: the depth is checked after parsing instead
        }
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setCoalescing(false);
        f.setIgnoringComments(false);
        Document doc;
        try {
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // not a problem
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused");
            });
            InputSource in = new InputSource(new StringReader(content));
            in.setSystemId(file.toUri().toString());
            doc = b.parse(in);
        } catch (SAXParseException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            String place = "line " + e.getLineNumber() + ", column " + e.getColumnNumber();
            if (m.contains("DOCTYPE")) {
                throw GenshotException.of("project.doctype", "The project contains a DOCTYPE declaration, which Kdenlive never"
                        + " writes; it is refused for safety", file, place,
                        "Remove the <!DOCTYPE ...> line, or open and save the project in Kdenlive");
            }
            if (m.contains("maxElementDepth")) {
                throw tooDeep(file, place);
            }
            if (m.startsWith("JAXP")) {
                throw GenshotException.of("project.structure", "The project goes past a limit of the XML reader: "
                        + Quoting.flat(m.replaceFirst("^JAXP\\d+: ", ""), 100), file, place,
                        "The file is damaged; restore a backup");
            }
            throw GenshotException.of("project.corrupt", "The project is not well-formed XML: " + Quoting.flat(m, 110), file,
                    place, "It may be cut short or damaged; restore a backup (Kdenlive keeps some)");
        } catch (SAXException e) {
            throw GenshotException.of("project.corrupt", "The project could not be parsed: " + Quoting.flat(e.getMessage(), 140),
                    file, "the whole document", "Open and save the project in Kdenlive");
        } catch (IOException e) {
            throw GenshotException.of("project.corrupt", "The project could not be read as XML: "
                    + Quoting.flat(e.getMessage(), 140), file, "the whole document", "Open and save the project in Kdenlive");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser failure", e);
        }
        if (depth(doc.getDocumentElement()) > MAX_DEPTH) {
            throw tooDeep(file, "below <" + Quoting.shown(doc.getDocumentElement().getTagName(), 20) + ">");
        }
        keepForm(doc, content);
        return doc;
    }

    /**
     * Reads the start tags of the text again (the DOM does not say in which order an element's attributes came, nor
     * whether an empty element was written {@code <name/>} or {@code <name></name>}; nor does a stream reader) and
     * keeps, on each element whose attributes were not in name order, their order, and on each empty element written
     * with an end tag, that mark. The text is well-formed (the DOM was just parsed from it), so a start tag is a
     * {@code <} outside comments, CDATA sections, processing instructions and end tags, and its attribute values hold
     * no {@code <} and not their own quote. The tags come in the DOM's document order; should they ever disagree with
     * the DOM, nothing is kept and the document is written as the DOM holds it.
     */
    private static void keepForm(Document doc, String content) {
        int lf = content.indexOf('\n');
        if (lf > 0 && content.charAt(lf - 1) == '\r') {
            doc.setUserData(CRLF, Boolean.TRUE, null);
        }
        List<Element> kept = new ArrayList<>();
        boolean rawGt = false;
        Map<List<String>, String[]> shared = new HashMap<>();
        try {
            Node n = null;
            List<String> names = new ArrayList<>();
            int len = content.length();
            int i = content.indexOf('<');
            int textFrom = len; // where the text before the next tag began (none before the root)
            while (i >= 0 && i < len - 1) {
                if (!rawGt && textFrom < i) {
                    int gt = content.indexOf('>', textFrom); // in the text before this tag
                    rawGt = gt >= 0 && gt < i;
                }
                char c = content.charAt(i + 1);
                if (content.startsWith("<!--", i)) {
                    i = after(content, "-->", i + 4);
                } else if (content.startsWith("<![CDATA[", i)) {
                    i = after(content, "]]>", i + 9);
                } else if (c == '?') {
                    i = after(content, "?>", i + 2);
                } else if (c == '!' || c == '/') {
                    i = after(content, ">", i + 2);
                } else {
                    // a start tag: its name, then name="value" pairs, then > or />
                    int p = i + 1;
                    while (!isTagEnd(content.charAt(p))) {
                        p++;
                    }
                    String tag = content.substring(i + 1, p);
                    names.clear();
                    while (true) {
                        while (Character.isWhitespace(content.charAt(p))) {
                            p++;
                        }
                        char d = content.charAt(p);
                        if (d == '>' || d == '/') {
                            break;
                        }
                        int q = p;
                        while (content.charAt(q) != '=' && !Character.isWhitespace(content.charAt(q))) {
                            q++;
                        }
                        names.add(content.substring(p, q));
                        while (content.charAt(q) != '"' && content.charAt(q) != '\'') {
                            q++;
                        }
                        p = content.indexOf(content.charAt(q), q + 1) + 1;
                        int gt = content.indexOf('>', q + 1);
                        rawGt |= gt >= 0 && gt < p;
                    }
                    boolean selfClosing = content.charAt(p) == '/';
                    n = n == null ? doc.getDocumentElement() : nextElement(n);
                    if (!(n instanceof Element e) || !e.getTagName().equals(tag)
                            || e.getAttributes().getLength() != names.size()) {
                        throw new IllegalStateException("the tags and the DOM disagree at " + i);
                    }
                    if (!selfClosing && e.getFirstChild() == null) {
                        e.setUserData(OPEN_CLOSE, Boolean.TRUE, null);
                        kept.add(e);
                    }
                    boolean sorted = true;
                    for (int k = 0; k < names.size(); k++) {
                        if (!e.hasAttribute(names.get(k))) {
                            throw new IllegalStateException("the tags and the DOM disagree at " + i);
                        }
                        sorted &= k == 0 || names.get(k - 1).compareTo(names.get(k)) < 0;
                    }
                    if (!sorted) {
                        e.setUserData(ORDER, shared.computeIfAbsent(List.copyOf(names),
                                k -> k.toArray(new String[0])), null);
                        kept.add(e);
                    }
                    i = after(content, ">", p);
                }
                textFrom = i;
                i = content.indexOf('<', i);
            }
            if (n == null || nextElement(n) != null) {
                throw new IllegalStateException("the tags and the DOM disagree at the end");
            }
            if (rawGt) {
                doc.setUserData(RAW_GT, Boolean.TRUE, null);
            }
        } catch (RuntimeException e) {
            for (Element k : kept) {
                k.setUserData(ORDER, null, null);
                k.setUserData(OPEN_CLOSE, null, null);
            }
        }
    }

    /** Where {@code token}, looked for from {@code from}, ends; throws when it is not there. */
    private static int after(String content, String token, int from) {
        int at = content.indexOf(token, from);
        if (at < 0) {
            throw new IllegalStateException("no " + token + " after " + from);
        }
        return at + token.length();
    }

    private static boolean isTagEnd(char c) {
        return c == '>' || c == '/' || Character.isWhitespace(c);
    }

    /** The element after {@code n} in document order (depth first), or null. */
    private static Node nextElement(Node n) {
        Node c = n.getFirstChild();
        while (c != null && c.getNodeType() != Node.ELEMENT_NODE) {
            c = c.getNextSibling();
        }
        if (c != null) {
            return c;
        }
        for (Node up = n; up != null && up.getNodeType() != Node.DOCUMENT_NODE; up = up.getParentNode()) {
            for (Node s = up.getNextSibling(); s != null; s = s.getNextSibling()) {
                if (s.getNodeType() == Node.ELEMENT_NODE) {
                    return s;
                }
            }
        }
        return null;
    }

    /**
     * Sets {@code e}'s attributes, written in this order ({@code names} and values alternating: name, value, name,
     * value…), as Kdenlive writes them ({@code producer}, {@code in}, {@code out} on an entry).
     */
    static void setAttributes(Element e, String... namesAndValues) {
        String[] names = new String[namesAndValues.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = namesAndValues[2 * i];
            e.setAttribute(names[i], namesAndValues[2 * i + 1]);
        }
        e.setUserData(ORDER, names, null);
    }

    private static GenshotException tooDeep(Path file, String place) {
        return GenshotException.of("project.structure", "The project nests elements more than " + MAX_DEPTH + " deep;"
                + " Kdenlive's projects nest five", file, place,
                "The file is damaged or was not written by Kdenlive; restore a backup");
    }

    /** How deep elements nest, the root being 1 (without recursion: the tree may be deep). */
    private static int depth(Element root) {
        int max = 1;
        int d = 1; // the depth of n's parent
        Node n = root.getFirstChild();
        while (n != null) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                max = Math.max(max, d + 1);
                if (max > MAX_DEPTH) {
                    return max;
                }
                if (n.getFirstChild() != null) {
                    n = n.getFirstChild();
                    d++;
                    continue;
                }
            }
            while (n.getNextSibling() == null) {
                n = n.getParentNode();
                d--;
                if (n == root || n == null) {
                    return max;
                }
            }
            n = n.getNextSibling();
        }
        return max;
    }

    /** The document as UTF-8 bytes, starting with an XML declaration. */
    static byte[] write(Document doc) {
        return write(doc, false);
    }

    /**
     * The document as UTF-8 bytes, after a byte order mark when {@code bom}, starting with an XML declaration: each
     * node as the JDK's XML serializer writes it (the same escapes: {@code & < >} in text, and {@code & < > "} with tab,
     * line feed and carriage return as character references in attributes; a carriage return in text as one; an
     * element without children as {@code <name/>}), but each element's attributes in the order the file had them (or
     * their maker gave), attributes added since after them by name, an empty element the file closed with an end tag
     * ({@code <property name="…"></property>}, as Kdenlive 23+ writes some) closed so again, and the file's line ends.
     */
    static byte[] write(Document doc, boolean bom) {
        Writer w = new Writer(doc.getUserData(RAW_GT) != null);
        w.b.append(UTF8_DECLARATION).append('\n');
        for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() != Node.DOCUMENT_TYPE_NODE) {
                w.node(n);
                w.b.append('\n');
            }
        }
        // every line feed of the text is one the document holds (an attribute's is written &#10;, a carriage return
        // &#13;): in a document read with \r\n line ends, each was one
        String written = w.b.toString();
        byte[] text = (doc.getUserData(CRLF) != null ? written.replace("\n", "\r\n") : written)
                .getBytes(StandardCharsets.UTF_8);
        if (!bom) {
            return text;
        }
        byte[] mark = Encoding.bom();
        byte[] out = Arrays.copyOf(mark, mark.length + text.length);
        System.arraycopy(text, 0, out, mark.length, text.length);
        return out;
    }

    /** The text being written, and whether the document writes {@code >} as it is. */
    private static final class Writer {
        final StringBuilder b = new StringBuilder(1 << 16);
        final boolean rawGt;

        Writer(boolean rawGt) {
            this.rawGt = rawGt;
        }

        void node(Node n) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> element((Element) n);
                case Node.TEXT_NODE -> escape(n.getNodeValue(), false);
                case Node.CDATA_SECTION_NODE -> b.append("<![CDATA[")
                        .append(n.getNodeValue().replace("]]>", "]]]]><![CDATA[>")).append("]]>");
                case Node.COMMENT_NODE -> b.append("<!--").append(n.getNodeValue()).append("-->");
                case Node.PROCESSING_INSTRUCTION_NODE -> {
                    String data = n.getNodeValue();
                    b.append("<?").append(n.getNodeName()).append(data == null || data.isEmpty() ? "" : " " + data)
                            .append("?>");
                }
                case Node.ENTITY_REFERENCE_NODE -> {
                    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                        node(c);
                    }
                }
                default -> throw new IllegalStateException("cannot write a node of type " + n.getNodeType());
            }
        }

        void element(Element e) {
            b.append('<').append(e.getTagName());
            String[] order = (String[]) e.getUserData(ORDER);
            List<String> first = order == null ? List.of() : Arrays.asList(order);
            for (String name : first) {
                Attr a = e.getAttributeNode(name);
                if (a != null) {
                    attribute(a);
                }
            }
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                if (!first.contains(a.getName())) {
                    attribute(a);
                }
            }
            if (e.getFirstChild() == null && e.getUserData(OPEN_CLOSE) == null) {
                b.append("/>");
                return;
            }
            b.append('>');
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                node(c);
            }
            b.append("</").append(e.getTagName()).append('>');
        }

        void attribute(Attr a) {
            b.append(' ').append(a.getName()).append("=\"");
            escape(a.getValue(), true);
            b.append('"');
        }

        /**
         * Escapes as the JDK's serializer does: markup characters, and in attributes also quotes and white space; with
         * {@link #rawGt}, {@code >} only where it follows {@code ]]} (as Qt does).
         */
        void escape(String s, boolean attribute) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '&' -> b.append("&amp;");
                    case '<' -> b.append("&lt;");
                    case '>' -> b.append(rawGt && (i < 2 || s.charAt(i - 1) != ']' || s.charAt(i - 2) != ']') ? ">"
                            : "&gt;");
                    case '\r' -> b.append("&#13;");
                    case '"' -> b.append(attribute ? "&quot;" : "\"");
                    case '\n' -> b.append(attribute ? "&#10;" : "\n");
                    case '\t' -> b.append(attribute ? "&#9;" : "\t");
                    default -> {
                        if (!attribute && c >= 0x7f && c <= 0x9f) {
                            b.append("&#").append((int) c).append(';'); // as the JDK's serializer wrote them in text
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
        }
    }

    /** Element children of {@code parent}, in order. */
    static List<Element> children(Node parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** Element children with this tag name. */
    static List<Element> children(Node parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the {@code <property name=...>} child, or null when absent. */
    static String property(Element owner, String name) {
        Element p = propertyElement(owner, name);
        return p == null ? null : p.getTextContent();
    }

    static Element propertyElement(Element owner, String name) {
        Element found = null;
        for (Node n = owner.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element p && p.getTagName().equals("property") && name.equals(p.getAttribute("name"))) {
                found = p; // MLT: the last one wins
            }
        }
        return found;
    }

    /**
     * A short description of an element for messages: {@code <tractor id="tractor2">}; values are escaped and cut (see
     * {@link Text}).
     */
    static String describe(Element e) {
        StringBuilder b = new StringBuilder("<").append(Quoting.shown(e.getTagName(), 20));
        for (String a : new String[] {"id", "producer", "name"}) {
            if (e.hasAttribute(a)) {
                b.append(' ').append(a).append("=\"").append(Quoting.shown(e.getAttribute(a), 20)).append('"');
            }
        }
        return b.append('>').toString();
    }

    /** {@code name="value"} for a message, the value escaped and cut. */
    static String attribute(Element e, String name) {
        return name + "=\"" + Quoting.shown(e.getAttribute(name), 20) + "\"";
    }
}
