package genshot.api;

import genshot.timeline.TimeRange;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A generated shot kept beside its project, with the sidecar that says how it was made. Takes are made for a
 * track and a range (gap ids shift as gaps are filled; track and range do not).
 *
 * @param id the take's name, unique in its project ({@code V1_50+25_fog_s7_20261130T101500}: track, frames
 *           as start+length, generator, seed, time)
 * @param request what the user asked for; with the same device it makes the same frames again
 * @param device the device the generator really ran on
 */
public record Take(String id, Path file, Path sidecar, Path project, String track, TimeRange range,
                   ShotRequest request, String generatorTitle, String device, Instant created) {
}
