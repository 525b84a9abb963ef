package genshot.host.kdenlive.internal;

import genshot.api.Quoting;
import genshot.api.GenshotException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Secure DOM parsing and writing of MLT XML, and small element helpers. */
final class Xml {

    static final String UTF8_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>";

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
        return doc;
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

    /** The document as UTF-8 bytes, after a byte order mark when {@code bom}, starting with an XML declaration. */
    static byte[] write(Document doc, boolean bom) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.METHOD, "xml");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (bom) {
                out.writeBytes(Encoding.bom());
            }
            out.writeBytes((UTF8_DECLARATION + "\n").getBytes(StandardCharsets.UTF_8));
            for (Node n = doc.getFirstChild(); n != null; n = n.getNextSibling()) {
                t.transform(new DOMSource(n), new StreamResult(out));
                out.write('\n');
            }
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML", e);
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
