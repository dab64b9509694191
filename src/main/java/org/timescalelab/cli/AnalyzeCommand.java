package org.timescalelab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.timescalelab.run.Analysis;
import org.timescalelab.run.Redraw;
import org.timescalelab.session.DiagnosticsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Recomputes a run's diagnostics from a checkpoint. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Recompute the diagnostics of a saved run from a checkpoint (the latest, or --step N), "
                + "writing DIR/diagnostics/step-<n>/; with other diagnostics.* settings (--set) it writes "
                + "DIR/analysis/step-<n>-<key>/ and its settings.json instead, leaving the run's own pass as it was.")
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "Run directory.")
    Path dir;

    @Option(names = "--step", paramLabel = "N", description = "Checkpoint step (see --list).")
    Long step;

    @Option(names = "--list", description = "List the steps with checkpoints and exit.")
    boolean list;

    @Option(names = "--redraw", paramLabel = "K", description = "Recompute the pass K times (2..64) with fresh "
            + "diagnostic samples and print, per headline number, the spread across draws next to the mean 90%% "
            + "interval width; writes DIR/analysis/step-<n>/redraw.csv.")
    Integer redraw;

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
        if (redraw != null) {
            Redraw d = Analysis.redraw(dir, step, overrides, redraw);
            var out = spec.commandLine().getOut();
            out.print(d.describe());
            out.flush();
            return 0;
        }
        Analysis.Written written = Analysis.analyze(dir, step, overrides);
        DiagnosticsReport r = written.report();
        double[] alpha = r.learnability().pooledAlphaInterval();
        err.printf("step %d: envelope %s; spectrum: %s; α̂ = %.3g [%.3g, %.3g]; %d of %d lags resolved "
                        + "(N_diag = %d); %.0f ms%n", r.step(), r.envelopeClass().describe(), r.spectrumVerdict(false),
                r.medianAlpha(), alpha[0], alpha[1],
                r.learnability().resolvedCount(), r.lags().length, r.learnability().samples(), r.costMillis());
        for (double n : new double[] {1e4, 1e6, 1e8}) {
            double[] iv = r.learnability().windowInterval(n);
            err.printf("  H_N(%.0e) = %s, 90%% interval [%s, %s]%n", n, r.window(n).describe(), count(iv[0]),
                    count(iv[1]));
        }
        err.println("wrote " + written.folder());
        err.flush();
        return 0;
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "?" : Double.isInfinite(v) ? "∞ (cannot tell)" : String.format("%.0f", v);
    }
}
