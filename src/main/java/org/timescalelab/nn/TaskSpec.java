package org.timescalelab.nn;

import java.util.Arrays;

/**
 * A sequence task (docs/training.md, "Tasks").
 *
 * @param kind         which task
 * @param length       sequence length T
 * @param dim          input dimension D of {@code MULTI_LAG} and {@code DELAYED_RECALL}
 * @param lags         the lags ℓ_k of {@code MULTI_LAG}
 * @param coefficients the coefficients c_k of {@code MULTI_LAG}, one per lag
 * @param lag          the lag ℓ of {@code DELAYED_RECALL}
 * @param inputScale   the standard deviation of the Gaussian inputs of {@code MULTI_LAG} and
 *                     {@code DELAYED_RECALL} (1: standard normal; a schedule can change it)
 */
public record TaskSpec(TaskKind kind, int length, int dim, int[] lags, double[] coefficients, int lag, double inputScale) {

    /** Defensive copies. */
    public TaskSpec {
        lags = lags.clone();
        coefficients = coefficients.clone();
    }

    /** A task with standard normal inputs. */
    public TaskSpec(TaskKind kind, int length, int dim, int[] lags, double[] coefficients, int lag) {
        this(kind, length, dim, lags, coefficients, lag, 1);
    }

    @Override
    public int[] lags() {
        return lags.clone();
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * What a task schedule changes, in a few words: "lags 4,8,16", or "lag 16" for delayed recall,
     * with ", inputs ×2" when the inputs are not standard normal.
     */
    public String describeStage() {
        String target = kind == TaskKind.DELAYED_RECALL ? "lag " + lag
                : "lags " + Arrays.toString(lags).replaceAll("[\\[\\] ]", "");
        return inputScale == 1 ? target : target + ", inputs ×" + String.format("%.3g", inputScale);
    }

    /** Input dimension the task produces. */
    public int inputSize() {
        switch (kind) {
            case ADDING:
                return 2;
            case NARMA10:
                return 1;
            default:
                return dim;
        }
    }

    /** Output dimension the task asks for. */
    public int outputSize() {
        return kind == TaskKind.DELAYED_RECALL ? dim : 1;
    }

    /** The longest lag the task needs, in steps. */
    public int maxLag() {
        switch (kind) {
            case MULTI_LAG:
                return Arrays.stream(lags).max().orElse(0);
            case DELAYED_RECALL:
                return lag;
            case NARMA10:
                return 10;
            default:
                return length - 1;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskSpec && ((TaskSpec) o).kind == kind && ((TaskSpec) o).length == length
                && ((TaskSpec) o).dim == dim && Arrays.equals(((TaskSpec) o).lags, lags)
                && Arrays.equals(((TaskSpec) o).coefficients, coefficients) && ((TaskSpec) o).lag == lag
                && Double.compare(((TaskSpec) o).inputScale, inputScale) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {kind, length, dim, Arrays.hashCode(lags), Arrays.hashCode(coefficients), lag,
            inputScale});
    }

    @Override
    public String toString() {
        return kind + "(T=" + length + ", D=" + dim + ", lags=" + Arrays.toString(lags)
                + ", c=" + Arrays.toString(coefficients) + ", lag=" + lag + ", input scale=" + inputScale + ")";
    }
}
