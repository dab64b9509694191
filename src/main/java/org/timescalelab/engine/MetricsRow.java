package org.timescalelab.engine;

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
 */
public record MetricsRow(long step, double trainLoss, double valLoss, double learningRate, int width, double alpha,
                         double gradNorm, double stepsPerSec) {

    /** Column names of {@code metrics.csv}. */
    public static final String HEADER = "step,train_loss,val_loss,learning_rate,width,alpha,grad_norm,steps_per_sec";

    /** The row as CSV, numbers in round-trip precision, NaN as {@code nan}. */
    public String toCsv() {
        return step + "," + num(trainLoss) + "," + num(valLoss) + "," + num(learningRate) + "," + width + ","
                + num(alpha) + "," + num(gradNorm) + "," + num(stepsPerSec);
    }

    /** Parses a row written by {@link #toCsv()}. */
    public static MetricsRow parse(String line) {
        String[] f = line.split(",");
        if (f.length < 8) {
            throw new IllegalArgumentException("metrics row has " + f.length + " fields, expected 8: " + line);
        }
        return new MetricsRow(Long.parseLong(f[0]), number(f[1]), number(f[2]), number(f[3]), Integer.parseInt(f[4]),
                number(f[5]), number(f[6]), number(f[7]));
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    private static double number(String s) {
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
