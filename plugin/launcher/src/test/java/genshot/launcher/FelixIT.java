package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The real Felix with the real bundles of the distribution: everything resolves and every service is there. */
class FelixIT {
    static Launcher launcher;

    @BeforeAll
    static void start() throws Exception {
        Path dist = Path.of(System.getProperty("genshot.dist"));
        launcher = Launcher.start(dist.resolve("bundles"), Map.of());
        assertNotNull(launcher.waitForService("(&(objectClass=java.util.function.Function)(genshot.main=cli))", 60_000),
                () -> "the CLI service did not appear: " + launcher.diagnose());
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : launcher.context().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() != Bundle.ACTIVE && !(fragment && b.getState() == Bundle.RESOLVED)) {
                notActive.add(b.getSymbolicName());
            }
        }
        assertEquals(List.of(), notActive, () -> String.join("\n", launcher.diagnose()));
        Set<String> names = new TreeSet<>();
        for (Bundle b : launcher.context().getBundles()) {
            names.add(b.getSymbolicName());
        }
        for (String expected : List.of("genshot.timeline", "genshot.api", "genshot.core", "genshot.cli",
                "genshot.host.kdenlive", "genshot.host.openshot", "genshot.onnx", "genshot.generators", "genshot.media",
                "com.microsoft.onnxruntime", "io.humble.video", "org.bytedeco.ffmpeg.gpl", "com.github.hypfvieh.dbus-java", "org.apache.felix.scr",
                "com.sun.jna", "com.sun.jna.platform", "genshot.farm", "io.fabric8.kubernetes-model",
                "com.fasterxml.jackson.dataformat.jackson-dataformat-yaml", "org.yaml.snakeyaml")) {
            assertTrue(names.contains(expected), expected + " is installed; installed: " + names);
        }
    }

    private static List<Object> services(String type) throws Exception {
        ServiceReference<?>[] refs = launcher.context().getAllServiceReferences(type, null);
        List<Object> out = new ArrayList<>();
        if (refs != null) {
            for (ServiceReference<?> r : refs) {
                out.add(launcher.context().getService(r));
            }
        }
        return out;
    }

    private static Object call(Object target, String method) throws Exception {
        var m = target.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }

    @Test
    void everyServiceIsRegisteredAndWorks() throws Exception {
        List<Object> adapters = services("genshot.api.HostAdapter");
        Set<Object> hosts = new TreeSet<>();
        for (Object a : adapters) {
            hosts.add(call(a, "host"));
        }
        assertEquals(Set.of("kdenlive", "openshot"), hosts);
        Set<Object> live = new TreeSet<>();
        for (Object l : services("genshot.api.LiveLink")) {
            live.add(call(l, "host"));
        }
        assertEquals(Set.of("kdenlive", "openshot"), live, "a live link per host");

        Set<Object> generators = new TreeSet<>();
        for (Object g : services("genshot.api.ShotGenerator")) {
            generators.add(call(call(g, "info"), "id"));
        }
        assertTrue(generators.containsAll(Set.of("fog", "slug", "bridge", "elements")), "generators: " + generators);

        assertEquals(2, services("genshot.api.MediaEncoder").size(), "bytedeco FFmpeg's and Humble's");
        assertEquals(1, services("genshot.api.MediaDecoder").size());
        assertEquals(1, services("genshot.api.FrameInterpolator").size(), "motion-compensated retiming");
        assertEquals(1, services("genshot.api.Genshot").size());
        List<Object> onnx = services("genshot.onnx.OnnxService");
        assertEquals(1, onnx.size());
        assertTrue(call(onnx.get(0), "availableProviders").toString().contains("CPU"),
                "ONNX Runtime loaded inside the framework and lists the CPU provider");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCommandLineRunsInsideTheFramework() throws Exception {
        Function<String[], Integer> cli = (Function<String[], Integer>) launcher.waitForService(
                "(&(objectClass=java.util.function.Function)(genshot.main=cli))", 1000);
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            status = cli.apply(new String[] {"generators", "--json"});
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("\"id\":\"fog\"") && out.contains("\"id\":\"slug\""), out);
        assertTrue(out.matches("(?s).*\"fog.onnx\":\"[0-9a-f]{64}\".*"), "fog lists its model file's SHA-256: " + out);
    }
}
