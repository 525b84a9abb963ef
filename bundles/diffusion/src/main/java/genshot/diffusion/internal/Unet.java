package genshot.diffusion.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import genshot.api.GenshotException;
import genshot.onnx.OnnxService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The denoiser: {@code sample [B,4,h,w]}, {@code timestep} (rank 0 or [1]/[B]; float32, float16 or int64),
 * {@code encoder_hidden_states [B,77,D]}, for LCM {@code timestep_cond [B,256]} → {@code out_sample} (or
 * {@code latent}). Everything is read from the session.
 */
final class Unet extends Stage {

    final String sampleName;
    final OnnxJavaType sampleType;
    final long[] sampleShape;
    final String timestepName;
    final OnnxJavaType timestepType;
    final int timestepRank;
    final String ehsName;
    final OnnxJavaType ehsType;
    final long ehsDim;
    final String condName;
    final int condDim;
    final String outName;

    Unet(OnnxService onnx, Pack pack, String device) {
        super(onnx, pack, "unet", device);
        try {
            if (inputs.containsKey("text_embeds") || inputs.containsKey("time_ids")) {
                throw GenshotException.of("pack.sdxl", "This is an SDXL UNet (it takes text_embeds and time_ids); "
                        + "genshot runs SD 1.x/2.x, SD-Turbo and LCM packs so far", file, null, null);
            }
            NodeInfo sample = find(inputs, -1, "sample");
            if (sample == null) {
                throw shape("has no 'sample' input (inputs: " + Tensors.specs(inputs) + ")", null);
            }
            sampleShape = shapeOf(sample);
            if (sampleShape.length == 5) {
                throw GenshotException.of("pack.video", "This UNet takes a 5-D video sample " + Tensors.specs(Map.of(
                        "sample", sample)) + " (AnimateDiff-style); genshot runs image UNets so far", file, null, null);
            }
            if (sampleShape.length != 4 || !isFloat(typeOf(sample))) {
                throw shape("input sample must be float [batch, 4, h, w], is " + Tensors.specs(Map.of("s", sample)),
                        null);
            }
            if (sampleShape[1] > 0 && sampleShape[1] != 4) {
                throw shape("takes " + sampleShape[1] + " latent channels (an inpainting or image-conditioned UNet); "
                        + "genshot needs 4", null);
            }
            sampleName = sample.getName();
            sampleType = typeOf(sample);
            NodeInfo ts = find(inputs, -1, "timestep", "t", "timesteps");
            if (ts == null || shapeOf(ts).length > 1) {
                throw shape("has no timestep input of rank 0 or 1 (inputs: " + Tensors.specs(inputs) + ")", null);
            }
            timestepName = ts.getName();
            timestepType = typeOf(ts);
            timestepRank = shapeOf(ts).length;
            NodeInfo ehs = find(inputs, -1, "encoder_hidden_states");
            if (ehs == null || shapeOf(ehs).length != 3 || !isFloat(typeOf(ehs))) {
                throw shape("has no encoder_hidden_states [batch, 77, D] input (inputs: " + Tensors.specs(inputs)
                        + ")", null);
            }
            ehsName = ehs.getName();
            ehsType = typeOf(ehs);
            ehsDim = shapeOf(ehs)[2];
            NodeInfo cond = find(inputs, -1, "timestep_cond", "w_embedding");
            condName = cond == null ? null : cond.getName();
            condDim = cond == null ? 0 : (int) Math.max(shapeOf(cond)[shapeOf(cond).length - 1], 256);
            NodeInfo out = find(outputs, -1, "out_sample", "latent");
            outName = out != null ? out.getName() : outputs.keySet().iterator().next();
            for (String in : inputs.keySet()) {
                if (!Set.of(sampleName, timestepName, ehsName).contains(in) && !in.equals(condName)) {
                    throw shape("has an input genshot does not know: " + in + " (inputs: " + Tensors.specs(inputs)
                            + ")", null);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    long staticBatch() {
        return sampleShape[0];
    }

    /** Fixed latent height and width of a static export, or -1. */
    long staticH() {
        return sampleShape[2];
    }

    long staticW() {
        return sampleShape[3];
    }

    /**
     * Reusable inputs for one size and batch: the pipeline writes into them each step and calls {@link #run}.
     */
    final class Io implements AutoCloseable {
        final int batch;
        final int per;
        final Tensors.Input sample;
        final Tensors.Input timestep;
        final Tensors.Input ehs;
        final Tensors.Input cond;
        final float[] out;
        final Map<String, OnnxTensor> feed = new HashMap<>();
        private final Set<String> wanted;

        Io(int batch, int h, int w, int textLength, int hidden) throws OrtException {
            this.batch = batch;
            this.per = 4 * h * w;
            Tensors.Input s = null;
            Tensors.Input t = null;
            Tensors.Input e = null;
            Tensors.Input c = null;
            try {
                s = new Tensors.Input(env, sampleName, sampleType, new long[] {batch, 4, h, w});
                t = new Tensors.Input(env, timestepName, timestepType, timestepRank == 0 ? new long[0]
                        : new long[] {shapeOf(inputs.get(timestepName))[0] == batch ? batch : 1});
                e = new Tensors.Input(env, ehsName, ehsType, new long[] {batch, textLength, hidden});
                c = condName == null ? null : new Tensors.Input(env, condName, typeOf(inputs.get(condName)),
                        new long[] {batch, condDim});
            } catch (OrtException | RuntimeException ex) {
                for (Tensors.Input x : new Tensors.Input[] {s, t, e, c}) {
                    if (x != null) {
                        x.close();
                    }
                }
                throw ex;
            }
            sample = s;
            timestep = t;
            ehs = e;
            cond = c;
            out = new float[batch * per];
            feed.put(sampleName, sample.tensor());
            feed.put(timestepName, timestep.tensor());
            feed.put(ehsName, ehs.tensor());
            if (cond != null) {
                feed.put(condName, cond.tensor());
            }
            wanted = Set.of(outName);
        }

        void setTimestep(float t) {
            float[] v = new float[timestep.size];
            java.util.Arrays.fill(v, t);
            timestep.put(v);
        }

        /** Runs the model on the inputs as written; the prediction lands in {@link #out}. */
        void run() throws OrtException {
            try (OrtSession.Result r = session.session().run(feed, wanted)) {
                Tensors.read((OnnxTensor) r.get(0), out, "unet " + outName);
            }
        }

        @Override
        public void close() {
            sample.close();
            timestep.close();
            ehs.close();
            if (cond != null) {
                cond.close();
            }
        }
    }
}
