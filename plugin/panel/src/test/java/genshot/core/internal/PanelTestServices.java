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
        return new GenshotService(List.of(new KdenliveAdapter()), generators, new HumbleMediaEncoder(),
                Clock.systemUTC());
    }
}
