package org.timescalelab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.timescalelab.config.Numbers;
import org.timescalelab.report.PhasePlot;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.sde.PhaseCsv;
import org.timescalelab.sde.SdeConfig;
import org.timescalelab.theory.PhaseDiagram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Computes a phase diagram of the time-scale dynamics over two parameters. */
@Command(name = "phase", mixinStandardHelpOptions = true,
        description = "Simulate the time-scale dynamics (docs/timescale-sde.md) on a grid over two parameters and write "
                + "phase.csv (x, y, beta_hat, class, rho, stationary) and phase.png (β̂ with the analytic boundaries "
                + "ρ = 1 and β = 1 of Exp jumps). PARAM is kappa, sigma, lambda, lambdaOverKappa, b or alphaJ. Cells "
                + "default to N = 5000 particles, σ = 0 and a time cap of 50 (override with --set).")
final class PhaseCommand implements Callable<Integer> {

    @Option(names = "--x", required = true, paramLabel = "PARAM:FROM:TO:N", description = "x axis, e.g. lambdaOverKappa:0.1:3:24.")
    String x;

    @Option(names = "--y", required = true, paramLabel = "PARAM:FROM:TO:N", description = "y axis, e.g. b:1.2:3:24.")
    String y;

    @Mixin
    SdeOptions options;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PhaseDiagram.Range rx = range(x, "--x");
        PhaseDiagram.Range ry = range(y, "--y");
        SdeConfig c = options.load(List.of("sigma=0", "particles=5000", "maxTime=50"));
        PrintWriter err = spec.commandLine().getErr();
        int total = rx.points() * ry.points();
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        List<PhaseDiagram.Cell> cells = PhaseDiagram.compute(c.params(), rx, ry, c.settings(), cell -> {
            int n = done.incrementAndGet();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            err.printf("\rcell %d/%d  %.0f s elapsed  ETA %.0f s   ", n, total, elapsed, elapsed / n * (total - n));
            err.flush();
        }, () -> false);
        err.println();
        AtomicFiles.write(out.resolve("phase.csv"), PhaseCsv.of(cells));
        PhasePlot.write(cells, PhaseDiagram.boundaries(c.params(), rx, ry), rx, ry, out.resolve("phase.png"));
        err.printf("%d cells in %.1f s; wrote phase.csv and phase.png to %s%n", cells.size(),
                (System.nanoTime() - t0) / 1e9, out);
        err.flush();
        return 0;
    }

    private static PhaseDiagram.Range range(String text, String option) {
        String[] f = text.split(":");
        if (f.length != 4) {
            throw new IllegalArgumentException(option + " must be PARAM:FROM:TO:N, got " + text);
        }
        PhaseDiagram.Axis axis;
        switch (f[0].toLowerCase(Locale.ROOT)) {
            case "kappa":
                axis = PhaseDiagram.Axis.KAPPA;
                break;
            case "sigma":
                axis = PhaseDiagram.Axis.SIGMA;
                break;
            case "lambda":
                axis = PhaseDiagram.Axis.LAMBDA;
                break;
            case "lambdaoverkappa":
                axis = PhaseDiagram.Axis.LAMBDA_OVER_KAPPA;
                break;
            case "b":
                axis = PhaseDiagram.Axis.B;
                break;
            case "alphaj":
                axis = PhaseDiagram.Axis.ALPHA_J;
                break;
            default:
                throw new IllegalArgumentException(option + ": unknown parameter '" + f[0]
                        + "': expected kappa, sigma, lambda, lambdaOverKappa, b or alphaJ");
        }
        try {
            return new PhaseDiagram.Range(axis, Numbers.parseDouble(f[1]), Numbers.parseDouble(f[2]), Numbers.parseInt(f[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": FROM, TO and N must be numbers in " + text, e);
        }
    }
}
