package genshot.panel.internal;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;

/**
 * Tooltips that are made once the window has drawn its first frame: each is a small window of its own, and the
 * twenty the panel's controls carry took about as long to make as the rest of the panel's nodes. A tooltip shows
 * after a second's hover, so making it half a second later changes nothing anyone sees.
 */
final class Tips {
    private List<Runnable> waiting;

    private Tips(boolean later) {
        waiting = later ? new ArrayList<>() : null;
    }

    /** Tooltips made when {@link #now} is called, and at once from then on. */
    static Tips later() {
        return new Tips(true);
    }

    /** Tooltips made at once. */
    static Tips immediate() {
        return new Tips(false);
    }

    /** Gives {@code control} this tooltip, now or when {@link #now} is called. */
    void set(Control control, String text) {
        if (waiting == null) {
            control.setTooltip(new Tooltip(text));
        } else {
            waiting.add(() -> control.setTooltip(new Tooltip(text)));
        }
    }

    /** Makes the tooltips waiting; later ones are made at once. */
    void now() {
        List<Runnable> w = waiting;
        waiting = null;
        if (w != null) {
            w.forEach(Runnable::run);
        }
    }
}
