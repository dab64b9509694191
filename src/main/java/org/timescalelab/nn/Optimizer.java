package org.timescalelab.nn;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * SGD, momentum, RMSprop, Adam and AdamW over a flat parameter vector (docs/training.md, "Optimizers").
 *
 * <p>{@link #computeUpdate} leaves Δθ in {@link #update()}; the caller adds it to θ (after any
 * update noise). Updates, with g the gradient and η the learning rate:
 * <ul>
 *   <li>SGD: Δθ = −η g</li>
 *   <li>momentum: m ← μ m + g, Δθ = −η m</li>
 *   <li>RMSprop: v ← ρ v + (1−ρ) g², Δθ = −η g / (√v + ε) (no bias correction)</li>
 *   <li>Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², Δθ = −η m̂ / (√v̂ + ε), m̂ = m/(1−β₁ʳ),
 *       v̂ = v/(1−β₂ʳ)</li>
 *   <li>AdamW: Adam's Δθ − η·wd·θ (decoupled weight decay)</li>
 * </ul>
 * The per-parameter rates λ = η/(√v̂ + ε) of the adaptive ones are what the diagnostics call Λ.
 * The moments and Δθ live in plain Java arrays, so a step allocates nothing. They are computed in
 * double precision and, for a float32 network, rounded to float32 as they are stored, as float32
 * arithmetic would leave them: an overflow (g² beyond 3.4e38 at a learning rate far too high)
 * becomes infinite, as it would in the network's own precision, and the run is seen to diverge.
 * Not thread-safe.
 */
final class Optimizer {

    private final OptimizerSpec spec;
    private final double[] first;
    private final double[] second;
    private final double[] update;
    private final boolean single;
    private long steps;

    Optimizer(OptimizerSpec spec, long size, DataType dtype) {
        this.spec = spec;
        this.single = dtype == DataType.FLOAT;
        this.first = new double[Math.toIntExact(size)];
        this.second = new double[first.length];
        this.update = new double[first.length];
    }

    OptimizerSpec spec() {
        return spec;
    }

    /** Δθ of the last {@link #computeUpdate}, which the caller may change in place (update noise). */
    double[] update() {
        return update;
    }

    long steps() {
        return steps;
    }

    /** Computes Δθ for one step from θ and its gradient. */
    void computeUpdate(double[] theta, double[] grad, double learningRate) {
        steps++;
        int n = first.length;
        switch (spec.kind()) {
            case SGD:
                for (int i = 0; i < n; i++) {
                    update[i] = stored(grad[i] * -learningRate);
                }
                break;
            case MOMENTUM:
                for (int i = 0; i < n; i++) {
                    first[i] = stored(first[i] * spec.momentum() + grad[i]);
                    update[i] = stored(first[i] * -learningRate);
                }
                break;
            case RMSPROP:
                for (int i = 0; i < n; i++) {
                    second[i] = stored(second[i] * spec.rho() + stored(grad[i] * grad[i]) * (1 - spec.rho()));
                    update[i] = stored(grad[i] / denominator(i, 1.0) * -learningRate);
                }
                break;
            default:
                double correction = 1 - Math.pow(spec.beta2(), steps);
                double step = -learningRate / (1 - Math.pow(spec.beta1(), steps));
                double decay = -learningRate * spec.weightDecay();
                boolean decoupled = spec.kind() == OptimizerKind.ADAMW;
                for (int i = 0; i < n; i++) {
                    first[i] = stored(first[i] * spec.beta1() + grad[i] * (1 - spec.beta1()));
                    second[i] = stored(second[i] * spec.beta2() + stored(grad[i] * grad[i]) * (1 - spec.beta2()));
                    update[i] = stored(first[i] / denominator(i, correction) * step);
                    if (decoupled) {
                        update[i] = stored(update[i] + theta[i] * decay);
                    }
                }
                break;
        }
    }

    /** x as stored: rounded to float32 for a float32 network. */
    private double stored(double x) {
        return single ? (float) x : x;
    }

    /** Rounds θ + Δθ as the network stores it. */
    double add(double theta, double delta) {
        return stored(theta + delta);
    }

    /** √(v/correction) + ε of parameter i. */
    private double denominator(int i, double correction) {
        return Math.sqrt(second[i] * (1.0 / correction)) + spec.epsilon();
    }

    /**
     * The per-parameter rates λ = η/(√v̂ + ε) of an adaptive optimizer, or η for every parameter
     * of SGD and momentum.
     */
    double[] rates(double learningRate) {
        double[] r = new double[first.length];
        if (!spec.kind().isAdaptive()) {
            java.util.Arrays.fill(r, learningRate);
            return r;
        }
        double correction = spec.kind() == OptimizerKind.RMSPROP ? 1.0 : 1 - Math.pow(spec.beta2(), Math.max(1, steps));
        for (int i = 0; i < r.length; i++) {
            r[i] = learningRate / denominator(i, correction);
        }
        return r;
    }

    double[] firstMoment() {
        return first.clone();
    }

    double[] secondMoment() {
        return second.clone();
    }

    void restore(double[] m, double[] v, long stepCount) {
        System.arraycopy(m, 0, first, 0, first.length);
        System.arraycopy(v, 0, second, 0, second.length);
        steps = stepCount;
    }
}
