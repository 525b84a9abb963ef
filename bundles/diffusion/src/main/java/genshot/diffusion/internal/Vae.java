package genshot.diffusion.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import genshot.onnx.OnnxService;
import java.util.Map;

/**
 * The VAE halves. Decoder: {@code latent_sample [1,4,h,w]} (already divided by the scaling factor) →
 * {@code sample [1,3,8h,8w]} in −1..1. Encoder: {@code sample [1,3,H,W]} in −1..1 → {@code latent_parameters}
 * (mean ‖ logvar; the mean is used) or {@code latent_sample}.
 */
final class Vae extends Stage {

    final String inName;
    final String outName;
    final boolean decoder;

    Vae(OnnxService onnx, Pack pack, String device, boolean decoder) {
        super(onnx, pack, decoder ? "vae_decoder" : "vae_encoder", device);
        this.decoder = decoder;
        try {
            NodeInfo in = find(inputs, 4, decoder ? new String[] {"latent_sample", "latent"} : new String[] {"sample",
                    "images"});
            NodeInfo out = find(outputs, 4, decoder ? new String[] {"sample", "images"} : new String[] {
                    "latent_parameters", "latent_sample", "latent_dist"});
            if (in == null || out == null || !isFloat(typeOf(in))) {
                throw shape("does not have the inputs and outputs of a " + component + " (inputs: "
                        + Tensors.specs(inputs) + ", outputs: " + Tensors.specs(outputs) + ")", null);
            }
            long c = shapeOf(in)[1];
            if (decoder && c > 0 && c != 4 || !decoder && c > 0 && c != 3) {
                throw shape("takes " + c + " channels, genshot needs " + (decoder ? 4 : 3), null);
            }
            inName = in.getName();
            outName = out.getName();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Runs on one item.
     *
     * @param outChannels 3 for the decoder; 4 for the encoder (the first four channels are kept)
     */
    float[] run(float[] input, int channels, int h, int w, int outChannels, int outH, int outW) {
        try (Tensors.Input in = new Tensors.Input(env, inName, typeOf(inputs.get(inName)),
                new long[] {1, channels, h, w})) {
            in.put(input);
            try (OrtSession.Result r = session.session().run(Map.of(inName, in.tensor()), java.util.Set.of(outName))) {
                OnnxTensor t = (OnnxTensor) r.get(0);
                long n = t.getInfo().getNumElements();
                int plane = outH * outW;
                if (n % plane != 0 || n / plane < outChannels) {
                    throw new IllegalStateException(component + " " + outName + " gave shape "
                            + java.util.Arrays.toString(t.getInfo().getShape()) + ", expected [1," + outChannels + ","
                            + outH + "," + outW + "]");
                }
                float[] all = new float[(int) n];
                Tensors.read(t, all, component + " " + outName);
                return n == (long) outChannels * plane ? all : java.util.Arrays.copyOf(all, outChannels * plane);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(component + " failed: " + e.getMessage(), e);
        }
    }
}
