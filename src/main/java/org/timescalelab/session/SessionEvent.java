package org.timescalelab.session;

/**
 * Something that happened to a session at a step: a control change ("lr 1e-3 → 3e-3"), a
 * width change, a divergence, a reset. Immutable.
 *
 * @param step  steps taken when it happened; for a divergence, the step the run was rolled back to
 * @param kind  what kind of event
 * @param label a short label for charts, e.g. {@code lr 0.001 → 0.003}
 */
public record SessionEvent(long step, Kind kind, String label) {

    /** Kinds of events. */
    public enum Kind {
        /** The learning rate changed. */
        LEARNING_RATE,
        /** The width changed (units grown or pruned). */
        WIDTH,
        /** The gradient-noise tail index changed. */
        ALPHA,
        /** The update or label noise changed. */
        NOISE,
        /** The clipping norm changed. */
        CLIPPING,
        /** A diagnostics setting changed, or a pass failed. */
        DIAGNOSTICS,
        /** The run diverged and was rolled back. */
        DIVERGED,
        /** The run was reset to its initial state. */
        RESET,
        /** A change of state (e.g. resumed from a checkpoint). */
        STATE,
        /** An unexpected error ended the session; the label says what. */
        FAILED,
        /** The task switched to the next stage of its schedule (docs/training.md, "Task schedules"). */
        TASK
    }
}
