package genshot.panel.internal;

import genshot.api.CancelledException;
import genshot.api.GenshotException;
import genshot.api.Problem;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What the panel says: plain sentences with what to do, never a stack trace. */
record Messages(Kind kind, String headline, String detail, String file, String actionLabel, Runnable action) {

    enum Kind { INFO, OK, ERROR }

    Messages(Kind kind, String headline, String detail, String file) {
        this(kind, headline, detail, file, null, null);
    }

    static Messages info(String headline, String detail) {
        return new Messages(Kind.INFO, headline, detail, null);
    }

    static Messages ok(String headline, String detail) {
        return new Messages(Kind.OK, headline, detail, null);
    }

    /** The same message with a button that does something about it ("Save in Kdenlive and insert", "Put back"). */
    Messages withAction(String label, Runnable what) {
        return new Messages(kind, headline, detail, file, label, what);
    }

    /** Whether the failure is an editor's unsaved changes refusing a write. */
    static boolean isUnsaved(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof GenshotException g && g.problem() != null && "host.unsaved".equals(g.problem().code());
    }

    /** A failure as the user should read it. */
    static Messages of(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CancelledException) {
            return info("Cancelled. Nothing was changed.", null);
        }
        if (e instanceof GenshotException g && g.problem() != null) {
            return of(g.problem());
        }
        if (System.getenv("GENSHOT_DEBUG") != null) {
            e.printStackTrace();
        }
        String what = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        return new Messages(Kind.ERROR, sentence("Something went wrong inside genshot: " + what),
                "Nothing was changed. Please report it (run with GENSHOT_DEBUG=1 for the details).", null);
    }

    static Messages of(Problem p) {
        StringBuilder detail = new StringBuilder();
        if (p.file() != null) {
            String name;
            try {
                Path f = Path.of(p.file()).getFileName();
                name = f == null ? p.file() : f.toString();
            } catch (RuntimeException notAPath) {
                name = p.file();
            }
            detail.append("File: ").append(name);
            if (p.place() != null) {
                detail.append(", ").append(p.place());
            }
            detail.append(". ");
        } else if (p.place() != null) {
            detail.append("Where: ").append(p.place()).append(". ");
        }
        if (p.hint() != null && !p.hint().isBlank()) {
            // the panel has its own button for what the command line's --save-in-editor does
            String hint = p.hint().replace(" (or let genshot save them first: --save-in-editor)", "");
            detail.append("What to do: ").append(sentence(hint));
        }
        String d = detail.toString().trim();
        return new Messages(Kind.ERROR, sentence(p.message()), d.isEmpty() ? null : d, p.file());
    }

    /** Capital first letter, full stop at the end. */
    static String sentence(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' || last == ')' && t.endsWith(".)") ? t : t + ".";
    }

    /** "Kdenlive", "OpenShot". */
    static String hostName(String host) {
        if (host == null) {
            return "the editor";
        }
        return switch (host) {
            case "kdenlive" -> "Kdenlive";
            case "openshot" -> "OpenShot";
            default -> host;
        };
    }
}
