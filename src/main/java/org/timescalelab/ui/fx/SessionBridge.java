package org.timescalelab.ui.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionEvent;
import org.timescalelab.session.SessionListener;
import org.timescalelab.session.SessionSnapshot;

/**
 * The one hop from the engine thread to the FX thread: snapshots and diagnostics through
 * latest-value mailboxes ({@code getAndSet}), metrics rows and events through append queues.
 * The engine thread only enqueues; the FX thread drains everything once per pulse.
 */
public final class SessionBridge implements SessionListener {

    /** What arrived since the last drain. */
    public record Pending(SessionSnapshot snapshot, DiagnosticsReport diagnostics, List<MetricsRow> rows,
                   List<SessionEvent> events) {

        /** Whether nothing arrived since the last drain. */
        public boolean isEmpty() {
            return snapshot == null && diagnostics == null && rows.isEmpty() && events.isEmpty();
        }
    }

    private final AtomicReference<SessionSnapshot> snapshot = new AtomicReference<>();
    private final AtomicReference<DiagnosticsReport> diagnostics = new AtomicReference<>();
    private final ConcurrentLinkedQueue<MetricsRow> rows = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SessionEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    public void onSnapshot(SessionSnapshot s) {
        snapshot.set(s);
    }

    @Override
    public void onMetrics(MetricsRow row) {
        rows.add(row);
    }

    @Override
    public void onEvent(SessionEvent event) {
        events.add(event);
    }

    @Override
    public void onDiagnostics(DiagnosticsReport report) {
        diagnostics.set(report);
    }

    /**
     * Takes everything pending. Events are taken first: whatever the engine published before an event
     * (a reset's old rows and pass) is then already queued and comes in the same batch, never after it.
     */
    public Pending drain() {
        List<SessionEvent> e = new ArrayList<>();
        SessionEvent ev;
        while ((ev = events.poll()) != null) {
            e.add(ev);
        }
        List<MetricsRow> r = new ArrayList<>();
        MetricsRow row;
        while ((row = rows.poll()) != null) {
            r.add(row);
        }
        DiagnosticsReport d = diagnostics.getAndSet(null);
        return new Pending(snapshot.getAndSet(null), d, r, e);
    }
}
