package genshot.api;

import genshot.timeline.Rate;

/** What a media file holds, as read from the file. */
public record MediaInfo(int width, int height, Rate rate, long frames, boolean hasAudio, long sizeBytes) {
}
