package genshot.diffusion.internal;

/** diffusers' DDIMScheduler (no clipping, no thresholding): integer timesteps, prev_t = t − T//n. */
final class DdimScheduler implements Scheduler {

    private final int[] timesteps;
    private final float[] ac;
    private final float finalAlpha;
    private final int ratio;
    private final float eta;
    private final boolean vpred;

    DdimScheduler(SchedulerConfig c, int n, float eta) {
        int tt = c.trainSteps();
        if (n < 1 || n > tt) {
            throw new IllegalArgumentException("steps must be 1.." + tt + ", got " + n);
        }
        this.ac = c.alphasCumprod();
        this.finalAlpha = c.setAlphaToOne() ? 1f : ac[0];
        this.ratio = tt / n;
        this.eta = eta;
        this.vpred = c.prediction().equals("v_prediction");
        timesteps = new int[n];
        switch (c.spacing()) {
            case "linspace" -> {
                for (int i = 0; i < n; i++) {
                    double v = n == 1 ? 0 : (double) (tt - 1) * i / (n - 1);
                    timesteps[n - 1 - i] = (int) Math.rint(v);
                }
            }
            case "leading" -> {
                for (int i = 0; i < n; i++) {
                    timesteps[n - 1 - i] = i * ratio + c.stepsOffset();
                }
            }
            case "trailing" -> {
                double r = (double) tt / n;
                for (int i = 0; i < n; i++) {
                    timesteps[i] = (int) Math.rint(tt - i * r) - 1;
                }
            }
            default -> throw new IllegalArgumentException("unknown timestep_spacing " + c.spacing());
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
        return eta > 0;
    }

    @Override
    public void step(int i, float[] pred, float[] x, float[] noise) {
        int t = timesteps[i];
        int prev = t - ratio;
        float at = ac[t];
        float ap = prev >= 0 ? ac[prev] : finalAlpha;
        float bt = 1 - at;
        float bp = 1 - ap;
        float variance = (bp / bt) * (1 - at / ap);
        float std = (float) (eta * Math.sqrt(variance));
        float sat = (float) Math.sqrt(at);
        float sbt = (float) Math.sqrt(bt);
        float sap = (float) Math.sqrt(ap);
        float dir = (float) Math.sqrt(Math.max(0, 1 - ap - std * std));
        for (int k = 0; k < x.length; k++) {
            float xk = x[k];
            float x0;
            float eps;
            if (vpred) {
                x0 = sat * xk - sbt * pred[k];
                eps = sat * pred[k] + sbt * xk;
            } else {
                eps = pred[k];
                x0 = (xk - sbt * eps) / sat;
            }
            float v = sap * x0 + dir * eps;
            x[k] = std > 0 ? v + std * noise[k] : v;
        }
    }

    @Override
    public void addNoise(int first, float[] latent, float[] noise) {
        VpNoise.add(ac[timesteps[first]], latent, noise);
    }
}
