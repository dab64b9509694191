package org.timescalelab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.Backend;
import org.timescalelab.nn.Precision;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.run.Csv;
import org.timescalelab.session.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Times training steps per width and precision and prints a table (and optionally a CSV). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time full training steps (forward, BPTT, update) per width: median ms with the "
                + "interquartile range, and steps per second. Warms up first; states the machine.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--arch", defaultValue = "DIAG_GATE", description = "Architecture (default ${DEFAULT-VALUE}).")
    Architecture arch;

    @Option(names = "--width", split = ",", defaultValue = "64,128,256", description = "Widths (default ${DEFAULT-VALUE}).")
    List<Integer> widths;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--length", defaultValue = "128", description = "Sequence length (default ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--dtype", split = ",", defaultValue = "FLOAT32,FLOAT64", description = "Precisions (default ${DEFAULT-VALUE}).")
    List<Precision> dtypes;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--repeats", defaultValue = "30", description = "Timed steps (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--diagnostics", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time diagnostics passes per width at the default diagnostics settings: median of 5 after 2 untimed (default ${DEFAULT-VALUE}).")
    boolean diagnostics;

    @Option(names = "--optimizer", defaultValue = "ADAM", description = "Optimizer of the timed steps (default ${DEFAULT-VALUE}; SGD matches bench/pytorch_step.py).")
    org.timescalelab.nn.OptimizerKind optimizer;

    @Option(names = "--peak", paramLabel = "GFLOPS",
            description = "Arithmetic limit for the %% of peak column, GFLOP/s (default: measured here, fp32 fused "
                    + "multiply-adds in registers on the benchmark's threads).")
    Double peak;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per tensor op and BLAS call (default: OMP_NUM_THREADS, which the launcher sets to 1).")
    Integer threads;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config field for every row, e.g. diagnostics.sequences=2048 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the table as CSV.")
    Path csv;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || repeats < 1 || widths.stream().anyMatch(w -> w < 1 || w > SessionConfig.MAX_WIDTH)) {
            throw new IllegalArgumentException("need --warmup ≥ 0, --repeats ≥ 1 and widths in 1.." + SessionConfig.MAX_WIDTH);
        }
        PrintWriter out = spec.commandLine().getOut();
        Backend.initialize();
        if (threads != null) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("--threads = " + threads + " is not allowed: expected 1..256");
            }
            Backend.setThreads(threads);
        }
        int used = threads != null ? threads : 1;
        double limit = peak != null ? peak : Backend.measurePeak(used);
        Map<String, String> b = Backend.describe();
        out.printf("machine: %d cores, SIMD %s, BLAS %s (OPENBLAS_CORETYPE=%s), BLAS threads %s, OMP_WAIT_POLICY=%s%n",
                Runtime.getRuntime().availableProcessors(), Bench.simd(), b.get("blas.vendor"), env("OPENBLAS_CORETYPE"),
                b.get("blas.threads"), env("OMP_WAIT_POLICY"));
        out.printf("recurrent kernel: %s%n", b.get("kernel"));
        SessionConfig.Diagnostics d = ConfigLoader.load(null, null, sets).diagnostics();
        out.printf("model: %s, batch %d, length %d, the demo task (MULTI_LAG, D=4), %s; diagnostics: N_diag=%d, "
                + "K=%d, %d log-spaced lag points; peak %.0f GFLOP/s (%s)%n", arch, batch, length, optimizer, d.sequences(),
                d.directions(), d.lagPoints(), limit, peak != null ? "--peak" : "measured: fp32 FMA chains on " + used + " thread(s)");
        out.printf("%-8s %6s %10s %18s %10s %8s %7s %14s %12s%n", "dtype", "H", "median ms", "IQR ms", "steps/s",
                "GFLOP/s", "% peak", "diagnostics ms", "÷ 20 steps");
        Csv.Table rows = Csv.table("arch", "dtype", "width", "batch", "length", "median_ms", "q1_ms", "q3_ms", "min_ms",
                "steps_per_sec", "gflop_per_step", "gflops", "percent_of_peak", "diagnostics_ms", "diagnostics_over_20_steps");
        for (Precision p : dtypes) {
            for (int h : widths) {
                List<String> fields = new ArrayList<>(List.of("model.architecture=" + arch, "model.width=" + h,
                        "model.dtype=" + p, "training.batchSize=" + batch, "task.sequenceLength=" + length,
                        "training.optimizer=" + optimizer));
                fields.addAll(sets);
                SessionConfig c = ConfigLoader.load(null, null, fields);
                Bench.Timing t = Bench.trainingStep(c, warmup, repeats);
                double diag = diagnostics ? Bench.diagnosticsPass(c, 5, 2, 5).median() : Double.NaN;
                double flop = Bench.flopsPerStep(c);
                double gflops = flop / (t.median() * 1e6);
                out.printf("%-8s %6d %10.2f %8.2f – %-7.2f %10.1f %8.1f %7.1f %14.1f %12.2f%n", p, h, t.median(), t.q1(),
                        t.q3(), t.stepsPerSecond(), gflops, 100 * gflops / limit, diag, diag / (20 * t.median()));
                out.flush();
                rows.row(arch, p, h, batch, length, fmt(t.median()), fmt(t.q1()), fmt(t.q3()), fmt(t.min()),
                        fmt(t.stepsPerSecond()), flop / 1e9, fmt(gflops), fmt(100 * gflops / limit), fmt(diag),
                        fmt(diag / (20 * t.median())));
            }
        }
        if (csv != null) {
            AtomicFiles.write(csv, rows.toString());
        }
        return 0;
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "unset" : v;
    }
}
