package org.timescalelab.ui.compare;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.stage.DirectoryChooser;

import org.timescalelab.run.RunSummary;
import org.timescalelab.style.Palette;
import org.timescalelab.sweep.Comparison;
import org.timescalelab.ui.chart.Axes;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.chart.Charts;
import org.timescalelab.ui.chart.FxColors;
import org.timescalelab.ui.chart.LogScale;
import org.timescalelab.ui.chart.MarkedLineChart;
import org.timescalelab.ui.widget.Help;
import org.timescalelab.ui.widget.LiveControl;

/**
 * The Compare tab: up to six runs overlaid, one colour each — f(ℓ)/f(1) on log-log axes, the window
 * H_N(N), p(τ) as a survival function, each run's (α̂, β̂) on the phase plane — above a table of
 * their class, envelope decay, β̂ and H_N(10⁴) with their intervals. Runs come from run directories
 * or from a sweep or {@code compare} folder that kept its runs. FX thread only.
 */
public final class CompareView extends BorderPane {

    private final CompareModel m;
    private final MarkedLineChart envelope = Charts.chart("lag ℓ (steps, log scale)", "f(ℓ)/f(1)", true);
    private final MarkedLineChart window = Charts.chart("samples N (log scale)", "H_N (steps)", false);
    private final MarkedLineChart spectrum = Charts.chart("τ (steps, log scale)", "P(τ > x)", true);
    private final MarkedLineChart plane = Charts.chart("noise tail index α̂", "spectrum tail β̂", false);
    private final TableView<RunSummary> table = new TableView<>();
    private final Label error = LiveControl.errorLabel();
    private final Label correlation = new Label();

    /** The tab over {@code model}; chart exports and help go to {@code actions}. */
    public CompareView(CompareModel model, ChartPane.Actions actions) {
        this.m = model;
        setId("compare");
        Button addRun = new Button("Add run…");
        addRun.setId("compare-add-run");
        addRun.setOnAction(e -> choose("Add a saved run (its folder)").ifPresent(d -> show(m.addRun(d.toPath()))));
        Button addSweep = new Button("Add runs of a sweep…");
        addSweep.setId("compare-add-sweep");
        addSweep.setOnAction(e -> choose("Add the runs of a sweep or compare folder").ifPresent(
                d -> show(m.addSweep(d.toPath()))));
        Button remove = new Button("Remove");
        remove.setId("compare-remove");
        remove.setOnAction(e -> {
            RunSummary r = table.getSelectionModel().getSelectedItem();
            if (r != null) {
                m.remove(r);
            }
        });
        Label status = new Label();
        status.textProperty().bind(m.statusProperty());
        status.getStyleClass().add("tl-note");
        HBox bar = new HBox(8, addRun, addSweep, remove, status, error);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        setTop(bar);

        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(0, 6, 6, 6));
        List<ChartPane> panes = List.of(
                new ChartPane("compare-envelope", "Envelope f(ℓ)/f(1)", "normalised at ℓ = 1: the higher, the slower the decay",
                        Help.ENVELOPE, envelope, () -> csvOf(envelope, "log10_lag", "log10_f_over_f1"), actions),
                new ChartPane("compare-window", "Learnability window H_N", "longest lag learnable from N samples",
                        Help.WINDOW, window, () -> csvOf(window, "log10_N", "H_N"), actions),
                new ChartPane("compare-spectrum", "Time-scale spectrum p(τ)", "survival function of the units' τ",
                        Help.SPECTRUM, spectrum, () -> csvOf(spectrum, "log10_tau", "log10_survival"), actions),
                new ChartPane("compare-plane", "Phase plane (α̂, β̂)", "noise tail against spectrum tail; β = 1 is critical",
                        Help.PHASE, plane, () -> csvOf(plane, "alpha_hat", "beta_hat"), actions));
        for (int i = 0; i < panes.size(); i++) {
            grid.add(panes.get(i), i % 2, i / 2);
            GridPane.setHgrow(panes.get(i), Priority.ALWAYS);
            GridPane.setVgrow(panes.get(i), Priority.ALWAYS);
        }
        for (int c = 0; c < 2; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            grid.getColumnConstraints().add(cc);
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(50);
            grid.getRowConstraints().add(rc);
        }
        plane.setCreateSymbols(true);
        ((NumberAxis) envelope.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        ((NumberAxis) window.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        ((NumberAxis) spectrum.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        setCenter(grid);

        table.setId("compare-table");
        table.setPrefHeight(170);
        TableColumn<RunSummary, String> name = column("run", RunSummary::label);
        name.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String label, boolean empty) {
                super.updateItem(label, empty);
                setText(empty ? null : label);
                int i = getIndex();
                setGraphic(empty || i < 0 ? null : new javafx.scene.shape.Circle(5, FxColors.of(Palette.series(i))));
            }
        });
        table.getColumns().add(name);
        table.getColumns().add(column("envelope", RunSummary::envelopeClass));
        table.getColumns().add(column("f(32)/f(1)", r -> LogScale.format(r.decayAt(Comparison.DECAY_LAG))));
        table.getColumns().add(column("β̂ [90%]", r -> String.format("%.3g [%.3g, %.3g]", r.betaHat(), r.betaLow(),
                r.betaHigh())));
        table.getColumns().add(column("α̂ [90%]", r -> String.format("%.3g [%.3g, %.3g]", r.alphaHat(), r.alphaLow(),
                r.alphaHigh())));
        table.getColumns().add(column("H_N(10⁴) [90%]", r -> {
            double[] w = r.windowAt(CompareModel.REFERENCE_N);
            return String.format("%.0f [%.0f, %s]", w[0], w[1], Double.isFinite(w[2]) ? String.format("%.0f", w[2]) : "∞");
        }));
        table.getColumns().add(column("steps", r -> Long.toString(r.step())));
        table.setItems(m.runs());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        correlation.getStyleClass().add("tl-note");
        BorderPane bottom = new BorderPane(table);
        bottom.setBottom(correlation);
        bottom.setPadding(new Insets(0, 6, 6, 6));
        setBottom(bottom);
        m.runs().addListener((javafx.collections.ListChangeListener<RunSummary>) c -> redraw());
        redraw();
    }

    /** Redraws the four charts and the correlation line from the model's runs. */
    void redraw() {
        List<RunSummary> runs = new ArrayList<>(m.runs());
        fill(envelope, runs, CompareModel::envelope);
        fill(window, runs, CompareModel::window);
        fill(spectrum, runs, CompareModel::survival);
        fill(plane, runs, r -> Double.isFinite(r.alphaHat()) && Double.isFinite(r.betaHat())
                ? List.of(new double[] {r.alphaHat(), Math.min(r.betaHat(), Charts.PHASE_BETA_MAX)}) : List.of());
        logRange(envelope);
        logRange(spectrum);
        double[] n = range(window, true);
        Axes.log((NumberAxis) window.getXAxis(), n[0], n[1]);
        Axes.linear((NumberAxis) plane.getXAxis(), 1, 2.05);
        plane.setMarkers(List.of(new MarkedLineChart.Marker(true, 2, "α = 2 (Gaussian)", "tl-reference"),
                new MarkedLineChart.Marker(false, 1, "β = 1 (critical)", "tl-reference")));
        double rho = m.decayWindowCorrelation();
        correlation.setText(runs.size() < 3 ? "" : Double.isNaN(rho)
                ? "Spearman ρ between f(32)/f(1) and H_N(10⁴): cannot tell (no spread)"
                : String.format("Spearman ρ between f(32)/f(1) and H_N(10⁴) over %d runs: %.2f (the theory expects > 0)",
                        runs.size(), rho));
    }

    private static void fill(MarkedLineChart chart, List<RunSummary> runs,
                             java.util.function.Function<RunSummary, List<double[]>> points) {
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        for (RunSummary r : runs) {
            XYChart.Series<Number, Number> s = Charts.series(r.label());
            for (double[] p : points.apply(r)) {
                s.getData().add(new XYChart.Data<>(p[0], p[1]));
            }
            all.add(s);
        }
        chart.getData().setAll(all);
    }

    /** Decade ticks on both log₁₀ axes, over the data. */
    private static void logRange(MarkedLineChart chart) {
        double[] x = range(chart, true);
        double[] y = range(chart, false);
        Axes.log((NumberAxis) chart.getXAxis(), x[0], x[1]);
        Axes.log((NumberAxis) chart.getYAxis(), y[0], y[1]);
    }

    /** The data's {min, max} along x or y (NaN when empty). */
    private static double[] range(MarkedLineChart chart, boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                double v = (x ? d.getXValue() : d.getYValue()).doubleValue();
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return Double.isFinite(lo) ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }

    private static String csvOf(MarkedLineChart chart, String x, String y) {
        org.timescalelab.run.Csv.Table t = org.timescalelab.run.Csv.table("run", x, y);
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                t.row(s.getName(), d.getXValue(), d.getYValue());
            }
        }
        return t.toString();
    }

    private java.util.Optional<File> choose(String title) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        return java.util.Optional.ofNullable(c.showDialog(getScene() == null ? null : getScene().getWindow()));
    }

    /** Shows a problem (or clears it, null) beside the buttons. */
    public void showProblem(String problem) {
        show(problem);
    }

    /** The tab's model. */
    public CompareModel model() {
        return m;
    }

    private void show(String problem) {
        error.setText(problem == null ? "" : problem);
        error.setVisible(problem != null);
        error.setManaged(problem != null);
    }

    private static TableColumn<RunSummary, String> column(String title,
                                                          java.util.function.Function<RunSummary, String> value) {
        TableColumn<RunSummary, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }
}
