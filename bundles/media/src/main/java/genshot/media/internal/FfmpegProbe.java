package genshot.media.internal;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Enables {@link FfmpegMediaEncoder} when the bytedeco FFmpeg bundle is wired to this one (its import is optional) and
 * carries natives for this platform. Without it only {@link HumbleMediaEncoder} is registered. Loads nothing native:
 * activation stays cheap for commands that never encode.
 */
@Component(immediate = true, service = {})
public final class FfmpegProbe {
    @Activate
    void activate(ComponentContext ctx) {
        if (!Boolean.getBoolean("genshot.media.noFfmpeg") && FfmpegRuntime.present()) {
            ctx.enableComponent(FfmpegMediaEncoder.NAME);
        }
    }
}
