package genshot.api;

/** The user cancelled; nothing was written. */
public class CancelledException extends GenshotException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super(new Problem("cancelled", "Cancelled", null, null, "nothing was changed"));
    }
}
