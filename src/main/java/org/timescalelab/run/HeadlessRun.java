package org.timescalelab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionCheckpoint;
import org.timescalelab.session.SessionEvent;
import org.timescalelab.session.SessionListener;
import org.timescalelab.session.SessionSnapshot;
import org.timescalelab.session.SessionState;
import org.timescalelab.session.TrainingSession;

/**
 * A training run without a window: a session driven on the calling thread, writing a run
 * directory as it goes (or nothing, for a sweep cell that keeps only its summary). Threading contract: {@link #run} runs on the calling thread, which
 * becomes the session's engine thread; {@code stopRequested} may be flipped from any thread
 * (a Ctrl-C hook), and the run then stops after the current step with everything written.
 */
public final class HeadlessRun {

    private static final long FLUSH_NANOS = 2_000_000_000L;
    /** Wall-clock time between checkpoints of a run, whatever {@code engine.checkpointEvery} says. */
    static final long CHECKPOINT_NANOS = 30_000_000_000L;

    /** Progress of a run, reported at most a few times per second. */
    public record Progress(long step, long stepLimit, double trainLoss, double valLoss, double stepsPerSecond) {

        /** Estimated seconds to the step limit, NaN when unknown. */
        public double etaSeconds() {
            return stepLimit > 0 && stepsPerSecond > 0 ? (stepLimit - step) / stepsPerSecond : Double.NaN;
        }
    }

    /**
     * How a run ended.
     *
     * @param state     FINISHED, DIVERGED, or PAUSED when stopped early
     * @param message   the divergence explanation, or empty
     * @param step      steps taken
     * @param trainLoss last training loss
     * @param valLoss   last validation loss
     */
    public record Result(SessionState state, String message, long step, double trainLoss, double valLoss) {
    }

    private final TrainingSession session;
    private final RunDirectory dir;
    private final List<MetricsRow> rows = new ArrayList<>();
    private final List<SessionEvent> events = new ArrayList<>();
    private final AtomicReference<SessionSnapshot> latest = new AtomicReference<>();
    private final AtomicReference<DiagnosticsReport> lastReport = new AtomicReference<>();
    private boolean finalDiagnostics;

    private HeadlessRun(TrainingSession session, RunDirectory dir, List<MetricsRow> previous,
                        List<SessionEvent> previousEvents) {
        this.session = session;
        this.dir = dir;
        this.rows.addAll(previous);
        this.events.addAll(previousEvents);
        session.addListener(new SessionListener() {
            @Override
            public void onSnapshot(SessionSnapshot s) {
                latest.set(s);
            }

            @Override
            public void onMetrics(MetricsRow row) {
                rows.add(row);
            }

            @Override
            public void onEvent(SessionEvent e) {
                events.add(e);
            }

            @Override
            public void onDiagnostics(DiagnosticsReport report) {
                lastReport.set(report);
                int last = rows.size() - 1;
                if (last >= 0 && rows.get(last).step() == report.step() && rows.get(last).envelopeClass().isEmpty()
                        && session.config().diagnostics().every() > 0) {
                    // The pass of a resumed run's checkpoint step (see resume): its row gets its columns now.
                    rows.set(last, rows.get(last).withDiagnostics(report, session.config().diagnostics().referenceN()));
                }
                if (dir == null) {
                    return;
                }
                try {
                    DiagnosticsWriter.write(report, DiagnosticsWriter.folder(dir.path(), report.step()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write diagnostics of step " + report.step(), e);
                }
            }
        });
    }

    /**
     * A new run of a config into {@code out}, which {@link RunDirectory#create} claims as a run
     * directory first (refusing a folder that is not ours, or, without {@code overwrite}, a run).
     */
    public static HeadlessRun start(SessionConfig config, Path out, boolean overwrite) throws IOException {
        return new HeadlessRun(TrainingSession.create(config), RunDirectory.create(out, overwrite), List.of(), List.of());
    }

    /** A new run of a config that writes nothing: its result and {@link #lastDiagnostics()} are all it keeps. */
    public static HeadlessRun inMemory(SessionConfig config) {
        return new HeadlessRun(TrainingSession.create(config), null, List.of(), List.of());
    }

    /**
     * Makes the run end with a diagnostics pass at its last step, whatever {@code diagnostics.every}
     * says (no second pass when the schedule already ran one there). Returns this run.
     */
    public HeadlessRun withFinalDiagnostics() {
        finalDiagnostics = true;
        return this;
    }

    /** The last diagnostics pass of the run, or null when none ran. */
    public DiagnosticsReport lastDiagnostics() {
        return lastReport.get();
    }

    /** Settings that {@link #resume} may change: the live controls of a session and the diagnostics. */
    static final List<String> LIVE_KEYS = List.of("training.learningRate", "training.clipNorm", "noise.alpha",
            "noise.updateScale", "noise.labelScale", "diagnostics.*");

    /**
     * Continues the run in {@code out} from its checkpoint, up to {@code steps} steps in all
     * (0 keeps the config's budget). Metrics rows and events after the checkpoint are dropped: they
     * are recomputed, identically. {@code overrides} ({@code key=value}) change live settings from
     * the checkpoint on — the learning rate, clipping, noise and diagnostics — each recorded in
     * {@code events.csv} as a live change in the window would be.
     *
     * @throws IllegalArgumentException for a total below the checkpoint or an override of another setting
     */
    public static HeadlessRun resume(Path out, long steps, List<String> overrides) throws IOException {
        RunDirectory dir = new RunDirectory(out);
        SessionCheckpoint cp = dir.readCheckpoint();
        for (String o : overrides) {
            String key = o.contains("=") ? o.substring(0, o.indexOf('=')).trim() : o;
            if (!LIVE_KEYS.contains(key) && !key.startsWith("diagnostics.")) {
                throw new IllegalArgumentException("--resume takes --set only for the live settings " + LIVE_KEYS
                        + ", not " + key + " (the model and data are the checkpoint's)");
            }
        }
        SessionConfig changed = ConfigLoader.withOverrides(cp.config(), overrides);
        SessionConfig config = cp.config().withDiagnostics(changed.diagnostics());
        config = steps > 0 ? config.withSteps(steps) : config;
        List<MetricsRow> previous = new ArrayList<>();
        for (MetricsRow r : dir.readMetrics()) {
            if (r.step() <= cp.step()) {
                previous.add(r);
            }
        }
        checkMetrics(out, previous, cp.step(), config.engine().logEvery());
        List<SessionEvent> previousEvents = new ArrayList<>();
        for (SessionEvent e : dir.readEvents()) {
            if (e.step() <= cp.step()) {
                previousEvents.add(e);
            }
        }
        if (steps > 0 && steps < cp.step()) {
            throw new IllegalArgumentException("--steps " + steps + " is below the checkpoint's step " + cp.step()
                    + " in " + out + ": give a larger total, or leave --steps out to keep the run's budget");
        }
        try {
            org.timescalelab.nn.Learner.restore(config.learnerSpec(), cp.learner());
        } catch (IllegalArgumentException e) {
            throw new IOException("the checkpoint in " + out + " is damaged: " + e.getMessage());
        }
        TrainingSession session = TrainingSession.resume(new SessionCheckpoint(config, cp.step(), cp.learner()));
        int every = config.diagnostics().every();
        if (every > 0 && cp.step() > 0 && cp.step() % every == 0 && !previous.isEmpty()
                && previous.get(previous.size() - 1).step() == cp.step()
                && previous.get(previous.size() - 1).envelopeClass().isEmpty()) {
            // The run stopped (Ctrl-C) during this step's scheduled pass, which gave up: run it first.
            session.diagnoseNow();
        }
        applyLive(session, overrides, changed);
        return new HeadlessRun(session, dir, previous, previousEvents);
    }

    /**
     * Refuses to resume onto a damaged history: the rows up to the checkpoint must be in increasing
     * step order without repeats and hold every logged step up to the checkpoint's (each multiple of
     * {@code engine.logEvery}): a checkpoint is written only after its rows. A metrics.csv without
     * rows (a state saved without its history) is accepted; a missing one is not. Checked
     * before anything is written, so a refused resume changes nothing.
     *
     * @throws IOException naming what is wrong with metrics.csv
     */
    static void checkMetrics(Path out, List<MetricsRow> rows, long checkpointStep, int logEvery) throws IOException {
        String where = out.resolve("metrics.csv") + " does not match the checkpoint at step " + checkpointStep + ": ";
        long last = 0;
        int logged = 0;
        for (MetricsRow r : rows) {
            if (r.step() <= last) {
                throw new IOException(where + "step " + r.step() + " follows step " + last
                        + " (repeated or out-of-order rows); nothing was changed");
            }
            last = r.step();
            logged += r.step() % logEvery == 0 ? 1 : 0;
        }
        long expected = checkpointStep / logEvery;
        if (!java.nio.file.Files.exists(out.resolve("metrics.csv")) && checkpointStep > 0) {
            throw new IOException(out.resolve("metrics.csv") + " is missing, but the checkpoint is at step " + checkpointStep
                    + "; nothing was changed");
        }
        // A directory saved with no history at all (metrics.csv written empty) resumes without one.
        if (!rows.isEmpty() && logged != expected) {
            throw new IOException(where + "it holds " + logged + " of the " + expected + " logged rows up to that step "
                    + "(rows deleted, or the checkpoint edited); nothing was changed");
        }
    }

    /** Queues the live changes of the overrides as the session's own commands (they emit events). */
    private static void applyLive(TrainingSession session, List<String> overrides, SessionConfig changed) {
        for (String o : overrides) {
            String key = o.substring(0, o.indexOf('=')).trim();
            switch (key) {
                case "training.learningRate" -> session.setLearningRate(changed.training().learningRate());
                case "training.clipNorm" -> session.setClipNorm(changed.training().clipNorm());
                case "noise.alpha" -> session.setAlpha(changed.noise().alpha());
                case "noise.updateScale" -> session.setUpdateNoise(changed.noise().updateScale());
                case "noise.labelScale" -> session.setLabelNoise(changed.noise().labelScale());
                case "diagnostics.every" -> session.setDiagnosticsEvery(changed.diagnostics().every());
                default -> { }
            }
        }
    }

    /** Trains to the step limit (or until stopped or diverged), writing the directory. */
    public Result run(BooleanSupplier stopRequested, Consumer<Progress> progress) throws IOException {
        if (dir == null) {
            return runLocked(stopRequested, progress);
        }
        // One process at a time writes a run directory: a second resume, or --overwrite of a run that
        // is training, is refused here before it writes anything.
        try (java.io.Closeable lock = dir.lock(rows.isEmpty() ? "train" : "train --resume")) {
            return runLocked(stopRequested, progress);
        }
    }

    private Result runLocked(BooleanSupplier stopRequested, Consumer<Progress> progress) throws IOException {
        if (dir != null) {
            dir.writeConfig(session.config());
        }
        if (dir != null && !dir.hasCheckpoint()) {
            // A run killed before its first timed checkpoint still resumes (from step 0).
            commitCheckpoint();
        }
        session.start();
        session.cancelPassesWhen(stopRequested);
        long lastFlush = System.nanoTime();
        long lastCheckpoint = lastFlush;
        long lastProgress = 0;
        int checkpointEvery = session.config().engine().checkpointEvery();
        long lastCheckpointStep = session.step();
        while (!stopRequested.getAsBoolean() && session.runOnce() && session.state() == SessionState.RUNNING) {
            long now = System.nanoTime();
            if (now - lastProgress > 250_000_000L) {
                progress.accept(progress());
                lastProgress = now;
            }
            long step = session.step();
            DiagnosticsReport pass = lastReport.get();
            boolean archive = checkpointEvery > 0 && step % checkpointEvery == 0;
            boolean due = archive || now - lastCheckpoint > CHECKPOINT_NANOS || (pass != null && pass.step() == step);
            if (dir != null && due && step != lastCheckpointStep) {
                SessionCheckpoint cp = commitCheckpoint();
                if (archive) {
                    dir.archiveCheckpoint(cp);
                }
                lastCheckpointStep = step;
                lastCheckpoint = now;
                lastFlush = now;
            } else if (dir != null && now - lastFlush > FLUSH_NANOS) {
                dir.writeMetrics(rows);
                lastFlush = now;
            }
        }
        session.pause();
        session.runOnce();
        DiagnosticsReport report = lastReport.get();
        if (finalDiagnostics && session.state() == SessionState.FINISHED
                && (report == null || report.step() != session.step())) {
            session.diagnoseNow();
            session.runOnce();
        }
        progress.accept(progress());
        if (dir != null) {
            commitCheckpoint();
        }
        SessionSnapshot s = latest.get();
        return new Result(session.state(), s == null ? "" : s.message(), session.step(),
                s == null ? Double.NaN : s.trainLoss(), s == null ? Double.NaN : s.valLoss());
    }

    /**
     * As {@link #run}, stopping cleanly on Ctrl-C (see {@link StopOnSignal}), and handing the result to
     * {@code report} before a signal's shutdown may proceed: what {@code report} prints is printed even
     * after Ctrl-C.
     */
    public Result runUntilInterrupted(Consumer<Progress> progress, Consumer<Result> report) throws IOException {
        try {
            return StopOnSignal.run(stop -> {
                Result r = run(stop, progress);
                report.accept(r);
                return r;
            }).value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training", e);
        }
    }

    private Progress progress() {
        SessionSnapshot s = latest.get();
        MetricsRow last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        double loss = last == null ? Double.NaN : last.trainLoss();
        double speed = last == null ? 0 : last.stepsPerSec();
        return new Progress(session.step(), session.config().training().steps(), loss,
                s == null ? Double.NaN : s.valLoss(), speed);
    }

    /**
     * Write-ahead: the metrics and events up to the current step are written (and forced to disk)
     * first, then the checkpoint of that step is committed. A crash between the two leaves metrics
     * ahead of the checkpoint, which a resume truncates; never a checkpoint ahead of its metrics.
     */
    private SessionCheckpoint commitCheckpoint() throws IOException {
        // Taken directly (this is the engine thread): a queued request would be served by a runOnce
        // that also takes a step, which the loop's stop check would never see.
        SessionCheckpoint cp = session.checkpointNow();
        dir.writeMetrics(rows);
        dir.writeEvents(events);
        if (!cp.config().task().schedule().isEmpty()) {
            dir.writeForgetting(Forgetting.of(cp.config(), rows));
        }
        if (!cp.config().equals(session.config())) {
            dir.writeConfig(cp.config());
        }
        dir.writeCheckpoint(cp);
        return cp;
    }

    /** The run's config, with its task schedule as it now stands (switches made live included). */
    public SessionConfig config() {
        return session.currentConfig();
    }

    /** The rows written so far. */
    public List<MetricsRow> rows() {
        return List.copyOf(rows);
    }
}
