package org.timescalelab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.timescalelab.run.FolderLock;
import org.timescalelab.run.StopOnSignal;
import org.timescalelab.spark.SparkSweep;
import org.timescalelab.sweep.LocalSweep;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepProgress;
import org.timescalelab.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs a parameter sweep on this machine or on Apache Spark. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every cell × seed of a sweep file (JSON: base config or preset, axes, seeds; see docs/sweeps.md) "
                + "as a training run ending with a diagnostics pass, writing DIR/sweep.json and DIR/sweep.csv (one row "
                + "per run, rewritten as runs finish, at most every 2 s). Running it again on the same DIR resumes: finished runs are not "
                + "rerun. Ctrl-C stops cleanly; runs in progress are redone next time.")
final class SweepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The sweep's output folder (created or resumed).")
    Path out;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Runs at once on this machine (default: one per core, ${DEFAULT-VALUE} here).")
    int parallel = LocalSweep.defaultParallel();

    @Option(names = "--engine", paramLabel = "ENGINE", description = "local (default) or spark (under spark-submit).")
    String engine = "local";

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master URL (spark://host:7077, yarn, local[4]); default: the one spark-submit gives.")
    String master;

    @Option(names = "--parquet", paramLabel = "URI",
            description = "Where the Spark engine writes the rows as Parquet (default DIR/sweep.parquet; on a cluster, "
                    + "a path every executor can reach).")
    String parquet;

    @Option(names = "--keep-runs", description = "Also write each run's full run directory to DIR/runs/<id>/.")
    boolean keepRuns;

    @Option(names = "--retry-failed", description = "Run again the runs recorded as failed (diverged runs are kept).")
    boolean retryFailed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SweepSpec sweep = SweepSpec.read(file);
        try (FolderLock lock = SweepDirectory.lock(out, SweepDirectory.MARKER, "sweep")) {
            return run(sweep, SweepDirectory.open(out, sweep));
        }
    }

    private int run(SweepSpec sweep, SweepDirectory dir) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int before = dir.rows().size();
        err.printf("sweep '%s': %d cells × %d seeds = %d runs; %d already done in %s%n", sweep.name(), sweep.cells(),
                sweep.seeds().size(), sweep.runs().size(), before, out);
        ProgressBar bar = new ProgressBar(err);
        StopOnSignal.Outcome<SweepProgress> outcome;
        try {
            outcome = StopOnSignal.run(stop -> switch (engine) {
                case "local" -> new LocalSweep(dir, parallel, keepRuns, retryFailed).run(stop, bar::show);
                case "spark" -> spark(dir).run(stop, bar::show);
                default -> throw new IllegalArgumentException("--engine must be local or spark, got '" + engine + "'");
            });
        } finally {
            bar.finish();
        }
        SweepProgress p = outcome.value();
        err.printf("%s: %d/%d runs done (%d failed, %d diverged) in %.1f s; results in %s%n",
                outcome.signalled() || p.done() < p.total() ? "stopped" : "finished", p.done(), p.total(), p.failed(),
                p.diverged(), p.elapsed(), out.resolve("sweep.csv"));
        err.flush();
        return 0;
    }

    private SparkSweep spark(SweepDirectory dir) {
        if (!SparkSweep.available()) {
            throw new IllegalArgumentException("--engine spark needs Spark on the class path: build the job jar with "
                    + "'mvn -Pspark-job -DskipTests package' and start it with spark-submit (docs/sweeps.md, 'Sweeps on a cluster (Apache Spark)')");
        }
        String target = parquet != null ? parquet : out.toAbsolutePath().resolve("sweep.parquet").toUri().toString();
        return new SparkSweep(dir, master, keepRuns, retryFailed, target);
    }
}
