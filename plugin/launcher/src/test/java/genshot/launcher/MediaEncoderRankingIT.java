package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;

/**
 * Which MediaEncoder consumers get, in the real framework: bytedeco FFmpeg's (ranked higher) when its bundle is in the
 * distribution, and it encodes there (JavaCPP unpacks its natives from the bundle); Humble's when it is not.
 */
class MediaEncoderRankingIT {
    @TempDir
    Path tmp;

    private static Path dist() {
        return Path.of(System.getProperty("genshot.dist"));
    }

    private Launcher start(boolean withFfmpeg) throws Exception {
        Path bundles = dist().resolve("bundles");
        if (!withFfmpeg) {
            bundles = Files.createDirectory(tmp.resolve("bundles"));
            try (Stream<Path> s = Files.list(dist().resolve("bundles"))) {
                for (Path jar : s.toList()) {
                    if (!jar.getFileName().toString().contains("ffmpeg-javacpp")) {
                        Files.copy(jar, bundles.resolve(jar.getFileName()));
                    }
                }
            }
        }
        Launcher l = Launcher.start(bundles, Map.of(), Files.createDirectories(tmp.resolve("cache-" + withFfmpeg)));
        assertNotNull(l.waitForService("(objectClass=genshot.api.MediaEncoder)", 60_000), () -> String.join("\n",
                l.diagnose()));
        return l;
    }

    /**
     * The reference a consumer gets: the highest ranking (ServiceReference's natural order). All references, since the
     * launcher's own context does not see the genshot.api package.
     */
    private static Object best(Launcher l) throws Exception {
        ServiceReference<?>[] all = l.context().getAllServiceReferences("genshot.api.MediaEncoder", null);
        assertNotNull(all);
        ServiceReference<?> ref = java.util.Collections.max(java.util.Arrays.asList(all));
        return l.context().getService(ref);
    }

    @Test
    void ffmpegIsChosenAndEncodesInsideTheFramework() throws Exception {
        Launcher l = start(true);
        try {
            Object enc = best(l);
            assertEquals("genshot.media.internal.FfmpegMediaEncoder", enc.getClass().getName());
            ClassLoader cl = enc.getClass().getClassLoader();
            Class<?> rate = cl.loadClass("genshot.timeline.Rate");
            Class<?> frame = cl.loadClass("genshot.api.Frame");
            Object fps25 = rate.getField("FPS_25").get(null);
            Method open = enc.getClass().getMethod("open", Path.class, int.class, int.class, rate);
            Path out = tmp.resolve("take.mp4");
            Object writer = open.invoke(enc, out, 64, 36, fps25);
            Method accept = writer.getClass().getMethod("accept", frame);
            accept.setAccessible(true);
            for (int i = 0; i < 5; i++) {
                accept.invoke(writer, frame.getConstructor(long.class, int.class, int.class, byte[].class)
                        .newInstance((long) i, 64, 36, new byte[64 * 36 * 3]));
            }
            Method finish = writer.getClass().getMethod("finish");
            finish.setAccessible(true);
            Object info = finish.invoke(writer);
            assertEquals(5L, info.getClass().getMethod("frames").invoke(info));
            assertTrue(Files.size(out) > 100);
            assertTrue(enc.toString().startsWith("ffmpeg 8."), enc.toString());
        } finally {
            l.close();
        }
    }

    @Test
    void humbleIsTheFallbackWithoutTheFfmpegBundle() throws Exception {
        Launcher l = start(false);
        try {
            assertEquals("genshot.media.internal.HumbleMediaEncoder", best(l).getClass().getName());
            ServiceReference<?>[] all = l.context().getAllServiceReferences("genshot.api.MediaEncoder", null);
            List<String> names = new ArrayList<>();
            for (ServiceReference<?> r : all) {
                names.add(l.context().getService(r).getClass().getSimpleName());
            }
            assertEquals(List.of("HumbleMediaEncoder"), names);
        } finally {
            l.close();
        }
    }
}
