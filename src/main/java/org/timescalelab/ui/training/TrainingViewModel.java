package org.timescalelab.ui.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.Numbers;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.config.Setting;
import org.timescalelab.config.Settings;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.TaskKind;
import org.timescalelab.nn.TaskSpec;
import org.timescalelab.run.RunDirectory;
import org.timescalelab.run.RunSummary;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionCheckpoint;
import org.timescalelab.session.SessionEvent;
import org.timescalelab.session.SessionSnapshot;
import org.timescalelab.session.SessionState;
import org.timescalelab.session.TrainingSession;
import org.timescalelab.ui.chart.SeriesBuffer;
import org.timescalelab.ui.fx.SessionBridge;
import org.timescalelab.ui.fx.TaskRunner;

/**
 * The Training tab's presentation model: read-only state published by the session, the live
 * settings with their commands ({@link #setLearningRate} and the like: shown at once, sent to the
 * session, confirmed by its snapshots), the session's life cycle and the chart data (kept by
 * {@link TrainingHistory}). It never blocks: commands are queued to the session and
 * {@link #drain()} (called once per frame on the FX thread) takes what the engine published.
 * Usable without a toolkit (its properties are plain JavaFX beans).
 *
 * <p>Length: about 820 lines, of which some 250 are the documented accessors of its ~25
 * properties; the rest (commands, life cycle, drain, validation) change together with the
 * session's API, so they stay in one file.
 */
public final class TrainingViewModel {

    private final Function<SessionConfig, TrainingSession> factory;
    private final Function<SessionCheckpoint, TrainingSession> resumer;
    private final SessionBridge bridge = new SessionBridge();

    private final ReadOnlyObjectWrapper<SessionState> state = new ReadOnlyObjectWrapper<>(SessionState.READY);
    private final ReadOnlyLongWrapper step = new ReadOnlyLongWrapper();
    private final ReadOnlyDoubleWrapper stepsPerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper diagnosticsCost = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyObjectWrapper<SessionConfig> config = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper presetNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper currentTask = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper breakdowns = new ReadOnlyStringWrapper("");
    private Forgetting forgetting;

    private final ReadOnlyDoubleWrapper learningRate = new ReadOnlyDoubleWrapper();
    private final ReadOnlyIntegerWrapper width = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper alpha = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper updateNoise = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper labelNoise = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper clipNorm = new ReadOnlyDoubleWrapper();
    private final ReadOnlyIntegerWrapper diagnosticsEvery = new ReadOnlyIntegerWrapper();
    private final DoubleProperty speed = new SimpleDoubleProperty(0);
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0.9);
    private final DoubleProperty referenceN = new SimpleDoubleProperty(1e7);
    private final BooleanProperty classroom = new SimpleBooleanProperty(false);
    private final BooleanProperty showBeforeSwitch = new SimpleBooleanProperty(true);
    private final ObjectProperty<String> preset = new SimpleObjectProperty<>("demo");

    private final TrainingHistory history = new TrainingHistory(smoothing::get, referenceN::get);

    private TrainingSession session;
    /** The session's config with its task schedule as last seen (live switches included). */
    private SessionConfig scheduleConfig;
    /** U_j of {@link #scheduleConfig}'s stages, made when that config is first seen. */
    private double[] untrained = new double[0];
    private SessionSnapshot snapshot;
    private DiagnosticsReport diagnostics;
    private long version;

    /**
     * A model over sessions made by {@code factory} and, for Open run…, {@code resumer} (the app
     * launches each on its engine thread; tests drive them synchronously).
     */
    public TrainingViewModel(Function<SessionConfig, TrainingSession> factory,
                              Function<SessionCheckpoint, TrainingSession> resumer, SessionConfig initial) {
        this.factory = factory;
        this.resumer = resumer;
        this.config.set(initial);
        copyLiveValues(initial);
        this.config.addListener((o, a, b) -> showSchedule(b));
        showSchedule(initial);
        speed.addListener((o, a, b) -> {
            if (session != null) {
                session.setThrottle(b.doubleValue());
            }
        });
        smoothing.addListener((o, a, b) -> {
            history.recomputeSmoothing();
            version++;
        });
    }

    private void copyLiveValues(SessionConfig c) {
        learningRate.set(c.training().learningRate());
        width.set(c.model().width());
        alpha.set(c.noise().alpha());
        updateNoise.set(c.noise().updateScale());
        labelNoise.set(c.noise().labelScale());
        clipNorm.set(c.training().clipNorm());
        diagnosticsEvery.set(c.diagnostics().every());
        referenceN.set(c.diagnostics().referenceN());
    }

    // ---- live commands (FX thread): shown at once, sent to the session, confirmed by its snapshots --

    /** η from the next step; a value outside the setting's range throws {@link ConfigException}. */
    public void setLearningRate(double v) {
        live(Settings.LEARNING_RATE, v, () -> learningRate.set(v), s -> s.setLearningRate(v));
    }

    /** The hidden width from the next step (grown or pruned). */
    public void setWidth(int v) {
        live(Settings.WIDTH, v, () -> width.set(v), s -> s.setWidth(v));
    }

    /** The noise tail index α from the next draw. */
    public void setAlpha(double v) {
        live(Settings.ALPHA, v, () -> alpha.set(v), s -> s.setAlpha(v));
    }

    /** The update-noise scale. */
    public void setUpdateNoise(double v) {
        live(Settings.UPDATE_NOISE, v, () -> updateNoise.set(v), s -> s.setUpdateNoise(v));
    }

    /** The label-noise scale. */
    public void setLabelNoise(double v) {
        live(Settings.LABEL_NOISE, v, () -> labelNoise.set(v), s -> s.setLabelNoise(v));
    }

    /** The clipping threshold (0 = off). */
    public void setClipNorm(double v) {
        live(Settings.CLIP_NORM, v, () -> clipNorm.set(v), s -> s.setClipNorm(v));
    }

    /** A diagnostics pass now on a fresh diagnostic sample (docs/envelope-and-window.md, "Redrawing the sample"). */
    public void redrawDiagnostics() {
        if (session != null) {
            session.redrawDiagnostics();
        }
    }

    /** Steps between diagnostics passes (0 = off). */
    public void setDiagnosticsEvery(int v) {
        live(Settings.DIAGNOSTICS_EVERY, v, () -> diagnosticsEvery.set(v), s -> s.setDiagnosticsEvery(v));
    }

    /**
     * Switches the task after the current step (docs/training.md, "Task schedules"): {@code lags}
     * holds the next lags of a multi-lag task (their coefficients kept when the count is the same,
     * else 0.6, 0.5, … down to 0.1) or the next lag of delayed recall, {@code inputScale} the next
     * standard deviation of the inputs; either may be blank, keeping what the task has now.
     *
     * @throws ConfigException naming the field, when the text is not a valid next task
     */
    public void switchTask(String lags, String inputScale) {
        SessionConfig c = scheduleConfig;
        TaskSpec now = c.stages().get(c.stageAt(step.get()));
        if (now.kind() != TaskKind.MULTI_LAG && now.kind() != TaskKind.DELAYED_RECALL) {
            throw new ConfigException("task.schedule", now.kind(), "a MULTI_LAG or DELAYED_RECALL task (their lags can switch)");
        }
        Double scale = inputScale.isBlank() ? null : Settings.INPUT_SCALE.checkNumber(number("task.inputScale", inputScale));
        SessionConfig.Switch next;
        if (lags.isBlank()) {
            next = new SessionConfig.Switch(1, null, null, null, scale);
        } else if (now.kind() == TaskKind.MULTI_LAG) {
            int[] l = integers("task.lags", lags);
            next = new SessionConfig.Switch(1, l, coefficients(now.coefficients(), l.length), null, scale);
        } else {
            int[] lag = integers("task.lag", lags);
            if (lag.length != 1) {
                throw new ConfigException("task.lag", lags, "one lag, 1..T−1");
            }
            next = new SessionConfig.Switch(1, null, null, lag[0], scale);
        }
        if (session != null) {
            session.switchTask(next);
        }
    }

    /** A number, or a {@link ConfigException} naming {@code field}. */
    private static double number(String field, String text) {
        try {
            return Numbers.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(field, text, "a number");
        }
    }

    /** Whether the current task's lags can switch (multi-lag and delayed recall). */
    public boolean canSwitchTask() {
        TaskKind k = config.get().task().type();
        return k == TaskKind.MULTI_LAG || k == TaskKind.DELAYED_RECALL;
    }

    /** The integers of a comma-separated text, or a {@link ConfigException} naming {@code field}. */
    private static int[] integers(String field, String text) {
        try {
            return Arrays.stream(text.split(",")).map(String::trim).mapToInt(Numbers::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new ConfigException(field, text, "whole numbers, comma-separated, each 1..T−1");
        }
    }

    /** Keeps {@code current} when the lag count is unchanged, else decreasing coefficients 0.6, 0.5, … (at least 0.1). */
    static double[] coefficients(double[] current, int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = current.length == n ? current[i] : Math.max(0.1, 0.6 - 0.1 * i);
        }
        return c;
    }

    /** Takes {@code c}'s schedule as the one the charts and the forgetting measures follow. */
    private void showSchedule(SessionConfig c) {
        if (c == null || c.equals(scheduleConfig)) {
            return;
        }
        scheduleConfig = c;
        untrained = c.task().schedule().isEmpty() ? new double[0]
                : Learner.untrainedLosses(c.learnerSpec(), c.stages());
        currentTask.set(c.stageLabel(c.stageAt(step.get())));
    }

    /** Checks a live value against its setting, shows it, and sends it to the session if there is one. */
    private void live(Setting setting, double v, Runnable show, java.util.function.Consumer<TrainingSession> command) {
        setting.checkNumber(v);
        show.run();
        if (session != null) {
            command.accept(session);
        }
    }

    // ---- session life cycle -----------------------------------------------------------------

    /** Builds the session of the current config (the engine loads its tensor backend there). */
    public void startSession(boolean run) {
        session = factory.apply(config.get().withSteps(0));
        session.addListener(bridge);
        if (speed.get() > 0) {
            session.setThrottle(speed.get());
        }
        if (run) {
            session.start();
        }
    }

    /**
     * Stops the current session and drops what it had published but the window had not drawn yet:
     * its late rows would otherwise land on the next session's charts (and its step on the counter).
     */
    private void detachSession() {
        if (session != null) {
            session.removeListener(bridge);
            session.stop();
            bridge.drain();
        }
    }

    /** Replaces the session with one built from a new config (the old one is stopped). */
    public void apply(SessionConfig next) {
        boolean wasRunning = state.get() == SessionState.RUNNING;
        detachSession();
        // The new session starts at step 0: the task label, the status bar and the charts must not
        // read the old session's step (continual announced its third task at step 0).
        step.set(0);
        stepsPerSecond.set(0);
        config.set(next);
        copyLiveValues(next);
        clearHistory();
        loading.set(true);
        startSession(wasRunning);
    }

    /** Applies a built-in preset: every control, and a note of what to watch for. */
    public void loadPreset(String name) {
        ConfigLoader.Preset p = ConfigLoader.preset(name);
        SessionConfig c = p.config();
        preset.set(name);
        presetNote.set(p.title() + ". " + p.note());
        apply(forDesktop(c));
    }

    /** Names the preset the current config came from and shows its note (no rebuild). */
    public void showPreset(String name) {
        ConfigLoader.Preset p = ConfigLoader.preset(name);
        preset.set(name);
        presetNote.set(p.title() + ". " + p.note());
    }

    /** Diagnostics interval of presets opened in the app (headless runs default to none). */
    static final int DEFAULT_DIAGNOSTICS_EVERY = 100;

    /** A preset as the app runs it: with diagnostics every {@value #DEFAULT_DIAGNOSTICS_EVERY} steps. */
    public static SessionConfig forDesktop(SessionConfig c) {
        return c.diagnostics().every() > 0 ? c
                : ConfigLoader.withOverrides(c, List.of("diagnostics.every=" + DEFAULT_DIAGNOSTICS_EVERY));
    }

    /** Starts (or resumes) training; builds the session first if there is none. */
    public void start() {
        if (session != null) {
            session.start();
        }
    }

    /** Pauses training after the current step. */
    public void pause() {
        if (session != null) {
            session.pause();
        }
    }

    /** Start when paused, pause when running (Space). */
    public void togglePause() {
        if (state.get() == SessionState.RUNNING) {
            pause();
        } else {
            start();
        }
    }

    /** Takes exactly one step, then pauses. */
    public void stepOnce() {
        if (session != null) {
            session.stepOnce();
        }
    }

    /** Back to the same start: same config and seeds (R). */
    public void reset() {
        if (session != null) {
            clearHistory();
            copyLiveValues(config.get());
            session.reset();
        }
    }

    /** The divergence banner's action: divide the learning rate by 10 and resume. */
    public void lowerLearningRateAndResume() {
        setLearningRate(Math.max(1e-6, learningRate.get() / 10));
        banner.set("");
        start();
    }

    /** Stops the session (window closing). */
    public void shutdown() {
        if (session != null) {
            session.stop();
        }
    }

    /**
     * Saves the session's current state as a run directory (config, metrics, events, checkpoint).
     * The checkpoint is captured on the engine thread; the files are written by {@code runner}.
     */
    public void saveRun(Path dir, TaskRunner runner, java.util.function.Consumer<Throwable> done) {
        // The kept passes (the latest and the one before the last task switch) go with the run, as a
        // headless run writes them: diagnostics/step-N/ and the h_n columns of their rows (a saved run
        // without them could not be compared, and reopened with empty charts).
        List<DiagnosticsReport> passes = java.util.stream.Stream.of(history.beforeSwitch(), diagnostics)
                .filter(java.util.Objects::nonNull).distinct().toList();
        double referenceN = config.get().diagnostics().referenceN();
        List<MetricsRow> rowCopy = history.rows().stream().map(r -> passes.stream().filter(p -> p.step() == r.step())
                .findFirst().map(p -> r.withDiagnostics(p, referenceN)).orElse(r)).toList();
        List<SessionEvent> eventCopy = List.copyOf(history.events());
        session.requestCheckpoint(cp -> runner.run(() -> {
            RunDirectory rd = RunDirectory.create(dir, true);
            rd.writeConfig(cp.config());
            rd.writeMetrics(rowCopy);
            rd.writeEvents(eventCopy);
            rd.writeCheckpoint(cp);
            for (DiagnosticsReport p : passes) {
                org.timescalelab.run.DiagnosticsWriter.write(p, org.timescalelab.run.DiagnosticsWriter.folder(dir, p.step()));
            }
        }, done));
    }

    /**
     * Opens a saved run paused at its checkpoint, with its metrics on the charts and one
     * diagnostics pass of its parameters (the same pass a sweep run ends with), so that every
     * chart shows the run's state.
     */
    public void openRun(Path dir) throws IOException {
        RunDirectory rd = new RunDirectory(dir);
        SessionCheckpoint cp = rd.readCheckpoint();
        List<MetricsRow> saved = rd.readMetrics();
        detachSession();
        config.set(cp.config());
        copyLiveValues(cp.config());
        clearHistory();
        for (MetricsRow r : saved) {
            history.addRow(r);
            step.set(r.step());
        }
        loading.set(true);
        session = resumer.apply(new SessionCheckpoint(cp.config().withSteps(0), cp.step(), cp.learner()));
        session.addListener(bridge);
        session.diagnoseNow();
    }

    // ---- validation ---------------------------------------------------------------------------

    /**
     * Checks a typed value of a live setting: a number, within its {@link Settings} range, and a
     * config that still validates with it (the width also has to fit the machine's memory).
     *
     * @return null if valid, else the message naming the field and the allowed range
     */
    public String validate(String key, String text) {
        Setting setting = Settings.get(key);
        double v;
        try {
            v = Numbers.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return key + " = '" + text.trim() + "' is not a number: expected " + setting.range();
        }
        try {
            setting.checkNumber(v);
            switch (key) {
                case "training.learningRate" -> liveConfig(v, width.get(), alpha.get(), updateNoise.get(), labelNoise.get(),
                        clipNorm.get());
                case "model.width" -> liveConfig(learningRate.get(), (int) v, alpha.get(), updateNoise.get(),
                        labelNoise.get(), clipNorm.get());
                default -> {
                }
            }
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    private SessionConfig liveConfig(double lr, int h, double a, double update, double label, double clip) {
        return config.get().withLive(lr, h, a, update, label, clip);
    }

    /**
     * The settings as the controls show them now: the session's config with the live values
     * (η, H, α, noise scales, clipping) in force. What a sweep starts from.
     */
    public SessionConfig currentSettings() {
        return liveConfig(learningRate.get(), width.get(), alpha.get(), updateNoise.get(), labelNoise.get(), clipNorm.get());
    }

    /** A config with one more override, or a {@link ConfigException} naming the field. */
    public SessionConfig configWith(List<String> overrides) {
        return ConfigLoader.withOverrides(config.get(), overrides);
    }

    // ---- draining (FX thread) -----------------------------------------------------------------

    /** Takes what the engine published since the last call; true if anything changed. */
    public boolean drain() {
        SessionBridge.Pending p = bridge.drain();
        if (p.isEmpty()) {
            return false;
        }
        boolean reset = false;
        long rollback = Long.MAX_VALUE;
        for (SessionEvent e : p.events()) {
            if (e.kind() == SessionEvent.Kind.RESET) {
                clearHistory();
                step.set(0);
                showSchedule(config.get());
                reset = true;
                rollback = Long.MAX_VALUE;
            }
            if (e.kind() == SessionEvent.Kind.DIVERGED) {
                rollback = Math.min(rollback, e.step());
            }
            if (e.kind() == SessionEvent.Kind.FAILED) {
                state.set(SessionState.FAILED);
                loading.set(false);
                banner.set(e.label());
            }
            if (e.kind() == SessionEvent.Kind.TASK && session != null) {
                showSchedule(session.currentConfig());
                currentTask.set(e.label());
            }
            history.addEvent(e);
        }
        // A reset leaves the session paused, so the rows and the pass of a batch that holds one are
        // the old run's last: they must not reappear on the cleared charts.
        if (!reset) {
            for (MetricsRow r : p.rows()) {
                history.addRow(r);
                step.set(r.step());
            }
        }
        // A divergence pauses the session too, after rolling it back: what lies past that step is
        // the diverging trajectory, which the continued run will draw over.
        if (rollback != Long.MAX_VALUE) {
            history.truncateAfter(rollback);
            if (diagnostics != null && diagnostics.step() > rollback) {
                diagnostics = null;
            }
            step.set(rollback);
        }
        if (p.snapshot() != null) {
            applySnapshot(p.snapshot());
        }
        if (p.diagnostics() != null && !reset) {
            applyDiagnostics(p.diagnostics());
        }
        // The measures change only with a validation, a pass, a switch or a cut of the history.
        if (reset || rollback != Long.MAX_VALUE || p.diagnostics() != null
                || p.rows().stream().anyMatch(r -> Double.isFinite(r.valLoss()))
                || p.events().stream().anyMatch(e -> e.kind() == SessionEvent.Kind.TASK)) {
            measureForgetting();
        }
        version++;
        return true;
    }

    private void applySnapshot(SessionSnapshot s) {
        snapshot = s;
        loading.set(false);
        state.set(s.state());
        step.set(Math.max(step.get(), s.step()));
        stepsPerSecond.set(s.stepsPerSecond());
        if (s.state() == SessionState.DIVERGED || s.state() == SessionState.FAILED) {
            banner.set(s.message());
        } else if (s.state() == SessionState.RUNNING) {
            banner.set("");
        }
        learningRate.set(s.learningRate());
        width.set(s.width());
        alpha.set(s.alpha());
        updateNoise.set(s.updateNoise());
        labelNoise.set(s.labelNoise());
        clipNorm.set(s.clipNorm());
        history.addSnapshot(s);
    }

    private void applyDiagnostics(DiagnosticsReport r) {
        diagnostics = r;
        diagnosticsCost.set(r.costMillis());
        history.addDiagnostics(r);
    }

    private void clearHistory() {
        history.clear();
        forgetting = null;
        breakdowns.set("");
        diagnostics = null;
        diagnosticsCost.set(Double.NaN);
        version++;
    }

    // ---- read access for the views --------------------------------------------------------------

    /** Increases whenever chart data change (views redraw only then). */
    public long version() {
        return version;
    }

    /** The training loss per logged step (log₁₀). */
    public SeriesBuffer rawLoss() {
        return history.rawLoss();
    }

    SeriesBuffer smoothLoss() {
        return history.smoothLoss();
    }

    SeriesBuffer validationLoss() {
        return history.validationLoss();
    }

    SeriesBuffer saturatedLow() {
        return history.saturatedLow();
    }

    SeriesBuffer saturatedHigh() {
        return history.saturatedHigh();
    }

    /** Under a task schedule, each task's validation loss (log₁₀); empty without one. */
    public List<SeriesBuffer> taskValidationLosses() {
        return history.taskLoss();
    }

    List<SessionEvent> events() {
        return history.events();
    }

    /** The run's (step, α̂, β̂) after each diagnostics pass. */
    public List<double[]> trajectory() {
        return history.trajectory();
    }

    List<double[]> spectrumColumns() {
        return history.spectrumColumns();
    }

    List<Long> spectrumSteps() {
        return history.spectrumSteps();
    }

    /** The latest snapshot, or null before the first. */
    public SessionSnapshot snapshot() {
        return snapshot;
    }

    /** The latest diagnostics report, or null before the first. */
    public DiagnosticsReport diagnostics() {
        return diagnostics;
    }

    /** The metrics rows received (for export and saving). */
    public List<MetricsRow> rows() {
        return history.rows();
    }

    /**
     * The live session as a run to compare: its latest diagnostics pass, its config and loss curve
     * (the Compare tab's "Add live session"); null before the first pass.
     */
    public RunSummary liveSummary() {
        DiagnosticsReport d = diagnostics;
        if (d == null) {
            return null;
        }
        return RunSummary.of("live session (step " + d.step() + ")", scheduleConfig, d, history.rowsView(),
                history.passes().stream().mapToLong(Forgetting.Pass::step).toArray());
    }

    /** The task being trained, in a few words ("task 2: lags 32,48,64"). */
    public ReadOnlyStringProperty currentTaskProperty() {
        return currentTask.getReadOnlyProperty();
    }

    /**
     * Under a task schedule, what the run has forgotten so far, with each earlier task's
     * breakdown (docs/training.md, "Task schedules"); null without a schedule.
     */
    public Forgetting forgetting() {
        return forgetting;
    }

    /**
     * What the run has forgotten in words: the backward transfer and each earlier task's forgetting
     * F_j, then each earlier task's breakdown, a line each ("" before the first switch).
     */
    public ReadOnlyStringProperty breakdownsProperty() {
        return breakdowns.getReadOnlyProperty();
    }

    /** Measures what the run has forgotten from the rows and passes drawn so far (after each drain). */
    private void measureForgetting() {
        SessionConfig c = scheduleConfig;
        forgetting = c.task().schedule().isEmpty() ? null : Forgetting.of(c, history.rowsView(), untrained, history.passes());
        if (forgetting == null || forgetting.stage() == 0) {
            breakdowns.set("");
            return;
        }
        StringBuilder sb = new StringBuilder(String.format("BWT %.3g · forgetting", forgetting.bwt()));
        for (int j = 0; j < forgetting.stage(); j++) {
            sb.append(String.format(" F%d %.3g", j + 1, forgetting.forgetting()[j]));
        }
        forgetting.breakdowns().forEach(b -> sb.append('\n').append(b.describe()));
        breakdowns.set(sb.toString());
    }

    /** The last diagnostics pass before the last task switch (null before one): the "before switch" overlays. */
    public DiagnosticsReport beforeSwitch() {
        return history.beforeSwitch();
    }

    /** Whether the spectrum, envelope, window and phase charts overlay the pass before the last switch. */
    public BooleanProperty showBeforeSwitchProperty() {
        return showBeforeSwitch;
    }

    /** The step of the last task switch, −1 before any. */
    public long switchStep() {
        return history.switchStep();
    }

    /** The current τ values: the diagnostics' fitted ones when available, else the gates'. */
    double[] currentTimescales() {
        if (diagnostics != null && diagnostics.width() == width.get()) {
            return Arrays.stream(diagnostics.tau()).filter(t -> t > 0 && Double.isFinite(t)).toArray();
        }
        return snapshot == null ? new double[0] : TrainingHistory.gateTimescales(snapshot.meanGates());
    }

    /** The session's state (from its snapshots). */
    public ReadOnlyObjectProperty<SessionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Steps taken. */
    public ReadOnlyLongProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** Training speed, steps per second. */
    public ReadOnlyDoubleProperty stepsPerSecondProperty() {
        return stepsPerSecond.getReadOnlyProperty();
    }

    /** The last diagnostics pass's cost, ms (NaN before one). */
    public ReadOnlyDoubleProperty diagnosticsCostProperty() {
        return diagnosticsCost.getReadOnlyProperty();
    }

    /** The banner's text: why the run stopped (diverged or failed), "" when none. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** Whether the session is still being built (the tensor backend loads on first use). */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The config of the session shown. */
    public ReadOnlyObjectProperty<SessionConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    /** The preset's note of what to watch for ("" without a preset). */
    public ReadOnlyStringProperty presetNoteProperty() {
        return presetNote.getReadOnlyProperty();
    }

    /** η in force ({@link #setLearningRate} changes it). */
    public ReadOnlyDoubleProperty learningRateProperty() {
        return learningRate.getReadOnlyProperty();
    }

    /** H in force ({@link #setWidth} changes it). */
    public ReadOnlyIntegerProperty widthProperty() {
        return width.getReadOnlyProperty();
    }

    /** α in force ({@link #setAlpha} changes it). */
    public ReadOnlyDoubleProperty alphaProperty() {
        return alpha.getReadOnlyProperty();
    }

    /** The update-noise scale in force. */
    public ReadOnlyDoubleProperty updateNoiseProperty() {
        return updateNoise.getReadOnlyProperty();
    }

    /** The label-noise scale in force. */
    public ReadOnlyDoubleProperty labelNoiseProperty() {
        return labelNoise.getReadOnlyProperty();
    }

    /** The clipping threshold in force. */
    public ReadOnlyDoubleProperty clipNormProperty() {
        return clipNorm.getReadOnlyProperty();
    }

    /** Steps between diagnostics passes in force. */
    public ReadOnlyIntegerProperty diagnosticsEveryProperty() {
        return diagnosticsEvery.getReadOnlyProperty();
    }

    /** The throttle, steps per second (0 = as fast as possible); a view setting, sent to the session. */
    public DoubleProperty speedProperty() {
        return speed;
    }

    /** The loss curve's EMA factor (a view setting). */
    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    /** The sample size N at which the charts mark H_N (a view setting). */
    public DoubleProperty referenceNProperty() {
        return referenceN;
    }

    /** Whether the window is in classroom mode (larger type, fewer controls). */
    public BooleanProperty classroomProperty() {
        return classroom;
    }

    /** The preset the session came from (null: none). */
    public ObjectProperty<String> presetProperty() {
        return preset;
    }
}
