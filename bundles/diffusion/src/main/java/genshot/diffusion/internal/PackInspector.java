package genshot.diffusion.internal;

import ai.onnxruntime.OnnxJavaType;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.diffusion.PackReport;
import genshot.onnx.OnnxService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Says what a pack is, in plain words, from its files and (deep) from real ONNX Runtime sessions. */
final class PackInspector {

    private PackInspector() {
    }

    /** Layout and files only. */
    static PackReport quick(Pack pack) {
        Map<String, Long> files = pack.files();
        int size = pack.unetSampleSize() * 8;
        boolean video = pack.declaresVideo();
        String family = family(pack, -1, false, video);
        String window = video ? "up to " + Math.min(VideoPipeline.DEFAULT_WINDOW, pack.motionMaxFrames()) : null;
        String summary = describe(pack, family, exporter(pack, false, false), size, size, window, null);
        return new PackReport(pack.name, pack.dir, pack.pipeline, exporter(pack, false, false), family, summary,
                abilities(pack, false, window, size, size), size, size, pack.problems.isEmpty(), null, pack.problems, Map.of(), List.of(),
                files);
    }

    /** Opens every model on the device and reports; never throws for a bad pack. */
    static PackReport deep(OnnxService onnx, Pack pack, String device) {
        List<Problem> problems = new ArrayList<>(pack.problems);
        List<PackReport.Component> comps = new ArrayList<>();
        Map<String, String> variant = new LinkedHashMap<>();
        Map<String, Long> files = pack.files();
        boolean fp16 = false;
        boolean lcm = false;
        boolean demo = false;
        int width = 0;
        int height = 0;
        int hidden = -1;
        TextEncoder text = null;
        Unet unet = null;
        String window = null;
        for (String c : Pack.COMPONENTS) {
            if (!pack.has(c)) {
                continue;
            }
            try {
                Stage st = switch (c) {
                    case "text_encoder" -> text = new TextEncoder(onnx, pack, device);
                    case "unet" -> unet = new Unet(onnx, pack, device);
                    default -> new Vae(onnx, pack, device, c.equals("vae_decoder"));
                };
                comps.add(new PackReport.Component(c, c + "/model.onnx", Tensors.specs(st.inputs),
                        Tensors.specs(st.outputs)));
                fp16 |= st.fp16Io();
                st.close();
            } catch (GenshotException e) {
                Problem p = e.problem();
                // fp16 exports refused by the CPU provider: say so in those words
                boolean half = c.equals("unet") && !device.startsWith("cuda")
                        && p.code().equals("pack.cpu-unsupported");
                problems.add(half && !p.message().contains("half precision") ? new Problem(p.code(),
                        "This pack's " + c + " cannot run on the CPU: " + p.message(), p.file(), p.place(), p.hint())
                        : p);
            }
        }
        if (text != null) {
            variant.put("input_ids", Tensors.typeName(text.idsType) + " [" + dims(text.staticBatch) + "," + text.length
                    + "]");
            variant.put("text_hidden", text.hiddenName + " (" + (text.hiddenDim > 0 ? text.hiddenDim : "?") + ")");
            hidden = text.hiddenDim;
        }
        if (unet != null) {
            variant.put("timestep", Tensors.typeName(unet.timestepType) + (unet.timestepRank == 0 ? " scalar (rank 0)"
                    : " [" + dims(Stage.shapeOf(unet.inputs.get(unet.timestepName))[0]) + "]"));
            variant.put("unet_output", unet.outName);
            variant.put("sample", Tensors.typeName(unet.sampleType) + " " + java.util.Arrays.toString(unet.sampleShape)
                    .replace("-1", "?").replace(" ", ""));
            variant.put("lcm_timestep_cond", unet.condName == null ? "no" : unet.condName + " [" + unet.condDim + "]");
            lcm = unet.condName != null;
            demo = unet.outName.equals("latent");
            if (unet.video) {
                int max = pack.motionMaxFrames();
                window = unet.frames > 0 ? Long.toString(unet.frames)
                        : Integer.toString(Math.min(VideoPipeline.DEFAULT_WINDOW, max));
                variant.put("video", unet.frames > 0 ? unet.frames + " frames per window (fixed by the export)"
                        : "frames per window open (" + window + " by default, at most " + max + ")");
                variant.put("text_rows", unet.ehsPerFrame ? "one per frame [batch x frames, 77, D]"
                        : "one per batch item [batch, 77, D]");
            } else if (pack.declaresVideo()) {
                problems.add(VideoPipeline.missingMotion(pack, unet.file));
            }
            if (hidden > 0 && unet.ehsDim > 0 && hidden != unet.ehsDim) {
                problems.add(new Problem("pack.shape", "The text encoder gives " + hidden + "-wide states but the UNet "
                        + "expects " + unet.ehsDim + "; the folders come from different models", pack.dir.toString(),
                        "text_encoder, unet", "use the folders of one export"));
            }
            if (unet.staticH() > 0 && unet.staticW() > 0) {
                width = (int) unet.staticW() * 8;
                height = (int) unet.staticH() * 8;
            }
            if (hidden < 0) {
                hidden = (int) unet.ehsDim;
            }
        }
        if (width == 0 && pack.unetSampleSize() > 0) {
            width = height = pack.unetSampleSize() * 8;
        }
        if (width == 0) {
            width = height = hidden == 1024 ? 768 : 512;
        }
        variant.put("io_precision", fp16 ? "float16" : "float32");
        variant.put("vae_scaling_factor", Float.toString(pack.scalingFactor()));
        variant.put("scheduler", pack.scheduler().className() == null ? "(none; Euler)"
                : pack.scheduler().className());
        if (!pack.has("vae_encoder")) {
            variant.put("vae_encoder", "absent (no img2img)");
        }
        String exporter = exporter(pack, fp16, demo);
        String family = family(pack, hidden, lcm, window != null);
        String summary = describe(pack, family, exporter, width, height, window,
                problems.isEmpty() ? null : problems.get(0));
        boolean runnable = problems.isEmpty();
        return new PackReport(pack.name, pack.dir, pack.pipeline, exporter, family, summary,
                abilities(pack, lcm, window, width, height), width, height, runnable, device, problems, variant, comps, files);
    }

    private static String dims(long d) {
        return d < 0 ? "?" : Long.toString(d);
    }

    static String exporter(Pack pack, boolean fp16, boolean demo) {
        String p = pack.pipeline == null ? "" : pack.pipeline;
        if (demo) {
            return "ONNX Runtime's CUDA demo";
        }
        if (p.startsWith("ORT")) {
            return "Hugging Face Optimum";
        }
        if (p.equals("OnnxStableDiffusionPipeline") || p.equals("StableDiffusionOnnxPipeline")) {
            return fp16 ? "Olive (fp16)" : "diffusers' legacy conversion script";
        }
        if (p.toLowerCase(Locale.ROOT).contains("animatediff")) {
            return "an unknown exporter (model_index.json names " + p + ")";
        }
        return p.isEmpty() ? "unknown" : p;
    }

    static String family(Pack pack, int hidden, boolean lcm, boolean video) {
        String p = (pack.pipeline == null ? "" : pack.pipeline) + " " + pack.name;
        String lower = p.toLowerCase(Locale.ROOT);
        if (video) {
            String base = hidden == 1024 ? "SD 2.x" : "SD 1.5";
            if (lower.contains("lightning")) {
                return "AnimateDiff-Lightning (" + base + " with a motion module)";
            }
            if (lcm || lower.contains("lcm")) {
                return "AnimateLCM (" + base + " with a motion module)";
            }
            return "AnimateDiff (" + base + " with a motion module)";
        }
        if (lcm || lower.contains("latentconsistency") || lower.contains("lcm")) {
            return "Latent Consistency Model (SD 1.5 base)";
        }
        if (lower.contains("xl")) {
            return "Stable Diffusion XL";
        }
        if (lower.contains("turbo")) {
            return "SD-Turbo (SD 2.1 base)";
        }
        if (hidden == 1024) {
            return "Stable Diffusion 2.x";
        }
        if (hidden == 768) {
            return "Stable Diffusion 1.x";
        }
        return "Stable Diffusion";
    }

    static List<String> abilities(Pack pack, boolean lcm, String window, int w, int h) {
        List<String> a = new ArrayList<>();
        if (window != null) {
            a.add("video, " + window + " frames per window" + (w > 0 ? " at " + w + "x" + h : "")
                    + "; longer shots as windows chained with overlap");
            if (lcm) {
                a.add("4-step sampling with the LCM scheduler");
            }
            return a;
        }
        a.add("text to image (a still given slow motion to fill the gap)");
        if (pack.has("vae_encoder")) {
            a.add("image to image from the neighbouring clip's frame");
        }
        if (lcm) {
            a.add("4-step sampling with the LCM scheduler");
        }
        return a;
    }

    static String describe(Pack pack, String family, String exporter, int w, int h, String window, Problem first) {
        StringBuilder b = new StringBuilder();
        b.append(family).append(window != null ? " video pack exported by " : " image pack exported by ")
                .append(exporter);
        if (window != null) {
            b.append("; it makes video, ").append(window).append(" frames per window").append(w > 0 ? " at " + w
                    + "x" + h : "").append(", chaining overlapping windows for longer shots, which genshot scales "
                    + "and retimes to fill the gap");
        } else if (w > 0) {
            b.append("; it makes ").append(w).append("x").append(h).append(" images, which genshot moves slowly and "
                    + "scales to fill the gap");
        }
        b.append('.');
        if (first != null) {
            b.append(" It cannot run: ").append(first.message()).append('.');
        }
        return b.toString();
    }
}
