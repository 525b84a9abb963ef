package genshot.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import genshot.api.GenshotException;
import genshot.onnx.Device;
import genshot.onnx.OnnxSession;
import genshot.onnx.Sha256;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

class OrtOnnxServiceTest {

    static OrtOnnxService service;
    static byte[] addOne;

    @BeforeAll
    static void setUp() {
        service = new OrtOnnxService();
        service.activate();
        // y = x + 1 over [batch, 2]
        ONNXContext ctx = new ONNXContext();
        ONNXPlaceholder x = ctx.floatInput("x", 2);
        ONNXPlaceholder y = ctx.floatOutput("y", 2);
        x.apply(ONNXOperators.ADD, ctx.constant("one", 1f)).assignTo(y);
        addOne = OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setProducerName("genshot-test").setGraph(ctx.buildGraph()).build().toByteArray();
    }

    @Test
    void cpuSessionRunsTheModel() throws Exception {
        try (OnnxSession s = service.open(addOne, "add-one", "cpu")) {
            assertEquals("cpu", s.device());
            assertEquals("CPU", s.provider());
            assertEquals(OrtOnnxService.threads(System.getProperty("genshot.onnx.threads"),
                    Runtime.getRuntime().availableProcessors()), s.threads());
            assertEquals(java.util.List.of("x"), java.util.List.copyOf(s.inputs().keySet()));
            assertEquals(java.util.List.of("y"), java.util.List.copyOf(s.outputs().keySet()));
            FloatBuffer in = FloatBuffer.wrap(new float[] {1, 2, 3, 4});
            try (OnnxTensor t = OnnxTensor.createTensor(service.environment(), in, new long[] {2, 2});
                 OrtSession.Result r = s.session().run(Map.of("x", t))) {
                float[][] out = (float[][]) r.get(0).getValue();
                assertArrayEquals(new float[] {2, 3}, out[0]);
                assertArrayEquals(new float[] {4, 5}, out[1]);
            }
        }
    }

    @Test
    void theGraphLeavesACoreToTheEncoderUnlessToldOtherwise() {
        assertEquals(1, OrtOnnxService.threads(null, 1));
        assertEquals(1, OrtOnnxService.threads(null, 2));
        assertEquals(15, OrtOnnxService.threads(null, 16));
        assertEquals(4, OrtOnnxService.threads(" 4 ", 2));
        assertEquals(1, OrtOnnxService.threads("0", 2), "not positive: the default");
        assertEquals(7, OrtOnnxService.threads("many", 8), "not a number: the default");
    }

    @Test
    void fileAndBytesGiveTheSameSession(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("add.onnx");
        Files.write(f, addOne);
        try (OnnxSession s = service.open(f, "cpu")) {
            assertEquals("cpu", s.device());
            assertEquals(1, s.inputs().size());
        }
        assertEquals(Sha256.of(addOne), Sha256.of(f));
    }

    @Test
    void cudaWithoutACudaBuildIsAClearError() {
        // the CPU build of ORT has no CUDA provider; with a GPU build and a GPU this test does not apply
        org.junit.jupiter.api.Assumptions.assumeFalse(service.availableProviders().contains("CUDA"),
                "this ONNX Runtime has a CUDA provider");
        for (String dev : new String[] {"cuda", "cuda:1", "CUDA:0"}) {
            GenshotException e = assertThrows(GenshotException.class, () -> service.open(addOne, "add-one", dev));
            assertEquals("device.unavailable", e.problem().code());
            assertTrue(e.problem().message().contains("--device " + dev + " was asked"), e.getMessage());
            assertTrue(e.problem().hint().contains("--device cpu"), e.getMessage());
        }
    }

    @Test
    void unknownDeviceAndBadModel(@TempDir Path dir) {
        assertEquals("device.unknown",
                assertThrows(GenshotException.class, () -> service.open(addOne, "m", "tpu")).problem().code());
        assertEquals("model.invalid", assertThrows(GenshotException.class,
                () -> service.open("not a model".getBytes(StandardCharsets.UTF_8), "junk.onnx", "cpu")).problem().code());
        GenshotException e = assertThrows(GenshotException.class, () -> service.open(dir.resolve("none.onnx"), "cpu"));
        assertEquals("model.unreadable", e.problem().code());
        assertTrue(e.problem().file().endsWith("none.onnx"));
    }

    @Test
    void devicesFromTheBuildsFilesAgreeWithWhatOrtReports() {
        // devices() looks at files only (for listings that must not load ORT); ORT's own answer must match it
        assertEquals("cpu", service.devices().get(0));
        assertEquals(service.availableProviders().contains("CUDA"), service.devices().contains("cuda"),
                service.devices() + " vs " + service.availableProviders());
    }

    @Test
    void providersListCpu() {
        assertTrue(service.availableProviders().contains("CPU"), service.availableProviders().toString());
    }

    @Test
    void devicesParse() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.CPU, Device.parse(" CPU "));
        assertEquals(new Device("cuda", 0), Device.parse("cuda"));
        assertEquals(new Device("cuda", 3), Device.parse("cuda:3"));
        assertEquals("cuda:3", Device.parse("cuda:3").toString());
        assertThrows(GenshotException.class, () -> Device.parse("cuda:-1"));
        assertThrows(GenshotException.class, () -> Device.parse("cuda:x"));
    }

    @Test
    void sha256OfKnownText() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
    }
}
