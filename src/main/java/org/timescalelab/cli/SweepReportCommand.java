package org.timescalelab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.timescalelab.report.SweepPlot;
import org.timescalelab.sweep.SweepDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a sweep's summary plots. */
@Command(name = "sweep-report", mixinStandardHelpOptions = true,
        description = "Plot a sweep folder's results as PNG: per metric, a heatmap over two axes and a line plot over "
                + "one (mean over seeds, band from lowest to highest seed, one curve per value of the second axis). "
                + "Works on a partial sweep too.")
final class SweepReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The sweep's output folder.")
    Path dir;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "A column of sweep.csv: h_n_<N>, train_loss, val_loss, envelope_rate, envelope_r2, beta_hat, "
                    + "alpha_hat_median, wall_time_s (repeatable; default: H_N at the middle reference N, beta_hat, val_loss).")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--x", paramLabel = "FIELD", description = "The x axis (default: the sweep's first axis).")
    String x;

    @Option(names = "--y", paramLabel = "FIELD", description = "The y axis or curve family (default: the next axis).")
    String y;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the PNGs (default: the sweep folder).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SweepDirectory d = SweepDirectory.read(dir);
        List<Path> files = SweepPlot.report(d, metrics, x, y, out != null ? out : dir);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("%d rows; wrote:%n", d.rows().size());
        files.forEach(f -> err.println("  " + f));
        err.flush();
        return 0;
    }
}
