package org.timescalelab.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.OptimizerKind;
import org.timescalelab.report.ComparePlot;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.run.FolderLock;
import org.timescalelab.run.RunSummary;
import org.timescalelab.run.StopOnSignal;
import org.timescalelab.sweep.Comparison;
import org.timescalelab.sweep.LocalSweep;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepProgress;
import org.timescalelab.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Architectures side by side, or any saved runs side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Train the architectures (and optionally several optimizers) on the same task, seeds and step budget, "
                + "each ending with a diagnostics pass, as a resumable sweep in DIR (runs at once: --parallel); or, with "
                + "--runs, take saved run directories. Writes DIR/compare.csv (class, f(32)/f(1), β̂ and H_N at the "
                + "reference N with their 90%% intervals) and DIR/compare[-OPTIMIZER].png (envelope, window, spectrum, "
                + "phase plane; at most 6 runs a figure), and prints the table.")
final class CompareCommand implements Callable<Integer> {

    /** The file that marks a folder of saved runs compared (the training mode's is sweep.json). */
    static final String RUNS_MARKER = "timescale-lab-compare.json";

    @Mixin
    ConfigOptions options;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The comparison's folder (created or resumed).")
    Path out;

    @Option(names = "--runs", arity = "1..*", paramLabel = "DIR",
            description = "Compare these run directories (their latest diagnostics pass) instead of training.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--arch", split = ",", paramLabel = "A,B", description = "Architectures (default: all five).")
    List<Architecture> archs = List.of(Architecture.values());

    @Option(names = "--optimizer", split = ",", paramLabel = "O,P",
            description = "Optimizers, e.g. SGD,ADAM (default: the config's).")
    List<OptimizerKind> optimizers = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "Replicates per architecture (default ${DEFAULT-VALUE}).")
    int seeds = 1;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps of every run, 1 or more (default: the config's).")
    Long steps;

    @Option(names = "--parallel", paramLabel = "N", description = "Runs at once (default: one per core).")
    int parallel = LocalSweep.defaultParallel();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (FolderLock lock = SweepDirectory.lock(out, runs.isEmpty() ? SweepDirectory.MARKER : RUNS_MARKER, "compare")) {
            return compare();
        }
    }

    private int compare() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        List<RunSummary> summaries = new ArrayList<>();
        double referenceN;
        if (!runs.isEmpty()) {
            if (runs.size() > ComparePlot.MAX_RUNS) {
                throw new ConfigException("runs", runs.size(), "1.." + ComparePlot.MAX_RUNS + " run directories");
            }
            java.util.Set<Path> seen = new java.util.HashSet<>();
            for (Path r : runs) {
                if (Files.exists(r) && !seen.add(r.toRealPath())) {
                    throw new ConfigException("runs", r, "each run directory once (" + r.toRealPath() + " is given twice)");
                }
                summaries.add(RunSummary.read(r));
            }
            distinctLabels(summaries, runs);
            SweepDirectory.requireNewOrEmpty(out, RUNS_MARKER);
            AtomicFiles.write(out.resolve(RUNS_MARKER), "{\"app\": \"Timescale Lab\", \"compare\": \"runs\"}\n");
            referenceN = summaries.get(0).config().diagnostics().referenceN();
        } else {
            if (seeds < 1 || seeds > 10) {
                throw new ConfigException("seeds", seeds, "1..10");
            }
            if (steps != null && steps < 1) {
                throw new ConfigException("--steps", steps, "1 or more training steps");
            }
            SessionConfig base = options.load(steps != null ? List.of("training.steps=" + steps) : List.of());
            List<OptimizerKind> opts = optimizers.isEmpty() ? List.of(base.training().optimizer()) : optimizers;
            SweepSpec sweep = Comparison.spec("architectures side by side", base, archs, opts, seeds);
            SweepDirectory dir = SweepDirectory.open(out, sweep);
            err.printf("compare: %d runs (%d architectures × %d optimizers × %d seeds, %d steps each); %d already done in %s%n",
                    sweep.runs().size(), archs.size(), opts.size(), seeds, base.training().steps(), dir.rows().size(), out);
            ProgressBar bar = new ProgressBar(err);
            StopOnSignal.Outcome<SweepProgress> outcome;
            try {
                outcome = StopOnSignal.run(stop -> new LocalSweep(dir, parallel, true, false).run(stop, bar::show));
            } finally {
                bar.finish();
            }
            if (outcome.signalled() || outcome.value().done() < outcome.value().total()) {
                err.println("stopped: run compare again on the same --out to finish");
                return 0;
            }
            summaries.addAll(Comparison.summaries(SweepDirectory.read(out)));
            referenceN = base.diagnostics().referenceN();
        }
        AtomicFiles.write(out.resolve("compare.csv"), Comparison.csv(summaries, referenceN).getBytes(StandardCharsets.UTF_8));
        for (var group : groups(summaries).entrySet()) {
            String name = group.getKey().isEmpty() ? "compare.png" : "compare-" + group.getKey() + ".png";
            ComparePlot.write(group.getValue(), "Side by side" + (group.getKey().isEmpty() ? "" : ": " + group.getKey())
                    + " (" + summaries.get(0).step() + " steps)", out.resolve(name));
        }
        printTable(stdout, summaries, referenceN);
        return 0;
    }

    /**
     * Two runs in folders of the same name ({@code a/run}, {@code b/run}) are named by their parent
     * folder too: a table or legend with two "run" rows cannot be read (and the figure library
     * refuses two series of one name).
     */
    private static void distinctLabels(List<RunSummary> summaries, List<Path> dirs) {
        java.util.Map<String, Long> count = summaries.stream()
                .collect(java.util.stream.Collectors.groupingBy(RunSummary::label, java.util.stream.Collectors.counting()));
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < summaries.size(); i++) {
            RunSummary r = summaries.get(i);
            if (count.get(r.label()) == 1) {
                used.add(r.label());
                continue;
            }
            Path parent = dirs.get(i).toAbsolutePath().normalize().getParent();
            String label = (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + r.label();
            for (int k = 2; !used.add(label); k++) {
                label = r.label() + " (" + k + ")";
            }
            summaries.set(i, r.withLabel(label));
        }
    }

    /**
     * Figures of at most {@link ComparePlot#MAX_RUNS} runs: one per optimizer when several were
     * trained; a group larger than that is split by seed replicate (five architectures × three seeds
     * would be fifteen curves, and a cap per figure used to drop runs silently), and what is still
     * too large into figures of consecutive runs.
     */
    private static java.util.Map<String, List<RunSummary>> groups(List<RunSummary> all) {
        boolean byOptimizer = all.stream().map(r -> r.config().training().optimizer()).distinct().count() > 1;
        java.util.function.Function<RunSummary, String> optimizer =
                r -> byOptimizer ? r.config().training().optimizer().name() : "";
        java.util.Map<String, Long> sizes = all.stream()
                .collect(java.util.stream.Collectors.groupingBy(optimizer, java.util.stream.Collectors.counting()));
        // Replicate r adds r to the base's seeds: the rank of a run's model seed is its replicate ("s0" in its label).
        List<Long> seeds = all.stream().map(r -> r.config().seeds().model()).distinct().sorted().toList();
        java.util.Map<String, List<RunSummary>> keyed = new java.util.LinkedHashMap<>();
        for (RunSummary r : all) {
            String key = optimizer.apply(r);
            if (sizes.get(key) > ComparePlot.MAX_RUNS && seeds.size() > 1) {
                key = (key.isEmpty() ? "" : key + "-") + "s" + seeds.indexOf(r.config().seeds().model());
            }
            keyed.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        java.util.Map<String, List<RunSummary>> out = new java.util.LinkedHashMap<>();
        keyed.forEach((key, runs) -> {
            for (int from = 0; from < runs.size(); from += ComparePlot.MAX_RUNS) {
                String name = runs.size() <= ComparePlot.MAX_RUNS ? key
                        : (key.isEmpty() ? "" : key + "-") + "part-" + (from / ComparePlot.MAX_RUNS + 1);
                out.put(name, runs.subList(from, Math.min(runs.size(), from + ComparePlot.MAX_RUNS)));
            }
        });
        return out;
    }

    private static void printTable(PrintWriter out, List<RunSummary> runs, double referenceN) {
        out.printf("%-22s %-12s %10s %-26s %-24s%n", "run", "class", "f(32)/f(1)", "β̂ [90%]",
                String.format("H_N(%.0e) [90%%]", referenceN));
        for (RunSummary r : runs) {
            double[] w = r.windowAt(referenceN);
            double decay = r.decayAt(Comparison.DECAY_LAG);
            out.printf("%-22s %-12s %10s %-26s %-24s%n", r.label(), r.envelopeClass(),
                    Double.isNaN(decay) ? "no lag 32" : String.format("%.3g", decay),
                    Double.isNaN(r.betaHat()) ? "cannot tell" : String.format("%.3g [%.3g, %.3g]", r.betaHat(), r.betaLow(), r.betaHigh()),
                    String.format("%.0f [%.0f, %s]", w[0], w[1], Double.isFinite(w[2]) ? String.format("%.0f", w[2]) : "∞"));
        }
        double rho = Comparison.decayWindowCorrelation(runs, referenceN);
        double[] iv = Comparison.decayWindowInterval(runs, referenceN,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(runs.size()));
        out.printf("Spearman ρ between f(%d)/f(1) and H_N(%.0e), 90%% bootstrap interval over runs: %s%n",
                (int) Comparison.DECAY_LAG, referenceN, Comparison.describeClaim(rho, iv, runs.size()));
        out.flush();
    }
}
