package genshot.diffusion.internal;

/** q(x_t | x_0) for variance-preserving schedules: √ᾱ·x0 + √(1−ᾱ)·z. */
final class VpNoise {
    private VpNoise() {
    }

    static void add(float alphaCumprod, float[] latent, float[] noise) {
        float a = (float) Math.sqrt(alphaCumprod);
        float b = (float) Math.sqrt(1 - alphaCumprod);
        for (int k = 0; k < latent.length; k++) {
            latent[k] = a * latent[k] + b * noise[k];
        }
    }
}
