package org.timescalelab.session;

/**
 * Receives what a session publishes. Called on the session's engine thread: implementations
 * must return quickly and hand data to their own thread (a mailbox or an append buffer).
 */
public interface SessionListener {

    /** A snapshot, at most {@code engine.snapshotsPerSecond} per second plus one per state change. */
    default void onSnapshot(SessionSnapshot snapshot) {
    }

    /** A metrics row, every {@code engine.logEvery} steps. */
    default void onMetrics(MetricsRow row) {
    }

    /** The results of a diagnostics pass (after the step's metrics row). */
    default void onDiagnostics(DiagnosticsReport report) {
    }

    /** An event (control change, divergence, reset). */
    default void onEvent(SessionEvent event) {
    }
}
