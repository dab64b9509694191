package org.timescalelab.ui.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.timescalelab.run.RunSummary;
import org.timescalelab.sweep.Comparison;
import org.timescalelab.sweep.SweepDirectory;

/**
 * The Compare tab's state and commands, without a toolkit: up to {@value #MAX_RUNS} runs (saved
 * run directories, or the kept runs of a sweep or of {@code compare}), each read back as a
 * {@link RunSummary}, and the series the charts draw from them. FX thread only; reading a run is
 * quick (its files, no training).
 */
public final class CompareModel {

    /** The most runs overlaid at once (more colours would no longer tell them apart). */
    public static final int MAX_RUNS = 6;
    /** The sample size at which the table reports H_N. */
    static final double REFERENCE_N = 1e4;

    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("add saved runs, or the runs of a sweep");

    /**
     * Adds a run directory (its latest diagnostics pass).
     *
     * @return the problem, or null when added
     */
    public String addRun(Path dir) {
        if (runs.size() >= MAX_RUNS) {
            return "at most " + MAX_RUNS + " runs side by side: remove one first";
        }
        try {
            runs.add(RunSummary.read(dir));
        } catch (IOException | RuntimeException e) {
            return "cannot compare " + dir + ": " + e.getMessage();
        }
        status.set(runs.size() + " runs");
        return null;
    }

    /**
     * Adds the finished runs of a sweep or {@code compare} folder that kept its runs (the first
     * {@value #MAX_RUNS} if there are more).
     *
     * @return the problem, or null when added
     */
    public String addSweep(Path dir) {
        List<RunSummary> found;
        try {
            found = Comparison.summaries(SweepDirectory.read(dir));
        } catch (IOException | RuntimeException e) {
            return "cannot compare the runs of " + dir + ": " + e.getMessage();
        }
        if (found.isEmpty()) {
            return dir + " has no finished runs with their directories (run the sweep with --keep-runs)";
        }
        int room = MAX_RUNS - runs.size();
        runs.addAll(found.subList(0, Math.min(room, found.size())));
        status.set(runs.size() + " runs" + (found.size() > room ? " (" + (found.size() - room) + " more left out: at most "
                + MAX_RUNS + ")" : ""));
        return null;
    }

    /** Removes a run. */
    public void remove(RunSummary r) {
        runs.remove(r);
        status.set(runs.size() + " runs");
    }

    /** The runs shown, in colour order. */
    public ObservableList<RunSummary> runs() {
        return runs;
    }

    /** What the last command did, or how many runs are shown. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The comparison table as CSV (as {@code compare.csv}). */
    public String csv() {
        return Comparison.csv(new ArrayList<>(runs), REFERENCE_N);
    }

    /** Spearman's ρ between f(32)/f(1) and H_N(10⁴) over the runs (NaN when it cannot tell). */
    public double decayWindowCorrelation() {
        return Comparison.decayWindowCorrelation(new ArrayList<>(runs), REFERENCE_N);
    }

    /** f(ℓ)/f(1) of a run as (log₁₀ ℓ, log₁₀ f/f(1)) points. */
    static List<double[]> envelope(RunSummary r) {
        return logLog(r.normalisedEnvelope());
    }

    /** P(τ &gt; x) of a run's units as (log₁₀ τ, log₁₀ P) points. */
    static List<double[]> survival(RunSummary r) {
        return logLog(r.survival());
    }

    private static List<double[]> logLog(double[][] xy) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < xy[0].length; i++) {
            out.add(new double[] {Math.log10(xy[0][i]), Math.log10(xy[1][i])});
        }
        return out;
    }

    /** H_N(N) of a run as (log₁₀ N, H_N) points. */
    static List<double[]> window(RunSummary r) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < r.samples().length; i++) {
            out.add(new double[] {Math.log10(r.samples()[i]), r.window()[i]});
        }
        return out;
    }
}
