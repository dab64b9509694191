package org.timescalelab.ui.sweeps;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.Numbers;
import org.timescalelab.run.Csv;
import org.timescalelab.sweep.SweepGrid;
import org.timescalelab.sweep.SweepRow;
import org.timescalelab.sweep.SweepSpec;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.chart.Charts;
import org.timescalelab.ui.chart.Heatmap;
import org.timescalelab.ui.chart.LogScale;
import org.timescalelab.ui.chart.MarkedLineChart;
import org.timescalelab.ui.widget.Help;
import org.timescalelab.ui.widget.LiveControl;

/**
 * The Sweeps tab: on the left the sweep being built (axes over the Training tab's current
 * settings, seeds, steps, runs at once, output folder) with Run, Cancel and Save; on the right the
 * chosen metric as a heatmap (two axes) or a line plot (one axis) and the results table, both
 * filling in as runs finish. Double-clicking a row opens that run in the Training tab.
 *
 * <p>Length: about 480 lines: the sweep form, the plot (heatmap or lines) and the results table,
 * which fill in together from one model.
 */
public final class SweepsView extends BorderPane {

    private static final int MAX_AXES = 3;

    private final SweepsViewModel m;
    private final ChartPane.Actions shared;
    private final Consumer<Path> openRun;
    private final VBox axesBox = new VBox(4);
    private final Label error = LiveControl.errorLabel();
    private final Label folder = new Label();
    private final TableView<SweepRow> table = new TableView<>();
    private final Heatmap heatmap = new Heatmap("", "");
    private final MarkedLineChart lines = Charts.chart("", "", false);
    private final StackPane plot = new StackPane();
    private final ComboBox<String> metric = new ComboBox<>();
    private Path out;
    private Path sweepsFolder;

    /**
     * @param openRun opens a run directory in the Training tab
     */
    public SweepsView(SweepsViewModel model, ChartPane.Actions shared, Consumer<Path> openRun) {
        this.m = model;
        this.shared = shared;
        this.openRun = openRun;
        getStyleClass().add("tl-sweeps");
        setLeft(controls());
        SplitPane right = new SplitPane(plotCard(), tableCard());
        right.setOrientation(javafx.geometry.Orientation.VERTICAL);
        right.setDividerPositions(0.58);
        setCenter(right);
        m.gridProperty().addListener((o, a, g) -> drawPlot(g));
        m.specProperty().addListener((o, a, s) -> rebuildTable(s));
        heatmap.setEmptyText("build a sweep on the left and press Run");
    }

    /** Where new sweep folders go by default (created on first use). */
    public void setSweepsFolder(Path folder) {
        this.sweepsFolder = folder;
        showFolder();
    }

    /** The tab's model. */
    public SweepsViewModel model() {
        return m;
    }

    /** Font size of the heatmap's labels (larger in classroom mode). */
    public void setFontSize(double size) {
        heatmap.setFontSize(size);
    }

    // ---- builder ------------------------------------------------------------------------------

    private Node controls() {
        TextField name = new TextField();
        name.setId("sweep-name");
        name.textProperty().bindBidirectional(m.nameProperty());
        Button addAxis = new Button("+ axis");
        addAxis.setId("sweep-add-axis");
        addAxis.setOnAction(e -> {
            if (m.axes().size() < MAX_AXES) {
                m.axes().add(new SweepsViewModel.AxisInput("", ""));
            }
        });
        m.axes().addListener((javafx.collections.ListChangeListener<SweepsViewModel.AxisInput>) c -> rebuildAxes());
        rebuildAxes();
        Spinner<Integer> seeds = spinner("sweep-seeds", 1, 20, m.seedsProperty());
        Spinner<Integer> parallel = spinner("sweep-parallel", 1, Math.max(2, 2 * Runtime.getRuntime().availableProcessors()),
                m.parallelProperty());
        TextField steps = new TextField();
        steps.setId("sweep-steps");
        steps.textProperty().bindBidirectional(m.stepsProperty());
        steps.setPrefColumnCount(7);
        Label base = note("Each run is the Training tab's current settings (model, task, optimizer, noise) with the "
                + "axes' values, trained for the given steps and ended with one diagnostics pass. Values: a list "
                + "(0.1, 0.2, 0.5) or a range (1e-4..1e-2/4 log, 16..64/4).");
        VBox build = new VBox(6, LiveControl.labelled("Name", name), axesBox, addAxis, LiveControl.labelled("Seeds", seeds),
                LiveControl.labelled("Steps", steps), LiveControl.labelled("At once", parallel), base);
        Button choose = new Button("Folder…");
        choose.setOnAction(e -> chooseFolder());
        folder.setWrapText(true);
        folder.getStyleClass().add("tl-note");
        VBox where = new VBox(4, folder, choose);
        Button run = new Button("Run sweep");
        run.setId("sweep-run");
        run.getStyleClass().add("tl-primary");
        run.setOnAction(e -> start());
        Button cancel = new Button("Cancel");
        cancel.setId("sweep-cancel");
        cancel.setOnAction(e -> m.cancel());
        run.disableProperty().bind(m.runningProperty());
        cancel.disableProperty().bind(m.runningProperty().not());
        Button openFolder = new Button("Open sweep folder…");
        openFolder.setTooltip(new Tooltip("Show the results of a sweep run earlier, here or with `timescale-lab sweep`"));
        openFolder.setOnAction(e -> openFolder());
        Button save = new Button("Save sweep file…");
        save.setTooltip(new Tooltip("Write the sweep as JSON, to run with `timescale-lab sweep FILE` or on a Spark cluster"));
        save.setOnAction(e -> saveSpec());
        // One per row, full width: side by side in the 320 px column, classroom fonts cut them to "Save swee…".
        openFolder.setMaxWidth(Double.MAX_VALUE);
        save.setMaxWidth(Double.MAX_VALUE);
        ProgressBar progress = new ProgressBar(0);
        progress.setId("sweep-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(m.progressProperty());
        Label status = note("");
        status.setId("sweep-status");
        status.textProperty().bind(m.statusProperty());
        TitledPane buildPane = new TitledPane("Sweep", build);
        TitledPane outPane = new TitledPane("Output folder", where);
        buildPane.setCollapsible(false);
        outPane.setCollapsible(false);
        VBox box = new VBox(6, buildPane, outPane, new HBox(6, run, cancel), openFolder, save, progress, status, error);
        box.setPadding(new Insets(6));
        return LiveControl.column(box, 320);
    }

    private void rebuildAxes() {
        axesBox.getChildren().clear();
        for (int i = 0; i < m.axes().size(); i++) {
            SweepsViewModel.AxisInput in = m.axes().get(i);
            ComboBox<String> field = new ComboBox<>();
            field.setId("sweep-axis-field-" + i);
            field.setEditable(true);
            field.getItems().setAll(SweepsViewModel.COMMON_FIELDS);
            field.setPrefWidth(190);
            field.setTooltip(new Tooltip("A config field (any of `timescale-lab config --keys`; seeds go in Seeds)"));
            field.valueProperty().bindBidirectional(in.field);
            TextField values = new TextField();
            values.setId("sweep-axis-values-" + i);
            values.textProperty().bindBidirectional(in.values);
            values.setPromptText("0.1, 0.2  or  1e-4..1e-2/4 log");
            Button remove = new Button("×");
            remove.setTooltip(new Tooltip("Remove this axis"));
            remove.setOnAction(e -> m.axes().remove(in));
            HBox top = new HBox(4, field, remove);
            top.setAlignment(Pos.CENTER_LEFT);
            axesBox.getChildren().add(new VBox(2, new Label("Axis " + (i + 1)), top, values));
        }
    }

    private void start() {
        Path target = out != null ? out : defaultFolder();
        String problem = m.start(target);
        showError(problem);
        if (problem == null) {
            out = null;
            showFolder();
        }
    }

    private Path defaultFolder() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        String slug = m.nameProperty().get().replaceAll("[^A-Za-z0-9._-]+", "-");
        Path parent = sweepsFolder != null ? sweepsFolder : Path.of(System.getProperty("user.home"), "timescale-lab-sweeps");
        return parent.resolve(slug + "-" + stamp);
    }

    private void showFolder() {
        folder.setText(out != null ? out + " (resumes if it holds the same sweep)"
                : "a new folder under " + (sweepsFolder != null ? sweepsFolder : "your home folder") + " per run");
    }

    private void chooseFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Sweep output folder (an earlier folder of the same sweep resumes it)");
        File dir = c.showDialog(getScene().getWindow());
        if (dir != null) {
            out = dir.toPath();
            showFolder();
        }
    }

    /** Shows a sweep folder's results (gui --sweep DIR, or Open sweep folder…). */
    public void open(Path dir) {
        showError(m.open(dir));
    }

    private void openFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Open a sweep folder (it holds sweep.json and sweep.csv)");
        if (sweepsFolder != null && java.nio.file.Files.isDirectory(sweepsFolder)) {
            c.setInitialDirectory(sweepsFolder.toFile());
        }
        File dir = c.showDialog(getScene().getWindow());
        if (dir != null) {
            open(dir.toPath());
        }
    }

    private void saveSpec() {
        FileChooser c = new FileChooser();
        c.setTitle("Save the sweep file");
        c.setInitialFileName(m.nameProperty().get().replaceAll("[^A-Za-z0-9._-]+", "-") + ".json");
        File f = c.showSaveDialog(getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            m.saveSpec(f.toPath());
            showError(null);
        } catch (ConfigException | IOException e) {
            showError(e.getMessage());
        }
    }

    // ---- results ------------------------------------------------------------------------------

    private Node plotCard() {
        metric.setId("sweep-metric");
        metric.valueProperty().bindBidirectional(m.metricProperty());
        metric.valueProperty().addListener((o, a, b) -> m.regrid());
        metric.setTooltip(new Tooltip("The column of sweep.csv to plot (mean over seeds)"));
        lines.setAnimated(false);
        plot.getChildren().setAll(heatmap);
        BorderPane body = new BorderPane(plot);
        HBox pick = new HBox(6, new Label("Metric"), metric);
        pick.setAlignment(Pos.CENTER_LEFT);
        pick.setPadding(new Insets(2, 4, 4, 4));
        body.setTop(pick);
        return new ChartPane("sweep-plot", "Sweep results", "mean over seeds per cell; grey: not run yet or no value",
                Help.SWEEP, body, this::plotCsv, shared);
    }

    private Node tableCard() {
        table.setId("sweep-table");
        table.setPlaceholder(new Label("no runs yet"));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setItems(m.rows());
        table.setRowFactory(t -> {
            TableRow<SweepRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                open(table.getSelectionModel().getSelectedItem());
            }
        });
        Button openSelected = new Button("Open in Training tab");
        openSelected.setId("sweep-open");
        openSelected.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        openSelected.setOnAction(e -> open(table.getSelectionModel().getSelectedItem()));
        Label hint = note("Double-click a run (or select it, Enter) to open it, paused at its last step.");
        openSelected.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.setWrapText(true);
        hint.setMinWidth(0);
        HBox bottom = new HBox(8, openSelected, hint);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(2, table, bottom);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(4));
        box.getStyleClass().add("tl-card");
        return box;
    }

    private void rebuildTable(SweepSpec spec) {
        table.getColumns().clear();
        if (spec == null) {
            return;
        }
        table.getColumns().add(column("cell", r -> Integer.toString(r.cell())));
        table.getColumns().add(column("seed", r -> Integer.toString(r.seed())));
        for (int a = 0; a < spec.axes().size(); a++) {
            int k = a;
            table.getColumns().add(column(spec.axes().get(a).field(), r -> SweepGrid.label(r.values().get(k))));
        }
        table.getColumns().add(column("status", SweepRow::status));
        table.getColumns().add(column("val loss", r -> num(r.valLoss())));
        List<Long> n = spec.referenceN();
        for (int i = 0; i < n.size(); i++) {
            int k = i;
            table.getColumns().add(column("H_N(" + LogScale.format(n.get(i)) + ")", r -> num(r.windows()[k])));
        }
        table.getColumns().add(column("envelope", r -> r.envelopeClass()));
        table.getColumns().add(column("βˆ", r -> num(r.betaHat())));
        table.getColumns().add(column("median α̂", r -> num(r.alphaMedian())));
        table.getColumns().add(column("s", r -> String.format("%.1f", r.wallSeconds())));
        table.getColumns().add(column("reason", SweepRow::reason));
        metric.getItems().setAll(SweepGrid.metrics(spec));
    }

    private static TableColumn<SweepRow, String> column(String title, Function<SweepRow, String> value) {
        TableColumn<SweepRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setSortable(false);
        c.setPrefWidth(title.equals("reason") ? 420 : Math.max(64, 9 * title.length() + 16));
        return c;
    }

    private void open(SweepRow row) {
        Path dir = m.runDirectory(row);
        if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
            showError("run " + row.id() + " has no run directory (it failed before training)");
            return;
        }
        openRun.accept(dir);
    }

    private void drawPlot(SweepGrid g) {
        if (g == null) {
            plot.getChildren().setAll(heatmap);
            return;
        }
        if (g.y() != null) {
            plot.getChildren().setAll(heatmap);
            int rows = g.mean().length;
            int cols = g.mean()[0].length;
            double[] values = new double[rows * cols];
            for (int j = 0; j < rows; j++) {
                System.arraycopy(g.mean()[j], 0, values, j * cols, cols);
            }
            double[] range = g.range();
            heatmap.setTitles(g.x().field(), g.y().field());
            heatmap.setData(values, rows, cols, Double.isFinite(range[0]) ? range[0] : 0,
                    Double.isFinite(range[1]) ? range[1] : 1, SweepGrid.describe(g.metric()),
                    g.x().values().stream().map(SweepGrid::label).toArray(String[]::new),
                    g.y().values().stream().map(SweepGrid::label).toArray(String[]::new));
            return;
        }
        plot.getChildren().setAll(lines);
        double[] xs = g.x().numbers();
        boolean logX = java.util.Arrays.stream(xs).allMatch(v -> v > 0)
                && java.util.Arrays.stream(xs).max().orElse(1) / java.util.Arrays.stream(xs).min().orElse(1) >= 10;
        NumberAxis xAxis = (NumberAxis) lines.getXAxis();
        xAxis.setLabel(g.x().field() + (logX ? " (log₁₀)" : ""));
        lines.getYAxis().setLabel(SweepGrid.describe(g.metric()));
        XYChart.Series<Number, Number> mean = Charts.series("mean over seeds");
        XYChart.Series<Number, Number> low = Charts.series("lowest seed");
        XYChart.Series<Number, Number> high = Charts.series("highest seed");
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(g.mean()[0][i]) || !Double.isFinite(xs[i])) {
                continue;
            }
            double x = logX ? Math.log10(xs[i]) : xs[i];
            mean.getData().add(new XYChart.Data<>(x, g.mean()[0][i]));
            low.getData().add(new XYChart.Data<>(x, g.low()[0][i]));
            high.getData().add(new XYChart.Data<>(x, g.high()[0][i]));
        }
        lines.getData().setAll(List.of(mean, low, high));
    }

    private String plotCsv() {
        SweepGrid g = m.gridProperty().get();
        if (g == null) {
            return "";
        }
        List<String> header = new ArrayList<>(List.of(g.x().field()));
        if (g.y() != null) {
            header.add(g.y().field());
        }
        header.addAll(List.of(g.metric() + "_mean", "low", "high", "count"));
        Csv.Table t = Csv.table(header);
        for (int j = 0; j < g.mean().length; j++) {
            for (int i = 0; i < g.mean()[j].length; i++) {
                List<Object> row = new ArrayList<>(List.of(g.x().values().get(i)));
                if (g.y() != null) {
                    row.add(g.y().values().get(j));
                }
                row.addAll(List.of(g.mean()[j][i], g.low()[j][i], g.high()[j][i], g.count()[j][i]));
                t.row(row);
            }
        }
        return t.toString();
    }

    // ---- small builders -----------------------------------------------------------------------

    private static Spinner<Integer> spinner(String id, int min, int max, javafx.beans.property.IntegerProperty p) {
        Spinner<Integer> s = new Spinner<>(min, max, Math.max(min, Math.min(max, p.get())));
        s.setId(id);
        s.setPrefWidth(90);
        s.setEditable(true);
        s.valueProperty().addListener((o, a, b) -> p.set(b));
        // A typed number counts as soon as it is a whole number in range (a spinner otherwise takes
        // typing only on Enter, and Run after typing would use the old value).
        s.getEditor().textProperty().addListener((o, a, text) -> {
            try {
                int v = Numbers.parseInt(text.trim());
                if (v >= min && v <= max) {
                    s.getValueFactory().setValue(v);
                }
            } catch (NumberFormatException notYet) {
                // Half-typed text: the value stays until it parses.
            }
        });
        s.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                s.getEditor().setText(Integer.toString(s.getValue()));
            }
        });
        p.set(s.getValue());
        return s;
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("tl-note");
        return l;
    }

    private void showError(String text) {
        error.setText(text == null ? "" : text);
        error.setVisible(text != null);
        error.setManaged(text != null);
    }

    /** A table cell: whole numbers (windows, steps) without decimals ("30", not "30.00"), others to 4 digits. */
    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.format("%.0f", v) : String.format("%.4g", v);
    }
}
