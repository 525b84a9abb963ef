package genshot.generators.internal;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Builds the built-in fog model ({@code assets/models/fog/fog.onnx}) and its {@code manifest.json}. The output is
 * byte-for-byte reproducible; {@code FogModelTest} checks the committed files against a fresh build.
 *
 * <p>Rebuild: {@value #REBUILD}, or run {@link #main} with the target directory.
 */
public final class FogModelBuilder {

    static final String REBUILD =
            "mvn -B -f bundles/generators/pom.xml test -Dtest=FogModelTest -Dgenshot.rebuildModels=true";
    static final int IR_VERSION = 8;
    static final int OPSET = 13;

    /** Operators that tribuo-util-onnx does not define; none of them needs an attribute here. */
    enum Ops implements ONNXOperator {
        MATMUL("MatMul", 2, 0), SIN("Sin", 1, 0), SLICE("Slice", 3, 2), RESHAPE("Reshape", 2, 0),
        MAX("Max", 2, 0), MIN("Min", 2, 0);

        private final String op;
        private final int inputs;
        private final int optional;

        Ops(String op, int inputs, int optional) {
            this.op = op;
            this.inputs = inputs;
            this.optional = optional;
        }

        @Override public String getOpName() { return op; }
        @Override public int getNumInputs() { return inputs; }
        @Override public int getNumOptionalInputs() { return optional; }
        @Override public int getNumOutputs() { return 1; }
        @Override public Map<String, ONNXAttribute> getAttributes() { return Map.of(); }
        @Override public Set<String> getMandatoryAttributeNames() { return Set.of(); }
        @Override public int getOpVersion() { return OPSET; }
        @Override public String getOpDomain() { return null; }
    }

    private FogModelBuilder() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "assets/models/fog");
        write(dir);
        System.out.println("wrote " + dir.resolve(FogModel.FILE) + " and manifest.json");
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] model = model();
        Files.write(dir.resolve(FogModel.FILE), model);
        Files.write(dir.resolve("manifest.json"), manifest(model).getBytes(StandardCharsets.UTF_8));
    }

    /** The serialised model. */
    static byte[] model() {
        ONNXContext ctx = new ONNXContext();
        ctx.setName("genshot_fog");
        ONNXPlaceholder coords = ctx.floatInput("coords", 4);
        ONNXPlaceholder cond = ctx.floatInput("cond", FogModel.COND);
        ONNXPlaceholder rgba = ctx.floatOutput("rgba", 4);
        ONNXRef<?> axis1 = ctx.array("axis1", new long[] {1});

        ONNXRef<?> wa = piece(ctx, cond, axis1, "wa", FogModel.WA, 4, FogModel.WARP);
        ONNXRef<?> va = piece(ctx, cond, axis1, "va", FogModel.VA, FogModel.WARP, 4);
        ONNXRef<?> wb = piece(ctx, cond, axis1, "wb", FogModel.WB, 4, FogModel.WAVES);
        ONNXRef<?> vb = piece(ctx, cond, axis1, "vb", FogModel.VB, FogModel.WAVES, FogModel.LAYERS);
        ONNXRef<?> yb = piece(ctx, cond, axis1, "yb", FogModel.YB, 4, FogModel.LAYERS);
        ONNXRef<?> grad = piece(ctx, cond, axis1, "grad", FogModel.GRAD, 4, 4);
        ONNXRef<?> tint = piece(ctx, cond, axis1, "tint", FogModel.TINT, FogModel.LAYERS, 4);

        ONNXRef<?> s1 = coords.apply(Ops.MATMUL, wa, "warp_phase").apply(Ops.SIN, "warp_wave");
        ONNXRef<?> q = coords.apply(ONNXOperators.ADD, s1.apply(Ops.MATMUL, va, "warp_offset"), "warped");
        ONNXRef<?> s2 = q.apply(Ops.MATMUL, wb, "fog_phase").apply(Ops.SIN, "fog_wave");
        ONNXRef<?> m = s2.apply(Ops.MATMUL, vb, "fog_noise")
                .apply(ONNXOperators.ADD, coords.apply(Ops.MATMUL, yb, "fog_bias"), "fog_logit")
                .apply(ONNXOperators.SIGMOID, "fog_density");
        ONNXRef<?> colour = coords.apply(Ops.MATMUL, grad, "sky")
                .apply(ONNXOperators.ADD, m.apply(Ops.MATMUL, tint, "fog_colour"), "colour");
        colour.apply(Ops.MAX, ctx.constant("zero", 0f), "colour_low")
                .apply(Ops.MIN, ctx.constant("one", 1f), "colour_clipped").assignTo(rgba);

        OnnxMl.GraphProto.Builder g = ctx.buildGraph().toBuilder();
        // tribuo declares every input/output as [batch, d]; cond is [1, COND], the others [N, d]
        for (OnnxMl.ValueInfoProto.Builder v : g.getInputBuilderList()) {
            dim0(v, v.getName().equals("cond") ? null : "N");
        }
        for (OnnxMl.ValueInfoProto.Builder v : g.getOutputBuilderList()) {
            dim0(v, "N");
        }
        g.setDocString("genshot built-in fog: layered sinusoid noise over (x, y, t) with a domain warp; "
                + "see the model pack's manifest.json");
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("genshot")
                .setProducerVersion("fog-2")
                .setDomain("io.genshot")
                .setModelVersion(2)
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("licence").setValue("GPL-3.0-or-later"))
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("rebuild").setValue(REBUILD))
                .setGraph(g.build())
                .build()
                .toByteArray();
    }

    private static void dim0(OnnxMl.ValueInfoProto.Builder v, String param) {
        OnnxMl.TensorShapeProto.Dimension.Builder d =
                v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0);
        if (param == null) {
            d.clearDimParam().setDimValue(1);
        } else {
            d.setDimParam(param);
        }
    }

    /** cond[:, offset : offset + rows*cols] reshaped to [rows, cols]. */
    private static ONNXRef<?> piece(ONNXContext ctx, ONNXRef<?> cond, ONNXRef<?> axis1, String name, int offset,
                                    int rows, int cols) {
        ONNXRef<?> start = ctx.array(name + "_start", new long[] {offset});
        ONNXRef<?> end = ctx.array(name + "_end", new long[] {offset + (long) rows * cols});
        ONNXRef<?> sliced = cond.apply(Ops.SLICE, List.of(start, end, axis1), name + "_flat");
        return sliced.apply(Ops.RESHAPE, ctx.array(name + "_shape", new long[] {rows, cols}), name);
    }

    /** The pack's manifest, JSON written by hand so that the bytes are stable. */
    static String manifest(byte[] model) {
        String sha = genshot.onnx.Sha256.of(model);
        return "{\n"
                + "  \"id\": \"fog\",\n"
                + "  \"version\": 2,\n"
                + "  \"title\": \"Drifting fog\",\n"
                + "  \"description\": \"Soft layered fog drifting slowly: two layers of four octaves of sinusoid noise "
                + "over (x, y, t) with a domain warp, coloured by a sky gradient and per-layer tints; the fourth channel is the "
                + "alpha of a plate over footage (1 for an opaque plate). Everything "
                + "seed-dependent (directions, frequencies, drift, phases) and the palette come in through cond; "
                + "the graph holds no random numbers.\",\n"
                + "  \"file\": \"" + FogModel.FILE + "\",\n"
                + "  \"sha256\": \"" + sha + "\",\n"
                + "  \"size\": " + model.length + ",\n"
                + "  \"format\": {\"ir\": " + IR_VERSION + ", \"opset\": " + OPSET + "},\n"
                + "  \"inputs\": [\n"
                + "    {\"name\": \"coords\", \"type\": \"float32\", \"shape\": [\"N\", 4], \"meaning\": "
                + "\"per pixel: x in 0..width/height, y in 0..1 (top to bottom), t in seconds times speed, 1\"},\n"
                + "    {\"name\": \"cond\", \"type\": \"float32\", \"shape\": [1, " + FogModel.COND + "], \"meaning\": "
                + "\"seed-derived look, row-major: WA[4," + FogModel.WARP + "] @" + FogModel.WA
                + ", VA[" + FogModel.WARP + ",4] @" + FogModel.VA
                + ", WB[4," + FogModel.WAVES + "] @" + FogModel.WB
                + ", VB[" + FogModel.WAVES + "," + FogModel.LAYERS + "] @" + FogModel.VB
                + ", YB[4," + FogModel.LAYERS + "] @" + FogModel.YB
                + ", GRAD[4,4] @" + FogModel.GRAD
                + ", TINT[" + FogModel.LAYERS + ",4] @" + FogModel.TINT + "\"}\n"
                + "  ],\n"
                + "  \"outputs\": [\n"
                + "    {\"name\": \"rgba\", \"type\": \"float32\", \"shape\": [\"N\", 4], \"meaning\": \"colour and straight alpha per pixel, 0..1\"}\n"
                + "  ],\n"
                + "  \"licence\": \"GPL-3.0-or-later\",\n"
                + "  \"source\": \"bundles/generators/src/test/java/genshot/generators/internal/FogModelBuilder.java\",\n"
                + "  \"rebuild\": \"" + REBUILD + "\"\n"
                + "}\n";
    }
}
