package org.timescalelab.nn;

/**
 * An optimizer and its constants (docs/training.md, "Optimizers").
 *
 * @param kind         which optimizer
 * @param momentum     heavy-ball coefficient of {@code MOMENTUM} (0.9)
 * @param rho          RMSprop's second-moment decay (0.99)
 * @param beta1        Adam's first-moment decay (0.9)
 * @param beta2        Adam's second-moment decay (0.999)
 * @param epsilon      the ε of λ = η/(√v̂ + ε) (1e−8)
 * @param weightDecay  AdamW's decoupled weight decay (1e−4)
 */
public record OptimizerSpec(OptimizerKind kind, double momentum, double rho, double beta1, double beta2,
                            double epsilon, double weightDecay) {

    /** The defaults of docs/training.md, "Optimizers" for an optimizer. */
    public static OptimizerSpec defaults(OptimizerKind kind) {
        return new OptimizerSpec(kind, 0.9, 0.99, 0.9, 0.999, 1e-8, 1e-4);
    }
}
