package org.timescalelab.engine;

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
        LEARNING_RATE, WIDTH, ALPHA, NOISE, CLIPPING, DIAGNOSTICS, DIVERGED, RESET, STATE
    }
}
