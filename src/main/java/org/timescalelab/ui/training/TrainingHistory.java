package org.timescalelab.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionEvent;
import org.timescalelab.session.SessionSnapshot;
import org.timescalelab.ui.chart.LogScale;
import org.timescalelab.ui.chart.SeriesBuffer;
import org.timescalelab.ui.chart.TauHistogram;

/**
 * What the Training tab's time-based charts have seen of a run, bounded: the loss curves (raw,
 * smoothed, validation; log₁₀), the gates' saturation, the gate-τ histogram per snapshot, the
 * events and the (α̂, β̂) trajectory. A divergence truncates it to the step the run was rolled
 * back to; a reset clears it. FX thread only; no toolkit needed.
 */
final class TrainingHistory {

    /** Most points kept per loss series (older points are thinned). */
    static final int HISTORY = 20_000;
    private static final int SPECTRUM_COLUMNS = 240;
    private static final int EVENTS = 400;
    private static final int PASSES = 400;
    private static final int TRAJECTORY = 300;

    private final DoubleSupplier smoothing;
    private final SeriesBuffer rawLoss = new SeriesBuffer(HISTORY);
    private final SeriesBuffer smoothLoss = new SeriesBuffer(HISTORY);
    private final SeriesBuffer validationLoss = new SeriesBuffer(HISTORY);
    private final SeriesBuffer saturatedLow = new SeriesBuffer(HISTORY);
    private final SeriesBuffer saturatedHigh = new SeriesBuffer(HISTORY);
    private final List<SessionEvent> events = new ArrayList<>();
    /** Every pass's step, α̂, β̂ and H_N at the reference N it arrived under: the trajectory and the breakdowns read them. */
    private final List<PassPoint> passes = new ArrayList<>();

    /** What the charts keep of a pass. */
    private record PassPoint(long step, double alpha, double beta, double window) {
    }
    private final List<double[]> spectrumColumns = new ArrayList<>();
    private final List<Long> spectrumSteps = new ArrayList<>();
    private final List<MetricsRow> rows = new ArrayList<>();
    /** With a task schedule: each stage's task's validation loss (log₁₀), one buffer per task. */
    private final List<SeriesBuffer> taskLoss = new ArrayList<>();
    private double ema = Double.NaN;
    /** The last diagnostics pass received. */
    private DiagnosticsReport latest;
    /** The step of the last task switch, −1 before any. */
    private long switchStep = -1;
    /** The last pass at or before the last switch: the regime the class compares the present to. */
    private DiagnosticsReport beforeSwitch;

    private final DoubleSupplier referenceN;

    /**
     * @param smoothing  the loss curve's EMA factor in [0, 1) (0: raw)
     * @param referenceN the sample size N at which a pass's H_N is kept
     */
    TrainingHistory(DoubleSupplier smoothing, DoubleSupplier referenceN) {
        this.smoothing = smoothing;
        this.referenceN = referenceN;
    }

    /** A metrics row: the loss curves and the rows kept for export. */
    void addRow(MetricsRow r) {
        rows.add(r);
        if (rows.size() > HISTORY * 5) {
            rows.subList(0, rows.size() / 2).clear();
        }
        double loss = r.trainLoss();
        double f = smoothing.getAsDouble();
        rawLoss.add(r.step(), LogScale.log(loss));
        ema = Double.isNaN(ema) ? loss : f * ema + (1 - f) * loss;
        smoothLoss.add(r.step(), LogScale.log(ema));
        if (Double.isFinite(r.valLoss())) {
            validationLoss.add(r.step(), LogScale.log(r.valLoss()));
        }
        double[] tasks = r.taskValLoss();
        while (taskLoss.size() < tasks.length) {
            taskLoss.add(new SeriesBuffer(HISTORY));
        }
        for (int j = 0; j < tasks.length; j++) {
            if (Double.isFinite(tasks[j])) {
                taskLoss.get(j).add(r.step(), LogScale.log(tasks[j]));
            }
        }
    }

    /** Redraws the smoothed curve from the raw one under a new smoothing factor. */
    void recomputeSmoothing() {
        smoothLoss.clear();
        double f = smoothing.getAsDouble();
        double e = Double.NaN;
        for (int i = 0; i < rawLoss.size(); i++) {
            double loss = Math.pow(10, rawLoss.y(i));
            e = Double.isNaN(e) ? loss : f * e + (1 - f) * loss;
            smoothLoss.add(rawLoss.x(i), LogScale.log(e));
        }
        ema = e;
    }

    /** A snapshot: the share of saturated gates (s &lt; 0.1, s &gt; 0.9) and a column of the gate-τ histogram. */
    void addSnapshot(SessionSnapshot s) {
        double[] gates = s.gateMatrix();
        int low = 0;
        int high = 0;
        for (double g : gates) {
            low += g < 0.1 ? 1 : 0;
            high += g > 0.9 ? 1 : 0;
        }
        if (gates.length > 0) {
            saturatedLow.add(s.step(), (double) low / gates.length);
            saturatedHigh.add(s.step(), (double) high / gates.length);
        }
        long at = s.step();
        if (!spectrumSteps.isEmpty() && spectrumSteps.get(spectrumSteps.size() - 1) == at) {
            return;
        }
        spectrumColumns.add(TauHistogram.fractions(gateTimescales(s.meanGates())));
        spectrumSteps.add(at);
        if (spectrumColumns.size() > SPECTRUM_COLUMNS) {
            for (int i = spectrumColumns.size() / 2 - 1; i >= 0; i -= 2) {
                spectrumColumns.remove(i);
                spectrumSteps.remove(i);
            }
        }
    }

    /**
     * A diagnostics pass, kept for the (α̂, β̂) trajectory and the breakdowns. A pass at or
     * before the last switch (a background pass can arrive after the switch's event) becomes the
     * "before switch" reference when it is the latest such.
     */
    void addDiagnostics(DiagnosticsReport r) {
        if (switchStep >= 0 && r.step() <= switchStep && (beforeSwitch == null || r.step() >= beforeSwitch.step())) {
            beforeSwitch = r;
        }
        latest = r;
        passes.add(new PassPoint(r.step(), r.medianAlpha(), r.spectrum().beta(), r.windowAt(referenceN.getAsDouble())));
        if (passes.size() > PASSES) {
            passes.remove(0);
        }
    }

    /** An event (the oldest go beyond {@value #EVENTS}); a task switch takes the last pass before it as reference. */
    void addEvent(SessionEvent e) {
        if (e.kind() == SessionEvent.Kind.TASK) {
            switchStep = e.step();
            beforeSwitch = latest != null && latest.step() <= e.step() ? latest : null;
        }
        events.add(e);
        if (events.size() > EVENTS) {
            events.remove(0);
        }
    }

    /** Drops everything after step {@code at} (a divergence rolled the run back there). */
    void truncateAfter(long at) {
        for (SeriesBuffer b : List.of(rawLoss, smoothLoss, validationLoss, saturatedLow, saturatedHigh)) {
            b.truncateAfter(at);
        }
        taskLoss.forEach(b -> b.truncateAfter(at));
        rows.removeIf(r -> r.step() > at);
        passes.removeIf(p -> p.step() > at);
        events.removeIf(e -> e.step() > at);
        while (!spectrumSteps.isEmpty() && spectrumSteps.get(spectrumSteps.size() - 1) > at) {
            spectrumSteps.remove(spectrumSteps.size() - 1);
            spectrumColumns.remove(spectrumColumns.size() - 1);
        }
        ema = smoothLoss.size() == 0 ? Double.NaN : Math.pow(10, smoothLoss.y(smoothLoss.size() - 1));
        if (latest != null && latest.step() > at) {
            latest = beforeSwitch;
        }
        if (switchStep > at) {
            switchStep = events.stream().filter(e -> e.kind() == SessionEvent.Kind.TASK).mapToLong(SessionEvent::step)
                    .max().orElse(-1);
            beforeSwitch = switchStep < 0 || beforeSwitch == null || beforeSwitch.step() > switchStep ? null : beforeSwitch;
        }
    }

    /** Forgets everything (a reset, a new session). */
    void clear() {
        for (SeriesBuffer b : List.of(rawLoss, smoothLoss, validationLoss, saturatedLow, saturatedHigh)) {
            b.clear();
        }
        taskLoss.clear();
        events.clear();
        passes.clear();
        spectrumColumns.clear();
        spectrumSteps.clear();
        rows.clear();
        ema = Double.NaN;
        latest = null;
        switchStep = -1;
        beforeSwitch = null;
    }

    /** The last pass at or before the last task switch; null before a switch or without a pass before it. */
    DiagnosticsReport beforeSwitch() {
        return beforeSwitch;
    }

    /** The step of the last task switch, −1 before any. */
    long switchStep() {
        return switchStep;
    }

    SeriesBuffer rawLoss() {
        return rawLoss;
    }

    SeriesBuffer smoothLoss() {
        return smoothLoss;
    }

    SeriesBuffer validationLoss() {
        return validationLoss;
    }

    SeriesBuffer saturatedLow() {
        return saturatedLow;
    }

    SeriesBuffer saturatedHigh() {
        return saturatedHigh;
    }

    /** Each task's validation loss (log₁₀) under a task schedule; empty without one. */
    List<SeriesBuffer> taskLoss() {
        return taskLoss;
    }

    List<SessionEvent> events() {
        return events;
    }

    /** The passes received, oldest first (at most {@value #PASSES}), as the breakdown reads them. */
    List<Forgetting.Pass> passes() {
        return passes.stream().map(p -> new Forgetting.Pass(p.step(), p.beta(), p.window())).toList();
    }

    /** The (α̂, β̂) trajectory: {step, α̂, β̂} of the last {@value #TRAJECTORY} passes where both are finite. */
    List<double[]> trajectory() {
        List<double[]> t = passes.stream().filter(p -> Double.isFinite(p.alpha()) && Double.isFinite(p.beta()))
                .map(p -> new double[] {p.step(), p.alpha(), p.beta()}).toList();
        return t.subList(Math.max(0, t.size() - TRAJECTORY), t.size());
    }

    List<double[]> spectrumColumns() {
        return spectrumColumns;
    }

    List<Long> spectrumSteps() {
        return spectrumSteps;
    }

    /** A copy of the rows kept (for work elsewhere, such as writing a run). */
    List<MetricsRow> rows() {
        return List.copyOf(rows);
    }

    /** The rows kept, read-only and live (for reading now, on the FX thread, without a copy). */
    List<MetricsRow> rowsView() {
        return java.util.Collections.unmodifiableList(rows);
    }

    /** τ = −1/ln(1 − s̄) of each unit (docs/models.md, "Leak and correction"). */
    static double[] gateTimescales(double[] meanGates) {
        double[] tau = new double[meanGates.length];
        for (int q = 0; q < tau.length; q++) {
            tau[q] = -1.0 / Math.log1p(-meanGates[q]);
        }
        return tau;
    }
}
