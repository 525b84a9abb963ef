package genshot.host.openshot.internal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * openshot-qt's main-window title (openshot-qt 2.6.1, {@code MainWindow.SetWindowTitle}):
 * {@code "%s %s [%s] - %s" % (save_indicator, name, profile, "OpenShot Video Editor")}, that is
 * {@code "* sample [HD 720p 25 fps] - OpenShot Video Editor"} with unsaved changes and
 * {@code " sample [HD 720p 25 fps] - OpenShot Video Editor"} (a leading space) without. {@code name} is the project's
 * file name without its extension, or "Untitled Project" (translated) before the project was first saved.
 *
 * @param name the project's name as the title shows it
 * @param profile the profile's description between the last brackets
 * @param unsaved whether the title carries the save indicator
 */
record OpenShotTitle(String name, String profile, boolean unsaved) {
    static final String SUFFIX = " - OpenShot Video Editor";

    /** The title's parts; empty for a title that is not an openshot-qt main window's. */
    static Optional<OpenShotTitle> parse(String title) {
        if (title == null || !title.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String rest = title.substring(0, title.length() - SUFFIX.length());
        boolean unsaved;
        if (rest.startsWith("* ")) {
            unsaved = true;
            rest = rest.substring(2);
        } else if (rest.startsWith(" ")) {
            unsaved = false; // the empty indicator, then the format's space: a name may itself start with '*'
            rest = rest.substring(1);
        } else {
            // not quite the format (a window manager that trims titles): the indicator after any spaces
            rest = rest.stripLeading();
            unsaved = rest.startsWith("*");
            rest = unsaved ? rest.substring(1).stripLeading() : rest;
        }
        int open = rest.lastIndexOf(" [");
        if (open < 0 || !rest.endsWith("]")) {
            return Optional.empty();
        }
        return Optional.of(new OpenShotTitle(rest.substring(0, open), rest.substring(open + 2, rest.length() - 1),
                unsaved));
    }

    /**
     * Whether a title shows the project named {@code stem}. The profile is what the last {@code " ["} opens, so a name
     * may itself contain brackets ({@code "a [b] c [HD 720p 25 fps]"} shows {@code "a [b] c"}).
     */
    static boolean shows(String title, String stem) {
        return parse(title).filter(t -> t.name().equals(stem)).isPresent();
    }

    /** The project's name as openshot-qt titles it: the file name without {@code .osp}. */
    static String stem(Path project) {
        Path f = project.getFileName();
        String name = f == null ? "" : f.toString();
        int dot = name.lastIndexOf('.');
        // openshot-qt: os.path.splitext(basename)[0], so any extension goes, not only .osp
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
