package genshot.media.internal;

import genshot.api.MediaEncoder;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers {@link FfmpegMediaEncoder} (ranking {@value FfmpegMediaEncoder#RANKING}, above Humble's) when the bytedeco
 * FFmpeg bundle is wired to this one (its import is optional) and carries natives for this platform; without it only
 * {@link HumbleMediaEncoder} is registered. The registration is made in activation, while the bundle starts (not
 * asynchronously as enabling a component would be), so a consumer activated later always sees it. Loads nothing
 * native: activation stays cheap for commands that never encode.
 */
@Component(immediate = true, service = {})
public final class FfmpegProbe {
    private ServiceRegistration<MediaEncoder> registration;

    @Activate
    synchronized void activate(BundleContext context) {
        if (!Boolean.getBoolean("genshot.media.noFfmpeg") && FfmpegRuntime.present()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Constants.SERVICE_RANKING, FfmpegMediaEncoder.RANKING);
            props.put("genshot.encoder", "ffmpeg");
            registration = context.registerService(MediaEncoder.class, new FfmpegMediaEncoder(this::withdraw), props);
        }
    }

    @Deactivate
    void deactivate() {
        withdraw();
    }

    /** Unregisters the FFmpeg encoder (natives that cannot load, or deactivation); consumers fall back to Humble's. */
    synchronized void withdraw() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
    }
}
