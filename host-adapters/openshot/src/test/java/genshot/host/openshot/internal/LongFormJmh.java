package genshot.host.openshot.internal;

import genshot.testkit.LongForm;
import genshot.testkit.LongFormBench;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of long projects ({@link LongFormBench.Workload}): parse + insert + save of a testkit {@link LongForm}
 * project of 1,000, 5,000 and 20,000 clips, in ms per operation. Run with {@code -prof gc} for the bytes allocated
 * per operation ({@code gc.alloc.rate.norm}); the setup prints each project's file size, so the ratio can be read.
 * Not a test: {@code mvn verify} does not run it. The command is in the module's README.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LongFormJmh {

    @Param({"1000", "5000", "20000"})
    public int clips;

    private LongFormBench.Workload workload;

    @Setup(Level.Trial)
    public void make() throws Exception {
        workload = new LongFormBench.Workload(new OpenShotAdapter(), LongForm::openshot, "osp", clips);
        System.out.printf("%n# openshot long-form project: %d clips, file %d bytes%n", clips, workload.fileBytes());
    }

    @TearDown(Level.Trial)
    public void remove() throws Exception {
        workload.close();
    }

    @Benchmark
    public Object parseInsertSave() throws Exception {
        return workload.parseInsertSave();
    }
}
