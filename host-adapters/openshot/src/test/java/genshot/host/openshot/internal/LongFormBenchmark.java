package genshot.host.openshot.internal;

import genshot.testkit.LongForm;
import genshot.testkit.LongFormBench;

/**
 * Long-form benchmark of the OpenShot adapter (see {@link LongFormBench}): parse, insert+save and memory for projects
 * of 1,000, 5,000 and 20,000 clips. Arguments: runs per size, then sizes. The command is in the module's README.
 */
public final class LongFormBenchmark {

    private LongFormBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LongFormBench.run("openshot", new OpenShotAdapter(), LongForm::openshot, "osp", args);
    }
}
