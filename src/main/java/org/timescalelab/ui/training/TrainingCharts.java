package org.timescalelab.ui.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

import org.timescalelab.run.Csv;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.SessionEvent;
import org.timescalelab.session.SessionSnapshot;
import org.timescalelab.style.Palette;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Learnability;
import org.timescalelab.theory.SpectrumTail;
import org.timescalelab.ui.chart.Axes;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.chart.Charts;
import org.timescalelab.ui.chart.FxColors;
import org.timescalelab.ui.chart.Heatmap;
import org.timescalelab.ui.chart.LogScale;
import org.timescalelab.ui.chart.MarkedLineChart;
import org.timescalelab.ui.chart.SeriesBuffer;
import org.timescalelab.ui.chart.TauHistogram;
import org.timescalelab.ui.widget.Help;

/**
 * The eight live charts of the training dashboard and how each is redrawn from the view model.
 * Every chart redraws at most once per frame and only when the model's data changed; line
 * series are decimated to the chart's width.
 *
 * <p>Length: about 770 lines, a builder and a redraw for each of the eight cards plus their CSV;
 * splitting per card would scatter the shared axes, markers and font handling.
 */
public final class TrainingCharts {

    private final TrainingViewModel vm;
    private final List<ChartPane> panes = new ArrayList<>();

    private final MarkedLineChart loss;
    private final XYChart.Series<Number, Number> lossRaw = Charts.series("train (raw)");
    private final XYChart.Series<Number, Number> lossSmooth = Charts.series("train (EMA)");
    private final XYChart.Series<Number, Number> lossVal = Charts.series("validation");
    private final List<XYChart.Series<Number, Number>> taskSeries = new ArrayList<>();

    private final Heatmap gates = new Heatmap("time step t", "unit (sorted by τ)");
    private final MarkedLineChart saturation;
    private final XYChart.Series<Number, Number> satLow = Charts.series("s < 0.1");
    private final XYChart.Series<Number, Number> satHigh = Charts.series("s > 0.9");

    private final MarkedLineChart spectrum;
    private final XYChart.Series<Number, Number> spectrumData = Charts.series("units");
    private final XYChart.Series<Number, Number> spectrumFit = Charts.series("fit βˆ (band: 90% interval)");
    private final ToggleButton ccdf = new ToggleButton("CCDF");

    private final Heatmap spectrumHistory = new Heatmap("training step", "log₁₀ τ (steps)");

    private final MarkedLineChart envelope;
    private final XYChart.Series<Number, Number> envF = Charts.series("f(ℓ)");
    private final XYChart.Series<Number, Number> envGates = Charts.series("f_gates");
    private final XYChart.Series<Number, Number> envPred = Charts.series("Laplace from p(τ)");
    private final XYChart.Series<Number, Number> envFit = Charts.series("fit");
    private final ToggleButton semiLog = new ToggleButton("semi-log");

    private final Heatmap rates = new Heatmap("lag ℓ (steps)", "unit (sorted by τ)");

    private final MarkedLineChart window;
    private final XYChart.Series<Number, Number> windowData = Charts.series("measured (band: 90%)");
    private final XYChart.Series<Number, Number> windowCensored = Charts.series("lower bound ≥");
    private final XYChart.Series<Number, Number> windowLaw = Charts.series("predicted");
    private final XYChart.Series<Number, Number> windowImplied = Charts.series("from f(ℓ)");
    private final XYChart.Series<Number, Number> windowAuthor = Charts.series("paper's statistic");
    private final XYChart.Series<Number, Number> alphaData = Charts.series("α̂ of the update noise, per direction");
    private final XYChart.Series<Number, Number> alphaUnresolved = Charts.series("unresolved lags");
    private final ToggleButton alphaView = new ToggleButton("α̂");
    private final ToggleButton authorView = new ToggleButton("paper's");

    private final MarkedLineChart phase;
    private final XYChart.Series<Number, Number> phaseData = Charts.series("trajectory (one point per diagnostics pass)");

    /** "Before switch": the last pass before the last task switch, dashed over the present (docs/training.md, "Task schedules"). */
    private final XYChart.Series<Number, Number> spectrumBefore = Charts.series("before switch");
    private final XYChart.Series<Number, Number> envBefore = Charts.series("before switch");
    private final XYChart.Series<Number, Number> windowBefore = Charts.series("before switch");
    private final XYChart.Series<Number, Number> phaseBefore = Charts.series("before switch");

    private long drawn = -1;
    /** What the snapshot- and diagnostics-based charts last showed: they redraw only when it changes. */
    private SessionSnapshot drawnSnapshot;
    private DiagnosticsReport drawnReport;
    private DiagnosticsReport drawnBefore;

    /** Event markers whose label is drawn (the latest); older ones are bare lines. */
    private static final int LABELLED_EVENTS = 3;
    /**
     * The gate card shows the heatmap and the saturation chart side by side from a width of
     * base + per-font-px × font size (the heatmap's margins grow with the font): 290 px at the
     * normal 11 px, 331 px in classroom mode.
     */
    private static final double GATE_CARD_BASE = 200;
    private static final double GATE_CARD_PER_FONT_PX = 8.2;
    private double fontSize = 11;
    private Runnable fitGateCard = () -> { };


    /** The Training tab's chart cards over {@code vm}; exports go to {@code actions}. */
    public TrainingCharts(TrainingViewModel vm, ChartPane.Actions actions) {
        this.vm = vm;
        loss = Charts.chart("training step", "loss (log scale)", true);
        loss.getData().addAll(List.of(lossRaw, lossSmooth, lossVal));
        saturation = Charts.chart("step", "fraction saturated", false);
        saturation.getData().addAll(List.of(satLow, satHigh));
        spectrum = Charts.chart("τ (steps, log scale)", "fraction of units", false);
        spectrum.getData().addAll(List.of(spectrumData, spectrumFit));
        envelope = Charts.chart("lag ℓ (steps, log scale)", "f(ℓ) (log scale)", true);
        envelope.getData().addAll(List.of(envF, envGates, envPred, envFit));
        window = Charts.chart("samples N (log scale)", "H_N (steps)", false);
        window.getData().addAll(List.of(windowData, windowCensored, windowLaw));
        phase = Charts.chart("noise tail index α̂", "spectrum tail βˆ", false);
        phase.getData().add(phaseData);
        phase.setCreateSymbols(true);
        ((NumberAxis) phase.getXAxis()).setAutoRanging(false);
        ((NumberAxis) phase.getXAxis()).setLowerBound(1.0);
        ((NumberAxis) phase.getXAxis()).setUpperBound(2.05);
        ((NumberAxis) phase.getXAxis()).setTickUnit(0.1);
        phase.setMarkers(List.of(new MarkedLineChart.Marker(true, 2.0, "α = 2 (Gaussian)", "tl-reference"),
                new MarkedLineChart.Marker(false, 1.0, "β = 1 (critical)", "tl-reference")));
        ((NumberAxis) spectrum.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        ((NumberAxis) envelope.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        ((NumberAxis) window.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        Axes.log((NumberAxis) loss.getYAxis(), -1, 1);
        emptyAxes();
        Axes.linear((NumberAxis) phase.getYAxis(), 0, 3);
        ccdf.setTooltip(new Tooltip("Switch between the histogram of log₁₀ τ and the complementary CDF on log-log axes"));
        semiLog.setTooltip(new Tooltip("Switch the lag axis between log and linear (semi-log: exponential decay is a line)"));
        alphaView.setTooltip(new Tooltip("Show the tail index α̂ of the whole update's noise along each direction instead of H_N(N)"));
        authorView.setTooltip(new Tooltip("Also draw the window of the paper's code (noise fitted to each lag's own samples: "
                + "the envelope cancels out of it), for comparison; never the headline"));
        authorView.setOnAction(e -> redraw(true));
        ccdf.setOnAction(e -> redraw(true));
        semiLog.setOnAction(e -> redraw(true));
        alphaView.setOnAction(e -> redraw(true));
        vm.showBeforeSwitchProperty().addListener((o, a, b) -> redraw(true));
        vm.referenceNProperty().addListener((o, a, b) -> redraw(true));
        // Heatmap 60%, saturation 40% of the card; in a card too narrow for both (classroom fonts
        // on a 1280×720 projector) the heatmap takes it all and the saturation chart steps aside.
        GridPane gateBox = new GridPane();
        gateBox.setHgap(6);
        ColumnConstraints heat = new ColumnConstraints();
        ColumnConstraints sat = new ColumnConstraints();
        gateBox.getColumnConstraints().addAll(heat, sat);
        gateBox.add(gates, 0, 0);
        gateBox.add(saturation, 1, 0);
        for (javafx.scene.Node n : List.of(gates, saturation)) {
            GridPane.setHgrow(n, Priority.ALWAYS);
            GridPane.setVgrow(n, Priority.ALWAYS);
        }
        saturation.setMinWidth(0);
        gates.setMinWidth(0);
        fitGateCard = () -> {
            boolean both = gateBox.getWidth() >= GATE_CARD_BASE + GATE_CARD_PER_FONT_PX * fontSize;
            heat.setPercentWidth(both ? 60 : 100);
            sat.setPercentWidth(both ? 40 : 0);
            saturation.setVisible(both);
            saturation.setManaged(both);
        };
        gateBox.widthProperty().addListener((o, was, now) -> fitGateCard.run());
        saturation.setLegendVisible(false);
        add(new ChartPane("loss", "1 · Loss", "training and validation loss; EMA over the faint raw curve; lines mark control changes",
                Help.LOSS, loss, this::lossCsv, actions));
        add(new ChartPane("gates", "2 · Gate states", "update fraction s of each unit along a probe sequence; right: saturated gates",
                Help.GATES, gateBox, gates::toCsv, actions));
        ChartPane spectrumPane = new ChartPane("spectrum", "3 · Time-scale spectrum p(τ)",
                "units' time scales (histogram of log τ, or survival function with the fitted tail βˆ)",
                Help.SPECTRUM, spectrum, this::spectrumCsv, actions);
        spectrumPane.addTool(ccdf);
        add(spectrumPane);
        add(new ChartPane("history", "4 · Spectrum over training", "p(τ) of the gate time scales at each snapshot, as colour",
                Help.HISTORY, spectrumHistory, spectrumHistory::toCsv, actions));
        ChartPane envelopePane = new ChartPane("envelope", "5 · Envelope f(ℓ)",
                "summed effective learning rate per lag, its Laplace prediction and the winning decay-class fit",
                Help.ENVELOPE, envelope, this::envelopeCsv, actions);
        envelopePane.addTool(semiLog);
        add(envelopePane);
        add(new ChartPane("rates", "6 · Effective learning rates μ̄(ℓ)", "per unit and lag, mean |μ| (log colour)",
                Help.RATES, rates, rates::toCsv, actions));
        ChartPane windowPane = new ChartPane("window", "7 · Learnability window H_N",
                "longest lag detectable from N samples, with the growth law the envelope class predicts",
                Help.WINDOW, window, this::windowCsv, actions);
        windowPane.addTool(authorView);
        windowPane.addTool(alphaView);
        add(windowPane);
        add(new ChartPane("phase", "8 · Phase plane (α̂, βˆ)", "the run's trajectory: noise tail against spectrum tail",
                Help.PHASE, phase, this::phaseCsv, actions));
    }

    private void add(ChartPane pane) {
        panes.add(pane);
    }

    /** The cards, in reading order. */
    public List<ChartPane> panes() {
        return panes;
    }

    /** Font size of the canvas heatmaps (larger in classroom mode). */
    public void setFontSize(double size) {
        fontSize = size;
        for (Heatmap h : List.of(gates, spectrumHistory, rates)) {
            h.setFontSize(size);
        }
        fitGateCard.run();
    }

    /** Redraws what changed since the last call (or everything when forced). */
    public void redraw(boolean force) {
        if (!force && drawn == vm.version()) {
            return;
        }
        drawn = vm.version();
        int points = Math.max(200, (int) loss.getWidth());
        lossRaw.getData().setAll(vm.rawLoss().decimated(points));
        lossSmooth.getData().setAll(vm.smoothLoss().decimated(points));
        lossVal.getData().setAll(vm.validationLoss().decimated(points));
        drawTaskLosses(points);
        List<MarkedLineChart.Marker> markers = eventMarkers();
        List<MarkedLineChart.Marker> lossMarkers = new ArrayList<>(markers);
        saturation.setMarkers(markers.stream()
                .map(m -> new MarkedLineChart.Marker(true, m.value(), "", m.styleClass())).toList());
        List<XYChart.Series<Number, Number>> lossSeries = new ArrayList<>(List.of(lossRaw, lossSmooth, lossVal));
        lossSeries.addAll(taskSeries);
        double[] ly = Axes.range(lossSeries, false);
        Axes.log((NumberAxis) loss.getYAxis(), ly[0], ly[1]);
        lossMarkers.addAll(breakdownMarkers());
        loss.setMarkers(lossMarkers);
        // About five 1-2-5 ticks (auto-ranging crowded "1,000 1,100 1,200" into each other), and
        // 0…100 while there is no data (auto-ranging kept the old run's range after a reset).
        int n = vm.rawLoss().size();
        Axes.linear((NumberAxis) loss.getXAxis(), 0, n > 1 ? Math.max(10, vm.rawLoss().x(n - 1)) : 100);
        satLow.getData().setAll(vm.saturatedLow().decimated(200));
        satHigh.getData().setAll(vm.saturatedHigh().decimated(200));
        SessionSnapshot s = vm.snapshot();
        DiagnosticsReport d = vm.diagnostics();
        DiagnosticsReport before = vm.beforeSwitch();
        if (before != drawnBefore) {
            force = true;
            drawnBefore = before;
        }
        if (force || s != drawnSnapshot || d != drawnReport) {
            drawGates(s);
            drawSpectrum(vm.currentTimescales(), d);
            drawHistory();
            drawnSnapshot = s;
        }
        if (force || d != drawnReport) {
            if (d != null) {
                drawEnvelope(d);
                drawRates(d);
                drawWindow(d);
            } else {
                clearDiagnostics();
            }
            drawPhase();
            drawnReport = d;
        }
    }

    /** After a reset or rebuild: the diagnostics charts empty until the next pass. */
    private void clearDiagnostics() {
        for (XYChart.Series<Number, Number> s : List.of(envF, envGates, envPred, envFit, windowData, windowCensored,
                windowLaw, windowImplied, windowAuthor, alphaData, alphaUnresolved)) {
            s.getData().clear();
        }
        envFit.setName("fit");
        windowLaw.setName("predicted");
        envelope.setMarkers(List.of());
        window.setMarkers(List.of());
        window.setBand(new double[0], new double[0], new double[0]);
        rates.setData(new double[0], 0, 0, 0, 1, "log₁₀ μ̄", new String[0], new String[0]);
        // A new preset or a reset has no regime before a switch, and no range of the last run's
        // envelope (which kept an empty chart at 1e−315…1e−319).
        showBefore(envelope, List.of(envF, envGates, envPred, envFit), envBefore, false);
        showBefore(window, List.of(windowData, windowCensored, windowLaw, windowImplied), windowBefore, false);
        emptyAxes();
    }

    /** Sensible empty axes until the first diagnostics pass (a log formatter on the default 0…100 range would label decades up to 10¹⁰⁰). */
    private void emptyAxes() {
        Axes.log((NumberAxis) envelope.getXAxis(), 0, 3);
        Axes.log((NumberAxis) envelope.getYAxis(), -2, 1);
        Axes.log((NumberAxis) window.getXAxis(), 1, 8);
        Axes.linear((NumberAxis) window.getYAxis(), 0, 100);
    }

    /** Lines at the last 40 events; only the last {@value #LABELLED_EVENTS} carry their labels, so labels never pile up. */
    private List<MarkedLineChart.Marker> eventMarkers() {
        List<SessionEvent> shown = vm.events().stream()
                .filter(e -> e.kind() != SessionEvent.Kind.STATE && e.kind() != SessionEvent.Kind.RESET).toList();
        shown = shown.size() > 40 ? shown.subList(shown.size() - 40, shown.size()) : shown;
        List<MarkedLineChart.Marker> m = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            SessionEvent e = shown.get(i);
            m.add(new MarkedLineChart.Marker(true, e.step(), i >= shown.size() - LABELLED_EVENTS ? e.label() : "",
                    e.kind() == SessionEvent.Kind.DIVERGED || e.kind() == SessionEvent.Kind.FAILED ? "tl-marker-alert" : "tl-marker-control"));
        }
        return m;
    }

    /**
     * Under a task schedule, every task's validation loss on the loss chart (forgetting curves):
     * the single validation curve gives way to one curve per task.
     */
    private void drawTaskLosses(int points) {
        List<SeriesBuffer> tasks = vm.taskValidationLosses();
        if (tasks.size() != taskSeries.size()) {
            taskSeries.clear();
            for (int j = 0; j < tasks.size(); j++) {
                taskSeries.add(Charts.series("task " + (j + 1) + " (validation)"));
            }
            List<XYChart.Series<Number, Number>> all = new ArrayList<>(List.of(lossRaw, lossSmooth));
            all.addAll(taskSeries.isEmpty() ? List.of(lossVal) : taskSeries);
            loss.getData().setAll(all);
        }
        for (int j = 0; j < tasks.size(); j++) {
            taskSeries.get(j).getData().setAll(tasks.get(j).decimated(points));
        }
    }

    private void drawGates(SessionSnapshot s) {
        HeatmapData d = HeatmapData.gates(s);
        if (d == null) {
            return;
        }
        gates.setData(d.values(), d.rows(), d.cols(), d.low(), d.high(), "gate s",
                new String[] {"0", String.valueOf(d.cols() / 2), String.valueOf(d.cols() - 1)},
                new String[] {"short τ", "long τ"});
    }

    private void drawSpectrum(double[] tau, DiagnosticsReport d) {
        spectrumFit.getData().clear();
        spectrum.setBand(new double[0], new double[0], new double[0]);
        DiagnosticsReport before = overlay();
        double[] beforeTau = before == null ? new double[0]
                : Arrays.stream(before.tau()).filter(t -> t > 0 && Double.isFinite(t)).toArray();
        showBefore(spectrum, List.of(spectrumData, spectrumFit), spectrumBefore, beforeTau.length > 0);
        NumberAxis y = (NumberAxis) spectrum.getYAxis();
        // With no time scale (nothing measured yet, or no decaying unit) the histogram's fixed frame
        // is drawn even in survival mode, whose axes come from the data (with none they read 1…10¹²⁵).
        if (tau.length == 0 || !ccdf.isSelected()) {
            y.setLabel("fraction of units");
            y.setTickLabelFormatter(LogScale.plain());
            double[] h = TauHistogram.fractions(tau);
            spectrumData.getData().setAll(Charts.data(TauHistogram.steps(h)));
            double top = Arrays.stream(h).max().orElse(1);
            if (beforeTau.length > 0) {
                double[] hb = TauHistogram.fractions(beforeTau);
                spectrumBefore.getData().setAll(Charts.data(TauHistogram.steps(hb)));
                top = Math.max(top, Arrays.stream(hb).max().orElse(1));
            }
            spectrum.setMarkers(List.of());
            Axes.log((NumberAxis) spectrum.getXAxis(), 0, TauHistogram.LOG_MAX);
            Axes.linear(y, 0, top > 0 ? top : 1);
            return;
        }
        y.setLabel("P(τ' > τ) (log scale)");
        y.setTickLabelFormatter(LogScale.ticks());
        double[] sorted = Arrays.stream(tau).sorted().toArray();
        spectrumData.getData().setAll(Charts.data(Charts.logLog(SpectrumTail.survival(tau))));
        spectrumBefore.getData().setAll(Charts.data(Charts.logLog(SpectrumTail.survival(beforeTau))));
        List<XYChart.Series<Number, Number>> shown = beforeTau.length > 0 ? List.of(spectrumData, spectrumBefore)
                : List.of(spectrumData);
        double[] sx = Axes.range(shown, true);
        double[] sy = Axes.range(shown, false);
        Axes.log((NumberAxis) spectrum.getXAxis(), sx[0], sx[1]);
        Axes.log(y, sy[0], 0);
        if (d != null && d.spectrum().ok()) {
            double lo = Math.log10(sorted[(int) (0.75 * (sorted.length - 1))]);
            double hi = Math.log10(sorted[sorted.length - 1]);
            double mid = (lo + hi) / 2;
            double atMid = Math.log10(d.spectrum().amplitude()) - d.spectrum().beta() * mid;
            line(spectrumFit, lo, hi, mid, atMid, d.spectrum().beta());
            // The lines of slope −β_low and −β_high through the same pivot bound a bow tie.
            double steep = d.spectrum().high() * (mid - lo);
            double shallow = d.spectrum().low() * (mid - lo);
            spectrum.setBand(new double[] {lo, mid, hi},
                    new double[] {atMid + shallow, atMid, atMid - steep},
                    new double[] {atMid + steep, atMid, atMid - shallow});
            spectrum.setMarkers(List.of(new MarkedLineChart.Marker(false, -2, d.spectrumVerdict(true), "tl-annotation")));
        }
    }

    /** The pass to overlay as "before switch", or null when there is none or the overlay is off. */
    private DiagnosticsReport overlay() {
        DiagnosticsReport b = vm.beforeSwitch();
        return b != null && vm.showBeforeSwitchProperty().get() ? b : null;
    }

    /**
     * Puts {@code before} after {@code series} on {@code chart} (dashed, named with its step) when
     * {@code show}, or takes it off; the chart's data change only when that changes.
     */
    private void showBefore(MarkedLineChart chart, List<XYChart.Series<Number, Number>> series,
                            XYChart.Series<Number, Number> before, boolean show) {
        if (show) {
            before.setName("before switch (step " + vm.beforeSwitch().step() + ")");
        } else {
            before.getData().clear();
        }
        List<XYChart.Series<Number, Number>> want = new ArrayList<>(series);
        if (show) {
            want.add(before);
        }
        if (!chart.getData().equals(want)) {
            chart.getData().setAll(want);
        }
        if (show && before.getNode() != null) {
            before.getNode().getStyleClass().add("tl-before-switch");
        }
    }

    /**
     * A red line at each earlier task's breakdown; the words (with the change of βˆ and H_N) are
     * under the Switch task control, as a label on the chart did not fit a classroom's 1280×720.
     */
    private List<MarkedLineChart.Marker> breakdownMarkers() {
        Forgetting f = vm.forgetting();
        List<MarkedLineChart.Marker> m = new ArrayList<>();
        for (Forgetting.Breakdown b : f == null ? List.<Forgetting.Breakdown>of() : f.breakdowns()) {
            if (b.brokeDown()) {
                m.add(new MarkedLineChart.Marker(true, b.step(), "", "tl-marker-alert"));
            }
        }
        return m;
    }

    /** The segment x ∈ [lo, hi] of the line of slope −β through (pivotX, pivotY). */
    private static void line(XYChart.Series<Number, Number> s, double lo, double hi, double pivotX, double pivotY,
                             double beta) {
        s.getData().setAll(List.of(new XYChart.Data<>(lo, pivotY - beta * (lo - pivotX)),
                new XYChart.Data<>(hi, pivotY - beta * (hi - pivotX))));
    }

    private void drawHistory() {
        List<double[]> cols = vm.spectrumColumns();
        if (cols.isEmpty()) {
            return;
        }
        int bins = TauHistogram.BINS;
        int n = cols.size();
        double[] m = new double[bins * n];
        double max = 0;
        for (int c = 0; c < n; c++) {
            for (int b = 0; b < bins; b++) {
                m[b * n + c] = cols.get(c)[b];
                if (c >= n / 2) {
                    max = Math.max(max, cols.get(c)[b]);
                }
            }
        }
        List<Long> steps = vm.spectrumSteps();
        spectrumHistory.setData(m, bins, n, 0, max, "fraction of units (recent max)",
                new String[] {String.valueOf(steps.get(0)), String.valueOf(steps.get(n - 1))},
                new String[] {"0", "1", "2", "3"});
        spectrumHistory.setOverlay(switchLines(steps, bins));
    }

    /** A dashed line at each task switch on the spectrum-over-training map (at the first column from its step on). */
    private List<Heatmap.Line> switchLines(List<Long> steps, int bins) {
        List<Heatmap.Line> lines = new ArrayList<>();
        for (SessionEvent e : vm.events()) {
            if (e.kind() != SessionEvent.Kind.TASK) {
                continue;
            }
            int c = 0;
            while (c < steps.size() && steps.get(c) < e.step()) {
                c++;
            }
            if (c > 0 && c < steps.size()) {
                // Unlabelled: switches a few hundred steps apart put their labels on top of each
                // other; the loss chart above names them.
                lines.add(new Heatmap.Line("", c, 0, c, bins, FxColors.of(Palette.TITLE)));
            }
        }
        return lines;
    }

    private void drawEnvelope(DiagnosticsReport d) {
        boolean log = !semiLog.isSelected();
        NumberAxis x = (NumberAxis) envelope.getXAxis();
        x.setTickLabelFormatter(log ? LogScale.ticks() : LogScale.plain());
        x.setLabel(log ? "lag ℓ (steps, log scale)" : "lag ℓ (steps)");
        envF.getData().setAll(points(d.lags(), d.envelope(), log));
        envGates.getData().setAll(points(d.lags(), d.gates(), log));
        envPred.getData().setAll(points(d.lags(), d.predicted(), log));
        EnvelopeFit.Model best = d.envelopeModel();
        double[] fit = Arrays.stream(d.lags()).mapToDouble(l -> l >= 2 ? Math.exp(best.logAt(l)) : Double.NaN).toArray();
        envFit.getData().setAll(points(d.lags(), fit, log));
        DiagnosticsReport before = overlay();
        showBefore(envelope, List.of(envF, envGates, envPred, envFit), envBefore, before != null);
        List<XYChart.Series<Number, Number>> ranged = new ArrayList<>(List.of(envF, envGates, envPred));
        if (before != null) {
            envBefore.getData().setAll(points(before.lags(), before.envelope(), log));
            ranged.add(envBefore);
        }
        double[] ex = Axes.range(List.of(envF), true);
        double[] ey = Axes.range(ranged, false);
        if (log) {
            Axes.log(x, ex[0], ex[1]);
        } else {
            Axes.linear(x, 0, ex[1]);
        }
        Axes.log((NumberAxis) envelope.getYAxis(), ey[0], ey[1]);
        // The legend names the class; the rate with its interval goes in the plot, top right, so
        // the legend's items stay short enough to share a row at 1280×720.
        envFit.setName("fit: " + (d.envelopeClass().decided() ? d.envelopeClass().selected().decayClass().label()
                : "cannot tell"));
        double n = vm.referenceNProperty().get();
        Learnability.Window w = d.window(n);
        double h = w.lag();
        double[] iv = d.learnability().windowInterval(n);
        String range = Double.isNaN(iv[0]) ? "" : String.format(" [%.0f, %s]", iv[0],
                Double.isInfinite(iv[1]) ? "?" : String.format("%.0f", iv[1]));
        List<MarkedLineChart.Marker> markers = new ArrayList<>();
        if (h > 0) {
            markers.add(new MarkedLineChart.Marker(true, log ? Math.log10(h) : h,
                    String.format("H_N %s %.0f%s", w.censored() ? "≥" : "=", h, range), "tl-threshold"));
        }
        double[] yb = {((NumberAxis) envelope.getYAxis()).getLowerBound(), ((NumberAxis) envelope.getYAxis()).getUpperBound()};
        markers.add(new MarkedLineChart.Marker(false, yb[1] - 0.02 * (yb[1] - yb[0]), d.envelopeClass().describe(false),
                "tl-annotation"));
        envelope.setMarkers(markers);
    }

    private static List<XYChart.Data<Number, Number>> points(int[] lags, double[] y, boolean logX) {
        List<XYChart.Data<Number, Number>> pts = new ArrayList<>();
        for (int i = 0; i < lags.length; i++) {
            double v = LogScale.log(y[i]);
            if (Double.isFinite(v)) {
                pts.add(new XYChart.Data<>(logX ? Math.log10(lags[i]) : lags[i], v));
            }
        }
        return pts;
    }

    private void drawRates(DiagnosticsReport d) {
        HeatmapData m = HeatmapData.rates(d);
        rates.setData(m.values(), m.rows(), m.cols(), m.low(), m.high(), "log₁₀ μ̄",
                new String[] {String.valueOf(d.lags()[0]), String.valueOf(d.lags()[m.cols() - 1])},
                new String[] {"short τ", "long τ"});
    }

    private void drawWindow(DiagnosticsReport d) {
        NumberAxis x = (NumberAxis) window.getXAxis();
        NumberAxis y = (NumberAxis) window.getYAxis();
        if (alphaView.isSelected()) {
            window.getData().setAll(List.of(alphaData, alphaUnresolved));
            window.setCreateSymbols(true);
            double[] pooledIv = d.learnability().pooledAlphaInterval();
            double[] alpha = d.learnability().directionAlpha();
            double[] dirs = IntStream.rangeClosed(1, alpha.length).asDoubleStream().toArray();
            double[] lowBand = new double[alpha.length];
            double[] highBand = new double[alpha.length];
            Arrays.fill(lowBand, pooledIv[0]);
            Arrays.fill(highBand, pooledIv[1]);
            window.setBand(dirs, lowBand, highBand);
            x.setLabel("direction k");
            x.setTickLabelFormatter(LogScale.plain());
            y.setLabel("α̂ (band: pooled, 90%)");
            List<XYChart.Data<Number, Number>> pts = new ArrayList<>();
            for (int i = 0; i < alpha.length; i++) {
                if (Double.isFinite(alpha[i])) {
                    pts.add(new XYChart.Data<>(i + 1, alpha[i]));
                }
            }
            alphaData.getData().setAll(pts);
            alphaUnresolved.getData().clear();
            double pooled = d.medianAlpha();
            String pooledText = pooledIv[1] >= 2 ? String.format("pooled α̂ = %.2f, ≥ %.2f: consistent with Gaussian",
                    pooled, pooledIv[0]) : String.format("pooled α̂ = %.2f [%.2f, %.2f]", pooled, pooledIv[0], pooledIv[1]);
            window.setMarkers(List.of(new MarkedLineChart.Marker(false, 2.0, "α = 2", "tl-reference"),
                    new MarkedLineChart.Marker(false, pooled, pooledText, "tl-threshold")));
            Axes.linear(x, 0, alpha.length + 1);
            Axes.linear(y, 1, 2.05);
            return;
        }
        DiagnosticsReport before = overlay();
        List<XYChart.Series<Number, Number>> shown = new ArrayList<>(List.of(windowData, windowCensored, windowLaw,
                windowImplied));
        if (authorView.isSelected()) {
            shown.add(windowAuthor);
        }
        window.getData().setAll(shown);
        showBefore(window, shown, windowBefore, before != null);
        if (before != null) {
            List<XYChart.Data<Number, Number>> was = new ArrayList<>();
            for (int i = 0; i < before.sampleSizes().length; i++) {
                was.add(new XYChart.Data<>(Math.log10(before.sampleSizes()[i]), before.windows()[i]));
            }
            windowBefore.getData().setAll(was);
        }
        window.setCreateSymbols(false);
        x.setLabel("samples N (log scale)");
        x.setTickLabelFormatter(LogScale.ticks());
        y.setLabel("H_N (steps)");
        double[] ns = d.sampleSizes();
        double[] logN = Arrays.stream(ns).map(Math::log10).toArray();
        List<XYChart.Data<Number, Number>> pts = new ArrayList<>();
        List<XYChart.Data<Number, Number>> bound = new ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
            XYChart.Data<Number, Number> p = new XYChart.Data<>(logN[i], d.windows()[i]);
            if (d.censored()[i]) {
                if (bound.isEmpty() && !pts.isEmpty()) {
                    bound.add(new XYChart.Data<>(logN[i - 1], d.windows()[i - 1]));
                }
                bound.add(p);
            } else {
                pts.add(p);
            }
        }
        windowData.getData().setAll(pts);
        windowCensored.getData().setAll(bound);
        windowLaw.getData().setAll(predictedLaw(d));
        List<XYChart.Data<Number, Number>> implied = new ArrayList<>();
        List<XYChart.Data<Number, Number>> author = new ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
            if (Double.isFinite(d.implied()[i])) {
                implied.add(new XYChart.Data<>(logN[i], d.implied()[i]));
            }
            author.add(new XYChart.Data<>(logN[i], d.learnability().authorWindow(ns[i]).lag()));
        }
        windowImplied.getData().setAll(implied);
        windowAuthor.getData().setAll(author);
        Axes.log(x, logN[0], logN[logN.length - 1]);
        double top = Math.max(1, Math.max(d.lags()[d.lags().length - 1],
                Axes.range(List.of(windowData, windowCensored, windowLaw, windowImplied, windowBefore), false)[1]));
        Axes.linear(y, 0, top);
        window.setBand(logN, d.windowLow(), d.windowHigh());
        // The legend keeps the law itself; its qualifiers are in the help and in summary.json.
        String law = d.growthLaw();
        String shortLaw = (law.contains(" (") ? law.substring(0, law.indexOf(" (")) : law).replace(" + const", "");
        windowLaw.setName(shortLaw.startsWith("H_N") ? "predicted " + shortLaw.substring(4) : "no prediction");
        double n = vm.referenceNProperty().get();
        List<MarkedLineChart.Marker> markers = new ArrayList<>();
        Learnability.Window at = d.window(n);
        markers.add(new MarkedLineChart.Marker(true, Math.log10(n), "N = " + LogScale.format(n) + ": H_N "
                + Learnability.describe(at, d.learnability().lagHigh(at.lag()), d.bound(n)), "tl-threshold"));
        boolean[] resolved = d.learnability().resolved();
        int firstUnresolved = IntStream.range(0, resolved.length).filter(i -> !resolved[i]).findFirst().orElse(-1);
        if (firstUnresolved >= 0) {
            markers.add(new MarkedLineChart.Marker(false, d.lags()[firstUnresolved],
                    String.format("unresolved from ℓ = %d", d.lags()[firstUnresolved]), "tl-unresolved"));
        }
        window.setMarkers(markers);
    }

    /**
     * The growth law of the selected class (none while it is undecided), anchored at the median
     * uncensored measured point with H_N &gt; 0 (never at a "≥ ℓ" lower bound): exponential →
     * a + (τ/κ) ln N; power → c·N^{1/(κβ)}; logarithmic → exp(c·N^{1/(κγ)}). Drawn only over the
     * lags where its class holds: below ℓ* = β τ_max for a tempered power law.
     */
    private static List<XYChart.Data<Number, Number>> predictedLaw(DiagnosticsReport d) {
        double[] ns = d.sampleSizes();
        double[] hs = d.windows();
        boolean[] censored = d.censored();
        int[] positive = IntStream.range(0, ns.length).filter(i -> hs[i] > 0 && !censored[i]).toArray();
        List<XYChart.Data<Number, Number>> pts = new ArrayList<>();
        if (positive.length == 0) {
            return pts;
        }
        int a = positive[positive.length / 2];
        EnvelopeFit.Model m = d.envelopeModel();
        double kappa = d.learnability().kappa();
        double g = d.envelopeClass().decided()
                ? EnvelopeFit.growthExponent(m, d.envelopeClass().fit().lags(), kappa) : Double.NaN;
        if (!Double.isFinite(g)) {
            return pts;
        }
        for (double n : ns) {
            double h;
            switch (m.decayClass()) {
                case EXPONENTIAL:
                    h = hs[a] + g * Math.log(n / ns[a]);
                    break;
                case LOGARITHMIC:
                    double c = Math.log(hs[a]) / Math.pow(ns[a], g);
                    h = Math.exp(c * Math.pow(n, g));
                    break;
                default:
                    h = hs[a] * Math.pow(n / ns[a], g);
                    break;
            }
            double top = Math.min(Arrays.stream(d.lags()).max().orElse(1),
                    m.cutoff() > 0 ? m.rate() / m.cutoff() : Double.POSITIVE_INFINITY);
            if (Double.isFinite(h) && h >= 0 && h <= top) {
                pts.add(new XYChart.Data<>(Math.log10(n), h));
            }
        }
        return pts;
    }

    private void drawPhase() {
        Charts.drawTrajectory(vm.trajectory(), phaseData, (NumberAxis) phase.getYAxis());
        DiagnosticsReport before = overlay();
        boolean show = before != null && Double.isFinite(before.medianAlpha()) && Double.isFinite(before.spectrum().beta());
        showBefore(phase, List.of(phaseData), phaseBefore, show);
        if (show) {
            phaseBefore.getData().setAll(List.of(new XYChart.Data<>(before.medianAlpha(),
                    Math.min(before.spectrum().beta(), Charts.PHASE_BETA_MAX))));
        }
    }

    // ---- CSV of each chart --------------------------------------------------------------------

    private String lossCsv() {
        Csv.Table t = Csv.table("step", "train_loss", "val_loss");
        vm.rows().forEach(r -> t.row(r.step(), r.trainLoss(), Double.isFinite(r.valLoss()) ? r.valLoss() : ""));
        return t.toString();
    }

    private String spectrumCsv() {
        Csv.Table t = Csv.table("unit", "tau");
        double[] tau = vm.currentTimescales();
        for (int i = 0; i < tau.length; i++) {
            t.row(i, tau[i]);
        }
        return t.toString();
    }

    private String envelopeCsv() {
        DiagnosticsReport d = vm.diagnostics();
        Csv.Table t = Csv.table("lag", "f", "f_gates", "f_pred");
        if (d != null) {
            for (int i = 0; i < d.lags().length; i++) {
                t.row(d.lags()[i], d.envelope()[i], d.gates()[i], d.predicted()[i]);
            }
        }
        return t.toString();
    }

    private String windowCsv() {
        DiagnosticsReport d = vm.diagnostics();
        Csv.Table t = Csv.table("N", "H_N", "censored", "H_N_low", "H_N_high");
        if (d != null) {
            for (int i = 0; i < d.sampleSizes().length; i++) {
                t.row(d.sampleSizes()[i], d.windows()[i], d.censored()[i] ? 1 : 0, d.windowLow()[i], d.windowHigh()[i]);
            }
        }
        return t.toString();
    }

    private String phaseCsv() {
        Csv.Table t = Csv.table("step", "alpha_hat_median", "beta_hat");
        vm.trajectory().forEach(p -> t.row((long) p[0], p[1], p[2]));
        return t.toString();
    }
}
