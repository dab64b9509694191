package org.timescalelab.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.timescalelab.run.Csv;
import org.timescalelab.run.HeadlessRun;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionState;
import org.timescalelab.theory.EnvelopeFit;

/**
 * One row of {@code sweep.csv}: the outcome of one run of a sweep. Immutable.
 *
 * @param cell           cell index (product order of the axes)
 * @param seed           replicate offset
 * @param values         the cell's value on each axis
 * @param status         {@code ok}, {@code diverged} (NaN/Inf: the row keeps the last good losses) or {@code failed}
 * @param reason         why a run diverged or failed, empty when ok
 * @param steps          training steps taken
 * @param trainLoss      last training loss
 * @param valLoss        last validation loss
 * @param windows        H_N at each of the sweep's reference N (NaN without a diagnostics pass)
 * @param envelopeClass  selected decay class of the envelope ("cannot tell" when undecided), empty without a pass
 * @param envelopeRate   its rate: 1/τ, β or γ (EnvelopeFit.Model.rate)
 * @param envelopeCutoff 1/τ_max of the tempered law, 0 for the other classes
 * @param envelopeR2     R² of the winning fit of ln f
 * @param betaHat        spectrum tail β̂ (docs/timescale-sde.md)
 * @param betaLow        lower end of its 90% bootstrap interval
 * @param betaHigh       upper end
 * @param alphaMedian    median over lags of the fitted noise tail α̂(ℓ)
 * @param wallSeconds    wall-clock time of the run (the only column that is not reproducible)
 */
public record SweepRow(int cell, int seed, List<String> values, String status, String reason, long steps,
                       double trainLoss, double valLoss, double[] windows, String envelopeClass, double envelopeRate,
                       double envelopeCutoff, double envelopeR2, double betaHat, double betaLow, double betaHigh,
                       double alphaMedian, double wallSeconds) {

    /** Status of a run that finished with its diagnostics pass. */
    public static final String OK = "ok";
    /** Status of a run that met NaN/Inf or an exploding loss (its last good losses kept). */
    public static final String DIVERGED = "diverged";
    /** Status of a run that could not run (e.g. a combination of axis values breaks a rule); the reason says why. */
    public static final String FAILED = "failed";

    /** The metric columns a report can plot, in {@code sweep.csv} order after the H_N columns. */
    public static final List<String> METRICS = List.of("train_loss", "val_loss", "envelope_rate", "envelope_r2",
            "beta_hat", "alpha_hat_median", "wall_time_s");

    /** Copies the list and the array and puts the reason on one line (a row is immutable). */
    public SweepRow {
        values = List.copyOf(values);
        reason = reason.replaceAll("\\s+", " ").trim();
        windows = windows.clone();
    }

    /** The row of a run that could not train: a config that breaks a rule, or an error. */
    public static SweepRow failed(SweepSpec.Run run, int referenceCount, String reason, double wallSeconds) {
        double[] nan = new double[referenceCount];
        Arrays.fill(nan, Double.NaN);
        return new SweepRow(run.cell(), run.seed(), run.values(), FAILED, reason, 0, Double.NaN, Double.NaN, nan, "",
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, wallSeconds);
    }

    /** The row of a run that trained, with its last diagnostics pass (null: none ran, diagnostics columns NaN). */
    public static SweepRow of(SweepSpec.Run run, List<Long> referenceN, HeadlessRun.Result result,
                              DiagnosticsReport report, double wallSeconds) {
        boolean ok = result.state() == SessionState.FINISHED;
        double[] windows = referenceN.stream().mapToDouble(n -> report == null ? Double.NaN : report.windowAt(n)).toArray();
        EnvelopeFit.Model m = report == null ? null : report.envelopeModel();
        return new SweepRow(run.cell(), run.seed(), run.values(), ok ? OK : DIVERGED, ok ? "" : result.message(),
                result.step(), result.trainLoss(), result.valLoss(), windows,
                m == null ? "" : report.envelopeClass().decided() ? m.decayClass().label() : "cannot tell",
                m == null ? Double.NaN : m.rate(), m == null ? Double.NaN : m.cutoff(), m == null ? Double.NaN : m.r2(),
                report == null ? Double.NaN : report.spectrum().beta(), report == null ? Double.NaN : report.spectrum().low(),
                report == null ? Double.NaN : report.spectrum().high(), report == null ? Double.NaN : report.medianAlpha(),
                wallSeconds);
    }

    /** The columns of {@code sweep.csv} for a sweep. */
    public static List<String> columns(SweepSpec spec) {
        List<String> cols = new ArrayList<>(List.of("cell", "seed"));
        spec.axes().forEach(a -> cols.add(a.field()));
        cols.addAll(List.of("status", "reason", "steps", "train_loss", "val_loss"));
        spec.referenceN().forEach(n -> cols.add("h_n_" + n));
        cols.addAll(List.of("envelope_class", "envelope_rate", "envelope_cutoff", "envelope_r2", "beta_hat", "beta_low",
                "beta_high", "alpha_hat_median", "wall_time_s"));
        return cols;
    }

    /** The row's fields in {@link #columns} order: numbers in round-trip precision, NaN as {@code nan}. */
    public List<String> fields() {
        List<String> f = new ArrayList<>(List.of(Integer.toString(cell), Integer.toString(seed)));
        f.addAll(values);
        f.addAll(List.of(status, reason, Long.toString(steps), MetricsRow.num(trainLoss), MetricsRow.num(valLoss)));
        Arrays.stream(windows).forEach(w -> f.add(MetricsRow.num(w)));
        f.addAll(List.of(envelopeClass, MetricsRow.num(envelopeRate), MetricsRow.num(envelopeCutoff),
                MetricsRow.num(envelopeR2), MetricsRow.num(betaHat), MetricsRow.num(betaLow), MetricsRow.num(betaHigh),
                MetricsRow.num(alphaMedian), MetricsRow.num(wallSeconds)));
        return f;
    }

    /** The row as one CSV line (how Spark's executors hand rows to the driver). */
    public String toCsv() {
        return Csv.line(fields());
    }

    /** Parses a line written by {@link #toCsv()} for a sweep with these axes and reference N. */
    public static SweepRow parse(String line, int axes, int references) {
        return of(Csv.split(line), axes, references);
    }

    /** Parses the fields {@link #fields()} gives, for a sweep with these axes and reference N. */
    public static SweepRow of(List<String> f, int axes, int references) {
        int expected = 2 + axes + 5 + references + 9;
        if (f.size() != expected) {
            throw new IllegalArgumentException("sweep row has " + f.size() + " fields, expected " + expected + ": " + f);
        }
        int k = 2 + axes;
        double[] windows = new double[references];
        for (int i = 0; i < references; i++) {
            windows[i] = MetricsRow.number(f.get(k + 5 + i));
        }
        int d = k + 5 + references;
        return new SweepRow(Integer.parseInt(f.get(0)), Integer.parseInt(f.get(1)), List.copyOf(f.subList(2, k)), f.get(k), f.get(k + 1),
                Long.parseLong(f.get(k + 2)), MetricsRow.number(f.get(k + 3)), MetricsRow.number(f.get(k + 4)), windows,
                f.get(d), MetricsRow.number(f.get(d + 1)), MetricsRow.number(f.get(d + 2)), MetricsRow.number(f.get(d + 3)),
                MetricsRow.number(f.get(d + 4)), MetricsRow.number(f.get(d + 5)), MetricsRow.number(f.get(d + 6)),
                MetricsRow.number(f.get(d + 7)), MetricsRow.number(f.get(d + 8)));
    }

    /** The run this row is the outcome of. */
    public String id() {
        return new SweepSpec.Run(cell, seed, values).id();
    }

    /**
     * A metric by its column name: one of {@link #METRICS} or {@code h_n_<N>} for a reference N
     * of the sweep (NaN when the row lacks it).
     */
    public double metric(String name, List<Long> referenceN) {
        if (name.startsWith("h_n_")) {
            int i = referenceN.indexOf(Long.parseLong(name.substring(4)));
            return i < 0 ? Double.NaN : windows[i];
        }
        switch (name) {
            case "train_loss":
                return trainLoss;
            case "val_loss":
                return valLoss;
            case "envelope_rate":
                return envelopeRate;
            case "envelope_r2":
                return envelopeR2;
            case "beta_hat":
                return betaHat;
            case "alpha_hat_median":
                return alphaMedian;
            case "wall_time_s":
                return wallSeconds;
            default:
                throw new IllegalArgumentException("unknown metric '" + name + "': expected h_n_<N> or one of " + METRICS);
        }
    }

    /** The row without its wall-clock time: what two engines must agree on. */
    public String reproducibleCsv() {
        List<String> f = fields();
        return Csv.line(f.subList(0, f.size() - 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SweepRow r && toCsv().equals(r.toCsv());
    }

    @Override
    public int hashCode() {
        return toCsv().hashCode();
    }

    @Override
    public String toString() {
        return toCsv();
    }
}
