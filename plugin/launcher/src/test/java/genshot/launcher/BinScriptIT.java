package genshot.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/genshot} on a checkout where nothing is built says what to do. */
class BinScriptIT {

    @Test
    void saysHowToBuildWhenThereIsNoDistribution(@TempDir Path empty) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(FillEndToEndIT.REPO.resolve("bin/genshot").toString(), "gaps", "x.kdenlive");
        pb.environment().put("GENSHOT_HOME", empty.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertTrue(out.contains("not built yet") && out.contains("mvn -B package -DskipTests"), out);
    }
}
