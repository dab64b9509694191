package org.timescalelab.ui.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.OptimizerKind;
import org.timescalelab.run.FolderLock;
import org.timescalelab.run.RunSummary;
import org.timescalelab.sweep.Comparison;
import org.timescalelab.sweep.LocalSweep;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepProgress;
import org.timescalelab.sweep.SweepSpec;
import org.timescalelab.ui.chart.Charts;
import org.timescalelab.ui.chart.TauHistogram;
import org.timescalelab.ui.fx.TaskRunner;

/**
 * The Compare tab's state and commands, without a toolkit: up to {@value #MAX_RUNS} runs (saved
 * run directories, the kept runs of a sweep or of {@code compare}, the live session as it was
 * when added), each shown as a {@link RunSummary} of one of its diagnostics passes, chosen by the
 * {@link Alignment}; and the "architectures side by side" action, which trains the five
 * architectures on one task, seeds and budget and then shows them. Files are read and runs trained
 * by a {@link TaskRunner} (off the FX thread in the app); the results land on the FX thread.
 */
public final class CompareModel {

    /** The most runs overlaid at once (more colours would no longer tell them apart). */
    public static final int MAX_RUNS = 6;
    /** The sample size at which the table reports H_N. */
    static final double REFERENCE_N = 1e7;

    /** Which pass of each run is compared: runs trained for different budgets are aligned by step or by pass. */
    public enum Alignment {
        /** Each run's latest pass, whatever its step. */
        LATEST("latest pass"),
        /** The pass at the same step: each run's last pass at or before the earliest of the runs' latest passes. */
        SAME_STEP("same step"),
        /** The same pass number: each run's k-th pass, k the fewest passes any run has. */
        SAME_PASS("same pass number");

        private final String label;

        Alignment(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Where a run comes from: a run directory (read again when the alignment changes), or a live summary. */
    private record Source(Path dir, String label, RunSummary live) {
    }

    private final TaskRunner runner;
    private final List<Source> sources = new ArrayList<>();
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    private final ObjectProperty<Alignment> alignment = new SimpleObjectProperty<>(Alignment.LATEST);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("add saved runs, the runs of a sweep, "
            + "the live session, or train the architectures side by side");
    private final ReadOnlyLongWrapper alignedStep = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyBooleanWrapper training = new ReadOnlyBooleanWrapper(false);
    private volatile boolean cancelled;
    /** Counts loads: a load's result is shown only if no later one started. */
    private long loads;

    /** A model whose files are read and runs trained by {@code runner}. */
    public CompareModel(TaskRunner runner) {
        this.runner = runner;
        alignment.addListener((o, a, b) -> reload(null));
    }

    /**
     * Adds a run directory.
     *
     * @param problem told the problem (null when the run was added)
     */
    public void addRun(Path dir, Consumer<String> problem) {
        add(List.of(new Source(dir, null, null)), problem);
    }

    /**
     * Adds the finished runs of a sweep or {@code compare} folder that kept its runs (the first
     * ones that fit, up to {@value #MAX_RUNS} in all).
     *
     * @param problem told the problem (null when added)
     */
    public void addSweep(Path dir, Consumer<String> problem) {
        List<Comparison.KeptRun> kept;
        try {
            kept = Comparison.keptRuns(SweepDirectory.read(dir));
        } catch (IOException | RuntimeException e) {
            problem.accept("cannot compare the runs of " + dir + ": " + e.getMessage());
            return;
        }
        if (kept.isEmpty()) {
            problem.accept(dir + " has no finished runs with their directories (run the sweep with --keep-runs)");
            return;
        }
        add(kept.stream().map(k -> new Source(k.dir(), k.label(), null)).toList(), problem);
    }

    /** Adds the live session as it is now (its latest pass); it stays as added while the session trains on. */
    public void addLive(RunSummary live, Consumer<String> problem) {
        add(List.of(new Source(null, live.label(), live)), problem);
    }

    private void add(List<Source> more, Consumer<String> problem) {
        int room = MAX_RUNS - sources.size();
        if (room <= 0) {
            problem.accept("at most " + MAX_RUNS + " runs side by side: remove one first");
            return;
        }
        List<Source> taken = more.subList(0, Math.min(room, more.size()));
        sources.addAll(taken);
        String left = more.size() > room ? "added " + taken.size() + " runs (" + (more.size() - room)
                + " more left out: at most " + MAX_RUNS + ")" : null;
        reload(p -> problem.accept(p != null ? p : left));
    }

    /** Removes a run. */
    public void remove(RunSummary r) {
        int i = runs.indexOf(r);
        if (i >= 0 && i < sources.size()) {
            sources.remove(i);
            reload(null);
        }
    }

    /**
     * Reads every run's pass under the current alignment off the FX thread, then shows them all at
     * once. A run that cannot be read is dropped and named to {@code problem} (null: the status).
     * A later load supersedes an earlier one still under way; its {@code problem} hears nothing.
     */
    private void reload(Consumer<String> problem) {
        long load = ++loads;
        List<Source> now = List.copyOf(sources);
        Alignment a = alignment.get();
        List<RunSummary> out = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long[] at = {-1, 0};
        status.set("reading " + now.size() + " runs…");
        runner.run(() -> System.arraycopy(read(now, a, out, failed), 0, at, 0, 2), failure -> {
            if (load != loads) {
                return;
            }
            String why = failure != null ? String.valueOf(failure.getMessage()) : null;
            for (int i = now.size() - 1; i >= 0 && failure == null; i--) {
                if (failed.get(i) != null) {
                    sources.remove(now.get(i));
                    why = why == null ? failed.get(i) : why + "; " + failed.get(i);
                }
            }
            if (failure == null) {
                runs.setAll(out);
                alignedStep.set(at[0]);
            }
            status.set(describe(a, runs.size(), at, sources.stream().anyMatch(x -> x.live() != null)));
            if (problem != null) {
                problem.accept(why);
            } else if (why != null) {
                status.set(why);
            }
        });
    }

    /**
     * Reads the sources' passes under {@code a} into {@code out}; returns {the common step (SAME_STEP,
     * else −1), the common pass number k}.
     */
    private static long[] read(List<Source> sources, Alignment a, List<RunSummary> out, List<String> failed) {
        List<long[]> passes = new ArrayList<>();
        for (Source s : sources) {
            try {
                passes.add(s.live() != null ? s.live().passSteps() : RunSummary.passSteps(s.dir()));
                failed.add(null);
            } catch (IOException | RuntimeException e) {
                passes.add(null);
                failed.add("cannot compare " + s.dir() + ": " + e.getMessage());
            }
        }
        long common = a == Alignment.SAME_STEP
                ? passes.stream().filter(p -> p != null).mapToLong(p -> p[p.length - 1]).min().orElse(-1) : -1;
        int k = passes.stream().filter(p -> p != null).mapToInt(p -> p.length).min().orElse(0);
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            if (passes.get(i) == null) {
                continue;
            }
            if (s.live() != null) {
                out.add(s.live());
                continue;
            }
            long at = switch (a) {
                case LATEST -> Long.MAX_VALUE;
                case SAME_STEP -> common;
                case SAME_PASS -> passes.get(i)[k - 1];
            };
            try {
                out.add(s.label() == null ? RunSummary.read(s.dir(), at) : RunSummary.read(s.dir(), s.label(), at));
            } catch (IOException | RuntimeException e) {
                failed.set(i, "cannot compare " + s.dir() + ": " + e.getMessage());
            }
        }
        return new long[] {common, k};
    }

    private static String describe(Alignment a, int count, long[] at, boolean live) {
        String n = count + " runs";
        if (count == 0) {
            return n;
        }
        String note = live && a != Alignment.LATEST ? " (the live session keeps the pass it was added with)" : "";
        return switch (a) {
            case LATEST -> n + " · each at its latest pass";
            case SAME_STEP -> n + " · aligned at step " + at[0] + note;
            case SAME_PASS -> n + " · aligned at pass " + at[1] + " of each" + note;
        };
    }

    /**
     * Trains the five architectures (with {@code optimizers}) on {@code base}'s task, seeds and
     * budget of {@code steps}, as a resumable comparison in {@code out}, {@code parallel} runs at
     * once; {@code progress} hears each finished run (on the worker: hand it to the FX thread), and
     * the runs are shown when they are done.
     *
     * @param done told the problem (null when the runs are shown, "cancelled …" when cancelled)
     */
    public void sideBySide(Path out, SessionConfig base, List<OptimizerKind> optimizers, long steps, int parallel,
                           Consumer<SweepProgress> progress, Consumer<String> done) {
        if (training.get()) {
            done.accept("the architectures are already training");
            return;
        }
        SessionConfig budget = base.withSteps(steps);
        SweepSpec spec = Comparison.spec("architectures side by side", budget, List.of(Architecture.values()), optimizers, 1);
        SweepDirectory dir;
        FolderLock lock;
        try {
            lock = SweepDirectory.lock(out, SweepDirectory.MARKER, "the window's side-by-side comparison");
        } catch (IOException | RuntimeException e) {
            done.accept("cannot use " + out + ": " + e.getMessage());
            return;
        }
        try {
            dir = SweepDirectory.open(out, spec);
        } catch (IOException | RuntimeException e) {
            lock.release();
            done.accept("cannot use " + out + ": " + e.getMessage());
            return;
        }
        cancelled = false;
        training.set(true);
        status.set(String.format("training %d runs of %d steps in %s…", spec.runs().size(), steps, out));
        SweepProgress[] last = new SweepProgress[1];
        runner.run(() -> last[0] = new LocalSweep(dir, parallel, true, false).run(() -> cancelled, progress), failure -> {
            lock.release();
            training.set(false);
            if (failure != null) {
                done.accept("the comparison failed: " + failure.getMessage());
            } else if (last[0].done() < last[0].total()) {
                done.accept("cancelled after " + last[0].done() + " of " + last[0].total() + " runs; start it again on "
                        + out + " to finish");
            } else {
                sources.clear();
                addSweep(out, done);
            }
        });
    }

    /** Stops the side-by-side runs after the runs under way. */
    public void cancelSideBySide() {
        cancelled = true;
    }

    /** Whether the side-by-side runs are training. */
    public ReadOnlyBooleanProperty trainingProperty() {
        return training.getReadOnlyProperty();
    }

    /** Which pass of each run is shown. */
    public ObjectProperty<Alignment> alignmentProperty() {
        return alignment;
    }

    /** The step the runs are aligned at (SAME_STEP), else −1. */
    public ReadOnlyLongProperty alignedStepProperty() {
        return alignedStep.getReadOnlyProperty();
    }

    /** The runs shown, in colour order. */
    public ObservableList<RunSummary> runs() {
        return runs;
    }

    /** What the last command did, or how many runs are shown and how they are aligned. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The comparison table as CSV (as {@code compare.csv}). */
    public String csv() {
        return Comparison.csv(new ArrayList<>(runs), REFERENCE_N);
    }

    /** Spearman's ρ between f(32)/f(1) and H_N(10⁷) over the runs (NaN when it cannot tell). */
    public double decayWindowCorrelation() {
        return Comparison.decayWindowCorrelation(new ArrayList<>(runs), REFERENCE_N);
    }

    /** The 90 % bootstrap interval over runs of {@link #decayWindowCorrelation} (seeded by the run count: redraws agree). */
    public double[] decayWindowInterval() {
        return Comparison.decayWindowInterval(new ArrayList<>(runs), REFERENCE_N,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(runs.size()));
    }

    /** The validation loss of a run as (step, log₁₀ loss) points. */
    static List<double[]> loss(RunSummary r) {
        List<double[]> out = new ArrayList<>();
        double[] x = r.lossSteps();
        double[] y = r.losses();
        for (int i = 0; i < x.length; i++) {
            if (y[i] > 0) {
                out.add(new double[] {x[i], Math.log10(y[i])});
            }
        }
        return out;
    }

    /** f(ℓ)/f(1) of a run as (log₁₀ ℓ, log₁₀ f/f(1)) points, or (ℓ, log₁₀ f/f(1)) on a semi-log chart. */
    static List<double[]> envelope(RunSummary r, boolean logLag) {
        double[][] xy = r.normalisedEnvelope();
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < xy[0].length; i++) {
            out.add(new double[] {logLag ? Math.log10(xy[0][i]) : xy[0][i], Math.log10(xy[1][i])});
        }
        return out;
    }

    /** P(τ &gt; x) of a run's units as (log₁₀ τ, log₁₀ P) points. */
    static List<double[]> survival(RunSummary r) {
        return Charts.logLog(r.survival());
    }

    /** p(τ) of a run as a step line over log₁₀ τ: the fraction of its units in each bin (none without units). */
    static List<double[]> histogram(RunSummary r) {
        return r.tau().length == 0 ? List.of() : TauHistogram.steps(TauHistogram.fractions(r.tau()));
    }

    /** H_N(N) of a run as (log₁₀ N, H_N) points. */
    static List<double[]> window(RunSummary r) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < r.samples().length; i++) {
            out.add(new double[] {Math.log10(r.samples()[i]), r.window()[i]});
        }
        return out;
    }

    /** The talk's claim as one point per run: (log₁₀ f(32)/f(1), H_N(10⁷)); none when the decay is unknown. */
    static List<double[]> decayAgainstWindow(RunSummary r) {
        double d = r.decayAt(Comparison.DECAY_LAG);
        return d > 0 ? List.of(new double[] {Math.log10(d), r.windowAt(REFERENCE_N)[0]}) : List.of();
    }
}
