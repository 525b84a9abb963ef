package genshot.diffusion.internal;

import genshot.api.GenshotException;
import genshot.api.MediaDecoder;
import genshot.api.Problem;
import genshot.api.ShotGenerator;
import genshot.diffusion.ModelPacks;
import genshot.diffusion.PackReport;
import genshot.onnx.OnnxService;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The user's packs folder; registers one {@link ShotGenerator} per installed pack ({@code model:<name>}) and one
 * per pack used directly from its folder ({@link #generatorFor}).
 */
@Component(service = ModelPacks.class, immediate = true)
public final class ModelPacksService implements ModelPacks {

    static final String PREFIX = "model:";

    private final OnnxService onnx;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MediaDecoder decoder;
    private final Path folder;
    private final HashCache hashes;
    private BundleContext context;
    private final Map<String, DiffusionGenerator> generators = new LinkedHashMap<>();
    private final Map<String, ServiceRegistration<ShotGenerator>> registrations = new LinkedHashMap<>();

    @Activate
    public ModelPacksService(@Reference OnnxService onnx, BundleContext context) {
        this(onnx, null, defaultFolder());
        this.context = context;
        scan();
    }

    /** Outside a framework: generators are kept here only ({@link #generator}). */
    ModelPacksService(OnnxService onnx, MediaDecoder decoder, Path folder) {
        this.onnx = onnx;
        this.decoder = decoder;
        this.folder = folder;
        this.hashes = new HashCache(folder.resolve(".sha256-cache.properties"));
    }

    static Path defaultFolder() {
        String p = System.getProperty("genshot.models");
        if (p == null || p.isBlank()) {
            p = System.getenv("GENSHOT_MODELS");
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local",
                "share");
        return base.resolve("genshot").resolve("models");
    }

    /** Registers a generator for every pack folder already installed. */
    synchronized void scan() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, Files::isDirectory)) {
            for (Path d : ds) {
                if (!d.getFileName().toString().startsWith(".") && Files.isRegularFile(d.resolve("model_index.json"))) {
                    offer(PREFIX + d.getFileName(), new Pack(d));
                }
            }
        } catch (IOException e) {
            // an unreadable folder offers nothing; list says why
        }
    }

    @Deactivate
    public synchronized void deactivate() {
        for (ServiceRegistration<ShotGenerator> r : registrations.values()) {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // already unregistered with the bundle
            }
        }
        registrations.clear();
        for (DiffusionGenerator g : generators.values()) {
            g.close();
        }
        generators.clear();
    }

    private synchronized DiffusionGenerator offer(String id, Pack pack) {
        DiffusionGenerator g = generators.get(id);
        if (g != null) {
            return g;
        }
        g = new DiffusionGenerator(id, pack, onnx, () -> decoder, hashes);
        generators.put(id, g);
        if (context != null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("genshot.generator", id);
            registrations.put(id, context.registerService(ShotGenerator.class, g, props));
        }
        return g;
    }

    DiffusionGenerator generator(String id) {
        return generators.get(id);
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public List<PackReport> list() {
        List<PackReport> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .forEach(p -> out.add(PackInspector.quick(new Pack(p))));
        } catch (IOException e) {
            throw GenshotException.of("pack.folder", "Cannot read the packs folder (" + e.getMessage() + ")", folder,
                    null, null);
        }
        return out;
    }

    @Override
    public PackReport inspect(Path dir, String device) {
        return PackInspector.deep(onnx, new Pack(dir), device);
    }

    @Override
    public synchronized PackReport add(Path dir, String name, boolean copy) {
        PackReport r = inspect(dir, "cpu");
        boolean cudaOnly = !r.problems().isEmpty()
                && r.problems().stream().allMatch(p -> p.code().equals("pack.cpu-unsupported"));
        if (!r.runnable() && !cudaOnly) {
            Problem p = r.problems().get(0);
            throw new GenshotException(new Problem("pack.refused", "genshot cannot use this pack: " + p.message(),
                    p.file(), p.place(), p.hint()));
        }
        String n = name == null || name.isBlank() ? r.name() : name.trim();
        if (!n.matches("[A-Za-z0-9._-]+") || n.startsWith(".")) {
            throw GenshotException.of("pack.name", "'" + n + "' cannot be a pack name", null, null,
                    "use letters, digits, '.', '_' and '-'");
        }
        Path target = folder.resolve(n);
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw GenshotException.of("pack.exists", "A pack named " + n + " is already installed", target, null,
                    "choose another name with --name, or remove the folder first");
        }
        try {
            Files.createDirectories(folder);
            if (copy) {
                Path src = dir.toAbsolutePath().normalize();
                try (Stream<Path> s = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        Path t = target.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
            } else {
                Files.createSymbolicLink(target, dir.toAbsolutePath().normalize());
            }
        } catch (IOException e) {
            throw GenshotException.of("pack.install", "Cannot install the pack (" + e.getMessage() + ")", target, null,
                    copy ? "check the free space" : "try --copy where links are not allowed");
        }
        offer(PREFIX + n, new Pack(target));
        return PackInspector.quick(new Pack(target));
    }

    @Override
    public synchronized String generatorFor(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw GenshotException.of("pack.refused", "There is no model pack folder here", dir, null,
                    "give the folder that holds model_index.json");
        }
        for (DiffusionGenerator g : generators.values()) {
            try {
                if (g.pack().dir.toRealPath().equals(real)) {
                    return g.id();
                }
            } catch (IOException e) {
                // a vanished pack does not match
            }
        }
        Pack pack = new Pack(real);
        if (!pack.problems.isEmpty()) {
            Problem p = pack.problems.get(0);
            throw new GenshotException(new Problem("pack.refused", "genshot cannot use this pack: " + p.message(),
                    p.file(), p.place(), p.hint()));
        }
        String id = PREFIX + pack.name;
        if (generators.containsKey(id)) {
            id = id + "-" + Integer.toHexString(real.toString().hashCode());
        }
        return offer(id, pack).id();
    }
}
