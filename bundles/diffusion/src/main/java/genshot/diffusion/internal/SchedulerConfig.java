package genshot.diffusion.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The scheduler settings of a pack ({@code scheduler/scheduler_config.json}), with diffusers' defaults.
 *
 * @param className the diffusers class named in the file ("EulerDiscreteScheduler"), or null
 * @param spacing "linspace", "leading" or "trailing"
 * @param prediction "epsilon" or "v_prediction"
 */
public record SchedulerConfig(String className, int trainSteps, double betaStart, double betaEnd, String betaSchedule,
                              String spacing, int stepsOffset, String prediction, boolean setAlphaToOne,
                              int originalInferenceSteps, double timestepScaling, boolean karras) {

    /** Stable Diffusion's: 1000 steps, scaled_linear 0.00085 to 0.012. */
    public static SchedulerConfig sd(String spacing, int stepsOffset) {
        return new SchedulerConfig(null, 1000, 0.00085, 0.012, "scaled_linear", spacing, stepsOffset, "epsilon", false,
                50, 10.0, false);
    }

    public SchedulerConfig withSpacing(String s, int offset) {
        return new SchedulerConfig(className, trainSteps, betaStart, betaEnd, betaSchedule, s, offset, prediction,
                setAlphaToOne, originalInferenceSteps, timestepScaling, karras);
    }

    public SchedulerConfig withBetas(String schedule, double start, double end) {
        return new SchedulerConfig(className, trainSteps, start, end, schedule, spacing, stepsOffset, prediction,
                setAlphaToOne, originalInferenceSteps, timestepScaling, karras);
    }

    public SchedulerConfig withAlphaToOne(boolean one) {
        return new SchedulerConfig(className, trainSteps, betaStart, betaEnd, betaSchedule, spacing, stepsOffset,
                prediction, one, originalInferenceSteps, timestepScaling, karras);
    }

    public SchedulerConfig withKarras(boolean k) {
        return new SchedulerConfig(className, trainSteps, betaStart, betaEnd, betaSchedule, spacing, stepsOffset,
                prediction, setAlphaToOne, originalInferenceSteps, timestepScaling, k);
    }

    /** Reads a parsed scheduler_config.json; absent keys take diffusers' defaults. */
    public static SchedulerConfig of(JsonNode n) {
        String cls = n.path("_class_name").asText(null);
        boolean lcm = cls != null && cls.startsWith("LCM");
        return new SchedulerConfig(cls,
                n.path("num_train_timesteps").asInt(1000),
                n.path("beta_start").asDouble(0.00085),
                n.path("beta_end").asDouble(0.012),
                n.path("beta_schedule").asText("scaled_linear").toLowerCase(Locale.ROOT),
                n.path("timestep_spacing").asText(lcm ? "leading" : "linspace").toLowerCase(Locale.ROOT),
                n.path("steps_offset").asInt(0),
                n.path("prediction_type").asText("epsilon").toLowerCase(Locale.ROOT),
                n.path("set_alpha_to_one").asBoolean(lcm),
                n.path("original_inference_steps").asInt(50),
                n.path("timestep_scaling").asDouble(10.0),
                n.path("use_karras_sigmas").asBoolean(false));
    }

    /**
     * β as diffusers computes it in float32 (torch's linspace fills its first half from the start and its second
     * half from the end), ᾱ = cumprod(1 − β) accumulated in double and stored as float32 like torch on the CPU.
     */
    public float[] alphasCumprod() {
        int t = trainSteps;
        float[] betas;
        switch (betaSchedule) {
            case "linear" -> betas = linspace((float) betaStart, (float) betaEnd, t);
            case "scaled_linear" -> {
                betas = linspace((float) Math.sqrt(betaStart), (float) Math.sqrt(betaEnd), t);
                for (int i = 0; i < t; i++) {
                    betas[i] = betas[i] * betas[i];
                }
            }
            case "squaredcos_cap_v2" -> {
                betas = new float[t];
                for (int i = 0; i < t; i++) {
                    double a1 = cosAlpha((double) i / t);
                    double a2 = cosAlpha((double) (i + 1) / t);
                    betas[i] = (float) Math.min(1 - a2 / a1, 0.999);
                }
            }
            default -> throw new IllegalArgumentException("unknown beta_schedule " + betaSchedule);
        }
        float[] ac = new float[t];
        double acc = 1;
        for (int i = 0; i < t; i++) {
            acc *= (float) (1f - betas[i]);
            ac[i] = (float) acc;
        }
        return ac;
    }

    private static double cosAlpha(double x) {
        double c = Math.cos((x + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** torch.linspace in float32. */
    static float[] linspace(float start, float end, int n) {
        float[] out = new float[n];
        if (n == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (n - 1);
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            out[i] = i < half ? start + step * i : end - step * (n - i - 1);
        }
        return out;
    }
}
