package genshot.diffusion.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import genshot.api.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder in the diffusers ONNX layout, read without opening any model: model_index.json, the component
 * folders, the scheduler and VAE configs, and the files with their sizes.
 */
final class Pack {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] COMPONENTS = {"text_encoder", "unet", "vae_decoder", "vae_encoder"};
    /** External weight files diffusers' exporters write beside model.onnx. */
    static final String[] WEIGHTS = {"weights.pb", "model.onnx_data", "model.onnx.data"};

    final Path dir;
    final String name;
    final JsonNode modelIndex;
    final String pipeline;
    final List<Problem> problems = new ArrayList<>();

    Pack(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.name = this.dir.getFileName() == null ? "pack" : this.dir.getFileName().toString();
        this.modelIndex = readJson(this.dir.resolve("model_index.json"), true);
        this.pipeline = modelIndex.path("_class_name").asText(null);
        if (!Files.isDirectory(this.dir)) {
            problems.add(new Problem("pack.not-a-folder", "This is not a folder", this.dir.toString(), null,
                    "give the folder that holds model_index.json"));
            return;
        }
        for (String c : new String[] {"text_encoder", "unet", "vae_decoder"}) {
            if (!Files.isRegularFile(model(c))) {
                boolean video = c.equals("unet") && Files.isDirectory(this.dir.resolve("transformer"));
                problems.add(new Problem("pack.missing-file", video
                        ? "This is a video transformer pack (transformer/ instead of unet/); genshot runs only "
                        + "UNet packs (images, and AnimateDiff-family video) so far"
                        : "The pack lacks " + c + "/model.onnx", this.dir.resolve(c).toString(), null,
                        video ? null : "copy the whole export, including every model.onnx and its weights"));
            }
        }
        if (!Files.isRegularFile(this.dir.resolve("tokenizer/vocab.json"))
                || !Files.isRegularFile(this.dir.resolve("tokenizer/merges.txt"))) {
            problems.add(new Problem("pack.missing-file", "The pack lacks the CLIP tokenizer (tokenizer/vocab.json and "
                    + "tokenizer/merges.txt)", this.dir.resolve("tokenizer").toString(), null,
                    "copy the tokenizer folder of the export"));
        }
        if (Files.isDirectory(this.dir.resolve("text_encoder_2"))) {
            problems.add(new Problem("pack.sdxl", "This is an SDXL pack (two text encoders); genshot runs SD 1.x/2.x, "
                    + "SD-Turbo and LCM packs so far", this.dir.toString(), null, null));
        }
    }

    /**
     * Whether the export says it is half precision without opening a model: Olive's fp16 configs and the ORT CUDA
     * demo name it in model_index.json or the folder name ("fp16"), as published packs do.
     */
    boolean fp16Hint() {
        String all = (name + " " + modelIndex.toString()).toLowerCase(java.util.Locale.ROOT);
        return all.contains("fp16") || all.contains("float16");
    }

    boolean has(String component) {
        return Files.isRegularFile(model(component));
    }

    Path model(String component) {
        return dir.resolve(component).resolve("model.onnx");
    }

    JsonNode config(String component, String file) {
        return readJson(dir.resolve(component).resolve(file), false);
    }

    SchedulerConfig scheduler() {
        JsonNode n = config("scheduler", "scheduler_config.json");
        return n.isMissingNode() ? SchedulerConfig.sd("leading", 1) : SchedulerConfig.of(n);
    }

    /** The VAE's scaling_factor from its config, or the SD family constant 0.18215 (Optimum's 8 is the spatial factor). */
    float scalingFactor() {
        for (String c : new String[] {"vae_decoder", "vae_encoder", "vae"}) {
            JsonNode s = config(c, "config.json").path("scaling_factor");
            if (s.isNumber() && s.asDouble() > 0 && s.asDouble() < 2) {
                return (float) s.asDouble();
            }
        }
        return 0.18215f;
    }

    /**
     * Whether the files say this is an AnimateDiff-family pack: {@code _class_name} names AnimateDiff, model_index
     * lists a {@code motion_adapter}, a {@code motion_adapter/} folder is there, or unet/config.json is a
     * {@code UNetMotionModel}. The UNet's rank decides in the end; this says what the pack claims to be.
     */
    boolean declaresVideo() {
        String p = pipeline == null ? "" : pipeline.toLowerCase(java.util.Locale.ROOT);
        return p.contains("animatediff") || modelIndex.has("motion_adapter")
                || Files.isDirectory(dir.resolve("motion_adapter"))
                || config("unet", "config.json").path("_class_name").asText("").startsWith("UNetMotion");
    }

    /**
     * The most frames a motion module can attend over (its temporal position table): {@code motion_max_seq_length}
     * from unet/config.json or motion_adapter/config.json, else diffusers' default 32.
     */
    int motionMaxFrames() {
        for (String c : new String[] {"unet", "motion_adapter"}) {
            JsonNode m = config(c, "config.json").path("motion_max_seq_length");
            if (m.isInt() && m.asInt() > 0) {
                return m.asInt();
            }
        }
        return 32;
    }

    /** The latent size the UNet was trained at (unet/config.json sample_size), or 0. */
    int unetSampleSize() {
        JsonNode s = config("unet", "config.json").path("sample_size");
        return s.isInt() ? s.asInt() : 0;
    }

    /** Every regular file below the pack, relative path to size, sorted. */
    Map<String, Long> files() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir, 8, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            s.filter(Files::isRegularFile).sorted().forEach(p -> {
                try {
                    out.put(dir.relativize(p).toString().replace('\\', '/'), Files.size(p));
                } catch (IOException e) {
                    out.put(dir.relativize(p).toString(), -1L);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(new Problem("pack.unreadable", "Cannot list the pack's files (" + e.getMessage() + ")",
                    dir.toString(), null, null));
        }
        return out;
    }

    private JsonNode readJson(Path f, boolean required) {
        if (!Files.isRegularFile(f)) {
            if (required) {
                problems.add(new Problem("pack.missing-file", "The pack lacks model_index.json, so it is not a "
                        + "diffusers ONNX export", f.toString(), null,
                        "give the folder that holds model_index.json, text_encoder/, unet/, vae_decoder/ and tokenizer/"));
            }
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            problems.add(new Problem("pack.bad-json", "Cannot read " + f.getFileName() + " (" + e.getMessage() + ")",
                    f.toString(), null, null));
            return MissingNode.getInstance();
        }
    }
}
