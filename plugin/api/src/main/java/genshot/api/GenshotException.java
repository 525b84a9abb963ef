package genshot.api;

/** Carries a {@link Problem} across a service boundary; converted to a message once, at the edge. */
public class GenshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public GenshotException(Problem problem) {
        this(problem, null);
    }

    public GenshotException(Problem problem, Throwable cause) {
        super(problem.oneLine(), cause);
        this.problem = problem;
    }

    public static GenshotException of(String code, String message, Object file, String place, String hint) {
        return new GenshotException(new Problem(code, message, file == null ? null : file.toString(), place, hint));
    }

    public Problem problem() {
        return problem;
    }
}
