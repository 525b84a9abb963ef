package genshot.testkit;

import genshot.testkit.ProjectFixtures.Item;
import genshot.testkit.ProjectFixtures.Media;
import genshot.testkit.ProjectFixtures.TrackSpec;
import genshot.timeline.Rate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Long-form projects: {@code clips} clips on two video tracks (half each), cut from 100 media entries with their
 * properties as the hosts write them (the fixtures' media records, with the extras a saved project carries), clips of
 * 25 to 149 frames, and a gap of 10 to 59 frames after every 25th clip, so that a long project also has many gaps.
 * The same {@code clips} always gives the same project.
 */
public final class LongForm {

    /** Media entries the clips are cut from. */
    public static final int MEDIA = 100;

    private LongForm() {
    }

    /** The video tracks, V1 then V2, of a project with {@code clips} clips; media paths in {@code dir}. */
    public static List<TrackSpec> tracks(Path dir, int clips) {
        List<Media> media = new ArrayList<>();
        for (int m = 0; m < MEDIA; m++) {
            media.add(new Media(dir.resolve(String.format("clip-%03d.mp4", m)), Rate.FPS_25, 1920, 1080,
                    250 + 10L * m, m % 4 != 0));
        }
        List<TrackSpec> out = new ArrayList<>();
        long seed = 0x9E3779B97F4A7C15L;
        for (int t = 0; t < 2; t++) {
            List<Item> items = new ArrayList<>();
            int n = clips / 2 + (t == 0 ? clips % 2 : 0);
            if (t == 1) {
                items.add(Item.blank(12));
            }
            for (int k = 0; k < n; k++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                int r = (int) (seed >>> 33);
                Media m = media.get(Math.floorMod(r, MEDIA));
                long frames = 25 + Math.floorMod(r >> 7, 125);
                long in = Math.floorMod(r >> 3, m.frames() - frames);
                items.add(Item.clip(m, in, frames));
                if (k % 25 == 24 && k < n - 1) {
                    items.add(Item.blank(10 + Math.floorMod(r >> 11, 50)));
                }
            }
            out.add(new TrackSpec(false, false, false, items));
        }
        return out;
    }

    /** A Kdenlive project (document 1.04 with chains, as Kdenlive 22.12 writes it) with {@code clips} clips. */
    public static Path kdenlive(Path file, int clips) {
        ProjectFixtures.Builder b = ProjectFixtures.project(Rate.FPS_25, 1920, 1080).chains(true).extras(true);
        tracks(file.toAbsolutePath().getParent(), clips).forEach(b::track);
        return b.write(file);
    }

    /** An OpenShot 2.6 project with {@code clips} clips. */
    public static Path openshot(Path file, int clips) {
        OspFixtures.Builder b = OspFixtures.project(Rate.FPS_25, 1920, 1080).extras(true);
        tracks(file.toAbsolutePath().getParent(), clips).forEach(b::track);
        return b.write(file);
    }
}
