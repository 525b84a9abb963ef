package genshot.diffusion.internal;

/**
 * A sampler over a fixed list of steps. The pipeline starts from noise times {@link #initNoiseSigma()}, multiplies
 * the sample by {@link #inputScale(int)} before the model, passes {@link #timestep(int)} to the model and calls
 * {@link #step} with the model's (guided) prediction. All arrays are flat float32 latents.
 */
public interface Scheduler {

    int steps();

    /** The timestep the model gets at step i (fractional for the Euler family). */
    float timestep(int i);

    /** All timesteps. */
    default float[] timesteps() {
        float[] t = new float[steps()];
        for (int i = 0; i < t.length; i++) {
            t[i] = timestep(i);
        }
        return t;
    }

    float initNoiseSigma();

    /** What the sample is multiplied by before it goes to the model (1 for DDIM and LCM). */
    default float inputScale(int i) {
        return 1f;
    }

    /** Whether {@link #step} at i reads the noise argument. */
    default boolean usesNoise(int i) {
        return false;
    }

    /**
     * Advances {@code sample} in place.
     *
     * @param prediction the model's output for step i (ε or v, by the config)
     * @param noise standard normal noise of the sample's length where {@link #usesNoise} says so, else ignored
     */
    void step(int i, float[] prediction, float[] sample, float[] noise);

    /**
     * For img2img: the sample at the start of step {@code first} from a clean latent and noise (x0 + σ·z for the
     * Euler family, √ᾱ·x0 + √(1−ᾱ)·z otherwise), in place into {@code latent}.
     */
    void addNoise(int first, float[] latent, float[] noise);
}
