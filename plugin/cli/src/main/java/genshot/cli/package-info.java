/**
 * The {@code genshot} command line (picocli): {@code gaps}, {@code fill}, {@code generators}. Registered as a
 * {@code java.util.function.Function<String[], Integer>} service with {@code genshot.main=cli}, which the
 * launcher calls with the process arguments and whose result is the exit status.
 */
package genshot.cli;
