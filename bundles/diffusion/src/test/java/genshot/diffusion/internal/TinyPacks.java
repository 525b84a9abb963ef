package genshot.diffusion.internal;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Tiny model packs in the diffusers ONNX layout, built on the fly with the exact IO signatures of each exporter
 * (ONNX protos from tribuo-util-onnx, value infos built by hand for int64 / rank-0 / float16):
 * text encoder = Gather of an embedding table; UNet = an <em>analytic denoiser</em> that predicts the exact noise
 * for a known clean latent X0 (ε = (x·√(σ(t)²+1) − X0)/σ(t), σ interpolated from the SD training table at the
 * possibly fractional t); VAE decoder = 1×1 Conv + nearest Resize ×8; VAE encoder = AveragePool 8×8 + 1×1 Conv.
 */
final class TinyPacks {

    enum Variant {
        /** Optimum: int64 ids, rank-0 float timestep, out_sample, fp32. */
        OPTIMUM,
        /** diffusers' legacy script: int32 ids, [1] float timestep, out_sample, fp32. */
        LEGACY,
        /** Olive / ORT demo style fp16 IO: int32 ids, [1] fp16 timestep, float16 everywhere, output "latent". */
        FP16,
        /** Optimum LCM: int64 ids, rank-0 timestep, timestep_cond [B,256], batch 1. */
        LCM
    }

    static int H = 8;
    static int W = 8;
    static final int D = 16;
    static final int VOCAB = 64;
    static final float SCALING = 0.18215f;

    private TinyPacks() {
    }

    /** The clean latent the analytic denoiser aims at: x0 ∈ ±0.16 so that decoded pixels stay inside 0..1. */
    static float[] cleanLatent() {
        float[] x0 = new float[4 * H * W];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = (float) (0.16 * Math.sin(i * 0.37 + 0.5));
        }
        return x0;
    }

    static Path write(Path dir, Variant v) throws IOException {
        Files.createDirectories(dir);
        String cls = v == Variant.LCM ? "ORTLatentConsistencyModelPipeline"
                : v == Variant.OPTIMUM ? "ORTStableDiffusionPipeline" : "OnnxStableDiffusionPipeline";
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"" + cls + "\", "
                + "\"text_encoder\": [\"diffusers\", \"OnnxRuntimeModel\"], \"unet\": [\"diffusers\", \"OnnxRuntimeModel\"]}");
        Files.createDirectories(dir.resolve("scheduler"));
        String sched = v == Variant.LCM ? "LCMScheduler" : "EulerDiscreteScheduler";
        Files.writeString(dir.resolve("scheduler/scheduler_config.json"), "{\"_class_name\": \"" + sched + "\", "
                + "\"num_train_timesteps\": 1000, \"beta_start\": 0.00085, \"beta_end\": 0.012, "
                + "\"beta_schedule\": \"scaled_linear\", \"timestep_spacing\": \"" + (v == Variant.LCM ? "leading"
                : "linspace") + "\", \"steps_offset\": 1, \"set_alpha_to_one\": true}");
        writeClipTokenizer(dir.resolve("tokenizer"), null);
        boolean half = v == Variant.FP16;
        DataType ids = v == Variant.LEGACY || v == Variant.FP16 ? DataType.INT32 : DataType.INT64;
        model(dir.resolve("text_encoder"), textEncoder(ids, half));
        model(dir.resolve("unet"), unet(v));
        model(dir.resolve("vae_decoder"), vaeDecoder(half));
        model(dir.resolve("vae_encoder"), vaeEncoder(half));
        Files.writeString(dir.resolve("vae_decoder/config.json"), "{\"scaling_factor\": " + SCALING + "}");
        return dir;
    }

    static void model(Path folder, byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.onnx"), bytes);
    }

    // ---------------------------------------------------------------- graphs

    /** A small graph under construction. */
    static final class G {
        final OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("tiny");
        final List<OnnxMl.OperatorSetIdProto> opsets = new ArrayList<>();
        int n;

        G() {
            opsets.add(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17).build());
        }

        static OnnxMl.ValueInfoProto value(String name, DataType type, Object... dims) {
            OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
            for (Object d : dims) {
                s.addDim(d instanceof String p ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(p)
                        : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
            }
            return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                    .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(s)))
                    .build();
        }

        G in(String name, DataType type, Object... dims) {
            g.addInput(value(name, type, dims));
            return this;
        }

        G out(String name, DataType type, Object... dims) {
            g.addOutput(value(name, type, dims));
            return this;
        }

        String floats(String name, float[] data, long... dims) {
            ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : data) {
                b.putFloat(f);
            }
            g.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.getNumber())
                    .addAllDims(box(dims)).setRawData(ByteString.copyFrom(b.array())));
            return name;
        }

        String longs(String name, long... data) {
            ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long l : data) {
                b.putLong(l);
            }
            g.addInitializer(OnnxMl.TensorProto.newBuilder().setName(name).setDataType(DataType.INT64.getNumber())
                    .addDims(data.length).setRawData(ByteString.copyFrom(b.array())));
            return name;
        }

        private static List<Long> box(long[] dims) {
            List<Long> l = new ArrayList<>();
            for (long d : dims) {
                l.add(d);
            }
            return l;
        }

        /** A node; attributes as name/value pairs (Long, Float, String, long[]). Returns its first output. */
        String op(String type, String[] ins, Object... attrs) {
            return opTo(type, ins, "v" + (n++), attrs);
        }

        String opTo(String type, String[] ins, String out, Object... attrs) {
            OnnxMl.NodeProto.Builder nb = OnnxMl.NodeProto.newBuilder().setOpType(type).setName(out + "_" + type)
                    .addOutput(out);
            for (String i : ins) {
                nb.addInput(i);
            }
            for (int i = 0; i < attrs.length; i += 2) {
                OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName((String) attrs[i]);
                Object v = attrs[i + 1];
                if (v instanceof Long l) {
                    a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(l);
                } else if (v instanceof Float f) {
                    a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(f);
                } else if (v instanceof String s) {
                    a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
                } else if (v instanceof long[] ls) {
                    a.setType(OnnxMl.AttributeProto.AttributeType.INTS).addAllInts(box(ls));
                }
                nb.addAttribute(a);
            }
            g.addNode(nb);
            return out;
        }

        String cast(String x, DataType to) {
            return op("Cast", new String[] {x}, "to", (long) to.getNumber());
        }

        byte[] bytes() {
            return OnnxMl.ModelProto.newBuilder().setIrVersion(8).addAllOpsetImport(opsets)
                    .setProducerName("genshot-test").setGraph(g).build().toByteArray();
        }
    }

    static byte[] textEncoder(DataType ids, boolean half) {
        G g = new G();
        DataType ft = half ? DataType.FLOAT16 : DataType.FLOAT;
        g.in("input_ids", ids, "batch", 77);
        g.out("last_hidden_state", ft, "batch", 77, D);
        g.out("pooler_output", ft, "batch", D);
        float[] e = new float[VOCAB * D];
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) Math.sin(i * 0.11);
        }
        String table = g.floats("embedding", e, VOCAB, D);
        String id64 = g.cast("input_ids", DataType.INT64);
        String idx = g.op("Mod", new String[] {id64, g.longs("vocab", VOCAB)});
        String hidden = g.op("Gather", new String[] {table, idx});
        String pooled = g.op("ReduceMean", new String[] {hidden}, "axes", new long[] {1}, "keepdims", 0L);
        g.opTo("Cast", new String[] {hidden}, "last_hidden_state", "to", (long) ft.getNumber());
        g.opTo("Cast", new String[] {pooled}, "pooler_output", "to", (long) ft.getNumber());
        return g.bytes();
    }

    /** σ_train of the SD schedule with one extra entry (σ[1000] = σ[999]) so t+1 never leaves the table. */
    static float[] sigmaTable() {
        float[] ac = SchedulerConfig.sd("linspace", 0).alphasCumprod();
        float[] s = new float[1001];
        for (int i = 0; i < 1000; i++) {
            s[i] = (float) Math.sqrt((1f - ac[i]) / ac[i]);
        }
        s[1000] = s[999];
        return s;
    }

    static byte[] unet(Variant v) {
        G g = new G();
        boolean half = v == Variant.FP16;
        DataType ft = half ? DataType.FLOAT16 : DataType.FLOAT;
        Object batch = v == Variant.LCM ? "unet_sample_batch" : "unet_sample_batch";
        g.in("sample", ft, batch, 4, H, W);
        if (v == Variant.OPTIMUM || v == Variant.LCM) {
            g.in("timestep", DataType.FLOAT);                 // rank 0
        } else {
            g.in("timestep", ft, 1);                          // [1]
        }
        g.in("encoder_hidden_states", ft, batch, 77, D);
        if (v == Variant.LCM) {
            g.in("timestep_cond", DataType.FLOAT, batch, 256);
        }
        String outName = half ? "latent" : "out_sample";
        g.out(outName, ft, batch, 4, H, W);

        String x = half ? g.cast("sample", DataType.FLOAT) : "sample";
        String t = g.op("Reshape", new String[] {g.cast("timestep", DataType.FLOAT), g.longs("one_dim", 1)});
        String fl = g.op("Floor", new String[] {t});
        String frac = g.op("Sub", new String[] {t, fl});
        String i0 = g.cast(fl, DataType.INT64);
        String i1 = g.op("Add", new String[] {i0, g.longs("one", 1)});
        String table = g.floats("sigma_table", sigmaTable(), 1001);
        String s0 = g.op("Gather", new String[] {table, i0});
        String s1 = g.op("Gather", new String[] {table, i1});
        // σ = s0 + (s1 − s0)·frac
        String sigma = g.op("Add", new String[] {s0, g.op("Mul", new String[] {g.op("Sub", new String[] {s1, s0}), frac})});
        String k = g.op("Sqrt", new String[] {g.op("Add", new String[] {g.op("Mul", new String[] {sigma, sigma}),
                g.floats("f_one", new float[] {1f}, 1)})});
        String x0 = g.floats("clean_latent", cleanLatent(), 1, 4, H, W);
        String diff = g.op("Sub", new String[] {g.op("Mul", new String[] {x, k}), x0});
        String eps = g.op("Div", new String[] {diff, sigma});
        // the prompt path must reach the output: add 0·mean(ehs) so that the input is used and shapes are checked
        String ehs = half ? g.cast("encoder_hidden_states", DataType.FLOAT) : "encoder_hidden_states";
        String m = g.op("ReduceMean", new String[] {ehs}, "axes", new long[] {1, 2}, "keepdims", 1L); // [B,1,1]
        String m4 = g.op("Unsqueeze", new String[] {m, g.longs("ax1", 1)});                           // [B,1,1,1]
        eps = g.op("Add", new String[] {eps, g.op("Mul", new String[] {m4, g.floats("zero", new float[] {0f}, 1)})});
        if (v == Variant.LCM) {
            // the guidance embedding must be the right one: its sum minus the expected sum is added to ε
            float expected = 0;
            for (float f : LcmScheduler.guidanceEmbedding(8.5f, 256)) {
                expected += f;
            }
            String sum = g.op("ReduceSum", new String[] {"timestep_cond", g.longs("ax_last", 1)}, "keepdims", 1L);
            String err = g.op("Sub", new String[] {sum, g.floats("expected_sum", new float[] {expected}, 1)});
            String err4 = g.op("Unsqueeze", new String[] {err, g.longs("ax23", 2, 3)});
            eps = g.op("Add", new String[] {eps, err4});
        }
        if (half) {
            g.opTo("Cast", new String[] {eps}, outName, "to", (long) DataType.FLOAT16.getNumber());
        } else {
            g.opTo("Identity", new String[] {eps}, outName);
        }
        return g.bytes();
    }

    // ---------------------------------------------------------------- video (AnimateDiff family)

    /**
     * A tiny AnimateDiff-style pack with OnnxStack's UNet IO: {@code sample [B,4,F,H,W]}, {@code timestep [1]}
     * float32, {@code encoder_hidden_states [B·F,77,D]} (the prompt repeated per frame) → {@code out_sample}.
     *
     * @param frames F fixed by the export, or -1 for an open frame axis
     * @param ehsRows the export's fixed text rows, or -1 for open
     * @param batch the export's fixed batch, or -1 for open
     * @param period the clean video's period in frames (see {@link #cleanVideo})
     * @param className model_index.json's _class_name
     * @param motionMax motion_max_seq_length written to unet/config.json, or 0 for none
     */
    record Video(long frames, long ehsRows, long batch, double period, String className, int motionMax) {
        /** Open batch, frames and rows; a 6-frame period; AnimateDiffPipeline. */
        static Video open() {
            return new Video(-1, -1, -1, 6, "AnimateDiffPipeline", 0);
        }

        Video frames(long f, long rows, long b) {
            return new Video(f, rows, b, period, className, motionMax);
        }

        Video className(String c) {
            return new Video(frames, ehsRows, batch, period, c, motionMax);
        }

        Video motionMax(int m) {
            return new Video(frames, ehsRows, batch, period, className, m);
        }
    }

    /**
     * AnimateDiff's scheduler (diffusers' docs): DDIM, linear betas 0.00085 → 0.012, linspace, offset 1, no clip;
     * but {@code set_alpha_to_one} true (SD 1.5's file says false): with false DDIM's last step leaves
     * √(1−ᾱ0)·ε of noise, as diffusers does, and no sampler could land exactly on the clean video.
     */
    static final String VIDEO_SCHEDULER = "{\"_class_name\": \"DDIMScheduler\", \"num_train_timesteps\": 1000, "
            + "\"beta_start\": 0.00085, \"beta_end\": 0.012, \"beta_schedule\": \"linear\", "
            + "\"timestep_spacing\": \"linspace\", \"steps_offset\": 1, \"clip_sample\": false, "
            + "\"set_alpha_to_one\": true}";

    static SchedulerConfig videoScheduler() {
        try {
            return SchedulerConfig.of(Pack.JSON.readTree(VIDEO_SCHEDULER));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path writeVideo(Path dir, Video v) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model_index.json"), "{\"_class_name\": \"" + v.className() + "\", "
                + "\"text_encoder\": [\"diffusers\", \"OnnxRuntimeModel\"], \"unet\": [\"diffusers\", \"OnnxRuntimeModel\"]}");
        Files.createDirectories(dir.resolve("scheduler"));
        Files.writeString(dir.resolve("scheduler/scheduler_config.json"), VIDEO_SCHEDULER);
        writeClipTokenizer(dir.resolve("tokenizer"), null);
        model(dir.resolve("text_encoder"), textEncoder(DataType.INT32, false));
        model(dir.resolve("unet"), videoUnet(v));
        if (v.motionMax() > 0) {
            Files.writeString(dir.resolve("unet/config.json"), "{\"_class_name\": \"UNetMotionModel\", "
                    + "\"motion_max_seq_length\": " + v.motionMax() + "}");
        }
        model(dir.resolve("vae_decoder"), vaeDecoder(false));
        Files.writeString(dir.resolve("vae_decoder/config.json"), "{\"scaling_factor\": " + SCALING + "}");
        return dir;
    }

    /** The clean video's still part S, amplitude A and phase Φ at latent element i = (c·H + y)·W + x. */
    static double still(int i) {
        return 0.08 * Math.sin(i * 0.37 + 0.5);
    }

    static double amplitude(int i) {
        return 0.06 * Math.cos(i * 0.23 + 0.1);
    }

    static double phase(int i) {
        return i * 0.41;
    }

    /**
     * The clean video the analytic video UNet aims at, {@code [4, frames, H, W]} with frame g (from 0) =
     * S + A·sin(2π·g/period + Φ): smooth in time, |x| ≤ 0.14. The UNet knows only a window's own frames, so its
     * frame j is this video's frame j; windows that start at multiples of the period agree on every frame.
     */
    static float[] cleanVideo(int frames, double period) {
        int hw = H * W;
        float[] x = new float[4 * frames * hw];
        double omega = 2 * Math.PI / period;
        for (int c = 0; c < 4; c++) {
            for (int g = 0; g < frames; g++) {
                for (int p = 0; p < hw; p++) {
                    int i = c * hw + p;
                    x[(c * frames + g) * hw + p] = (float) (still(i) + amplitude(i) * Math.sin(omega * g + phase(i)));
                }
            }
        }
        return x;
    }

    /** σ_train for a scheduler config, with σ[T] = σ[T−1] so that t+1 never leaves the table. */
    static float[] sigmaTable(SchedulerConfig c) {
        float[] ac = c.alphasCumprod();
        float[] s = new float[ac.length + 1];
        for (int i = 0; i < ac.length; i++) {
            s[i] = (float) Math.sqrt((1f - ac[i]) / ac[i]);
        }
        s[ac.length] = s[ac.length - 1];
        return s;
    }

    /**
     * The analytic video UNet: ε = (x·√(σ(t)²+1) − X0)/σ(t) for the clean video X0 of {@link #cleanVideo} over
     * the window's F frames (built in the graph from Range(F), so F may be open), σ from the pack's linear-beta
     * table at the (possibly fractional) t. The text rows must be B·F rows that repeat one embedding per item: any
     * difference between a frame's row and the item's first row is added to ε (and the reshape to [B,F,77·D] fails
     * outright for a wrong row count).
     */
    static byte[] videoUnet(Video v) {
        G g = new G();
        Object b = v.batch() > 0 ? (Object) v.batch() : "unet_sample_batch";
        Object f = v.frames() > 0 ? (Object) v.frames() : "unet_sample_frames";
        Object rows = v.ehsRows() > 0 ? (Object) v.ehsRows() : "unet_ehs_batch";
        g.in("sample", DataType.FLOAT, b, 4, f, H, W);
        g.in("timestep", DataType.FLOAT, 1);
        g.in("encoder_hidden_states", DataType.FLOAT, rows, 77, D);
        g.out("out_sample", DataType.FLOAT, b, 4, f, H, W);

        String t = g.op("Reshape", new String[] {"timestep", g.longs("one_dim", 1)});
        String fl = g.op("Floor", new String[] {t});
        String frac = g.op("Sub", new String[] {t, fl});
        String i0 = g.cast(fl, DataType.INT64);
        String i1 = g.op("Add", new String[] {i0, g.longs("one", 1)});
        float[] st = sigmaTable(videoScheduler());
        String table = g.floats("sigma_table", st, st.length);
        String s0 = g.op("Gather", new String[] {table, i0});
        String s1 = g.op("Gather", new String[] {table, i1});
        String sigma = g.op("Add", new String[] {s0, g.op("Mul", new String[] {g.op("Sub", new String[] {s1, s0}), frac})});
        String k = g.op("Sqrt", new String[] {g.op("Add", new String[] {g.op("Mul", new String[] {sigma, sigma}),
                g.floats("f_one", new float[] {1f}, 1)})});

        // X0 = S + A·sin(ω·j + Φ), j = 0..F−1 along axis 2
        int n = 4 * H * W;
        float[] sa = new float[n];
        float[] aa = new float[n];
        float[] pa = new float[n];
        for (int i = 0; i < n; i++) {
            sa[i] = (float) still(i);
            aa[i] = (float) amplitude(i);
            pa[i] = (float) phase(i);
        }
        String shape = g.op("Shape", new String[] {"sample"});
        String f1 = g.op("Slice", new String[] {shape, g.longs("s2", 2), g.longs("s3", 3)});          // [1] = F
        String fScalar = g.op("Squeeze", new String[] {f1, g.longs("ax0", 0)});
        String zero = g.opTo("Constant", new String[0], "zero_i", "value_int", 0L);
        String oneI = g.opTo("Constant", new String[0], "one_i", "value_int", 1L);
        String j = g.op("Range", new String[] {g.cast(zero, DataType.INT64), fScalar, g.cast(oneI, DataType.INT64)});
        String jf = g.op("Reshape", new String[] {g.cast(j, DataType.FLOAT), g.longs("j_shape", 1, 1, -1, 1, 1)});
        String ang = g.op("Add", new String[] {g.op("Mul", new String[] {jf, g.floats("omega",
                new float[] {(float) (2 * Math.PI / v.period())}, 1)}), g.floats("phase", pa, 1, 4, 1, H, W)});
        String x0 = g.op("Add", new String[] {g.floats("still", sa, 1, 4, 1, H, W), g.op("Mul", new String[] {
                g.floats("amplitude", aa, 1, 4, 1, H, W), g.op("Sin", new String[] {ang})})});
        String diff = g.op("Sub", new String[] {g.op("Mul", new String[] {"sample", k}), x0});
        String eps = g.op("Div", new String[] {diff, sigma});

        // the text rows: [B·F, 77, D] → [B, F, 77·D]; each frame's row must equal the item's first
        String rshape = g.op("Concat", new String[] {g.longs("minus_one", -1), f1, g.longs("row_len", 77L * D)},
                "axis", 0L);
        String e = g.op("Reshape", new String[] {"encoder_hidden_states", rshape});
        String first = g.op("Slice", new String[] {e, g.longs("r0", 0), g.longs("r1", 1), g.longs("ax1", 1)});
        String err = g.op("ReduceSum", new String[] {g.op("Abs", new String[] {g.op("Sub", new String[] {e, first})}),
                g.longs("ax12", 1, 2)}, "keepdims", 0L);
        String err5 = g.op("Reshape", new String[] {err, g.longs("err_shape", -1, 1, 1, 1, 1)});
        g.opTo("Add", new String[] {eps, err5}, "out_sample");
        return g.bytes();
    }

    /** Channel c of the picture = latent channel c (c = 0..2), so a pixel is latent/0.18215/2 + 0.5. */
    static byte[] vaeDecoder(boolean half) {
        G g = new G();
        DataType ft = half ? DataType.FLOAT16 : DataType.FLOAT;
        g.in("latent_sample", ft, "batch", 4, "h", "w");
        g.out("sample", ft, "batch", 3, "H", "W");
        String x = half ? g.cast("latent_sample", DataType.FLOAT) : "latent_sample";
        float[] w = new float[3 * 4];
        for (int c = 0; c < 3; c++) {
            w[c * 4 + c] = 1f;
        }
        String conv = g.op("Conv", new String[] {x, g.floats("w", w, 3, 4, 1, 1)});
        String up = g.op("Resize", new String[] {conv, "", g.floats("scales", new float[] {1, 1, 8, 8}, 4)},
                "mode", "nearest");
        g.opTo("Cast", new String[] {up}, "sample", "to", (long) ft.getNumber());
        return g.bytes();
    }

    /** Optimum's encoder: mean ‖ logvar; mean channel c = average of picture channel c (c = 0..2), channel 3 = 0. */
    static byte[] vaeEncoder(boolean half) {
        G g = new G();
        DataType ft = half ? DataType.FLOAT16 : DataType.FLOAT;
        g.in("sample", ft, "batch", 3, "H", "W");
        g.out("latent_parameters", ft, "batch", 8, "h", "w");
        String x = half ? g.cast("sample", DataType.FLOAT) : "sample";
        String pooled = g.op("AveragePool", new String[] {x}, "kernel_shape", new long[] {8, 8}, "strides",
                new long[] {8, 8});
        float[] w = new float[8 * 3];
        for (int c = 0; c < 3; c++) {
            w[c * 3 + c] = 1f;
        }
        String conv = g.op("Conv", new String[] {pooled, g.floats("w", w, 8, 3, 1, 1)});
        g.opTo("Cast", new String[] {conv}, "latent_parameters", "to", (long) ft.getNumber());
        return g.bytes();
    }

    /** A model whose only node is ONNX Runtime's CUDA-only fused GroupNorm (com.microsoft). */
    static byte[] cudaOnlyUnet() {
        G g = new G();
        g.opsets.add(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1).build());
        g.in("sample", DataType.FLOAT16, 2, 4, H, W);
        g.in("timestep", DataType.FLOAT16, 1);
        g.in("encoder_hidden_states", DataType.FLOAT16, 2, 77, D);
        g.out("out_sample", DataType.FLOAT16, 2, 4, H, W);
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType("GroupNorm").setDomain("com.microsoft")
                .setName("gn").addInput("sample").addInput(g.floats("gamma", new float[] {1, 1, 1, 1}, 4))
                .addInput(g.floats("beta", new float[4], 4)).addOutput("out_sample");
        n.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("groups").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(2));
        n.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("activation").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0));
        n.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("epsilon").setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(1e-5f));
        n.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("channels_last").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0));
        g.g.addNode(n);
        return g.bytes();
    }

    // ---------------------------------------------------------------- tokenizer

    /** vocab.json and merges.txt of CLIP from openai/CLIP's bpe_simple_vocab_16e6.txt.gz (as CLIPTokenizer builds them). */
    static void writeClipTokenizer(Path dir, String padToken) throws IOException {
        Files.createDirectories(dir);
        List<String> merges = new ArrayList<>();
        try (InputStream raw = TinyPacks.class.getResourceAsStream("/clip/bpe_simple_vocab_16e6.txt.gz");
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                     StandardCharsets.UTF_8))) {
            r.readLine(); // version line
            String line;
            while ((line = r.readLine()) != null && merges.size() < 49152 - 256 - 2) {
                merges.add(line);
            }
        }
        char[] bytes = ClipTokenizer.byteToUnicode();
        List<String> vocab = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(bytes[order(b)]));
        }
        for (int b = 0; b < 256; b++) {
            vocab.add(bytes[order(b)] + "</w>");
        }
        for (String m : merges) {
            vocab.add(m.replace(" ", ""));
        }
        vocab.add(ClipTokenizer.BOS);
        vocab.add(ClipTokenizer.EOS);
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.putIfAbsent(vocab.get(i), i);
        }
        Pack.JSON.writeValue(dir.resolve("vocab.json").toFile(), ids);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges) + "\n");
        if (padToken != null) {
            Files.writeString(dir.resolve("special_tokens_map.json"), "{\"pad_token\": \"" + padToken + "\"}");
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 77}");
    }

    /** bytes_to_unicode's order: the printable bytes first (in byte order), then the others. */
    private static int order(int i) {
        List<Integer> bs = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            bs.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            bs.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            bs.add(b);
        }
        for (int b = 0; b < 256; b++) {
            if (!bs.contains(b)) {
                bs.add(b);
            }
        }
        return bs.get(i);
    }
}
