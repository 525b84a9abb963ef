package genshot.timeline;

/**
 * A gap found on a video track, ready to be filled.
 *
 * @param id {@code <track>:<n>}, gaps numbered from 1 per track in time order (V1:1, V1:2, V2:1)
 * @param track the track name (V1, V2...)
 * @param range the empty frames
 * @param visible false when higher, shown video tracks cover the whole range
 * @param position where the gap lies on its track
 */
public record GapSlot(String id, String track, TimeRange range, boolean visible, Position position) {

    public enum Position { LEADING, INTERIOR, TRAILING }
}
