package genshot.cli.internal;

import genshot.api.Benchmarks;
import genshot.api.Genshot;
import genshot.api.Panel;
import genshot.diffusion.ModelPacks;
import java.io.PrintWriter;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** What the launcher calls: runs one command line and returns the exit status. */
@Component(service = Function.class, property = "genshot.main=cli")
public final class CliService implements Function<String[], Integer> {

    @Reference
    Genshot genshot;

    /** The JavaFX panel, when its bundle is installed and JavaFX is there (genshot panel says so otherwise). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Panel panel;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Benchmarks benchmarks;

    /** Diffusion model packs ({@code genshot models}, {@code fill --model}), when the diffusion bundle is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelPacks packs;

    @Override
    public Integer apply(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return GenshotCommand.run(genshot, () -> panel, benchmarks, packs, args, out, err);
    }
}
