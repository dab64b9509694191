package org.timescalelab.ui.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;

import org.timescalelab.run.Csv;
import org.timescalelab.run.RunSummary;
import org.timescalelab.sweep.Comparison;
import org.timescalelab.ui.chart.Axes;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.chart.Charts;
import org.timescalelab.ui.chart.LogScale;
import org.timescalelab.ui.chart.MarkedLineChart;
import org.timescalelab.ui.chart.TauHistogram;
import org.timescalelab.ui.widget.Help;

/**
 * The Compare tab's six charts, one series per run in the run's colour: the validation loss,
 * f(ℓ)/f(1) (log-log or semi-log), H_N(N) with one run's 90 % interval as a band, p(τ) as survival
 * function or histogram, the (α̂, β̂) plane, and H_N(10⁷) against f(32)/f(1). FX thread only.
 */
final class CompareCharts {

    private final MarkedLineChart loss = Charts.chart("training step", "loss (log scale)", true);
    private final MarkedLineChart envelope = Charts.chart("lag ℓ (steps, log scale)", "f(ℓ)/f(1)", true);
    private final MarkedLineChart window = Charts.chart("samples N (log scale)", "H_N (steps)", false);
    private final MarkedLineChart spectrum = Charts.chart("τ (steps, log scale)", "P(τ > x)", true);
    private final MarkedLineChart plane = Charts.chart("noise tail index α̂", "spectrum tail β̂", false);
    private final MarkedLineChart claim = Charts.chart("f(32)/f(1) (log scale)", "H_N(10⁷) (steps)", false);
    private final ToggleButton semiLog = new ToggleButton("semi-log");
    private final ToggleButton histogram = new ToggleButton("histogram");
    private RunSummary selected;
    private final StackPane area = new StackPane();
    private List<ChartPane> panes = List.of();
    private GridPane grid;
    private ChartPane enlarged;
    /** The lowest log₁₀ f(ℓ)/f(1) the envelope chart shows. */
    private static final double ENVELOPE_FLOOR = -8;

    /** Charts that call {@code onToggle} when a view toggle (semi-log, histogram) changes. */
    CompareCharts(Runnable onToggle) {
        semiLog.setOnAction(e -> onToggle.run());
        histogram.setOnAction(e -> onToggle.run());
    }

    /** The six cards in a 3 × 2 grid; exports and help go to {@code host}. */
    Node grid(ChartPane.Actions host) {
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(0, 6, 6, 6));
        ChartPane envelopePane = new ChartPane("compare-envelope", "Envelope f(ℓ)/f(1)",
                "normalised at ℓ = 1: the higher, the slower the decay", Help.ENVELOPE, envelope,
                () -> csvOf(envelope, semiLog.isSelected() ? "lag" : "log10_lag", "log10_f_over_f1"), host);
        envelopePane.addTool(semiLog);
        ChartPane spectrumPane = new ChartPane("compare-spectrum", "Time-scale spectrum p(τ)",
                "the units' τ: survival function, or histogram", Help.SPECTRUM, spectrum,
                () -> csvOf(spectrum, "log10_tau", histogram.isSelected() ? "fraction_of_units" : "log10_survival"), host);
        spectrumPane.addTool(histogram);
        semiLog.setTooltip(new Tooltip("Lag axis linear (semi-log: exponential decay is a line) or log"));
        histogram.setTooltip(new Tooltip("p(τ) as a histogram of log₁₀ τ instead of the survival function"));
        panes = List.of(
                new ChartPane("compare-loss", "Validation loss", "each run's loss on its fixed validation set",
                        Help.LOSS, loss, () -> csvOf(loss, "step", "log10_val_loss"), host),
                envelopePane,
                new ChartPane("compare-window", "Learnability window H_N", "longest lag learnable from N; band: the "
                        + "selected run's 90% interval", Help.WINDOW, window, () -> csvOf(window, "log10_N", "H_N"), host),
                spectrumPane,
                new ChartPane("compare-plane", "Phase plane (α̂, β̂)", "noise tail against spectrum tail; β = 1 is critical",
                        Help.PHASE, plane, () -> csvOf(plane, "alpha_hat", "beta_hat"), host),
                new ChartPane("compare-claim", "Slower decay, larger window?", "the talk's claim: H_N(10⁷) rises "
                        + "with f(32)/f(1)", Help.COMPARE_CLAIM, claim,
                        () -> csvOf(claim, "log10_f32_over_f1", "H_N_1e7"), host));
        for (int i = 0; i < panes.size(); i++) {
            grid.add(panes.get(i), i % 3, i / 3);
            GridPane.setHgrow(panes.get(i), Priority.ALWAYS);
            GridPane.setVgrow(panes.get(i), Priority.ALWAYS);
        }
        for (int c = 0; c < 3; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / 3);
            grid.getColumnConstraints().add(cc);
        }
        for (int r = 0; r < 2; r++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(50);
            grid.getRowConstraints().add(rc);
        }
        for (MarkedLineChart c : List.of(loss, envelope, window, spectrum, plane, claim)) {
            c.setLegendVisible(false);
        }
        plane.setCreateSymbols(true);
        claim.setCreateSymbols(true);
        for (MarkedLineChart c : List.of(envelope, window, spectrum, claim)) {
            ((NumberAxis) c.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        }
        this.grid = grid;
        area.getChildren().setAll(grid);
        return area;
    }

    /** Whether {@code pane} is one of these charts' cards. */
    boolean holds(ChartPane pane) {
        return panes.contains(pane);
    }

    /** Enlarges a card to the whole chart area (a class can read it at 1280×720), or puts it back. */
    void toggleEnlarged(ChartPane pane) {
        if (enlarged == null) {
            grid.getChildren().remove(pane);
            area.getChildren().setAll(pane);
            enlarged = pane;
        } else {
            int i = panes.indexOf(enlarged);
            area.getChildren().setAll(grid);
            grid.add(enlarged, i % 3, i / 3);
            enlarged = null;
        }
    }

    /**
     * Redraws the charts from {@code runs}: the loss chart marks {@code alignedStep} (−1: none), the
     * claim chart shows Spearman's {@code rho} (NaN: cannot tell); returns the correlation line.
     */
    String redraw(List<RunSummary> runs, long alignedStep, double rho, double[] rhoInterval) {
        fill(loss, runs, CompareModel::loss);
        boolean logLag = !semiLog.isSelected();
        fill(envelope, runs, r -> CompareModel.envelope(r, logLag));
        fill(window, runs, CompareModel::window);
        fill(spectrum, runs, histogram.isSelected() ? CompareModel::histogram : CompareModel::survival);
        fill(plane, runs, r -> Double.isFinite(r.alphaHat()) && Double.isFinite(r.betaHat())
                ? List.of(new double[] {r.alphaHat(), Math.min(r.betaHat(), Charts.PHASE_BETA_MAX)}) : List.of());
        fill(claim, runs, CompareModel::decayAgainstWindow);
        double[] lx = Axes.range(loss.getData(), true);
        Axes.linear((NumberAxis) loss.getXAxis(), 0, Double.isFinite(lx[1]) ? lx[1] : 100);
        double[] ly = Axes.range(loss.getData(), false);
        Axes.log((NumberAxis) loss.getYAxis(), ly[0], ly[1]);
        long at = alignedStep;
        loss.setMarkers(at >= 0 && !runs.isEmpty() ? List.of(new MarkedLineChart.Marker(true, at, "aligned at step " + at,
                "tl-threshold")) : List.of());
        NumberAxis ex = (NumberAxis) envelope.getXAxis();
        ex.setTickLabelFormatter(logLag ? LogScale.ticks() : LogScale.plain());
        ex.setLabel(logLag ? "lag ℓ (steps, log scale)" : "lag ℓ (steps)");
        double[] x = Axes.range(envelope.getData(), true);
        if (logLag) {
            Axes.log(ex, x[0], x[1]);
        } else {
            Axes.linear(ex, 0, Double.isFinite(x[1]) ? x[1] : 100);
        }
        // Down to 10⁻⁸ of f(1) at most: a collapsed run's envelope falls by tens of decades and would
        // flatten every other curve; it leaves the plot at the bottom instead.
        double[] y = Axes.range(envelope.getData(), false);
        Axes.log((NumberAxis) envelope.getYAxis(), Math.max(y[0], ENVELOPE_FLOOR), y[1]);
        NumberAxis sy = (NumberAxis) spectrum.getYAxis();
        if (histogram.isSelected()) {
            sy.setLabel("fraction of units");
            sy.setTickLabelFormatter(LogScale.plain());
            Axes.log((NumberAxis) spectrum.getXAxis(), 0, TauHistogram.LOG_MAX);
            Axes.linear(sy, 0, Math.max(0.1, Axes.range(spectrum.getData(), false)[1]));
        } else {
            sy.setLabel("P(τ > x)");
            sy.setTickLabelFormatter(LogScale.ticks());
            double[] tx = Axes.range(spectrum.getData(), true);
            Axes.log((NumberAxis) spectrum.getXAxis(), tx[0], tx[1]);
            Axes.log(sy, Axes.range(spectrum.getData(), false)[0], 0);
        }
        double[] n = Axes.range(window.getData(), true);
        Axes.log((NumberAxis) window.getXAxis(), n[0], n[1]);
        drawWindowBand(selected);
        Axes.linear((NumberAxis) plane.getXAxis(), 1, 2.05);
        Axes.linear((NumberAxis) plane.getYAxis(), 0, Math.max(3, Axes.range(plane.getData(), false)[1] * 1.1));
        plane.setMarkers(List.of(new MarkedLineChart.Marker(true, 2, "α = 2 (Gaussian)", "tl-reference"),
                new MarkedLineChart.Marker(false, 1, "β = 1 (critical)", "tl-reference")));
        double[] cx = Axes.range(claim.getData(), true);
        Axes.log((NumberAxis) claim.getXAxis(), cx[0] - 0.2, cx[1] + 0.2);
        Axes.linear((NumberAxis) claim.getYAxis(), 0, Math.max(10, Axes.range(claim.getData(), false)[1] * 1.15));
        String text = runs.size() < 3 ? "" : "Spearman ρ between f(32)/f(1) and H_N(10⁷), 90 % interval over runs: "
                + Comparison.describeClaim(rho, rhoInterval, runs.size());
        claim.setMarkers(text.isEmpty() ? List.of() : List.of(new MarkedLineChart.Marker(false,
                ((NumberAxis) claim.getYAxis()).getUpperBound() * 0.93, Double.isNaN(rho) ? "ρ: cannot tell"
                : String.format("Spearman ρ = %.2f [%.2f, %.2f]", rho, rhoInterval[0], rhoInterval[1]), "tl-annotation")));
        return text;
    }

    /** {@code r}'s 90 % interval of H_N(N) as the window chart's band (none when {@code r} is null). */
    void drawWindowBand(RunSummary r) {
        selected = r;
        if (r == null || r.samples().length == 0) {
            window.setBand(new double[0], new double[0], new double[0]);
            return;
        }
        double top = ((NumberAxis) window.getYAxis()).getUpperBound();
        double[] logN = java.util.Arrays.stream(r.samples()).map(Math::log10).toArray();
        double[] high = java.util.Arrays.stream(r.windowHigh()).map(h -> Double.isFinite(h) ? h : top).toArray();
        window.setBand(logN, r.windowLow(), high);
    }

    private static void fill(MarkedLineChart chart, List<RunSummary> runs, Function<RunSummary, List<double[]>> points) {
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        for (RunSummary r : runs) {
            XYChart.Series<Number, Number> s = Charts.series(r.label());
            s.getData().setAll(Charts.data(points.apply(r)));
            all.add(s);
        }
        chart.getData().setAll(all);
    }

    private static String csvOf(MarkedLineChart chart, String x, String y) {
        Csv.Table t = Csv.table("run", x, y);
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                t.row(s.getName(), d.getXValue(), d.getYValue());
            }
        }
        return t.toString();
    }

}
