package org.timescalelab.nn;

/**
 * The outcome of one training step.
 *
 * @param loss     training loss of the step's batch, before the update
 * @param gradNorm global L2 norm of the gradient, before clipping
 * @param finite   false when the loss, the gradient or the updated parameters were NaN or
 *                 infinite; the parameters are then those before the step
 * @param failure  what was not finite ("loss", "gradient", "parameters"), or empty
 */
public record StepResult(double loss, double gradNorm, boolean finite, String failure) {
}
