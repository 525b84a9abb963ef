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
 *
 * <p>A UNet with a motion module (AnimateDiff family) takes a 5-D {@code sample [B,4,F,h,w]}; its
 * {@code encoder_hidden_states} then have one row per frame ({@code [B·F,77,D]}, the prompt repeated over the
 * frames, as OnnxStack's export does) or, when the export fixes the rows at the batch, one per item
 * ({@code [B,77,D]}, repeated inside the graph as diffusers' {@code UNetMotionModel} does).
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
    /** Whether the sample is 5-D [B,4,F,h,w] (a UNet with a motion module). */
    final boolean video;
    /** Frames per window of a video UNet: the export's fixed F, or -1 when open; 0 for an image UNet. */
    final long frames;
    /** Video: whether encoder_hidden_states has one row per frame (B·F) rather than one per item (B). */
    final boolean ehsPerFrame;

    Unet(OnnxService onnx, Pack pack, String device) {
        super(onnx, pack, "unet", device);
        try {
            if (inputs.containsKey("text_embeds") || inputs.containsKey("time_ids")) {
                throw GenshotException.of("pack.sdxl", "This is an SDXL UNet (it takes text_embeds and time_ids); "
                        + "genshot runs SD 1.x/2.x, SD-Turbo, LCM and AnimateDiff packs so far", file, null, null);
            }
            NodeInfo sample = find(inputs, -1, "sample");
            if (sample == null) {
                throw shape("has no 'sample' input (inputs: " + Tensors.specs(inputs) + ")", null);
            }
            sampleShape = shapeOf(sample);
            video = sampleShape.length == 5;
            if (sampleShape.length != 4 && !video || !isFloat(typeOf(sample))) {
                throw shape("input sample must be float [batch, 4, h, w] (an image UNet) or [batch, 4, frames, h, w] "
                        + "(a UNet with a motion module), is " + Tensors.specs(Map.of("s", sample)), null);
            }
            frames = video ? sampleShape[2] : 0;
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
            ehsPerFrame = video && videoRows(pack, shapeOf(ehs)[0]);
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

    /**
     * Checks a video UNet's frame count against its text rows and its motion module's reach; says whether the text
     * rows are per frame. The refusals name the numbers that disagree.
     */
    private boolean videoRows(Pack pack, long rows) {
        long b = sampleShape[0];
        int max = pack.motionMaxFrames();
        if (frames >= 0 && frames < 2) {
            throw GenshotException.of("pack.video-frames", "The UNet's motion module is exported for " + frames
                    + " frame per window (sample " + java.util.Arrays.toString(sampleShape) + "); a video needs at "
                    + "least 2", file, null, "export the UNet with its frame axis open or at 16 frames");
        }
        if (frames > max) {
            throw GenshotException.of("pack.video-frames", "The UNet is exported for " + frames + " frames per window, "
                    + "but its motion module knows positions for at most " + max + " frames (motion_max_seq_length in "
                    + "unet/config.json)", file, null, "export it for " + max + " frames or fewer (16 is usual)");
        }
        if (rows < 0) {
            return true; // open rows: one per frame, OnnxStack's convention
        }
        if (frames > 0 && b > 0) {
            if (rows == b * frames) {
                return true;
            }
            if (rows == b) {
                return false;
            }
        } else if (b > 0 && rows == b) {
            return false;
        } else if (frames <= 0 || rows % frames == 0) {
            return true;
        }
        throw GenshotException.of("pack.video-frames", "The UNet's text input encoder_hidden_states has " + rows
                + " rows but its sample " + java.util.Arrays.toString(sampleShape).replace("-1", "?") + " has "
                + (frames < 0 ? "an open number of" : Long.toString(frames)) + " frames: it needs one row per frame "
                + "(batch × frames) or one per batch item; the parts were exported for different frame counts", file,
                null, "export the UNet and its inputs for one frame count");
    }

    long staticBatch() {
        return sampleShape[0];
    }

    /** Fixed latent height and width of a static export, or -1. */
    long staticH() {
        return sampleShape[video ? 3 : 2];
    }

    long staticW() {
        return sampleShape[video ? 4 : 3];
    }

    /**
     * Reusable inputs for one size and batch: the pipeline writes into them each step and calls {@link #run}.
     */
    final class Io implements AutoCloseable {
        final int batch;
        /** Frames per window (0 for an image UNet). */
        final int frames;
        /** Values of one batch item of the sample. */
        final int per;
        final Tensors.Input sample;
        final Tensors.Input timestep;
        final Tensors.Input ehs;
        final Tensors.Input cond;
        final float[] out;
        final Map<String, OnnxTensor> feed = new HashMap<>();
        private final Set<String> wanted;

        Io(int batch, int h, int w, int textLength, int hidden) throws OrtException {
            this(batch, 0, h, w, textLength, hidden);
        }

        /**
         * @param f frames per window of a video UNet (sample [batch,4,f,h,w]; text rows batch·f or batch), 0 for an
         *        image UNet
         */
        Io(int batch, int f, int h, int w, int textLength, int hidden) throws OrtException {
            this.batch = batch;
            this.frames = f;
            this.per = 4 * Math.max(1, f) * h * w;
            long[] sampleDims = f > 0 ? new long[] {batch, 4, f, h, w} : new long[] {batch, 4, h, w};
            long rows = f > 0 && ehsPerFrame ? (long) batch * f : batch;
            Tensors.Input s = null;
            Tensors.Input t = null;
            Tensors.Input e = null;
            Tensors.Input c = null;
            try {
                s = new Tensors.Input(env, sampleName, sampleType, sampleDims);
                t = new Tensors.Input(env, timestepName, timestepType, timestepRank == 0 ? new long[0]
                        : new long[] {shapeOf(inputs.get(timestepName))[0] == batch ? batch : 1});
                e = new Tensors.Input(env, ehsName, ehsType, new long[] {rows, textLength, hidden});
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
