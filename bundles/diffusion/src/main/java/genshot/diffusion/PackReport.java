package genshot.diffusion;

import genshot.api.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a model pack is, in plain words, and whether it can run.
 *
 * @param name the pack's name (its folder's name)
 * @param pipeline {@code _class_name} of model_index.json, or null
 * @param exporter who made the export, as far as the files tell ("Optimum", "diffusers' legacy script", ...)
 * @param family "Stable Diffusion 1.x", "Latent Consistency Model", ...
 * @param summary one or two sentences: what it is, what it can do, its native size
 * @param abilities what genshot can do with it ("text to image", "image to image from a neighbouring clip")
 * @param nativeWidth pixels, 0 when unknown
 * @param runnable whether genshot can run it on the device it was inspected for
 * @param device the device inspected for, or null for a quick check without sessions
 * @param problems why it cannot run, or what is odd about it; empty when all is well
 * @param variant the exporter conventions found (ids, timestep, unet output, io precision, lcm)
 * @param components each model's inputs and outputs, in the model's order (empty for a quick check)
 * @param files each file's path relative to the pack and its size in bytes
 */
public record PackReport(String name, Path dir, String pipeline, String exporter, String family, String summary,
                         List<String> abilities, int nativeWidth, int nativeHeight, boolean runnable, String device,
                         List<Problem> problems, Map<String, String> variant, List<Component> components,
                         Map<String, Long> files) {
    public PackReport {
        abilities = List.copyOf(abilities);
        problems = List.copyOf(problems);
        variant = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variant));
        components = List.copyOf(components);
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }

    /** One model of the pack. */
    public record Component(String name, String file, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        public Component {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }
}
