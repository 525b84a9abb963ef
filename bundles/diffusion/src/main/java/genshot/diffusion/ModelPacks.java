package genshot.diffusion;

import java.nio.file.Path;
import java.util.List;

/**
 * The user's diffusion model packs. Each installed pack is offered as a {@code genshot.api.ShotGenerator} with the
 * id {@code model:<pack name>}.
 *
 * <p>The folder is {@code $GENSHOT_MODELS}, else the system property {@code genshot.models}, else
 * {@code $XDG_DATA_HOME/genshot/models}, else {@code ~/.local/share/genshot/models}.
 */
public interface ModelPacks {

    /** Where installed packs live (created on first add). */
    Path folder();

    /** The installed packs, checked quickly (layout and files; no sessions). */
    List<PackReport> list();

    /**
     * Opens every model of a pack in ONNX Runtime on {@code device} and says what the pack is and whether it can
     * run there. Never throws for a bad pack: the report carries the problems.
     */
    PackReport inspect(Path dir, String device);

    /**
     * Inspects a pack on the CPU and, when it can run, installs it under {@link #folder()} as a symbolic link to
     * {@code dir} (or, with {@code copy}, a copy of its files), and offers its generator.
     *
     * @throws genshot.api.GenshotException {@code pack.refused} with the report's first problem, or
     *         {@code pack.exists} when the name is taken
     */
    PackReport add(Path dir, String name, boolean copy);

    /**
     * Makes sure a generator exists for the pack in {@code dir} (installed or not) and returns its id.
     *
     * @throws genshot.api.GenshotException {@code pack.refused} when the pack's layout is broken
     */
    String generatorFor(Path dir);
}
