package org.timescalelab.nn;

/**
 * The outcome of one training step: the learner's one result object, overwritten by its next
 * step (so that a step allocates nothing); read it at once and copy what you keep.
 */
public final class StepResult {

    private double loss;
    private double gradNorm;
    private boolean finite;
    private String failure = "";

    StepResult set(double newLoss, double newGradNorm, boolean ok, String what) {
        loss = newLoss;
        gradNorm = newGradNorm;
        finite = ok;
        failure = what;
        return this;
    }

    /** Training loss of the step's batch, before the update. */
    public double loss() {
        return loss;
    }

    /** Global L2 norm of the gradient, before clipping. */
    public double gradNorm() {
        return gradNorm;
    }

    /**
     * False when the step diverged: the loss, the gradient or the updated parameters were NaN or
     * infinite, or the loss exploded; the parameters are then those before the step.
     */
    public boolean finite() {
        return finite;
    }

    /**
     * What was not finite ("loss", "gradient", "parameters"), "exploded" for a finite loss above
     * {@link Learner#EXPLODED} × that of a network that outputs zero, or empty.
     */
    public String failure() {
        return failure;
    }
}
