package org.timescalelab.ui.compare;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.Numbers;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.config.Settings;
import org.timescalelab.nn.OptimizerKind;
import org.timescalelab.run.RunSummary;
import org.timescalelab.style.Palette;
import org.timescalelab.sweep.Comparison;
import org.timescalelab.sweep.LocalSweep;
import org.timescalelab.sweep.SweepProgress;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.chart.FxColors;
import org.timescalelab.ui.chart.LogScale;
import org.timescalelab.ui.widget.LiveControl;

/**
 * The Compare tab: up to six runs overlaid, one colour each (the table below is the legend) — the
 * validation loss, f(ℓ)/f(1) (log-log or semi-log), the window H_N(N) (the selected run's 90 %
 * interval as a band), p(τ) as survival function or histogram, each run's (α̂, β̂) on the phase
 * plane, and the talk's claim itself: H_N(10⁷) against f(32)/f(1) — above a table of class, decay,
 * β̂, α̂ and H_N(10⁷) with their intervals. Runs come from run directories, a sweep or
 * {@code compare} folder that kept its runs, the live session, or "Architectures side by side",
 * which trains the five architectures here. FX thread only.
 */
public final class CompareView extends BorderPane {

    /** What the tab needs of the window around it. */
    public interface Host extends ChartPane.Actions {
        /** The live session as a run (its latest pass), or null before its first pass. */
        RunSummary liveSession();

        /** The Training tab's settings now: the task, seeds and model the side-by-side runs share. */
        SessionConfig currentSettings();

        /** A new folder for a side-by-side comparison (in the runs folder), or null when there is none. */
        Path newComparisonFolder();

        /** Asks where to save a PNG of {@code node} and writes it. */
        void exportPng(String name, Node node);

        /** Asks where to save {@code csv} and writes it. */
        void exportCsv(String name, String csv);
    }

    private static final long DEFAULT_STEPS = 2000;

    private final CompareModel m;
    private final Host host;
    private final CompareCharts charts = new CompareCharts(this::redraw);
    private final TableView<RunSummary> table = new TableView<>();
    private final Label error = LiveControl.errorLabel();
    private final Label correlation = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label();
    private final Button cancel = new Button("Cancel");

    /** The tab over {@code model} inside {@code host}. */
    public CompareView(CompareModel model, Host host) {
        this.m = model;
        this.host = host;
        setId("compare");
        setTop(toolbar());
        // Charts above, the table below, split so that both follow the window (in classroom mode at
        // 1280×720 a fixed-height table left the charts 70 px of plot).
        SplitPane split = new SplitPane(charts.grid(host), tableBox());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        SplitPane.setResizableWithParent(split.getItems().get(1), false);
        setCenter(split);
        m.runs().addListener((ListChangeListener<RunSummary>) c -> redraw());
        m.alignedStepProperty().addListener((o, a, b) -> redraw());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> charts.drawWindowBand(b));
        redraw();
    }

    private Node toolbar() {
        Button addRun = button("compare-add-run", "Add run…", "Add a saved run (its folder)");
        addRun.setOnAction(e -> choose("Add a saved run (its folder)").ifPresent(d -> m.addRun(d.toPath(), this::show)));
        Button addSweep = button("compare-add-sweep", "Add runs of a sweep…",
                "Add the kept runs of a sweep or compare folder");
        addSweep.setOnAction(e -> choose("Add the runs of a sweep or compare folder").ifPresent(
                d -> m.addSweep(d.toPath(), this::show)));
        Button addLive = button("compare-add-live", "Add live session",
                "Add the Training tab's session as it is now (its latest diagnostics pass)");
        addLive.setOnAction(e -> {
            RunSummary live = host.liveSession();
            if (live == null) {
                show("the live session has no diagnostics pass yet: train until one arrives");
            } else {
                m.addLive(live, this::show);
            }
        });
        Button remove = button("compare-remove", "Remove", "Remove the run selected in the table");
        remove.setOnAction(e -> {
            RunSummary r = table.getSelectionModel().getSelectedItem();
            if (r != null) {
                m.remove(r);
            }
        });
        ChoiceBox<CompareModel.Alignment> align = new ChoiceBox<>();
        align.setId("compare-align");
        align.getItems().setAll(CompareModel.Alignment.values());
        align.valueProperty().bindBidirectional(m.alignmentProperty());
        align.setTooltip(new Tooltip("Which pass of each run: its latest, the pass at the same step (the earliest of "
                + "the runs' latest passes), or the same pass number"));
        Button side = button("compare-side-by-side", "Architectures side by side…",
                "Train the five architectures on the Training tab's task, seeds and budget, then compare them here");
        side.setOnAction(e -> askSideBySide());
        side.disableProperty().bind(m.trainingProperty());
        Button png = button("compare-export-png", "Export PNG…", "The whole comparison (charts and table) as one PNG");
        png.setOnAction(e -> host.exportPng("comparison.png", this));
        Button csv = button("compare-export-csv", "Export CSV…", "The table as CSV (as the compare command's compare.csv)");
        csv.setOnAction(e -> host.exportCsv("compare.csv", m.csv()));
        Label status = new Label();
        status.textProperty().bind(m.statusProperty());
        status.getStyleClass().add("tl-note");
        progress.setPrefWidth(140);
        cancel.setId("compare-cancel");
        cancel.setOnAction(e -> m.cancelSideBySide());
        for (Node n : List.of(progress, progressText, cancel)) {
            n.visibleProperty().bind(m.trainingProperty());
            n.managedProperty().bind(m.trainingProperty());
        }
        HBox alignBox = new HBox(4, new Label("Align"), align);
        alignBox.setAlignment(Pos.CENTER_LEFT);
        FlowPane bar = new FlowPane(8, 4, addRun, addSweep, addLive, remove, alignBox, side, png, csv, progress,
                progressText, cancel, status, error);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        return bar;
    }

    /** Redraws the charts and the correlation line from the model's runs. */
    void redraw() {
        correlation.setText(charts.redraw(new ArrayList<>(m.runs()), m.alignedStepProperty().get(),
                m.decayWindowCorrelation(), m.decayWindowInterval()));
    }

    private Node tableBox() {
        table.setId("compare-table");
        table.setPrefHeight(176);
        table.setMinHeight(60);
        TableColumn<RunSummary, String> name = column("run", RunSummary::label);
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String label, boolean empty) {
                super.updateItem(label, empty);
                setText(empty ? null : label);
                int i = getIndex();
                setGraphic(empty || i < 0 ? null : new Circle(5, FxColors.of(Palette.series(i))));
            }
        });
        table.getColumns().add(name);
        table.getColumns().add(column("envelope", RunSummary::envelopeClass));
        table.getColumns().add(column("f(32)/f(1)", r -> LogScale.format(r.decayAt(Comparison.DECAY_LAG))));
        table.getColumns().add(column("β̂ [90%]", r -> String.format("%.3g [%.3g, %.3g]", r.betaHat(), r.betaLow(),
                r.betaHigh())));
        table.getColumns().add(column("α̂ [90%]", r -> String.format("%.3g [%.3g, %.3g]", r.alphaHat(), r.alphaLow(),
                r.alphaHigh())));
        table.getColumns().add(column("H_N(10⁷) [90%]", r -> {
            double[] w = r.windowAt(CompareModel.REFERENCE_N);
            return String.format("%.0f [%.0f, %s]", w[0], w[1], Double.isFinite(w[2]) ? String.format("%.0f", w[2]) : "∞");
        }));
        table.getColumns().add(column("pass at step", r -> Long.toString(r.step())));
        table.setItems(m.runs());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        correlation.getStyleClass().add("tl-note");
        BorderPane bottom = new BorderPane(table);
        bottom.setBottom(correlation);
        bottom.setPadding(new Insets(0, 6, 6, 6));
        return bottom;
    }

    /** Asks for the budget and optimizers of the side-by-side runs, then starts them. */
    private void askSideBySide() {
        SessionConfig base = host.currentSettings();
        Path out = host.newComparisonFolder();
        if (out == null) {
            show("no runs folder to train the comparison in");
            return;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Architectures side by side");
        d.setHeaderText("The five architectures on the Training tab's task, seeds and model size");
        TextField steps = new TextField(Long.toString(DEFAULT_STEPS));
        steps.setId("side-by-side-steps");
        ChoiceBox<String> optimizers = new ChoiceBox<>();
        String own = base.training().optimizer().toString();
        optimizers.getItems().setAll(own, "SGD and ADAM");
        optimizers.setValue(own);
        int parallel = Math.max(1, LocalSweep.defaultParallel() - 1);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.addRow(0, new Label("Steps per run"), steps);
        g.addRow(1, new Label("Optimizers"), optimizers);
        g.add(new Label(String.format("Runs %s into %s", parallel > 1 ? parallel + " at a time" : "one after another "
                + "(the window keeps a core)", out)), 0, 2, 2, 1);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        if (getScene() != null) {
            d.initOwner(getScene().getWindow());
        }
        Optional<ButtonType> answer = d.showAndWait();
        if (answer.isEmpty() || answer.get() != ButtonType.OK) {
            return;
        }
        long budget;
        try {
            budget = stepBudget(steps.getText().trim());
        } catch (ConfigException e) {
            show(e.getMessage());
            return;
        }
        List<OptimizerKind> opts = optimizers.getValue().equals(own) ? List.of(base.training().optimizer())
                : List.of(OptimizerKind.SGD, OptimizerKind.ADAM);
        startSideBySide(out, base, opts, budget, parallel);
    }

    /** The side-by-side runs' step budget: a valid {@code training.steps}, and at least one step. */
    private static long stepBudget(String text) {
        double steps;
        try {
            steps = Numbers.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("training.steps", text, "a whole number of steps, 1 or more");
        }
        Settings.STEPS.checkNumber(steps);
        if (steps < 1) {
            throw new ConfigException("training.steps", text, "1 or more (every run needs a budget to compare)");
        }
        return (long) steps;
    }

    /**
     * Starts the side-by-side runs (the dialog's action; tests call it directly). The progress line
     * counts the time left down each second between finished runs (it stood still for the length of
     * a run).
     */
    void startSideBySide(Path out, SessionConfig base, List<OptimizerKind> optimizers, long steps, int parallel) {
        show(null);
        progress.setProgress(0);
        progressText.setText("starting…");
        SweepProgress[] last = new SweepProgress[1];
        long[] at = new long[1];
        Runnable text = () -> {
            SweepProgress p = last[0].later((System.nanoTime() - at[0]) / 1e9);
            progressText.setText(String.format("%d of %d runs%s", p.done(), p.total(), p.done() < p.total()
                    && Double.isFinite(p.eta()) ? String.format(", about %.0f s left", p.eta()) : ""));
        };
        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            if (last[0] != null) {
                text.run();
            }
        }));
        tick.setCycleCount(Animation.INDEFINITE);
        tick.play();
        m.sideBySide(out, base, optimizers, steps, parallel, p -> Platform.runLater(() -> {
            progress.setProgress((double) p.done() / p.total());
            last[0] = p;
            at[0] = System.nanoTime();
            text.run();
        }), problem -> {
            tick.stop();
            show(problem);
        });
    }

    private Optional<File> choose(String title) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        return Optional.ofNullable(c.showDialog(getScene() == null ? null : getScene().getWindow()));
    }

    private static Button button(String id, String text, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /** Whether {@code pane} is one of this tab's cards. */
    public boolean holds(ChartPane pane) {
        return charts.holds(pane);
    }

    /** Enlarges one of this tab's cards to the whole chart area, or puts it back. */
    public void toggleEnlarged(ChartPane pane) {
        charts.toggleEnlarged(pane);
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

    private static TableColumn<RunSummary, String> column(String title, Function<RunSummary, String> value) {
        TableColumn<RunSummary, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }
}
