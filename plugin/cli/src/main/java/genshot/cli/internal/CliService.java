package genshot.cli.internal;

import genshot.api.Genshot;
import java.io.PrintWriter;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** What the launcher calls: runs one command line and returns the exit status. */
@Component(service = Function.class, property = "genshot.main=cli")
public final class CliService implements Function<String[], Integer> {

    @Reference
    Genshot genshot;

    @Override
    public Integer apply(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return GenshotCommand.run(genshot, args, out, err);
    }
}
