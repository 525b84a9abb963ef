package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import genshot.onnx.OnnxSession;
import genshot.onnx.Sha256;
import genshot.onnx.internal.OrtOnnxService;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed element graphs are what the builder makes, and ONNX Runtime sees the documented interface. */
class ElementsModelTest {

    static Path packDir() {
        return Path.of(System.getProperty("genshot.elementsModelDir", "../../assets/models/elements"));
    }

    @Test
    void committedModelsAreExactlyWhatTheBuilderMakes() throws Exception {
        boolean rebuild = Boolean.getBoolean("genshot.rebuildModels");
        if (rebuild) {
            ElementsModelBuilder.write(packDir());
        }
        for (ElementsLook look : ElementsLook.values()) {
            byte[] fresh = ElementsModelBuilder.model(look);
            assertArrayEquals(fresh, ElementsModelBuilder.model(look), "the builder is not deterministic: " + look.id);
            Path committed = packDir().resolve(look.file());
            assertTrue(Files.isRegularFile(committed), "missing " + committed + "; rebuild with "
                    + ElementsModelBuilder.REBUILD);
            assertEquals(Sha256.of(fresh), Sha256.of(committed), committed + " differs from a fresh build; rebuild with "
                    + ElementsModelBuilder.REBUILD);
            if (!rebuild) {
                try (InputStream in = ElementsModelTest.class.getResourceAsStream(look.resource())) {
                    assertArrayEquals(fresh, in.readAllBytes(), "the bundled " + look.file() + " is stale; run mvn again");
                }
            }
        }
        assertEquals(ElementsModelBuilder.manifest(),
                Files.readString(packDir().resolve("manifest.json"), StandardCharsets.UTF_8), "manifest.json is stale");
    }

    @Test
    void everyLookHasTheDocumentedInputsAndOutput() {
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        for (ElementsLook look : ElementsLook.values()) {
            try (OnnxSession s = onnx.open(ElementsModelBuilder.model(look), look.file(), "cpu")) {
                Map<String, NodeInfo> in = s.inputs();
                assertEquals(List.of("coords", "cond"), List.copyOf(in.keySet()), look.id);
                assertArrayEquals(new long[] {-1, 4}, ((TensorInfo) in.get("coords").getInfo()).getShape());
                assertArrayEquals(new long[] {1, look.layout().size()}, ((TensorInfo) in.get("cond").getInfo()).getShape(),
                        look.id);
                assertEquals(List.of("rgba"), List.copyOf(s.outputs().keySet()), look.id);
                assertArrayEquals(new long[] {-1, 4}, ((TensorInfo) s.outputs().get("rgba").getInfo()).getShape());
            }
        }
    }
}
