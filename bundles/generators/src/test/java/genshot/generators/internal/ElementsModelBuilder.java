package genshot.generators.internal;

import ai.onnx.proto.OnnxMl;
import genshot.generators.internal.ElementsModel.Block;
import genshot.generators.internal.ElementsModel.Layout;
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
 * Builds the element graphs ({@code assets/models/elements/<look>.onnx}) and the pack's {@code manifest.json}.
 * Shared pieces: a wave-noise field (domain warp + sums of sinusoids, as the fog model) and a particle field
 * (moving cells, one soft sprite per cell at a hashed position, with sway and twinkle). Byte-for-byte reproducible;
 * {@code ElementsModelTest} checks the committed files against a fresh build.
 */
public final class ElementsModelBuilder {

    static final String REBUILD =
            "mvn -B -f bundles/generators/pom.xml test -Dtest=ElementsModelTest -Dgenshot.rebuildModels=true";

    /** Operators tribuo-util-onnx does not define; none needs an attribute. */
    enum Ops implements ONNXOperator {
        MATMUL("MatMul", 2, 0), SIN("Sin", 1, 0), SLICE("Slice", 3, 2), RESHAPE("Reshape", 2, 0),
        MAX("Max", 2, 0), MIN("Min", 2, 0), FLOOR("Floor", 1, 0), EXP("Exp", 1, 0), SQRT("Sqrt", 1, 0),
        ABS("Abs", 1, 0);

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
        @Override public int getOpVersion() { return ElementsModel.OPSET; }
        @Override public String getOpDomain() { return null; }
    }

    private ElementsModelBuilder() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "assets/models/elements");
        write(dir);
        System.out.println("wrote " + ElementsLook.values().length + " models and manifest.json to " + dir);
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (ElementsLook look : ElementsLook.values()) {
            byte[] m = model(look);
            Files.write(dir.resolve(look.file()), m);
        }
        Files.write(dir.resolve("manifest.json"), manifest().getBytes(StandardCharsets.UTF_8));
    }

    /** A small graph-writing helper: names nodes n0, n1, ... and slices cond blocks on demand. */
    static final class G {
        final ONNXContext ctx = new ONNXContext();
        final ONNXPlaceholder coords;
        final ONNXPlaceholder cond;
        final Layout layout;
        private final ONNXRef<?> axis1;
        private final java.util.Map<String, ONNXRef<?>> blocks = new java.util.HashMap<>();
        private int n;

        G(ElementsLook look) {
            ctx.setName("genshot_elements_" + look.id);
            layout = look.layout();
            coords = ctx.floatInput("coords", 4);
            cond = ctx.floatInput("cond", layout.size());
            axis1 = ctx.array("axis1", new long[] {1});
        }

        String name(String what) {
            return what + "_" + (n++);
        }

        /** cond block as [rows, cols]. */
        ONNXRef<?> block(String name) {
            return blocks.computeIfAbsent(name, this::slice);
        }

        private ONNXRef<?> slice(String name) {
            Block b = layout.block(name);
            ONNXRef<?> start = ctx.array(name + "_start", new long[] {b.offset()});
            ONNXRef<?> end = ctx.array(name + "_end", new long[] {b.offset() + (long) b.size()});
            return cond.apply(Ops.SLICE, List.of(start, end, axis1), name + "_flat")
                    .apply(Ops.RESHAPE, ctx.array(name + "_shape", new long[] {b.rows(), b.cols()}), name);
        }

        ONNXRef<?> c(float v) {
            return ctx.constant(name("c"), v);
        }

        /** A constant matrix, row-major. */
        ONNXRef<?> m(int rows, int cols, float... v) {
            if (v.length != rows * cols) {
                throw new IllegalArgumentException(rows + "x" + cols + " needs " + (rows * cols) + " values");
            }
            return ctx.floatTensor(name("m"), List.of(rows, cols), fb -> fb.put(v));
        }

        ONNXRef<?> op(ONNXOperator op, ONNXRef<?> a, ONNXRef<?> b) {
            return a.apply(op, b, name(op.getOpName().toLowerCase()));
        }

        ONNXRef<?> op(ONNXOperator op, ONNXRef<?> a) {
            return a.apply(op, name(op.getOpName().toLowerCase()));
        }

        ONNXRef<?> mm(ONNXRef<?> a, ONNXRef<?> b) { return op(Ops.MATMUL, a, b); }
        ONNXRef<?> add(ONNXRef<?> a, ONNXRef<?> b) { return op(ONNXOperators.ADD, a, b); }
        ONNXRef<?> sub(ONNXRef<?> a, ONNXRef<?> b) { return op(ONNXOperators.SUB, a, b); }
        ONNXRef<?> mul(ONNXRef<?> a, ONNXRef<?> b) { return op(ONNXOperators.MUL, a, b); }
        ONNXRef<?> div(ONNXRef<?> a, ONNXRef<?> b) { return op(ONNXOperators.DIV, a, b); }
        ONNXRef<?> max(ONNXRef<?> a, ONNXRef<?> b) { return op(Ops.MAX, a, b); }
        ONNXRef<?> min(ONNXRef<?> a, ONNXRef<?> b) { return op(Ops.MIN, a, b); }
        ONNXRef<?> sin(ONNXRef<?> a) { return op(Ops.SIN, a); }
        ONNXRef<?> floor(ONNXRef<?> a) { return op(Ops.FLOOR, a); }
        ONNXRef<?> exp(ONNXRef<?> a) { return op(Ops.EXP, a); }
        ONNXRef<?> sqrt(ONNXRef<?> a) { return op(Ops.SQRT, a); }
        ONNXRef<?> abs(ONNXRef<?> a) { return op(Ops.ABS, a); }
        ONNXRef<?> sigmoid(ONNXRef<?> a) { return op(ONNXOperators.SIGMOID, a); }

        ONNXRef<?> fract(ONNXRef<?> a) {
            return sub(a, floor(a));
        }

        ONNXRef<?> clip01(ONNXRef<?> a) {
            return min(max(a, c(0f)), c(1f));
        }

        /** Column k of an [N, cols] tensor as [N,1] (a MatMul with a selector: exact). */
        ONNXRef<?> col(ONNXRef<?> a, int cols, int k) {
            float[] s = new float[cols];
            s[k] = 1f;
            return mm(a, m(cols, 1, s));
        }

        /** rgb [N,3] and alpha [N,1] (or opaque) into rgba [N,4]. */
        void output(ONNXRef<?> rgb, ONNXRef<?> alpha) {
            ONNXRef<?> e3 = m(3, 4, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0);
            ONNXRef<?> a = alpha == null ? m(1, 4, 0, 0, 0, 1) : mm(alpha, m(1, 4, 0, 0, 0, 1));
            ONNXPlaceholder out = ctx.floatOutput("rgba", 4);
            add(mm(rgb, e3), a).apply(ONNXOperators.IDENTITY, "rgba_out").assignTo(out);
        }

        /** Wave noise logits [N,L]: sin((coords + sin(coords·WA)·VA)·WB)·VB + coords·YB (q = coords without WA). */
        ONNXRef<?> waves() {
            ONNXRef<?> q = layout.has("WA") ? add(coords, mm(sin(mm(coords, block("WA"))), block("VA"))) : coords;
            return add(mm(sin(mm(q, block("WB"))), block("VB")), mm(coords, block("YB")));
        }

        /** Hoskins' sine-free hash of integer-valued keys, elementwise (the same bits in every row). */
        ONNXRef<?> hash(ONNXRef<?> k) {
            ONNXRef<?> p = fract(mul(k, c(0.1031f)));
            p = mul(p, add(p, c(33.33f)));
            p = mul(p, add(p, p));
            return fract(p);
        }

        /** Particle intensities [N,L] (and the hashes [N,4L]); {@code disc}: hard-edged discs, else soft sprites. */
        ONNXRef<?>[] cells(boolean disc) {
            ONNXRef<?> u = mm(coords, block("PM"));
            if (layout.has("SW")) {
                u = add(u, mm(sin(mm(coords, block("SW"))), block("SV")));
            }
            ONNXRef<?> cell = floor(u);
            ONNXRef<?> f = sub(u, cell);
            // integer keys: cell coordinates times integer weights, summed exactly
            ONNXRef<?> h = hash(mm(cell, block("HM")));
            ONNXRef<?> d = sub(f, add(mm(h, block("OM")), block("OB")));
            ONNXRef<?> r2 = mul(mm(mul(d, d), block("DM")), add(mm(h, block("SZ")), block("SZB")));
            ONNXRef<?> shape;
            if (disc) {
                shape = sigmoid(mul(sub(c(1f), sqrt(r2)), block("SH")));
            } else {
                shape = exp(op(ONNXOperators.NEG, r2));
            }
            ONNXRef<?> present = sigmoid(mul(add(mm(h, block("PS")), block("PB")), c(40f)));
            ONNXRef<?> twinkle = add(c(1f), mul(block("TA"), sin(add(mm(h, block("TP")), mm(coords, block("TW"))))));
            return new ONNXRef<?>[] {mul(mul(shape, present), twinkle), h};
        }

        /** Straight colour from premultiplied P [N,3] and coverage A [N,1]. */
        ONNXRef<?> unpremultiply(ONNXRef<?> p, ONNXRef<?> a) {
            return clip01(div(p, max(a, c(1e-3f))));
        }
    }

    /** The serialised model of one look. */
    static byte[] model(ElementsLook look) {
        G g = new G(look);
        ONNXRef<?> coords = g.coords;
        switch (look) {
            case FOG -> {
                ONNXRef<?> m = g.sigmoid(g.waves());
                ONNXRef<?> rgb = g.clip01(g.add(g.mm(coords, g.block("GRAD")), g.mm(m, g.block("TINT"))));
                g.output(rgb, g.clip01(g.add(g.mm(m, g.block("AW")), g.block("AB"))));
            }
            case SMOKE -> {
                ONNXRef<?> m = g.sigmoid(g.waves());
                ONNXRef<?> rgb = g.clip01(g.add(g.mm(coords, g.block("GRAD")), g.mm(m, g.block("TINT"))));
                g.output(rgb, g.clip01(g.mm(m, g.block("AW"))));
            }
            case FIRE -> {
                ONNXRef<?> m = g.sigmoid(g.waves());
                ONNXRef<?> v = g.mm(m, g.block("FW"));
                v = g.mul(v, v);
                ONNXRef<?> rgb = g.clip01(g.add(g.mm(v, g.block("RAMP")), g.block("RB")));
                g.output(rgb, g.clip01(g.add(g.mm(v, g.block("AK")), g.block("AB"))));
            }
            case SKY -> {
                ONNXRef<?> m = g.sigmoid(g.waves());
                ONNXRef<?> sky = g.mm(coords, g.block("GRAD"));
                ONNXRef<?> cloud = g.add(g.mm(m, g.block("CS")), g.block("CB"));
                ONNXRef<?> cover = g.col(m, look.layers, 0);
                g.output(g.clip01(g.add(sky, g.mul(cover, g.sub(cloud, sky)))), null);
            }
            case LEAKS -> {
                ONNXRef<?> m = g.sigmoid(g.waves());
                ONNXRef<?> a = g.mm(m, g.block("AW"));
                g.output(g.unpremultiply(g.mm(m, g.block("PC")), a), g.clip01(a));
            }
            case GRAIN -> {
                ONNXRef<?> cell = g.floor(g.mm(coords, g.block("PM")));
                ONNXRef<?> h = g.hash(g.mm(cell, g.block("HM")));
                ONNXRef<?> grain = g.sub(g.mm(h, g.m(2, 1, 1, 1)), g.c(1f));     // triangular, -1..1
                ONNXRef<?> rgb = g.clip01(g.add(g.mm(grain, g.block("GC")), g.block("GB")));
                g.output(rgb, g.clip01(g.mm(g.abs(grain), g.block("GA"))));
            }
            case CHROMA -> {
                ONNXRef<?> light = g.sigmoid(g.waves());
                ONNXRef<?> base = g.add(g.mm(coords, g.block("GRAD")), g.mm(light, g.block("TINT")));
                ONNXRef<?> u = g.add(g.mm(coords, g.block("PM")), g.mm(g.sin(g.mm(coords, g.block("SW"))),
                        g.block("SV")));
                ONNXRef<?> d = g.abs(g.sub(g.fract(u), g.c(0.5f)));                    // |dx|, |dy| to the centre
                ONNXRef<?> dd = g.mm(d, g.m(2, 4, 1, 0, 0, 1, 0, 1, 1, 0));               // dx, dy, dy, dx
                ONNXRef<?> e = g.sigmoid(g.mul(g.sub(g.block("MV"), dd), g.block("MS")));
                ONNXRef<?> arms = g.mul(g.mm(e, g.m(4, 2, 1, 0, 0, 0, 0, 1, 0, 0)),
                        g.mm(e, g.m(4, 2, 0, 0, 1, 0, 0, 0, 0, 1)));                     // horizontal, vertical arm
                ONNXRef<?> a0 = g.col(arms, 2, 0), a1 = g.col(arms, 2, 1);
                ONNXRef<?> cross = g.sub(g.add(a0, a1), g.mul(a0, a1));
                ONNXRef<?> rgb = g.add(base, g.mul(cross, g.sub(g.block("MC"), base)));
                g.output(g.clip01(rgb), null);
            }
            case SNOW, RAIN, DUST -> {
                ONNXRef<?> in = g.cells(false)[0];
                ONNXRef<?> a = g.mm(in, g.block("AW"));
                g.output(g.unpremultiply(g.mm(in, g.block("COL")), a), g.clip01(a));
            }
            case STARFIELD -> {
                ONNXRef<?> neb = g.sigmoid(g.waves());
                ONNXRef<?> bg = g.add(g.mm(coords, g.block("GRAD")), g.mm(neb, g.block("TINT")));
                ONNXRef<?> in = g.cells(false)[0];
                g.output(g.clip01(g.add(bg, g.mm(in, g.block("COL")))), null);
            }
            case BOKEH -> {
                ONNXRef<?>[] r = g.cells(true);
                ONNXRef<?> in = r[0];
                ONNXRef<?> hue = g.mm(r[1], g.block("HS"));
                ONNXRef<?> p = g.add(g.mm(in, g.block("CA")), g.mm(g.mul(in, hue), g.block("CD")));
                ONNXRef<?> a = g.mm(in, g.block("AW"));
                g.output(g.unpremultiply(p, a), g.clip01(a));
            }
            default -> throw new IllegalStateException(look.name());
        }

        OnnxMl.GraphProto.Builder gb = g.ctx.buildGraph().toBuilder();
        for (OnnxMl.ValueInfoProto.Builder v : gb.getInputBuilderList()) {
            dim0(v, v.getName().equals("cond") ? null : "N");
        }
        for (OnnxMl.ValueInfoProto.Builder v : gb.getOutputBuilderList()) {
            dim0(v, "N");
        }
        gb.setDocString("genshot built-in element '" + look.id + "' (" + look.title + "); see the pack's manifest.json");
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(ElementsModel.IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(ElementsModel.OPSET))
                .setProducerName("genshot")
                .setProducerVersion("elements-1")
                .setDomain("io.genshot")
                .setModelVersion(1)
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("licence").setValue("GPL-3.0-or-later"))
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("rebuild").setValue(REBUILD))
                .setGraph(gb.build())
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

    /** The pack's manifest, JSON written by hand so that the bytes are stable. */
    static String manifest() {
        StringBuilder s = new StringBuilder();
        s.append("{\n");
        s.append("  \"id\": \"elements\",\n");
        s.append("  \"version\": 1,\n");
        s.append("  \"title\": \"Procedural element plates\",\n");
        s.append("  \"description\": \"One small ONNX graph per look. Shared pieces: a wave-noise field (domain warp "
                + "plus sums of sinusoids over x, y, t) and a particle field (moving cells with one soft sprite per "
                + "cell at a hashed position, sway and twinkle). Everything seed-dependent comes in through cond; "
                + "the graphs hold no random numbers.\",\n");
        s.append("  \"format\": {\"ir\": ").append(ElementsModel.IR_VERSION).append(", \"opset\": ")
                .append(ElementsModel.OPSET).append("},\n");
        s.append("  \"inputs\": [\n");
        s.append("    {\"name\": \"coords\", \"type\": \"float32\", \"shape\": [\"N\", 4], \"meaning\": \"per pixel: "
                + "x in 0..width/height, y in 0..1 (top to bottom), t in seconds times speed, 1\"},\n");
        s.append("    {\"name\": \"cond\", \"type\": \"float32\", \"shape\": [1, \"C\"], \"meaning\": \"the look's "
                + "seed-derived parameters; C and the blocks per look below\"}\n");
        s.append("  ],\n");
        s.append("  \"outputs\": [\n");
        s.append("    {\"name\": \"rgba\", \"type\": \"float32\", \"shape\": [\"N\", 4], \"meaning\": \"colour and "
                + "straight alpha per pixel, 0..1 (alpha 1 for full-frame looks)\"}\n");
        s.append("  ],\n");
        s.append("  \"looks\": [\n");
        ElementsLook[] all = ElementsLook.values();
        for (int i = 0; i < all.length; i++) {
            ElementsLook l = all[i];
            byte[] m = model(l);
            Layout lay = l.layout();
            s.append("    {\"id\": \"").append(l.id).append("\", \"title\": \"").append(l.title)
                    .append("\", \"file\": \"").append(l.file()).append("\", \"sha256\": \"")
                    .append(genshot.onnx.Sha256.of(m)).append("\", \"size\": ").append(m.length)
                    .append(", \"alpha\": ").append(l.alpha).append(", \"maxInternalWidth\": ")
                    .append(l.maxInternalWidth).append(", \"cond\": ").append(lay.size())
                    .append(", \"blocks\": \"").append(lay.describe()).append("\"}")
                    .append(i + 1 < all.length ? ",\n" : "\n");
        }
        s.append("  ],\n");
        s.append("  \"licence\": \"GPL-3.0-or-later\",\n");
        s.append("  \"source\": \"bundles/generators/src/test/java/genshot/generators/internal/ElementsModelBuilder.java\",\n");
        s.append("  \"rebuild\": \"").append(REBUILD).append("\"\n");
        s.append("}\n");
        return s.toString();
    }
}
