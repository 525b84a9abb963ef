package genshot.diffusion.internal;

/**
 * diffusers' LCMScheduler: timesteps picked from the 50-step origin schedule, consistency boundary scalings
 * (σ_data 0.5, timestep_scaling), fresh noise between steps, the denoised sample at the last step.
 */
final class LcmScheduler implements Scheduler {

    private final int[] timesteps;
    private final float[] ac;
    private final float scaling;
    private final boolean vpred;

    LcmScheduler(SchedulerConfig c, int n) {
        int tt = c.trainSteps();
        int orig = c.originalInferenceSteps();
        if (n < 1 || n > orig) {
            throw new IllegalArgumentException("LCM steps must be 1.." + orig + ", got " + n);
        }
        this.ac = c.alphasCumprod();
        this.scaling = (float) c.timestepScaling();
        this.vpred = c.prediction().equals("v_prediction");
        int k = tt / orig;
        int[] origin = new int[orig];
        for (int i = 0; i < orig; i++) {
            origin[orig - 1 - i] = (i + 1) * k - 1; // reversed
        }
        timesteps = new int[n];
        for (int i = 0; i < n; i++) {
            int idx = (int) Math.floor((double) orig * i / n);
            timesteps[i] = origin[idx];
        }
    }

    @Override
    public int steps() {
        return timesteps.length;
    }

    @Override
    public float timestep(int i) {
        return timesteps[i];
    }

    @Override
    public float initNoiseSigma() {
        return 1f;
    }

    @Override
    public boolean usesNoise(int i) {
        return i < timesteps.length - 1;
    }

    static double cSkip(double t, double scaling) {
        double s = t * scaling;
        return 0.25 / (s * s + 0.25);
    }

    static double cOut(double t, double scaling) {
        double s = t * scaling;
        return s / Math.sqrt(s * s + 0.25);
    }

    @Override
    public void step(int i, float[] pred, float[] x, float[] noise) {
        int t = timesteps[i];
        boolean last = i == timesteps.length - 1;
        int prevT = last ? t : timesteps[i + 1];
        float at = ac[t];
        float ap = ac[prevT];
        float sat = (float) Math.sqrt(at);
        float sbt = (float) Math.sqrt(1 - at);
        float sap = (float) Math.sqrt(ap);
        float sbp = (float) Math.sqrt(1 - ap);
        float skip = (float) cSkip(t, scaling);
        float out = (float) cOut(t, scaling);
        for (int k = 0; k < x.length; k++) {
            float xk = x[k];
            float x0 = vpred ? sat * xk - sbt * pred[k] : (xk - sbt * pred[k]) / sat;
            float d = out * x0 + skip * xk;
            x[k] = last ? d : sap * d + sbp * noise[k];
        }
    }

    @Override
    public void addNoise(int first, float[] latent, float[] noise) {
        VpNoise.add(ac[timesteps[first]], latent, noise);
    }

    /**
     * The LCM guidance embedding for {@code timestep_cond}: w = (g − 1)·1000, [sin(w·f), cos(w·f)] with
     * f_i = exp(−i·ln(10000)/(half − 1)), in float32 like diffusers.
     */
    static float[] guidanceEmbedding(float guidance, int dim) {
        float w = (guidance - 1f) * 1000f;
        int half = dim / 2;
        float scale = (float) Math.log(10000.0) / (half - 1);
        float[] emb = new float[dim];
        for (int i = 0; i < half; i++) {
            float f = (float) Math.exp(i * -scale);
            float a = w * f;
            emb[i] = (float) Math.sin(a);
            emb[half + i] = (float) Math.cos(a);
        }
        return emb;
    }
}
