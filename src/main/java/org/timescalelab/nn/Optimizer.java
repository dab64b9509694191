package org.timescalelab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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
 */
final class Optimizer {

    private final OptimizerSpec spec;
    private final INDArray first;
    private final INDArray second;
    private final INDArray update;
    private final INDArray scratch;
    private long steps;

    Optimizer(OptimizerSpec spec, long size, DataType dtype) {
        this.spec = spec;
        this.first = Nd4j.create(dtype, size);
        this.second = Nd4j.create(dtype, size);
        this.update = Nd4j.create(dtype, size);
        this.scratch = Nd4j.create(dtype, size);
    }

    OptimizerSpec spec() {
        return spec;
    }

    INDArray update() {
        return update;
    }

    long steps() {
        return steps;
    }

    /** Computes Δθ for one step from θ and its gradient. */
    void computeUpdate(INDArray theta, INDArray grad, double learningRate) {
        steps++;
        switch (spec.kind()) {
            case SGD:
                grad.mul(-learningRate, update);
                break;
            case MOMENTUM:
                first.muli(spec.momentum()).addi(grad);
                first.mul(-learningRate, update);
                break;
            case RMSPROP:
                accumulateSecond(grad, spec.rho());
                denominator(1.0);
                grad.div(scratch, update).muli(-learningRate);
                break;
            default:
                scratch.assign(grad).muli(1 - spec.beta1());
                first.muli(spec.beta1()).addi(scratch);
                accumulateSecond(grad, spec.beta2());
                denominator(1 - Math.pow(spec.beta2(), steps));
                first.div(scratch, update).muli(-learningRate / (1 - Math.pow(spec.beta1(), steps)));
                if (spec.kind() == OptimizerKind.ADAMW) {
                    update.addi(theta.mul(-learningRate * spec.weightDecay(), scratch));
                }
                break;
        }
    }

    private void accumulateSecond(INDArray grad, double decay) {
        grad.mul(grad, scratch).muli(1 - decay);
        second.muli(decay).addi(scratch);
    }

    /** scratch = √(v/correction) + ε. */
    private void denominator(double correction) {
        second.mul(1.0 / correction, scratch);
        Transforms.sqrt(scratch, false);
        scratch.addi(spec.epsilon());
    }

    /**
     * The per-parameter rates λ = η/(√v̂ + ε) of an adaptive optimizer, or η for every parameter
     * of SGD and momentum.
     */
    double[] rates(double learningRate) {
        if (!spec.kind().isAdaptive()) {
            double[] r = new double[(int) first.length()];
            java.util.Arrays.fill(r, learningRate);
            return r;
        }
        double correction = spec.kind() == OptimizerKind.RMSPROP ? 1.0 : 1 - Math.pow(spec.beta2(), Math.max(1, steps));
        denominator(correction);
        return scratch.rdiv(learningRate).toDoubleVector();
    }

    double[] firstMoment() {
        return first.toDoubleVector();
    }

    double[] secondMoment() {
        return second.toDoubleVector();
    }

    void restore(double[] m, double[] v, long stepCount) {
        first.assign(Nd4j.create(m, new long[] {m.length}, first.dataType()));
        second.assign(Nd4j.create(v, new long[] {v.length}, second.dataType()));
        steps = stepCount;
    }
}
