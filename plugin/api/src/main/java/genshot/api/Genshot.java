package genshot.api;

import java.nio.file.Path;
import java.util.List;

/** The whole workflow, as the CLI and the panel use it. */
public interface Genshot {

    /** Reads a project with the adapter for its host and lists its gaps. */
    ProjectSummary open(Path project);

    /** The generators installed. */
    List<GeneratorInfo> generators();

    /**
     * Generates a take for a gap, stores it beside the project with its sidecar, inserts it, keeps a backup
     * of the project and saves atomically. On any failure the project file is unchanged.
     */
    FillResult fill(FillRequest request, Progress progress, Cancellation cancel);
}
