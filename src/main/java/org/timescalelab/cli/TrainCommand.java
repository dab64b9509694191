package org.timescalelab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.timescalelab.nn.Backend;
import org.timescalelab.report.ForgettingPlot;
import org.timescalelab.run.HeadlessRun;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.SessionState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains headless, writing a run directory; Ctrl-C stops cleanly after the current step. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train headless with a progress bar on stderr, writing config.json, metrics.csv, "
                + "events.csv and checkpoint/ to the output directory.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps in all (overrides training.steps).")
    Long steps;

    @Option(names = "--diagnostics-every", paramLabel = "K",
            description = "Run the diagnostics every K steps, writing DIR/diagnostics/step-<n>/ (overrides diagnostics.every).")
    Integer diagnosticsEvery;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory to create: a new or empty folder, or "
            + "with --overwrite an earlier run directory (only the files Timescale Lab wrote there are removed).")
    Path out;

    @Option(names = "--overwrite", description = "Replace the run in the --out directory.")
    boolean overwrite;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its checkpoint, bit-identically.")
    Path resume;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of the recurrent kernels, 1..256 (default: every core; the results do not depend on it).")
    Integer threads;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1 || n > 256) {
            throw new IllegalArgumentException("--threads = " + n + " is not allowed: expected 1..256");
        }
        Backend.setKernelThreads(n);
        HeadlessRun run = prepare();
        ProgressBar bar = new ProgressBar(err);
        Path dir = resume != null ? resume : out;
        // The summary is printed inside the run, so that Ctrl-C's shutdown waits for it.
        HeadlessRun.Result result;
        try {
            result = run.runUntilInterrupted(bar::show, r -> {
                bar.finish();
                summarise(err, r, dir);
                if (!run.config().task().schedule().isEmpty()) {
                    forgetting(err, run, dir);
                }
            });
        } catch (java.io.IOException | RuntimeException e) {
            bar.finish();
            throw e;
        }
        return result.state() == SessionState.DIVERGED ? Cli.DIVERGED : 0;
    }

    private static void summarise(PrintWriter err, HeadlessRun.Result result, Path dir) {
        if (result.state() == SessionState.DIVERGED) {
            err.println("diverged: " + result.message());
            err.println("run directory (last good state): " + dir);
            err.println("to continue: timescale-lab train --resume " + dir + " --set training.learningRate=<lower>");
        } else {
            err.printf("%s at step %d: train loss %.5g, validation loss %.5g; run directory %s%n",
                    result.state() == SessionState.FINISHED ? "finished" : "stopped", result.step(), result.trainLoss(),
                    result.valLoss(), dir);
        }
        err.flush();
    }

    /** A run with a task schedule: its forgetting table and curves (forgetting.png beside forgetting.csv). */
    private static void forgetting(PrintWriter err, HeadlessRun run, Path dir) {
        Forgetting f = Forgetting.of(run.config(), run.rows());
        for (int j = 0; j < f.learned().length; j++) {
            err.printf("task %d: loss when its stage ended %.4g, now %.4g%s%n", j + 1, f.learned()[j], f.current()[j],
                    Double.isNaN(f.forgetting()[j]) ? "" : String.format(", forgetting %.4g", f.forgetting()[j]));
        }
        err.printf("backward transfer BWT = %.4g%n", f.bwt());
        f.breakdowns().forEach(b -> err.println(b.describe()));
        try {
            ForgettingPlot.write(run.config(), run.rows(), dir.resolve("forgetting.png"));
        } catch (java.io.IOException e) {
            err.println("cannot write " + dir.resolve("forgetting.png") + ": " + e.getMessage());
        }
        err.flush();
    }

    private HeadlessRun prepare() throws java.io.IOException {
        if (resume != null) {
            if (out != null || overwrite || options.preset != null || options.config != null) {
                throw new IllegalArgumentException("--resume continues a run with its own config: give --resume DIR, "
                        + "optionally --steps N, and --set only for the live settings (learning rate, clipping, noise, "
                        + "diagnostics)");
            }
            List<String> live = new ArrayList<>(options.overrides);
            if (diagnosticsEvery != null) {
                live.add("diagnostics.every=" + diagnosticsEvery);
            }
            return HeadlessRun.resume(resume, steps == null ? 0 : steps, live);
        }
        if (out == null) {
            throw new IllegalArgumentException("missing --out DIR (or --resume DIR)");
        }
        List<String> extra = new ArrayList<>();
        if (steps != null) {
            extra.add("training.steps=" + steps);
        }
        if (diagnosticsEvery != null) {
            extra.add("diagnostics.every=" + diagnosticsEvery);
        }
        return HeadlessRun.start(options.load(extra), out, overwrite);
    }
}
