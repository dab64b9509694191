package org.timescalelab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.run.SampleTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs the tail estimators on a sample and prints JSON. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Estimate the α-stable tail index and scale of a sample (ECF regression and McCulloch with a "
                + "bootstrap interval) and, for positive data, the power-law tail β̂ with interval, the Hill "
                + "estimate and the power-law vs log-normal test. Prints JSON.")
final class TailCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A CSV file with a header, or a 1-D .npy file.")
    Path file;

    @Option(names = "--column", paramLabel = "NAME", description = "CSV column (default: the first).")
    String column;

    @Option(names = "--seed", defaultValue = "1", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        double[] sample = SampleTail.read(file, column);
        spec.commandLine().getOut().println(ConfigLoader.toJson(SampleTail.analyze(sample, seed)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
