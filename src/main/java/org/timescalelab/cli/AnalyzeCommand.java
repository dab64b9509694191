package org.timescalelab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.timescalelab.engine.Analysis;
import org.timescalelab.engine.DiagnosticsReport;
import org.timescalelab.engine.DiagnosticsWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Recomputes a run's diagnostics from a checkpoint. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Recompute the diagnostics of a saved run from a checkpoint (the latest, or --step N), "
                + "optionally with other diagnostics.* settings, writing DIR/diagnostics/step-<n>/.")
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Run directory.")
    Path dir;

    @Option(names = "--step", paramLabel = "N", description = "Checkpoint step (see --list).")
    Long step;

    @Option(names = "--list", description = "List the steps with checkpoints and exit.")
    boolean list;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A diagnostics setting, e.g. diagnostics.sequences=1024 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        if (list) {
            spec.commandLine().getOut().println(Analysis.availableSteps(dir));
            spec.commandLine().getOut().flush();
            return 0;
        }
        DiagnosticsReport r = Analysis.analyze(dir, step, overrides);
        err.printf("step %d: envelope %s (%s), β̂ = %.3g [%.3g, %.3g], median α̂ = %.3g, H_N(1000) = %.0f, "
                        + "H_N(10000) = %.0f; %.0f ms%n", r.step(), r.envelopeFit().best().decayClass().label(),
                r.envelopeFit().best().describe(), r.spectrum().beta(), r.spectrum().low(), r.spectrum().high(),
                r.medianAlpha(), r.windowAt(1000), r.windowAt(10000), r.costMillis());
        err.println("wrote " + DiagnosticsWriter.folder(dir, r.step()));
        err.flush();
        return 0;
    }
}
