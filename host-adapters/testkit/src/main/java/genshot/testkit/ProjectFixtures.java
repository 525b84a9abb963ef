package genshot.testkit;

import genshot.timeline.Rate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tiny media made with ffmpeg, and Kdenlive projects with the tracks, clips and blanks a test asks for: document
 * version 1.04 (the layout Kdenlive 22.12 writes, the default) or 1.1 (the layout of Kdenlive 23.04+, see
 * {@link Builder#version(String)}).
 */
public final class ProjectFixtures {

    private ProjectFixtures() {
    }

    /** A generated media file and what it holds. */
    public record Media(Path path, Rate rate, int width, int height, long frames, boolean audio) {
        public String fileName() {
            return path.getFileName().toString();
        }
    }

    /** A solid colour clip ({@code colour} as ffmpeg names it: red, 0x00ff00...), with silent audio if asked. */
    public static Media colour(Path out, String colour, Rate rate, int w, int h, long frames, boolean audio) {
        return lavfi(out, "color=c=" + colour + ":s=" + w + "x" + h + ":r=" + rate, "anullsrc=r=48000:cl=stereo", rate, w,
                h, frames, audio);
    }

    /** A test pattern ({@code testsrc2}, {@code smptebars}, {@code testsrc}...), with a tone if asked. */
    public static Media pattern(Path out, String source, Rate rate, int w, int h, long frames, boolean audio, int toneHz) {
        return lavfi(out, source + "=s=" + w + "x" + h + ":r=" + rate, "sine=f=" + toneHz + ":r=48000", rate, w, h, frames,
                audio);
    }

    /**
     * Solid frames whose colour changes every frame (red = 23n mod 256, green = 37n+100 mod 256, blue 128), so
     * that neighbouring frames differ clearly (mean absolute difference about 20): an off-by-one shows.
     */
    public static Media ramp(Path out, Rate rate, int w, int h, long frames, boolean audio) {
        return lavfi(out, "color=c=black:s=" + w + "x" + h + ":r=" + rate
                + ",geq=r='mod(N*23\\,256)':g='mod(N*37+100\\,256)':b=128", "anullsrc=r=48000:cl=stereo", rate, w, h,
                frames, audio);
    }

    private static Media lavfi(Path out, String video, String sound, Rate rate, int w, int h, long frames, boolean audio) {
        Tools.assumeOrRequire("ffmpeg");
        String seconds = rate.seconds(frames, 6).toPlainString();
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", video));
        if (audio) {
            cmd.addAll(List.of("-f", "lavfi", "-t", seconds, "-i", sound));
        }
        cmd.addAll(List.of("-frames:v", Long.toString(frames), "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18",
                "-pix_fmt", "yuv420p", "-r", rate.toString()));
        if (audio) {
            cmd.addAll(List.of("-c:a", "aac", "-ac", "2", "-b:a", "64k"));
        }
        cmd.add(out.toAbsolutePath().toString());
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tools.run(cmd, null, Duration.ofSeconds(120)).requireSuccess();
        return new Media(out.toAbsolutePath(), rate, w, h, frames, audio);
    }

    /** Starts a project at this rate and size. */
    public static Builder project(Rate rate, int width, int height) {
        return new Builder(rate, width, height);
    }

    /** Something on a track: a clip (source frames [in, in+frames) of a media file) or a blank. */
    public record Item(Media media, long in, long frames) {
        public static Item clip(Media media, long in, long frames) {
            if (in < 0 || frames <= 0 || in + frames > media.frames()) {
                throw new IllegalArgumentException("clip [" + in + ", " + (in + frames) + ") outside " + media);
            }
            return new Item(media, in, frames);
        }

        public static Item clip(Media media) {
            return clip(media, 0, media.frames());
        }

        public static Item blank(long frames) {
            return new Item(null, 0, frames);
        }

        boolean isBlank() {
            return media == null;
        }
    }

    /** A track as written: audio or video, its items, and the UI flags. */
    public record TrackSpec(boolean audio, boolean locked, boolean hidden, List<Item> items) {
    }

    /** Writes a `.kdenlive` file. Tracks are added bottom-up (main tractor order): audio tracks, then V1, V2... */
    public static final class Builder {
        private final Rate rate;
        private final int width;
        private final int height;
        private final List<TrackSpec> tracks = new ArrayList<>();
        private final List<long[]> guidePos = new ArrayList<>();
        private final List<String> guideText = new ArrayList<>();
        private boolean clock = true;
        private boolean chains;
        private boolean extras;
        private boolean relative = true;
        private String root;
        private String version = "1.04";
        private boolean controlUuids;
        private String sequenceUuid = braced(java.util.UUID.nameUUIDFromBytes("genshot sequence 1".getBytes(StandardCharsets.UTF_8)));

        Builder(Rate rate, int width, int height) {
            this.rate = rate;
            this.width = width;
            this.height = height;
        }

        public Builder audio(Item... items) {
            tracks.add(new TrackSpec(true, false, false, List.of(items)));
            return this;
        }

        public Builder video(Item... items) {
            tracks.add(new TrackSpec(false, false, false, List.of(items)));
            return this;
        }

        public Builder track(TrackSpec spec) {
            tracks.add(spec);
            return this;
        }

        public Builder guide(long frame, String comment) {
            guidePos.add(new long[] {frame});
            guideText.add(comment);
            return this;
        }

        /** Write times as clock strings ({@code 00:00:01.960}, as Kdenlive does) or as integers. Default: clock. */
        public Builder clockTimes(boolean clock) {
            this.clock = clock;
            return this;
        }

        /** Timeline copies as MLT 7 {@code <chain>} elements instead of {@code <producer>}. */
        public Builder chains(boolean chains) {
            this.chains = chains;
            return this;
        }

        /** Add a bin folder, groups, a user transition and filter, an unknown element, comments. */
        public Builder extras(boolean extras) {
            this.extras = extras;
            return this;
        }

        /** Resources relative to the project's folder (default) or absolute. */
        public Builder relativeResources(boolean relative) {
            this.relative = relative;
            return this;
        }

        /** The {@code root} attribute of {@code <mlt>}; null (default) leaves it out. */
        public Builder root(String root) {
            this.root = root;
            return this;
        }

        /**
         * The document version. {@code "1.04"} (default) writes the layout of Kdenlive 22.12; {@code "1.1"} writes the
         * layout of Kdenlive 23.04+ (a sequence tractor with a braced uuid id, {@code <chain>} media, black track
         * {@code producerN} with {@code kdenlive:playlistid=black_track}, {@code main_bin} near the end listing the
         * sequence, the project tractor last). Any other value only changes the version string of the 1.04 layout
         * (for refusal tests).
         */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** 1.1 only: every media clip (bin copy and timeline copies) carries one {@code kdenlive:control_uuid}. */
        public Builder controlUuids(boolean controlUuids) {
            this.controlUuids = controlUuids;
            return this;
        }

        /** 1.1 only: the sequence's uuid, braced ({@code {...}}); a fixed one by default, so that output is stable. */
        public Builder sequenceUuid(String uuid) {
            this.sequenceUuid = uuid;
            return this;
        }

        private boolean v11() {
            return "1.1".equals(version);
        }

        /** Writes the project to {@code file} and returns it. */
        public Path write(Path file) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, xml(file.toAbsolutePath().getParent()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        /** The longest track's length in frames. */
        public long duration() {
            long d = 0;
            for (TrackSpec t : tracks) {
                long e = 0;
                for (Item i : t.items()) {
                    e += i.frames();
                }
                d = Math.max(d, e);
            }
            return d;
        }

        private String t(long frames) {
            if (!clock) {
                return Long.toString(frames);
            }
            return mltClock(frames, rate);
        }

        /** The XML of the project for a file in {@code dir}. */
        public String xml(Path dir) {
            if (v11()) {
                return xml11(dir);
            }
            Map<Media, Integer> binIds = new LinkedHashMap<>();
            for (TrackSpec tr : tracks) {
                for (Item i : tr.items()) {
                    if (!i.isBlank()) {
                        binIds.putIfAbsent(i.media(), binIds.size() + 2);
                    }
                }
            }
            int[] next = {0};
            StringBuilder x = new StringBuilder();
            x.append("<?xml version='1.0' encoding='utf-8'?>\n");
            x.append("<mlt LC_NUMERIC=\"C\" producer=\"main_bin\" version=\"7.12.0\"");
            if (root != null) {
                x.append(" root=\"").append(esc(root)).append('"');
            }
            x.append(">\n");
            x.append(String.format(Locale.ROOT, " <profile frame_rate_num=\"%d\" sample_aspect_num=\"1\" display_aspect_den=\"%d\""
                    + " colorspace=\"709\" progressive=\"1\" description=\"%dx%d %s fps\" display_aspect_num=\"%d\""
                    + " frame_rate_den=\"%d\" width=\"%d\" height=\"%d\" sample_aspect_den=\"1\"/>\n",
                    rate.numerator(), height / gcd(width, height), width, height, rate, width / gcd(width, height),
                    rate.denominator(), width, height));
            if (extras) {
                x.append(" <!-- written by a genshot test fixture -->\n");
            }
            Map<Media, String> binProducer = new LinkedHashMap<>();
            for (Map.Entry<Media, Integer> m : binIds.entrySet()) {
                String id = "producer" + next[0]++;
                binProducer.put(m.getKey(), id);
                producer(x, "producer", id, m.getKey(), m.getValue(), dir, null);
            }
            x.append(" <playlist id=\"main_bin\">\n");
            prop(x, 2, "kdenlive:docproperties.audioChannels", "2");
            prop(x, 2, "kdenlive:docproperties.documentid", "1700000000000");
            StringBuilder groups = new StringBuilder("[\n]\n");
            if (extras) {
                groups = new StringBuilder("[{\"children\":[{\"data\":\"1:0\",\"leaf\":\"clip\",\"type\":\"Leaf\"},"
                        + "{\"data\":\"0:0\",\"leaf\":\"clip\",\"type\":\"Leaf\"}],\"type\":\"AVSplit\"}]");
            }
            prop(x, 2, "kdenlive:docproperties.groups", groups.toString());
            StringBuilder guides = new StringBuilder("[");
            for (int g = 0; g < guidePos.size(); g++) {
                if (g > 0) {
                    guides.append(',');
                }
                guides.append("{\"comment\": \"").append(guideText.get(g).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\", \"pos\": ").append(guidePos.get(g)[0]).append(", \"type\": 0}");
            }
            guides.append(']');
            prop(x, 2, "kdenlive:docproperties.guides", guides.toString());
            prop(x, 2, "kdenlive:docproperties.kdenliveversion", "22.12.3");
            prop(x, 2, "kdenlive:docproperties.seekOffset", "30000");
            prop(x, 2, "kdenlive:docproperties.version", version);
            if (extras) {
                prop(x, 2, "kdenlive:folder.-1.7", "Shots");
                prop(x, 2, "kdenlive:docproperties.genshot-unknown", "kept as is");
            }
            x.append("  <property name=\"kdenlive:expandedFolders\"/>\n");
            x.append("  <property name=\"kdenlive:documentnotes\"/>\n");
            prop(x, 2, "xml_retain", "1");
            for (Map.Entry<Media, String> b : binProducer.entrySet()) {
                x.append("  <entry producer=\"").append(b.getValue()).append("\" in=\"").append(t(0)).append("\" out=\"")
                        .append(t(b.getKey().frames() - 1)).append("\"/>\n");
            }
            x.append(" </playlist>\n");
            long dur = duration();
            x.append(" <producer id=\"black_track\" in=\"").append(t(0)).append("\" out=\"").append(t(dur + 30000))
                    .append("\">\n");
            prop(x, 2, "length", "2147483647");
            prop(x, 2, "eof", "continue");
            prop(x, 2, "resource", "black");
            prop(x, 2, "aspect_ratio", "1");
            prop(x, 2, "mlt_service", "color");
            prop(x, 2, "mlt_image_format", "rgba");
            prop(x, 2, "set.test_audio", "0");
            x.append(" </producer>\n");
            List<String> tractors = new ArrayList<>();
            int playlistN = 0;
            int tractorN = 0;
            int filterN = 0;
            for (TrackSpec tr : tracks) {
                Map<Media, String> copies = new LinkedHashMap<>();
                for (Item i : tr.items()) {
                    if (!i.isBlank() && !copies.containsKey(i.media())) {
                        String id = (chains ? "chain" : "producer") + next[0]++;
                        copies.put(i.media(), id);
                        producer(x, chains ? "chain" : "producer", id, i.media(), binIds.get(i.media()), dir, tr.audio());
                    }
                }
                String pl1 = "playlist" + playlistN++;
                String pl2 = "playlist" + playlistN++;
                x.append(" <playlist id=\"").append(pl1).append("\">\n");
                if (tr.audio()) {
                    prop(x, 2, "kdenlive:audio_track", "1");
                }
                long end = 0;
                for (Item i : tr.items()) {
                    end += i.frames();
                    if (i.isBlank()) {
                        x.append("  <blank length=\"").append(t(i.frames())).append("\"/>\n");
                    } else {
                        x.append("  <entry producer=\"").append(copies.get(i.media())).append("\" in=\"").append(t(i.in()))
                                .append("\" out=\"").append(t(i.in() + i.frames() - 1)).append("\">\n");
                        prop(x, 3, "kdenlive:id", Integer.toString(binIds.get(i.media())));
                        x.append("  </entry>\n");
                    }
                }
                x.append(" </playlist>\n");
                x.append(" <playlist id=\"").append(pl2).append("\">\n");
                if (tr.audio()) {
                    prop(x, 2, "kdenlive:audio_track", "1");
                }
                x.append(" </playlist>\n");
                String tractor = "tractor" + tractorN++;
                tractors.add(tractor);
                x.append(" <tractor id=\"").append(tractor).append("\" in=\"").append(t(0)).append('"');
                if (end > 0) {
                    x.append(" out=\"").append(t(end - 1)).append('"');
                }
                x.append(">\n");
                if (tr.audio()) {
                    prop(x, 2, "kdenlive:audio_track", "1");
                }
                prop(x, 2, "kdenlive:trackheight", "69");
                prop(x, 2, "kdenlive:timeline_active", "1");
                prop(x, 2, "kdenlive:collapsed", "0");
                if (tr.locked()) {
                    prop(x, 2, "kdenlive:locked_track", "1");
                }
                if (tr.hidden()) {
                    prop(x, 2, "hide", tr.audio() ? "2" : "1");
                }
                x.append("  <property name=\"kdenlive:thumbs_format\"/>\n");
                x.append("  <property name=\"kdenlive:audio_rec\"/>\n");
                String hide = tr.audio() ? "video" : "audio";
                x.append("  <track hide=\"").append(hide).append("\" producer=\"").append(pl1).append("\"/>\n");
                x.append("  <track hide=\"").append(hide).append("\" producer=\"").append(pl2).append("\"/>\n");
                if (extras && !tr.audio()) {
                    x.append("  <filter id=\"filter").append(filterN++).append("\">\n");
                    prop(x, 3, "mlt_service", "brightness");
                    prop(x, 3, "kdenlive_id", "brightness");
                    prop(x, 3, "level", "1");
                    prop(x, 3, "disable", "1");
                    x.append("  </filter>\n");
                }
                x.append(" </tractor>\n");
            }
            if (extras) {
                x.append(" <genshot-unknown note=\"carried\">text <b>kept</b></genshot-unknown>\n");
            }
            x.append(" <tractor id=\"tractor").append(tractorN).append("\" in=\"").append(t(0)).append("\" out=\"")
                    .append(t(dur + 30000)).append("\">\n");
            x.append("  <track producer=\"black_track\"/>\n");
            for (String tr : tractors) {
                x.append("  <track producer=\"").append(tr).append("\"/>\n");
            }
            int transitionN = 0;
            for (int k = 0; k < tracks.size(); k++) {
                x.append("  <transition id=\"transition").append(transitionN++).append("\">\n");
                prop(x, 3, "a_track", "0");
                prop(x, 3, "b_track", Integer.toString(k + 1));
                if (tracks.get(k).audio()) {
                    prop(x, 3, "mlt_service", "mix");
                    prop(x, 3, "kdenlive_id", "mix");
                    prop(x, 3, "internal_added", "237");
                    prop(x, 3, "always_active", "1");
                    prop(x, 3, "accepts_blanks", "1");
                    prop(x, 3, "sum", "1");
                } else {
                    prop(x, 3, "compositing", "0");
                    prop(x, 3, "distort", "0");
                    prop(x, 3, "rotate_center", "0");
                    prop(x, 3, "mlt_service", "qtblend");
                    prop(x, 3, "kdenlive_id", "qtblend");
                    prop(x, 3, "internal_added", "237");
                    prop(x, 3, "always_active", "1");
                }
                x.append("  </transition>\n");
            }
            if (extras) {
                x.append("  <!-- a user transition, disabled -->\n");
                x.append("  <transition id=\"transition").append(transitionN).append("\" in=\"").append(t(0))
                        .append("\" out=\"").append(t(1)).append("\">\n");
                prop(x, 3, "a_track", "0");
                prop(x, 3, "b_track", "1");
                prop(x, 3, "mlt_service", "luma");
                prop(x, 3, "kdenlive_id", "dissolve");
                prop(x, 3, "disable", "1");
                x.append("  </transition>\n");
            }
            x.append(" </tractor>\n");
            x.append("</mlt>\n");
            return x.toString();
        }

        /**
         * The Kdenlive 23.04+ layout (document version 1.1), after KDE/kdenlive's test fixture clip-ids.kdenlive:
         * black producer, per track the timeline copies, two playlists and the track tractor, the sequence tractor
         * ({@code id} = braced uuid), the bin chains, {@code main_bin}, and the project tractor last.
         */
        private String xml11(Path dir) {
            Map<Media, Integer> binIds = new LinkedHashMap<>();
            for (TrackSpec tr : tracks) {
                for (Item i : tr.items()) {
                    if (!i.isBlank()) {
                        binIds.putIfAbsent(i.media(), binIds.size() + 2);
                    }
                }
            }
            int folderId = binIds.size() + 2;
            int sequenceBinId = folderId + 1;
            Map<Media, String> control = new LinkedHashMap<>();
            if (controlUuids) {
                for (Media m : binIds.keySet()) {
                    control.put(m, braced(java.util.UUID.nameUUIDFromBytes(("genshot clip " + m.path())
                            .getBytes(StandardCharsets.UTF_8))));
                }
            }
            long dur = duration();
            int chainN = 0;
            int producerN = 0;
            StringBuilder x = new StringBuilder();
            x.append("<?xml version='1.0' encoding='utf-8'?>\n");
            x.append("<mlt LC_NUMERIC=\"C\" producer=\"main_bin\" version=\"7.12.0\"");
            if (root != null) {
                x.append(" root=\"").append(esc(root)).append('"');
            }
            x.append(">\n");
            profile(x);
            if (extras) {
                x.append(" <!-- written by a genshot test fixture -->\n");
            }
            String black = "producer" + producerN++;
            x.append(" <producer id=\"").append(black).append("\" in=\"").append(t(0)).append("\" out=\"").append(t(dur + 30000))
                    .append("\">\n");
            prop(x, 2, "length", "2147483647");
            prop(x, 2, "eof", "continue");
            prop(x, 2, "resource", "black");
            prop(x, 2, "aspect_ratio", "1");
            prop(x, 2, "mlt_service", "color");
            prop(x, 2, "kdenlive:playlistid", "black_track");
            prop(x, 2, "mlt_image_format", "rgba");
            prop(x, 2, "set.test_audio", "0");
            x.append(" </producer>\n");
            List<String> tractors = new ArrayList<>();
            int playlistN = 0;
            int tractorN = 0;
            for (TrackSpec tr : tracks) {
                Map<Media, String> copies = new LinkedHashMap<>();
                for (Item i : tr.items()) {
                    if (!i.isBlank() && !copies.containsKey(i.media())) {
                        String id = "chain" + chainN++;
                        copies.put(i.media(), id);
                        producer(x, "chain", id, i.media(), binIds.get(i.media()), dir, tr.audio(), control.get(i.media()));
                    }
                }
                String pl1 = "playlist" + playlistN++;
                String pl2 = "playlist" + playlistN++;
                String tractor = "tractor" + tractorN++;
                tractors.add(tractor);
                trackXml(x, tr, copies, binIds, pl1, pl2, tractor);
            }
            // the sequence tractor
            x.append(" <tractor id=\"").append(sequenceUuid).append("\" in=\"").append(t(0)).append("\" out=\"")
                    .append(t(Math.max(dur - 1, 0))).append("\">\n");
            prop(x, 2, "kdenlive:uuid", sequenceUuid);
            prop(x, 2, "kdenlive:clipname", "Sequence 1");
            prop(x, 2, "kdenlive:sequenceproperties.hasAudio", tracks.stream().anyMatch(TrackSpec::audio) ? "1" : "0");
            prop(x, 2, "kdenlive:sequenceproperties.hasVideo", tracks.stream().anyMatch(s -> !s.audio()) ? "1" : "0");
            prop(x, 2, "kdenlive:sequenceproperties.activeTrack", "0");
            prop(x, 2, "kdenlive:sequenceproperties.tracksCount", Integer.toString(tracks.size()));
            prop(x, 2, "kdenlive:sequenceproperties.documentuuid", sequenceUuid);
            if (controlUuids) {
                prop(x, 2, "kdenlive:control_uuid", sequenceUuid);
            }
            prop(x, 2, "kdenlive:duration", smpte(dur));
            prop(x, 2, "kdenlive:maxduration", Long.toString(dur));
            prop(x, 2, "kdenlive:producer_type", "17");
            prop(x, 2, "kdenlive:id", Integer.toString(sequenceBinId));
            prop(x, 2, "kdenlive:clip_type", "0");
            prop(x, 2, "kdenlive:file_size", "0");
            prop(x, 2, "kdenlive:folderid", Integer.toString(folderId));
            prop(x, 2, "kdenlive:sequenceproperties.audioTarget", "-1");
            prop(x, 2, "kdenlive:sequenceproperties.disablepreview", "0");
            prop(x, 2, "kdenlive:sequenceproperties.position", "0");
            prop(x, 2, "kdenlive:sequenceproperties.scrollPos", "0");
            prop(x, 2, "kdenlive:sequenceproperties.tracks", Integer.toString(tracks.size()));
            prop(x, 2, "kdenlive:sequenceproperties.verticalzoom", "1");
            prop(x, 2, "kdenlive:sequenceproperties.videoTarget", "-1");
            prop(x, 2, "kdenlive:sequenceproperties.zonein", "0");
            prop(x, 2, "kdenlive:sequenceproperties.zoneout", Long.toString(dur));
            prop(x, 2, "kdenlive:sequenceproperties.zoom", "8");
            prop(x, 2, "kdenlive:sequenceproperties.groups", groupsJson());
            prop(x, 2, "kdenlive:sequenceproperties.guides", guidesJson());
            x.append("  <track producer=\"").append(black).append("\"/>\n");
            for (String tr : tractors) {
                x.append("  <track producer=\"").append(tr).append("\"/>\n");
            }
            transitionsXml(x);
            x.append(" </tractor>\n");
            // bin copies just before main_bin, as Kdenlive 23.04 writes them
            Map<Media, String> binChain = new LinkedHashMap<>();
            for (Map.Entry<Media, Integer> m : binIds.entrySet()) {
                String id = "chain" + chainN++;
                binChain.put(m.getKey(), id);
                producer(x, "chain", id, m.getKey(), m.getValue(), dir, null, control.get(m.getKey()));
            }
            x.append(" <playlist id=\"main_bin\">\n");
            prop(x, 2, "kdenlive:folder.-1." + folderId, "Sequences");
            prop(x, 2, "kdenlive:sequenceFolder", Integer.toString(folderId));
            prop(x, 2, "kdenlive:docproperties.audioChannels", "2");
            prop(x, 2, "kdenlive:docproperties.documentid", "1700000000000");
            prop(x, 2, "kdenlive:docproperties.kdenliveversion", "23.04.0");
            prop(x, 2, "kdenlive:docproperties.seekOffset", "30000");
            prop(x, 2, "kdenlive:docproperties.uuid", sequenceUuid);
            prop(x, 2, "kdenlive:docproperties.version", version);
            if (extras) {
                prop(x, 2, "kdenlive:folder.-1.7", "Shots");
                prop(x, 2, "kdenlive:docproperties.genshot-unknown", "kept as is");
            }
            x.append("  <property name=\"kdenlive:expandedFolders\"/>\n");
            prop(x, 2, "kdenlive:binZoom", "4");
            x.append("  <property name=\"kdenlive:documentnotes\"/>\n");
            prop(x, 2, "kdenlive:docproperties.opensequences", sequenceUuid);
            prop(x, 2, "kdenlive:docproperties.activetimeline", sequenceUuid);
            prop(x, 2, "xml_retain", "1");
            x.append("  <entry producer=\"").append(sequenceUuid).append("\" in=\"").append(t(0)).append("\" out=\"").append(t(0))
                    .append("\"/>\n");
            for (Map.Entry<Media, String> b : binChain.entrySet()) {
                x.append("  <entry producer=\"").append(b.getValue()).append("\" in=\"").append(t(0)).append("\" out=\"")
                        .append(t(b.getKey().frames() - 1)).append("\"/>\n");
            }
            x.append(" </playlist>\n");
            if (extras) {
                x.append(" <genshot-unknown note=\"carried\">text <b>kept</b></genshot-unknown>\n");
            }
            x.append(" <tractor id=\"tractor").append(tractorN).append("\" in=\"").append(t(0)).append("\" out=\"")
                    .append(t(Math.max(dur - 1, 0))).append("\">\n");
            prop(x, 2, "kdenlive:projectTractor", "1");
            x.append("  <track producer=\"").append(sequenceUuid).append("\" in=\"").append(t(0)).append("\" out=\"")
                    .append(t(Math.max(dur - 1, 0))).append("\"/>\n");
            x.append(" </tractor>\n");
            x.append("</mlt>\n");
            return x.toString();
        }

        /** {@code hh:mm:ss:ff} with the rate's timecode base, as Kdenlive writes {@code kdenlive:duration}. */
        private String smpte(long frames) {
            int base = rate.timecodeBase();
            long s = frames / base;
            return String.format(Locale.ROOT, "%02d:%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60, frames % base);
        }

        private void profile(StringBuilder x) {
            x.append(String.format(Locale.ROOT, " <profile frame_rate_num=\"%d\" sample_aspect_num=\"1\" display_aspect_den=\"%d\""
                    + " colorspace=\"709\" progressive=\"1\" description=\"%dx%d %s fps\" display_aspect_num=\"%d\""
                    + " frame_rate_den=\"%d\" width=\"%d\" height=\"%d\" sample_aspect_den=\"1\"/>\n",
                    rate.numerator(), height / gcd(width, height), width, height, rate, width / gcd(width, height),
                    rate.denominator(), width, height));
        }

        private String groupsJson() {
            if (extras) {
                return "[{\"children\":[{\"data\":\"1:0\",\"leaf\":\"clip\",\"type\":\"Leaf\"},"
                        + "{\"data\":\"0:0\",\"leaf\":\"clip\",\"type\":\"Leaf\"}],\"type\":\"AVSplit\"}]";
            }
            return "[\n]\n";
        }

        private String guidesJson() {
            StringBuilder guides = new StringBuilder("[");
            for (int g = 0; g < guidePos.size(); g++) {
                if (g > 0) {
                    guides.append(',');
                }
                guides.append("{\"comment\": \"").append(guideText.get(g).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\", \"pos\": ").append(guidePos.get(g)[0]).append(", \"type\": 0}");
            }
            return guides.append(']').toString();
        }

        /** One track: its first playlist (entries and blanks), its empty second playlist and its tractor. */
        private void trackXml(StringBuilder x, TrackSpec tr, Map<Media, String> copies, Map<Media, Integer> binIds, String pl1,
                String pl2, String tractor) {
            x.append(" <playlist id=\"").append(pl1).append("\">\n");
            if (tr.audio()) {
                prop(x, 2, "kdenlive:audio_track", "1");
            }
            long end = 0;
            for (Item i : tr.items()) {
                end += i.frames();
                if (i.isBlank()) {
                    x.append("  <blank length=\"").append(t(i.frames())).append("\"/>\n");
                } else {
                    x.append("  <entry producer=\"").append(copies.get(i.media())).append("\" in=\"").append(t(i.in()))
                            .append("\" out=\"").append(t(i.in() + i.frames() - 1)).append("\">\n");
                    prop(x, 3, "kdenlive:id", Integer.toString(binIds.get(i.media())));
                    x.append("  </entry>\n");
                }
            }
            x.append(" </playlist>\n");
            x.append(" <playlist id=\"").append(pl2).append("\">\n");
            if (tr.audio()) {
                prop(x, 2, "kdenlive:audio_track", "1");
            }
            x.append(" </playlist>\n");
            x.append(" <tractor id=\"").append(tractor).append("\" in=\"").append(t(0)).append('"');
            if (end > 0) {
                x.append(" out=\"").append(t(end - 1)).append('"');
            }
            x.append(">\n");
            if (tr.audio()) {
                prop(x, 2, "kdenlive:audio_track", "1");
            }
            prop(x, 2, "kdenlive:trackheight", "69");
            prop(x, 2, "kdenlive:timeline_active", "1");
            prop(x, 2, "kdenlive:collapsed", "0");
            if (tr.locked()) {
                prop(x, 2, "kdenlive:locked_track", "1");
            }
            if (tr.hidden()) {
                prop(x, 2, "hide", tr.audio() ? "2" : "1");
            }
            x.append("  <property name=\"kdenlive:thumbs_format\"/>\n");
            x.append("  <property name=\"kdenlive:audio_rec\"/>\n");
            String hide = tr.audio() ? "video" : "audio";
            x.append("  <track hide=\"").append(hide).append("\" producer=\"").append(pl1).append("\"/>\n");
            x.append("  <track hide=\"").append(hide).append("\" producer=\"").append(pl2).append("\"/>\n");
            x.append(" </tractor>\n");
        }

        /** Kdenlive's internal transitions: a mix per audio track, a qtblend per video track. */
        private void transitionsXml(StringBuilder x) {
            int transitionN = 0;
            for (int k = 0; k < tracks.size(); k++) {
                x.append("  <transition id=\"transition").append(transitionN++).append("\">\n");
                prop(x, 3, "a_track", "0");
                prop(x, 3, "b_track", Integer.toString(k + 1));
                if (tracks.get(k).audio()) {
                    prop(x, 3, "mlt_service", "mix");
                    prop(x, 3, "kdenlive_id", "mix");
                    prop(x, 3, "internal_added", "237");
                    prop(x, 3, "always_active", "1");
                    prop(x, 3, "accepts_blanks", "1");
                    prop(x, 3, "sum", "1");
                } else {
                    prop(x, 3, "compositing", "0");
                    prop(x, 3, "distort", "0");
                    prop(x, 3, "rotate_center", "0");
                    prop(x, 3, "mlt_service", "qtblend");
                    prop(x, 3, "kdenlive_id", "qtblend");
                    prop(x, 3, "internal_added", "237");
                    prop(x, 3, "always_active", "1");
                }
                x.append("  </transition>\n");
            }
        }

        private void producer(StringBuilder x, String element, String id, Media m, int binId, Path dir, Boolean audioTrack) {
            producer(x, element, id, m, binId, dir, audioTrack, null);
        }

        private void producer(StringBuilder x, String element, String id, Media m, int binId, Path dir, Boolean audioTrack,
                String controlUuid) {
            x.append(" <").append(element).append(" id=\"").append(id).append("\" in=\"").append(t(0)).append("\" out=\"")
                    .append(t(m.frames() - 1)).append("\">\n");
            prop(x, 2, "length", Long.toString(m.frames()));
            prop(x, 2, "eof", "pause");
            String res = relative && m.path().getParent().equals(dir) ? m.fileName()
                    : relative && m.path().startsWith(dir) ? dir.relativize(m.path()).toString() : m.path().toString();
            prop(x, 2, "resource", res);
            prop(x, 2, "mlt_service", "avformat-novalidate");
            prop(x, 2, "seekable", "1");
            prop(x, 2, "audio_index", m.audio() ? "1" : "-1");
            prop(x, 2, "video_index", "0");
            prop(x, 2, "mute_on_pause", "0");
            prop(x, 2, "kdenlive:clipname", m.fileName());
            prop(x, 2, "kdenlive:clip_type", m.audio() ? "0" : "2");
            prop(x, 2, "kdenlive:folderid", "-1");
            prop(x, 2, "kdenlive:id", Integer.toString(binId));
            if (controlUuid != null) {
                prop(x, 2, "kdenlive:control_uuid", controlUuid);
            }
            if (audioTrack != null) {
                prop(x, 2, "set.test_audio", audioTrack ? "0" : "1");
                prop(x, 2, "set.test_image", audioTrack ? "1" : "0");
            }
            x.append(" </").append(element).append(">\n");
        }

        private static void prop(StringBuilder x, int indent, String name, String value) {
            x.append(" ".repeat(indent)).append("<property name=\"").append(esc(name)).append("\">").append(esc(value))
                    .append("</property>\n");
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** A uuid in braces, as Kdenlive writes them. */
    static String braced(java.util.UUID u) {
        return "{" + u + "}";
    }

    /** XML-escapes text for an attribute or element. */
    /**
     * A frame count as MLT 7 writes a clock value ({@code time_clock_from_frames}): whole hours and minutes first,
     * each taken off as floor(n x fps) frames, then {@code %06.3f} of the frames left / fps. MLT reads it back as
     * floor(fps x hh x 3600) + floor(fps x mm x 60) + rint(fps x ss.mmm), the same frame.
     */
    public static String mltClock(long frames, Rate rate) {
        double fps = (double) rate.numerator() / rate.denominator();
        long f = frames;
        int hours = (int) (f / (fps * 3600));
        f -= (long) Math.floor(hours * 3600 * fps);
        int mins = (int) (f / (fps * 60));
        if (mins == 60) {
            ++hours;
            f = frames - (long) Math.floor(hours * 3600 * fps);
            mins = 0;
        }
        long save = f;
        f -= (long) Math.floor(mins * 60 * fps);
        double secs = f / fps;
        if (secs >= 60.0) {
            ++mins;
            f = save - (long) Math.floor(mins * 60 * fps);
            secs = f / fps;
        }
        return String.format(Locale.ROOT, "%02d:%02d:%06.3f", hours, mins, secs);
    }

    /**
     * A Kdenlive 1.1 project with two sequences where "Sequence 1" is nested in "Sequence 2" (the timeline): V2 holds
     * the nested sequence over [0, 25), then a gap [25, 60); V1 a gap [30, 50). Its media are {@code A.mp4} and
     * {@code B.mp4} beside it (copy them in). Written after the shape Kdenlive 24 saves (a timeline entry whose
     * producer is the nested sequence's tractor, named by its uuid).
     */
    public static Path nestedSequenceProject(Path file) {
        try (java.io.InputStream in = ProjectFixtures.class.getResourceAsStream("nested.kdenlive")) {
            Files.copy(java.util.Objects.requireNonNull(in, "nested.kdenlive"), file);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
