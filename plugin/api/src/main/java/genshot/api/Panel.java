package genshot.api;

import java.nio.file.Path;

/** The "Generate shot" window, for {@code genshot panel}. */
public interface Panel {

    /**
     * Opens the panel on a project (or, with null, asks for one) and blocks until the user closes it.
     *
     * @return the exit status for the command line
     */
    int show(Path project);
}
