package genshot.cli.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import genshot.api.GenshotException;
import genshot.api.Problem;
import genshot.diffusion.ModelPacks;
import genshot.diffusion.PackReport;
import genshot.diffusion.TensorSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models",
        footer = {"  genshot models list",
                "  genshot models inspect ~/packs/sd-turbo-onnx",
                "  genshot models add ~/packs/sd-turbo-onnx --name turbo"},
        description = {
        "Diffusion model packs (diffusers ONNX layout): list the installed ones, inspect a folder, add one.",
        "Installed packs are generators named model:<name>."},
        subcommands = {ModelsCommand.ListPacks.class, ModelsCommand.Inspect.class, ModelsCommand.Add.class})
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    static ModelPacks need(ModelPacks packs) {
        if (packs == null) {
            throw GenshotException.of("models.unavailable", "The diffusion bundle is not installed", null, null,
                    "reinstall genshot");
        }
        return packs;
    }

    @Command(name = "list",
        footer = {"  genshot models list --json"},
        description = "List the installed packs (a quick check of their files).")
    static final class ListPacks implements Callable<Integer> {
        private final ModelPacks packs;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        ListPacks(ModelPacks packs) {
            this.packs = packs;
        }

        @Override
        public Integer call() {
            ModelPacks p = need(packs);
            PrintWriter out = spec.commandLine().getOut();
            List<PackReport> all = p.list();
            if (json) {
                ObjectNode root = Json.object();
                root.put("folder", p.folder().toString());
                ArrayNode arr = root.putArray("packs");
                all.forEach(r -> arr.add(toJson(r)));
                out.println(Json.write(root));
                return 0;
            }
            out.printf("Packs in %s:%n", p.folder());
            if (all.isEmpty()) {
                out.println("  (none; add one with genshot models add DIR)");
            }
            for (PackReport r : all) {
                out.printf("  model:%-24s %s%s%n", r.name(), r.family(), r.problems().isEmpty() ? ""
                        : " — cannot run: " + r.problems().get(0).message());
            }
            return 0;
        }
    }

    @Command(name = "inspect",
        footer = {"  genshot models inspect ~/packs/sd-turbo-onnx --device cuda"},
        description = "Open every model of a pack in ONNX Runtime and say what it is and "
            + "whether it can run.")
    static final class Inspect implements Callable<Integer> {
        private final ModelPacks packs;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIR", description = "the pack's folder (holds model_index.json)")
        Path dir;
        @Option(names = "--device", defaultValue = "cpu", description = "cpu (default), cuda or cuda:N")
        String device;
        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        Inspect(ModelPacks packs) {
            this.packs = packs;
        }

        @Override
        public Integer call() {
            PackReport r = need(packs).inspect(dir, device);
            print(spec.commandLine().getOut(), r, json);
            return r.runnable() ? 0 : GenshotCommand.PROBLEM;
        }
    }

    @Command(name = "add",
        footer = {"  genshot models add ~/packs/sd-turbo-onnx --name turbo --copy"},
        description = "Check a pack on the CPU, then install it as a link to DIR (or a copy with "
            + "--copy) under the packs folder.")
    static final class Add implements Callable<Integer> {
        private final ModelPacks packs;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DIR", description = "the pack's folder")
        Path dir;
        @Option(names = "--name", description = "the name to install it under (default: the folder's name)")
        String name;
        @Option(names = "--copy", description = "copy the files instead of linking to DIR")
        boolean copy;
        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        Add(ModelPacks packs) {
            this.packs = packs;
        }

        @Override
        public Integer call() {
            PackReport r = need(packs).add(dir, name, copy);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(toJson(r)));
            } else {
                out.printf("Installed %s as generator model:%s (%s).%n", r.dir(), r.name(),
                        copy ? "copied" : "linked to " + dir.toAbsolutePath());
                out.println("  " + r.summary());
            }
            return 0;
        }
    }

    static void print(PrintWriter out, PackReport r, boolean json) {
        if (json) {
            out.println(Json.write(toJson(r)));
            return;
        }
        out.printf("%s (%s)%n  %s%n", r.name(), r.dir(), r.summary());
        out.printf("  can run on %s: %s%n", r.device() == null ? "?" : r.device(), r.runnable() ? "yes" : "no");
        for (Problem p : r.problems()) {
            out.printf("  problem: %s%n", p.oneLine());
        }
        out.printf("  can do: %s%n", String.join("; ", r.abilities()));
        r.variant().forEach((k, v) -> out.printf("  %-20s %s%n", k, v));
        for (PackReport.Component c : r.components()) {
            out.printf("  %s/%n", c.name());
            for (TensorSpec t : c.inputs()) {
                out.printf("    in  %s%n", t);
            }
            for (TensorSpec t : c.outputs()) {
                out.printf("    out %s%n", t);
            }
        }
    }

    static ObjectNode toJson(PackReport r) {
        ObjectNode o = Json.object();
        o.put("name", r.name());
        o.put("dir", r.dir().toString());
        o.put("pipeline", r.pipeline());
        o.put("exporter", r.exporter());
        o.put("family", r.family());
        o.put("summary", r.summary());
        o.put("nativeWidth", r.nativeWidth());
        o.put("nativeHeight", r.nativeHeight());
        o.put("runnable", r.runnable());
        o.put("device", r.device());
        ArrayNode ab = o.putArray("abilities");
        r.abilities().forEach(ab::add);
        ArrayNode pr = o.putArray("problems");
        for (Problem p : r.problems()) {
            pr.addObject().put("code", p.code()).put("message", p.message()).put("file", p.file())
                    .put("place", p.place()).put("hint", p.hint());
        }
        ObjectNode v = o.putObject("variant");
        r.variant().forEach(v::put);
        ArrayNode cs = o.putArray("components");
        for (PackReport.Component c : r.components()) {
            ObjectNode co = cs.addObject().put("name", c.name()).put("file", c.file());
            io(co.putArray("inputs"), c.inputs());
            io(co.putArray("outputs"), c.outputs());
        }
        ObjectNode f = o.putObject("files");
        r.files().forEach(f::put);
        return o;
    }

    private static void io(ArrayNode arr, List<TensorSpec> specs) {
        for (TensorSpec t : specs) {
            ObjectNode n = arr.addObject().put("name", t.name()).put("type", t.type());
            ArrayNode sh = n.putArray("shape");
            t.shape().forEach(sh::add);
        }
    }
}
