/**
 * Exact, host-neutral timeline model: whole frames at a rational {@link genshot.timeline.Rate},
 * half-open {@link genshot.timeline.TimeRange}s, tracks whose items are clips and gaps (positions are
 * derived, as in OpenTimelineIO), and markers. No dependencies beyond the JDK.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package genshot.timeline;
