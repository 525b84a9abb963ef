package genshot.timeline;

/** A marker or guide at a frame, with the host's comment text. */
public record Marker(long frame, String comment) {
}
