package genshot.diffusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Timesteps, sigmas, ᾱ and loop sums against the reference numbers of a float32 port of diffusers (the port
 * reproduces diffusers' own scheduler test goldens). Relative tolerance {@value #REL} unless a row says otherwise.
 */
class SchedulerTest {

    static final double REL = 1e-5;
    static final SchedulerConfig SD = SchedulerConfig.sd("linspace", 0);

    static void near(double expected, double actual, double rel, String what) {
        double tol = Math.max(Math.abs(expected) * rel, 1e-12);
        assertEquals(expected, actual, tol, what);
    }

    static void near(double expected, double actual, String what) {
        near(expected, actual, REL, what);
    }

    @Test
    void alphasCumprodAndTrainingSigmas() {
        float[] ac = SD.alphasCumprod();
        near(0.99914998, ac[0], "ac[0]");
        near(0.99829602, ac[1], "ac[1]");
        near(0.27766952, ac[499], "ac[499]");
        near(0.00466009, ac[999], "ac[999]");
        near(0.0291675, Math.sqrt((1 - ac[0]) / ac[0]), "sigma_train[0]");
        near(14.614653, Math.sqrt((1 - ac[999]) / ac[999]), "sigma_train[999]");
    }

    private static void euler(SchedulerConfig c, int n, double[] ts, double[] sigmas, double lastSigma, double init) {
        EulerScheduler s = new EulerScheduler(c, n, false);
        for (int i = 0; i < ts.length; i++) {
            near(ts[i], s.timestep(i), "t" + i);
        }
        for (int i = 0; i < sigmas.length; i++) {
            near(sigmas[i], s.sigma(i), "sigma" + i);
        }
        if (lastSigma > 0) {
            near(lastSigma, s.sigma(n - 1), "last sigma");
        }
        assertEquals(0f, s.sigma(n));
        if (init > 0) {
            near(init, s.initNoiseSigma(), "init_noise_sigma");
        }
    }

    @Test
    void eulerTables() {
        euler(SD, 20, new double[] {999.0, 946.42108, 893.84210}, new double[] {14.614653, 10.746855, 8.081539},
                0.0291675, 14.614653);
        euler(SD, 50, new double[] {999.0, 978.61224, 958.22449}, new double[] {14.614653, 12.936784, 11.491654},
                0.0291675, 14.614653);
        SchedulerConfig leading = SD.withSpacing("leading", 1);
        euler(leading, 20, new double[] {951, 901, 851}, new double[] {11.028339, 8.390691, 6.506402}, 0.0413145,
                11.073585);
        assertEquals(1f, new EulerScheduler(leading, 20, false).timestep(19));
        euler(leading, 30, new double[] {958, 925, 892}, new double[] {11.476855, 9.543590, 8.004316}, 0.0413145,
                11.520339);
        SchedulerConfig trailing = SD.withSpacing("trailing", 0);
        euler(trailing, 4, new double[] {999, 749, 499, 249}, new double[] {14.614653, 4.081732, 1.612887}, 0.693205,
                14.614653);
        euler(trailing, 1, new double[] {999}, new double[] {14.614653}, 0, 14.614653);
        euler(SD.withKarras(true), 20, new double[] {999.0, 961.7328, 921.0421},
                new double[] {14.614653, 11.725377, 9.340216}, 0.0291675, 0);
    }

    @Test
    void ddimAndLcmTimesteps() {
        SchedulerConfig leading = SD.withSpacing("leading", 1);
        Scheduler d50 = SchedulerKind.DDIM.create(leading, 50);
        assertArrayEquals(new float[] {981, 961, 941}, java.util.Arrays.copyOf(d50.timesteps(), 3));
        assertEquals(1f, d50.timestep(49));
        Scheduler d20 = SchedulerKind.DDIM.create(leading, 20);
        assertArrayEquals(new float[] {951, 901, 851}, java.util.Arrays.copyOf(d20.timesteps(), 3));
        assertEquals(1f, d20.timestep(19));
        assertArrayEquals(new float[] {999, 749, 499, 249},
                SchedulerKind.DDIM.create(SD.withSpacing("trailing", 0), 4).timesteps());
        Scheduler lin = SchedulerKind.DDIM.create(SD.withBetas("linear", 0.00085, 0.012), 25);
        assertArrayEquals(new float[] {999, 957, 916}, java.util.Arrays.copyOf(lin.timesteps(), 3));
        assertEquals(0f, lin.timestep(24));
        assertEquals(1f, d20.initNoiseSigma());

        SchedulerConfig lcm = SD.withAlphaToOne(true);
        assertArrayEquals(new float[] {999}, SchedulerKind.LCM.create(lcm, 1).timesteps());
        assertArrayEquals(new float[] {999, 499}, SchedulerKind.LCM.create(lcm, 2).timesteps());
        assertArrayEquals(new float[] {999, 759, 499, 259}, SchedulerKind.LCM.create(lcm, 4).timesteps());
        assertArrayEquals(new float[] {999, 879, 759, 639, 499, 379, 259, 139},
                SchedulerKind.LCM.create(lcm, 8).timesteps());
        near(2.505e-9, LcmScheduler.cSkip(999, 10), 1e-3, "c_skip(999)");
        near(1.25e-9, 1 - LcmScheduler.cOut(999, 10), 1e-2, "1 - c_out(999)");
        near(3.727e-8, LcmScheduler.cSkip(259, 10), 1e-3, "c_skip(259)");
    }

    @Test
    void lcmGuidanceEmbeddingInFloat32() {
        float[] e = LcmScheduler.guidanceEmbedding(8.5f, 256);
        // float32 reference (the sine argument ~7000 loses float precision, so these differ from double by 7e-4)
        assertEquals(-0.851236, e[0], 2e-6);
        assertEquals(0.842131, e[1], 2e-6);
        assertEquals(-0.524783, e[128], 2e-6);
        assertEquals(0.731689, e[255], 2e-6);
    }

    /** The deterministic loops of the reference (768 elements, injected noise, dummy model x·t/(t+1)). */
    static double loop(Scheduler s, boolean euler, boolean scaleInput) {
        int n = 768;
        float[] x = new float[n];
        float[] z = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = k / 768f;
            z[k] = (767 - k) / 768f;
        }
        if (euler) {
            for (int k = 0; k < n; k++) {
                x[k] *= s.initNoiseSigma();
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < s.steps(); i++) {
            float t = s.timestep(i);
            float scale = scaleInput ? s.inputScale(i) : 1f;
            for (int k = 0; k < n; k++) {
                float in = x[k] * scale;
                out[k] = in * t / (t + 1);
            }
            s.step(i, out, x, z);
        }
        double sum = 0;
        for (float v : x) {
            sum += Math.abs(v);
        }
        return sum;
    }

    @Test
    void deterministicLoopsMatchTheGoldenSums() {
        near(178.776221, loop(SchedulerKind.EULER.create(SD, 10), true, true), "euler linspace 10");
        near(145.746046, loop(SchedulerKind.EULER.create(SD.withSpacing("trailing", 0), 4), true, true),
                "euler trailing 4");
        near(422.406672, loop(SchedulerKind.EULER_ANCESTRAL.create(SD, 10), true, true), "euler-a linspace 10");
        near(183.258230, loop(SchedulerKind.DDIM.create(SD.withSpacing("leading", 1), 10), false, false),
                "ddim leading 10");
        near(157.578081, loop(SchedulerKind.LCM.create(SD.withAlphaToOne(true), 4), false, false), "lcm 4");
    }

    @Test
    void diffusersDdimTestGolden() {
        // tests/schedulers/test_scheduler_ddim.py: linear 1e-4..0.02, clip_sample (no effect here), 10 steps, no noise
        SchedulerConfig c = new SchedulerConfig("DDIMScheduler", 1000, 0.0001, 0.02, "linear", "leading", 0, "epsilon",
                true, 50, 10, false);
        near(172.0067, loop(SchedulerKind.DDIM.create(c, 10), false, false), 1e-4, "ddim no noise");
    }
}
