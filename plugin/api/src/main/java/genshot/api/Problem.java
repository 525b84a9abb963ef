package genshot.api;

/**
 * Something that went wrong, as a value: what, where, and what to do about it.
 *
 * @param code a stable identifier (e.g. {@code project.version}, {@code gap.not-found})
 * @param message a plain sentence
 * @param file the file concerned, or null
 * @param place where in it (element, line, track, frame range), or null
 * @param hint what the user can do, or null
 */
public record Problem(String code, String message, String file, String place, String hint) {

    /** One line for a terminal: message, file and place, hint. */
    public String oneLine() {
        StringBuilder b = new StringBuilder(message);
        if (file != null) {
            b.append(" [").append(file);
            if (place != null) {
                b.append(", ").append(place);
            }
            b.append(']');
        } else if (place != null) {
            b.append(" [").append(place).append(']');
        }
        if (hint != null) {
            b.append(". ").append(hint);
        }
        return b.toString();
    }
}
