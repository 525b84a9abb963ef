package genshot.diffusion.internal;

import genshot.api.GenshotException;
import java.util.Locale;

/** The schedulers genshot has, and the factory that makes one for a config and a step count. */
public enum SchedulerKind {
    EULER("euler") {
        @Override
        public Scheduler create(SchedulerConfig c, int steps) {
            return new EulerScheduler(c, steps, false);
        }
    },
    EULER_ANCESTRAL("euler-a") {
        @Override
        public Scheduler create(SchedulerConfig c, int steps) {
            return new EulerScheduler(c, steps, true);
        }
    },
    DDIM("ddim") {
        @Override
        public Scheduler create(SchedulerConfig c, int steps) {
            return new DdimScheduler(c, steps, 0f);
        }
    },
    LCM("lcm") {
        @Override
        public Scheduler create(SchedulerConfig c, int steps) {
            return new LcmScheduler(c, steps);
        }
    };

    private final String id;

    SchedulerKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public abstract Scheduler create(SchedulerConfig config, int steps);

    /** The kind a pack's scheduler_config.json names; Euler for classes genshot does not have (PNDM, LMS...). */
    public static SchedulerKind forClass(String className) {
        if (className == null) {
            return EULER;
        }
        if (className.startsWith("EulerAncestral")) {
            return EULER_ANCESTRAL;
        }
        if (className.startsWith("DDIM")) {
            return DDIM;
        }
        if (className.startsWith("LCM")) {
            return LCM;
        }
        return EULER;
    }

    public static SchedulerKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (SchedulerKind k : values()) {
            if (k.id.equals(t) || k.name().equalsIgnoreCase(t.replace('-', '_'))) {
                return k;
            }
        }
        throw GenshotException.of("diffusion.parameter", "'" + text + "' is not a scheduler genshot has", null,
                "parameter scheduler", "use euler, euler-a, ddim or lcm");
    }
}
