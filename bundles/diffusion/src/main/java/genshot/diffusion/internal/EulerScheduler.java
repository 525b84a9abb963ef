package genshot.diffusion.internal;

/**
 * diffusers' EulerDiscreteScheduler (s_churn 0) and, with {@code ancestral}, EulerAncestralDiscreteScheduler:
 * σ from the training ᾱ, interpolated at fractional timesteps, a final σ of 0; linspace, leading and trailing
 * spacing, optional Karras sigmas; ε- or v-prediction.
 */
final class EulerScheduler implements Scheduler {

    private final float[] timesteps;
    private final float[] sigmas;
    private final float init;
    private final boolean ancestral;
    private final boolean vpred;
    private final float[] sigmaTrain;

    EulerScheduler(SchedulerConfig c, int n, boolean ancestral) {
        if (n < 1 || n > c.trainSteps()) {
            throw new IllegalArgumentException("steps must be 1.." + c.trainSteps() + ", got " + n);
        }
        this.ancestral = ancestral;
        this.vpred = c.prediction().equals("v_prediction");
        float[] ac = c.alphasCumprod();
        int tt = c.trainSteps();
        sigmaTrain = new float[tt];
        for (int i = 0; i < tt; i++) {
            sigmaTrain[i] = (float) Math.sqrt((1f - ac[i]) / ac[i]);
        }
        float[] ts = new float[n];
        switch (c.spacing()) {
            case "linspace" -> {
                // np.linspace(0, T-1, n, dtype=float32)[::-1]
                for (int i = 0; i < n; i++) {
                    double v = n == 1 ? 0 : (double) (tt - 1) * i / (n - 1);
                    ts[n - 1 - i] = (float) v;
                }
                if (n > 1) {
                    ts[0] = tt - 1;
                }
            }
            case "leading" -> {
                int ratio = tt / n;
                for (int i = 0; i < n; i++) {
                    ts[n - 1 - i] = (float) (i * ratio + c.stepsOffset());
                }
            }
            case "trailing" -> {
                double ratio = (double) tt / n;
                for (int i = 0; i < n; i++) {
                    ts[i] = (float) (Math.rint(tt - i * ratio) - 1);
                }
            }
            default -> throw new IllegalArgumentException("unknown timestep_spacing " + c.spacing());
        }
        float[] sg = new float[n + 1];
        if (c.karras()) {
            double smax = sigmaTrain[tt - 1];
            double smin = sigmaTrain[0];
            double rmax = Math.pow(smax, 1 / 7.0);
            double rmin = Math.pow(smin, 1 / 7.0);
            for (int i = 0; i < n; i++) {
                double ramp = n == 1 ? 0 : (double) i / (n - 1);
                sg[i] = (float) Math.pow(rmax + ramp * (rmin - rmax), 7);
                ts[i] = (float) sigmaToT(sg[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                sg[i] = (float) interp(ts[i]);
            }
        }
        sg[n] = 0f;
        this.timesteps = ts;
        this.sigmas = sg;
        float max = 0;
        for (float s : sg) {
            max = Math.max(max, s);
        }
        this.init = c.spacing().equals("linspace") || c.spacing().equals("trailing")
                ? max : (float) Math.sqrt((double) max * max + 1);
    }

    /** np.interp(t, arange(T), σ_train) in double. */
    private double interp(double t) {
        if (t <= 0) {
            return sigmaTrain[0];
        }
        if (t >= sigmaTrain.length - 1) {
            return sigmaTrain[sigmaTrain.length - 1];
        }
        int i = (int) Math.floor(t);
        double f = t - i;
        return sigmaTrain[i] + (sigmaTrain[i + 1] - (double) sigmaTrain[i]) * f;
    }

    /** diffusers' _sigma_to_t: interpolation in log σ. */
    private double sigmaToT(double sigma) {
        double ls = Math.log(Math.max(sigma, 1e-10));
        int n = sigmaTrain.length;
        int low = 0;
        for (int i = 0; i < n; i++) {
            if (ls - Math.log(sigmaTrain[i]) >= 0) {
                low = i;
            }
        }
        low = Math.min(low, n - 2);
        double l = Math.log(sigmaTrain[low]);
        double h = Math.log(sigmaTrain[low + 1]);
        double w = Math.max(0, Math.min(1, (l - ls) / (l - h)));
        return (1 - w) * low + w * (low + 1);
    }

    float sigma(int i) {
        return sigmas[i];
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
        return init;
    }

    @Override
    public float inputScale(int i) {
        float s = sigmas[i];
        return (float) (1 / Math.sqrt(s * s + 1f));
    }

    @Override
    public boolean usesNoise(int i) {
        return ancestral && sigmas[i + 1] > 0;
    }

    @Override
    public void step(int i, float[] pred, float[] x, float[] noise) {
        float s = sigmas[i];
        float next = sigmas[i + 1];
        float target = next;
        float up = 0;
        if (ancestral) {
            up = (float) Math.sqrt(next * next * (s * s - next * next) / (s * s));
            target = (float) Math.sqrt(next * next - up * up);
        }
        float dt = target - s;
        float vs = (float) (-s / Math.sqrt(s * s + 1f));
        float vx = 1f / (s * s + 1f);
        boolean noisy = ancestral && up > 0;
        for (int k = 0; k < x.length; k++) {
            float xk = x[k];
            float x0 = vpred ? pred[k] * vs + xk * vx : xk - s * pred[k];
            float d = (xk - x0) / s;
            float v = xk + d * dt;
            x[k] = noisy ? v + noise[k] * up : v;
        }
    }

    @Override
    public void addNoise(int first, float[] latent, float[] noise) {
        float s = sigmas[first];
        for (int k = 0; k < latent.length; k++) {
            latent[k] = latent[k] + noise[k] * s;
        }
    }
}
