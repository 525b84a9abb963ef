package genshot.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What an undo did.
 *
 * @param restored the backup the project was restored from
 * @param live what the live link did with the editors that have the project open, one sentence each
 */
public record UndoResult(Path restored, List<String> live) {
    public UndoResult {
        live = List.copyOf(live);
    }
}
