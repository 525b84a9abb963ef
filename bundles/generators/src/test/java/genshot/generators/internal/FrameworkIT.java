package genshot.generators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import genshot.api.Cancellation;
import genshot.api.GenshotException;
import genshot.api.Progress;
import genshot.api.ShotGenerator;
import genshot.api.ShotRequest;
import genshot.api.ShotResult;
import genshot.api.ShotSpec;
import genshot.onnx.internal.OrtOnnxService;
import genshot.timeline.Rate;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The ONNX Runtime wrapper (natives through Bundle-NativeCode), genshot.onnx and genshot.generators inside an
 * embedded Felix with SCR. genshot.api and genshot.timeline come from the class path through the system bundle,
 * so this test can call the services with its own types.
 */
class FrameworkIT {

    static Framework fw;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, System.getProperty("genshot.felixCache", "target/felix-it"));
        cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // at the versions the api and timeline bundles on the class path export (their manifests say)
        cfg.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "genshot.api;version=" + exported("genshot.api")
                + ",genshot.timeline;version=" + exported("genshot.timeline"));
        fw = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(cfg);
        fw.init();
        fw.start();
        BundleContext ctx = fw.getBundleContext();
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("genshot.itBundles", "target/it-bundles")))) {
            s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        jars.add(Path.of(System.getProperty("genshot.bundle")));
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            bundles.add(ctx.installBundle(jar.toUri().toString()));
        }
        for (Bundle b : bundles) {
            b.start();
        }
    }

    /** The version at which the bundle of that name on the class path exports its package of the same name. */
    static String exported(String bundle) throws java.io.IOException {
        java.util.Enumeration<java.net.URL> manifests = FrameworkIT.class.getClassLoader()
                .getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            try (java.io.InputStream in = manifests.nextElement().openStream()) {
                java.util.jar.Attributes a = new java.util.jar.Manifest(in).getMainAttributes();
                String name = a.getValue(Constants.BUNDLE_SYMBOLICNAME);
                String exports = a.getValue(Constants.EXPORT_PACKAGE);
                if (name != null && name.split(";")[0].trim().equals(bundle) && exports != null) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|,)" + bundle.replace(".", "\\.")
                            + ";(?:[^,\"]|\"[^\"]*\")*?version=\"?([0-9.]+)").matcher(exports);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
        }
        throw new AssertionError("no bundle " + bundle + " exporting its package on the class path");
    }

    @AfterAll
    static void stop() throws Exception {
        if (fw != null) {
            fw.stop();
            fw.waitForStop(10_000);
        }
    }

    static ShotGenerator generator(String id) throws Exception {
        ServiceTracker<ShotGenerator, ShotGenerator> t = new ServiceTracker<>(fw.getBundleContext(),
                fw.getBundleContext().createFilter("(&(objectClass=genshot.api.ShotGenerator)(genshot.generator=" + id + "))"),
                null);
        t.open();
        ShotGenerator g = t.waitForService(10_000);
        assertNotNull(g, "no " + id + " generator service");
        return g;
    }

    @Test
    void fogRunsInsideTheFrameworkLikeOutside() throws Exception {
        ShotGenerator fog = generator("fog");
        assertTrue(fog.getClass().getClassLoader() instanceof org.osgi.framework.BundleReference, "not from a bundle");
        assertEquals("fog", fog.info().id());
        ShotRequest req = new ShotRequest("fog", "thick fog at dawn", "", 11, Map.of(), "cpu");
        ShotSpec spec = new ShotSpec(Rate.FPS_25, 320, 180, 3, 0, "V1:1");
        List<byte[]> inside = new ArrayList<>();
        ShotResult r = fog.generate(req, spec, f -> inside.add(f.bgr().clone()), Progress.NONE, Cancellation.NEVER);
        assertEquals(3, inside.size());
        assertEquals("cpu", r.device());
        assertEquals(fog.info().modelFiles().get("fog.onnx"), r.details().get("model.sha256"));

        // the same generator on the plain class path (ORT's own jar and natives) gives the same frames
        OrtOnnxService onnx = new OrtOnnxService();
        onnx.activate();
        FogGenerator plain = new FogGenerator(onnx);
        List<byte[]> outside = new ArrayList<>();
        plain.generate(req, spec, f -> outside.add(f.bgr().clone()), Progress.NONE, Cancellation.NEVER);
        plain.close();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(outside.get(i), inside.get(i), "frame " + i);
        }
    }

    @Test
    void cudaIsAClearErrorInsideTheFramework() throws Exception {
        ShotGenerator fog = generator("fog");
        GenshotException e = assertThrows(GenshotException.class, () -> fog.generate(
                new ShotRequest("fog", "", "", 1, Map.of(), "cuda"), new ShotSpec(Rate.FPS_25, 64, 36, 1, 0, "x"),
                f -> { }, Progress.NONE, Cancellation.NEVER));
        assertEquals("device.unavailable", e.problem().code());
    }

    @Test
    void slugIsThere() throws Exception {
        ShotGenerator slug = generator("slug");
        int[] n = {0};
        slug.generate(new ShotRequest("slug", "hello", "", 1, Map.of(), "cpu"),
                new ShotSpec(Rate.FPS_24, 128, 72, 2, 0, "V1:1"), f -> n[0]++, Progress.NONE, Cancellation.NEVER);
        assertEquals(2, n[0]);
    }

    @Test
    void nativesComeFromTheFrameworkInTheCpuBuild() throws Exception {
        generator("fog").generate(new ShotRequest("fog", "", "", 1, Map.of(), "cpu"),
                new ShotSpec(Rate.FPS_24, 64, 36, 1, 0, "V1:1"), f -> { }, Progress.NONE, Cancellation.NEVER);
        Bundle ort = null;
        for (Bundle b : fw.getBundleContext().getBundles()) {
            if ("com.microsoft.onnxruntime".equals(b.getSymbolicName())) {
                ort = b;
            }
        }
        assertNotNull(ort, "no com.microsoft.onnxruntime bundle");
        assertEquals(Bundle.ACTIVE, ort.getState());
        // the GPU build (-Pgpu) lets ORT extract its natives itself and has no Bundle-NativeCode
        org.junit.jupiter.api.Assumptions.assumeTrue(ort.getHeaders().get(Constants.BUNDLE_NATIVECODE) != null,
                "this ONNX Runtime bundle has no Bundle-NativeCode");
        File cache = new File(System.getProperty("genshot.felixCache", "target/felix-it"));
        try (Stream<Path> s = Files.walk(cache.toPath())) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("libonnxruntime4j_jni.so")),
                    "the JNI library was not loaded from the framework cache");
        }
    }
}
