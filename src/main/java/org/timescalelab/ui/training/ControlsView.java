package org.timescalelab.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.config.Setting;
import org.timescalelab.config.Settings;
import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.OptimizerKind;
import org.timescalelab.nn.TaskKind;
import org.timescalelab.session.SessionState;
import org.timescalelab.ui.widget.LiveControl;

/**
 * The left panel: run buttons, live controls (applied to the running session from the next
 * step) and the model and data settings (applied by rebuilding the session). Every typed value
 * is checked against the config's own rules and refused in place with the allowed range.
 */
public final class ControlsView extends VBox {

    /** The speed slider's right end, "max"; below it the slider is log₁₀ of steps per second. */
    private static final double SPEED_MAX = 3.3;


    private final TrainingViewModel vm;
    private final Button startPause = new Button("Start");
    private final Label note = new Label();
    private final List<Node> advanced = new ArrayList<>();

    private final ChoiceBox<Architecture> architecture = new ChoiceBox<>();
    private final ChoiceBox<TaskKind> task = new ChoiceBox<>();
    private final ChoiceBox<OptimizerKind> optimizer = new ChoiceBox<>();
    private final TextField lags = field("task.lags", "Lags of the multi-lag task, comma-separated, each 1..T−1");
    private final TextField batch = field("training.batchSize", "Sequences per training step, 1..4096");
    private final TextField length = field("task.sequenceLength", "Sequence length T, 2..4096");
    private final TextField seeds = field("seeds", "Model, data and noise seeds, comma-separated (same seeds: same run)");
    private final Label rebuildError = LiveControl.errorLabel();
    private final Label lagsLabel = new Label("Lags");

    /** The side panel over {@code vm}: run buttons, live controls, model and data. */
    public ControlsView(TrainingViewModel vm) {
        this.vm = vm;
        getStyleClass().add("tl-controls");
        setSpacing(6);
        setPadding(new Insets(6));
        setPrefWidth(300);
        setMinWidth(300);
        setMaxWidth(300);
        note.setWrapText(true);
        note.getStyleClass().add("tl-note");
        note.textProperty().bind(vm.presetNoteProperty());
        TitledPane live = new TitledPane("Live (from the next step)", liveControls());
        TitledPane rebuild = new TitledPane("Model & data (rebuilds)", rebuildControls());
        live.setTooltip(new Tooltip("Applied to the running session from the next step, without a reset"));
        rebuild.setTooltip(new Tooltip("Applying these builds a new network and data: training restarts from step 0"));
        live.setCollapsible(false);
        rebuild.setExpanded(true);
        advanced.add(rebuild);
        VBox content = new VBox(6, runControls(), live, rebuild, note);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // A scroll bar that comes and goes changes the note's wrapping width after it was drawn;
        // under software rendering (Xvfb) the old lines then stayed on screen beside the new ones.
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.ALWAYS);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().add(scroll);
        vm.stateProperty().addListener((o, a, b) -> startPause.setText(b == SessionState.RUNNING ? "Pause" : "Start"));
        vm.configProperty().addListener((o, a, b) -> showConfig(b));
        showConfig(vm.configProperty().get());
    }

    /** Hides or shows the controls a class does not need. */
    public void setAdvancedVisible(boolean visible) {
        for (Node n : advanced) {
            n.setVisible(visible);
            n.setManaged(visible);
        }
    }

    private Node runControls() {
        startPause.setId("start-pause");
        startPause.setTooltip(new Tooltip("Start or pause training (Space)"));
        startPause.setOnAction(e -> vm.togglePause());
        startPause.setDefaultButton(false);
        Button step = new Button("Step");
        step.setId("step");
        step.setTooltip(new Tooltip("Take exactly one training step (S)"));
        step.setOnAction(e -> vm.stepOnce());
        Button reset = new Button("Reset");
        reset.setId("reset");
        reset.setTooltip(new Tooltip("Back to the same start: same config and seeds, live changes undone (R)"));
        reset.setOnAction(e -> vm.reset());
        for (Button b : List.of(startPause, step, reset)) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.setFocusTraversable(false);
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        startPause.getStyleClass().add("tl-primary");
        HBox buttons = new HBox(4, startPause, step, reset);
        // Slow on the left, fast on the right: 10^v steps/s for v in [0, 3], and "max" (no throttle)
        // at the right end.
        Slider speed = new Slider(0, SPEED_MAX, SPEED_MAX);
        speed.setId("speed");
        Label speedValue = new Label("max");
        speedValue.setMinWidth(Region.USE_PREF_SIZE);
        speed.setTooltip(new Tooltip("Speed: throttled to 1–1000 steps per second (left) for lectures, "
                + "or as fast as possible (right end)"));
        speed.valueProperty().addListener((o, a, b) -> {
            double rate = throttle(b.doubleValue());
            speedValue.setText(rate == 0 ? "max" : String.format("%.0f steps/s", rate));
            if (!speed.isValueChanging()) {
                vm.speedProperty().set(rate);
            }
        });
        speed.valueChangingProperty().addListener((o, a, changing) -> {
            if (!changing) {
                vm.speedProperty().set(throttle(speed.getValue()));
            }
        });
        Label speedLabel = new Label("Speed");
        speedLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox speedRow = new HBox(6, speedLabel, speed, speedValue);
        speedRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(speed, Priority.ALWAYS);
        return new VBox(6, buttons, speedRow);
    }

    private Node liveControls() {
        VBox box = new VBox(4);
        box.getChildren().addAll(
                live("Learning rate η", Settings.LEARNING_RATE, vm.learningRateProperty(), vm::setLearningRate),
                live("Width H", Settings.WIDTH, vm.widthProperty(), v -> vm.setWidth((int) Math.round(v))),
                live("Noise tail index α", Settings.ALPHA, vm.alphaProperty(), vm::setAlpha),
                live("Update noise", Settings.UPDATE_NOISE, vm.updateNoiseProperty(), vm::setUpdateNoise),
                live("Label noise", Settings.LABEL_NOISE, vm.labelNoiseProperty(), vm::setLabelNoise));
        Node clip = live("Gradient clipping", Settings.CLIP_NORM, vm.clipNormProperty(), vm::setClipNorm);
        Node diag = live("Diagnostics every", Settings.DIAGNOSTICS_EVERY, vm.diagnosticsEveryProperty(),
                v -> vm.setDiagnosticsEvery((int) Math.round(v)));
        Node n = live("Samples N (window)", Settings.REFERENCE_N, vm.referenceNProperty(),
                v -> vm.referenceNProperty().set(v));
        Node smooth = live("Loss smoothing", null, "Exponential-moving-average factor of the loss curve (0 = raw)",
                0, 0.995, false, false, vm.smoothingProperty(), v -> vm.smoothingProperty().set(v));
        Button redraw = new Button("Redraw diagnostic sample");
        redraw.setId("redraw-sample");
        redraw.setMaxWidth(Double.MAX_VALUE);
        redraw.setFocusTraversable(false);
        redraw.setTooltip(new Tooltip("Run a diagnostics pass now on fresh diagnostic sequences, directions and label "
                + "noise (the next diagnostics.seed): a number that moves outside its interval was not stable"));
        redraw.setOnAction(e -> vm.redrawDiagnostics());
        advanced.addAll(List.of(clip, diag, redraw, n, smooth));
        box.getChildren().addAll(switchTask(), clip, diag, redraw, n, smooth);
        return box;
    }

    /**
     * "Switch task": the task being trained, the next one's lags and the button that switches after
     * the current step, keeping parameters and optimizer state (docs/training.md, "Task schedules").
     */
    private Node switchTask() {
        Label now = new Label();
        now.setId("current-task");
        now.textProperty().bind(vm.currentTaskProperty());
        now.setWrapText(true);
        TextField next = new TextField();
        next.setId("next-task-field");
        TextField scale = new TextField();
        scale.setId("next-scale-field");
        scale.setPromptText("1");
        scale.setPrefColumnCount(3);
        Button go = new Button("Switch task");
        go.setId("switch-task");
        Label error = LiveControl.errorLabel();
        Runnable fit = () -> {
            boolean can = vm.canSwitchTask();
            boolean recall = vm.configProperty().get().task().type() == TaskKind.DELAYED_RECALL;
            next.setPromptText(recall ? "next lag, e.g. 60" : "next lags, e.g. 32,48,64");
            next.setDisable(!can);
            scale.setDisable(!can);
            go.setDisable(!can);
            scale.setTooltip(new Tooltip("The next task's input scale: the standard deviation of its Gaussian inputs "
                    + "(blank keeps it; e.g. 3 for inputs three times as large, a nonstationary input)"));
            String tip = can ? "Switch to a task with these " + (recall ? "lag" : "lags") + " after the current step; "
                    + "the network, its parameters and the optimizer state carry over, and the old task's "
                    + "validation loss is tracked as a forgetting curve"
                    : "Only the multi-lag and delayed-recall tasks can switch (their targets are lags)";
            next.setTooltip(new Tooltip(tip));
            go.setTooltip(new Tooltip(tip));
        };
        vm.configProperty().addListener((o, a, b) -> fit.run());
        fit.run();
        Runnable apply = () -> {
            try {
                vm.switchTask(next.getText(), scale.getText());
                LiveControl.showError(next, error, null);
            } catch (ConfigException e) {
                LiveControl.showError(next, error, e.getMessage());
            }
        };
        go.setOnAction(e -> apply.run());
        next.setOnAction(e -> apply.run());
        scale.setOnAction(e -> apply.run());
        // Two rows: the lags take the panel's width (classroom fonts left a sliver beside two more
        // controls), the input scale and the button share the second.
        next.setMaxWidth(Double.MAX_VALUE);
        scale.setMinWidth(36);
        Label times = new Label("inputs ×");
        times.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(scale, Priority.ALWAYS);
        HBox row = new HBox(4, times, scale, go);
        row.setAlignment(Pos.CENTER_LEFT);
        go.setMinWidth(Region.USE_PREF_SIZE);
        Label broke = new Label();
        broke.setId("breakdowns");
        broke.getStyleClass().add("tl-breakdown");
        broke.setWrapText(true);
        broke.textProperty().bind(vm.breakdownsProperty());
        broke.visibleProperty().bind(vm.breakdownsProperty().isNotEmpty());
        broke.managedProperty().bind(broke.visibleProperty());
        broke.setTooltip(new Tooltip("BWT: the mean change of the earlier tasks' losses from the end of their stages to "
                + "now (negative: forgotten). F_j: task j's loss now minus its best since its stage. Then where each "
                + "earlier task broke down (the red line on the loss chart): its loss reached halfway between what it "
                + "had learned and an untrained network's, with βˆ and H_N of the pass before its switch → the first "
                + "pass after"));
        return new VBox(3, now, next, row, error, broke);
    }

    /**
     * A live control of a setting, read from the schema: its key, help, allowed range and slider
     * (the label is the window's own wording). The tooltip ends with what may be typed, which can
     * reach beyond the slider.
     */
    private Node live(String label, Setting setting, ObservableValue<? extends Number> property, DoubleConsumer apply) {
        Setting.Slider slider = setting.slider();
        String typed = (slider.log() ? " · the slider moves in decades" : "") + (setting.range() == null ? ""
                : " · allowed " + setting.range() + (setting.unit().isEmpty() ? "" : " " + setting.unit()));
        return live(label, setting.key(), setting.help() + typed, slider.min(), slider.max(), slider.log(),
                setting.type() == Setting.Type.INTEGER, property, apply);
    }

    private Node live(String label, String key, String tip, double min, double max, boolean log, boolean integer,
                      ObservableValue<? extends Number> property, DoubleConsumer apply) {
        return LiveControl.create(label, key == null ? "smoothing" : key.replace('.', '-'), tip, min, max, log, integer,
                property, apply, text -> check(key, text, min, max, log), false);
    }

    /** The config's verdict on a typed value (or a plain range check for view-only settings). */
    private String check(String key, String text, double min, double max, boolean log) {
        if (key == null || key.equals("diagnostics.referenceN")) {
            return LiveControl.range(min, max, log).apply(text);
        }
        return vm.validate(key, text);
    }

    private static TextField field(String key, String tip) {
        TextField f = new TextField();
        f.setId(key.replace('.', '-') + "-field");
        f.setTooltip(new Tooltip(tip));
        return f;
    }

    private Node rebuildControls() {
        architecture.getItems().setAll(Architecture.values());
        task.getItems().setAll(TaskKind.values());
        task.valueProperty().addListener((o, was, now) -> {
            if (now != null && was != null) {
                showLagField(now, vm.configProperty().get());
            }
        });
        optimizer.getItems().setAll(OptimizerKind.values());
        architecture.setTooltip(new Tooltip("Recurrent architecture: the gate family (constant, shared or per-unit gate), GRU or LSTM"));
        task.setTooltip(new Tooltip("Task: several lags at once, one delayed recall, the adding problem or NARMA10"));
        optimizer.setTooltip(new Tooltip("Optimizer: one learning rate for all (SGD, momentum) or per-parameter rates (RMSprop, Adam, AdamW)"));
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(4);
        String[] labels = {"Architecture", "Task", "Lags", "Optimizer", "Batch size", "Length T", "Seeds"};
        Node[] nodes = {architecture, task, lags, optimizer, batch, length, seeds};
        for (int i = 0; i < labels.length; i++) {
            g.add(i == 2 ? lagsLabel : new Label(labels[i]), 0, i);
            g.add(nodes[i], 1, i);
            GridPane.setHgrow(nodes[i], Priority.ALWAYS);
            if (nodes[i] instanceof ChoiceBox) {
                ((ChoiceBox<?>) nodes[i]).setMaxWidth(Double.MAX_VALUE);
            }
        }
        Button apply = new Button("Apply — rebuilds the session");
        apply.setId("apply");
        apply.setMaxWidth(Double.MAX_VALUE);
        apply.setTooltip(new Tooltip("Build a new network and data with these settings (training restarts from step 0)"));
        apply.setOnAction(e -> applyRebuild());
        return new VBox(6, g, apply, rebuildError);
    }

    /**
     * The lag field follows the task: several lags for the multi-lag task, the one lag of delayed
     * recall (100 in the long-lag preset), and nothing for tasks without lags.
     */
    private void showLagField(TaskKind kind, SessionConfig c) {
        lagsLabel.setText(kind == TaskKind.DELAYED_RECALL ? "Lag" : "Lags");
        lags.setDisable(kind != TaskKind.MULTI_LAG && kind != TaskKind.DELAYED_RECALL);
        lags.setText(kind == TaskKind.DELAYED_RECALL ? String.valueOf(c.task().lag())
                : kind == TaskKind.MULTI_LAG ? joined(c.task().lags()) : "");
    }

    private void showConfig(SessionConfig c) {
        architecture.setValue(c.model().architecture());
        task.setValue(c.task().type());
        optimizer.setValue(c.training().optimizer());
        showLagField(c.task().type(), c);
        batch.setText(String.valueOf(c.training().batchSize()));
        length.setText(String.valueOf(c.task().sequenceLength()));
        seeds.setText(c.seeds().model() + "," + c.seeds().data() + "," + c.seeds().noise());
    }

    private static String joined(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }

    private void applyRebuild() {
        String[] s = seeds.getText().split(",");
        List<String> overrides = new ArrayList<>(List.of(
                "model.architecture=" + architecture.getValue(), "task.type=" + task.getValue(),
                "training.optimizer=" + optimizer.getValue(), "training.batchSize=" + batch.getText().trim(),
                "task.sequenceLength=" + length.getText().trim()));
        // The lag field means the task's lags, its one lag, or nothing (see showLagField).
        if (task.getValue() == TaskKind.MULTI_LAG) {
            overrides.addAll(List.of("task.lags=" + lags.getText().trim(),
                    "task.coefficients=" + coefficients(lags.getText())));
        } else if (task.getValue() == TaskKind.DELAYED_RECALL) {
            overrides.add("task.lag=" + lags.getText().split(",")[0].trim());
        }
        if (s.length != 3) {
            rebuildError.setText("seeds: expected three integers, model,data,noise");
            LiveControl.showError(seeds, rebuildError, rebuildError.getText());
            return;
        }
        overrides.addAll(List.of("seeds.model=" + s[0].trim(), "seeds.data=" + s[1].trim(), "seeds.noise=" + s[2].trim()));
        try {
            SessionConfig next = vm.configWith(overrides);
            LiveControl.showError(seeds, rebuildError, null);
            vm.apply(next);
        } catch (ConfigException e) {
            rebuildError.setText(e.getMessage());
            rebuildError.setVisible(true);
            rebuildError.setManaged(true);
        }
    }

    /** Keeps the config's coefficients when the lag count is unchanged, else decreasing ones. */
    private String coefficients(String lagText) {
        double[] c = TrainingViewModel.coefficients(vm.configProperty().get().task().coefficients(), lagText.split(",").length);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            sb.append(i == 0 ? "" : ",").append(c[i]);
        }
        return sb.toString();
    }

    /** Steps per second for a speed slider position (0 = no throttle, at the right end). */
    static double throttle(double position) {
        return position > 3.05 ? 0 : Math.pow(10, Math.min(3, position));
    }
}
