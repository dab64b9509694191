package org.timescalelab.session;

import java.util.List;

/**
 * One row of {@code metrics.csv}: the state after a training step. Immutable.
 *
 * @param step          steps taken so far (1 after the first)
 * @param trainLoss     loss of the step's batch before the update
 * @param valLoss       validation loss after the update, NaN when not computed at this step
 * @param learningRate  η in force for the step
 * @param width         H
 * @param alpha         noise tail index
 * @param gradNorm      global gradient norm before clipping
 * @param stepsPerSec   measured training speed (wall clock: the only non-reproducible column)
 * @param windowN       H_N at {@code diagnostics.referenceN}, NaN on steps without diagnostics
 * @param envelopeClass winning decay class of the envelope, empty on steps without diagnostics
 * @param betaHat       spectrum tail β̂, NaN on steps without diagnostics
 * @param alphaHat      median α̂ over lags, NaN on steps without diagnostics
 * @param taskValLoss   with a task schedule, the validation loss of every stage's task (NaN when not
 *                      computed at this step); empty without one
 */
public record MetricsRow(long step, double trainLoss, double valLoss, double learningRate, int width, double alpha,
                         double gradNorm, double stepsPerSec, double windowN, String envelopeClass, double betaHat,
                         double alphaHat, double[] taskValLoss) {

    /** Copies the array. */
    public MetricsRow {
        taskValLoss = taskValLoss.clone();
    }

    /** A copy of the stages' validation losses. */
    @Override
    public double[] taskValLoss() {
        return taskValLoss.clone();
    }

    /** Rows are equal when every field is, the stages' losses compared by value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MetricsRow r && fields().equals(r.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        return "MetricsRow" + fields();
    }

    /** Column names of {@code metrics.csv}. */
    public static final List<String> HEADER = List.of("step", "train_loss", "val_loss", "learning_rate", "width", "alpha",
            "grad_norm", "steps_per_sec", "h_n", "envelope_class", "beta_hat", "alpha_hat_median");

    /** A row of a step without diagnostics. */
    public static MetricsRow of(long step, double trainLoss, double valLoss, double learningRate, int width,
                                double alpha, double gradNorm, double stepsPerSec) {
        return new MetricsRow(step, trainLoss, valLoss, learningRate, width, alpha, gradNorm, stepsPerSec, Double.NaN,
                "", Double.NaN, Double.NaN, new double[0]);
    }

    /** The columns of {@code metrics.csv} for a run of {@code stages} tasks: {@code val_loss_task_1…} after the rest. */
    public static List<String> header(int stages) {
        List<String> h = new java.util.ArrayList<>(HEADER);
        for (int i = 1; stages > 1 && i <= stages; i++) {
            h.add("val_loss_task_" + i);
        }
        return h;
    }

    /** The same row with the stages' validation losses. */
    public MetricsRow withTaskLosses(double[] losses) {
        return new MetricsRow(step, trainLoss, valLoss, learningRate, width, alpha, gradNorm, stepsPerSec, windowN,
                envelopeClass, betaHat, alphaHat, losses);
    }

    /** The same row with a diagnostics pass's columns. */
    public MetricsRow withDiagnostics(DiagnosticsReport r, double referenceN) {
        return new MetricsRow(step, trainLoss, valLoss, learningRate, width, alpha, gradNorm, stepsPerSec,
                r.windowAt(referenceN), r.envelopeClass().decided() ? r.envelopeModel().decayClass().label() : "cannot tell",
                r.spectrum().beta(), r.medianAlpha(), taskValLoss);
    }

    /** The row's fields in {@link #header} order: numbers in round-trip precision, NaN as {@code nan}. */
    public List<String> fields() {
        List<String> f = new java.util.ArrayList<>(List.of(Long.toString(step), num(trainLoss), num(valLoss),
                num(learningRate), Integer.toString(width), num(alpha), num(gradNorm), num(stepsPerSec), num(windowN),
                envelopeClass, num(betaHat), num(alphaHat)));
        for (double v : taskValLoss) {
            f.add(num(v));
        }
        return f;
    }

    /** Parses the fields {@link #fields()} gives. */
    public static MetricsRow of(List<String> f) {
        if (f.size() < HEADER.size()) {
            throw new IllegalArgumentException("metrics row has " + f.size() + " fields, expected " + HEADER.size() + ": " + f);
        }
        return new MetricsRow(Long.parseLong(f.get(0)), number(f.get(1)), number(f.get(2)), number(f.get(3)),
                Integer.parseInt(f.get(4)), number(f.get(5)), number(f.get(6)), number(f.get(7)), number(f.get(8)),
                f.get(9), number(f.get(10)), number(f.get(11)),
                f.subList(HEADER.size(), f.size()).stream().mapToDouble(MetricsRow::number).toArray());
    }

    /** A number as the run's files write it: round-trip precision, {@code nan}, {@code inf}, {@code -inf}. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    /** A number as {@link #num} writes it. */
    public static double number(String s) {
        switch (s) {
            case "nan":
                return Double.NaN;
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(s);
        }
    }
}
