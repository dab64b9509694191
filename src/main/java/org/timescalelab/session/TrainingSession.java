package org.timescalelab.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.config.Settings;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.LearnerState;
import org.timescalelab.nn.NetworkDiagnostics;
import org.timescalelab.nn.ProbeView;
import org.timescalelab.nn.ResizeReport;
import org.timescalelab.nn.StepResult;
import org.timescalelab.work.CommandQueue;
import org.timescalelab.work.Tasks;
import org.timescalelab.work.Worker;

/**
 * A training session: one learner trained on one engine thread, controlled by commands from any
 * thread.
 *
 * <p>Threading contract: every command method (start, pause, set learning rate, …) may be called
 * from any thread; it validates its argument at once, queues the command and returns without
 * waiting. Commands are applied in order, between steps, by the engine thread, which is either
 * the thread started by {@link #launch()} or, for headless runs and tests, whichever single
 * thread calls {@link #runOnce()}. All training work of the session happens on that thread.
 * Listeners are called on it and receive immutable snapshots, rows and events.
 *
 * <p>Diagnostics: a session started by {@link #launch()} (the desktop app) runs each scheduled
 * pass on a second named thread, {@code timescale-diagnostics}, from an immutable copy of the
 * parameters and optimizer state taken on the engine thread, so training never waits for a pass;
 * a pass that is due while the previous one still runs is skipped, not queued. The finished report
 * is handed back through the command queue, so listeners still hear of it on the engine thread
 * (without a metrics row of its own). A session driven by {@link #runOnce()} (headless runs,
 * sweeps, tests) runs passes inline and writes their columns on the pass's own metrics row, so its
 * files never depend on thread timing.
 *
 * <p>Length: about 770 lines: the command methods (one per live setting, each with its event) and the
 * engine loop share the session's fields and threading contract, which is easier to check in one
 * file.
 */
public final class TrainingSession {

    private static final double SPEED_SMOOTHING = 0.1;

    private final SessionConfig config;
    private final SessionCheckpoint resumeFrom;
    private final LongSupplier clock;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final CommandQueue<TrainingSession> commands = new CommandQueue<>();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private volatile Worker engine;
    /**
     * The config with the task schedule as it stands: the start config plus the switches made live
     * ({@link #switchTask}); checkpoints carry it, so a saved or resumed run holds every switch.
     */
    private volatile SessionConfig current;
    /** Whether there is a task schedule (then rows carry every stage's validation loss). */
    private boolean scheduled;
    /** The stages' validation losses of a step that did not validate: NaN per stage (none without a schedule). */
    private double[] notValidated;
    private Tasks diagnosticsWorker;
    private final java.util.concurrent.atomic.AtomicBoolean passRunning = new java.util.concurrent.atomic.AtomicBoolean();
    /** Counts resets and rollbacks: a background pass captured before one is dropped, not shown. */
    private long generation;
    /** The step of the last pass captured (−1: none), so a switch does not take the same pass twice. */
    private long lastPassStep = -1;
    private volatile BooleanSupplier cancelPasses = () -> false;
    private volatile SessionState publishedState = SessionState.READY;
    private volatile double throttle;

    private Learner learner;
    private SessionState state = SessionState.READY;
    private String message = "";
    private long step;
    private long stepLimit;
    private int diagnosticsEvery;
    private double lastTrainLoss = Double.NaN;
    private double lastValLoss = Double.NaN;
    private double lastGradNorm = Double.NaN;
    private double stepsPerSecond;
    private long lastStepNanos;
    private long lastPublishNanos;
    private String lastChange = "";
    private final GoodStates<LearnerState> good = new GoodStates<>();

    private TrainingSession(SessionConfig config, SessionCheckpoint resumeFrom, LongSupplier clock) {
        this.config = config.validate();
        useSchedule(this.config);
        this.resumeFrom = resumeFrom;
        this.clock = clock;
        this.stepLimit = config.training().steps();
        this.diagnosticsEvery = config.diagnostics().every();
    }

    /** A session at the config's initial state; nothing is built until the engine thread runs. */
    public static TrainingSession create(SessionConfig config) {
        return new TrainingSession(config, null, System::nanoTime);
    }

    /** A session continuing from a checkpoint, with the checkpoint's config. */
    public static TrainingSession resume(SessionCheckpoint checkpoint) {
        return new TrainingSession(checkpoint.config(), checkpoint, System::nanoTime);
    }

    /** As {@link #create} with a clock for the publishing rate and speed (tests). */
    static TrainingSession create(SessionConfig config, LongSupplier clock) {
        return new TrainingSession(config, null, clock);
    }

    /** The config the session started from (a reset returns to it). */
    public SessionConfig config() {
        return config;
    }

    /** The config with the task schedule as it now stands, live switches included. Any thread. */
    public SessionConfig currentConfig() {
        return current;
    }

    /**
     * Adds a listener; it hears everything published from now on, on the engine thread, starting
     * with a snapshot of the state now. A launched session may have built itself and published
     * its first snapshot before the listener came: a paused session publishes nothing more, and
     * the window waited for it forever (a saved run opened from a sweep, seen once in CI).
     */
    public void addListener(SessionListener listener) {
        listeners.add(listener);
        enqueue(s -> s.publish(true));
    }

    /** Removes a listener. */
    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** The last state the engine thread published. Any thread. */
    public SessionState state() {
        return publishedState;
    }

    // ---- commands (any thread) ----------------------------------------------------------------

    /** Start or resume taking steps. */
    public void start() {
        enqueue(s -> s.setState(SessionState.RUNNING, ""));
    }

    /** Stop taking steps, keeping everything. */
    public void pause() {
        enqueue(s -> {
            if (s.state == SessionState.RUNNING) {
                s.setState(SessionState.PAUSED, "");
            }
        });
    }

    /** Take exactly one step, then pause. */
    public void stepOnce() {
        enqueue(s -> {
            s.trainOneStep();
            if (s.state == SessionState.RUNNING || s.state == SessionState.READY) {
                s.setState(SessionState.PAUSED, "");
            }
        });
    }

    /**
     * Run one diagnostics pass now, with the current parameters, and hand it to the listeners'
     * {@code onDiagnostics} (no metrics row: the step's row is already out). Used to end a sweep
     * cell with a pass whatever the schedule.
     */
    public void diagnoseNow() {
        enqueue(s -> {
            DiagnosticsReport report = s.diagnose();
            if (report != null) {
                for (SessionListener l : s.listeners) {
                    l.onDiagnostics(report);
                }
            }
        });
    }

    /**
     * Draws a fresh diagnostic sample (the next {@code diagnostics.seed}: 0 after the derived one,
     * then 1, 2, …) and runs a pass on it now; later passes keep the new sample, and the checkpoint
     * records its seed (docs/envelope-and-window.md, "Redrawing the sample").
     */
    public void redrawDiagnostics() {
        enqueue(s -> {
            long next = s.current.diagnostics().seed() + 1;
            s.useSchedule(s.current.withDiagnostics(s.current.diagnostics().withSeed(next)));
            s.emit(SessionEvent.Kind.DIAGNOSTICS, "diagnostic sample redrawn (diagnostics.seed = " + next + ")");
            DiagnosticsReport report = s.diagnose();
            if (report != null) {
                for (SessionListener l : s.listeners) {
                    l.onDiagnostics(report);
                }
            }
        });
    }

    /** Rebuild the learner from the session's config and seeds: the same start, live changes undone. */
    public void reset() {
        enqueue(TrainingSession::doReset);
    }

    /** End the session; the engine thread (if any) finishes. */
    public void stop() {
        enqueue(s -> s.setState(SessionState.STOPPED, ""));
    }

    /** Change η from the next step. */
    public void setLearningRate(double lr) {
        Settings.LEARNING_RATE.check(lr);
        enqueue(s -> {
            double old = s.learner.learningRate();
            s.keepBeforeChange("the learning rate change");
            s.learner.setLearningRate(lr);
            s.lastChange = "the learning rate was " + (lr > old ? "raised" : "lowered") + " to " + fmt(lr)
                    + " at step " + s.step;
            s.emit(SessionEvent.Kind.LEARNING_RATE, "lr " + fmt(old) + " → " + fmt(lr));
        });
    }

    /** Change the noise tail index from the next draw. */
    public void setAlpha(double alpha) {
        Settings.ALPHA.check(alpha);
        enqueue(s -> {
            double old = s.learner.alpha();
            s.keepBeforeChange("the tail index change");
            s.learner.setAlpha(alpha);
            s.lastChange = "the noise tail index was set to " + fmt(alpha) + " at step " + s.step;
            s.emit(SessionEvent.Kind.ALPHA, "α " + fmt(old) + " → " + fmt(alpha));
        });
    }

    /** Change the update-noise scale. */
    public void setUpdateNoise(double scale) {
        Settings.UPDATE_NOISE.check(scale);
        enqueue(s -> {
            double old = s.learner.updateNoise();
            s.keepBeforeChange("the update-noise change");
            s.learner.setUpdateNoise(scale);
            s.lastChange = "the update noise was set to " + fmt(scale) + " at step " + s.step;
            s.emit(SessionEvent.Kind.NOISE, "update noise " + fmt(old) + " → " + fmt(scale));
        });
    }

    /** Change the label-noise scale. */
    public void setLabelNoise(double scale) {
        Settings.LABEL_NOISE.check(scale);
        enqueue(s -> {
            double old = s.learner.labelNoise();
            s.keepBeforeChange("the label-noise change");
            s.learner.setLabelNoise(scale);
            s.emit(SessionEvent.Kind.NOISE, "label noise " + fmt(old) + " → " + fmt(scale));
        });
    }

    /** Change the gradient clipping threshold (0 = off). */
    public void setClipNorm(double clip) {
        Settings.CLIP_NORM.check(clip);
        enqueue(s -> {
            double old = s.learner.clipNorm();
            s.keepBeforeChange("the clipping change");
            s.learner.setClipNorm(clip);
            s.emit(SessionEvent.Kind.CLIPPING, "clip " + fmt(old) + " → " + fmt(clip));
        });
    }

    /** Grow or shrink the hidden layer without a restart. */
    public void setWidth(int width) {
        Settings.WIDTH.check((long) width);
        enqueue(s -> {
            if (width == s.learner.width()) {
                return;
            }
            s.keepBeforeChange("the width change");
            ResizeReport r = s.learner.resize(width);
            s.lastChange = "the width was changed to " + width + " at step " + s.step;
            s.emit(SessionEvent.Kind.WIDTH, "H " + r.oldWidth() + " → " + r.newWidth()
                    + (r.removed().length > 0 ? String.format(" (val loss %.4g → %.4g)", r.lossBefore(), r.lossAfter())
                            : ""));
            s.publish(true);
        });
    }

    /**
     * Switches the task after the current step (docs/training.md, "Task schedules"): the switch
     * joins the session's schedule at this step ({@link SessionConfig#withSwitchAt}), so the
     * parameters and optimizer state carry over, the checkpoint holds it, and a saved run resumes
     * as a scheduled one. A null field keeps the current task's value.
     *
     * @throws ConfigException naming the field, when the new task is not valid
     */
    public void switchTask(SessionConfig.Switch next) {
        config.withSwitchAt(1, next);
        enqueue(s -> {
            if (s.learner == null) {
                s.build();
            }
            long at = Math.max(s.step, 1);
            if (s.current.task().schedule().stream().anyMatch(w -> w.at() == at)) {
                // One switch per step: Enter in the lags field and then a click on the button both
                // asked, which switched twice (and ran the before-switch pass twice) at one step.
                s.emit(SessionEvent.Kind.STATE, "task switch refused: the task switched at step " + at
                        + " already; switch again after the next step");
                return;
            }
            SessionConfig withSwitch;
            try {
                withSwitch = s.current.withSwitchAt(s.step, next);
            } catch (ConfigException e) {
                s.emit(SessionEvent.Kind.STATE, "task switch refused: " + e.getMessage());
                return;
            }
            if (s.step >= 1) {
                s.passBeforeSwitch();
            }
            s.useSchedule(withSwitch);
            s.learner.setStages(s.current.stages());
            s.learner.switchTo(s.current.stageAt(s.step));
            if (s.step >= 1) {
                s.emit(SessionEvent.Kind.TASK, s.current.stageLabel(s.learner.stage()));
            }
            s.publish(true);
        });
    }

    /** Change the diagnostics interval (0 = off). */
    public void setDiagnosticsEvery(int every) {
        Settings.DIAGNOSTICS_EVERY.check((long) every);
        enqueue(s -> {
            int old = s.diagnosticsEvery;
            s.diagnosticsEvery = every;
            s.emit(SessionEvent.Kind.DIAGNOSTICS, "diagnostics every " + old + " → " + every);
        });
    }

    /** Change the step budget (0 = none); a finished session may continue. */
    public void setStepLimit(long limit) {
        Settings.STEPS.check(limit);
        enqueue(s -> {
            s.stepLimit = limit;
            if (s.state == SessionState.FINISHED && (limit == 0 || s.step < limit)) {
                s.setState(SessionState.PAUSED, "");
            }
        });
    }

    /** Throttle the engine thread to at most this many steps per second (0 = as fast as possible). */
    public void setThrottle(double maxStepsPerSecond) {
        if (!(maxStepsPerSecond >= 0 && maxStepsPerSecond <= 10_000)) {
            throw new IllegalArgumentException("speed must lie in [0, 10000] steps per second: " + maxStepsPerSecond);
        }
        throttle = maxStepsPerSecond;
        Worker w = engine;
        if (w != null) {
            w.wake();
        }
    }

    /** Captures the complete state between steps and hands it to {@code sink} on the engine thread. */
    public void requestCheckpoint(Consumer<SessionCheckpoint> sink) {
        enqueue(s -> sink.accept(s.checkpoint()));
    }

    private void enqueue(Consumer<TrainingSession> command) {
        commands.add(command);
    }

    // ---- engine thread ----------------------------------------------------------------------

    /**
     * Starts the engine thread, which applies commands and trains until the session stops or fails.
     */
    public void launch() {
        diagnosticsWorker = new Tasks("timescale-diagnostics", new Worker.Listener() {
            @Override
            public void failed(Throwable t) {
                enqueue(s -> s.emit(SessionEvent.Kind.DIAGNOSTICS,
                        "The diagnostics worker failed (" + t + "); training goes on without further passes."));
            }
        });
        Worker w = new Worker("timescale-engine", this::turn, new Worker.Listener() {
            @Override
            public void finished() {
                diagnosticsWorker.close();
                terminated.countDown();
            }

            @Override
            public void failed(Throwable t) {
                diagnosticsWorker.close();
                terminated.countDown();
            }
        }, commands);
        engine = w;
        w.start();
    }

    /** Waits for a launched session's engine thread to end. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** One turn of the engine worker: commands and a step, then the pause before the next turn. */
    private long turn() {
        if (state.isTerminal()) {
            return Worker.DONE;
        }
        boolean worked = runOnce();
        double limit = throttle;
        if (!worked) {
            return TimeUnit.MILLISECONDS.toNanos(250);
        }
        return limit > 0 && state == SessionState.RUNNING ? (long) (1e9 / limit) : 0;
    }

    /**
     * Applies pending commands and, if running, takes one step. Call from one thread only.
     *
     * @return whether anything was done (false: idle, nothing to do until a command arrives)
     */
    public boolean runOnce() {
        if (state.isTerminal()) {
            return false;
        }
        try {
            boolean worked = false;
            if (learner == null) {
                build();
                worked = true;
            }
            worked |= commands.drain(this, state::isTerminal);
            if (state == SessionState.RUNNING) {
                trainOneStep();
                worked = true;
            }
            return worked;
        } catch (RuntimeException | Error e) {
            setState(SessionState.FAILED, "the session failed at step " + step + ": " + e);
            terminated.countDown();
            throw e;
        }
    }

    private void build() {
        if (resumeFrom != null) {
            learner = Learner.restore(config.learnerSpec(), resumeFrom.learner());
            step = resumeFrom.step();
        } else {
            learner = Learner.create(config.learnerSpec());
        }
        if (scheduled) {
            learner.setStages(current.stages());
            learner.switchTo(current.stageAt(step));
        }
        lastValLoss = learner.validationLoss();
        publish(true);
    }

    /**
     * Switches the learner to a stage of the task schedule, after the step (and the pass, if one
     * was due) that reached the switch: the checkpoint of that step is already on the new task.
     */
    private void switchStage(int next) {
        learner.switchTo(next);
        emit(SessionEvent.Kind.TASK, current.stageLabel(next));
    }

    /** Takes {@code c}'s schedule as the session's: rows then carry one validation loss per stage. */
    private void useSchedule(SessionConfig c) {
        current = c;
        scheduled = !c.task().schedule().isEmpty();
        notValidated = new double[scheduled ? c.task().schedule().size() + 1 : 0];
        java.util.Arrays.fill(notValidated, Double.NaN);
    }

    /** Keeps the state before a live change, for a divergence that change may cause; a no-op before the first step. */
    private void keepBeforeChange(String what) {
        if (learner != null) {
            good.keepBeforeChange(step, learner.state(), what + " at step " + step);
        }
    }

    private void doReset() {
        generation++;
        good.clear();
        lastPassStep = -1;
        useSchedule(config);
        learner = Learner.create(config.learnerSpec());
        if (scheduled) {
            learner.setStages(config.stages());
        }
        step = 0;
        stepLimit = config.training().steps();
        lastTrainLoss = Double.NaN;
        lastGradNorm = Double.NaN;
        lastValLoss = learner.validationLoss();
        lastChange = "";
        emit(SessionEvent.Kind.RESET, "reset");
        setState(SessionState.PAUSED, "");
    }

    private void trainOneStep() {
        if (stepLimit > 0 && step >= stepLimit) {
            setState(SessionState.FINISHED, "");
            return;
        }
        if (good.due(step)) {
            good.keep(step, learner.state());
        }
        StepResult r = learner.step();
        if (!r.finite()) {
            diverged(r);
            return;
        }
        step++;
        good.recordNorm(step, r.gradNorm());
        lastTrainLoss = r.loss();
        lastGradNorm = r.gradNorm();
        measureSpeed();
        boolean validate = step % config.training().validateEvery() == 0;
        double[] taskLosses = notValidated;
        if (validate && scheduled) {
            taskLosses = learner.stageValidationLosses();
            lastValLoss = taskLosses[learner.stage()];
        } else if (validate) {
            lastValLoss = learner.validationLoss();
        }
        int stageNow = scheduled ? current.stageAt(step) : 0;
        boolean switching = stageNow != learner.stage();
        boolean due = diagnosticsEvery > 0 && (step % diagnosticsEvery == 0 || switching);
        if (due && diagnosticsWorker != null) {
            diagnoseInBackground(switching);
        }
        DiagnosticsReport report = due && diagnosticsWorker == null ? diagnose() : null;
        if (step % config.engine().logEvery() == 0 || report != null) {
            MetricsRow row = MetricsRow.of(step, r.loss(), validate ? lastValLoss : Double.NaN,
                    learner.learningRate(), learner.width(), learner.alpha(), r.gradNorm(), stepsPerSecond);
            if (scheduled) {
                row = row.withTaskLosses(taskLosses);
            }
            if (report != null) {
                row = row.withDiagnostics(report, config.diagnostics().referenceN());
            }
            for (SessionListener l : listeners) {
                l.onMetrics(row);
            }
        }
        if (report != null) {
            for (SessionListener l : listeners) {
                l.onDiagnostics(report);
            }
        }
        if (switching) {
            switchStage(stageNow);
        }
        if (stepLimit > 0 && step >= stepLimit) {
            setState(SessionState.FINISHED, "");
        } else {
            publish(false);
        }
    }

    /**
     * The pass on the old task that a switch keeps as its "before" reference (docs/training.md,
     * "Task schedules"): taken now unless this step's pass was already captured, queued behind a
     * running one in the window, inline in a headless run.
     */
    private void passBeforeSwitch() {
        if (diagnosticsEvery <= 0 || lastPassStep == step) {
            return;
        }
        if (diagnosticsWorker != null) {
            diagnoseInBackground(true);
            return;
        }
        DiagnosticsReport report = diagnose();
        if (report != null) {
            listeners.forEach(l -> l.onDiagnostics(report));
        }
    }

    /**
     * Captures a pass now and runs it on the diagnostics worker; skipped while the previous pass runs
     * unless {@code evenIfBusy} (the pass before a task switch), which queues it behind that one.
     * The report (or the failure) comes back as a command.
     */
    private void diagnoseInBackground(boolean evenIfBusy) {
        if (!passRunning.compareAndSet(false, true) && !evenIfBusy) {
            return;
        }
        long at = step;
        lastPassStep = step;
        long capturedIn = generation;
        SessionConfig c = current;
        Learner.DiagnosticJob job = learner.diagnosticJob(c.diagnosticSettings(), at);
        diagnosticsWorker.submit(() -> {
            long t0 = System.nanoTime();
            try {
                DiagnosticsReport report = DiagnosticsReport.analyze(job.run(), c.diagnostics(), at,
                        (System.nanoTime() - t0) / 1e6, c.diagnostics().bootstrapSeed(c.seeds().noise(), at));
                enqueue(s -> {
                    if (s.generation == capturedIn) {
                        s.listeners.forEach(l -> l.onDiagnostics(report));
                    }
                });
            } catch (RuntimeException | OutOfMemoryError e) {
                String why = "The diagnostics pass at step " + at + " failed (" + e + "); training goes on without it.";
                enqueue(s -> s.emit(SessionEvent.Kind.DIAGNOSTICS, why));
            } finally {
                passRunning.set(false);
            }
        });
    }

    /**
     * Inline passes give up (between chunks of sequences, without a report) once {@code cancelled}
     * says so: a Ctrl-C during a long pass then reaches the checkpoint in about a second. Any thread.
     */
    public void cancelPassesWhen(BooleanSupplier cancelled) {
        cancelPasses = cancelled;
    }

    /** A diagnostics pass with the current parameters (on this, the engine thread); null when cancelled. */
    private DiagnosticsReport diagnose() {
        lastPassStep = step;
        long t0 = System.nanoTime();
        NetworkDiagnostics n;
        try {
            n = learner.diagnose(current.diagnosticSettings(), step, cancelPasses);
        } catch (java.util.concurrent.CancellationException cancelled) {
            return null;
        }
        DiagnosticsReport report = DiagnosticsReport.analyze(n, current.diagnostics(), step, (System.nanoTime() - t0) / 1e6,
                current.diagnostics().bootstrapSeed(current.seeds().noise(), step));
        lastStepNanos = 0;
        return report;
    }

    private void measureSpeed() {
        long now = clock.getAsLong();
        if (lastStepNanos != 0 && now > lastStepNanos) {
            double instant = 1e9 / (now - lastStepNanos);
            stepsPerSecond = stepsPerSecond == 0 ? instant
                    : (1 - SPEED_SMOOTHING) * stepsPerSecond + SPEED_SMOOTHING * instant;
        }
        lastStepNanos = now;
    }

    /**
     * Rolls back to the kept state before the step that caused the divergence ({@link GoodStates}),
     * keeping the live settings, and pauses with an explanation. The step counter goes back with
     * the state, so a checkpoint of a diverged run is the run at that step, generators included.
     */
    private void diverged(StepResult r) {
        String what = r.failure().equals("loss") ? "loss" : r.failure().equals("gradient") ? "gradient norm"
                : "updated parameters";
        double value = r.failure().equals("loss") ? r.loss() : r.gradNorm();
        String kind = r.failure().equals("parameters") || Double.isNaN(value) ? "NaN" : "infinite";
        String after = lastChange.isEmpty() ? "" : " after " + lastChange;
        long failed = step + 1;
        GoodStates.Target<LearnerState> back = good.target(step);
        String restored = "parameters restored to step " + step;
        if (back != null) {
            learner.rewind(back.state());
            generation++;
            step = back.step();
            lastTrainLoss = Double.NaN;
            lastGradNorm = Double.NaN;
            lastValLoss = learner.validationLoss();
            restored = "rolled back to step " + step + " (" + back.why() + ")";
        }
        String advice = learner.clipNorm() > 0 ? "lower the learning rate and resume"
                : "lower the learning rate (or turn on gradient clipping) and resume";
        String text = (r.failure().equals("exploded")
                ? String.format("The loss rose to %.3g at step %d%s, above %.0f× the loss of a network that outputs zero on that batch",
                        r.loss(), failed, after, Learner.EXPLODED)
                : "The " + what + " became " + kind + " at step " + failed + after) + "; " + restored
                + ". To continue, " + advice + ".";
        emit(SessionEvent.Kind.DIVERGED, "diverged at " + failed + (back != null ? ", back to " + step : ""));
        lastStepNanos = 0;
        setState(SessionState.DIVERGED, text);
    }

    private void setState(SessionState next, String why) {
        state = next;
        message = why;
        if (next != SessionState.RUNNING) {
            lastStepNanos = 0;
        }
        publish(true);
        if (next == SessionState.FAILED) {
            emit(SessionEvent.Kind.FAILED, why);
        }
        if (next.isTerminal()) {
            terminated.countDown();
        }
    }

    private void emit(SessionEvent.Kind kind, String label) {
        SessionEvent e = new SessionEvent(step, kind, label);
        for (SessionListener l : listeners) {
            l.onEvent(e);
        }
    }

    /** Publishes a snapshot if forced or if the rate allows. */
    private void publish(boolean force) {
        publishedState = state;
        long now = clock.getAsLong();
        double interval = 1e9 / config.engine().snapshotsPerSecond();
        if (!force && now - lastPublishNanos < interval) {
            return;
        }
        if (listeners.isEmpty() || learner == null) {
            return;
        }
        lastPublishNanos = now;
        ProbeView p = learner.probe();
        SessionSnapshot s = new SessionSnapshot(state, message, step, stepLimit, lastTrainLoss, lastValLoss,
                learner.learningRate(), learner.width(), learner.alpha(), learner.updateNoise(),
                learner.labelNoise(), learner.clipNorm(), lastGradNorm, stepsPerSecond, p.meanGates(),
                p.gateMatrix(), p.length());
        for (SessionListener l : listeners) {
            l.onSnapshot(s);
        }
    }

    /**
     * The state now, built first if need be, without applying commands or taking a step. Engine
     * thread only: the thread that calls {@link #runOnce()} (headless runs).
     */
    public SessionCheckpoint checkpointNow() {
        if (learner == null) {
            build();
        }
        return checkpoint();
    }

    private SessionCheckpoint checkpoint() {
        return new SessionCheckpoint(current, step, learner.state());
    }

    /** Steps taken (engine thread). */
    public long step() {
        return step;
    }

    /** The learner (engine thread; tests and headless commands). */
    Learner learner() {
        return learner;
    }

    static String fmt(double v) {
        return String.format("%.3g", v);
    }
}
