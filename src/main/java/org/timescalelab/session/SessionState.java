package org.timescalelab.session;

/** Life cycle of a {@link TrainingSession}. */
public enum SessionState {
    /** Built (or loading), not yet started. */
    READY,
    /** Taking steps. */
    RUNNING,
    /** Paused by the user or after a single step. */
    PAUSED,
    /**
     * Paused by itself: the loss, gradient or parameters became NaN or infinite, or the loss
     * exploded (docs/training.md, "Divergence").
     */
    DIVERGED,
    /** The step budget is spent. */
    FINISHED,
    /** Stopped for good; the engine thread has ended. */
    STOPPED,
    /** An unexpected error ended the session; the message says what. */
    FAILED;

    /** Whether the session can take no more steps. */
    public boolean isTerminal() {
        return this == STOPPED || this == FAILED;
    }
}
