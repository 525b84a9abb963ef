package genshot.api;

/** Progress of long work, per phase ("loading", "generating", "encoding", "saving"). */
@FunctionalInterface
public interface Progress {
    Progress NONE = (phase, done, total) -> { };

    /**
     * @param total the amount of work in this phase, or -1 when unknown
     */
    void report(String phase, long done, long total);
}
