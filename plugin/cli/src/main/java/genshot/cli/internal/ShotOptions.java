package genshot.cli.internal;

import genshot.api.GenshotException;
import genshot.api.ShotRequest;
import genshot.diffusion.ModelPacks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What a shot is made with, as {@code fill} and {@code plan} take it (a picocli mixin). */
final class ShotOptions {
    @Option(names = {"-g", "--generator"}, description = "slug, fog, bridge, elements, model:<pack>, ... (see genshot "
            + "generators)")
    String generator;

    @Option(names = "--model", paramLabel = "DIR", description = "a diffusion model pack folder to generate with "
            + "(instead of --generator)")
    Path model;

    @Option(names = {"-p", "--prompt"}, defaultValue = "", description = "what the shot shows (default: the text of a "
            + "guide in the gap whose comment starts with genshot:, if there is one)")
    String prompt;

    @Option(names = "--negative-prompt", defaultValue = "", description = "what the shot must not show")
    String negativePrompt;

    @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE", description = "a generator parameter; genshot "
            + "generators lists each generator's, and every generator also takes fit, retime and alphaFormat; an "
            + "unknown key is refused")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--alpha-format", paramLabel = "FORMAT", description = {"for plates with alpha (smoke, snow, ...): "
            + "qtrle (QuickTime Animation, the default, read by every editor) or ffv1 (lossless too, six to fourteen "
            + "times smaller, for FFmpeg-based editors such as Kdenlive and OpenShot)",
            "the same as -P alphaFormat=FORMAT"})
    String alphaFormat;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu (default), cuda or cuda:N")
    String device;

    /**
     * The request with this seed: the generator named, or the one of the model pack given (made from its folder).
     *
     * @throws GenshotException {@code usage.generator} unless exactly one of {@code --generator} and {@code --model}
     */
    ShotRequest request(ModelPacks packs, long seed) {
        if ((generator == null) == (model == null)) {
            throw GenshotException.of("usage.generator", "Give either --generator or --model"
                    + (generator == null ? "" : ", not both"), null, "--generator, --model",
                    "see genshot generators and genshot models list");
        }
        String id = model != null ? ModelsCommand.need(packs).generatorFor(model) : generator;
        Map<String, String> p = new LinkedHashMap<>(params);
        if (alphaFormat != null) {
            p.put("alphaFormat", alphaFormat);
        }
        return new ShotRequest(id, prompt, negativePrompt, seed, p, device);
    }
}
