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

/** The committed fog model is what the builder makes, and ONNX Runtime sees the documented inputs and outputs. */
class FogModelTest {

    static Path packDir() {
        return Path.of(System.getProperty("genshot.fogModelDir", "../../assets/models/fog"));
    }

    @Test
    void committedModelIsExactlyWhatTheBuilderMakes() throws Exception {
        boolean rebuild = Boolean.getBoolean("genshot.rebuildModels");
        if (rebuild) {
            FogModelBuilder.write(packDir());
        }
        byte[] fresh = FogModelBuilder.model();
        byte[] again = FogModelBuilder.model();
        assertArrayEquals(fresh, again, "the builder is not deterministic");
        Path committed = packDir().resolve(FogModel.FILE);
        assertTrue(Files.isRegularFile(committed), "missing " + committed + "; rebuild with " + FogModelBuilder.REBUILD);
        assertEquals(Sha256.of(fresh), Sha256.of(committed),
                committed + " differs from a fresh build; rebuild with " + FogModelBuilder.REBUILD);
        assertEquals(FogModelBuilder.manifest(fresh),
                Files.readString(packDir().resolve("manifest.json"), StandardCharsets.UTF_8), "manifest.json is stale");
        if (rebuild) {
            return; // the bundled copy is refreshed by the next build
        }
        // the bundle carries the same bytes
        try (InputStream in = FogModelTest.class.getResourceAsStream(FogModel.RESOURCE)) {
            assertArrayEquals(fresh, in.readAllBytes(), "the bundled copy is stale; run mvn again");
        }
    }

    @Test
    void sessionHasTheDocumentedInputsAndOutputs() throws Exception {
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        try (OnnxSession s = onnx.open(FogModelBuilder.model(), FogModel.FILE, "cpu")) {
            Map<String, NodeInfo> in = s.inputs();
            assertEquals(List.of("coords", "cond"), List.copyOf(in.keySet()));
            assertArrayEquals(new long[] {-1, 4}, ((TensorInfo) in.get("coords").getInfo()).getShape());
            assertArrayEquals(new long[] {1, FogModel.COND}, ((TensorInfo) in.get("cond").getInfo()).getShape());
            Map<String, NodeInfo> out = s.outputs();
            assertEquals(List.of("rgba"), List.copyOf(out.keySet()));
            assertArrayEquals(new long[] {-1, 4}, ((TensorInfo) out.get("rgba").getInfo()).getShape());
            assertEquals(ai.onnxruntime.OnnxJavaType.FLOAT, ((TensorInfo) out.get("rgba").getInfo()).type);
        }
    }
}
