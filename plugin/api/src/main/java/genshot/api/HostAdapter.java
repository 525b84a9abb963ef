package genshot.api;

import java.nio.file.Path;

/** Reads one host's project format. */
public interface HostAdapter {

    /** The host's id ("kdenlive"). */
    String host();

    /** Whether this adapter reads files like this one (by extension). */
    boolean accepts(Path file);

    /**
     * Reads a project from the bytes of {@code file} (the caller read them, so it can tell later whether the
     * file changed on disk).
     *
     * @throws GenshotException for a corrupt or unsupported project, naming the file and the place
     */
    HostProject read(Path file, byte[] content);
}
