package genshot.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Renders frames of an OpenShot project ({@code .osp}) with the real libopenshot 0.2.7, the way openshot-qt
 * loads a project: media paths made absolute against the project's folder (openshot-qt's path regex), a
 * {@code Timeline} built from the project's settings, the whole project given to {@code SetJson}, {@code Open},
 * {@code ApplyMapperToClips}, then {@code GetFrame(n)} for each frame, saved as PNG and scaled with ffmpeg
 * (area) to small RGB images.
 *
 * <p><b>Frame numbers</b>: this class counts frames from 0, as genshot does; libopenshot counts from 1, so
 * genshot frame {@code f} is libopenshot's {@code GetFrame(f + 1)}, showing the time {@code f / fps}.
 *
 * <p>Each render runs Debian's {@code /usr/bin/python3} (the interpreter the {@code openshot} module is built
 * for) in its own process with a timeout, in a throw-away working directory. The exit code alone is not trusted:
 * the script must print its success line with the number of clips libopenshot loaded (it must equal the clips
 * in the file), and a load error ({@code RuntimeError}, invalid JSON), a missing media file (libopenshot would
 * silently draw black) or a crash fails the render.
 */
public final class OpenShotRender {

    /** The interpreter with the {@code openshot} module. */
    public static final String PYTHON = "/usr/bin/python3";

    /** Output that means the project was not rendered as written. */
    public static final List<String> FAILURE_MARKS = List.of("Traceback", "RuntimeError", "InvalidJSON", "InvalidFile",
            "Caught signal", "GENSHOT-MISSING", "GENSHOT-FAIL");

    private static Boolean available;

    static final String SCRIPT = """
            import json, os, re, sys
            try:
                import openshot
            except ImportError as e:
                print("GENSHOT-FAIL no openshot module: %s" % e, file=sys.stderr); sys.exit(4)
            osp, count, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
            text = open(osp, encoding="utf-8").read()
            base = os.path.dirname(os.path.abspath(osp))
            assets = os.path.join(base, os.path.splitext(os.path.basename(osp))[0] + "_assets")
            def fix(m):
                p = m.group(2)
                if p.startswith("@transitions") or p.startswith("@emojis"):
                    p = os.path.join("/usr/lib/python3/dist-packages/openshot_qt/transitions" if p.startswith("@transitions") else
                                     "/usr/lib/python3/dist-packages/openshot_qt/emojis", p.split("/", 1)[1] if "/" in p else "")
                elif p.startswith("@assets"):
                    p = os.path.join(assets, p[len("@assets/"):])
                else:
                    p = os.path.abspath(os.path.join(base, p))
                return '"%s": %s' % (m.group(1), json.dumps(p))
            text = re.sub(r'"(image|path)"\\s*:\\s*"(.*?)"', fix, text)
            d = json.loads(text)
            for c in d.get("clips", []):
                p = c.get("reader", {}).get("path", "")
                if p and not os.path.exists(p):
                    print("GENSHOT-MISSING %s (clip %s)" % (p, c.get("id")), file=sys.stderr)
            try:
                t = openshot.Timeline(d["width"], d["height"], openshot.Fraction(d["fps"]["num"], d["fps"]["den"]),
                                      d["sample_rate"], d["channels"], d["channel_layout"])
                t.info.channel_layout = d["channel_layout"]; t.info.has_audio = True; t.info.has_video = True
                t.SetJson(json.dumps(d)); t.Open(); t.ApplyMapperToClips()
            except RuntimeError as e:
                print("GENSHOT-FAIL load: RuntimeError %s" % e, file=sys.stderr); sys.exit(3)
            loaded = len(list(t.Clips()))
            for n in range(1, count + 1):
                t.GetFrame(n).Save(os.path.join(outdir, "f%06d.png" % n), 1.0)
            t.Close()
            print("GENSHOT-OK clips=%d of %d frames=%d" % (loaded, len(d.get("clips", [])), count))
            """;

    private OpenShotRender() {
    }

    /** Whether {@code /usr/bin/python3} can import {@code openshot} (checked once). */
    public static synchronized boolean available() {
        if (available == null) {
            boolean ok = false;
            if (Files.isExecutable(Path.of(PYTHON))) {
                try {
                    ok = Tools.run(List.of(PYTHON, "-c", "import openshot"), null, Duration.ofSeconds(60)).exitCode() == 0;
                } catch (RuntimeException e) {
                    ok = false;
                }
            }
            available = ok;
        }
        return available;
    }

    /**
     * Skips the calling test unless libopenshot's Python module and ffmpeg are installed; with
     * {@code genshot.requireHosts=true} it fails instead.
     */
    public static void assumeOrRequire() {
        Tools.assumeOrRequire("ffmpeg");
        if (!available()) {
            String msg = PYTHON + " cannot import openshot (install python3-openshot)";
            if (Tools.requireHosts()) {
                Assertions.fail(msg + " and " + Tools.REQUIRE_HOSTS + "=true");
            }
            Assumptions.abort(msg + "; test skipped");
        }
    }

    /** Frames {@code [0, frames)} of the project as {@code w}x{@code h} RGB24 images (genshot frame f = libopenshot f+1). */
    public static List<byte[]> renderFrames(Path osp, long frames, int w, int h) {
        Path work;
        try {
            work = Files.createTempDirectory("genshot-openshot");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path script = Files.writeString(work.resolve("render.py"), SCRIPT, StandardCharsets.UTF_8);
            Path pngs = Files.createDirectories(work.resolve("frames"));
            Tools.Result r = againAfterACrash(() -> Tools.run(List.of(PYTHON, script.toString(),
                    osp.toAbsolutePath().toString(), Long.toString(frames), pngs.toString()), work,
                    Duration.ofSeconds(180)), res -> res.stdoutText() + "\n" + res.stderr(), osp);
            String out = r.stdoutText() + "\n" + r.stderr();
            for (String line : out.split("\\R")) {
                for (String mark : FAILURE_MARKS) {
                    if (line.contains(mark)) {
                        throw new AssertionError("libopenshot did not render " + osp + " as written: " + line + "\n" + out);
                    }
                }
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("GENSHOT-OK clips=(\\d+) of (\\d+) frames=(\\d+)")
                    .matcher(r.stdoutText());
            if (r.exitCode() != 0 || !m.find()) {
                throw new AssertionError("libopenshot render of " + osp + " failed (exit " + r.exitCode() + ")\n" + out);
            }
            if (!m.group(1).equals(m.group(2))) {
                throw new AssertionError("libopenshot loaded " + m.group(1) + " of the " + m.group(2) + " clips of " + osp);
            }
            long n;
            try (Stream<Path> s = Files.list(pngs)) {
                n = s.count();
            }
            if (n != frames) {
                throw new AssertionError("libopenshot rendered " + n + " frames of " + osp + ", expected " + frames);
            }
            Tools.Result scaled = Tools.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-framerate", "25", "-start_number",
                    "1", "-i", pngs.resolve("f%06d.png").toString(), "-vf", "scale=" + w + ":" + h + ":flags=area", "-f",
                    "rawvideo", "-pix_fmt", "rgb24", "-"), work, Duration.ofSeconds(120)).requireSuccess();
            int size = w * h * 3;
            byte[] all = scaled.stdout();
            if (all.length != size * frames) {
                throw new AssertionError("ffmpeg gave " + all.length + " bytes for " + frames + " frames of " + size);
            }
            List<byte[]> list = new ArrayList<>();
            for (int off = 0; off < all.length; off += size) {
                list.add(Arrays.copyOfRange(all, off, off + size));
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(work);
        }
    }

    /**
     * Runs {@code render} again once when its output says the process died of a signal ("Caught signal"): Debian
     * 12's libavcodec 59 once aborted (stack smashing, in its FFV1 decoder on slice threads) rendering a plate that
     * hundreds of runs before and after rendered (decoders race, files do not). A crash that comes back on the
     * same file is the file's, and the second output goes on to be judged; a crash that does not is named on
     * standard error with its first lines.
     */
    static <R> R againAfterACrash(java.util.function.Supplier<R> render, java.util.function.Function<R, String> output,
                                  Path osp) {
        R first = render.get();
        String text = output.apply(first);
        if (!text.contains(CRASH)) {
            return first;
        }
        R second = render.get();
        if (!output.apply(second).contains(CRASH)) {
            System.err.println("genshot testkit: libopenshot crashed once rendering " + osp
                    + " and rendered it on the second run; the crash: "
                    + String.join(" | ", text.lines().filter(l -> !l.isBlank()).limit(4).toList()));
        }
        return second;
    }

    /** What libopenshot prints when the process gets a fatal signal. */
    static final String CRASH = "Caught signal";

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
