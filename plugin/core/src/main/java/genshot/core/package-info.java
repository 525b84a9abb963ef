/**
 * The workflow: open a project with the adapter for its host, pick a gap, run a generator, encode the take
 * while it is generated, record its provenance, insert it and save the project atomically with a backup.
 * Implementation only (nothing exported); the service is {@link genshot.api.Genshot}.
 */
package genshot.core;
