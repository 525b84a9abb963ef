package genshot.testkit;

import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.ProjectFixtures.TrackSpec;
import genshot.timeline.Rate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenShot 2.6 projects ({@code .osp}, JSON for libopenshot 0.2.7) written from a host-neutral description, in
 * the layout openshot-qt 2.6.1 saves: {@code json.dumps(data, ensure_ascii=False, indent=1)}, clips with the full
 * key set, files entries with libopenshot's reader keys, media paths relative to the project's folder.
 *
 * <p>Each video {@link TrackSpec} becomes a layer, the first one the lowest (number 1000000, OpenShot's
 * "Track 1", genshot's V1), the next 2000000 and so on. Audio track specs are skipped (OpenShot has no audio
 * tracks), and {@code hidden} is ignored (OpenShot 2.6 cannot hide a track); {@code locked} sets the layer's
 * {@code lock}.
 */
public final class OspFixtures {

    private OspFixtures() {
    }

    /** Writes a project with these tracks (video track specs, bottom up) to {@code file} and returns it. */
    public static Path write(Path file, Rate rate, int width, int height, List<TrackSpec> tracks) {
        Builder b = project(rate, width, height);
        tracks.forEach(b::track);
        return b.write(file);
    }

    public static Builder project(Rate rate, int width, int height) {
        return new Builder(rate, width, height);
    }

    /**
     * The frames of {@link ProjectFixtures#ramp} encoded as Motion JPEG in a QuickTime file: libopenshot 0.2.7 shows
     * every frame of such a file, while it never shows the last frame of an H.264 file.
     */
    public static Media mjpegRamp(Path out, Rate rate, int w, int h, long frames) {
        Tools.assumeOrRequire("ffmpeg");
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tools.run(List.of("ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "color=c=black:s=" + w + "x" + h
                + ":r=" + rate + ",geq=r='mod(N*23\\,256)':g='mod(N*37+100\\,256)':b=128", "-frames:v", Long.toString(frames),
                "-c:v", "mjpeg", "-q:v", "2", "-pix_fmt", "yuvj420p", "-r", rate.toString(), out.toAbsolutePath().toString()),
                null, Duration.ofSeconds(120)).requireSuccess();
        return new Media(out.toAbsolutePath(), rate, w, h, frames, false);
    }

    /** A clip placed by seconds (for overlaps and times off the frame grid). */
    private record Raw(int layer, Media media, double position, double start, double end) {
    }

    public static final class Builder {
        private final Rate rate;
        private final int width;
        private final int height;
        private final List<TrackSpec> tracks = new ArrayList<>();
        private final List<Raw> raws = new ArrayList<>();
        private final List<Double> markers = new ArrayList<>();
        private String qtVersion = "2.6.1";
        private String libVersion = "0.2.7";
        private boolean version = true;
        private boolean extras;
        private boolean absolute;

        Builder(Rate rate, int width, int height) {
            this.rate = rate;
            this.width = width;
            this.height = height;
        }

        /** Adds a track (the next layer up); audio track specs are skipped. Clips placed by seconds add layers as needed. */
        public Builder track(TrackSpec spec) {
            if (!spec.audio()) {
                tracks.add(spec);
            }
            return this;
        }

        public Builder video(Item... items) {
            return track(new TrackSpec(false, false, false, List.of(items)));
        }

        /**
         * Adds a clip on video track {@code layer} (0 = V1) at {@code position} seconds, showing source seconds
         * {@code [start, end)}: for overlapping clips and times off the frame grid.
         */
        public Builder clipAt(int layer, Media media, double position, double start, double end) {
            raws.add(new Raw(layer, media, position, start, end));
            return this;
        }

        public Builder marker(double seconds) {
            markers.add(seconds);
            return this;
        }

        /** The top-level {@code version} values (default 2.6.1 / 0.2.7). */
        public Builder version(String openshotQt, String libopenshot) {
            this.qtVersion = openshotQt;
            this.libVersion = libopenshot;
            return this;
        }

        /** Leaves the top-level {@code version} out. */
        public Builder noVersion() {
            this.version = false;
            return this;
        }

        /** Adds a transition, a clip effect with Bezier keyframes, history, unknown keys, non-ASCII text. */
        public Builder extras(boolean extras) {
            this.extras = extras;
            return this;
        }

        /** Media paths absolute instead of relative to the project's folder. */
        public Builder absolutePaths(boolean absolute) {
            this.absolute = absolute;
            return this;
        }

        public Path write(Path file) {
            try {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Files.writeString(file, json(dir), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        /** The longest track's length in frames (clips placed by seconds not counted). */
        public long duration() {
            long d = 0;
            for (TrackSpec t : tracks) {
                d = Math.max(d, t.items().stream().mapToLong(Item::frames).sum());
            }
            return d;
        }

        /** The project's JSON for a file in {@code dir}. */
        public String json(Path dir) {
            Map<Media, String> fileIds = new LinkedHashMap<>();
            List<Object> clips = new ArrayList<>();
            int[] n = {1};
            for (int k = 0; k < tracks.size(); k++) {
                long cursor = 0;
                for (Item i : tracks.get(k).items()) {
                    if (i.media() != null) {
                        clips.add(clip(dir, fileIds, n[0]++, k, i.media(), rate.secondsOf(cursor), rate.secondsOf(i.in()),
                                rate.secondsOf(i.in() + i.frames())));
                    }
                    cursor += i.frames();
                }
            }
            for (Raw r : raws) {
                clips.add(clip(dir, fileIds, n[0]++, r.layer(), r.media(), r.position(), r.start(), r.end()));
            }
            List<Object> files = new ArrayList<>();
            for (Map.Entry<Media, String> f : fileIds.entrySet()) {
                Map<String, Object> e = reader(dir, f.getKey());
                e.put("id", f.getValue());
                e.put("media_type", "video");
                files.add(e);
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", "GSPRJ00001");
            p.put("fps", fraction(rate.numerator(), rate.denominator()));
            long g = gcd(width, height);
            p.put("display_ratio", fraction(width / g, height / g));
            p.put("pixel_ratio", fraction(1, 1));
            p.put("width", width);
            p.put("height", height);
            p.put("sample_rate", 48000);
            p.put("channels", 2);
            p.put("channel_layout", 3);
            p.put("settings", new LinkedHashMap<>());
            p.put("clips", clips);
            List<Object> effects = new ArrayList<>();
            if (extras && !tracks.isEmpty()) {
                effects.add(transition());
            }
            p.put("effects", effects);
            p.put("export_path", "");
            p.put("import_path", "");
            p.put("files", files);
            p.put("duration", 300);
            p.put("scale", 15);
            p.put("tick_pixels", 100);
            p.put("playhead_position", 0);
            p.put("profile", width + "x" + height + " " + rate + " fps");
            List<Object> layers = new ArrayList<>();
            int count = tracks.size();
            for (Raw r : raws) {
                count = Math.max(count, r.layer() + 1);
            }
            for (int k = 0; k < count; k++) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("id", "L" + (k + 1));
                l.put("label", extras && k == 0 ? "Hintergrund – unten" : "");
                l.put("number", (k + 1) * 1000000L);
                l.put("y", 0);
                l.put("lock", k < tracks.size() && tracks.get(k).locked());
                layers.add(l);
            }
            p.put("layers", layers);
            List<Object> ms = new ArrayList<>();
            for (int k = 0; k < markers.size(); k++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", String.format("MARKER%04d", k + 1));
                m.put("position", markers.get(k));
                m.put("icon", "blue.png");
                ms.add(m);
            }
            p.put("markers", ms);
            p.put("progress", new ArrayList<>());
            Map<String, Object> history = new LinkedHashMap<>();
            List<Object> undo = new ArrayList<>();
            if (extras) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("type", "update");
                u.put("key", List.of("clips", Map.of("id", "CLIP000001")));
                u.put("value", Map.of("alpha", keyframe(List.of(new double[] {1, 1.0}), 2)));
                u.put("partial", true);
                u.put("old_values", Map.of("alpha", keyframe(List.of(new double[] {1, 0.5}), 2)));
                undo.add(u);
            }
            history.put("undo", undo);
            history.put("redo", new ArrayList<>());
            p.put("history", history);
            if (version) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("openshot-qt", qtVersion);
                v.put("libopenshot", libVersion);
                p.put("version", v);
            }
            if (extras) {
                Map<String, Object> unknown = new LinkedHashMap<>();
                unknown.put("note", "carried \"as is\" \\ é ü 日本 \u2028 tab\there\u0001");
                unknown.put("numbers", List.of(1e-05, 0.0001, 12345678.9, 1.5e16, 1e15, -2.5, 100.0, 7, -0.25));
                unknown.put("nothing", null);
                unknown.put("empty", Map.of());
                p.put("genshot_unknown", unknown);
            }
            StringBuilder b = new StringBuilder();
            PyJson.write(p, 0, b);
            return b.toString();
        }

        private Map<String, Object> clip(Path dir, Map<Media, String> fileIds, int n, int layer, Media m, double position,
                double start, double end) {
            String fileId = fileIds.computeIfAbsent(m, x -> String.format("FILE%06d", fileIds.size() + 1));
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", String.format("CLIP%06d", n));
            c.put("file_id", fileId);
            c.put("title", m.fileName());
            c.put("layer", (layer + 1) * 1000000L);
            c.put("position", position);
            c.put("start", start);
            c.put("end", end);
            c.put("duration", rate(m).secondsOf(m.frames()));
            c.put("reader", reader(dir, m));
            c.put("alpha", k(1.0));
            c.put("anchor", 0);
            c.put("channel_filter", k(-1.0));
            c.put("channel_mapping", k(-1.0));
            c.put("display", 0);
            List<Object> effects = new ArrayList<>();
            if (extras && n == 1) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", "EFFECT0001");
                e.put("type", "Brightness");
                e.put("class_name", "Brightness");
                e.put("name", "Brightness & Contrast");
                e.put("brightness", keyframe(List.of(new double[] {1, 0.0}, new double[] {25, 0.5}), 0));
                e.put("contrast", k(3.0));
                e.put("layer", (layer + 1) * 1000000L);
                e.put("position", position);
                e.put("start", 0.0);
                e.put("end", 0.0);
                e.put("order", 0);
                effects.add(e);
            }
            c.put("effects", effects);
            c.put("gravity", 4);
            c.put("has_audio", k(-1.0));
            c.put("has_video", k(-1.0));
            c.put("location_x", k(0.0));
            c.put("location_y", k(0.0));
            c.put("mixing", 0);
            c.put("origin_x", k(0.5));
            c.put("origin_y", k(0.5));
            c.put("parentObjectId", "");
            for (int i = 1; i <= 4; i++) {
                c.put("perspective_c" + i + "_x", k(-1.0));
                c.put("perspective_c" + i + "_y", k(-1.0));
            }
            c.put("rotation", k(0.0));
            c.put("scale", 1);
            c.put("scale_x", k(1.0));
            c.put("scale_y", k(1.0));
            c.put("shear_x", k(0.0));
            c.put("shear_y", k(0.0));
            c.put("time", k(1.0));
            c.put("volume", k(1.0));
            c.put("waveform", false);
            Map<String, Object> wave = new LinkedHashMap<>();
            wave.put("red", keyframe(List.of(new double[] {1, 0.0}), 0));
            wave.put("green", keyframe(List.of(new double[] {1, 123.0}), 0));
            wave.put("blue", keyframe(List.of(new double[] {1, 255.0}), 0));
            wave.put("alpha", keyframe(List.of(new double[] {1, 255.0}), 0));
            c.put("wave_color", wave);
            return c;
        }

        private Rate rate(Media m) {
            return m.rate() == null ? rate : m.rate();
        }

        /** The reader JSON libopenshot 0.2.7 writes for an H.264 (+ AAC) file of this media. */
        private Map<String, Object> reader(Path dir, Media m) {
            Rate r = rate(m);
            double duration = r.secondsOf(m.frames());
            long size = 0;
            try {
                size = Files.isRegularFile(m.path()) ? Files.size(m.path()) : 0;
            } catch (IOException ignored) {
                // a missing file has size 0
            }
            boolean mjpeg = m.fileName().endsWith(".mov");
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("acodec", m.audio() ? "aac" : "");
            e.put("audio_bit_rate", m.audio() ? 64000 : 0);
            e.put("audio_stream_index", m.audio() ? 1 : -1);
            e.put("audio_timebase", m.audio() ? sortedFraction(1, 48000) : sortedFraction(1, 1));
            e.put("channel_layout", m.audio() ? 3 : 4);
            e.put("channels", m.audio() ? 2 : 0);
            long g = gcd(m.width(), m.height());
            e.put("display_ratio", sortedFraction(m.width() / g, m.height() / g));
            e.put("duration", duration);
            e.put("file_size", Long.toString(size));
            e.put("fps", sortedFraction(r.numerator(), r.denominator()));
            e.put("has_audio", m.audio());
            e.put("has_single_image", false);
            e.put("has_video", true);
            e.put("height", m.height());
            e.put("interlaced_frame", false);
            e.put("metadata", new LinkedHashMap<>());
            String path = m.path().toString();
            if (!absolute && m.path().isAbsolute() && m.path().getRoot().equals(dir.getRoot())) {
                path = dir.relativize(m.path()).toString().replace('\\', '/');
            }
            e.put("path", path);
            e.put("pixel_format", mjpeg ? 12 : 0);
            e.put("pixel_ratio", sortedFraction(1, 1));
            e.put("sample_rate", m.audio() ? 48000 : 0);
            e.put("top_field_first", true);
            e.put("type", "FFmpegReader");
            e.put("vcodec", mjpeg ? "mjpeg" : "h264");
            e.put("video_bit_rate", duration > 0 ? Math.round(size / duration) : 0);
            e.put("video_length", Long.toString(m.frames()));
            e.put("video_stream_index", 0);
            e.put("video_timebase", sortedFraction(r.denominator(), r.numerator()));
            e.put("width", m.width());
            return e;
        }

        private Map<String, Object> transition() {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", "TRANS00001");
            t.put("layer", 1000000L);
            t.put("position", 0.0);
            t.put("start", 0.0);
            t.put("end", 0.04);
            t.put("type", "Mask");
            t.put("title", "Transition");
            t.put("brightness", keyframe(List.of(new double[] {1, 1.0}, new double[] {2, -1.0}), 0));
            t.put("contrast", k(3.0));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("path", "@transitions/common/fade.svg");
            r.put("type", "QtImageReader");
            r.put("has_single_image", true);
            t.put("reader", r);
            t.put("replace_image", false);
            t.put("order", 0);
            return t;
        }
    }

    private static Map<String, Object> fraction(long num, long den) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("num", num);
        f.put("den", den);
        return f;
    }

    /** A fraction in a reader, as libopenshot writes it (keys sorted: den, then num). */
    private static Map<String, Object> sortedFraction(long num, long den) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("den", den);
        f.put("num", num);
        return f;
    }

    private static Map<String, Object> k(double v) {
        return keyframe(List.of(new double[] {1, v}), 2);
    }

    /** A keyframe; Bezier points (interpolation 0) carry handles as openshot-qt writes them. */
    private static Map<String, Object> keyframe(List<double[]> points, int interpolation) {
        List<Object> ps = new ArrayList<>();
        for (double[] xy : points) {
            Map<String, Object> p = new LinkedHashMap<>();
            Map<String, Object> co = new LinkedHashMap<>();
            co.put("X", xy[0]);
            co.put("Y", xy[1]);
            p.put("co", co);
            if (interpolation == 0) {
                p.put("handle_left", Map.of("X", 0.5, "Y", 1.0));
                p.put("handle_right", Map.of("X", 0.5, "Y", 0.0));
                p.put("handle_type", 0);
            }
            p.put("interpolation", interpolation);
            ps.add(p);
        }
        Map<String, Object> kf = new LinkedHashMap<>();
        kf.put("Points", ps);
        return kf;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? Math.max(a, 1) : gcd(b, a % b);
    }

    /** Python's {@code json.dumps(value, ensure_ascii=False, indent=1)} for maps, lists, strings, numbers, booleans. */
    static final class PyJson {
        private PyJson() {
        }

        static void write(Object v, int depth, StringBuilder b) {
            if (v == null) {
                b.append("null");
            } else if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    b.append("{}");
                    return;
                }
                b.append('{');
                boolean first = true;
                Map<?, ?> ordered = m instanceof LinkedHashMap ? m : new java.util.TreeMap<>(m);
                for (Map.Entry<?, ?> e : ordered.entrySet()) {
                    b.append(first ? "" : ",").append('\n').append(" ".repeat(depth + 1));
                    first = false;
                    string(e.getKey().toString(), b);
                    b.append(": ");
                    write(e.getValue(), depth + 1, b);
                }
                b.append('\n').append(" ".repeat(depth)).append('}');
            } else if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    b.append("[]");
                    return;
                }
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    b.append(i == 0 ? "" : ",").append('\n').append(" ".repeat(depth + 1));
                    write(l.get(i), depth + 1, b);
                }
                b.append('\n').append(" ".repeat(depth)).append(']');
            } else if (v instanceof String s) {
                string(s, b);
            } else if (v instanceof Boolean x) {
                b.append(x ? "true" : "false");
            } else if (v instanceof Double d) {
                b.append(pythonFloat(d));
            } else if (v instanceof Number x) {
                b.append(x.longValue());
            } else {
                throw new IllegalArgumentException("cannot write " + v.getClass());
            }
        }

        /** A double as Python's {@code repr(float)} spells it (1.0, 0.0001, 1e-05, 1.5e+16). */
        static String pythonFloat(double d) {
            if (d == 0) {
                return 1 / d < 0 ? "-0.0" : "0.0";
            }
            BigDecimal s = new BigDecimal(Double.toString(d)).stripTrailingZeros();
            String digits = s.unscaledValue().abs().toString();
            int exp = digits.length() - s.scale() - 1;
            String sign = s.signum() < 0 ? "-" : "";
            if (exp < -4 || exp >= 16) {
                String m = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
                return sign + m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            }
            String plain = s.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }

        static void string(String s, StringBuilder b) {
            b.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '\b' -> b.append("\\b");
                    case '\f' -> b.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }
    }
}
