package genshot.timeline;

public enum TrackKind {
    VIDEO("V"), AUDIO("A");

    private final String prefix;

    TrackKind(String prefix) {
        this.prefix = prefix;
    }

    /** The letter hosts put before a track number: V1, A2. */
    public String prefix() {
        return prefix;
    }
}
