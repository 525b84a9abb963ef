package genshot.core.internal;

import genshot.api.Genshot;
import genshot.api.ShotGenerator;
import genshot.host.kdenlive.internal.KdenliveAdapter;
import genshot.media.internal.HumbleMediaEncoder;
import java.time.Clock;
import java.util.List;

/** The real workflow service outside a framework (its constructor is package-private), for the panel's tests. */
public final class PanelTestServices {
    private PanelTestServices() {
    }

    public static Genshot genshot(List<ShotGenerator> generators) {
        return genshot(generators, List.of());
    }

    /** With the links to running editors the panel's tests script. */
    public static Genshot genshot(List<ShotGenerator> generators, List<genshot.api.LiveLink> links) {
        GenshotService s = new GenshotService(List.of(new KdenliveAdapter()), generators, new HumbleMediaEncoder(),
                Clock.systemUTC());
        s.links = List.copyOf(links);
        return s;
    }
}
