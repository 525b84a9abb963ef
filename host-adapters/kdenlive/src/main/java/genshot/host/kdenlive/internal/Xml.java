package genshot.host.kdenlive.internal;

import genshot.api.GenshotException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    /** Parses with DTDs, external entities and XInclude off; a DOCTYPE is refused. */
    static Document parse(byte[] content, Path file) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
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
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setCoalescing(false);
        f.setIgnoringComments(false);
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
                throw new SAXException("external entity refused: " + systemId);
            });
            InputSource in = new InputSource(new ByteArrayInputStream(content));
            in.setSystemId(file.toUri().toString());
            return b.parse(in);
        } catch (SAXParseException e) {
            boolean doctype = e.getMessage() != null && e.getMessage().contains("DOCTYPE");
            throw GenshotException.of(doctype ? "project.doctype" : "project.corrupt",
                    doctype ? "The project contains a DOCTYPE declaration, which Kdenlive never writes; it is refused for safety"
                            : "The project is not well-formed XML: " + e.getMessage(),
                    file, "line " + e.getLineNumber() + ", column " + e.getColumnNumber(),
                    doctype ? "Remove the <!DOCTYPE ...> line, or open and save the project in Kdenlive"
                            : "The file may be truncated or damaged; restore a backup (Kdenlive keeps some) or save it again in Kdenlive");
        } catch (SAXException e) {
            throw GenshotException.of("project.corrupt", "The project could not be parsed: " + e.getMessage(), file, null,
                    "Open and save the project in Kdenlive");
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("XML parser failure", e);
        }
    }

    /** The document as UTF-8 bytes, starting with an XML declaration. */
    static byte[] write(Document doc) {
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
        NodeList nl = parent.getChildNodes();
        for (int k = 0; k < nl.getLength(); k++) {
            if (nl.item(k) instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** Element children with this tag name. */
    static List<Element> children(Node parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(parent)) {
            if (e.getTagName().equals(tag)) {
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
        for (Element p : children(owner, "property")) {
            if (name.equals(p.getAttribute("name"))) {
                found = p; // MLT: the last one wins
            }
        }
        return found;
    }

    /** A short description of an element for messages: {@code <tractor id="tractor2">}. */
    static String describe(Element e) {
        StringBuilder b = new StringBuilder("<").append(e.getTagName());
        for (String a : new String[] {"id", "producer", "name"}) {
            if (e.hasAttribute(a)) {
                b.append(' ').append(a).append("=\"").append(e.getAttribute(a)).append('"');
            }
        }
        return b.append('>').toString();
    }
}
