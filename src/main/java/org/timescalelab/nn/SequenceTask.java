package org.timescalelab.nn;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Generator of a task's sequences (docs/training.md, "Tasks"). Every draw comes from the generator passed
 * in, so a seed fixes a data set; the task's own constants (the readout direction u of
 * {@code MULTI_LAG}) are drawn once, when the task is created.
 */
public final class SequenceTask {

    private static final int NARMA_WASHOUT = 50;

    private final TaskSpec spec;
    private final double[] direction;
    /** The spec's lags, coefficients and longest lag, read once (the spec hands out copies and streams the maximum). */
    private final int[] lags;
    private final double[] coefficients;
    private final int maxLag;

    private SequenceTask(TaskSpec spec, double[] direction) {
        this.spec = spec;
        this.direction = direction;
        this.lags = spec.lags();
        this.coefficients = spec.coefficients();
        this.maxLag = spec.maxLag();
    }

    /** Creates the task, drawing its constants from {@code rng}. */
    public static SequenceTask of(TaskSpec spec, UniformRandomProvider rng) {
        double[] u = new double[spec.dim()];
        if (spec.kind() == TaskKind.MULTI_LAG) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double norm = 0;
            for (int i = 0; i < u.length; i++) {
                u[i] = g.sample();
                norm += u[i] * u[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < u.length; i++) {
                u[i] /= norm;
            }
        }
        return new SequenceTask(spec, u);
    }

    /** The task's settings. */
    public TaskSpec spec() {
        return spec;
    }

    /** The unit readout direction u of {@code MULTI_LAG}. */
    public double[] direction() {
        return direction.clone();
    }

    /** Draws {@code count} independent sequences. */
    public Batch generate(int count, UniformRandomProvider rng) {
        int t = spec.length();
        Batch batch = new Batch(count, t, spec.inputSize(), spec.outputSize(), new double[count * t * spec.inputSize()],
                new double[count * t * spec.outputSize()], new boolean[t]);
        generate(batch, rng);
        return batch;
    }

    /**
     * Draws {@code into.size()} independent sequences into the arrays of {@code into} (of this
     * task's shape), the same numbers {@link #generate(int, UniformRandomProvider)} would draw;
     * allocates nothing except for NARMA's recursion.
     */
    void generate(Batch into, UniformRandomProvider rng) {
        generate(into, rng, ZigguratSampler.NormalizedGaussian.of(rng));
    }

    /** {@link #generate(Batch, UniformRandomProvider)} with a normal sampler over {@code rng} kept by the caller. */
    void generate(Batch into, UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss) {
        int t = spec.length();
        int count = into.size();
        double[] x = into.inputs();
        double[] y = into.targets();
        boolean[] mask = into.hasTarget();
        java.util.Arrays.fill(x, 0);
        java.util.Arrays.fill(y, 0);
        java.util.Arrays.fill(mask, false);
        for (int b = 0; b < count; b++) {
            switch (spec.kind()) {
                case MULTI_LAG:
                    multiLag(b, count, x, y, gauss);
                    break;
                case DELAYED_RECALL:
                    delayedRecall(b, count, x, y, gauss);
                    break;
                case ADDING:
                    adding(b, count, x, y, rng);
                    break;
                default:
                    narma(b, count, x, y, rng);
                    break;
            }
        }
        int first = spec.kind() == TaskKind.ADDING ? t - 1 : maxLag;
        for (int step = first; step < t; step++) {
            mask[step] = true;
        }
    }

    /**
     * Gaussian inputs of sequence b with the task's scale as standard deviation (one sampler over the
     * batch's generator: it keeps no state of its own). The same draws at any scale: stages that
     * differ in the scale see the same inputs, scaled.
     */
    private void gaussianInputs(int b, int count, double[] x, ZigguratSampler.NormalizedGaussian g) {
        int d = spec.inputSize();
        double scale = spec.inputScale();
        for (int t = 0; t < spec.length(); t++) {
            for (int i = 0; i < d; i++) {
                x[(t * count + b) * d + i] = scale * g.sample();
            }
        }
    }

    private void multiLag(int b, int count, double[] x, double[] y, ZigguratSampler.NormalizedGaussian g) {
        gaussianInputs(b, count, x, g);
        int d = spec.inputSize();
        double[] c = coefficients;
        for (int t = 0; t < spec.length(); t++) {
            double sum = 0;
            for (int k = 0; k < lags.length; k++) {
                int src = t - lags[k];
                if (src >= 0) {
                    double proj = 0;
                    for (int i = 0; i < d; i++) {
                        proj += direction[i] * x[(src * count + b) * d + i];
                    }
                    sum += c[k] * proj;
                }
            }
            y[t * count + b] = sum;
        }
    }

    private void delayedRecall(int b, int count, double[] x, double[] y, ZigguratSampler.NormalizedGaussian g) {
        gaussianInputs(b, count, x, g);
        int d = spec.inputSize();
        for (int t = spec.lag(); t < spec.length(); t++) {
            System.arraycopy(x, ((t - spec.lag()) * count + b) * d, y, (t * count + b) * d, d);
        }
    }

    private void adding(int b, int count, double[] x, double[] y, UniformRandomProvider rng) {
        int len = spec.length();
        int half = Math.max(1, len / 2);
        int first = rng.nextInt(half);
        int second = half + rng.nextInt(len - half);
        for (int t = 0; t < len; t++) {
            x[(t * count + b) * 2] = rng.nextDouble();
        }
        x[(first * count + b) * 2 + 1] = 1;
        x[(second * count + b) * 2 + 1] = 1;
        y[(len - 1) * count + b] = x[(first * count + b) * 2] + x[(second * count + b) * 2];
    }

    private void narma(int b, int count, double[] x, double[] y, UniformRandomProvider rng) {
        int len = spec.length();
        int total = len + NARMA_WASHOUT;
        double[] u = new double[total];
        double[] out = new double[total + 1];
        for (int t = 0; t < total; t++) {
            u[t] = 0.5 * rng.nextDouble();
        }
        for (int t = 0; t < total; t++) {
            double window = 0;
            for (int i = 0; i < 10 && t - i >= 0; i++) {
                window += out[t - i];
            }
            double lagged = t >= 9 ? u[t - 9] : 0;
            out[t + 1] = 0.3 * out[t] + 0.05 * out[t] * window + 1.5 * lagged * u[t] + 0.1;
        }
        for (int t = 0; t < len; t++) {
            x[t * count + b] = u[t + NARMA_WASHOUT];
            y[t * count + b] = out[t + NARMA_WASHOUT + 1];
        }
    }
}
