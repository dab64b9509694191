package org.timescalelab.ui.sweeps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.Numbers;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.config.Settings;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.run.FolderLock;
import org.timescalelab.sweep.LocalSweep;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepGrid;
import org.timescalelab.sweep.SweepProgress;
import org.timescalelab.sweep.SweepRow;
import org.timescalelab.sweep.SweepSpec;
import org.timescalelab.ui.fx.TaskRunner;

/**
 * The Sweeps tab's model: a sweep built from the Training tab's current settings plus axes typed
 * in place, run by the local engine on a worker thread, its rows arriving as runs finish.
 * Threading: everything here runs on the FX thread except the sweep, which only publishes to a
 * latest-value mailbox; {@link #drain()} takes it once per frame.
 */
public final class SweepsViewModel {

    /** Fields offered first in the axis pickers (any config field can be typed). */
    static final List<String> COMMON_FIELDS = List.of("training.learningRate", "noise.alpha", "model.width",
            "noise.updateScale", "noise.labelScale", "training.optimizer", "model.architecture", "training.batchSize",
            "training.clipNorm", "task.sequenceLength");

    /** One axis as typed: a field and its values ("a, b, c" or "from..to/points", optionally " log"). */
    static final class AxisInput {
        final StringProperty field = new SimpleStringProperty("");
        final StringProperty values = new SimpleStringProperty("");

        AxisInput(String field, String values) {
            this.field.set(field);
            this.values.set(values);
        }
    }

    private static final java.util.regex.Pattern RANGE =
            java.util.regex.Pattern.compile("(\\S+)\\s*\\.\\.\\s*(\\S+)\\s*/\\s*(\\d+)(?:\\s+(log|linear))?");

    private final Supplier<SessionConfig> base;
    private final TaskRunner worker;
    private final ObservableList<AxisInput> axes = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("sweep");
    private final IntegerProperty seeds = new SimpleIntegerProperty(1);
    private final StringProperty steps = new SimpleStringProperty("150");
    private final IntegerProperty parallel = new SimpleIntegerProperty(LocalSweep.defaultParallel());
    private final StringProperty metric = new SimpleStringProperty("");
    private final ObservableList<SweepRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<SweepGrid> grid = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SweepSpec> spec = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final AtomicReference<SweepProgress> mailbox = new AtomicReference<>();
    private final AtomicReference<String> finished = new AtomicReference<>();
    private volatile boolean cancelled;
    private SweepDirectory directory;
    /** The clock of the status line's elapsed time and ETA (a test's own in tests). */
    java.util.function.LongSupplier clock = System::nanoTime;
    /** The progress shown, when it arrived and when the status line was last written: it ticks each second. */
    private SweepProgress shown;
    private long shownAt;
    private long statusAt;

    /**
     * @param base   the config the sweep starts from: the Training tab's current settings
     * @param worker runs the whole sweep (a new background thread in the app; the caller's thread in tests)
     */
    public SweepsViewModel(Supplier<SessionConfig> base, TaskRunner worker) {
        this.base = base;
        this.worker = worker;
        // A default that finishes in class time: 3 × 2 cells, one seed, 150 steps each.
        axes.add(new AxisInput("training.learningRate", "1e-3..1e-2/3 log"));
        axes.add(new AxisInput("noise.alpha", "1.2, 2"));
    }

    ObservableList<AxisInput> axes() {
        return axes;
    }

    StringProperty nameProperty() {
        return name;
    }

    /** Seeds (replicates) per cell. */
    public IntegerProperty seedsProperty() {
        return seeds;
    }

    StringProperty stepsProperty() {
        return steps;
    }

    /** Runs at once. */
    public IntegerProperty parallelProperty() {
        return parallel;
    }

    StringProperty metricProperty() {
        return metric;
    }

    /** The finished runs of the sweep shown, in cell and seed order. */
    public ObservableList<SweepRow> rows() {
        return rows;
    }

    ReadOnlyObjectProperty<SweepGrid> gridProperty() {
        return grid.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<SweepSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Whether a sweep is running. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The sweep's progress, or how it ended. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * The sweep as typed, validated exactly as a sweep file is.
     *
     * @throws ConfigException naming the first bad field or value
     */
    SweepSpec build() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", name.get().isBlank() ? "sweep" : name.get().trim());
        long budget;
        try {
            budget = Settings.STEPS.check(Numbers.parseLong(steps.get().trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException("training.steps", "steps: training.steps = '" + steps.get().trim()
                    + "' is not an integer: expected " + Settings.STEPS.range());
        } catch (ConfigException e) {
            throw new ConfigException("training.steps", "steps: " + e.getMessage());
        }
        SessionConfig c = base.get().withSteps(budget);
        c = c.withDiagnostics(c.diagnostics().withEvery(0));
        root.set("config", ConfigLoader.MAPPER.valueToTree(c));
        ArrayNode a = root.putArray("axes");
        for (AxisInput in : axes) {
            if (in.field.get().isBlank()) {
                continue;
            }
            ObjectNode axis = a.addObject();
            axis.put("field", in.field.get().trim());
            parseValues(in.values.get(), axis);
        }
        root.put("seeds", seeds.get());
        return SweepSpec.of(root);
    }

    /** "a, b, c" → values; "from..to/points" or "from..to/points log" → a range. */
    static void parseValues(String text, ObjectNode axis) {
        String t = text.trim();
        java.util.regex.Matcher r = RANGE.matcher(t);
        if (r.matches()) {
            ObjectNode range = axis.putObject("range");
            range.put("from", number(r.group(1), axis));
            range.put("to", number(r.group(2), axis));
            range.put("points", Numbers.parseInt(r.group(3)));
            range.put("scale", r.group(4) == null ? "linear" : r.group(4));
            return;
        }
        ArrayNode values = axis.putArray("values");
        for (String v : t.split(",")) {
            String s = v.trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                values.add(Numbers.parseLong(s));
            } catch (NumberFormatException notLong) {
                try {
                    values.add(Numbers.parseDouble(s));
                } catch (NumberFormatException notNumber) {
                    values.add(s);
                }
            }
        }
    }
    private static double number(String s, ObjectNode axis) {
        try {
            return Numbers.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(axis.get("field").asText(), "'" + s + "' in a range is not a number");
        }
    }

    /**
     * Starts the sweep in {@code out} (a new folder, or one of the same sweep to resume) on a worker
     * thread; every run keeps its run directory, so any row can be opened in the Training tab.
     *
     * @return the problem, or null when started
     */
    String start(Path out) {
        if (running.get()) {
            return "a sweep is already running";
        }
        SweepSpec s;
        SweepDirectory dir;
        FolderLock lock;
        try {
            s = build();
            lock = SweepDirectory.lock(out, SweepDirectory.MARKER, "the window's sweep");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot use " + out + ": " + e.getMessage();
        }
        try {
            dir = SweepDirectory.open(out, s);
        } catch (ConfigException e) {
            lock.release();
            return e.getMessage();
        } catch (IOException e) {
            lock.release();
            return "cannot use " + out + ": " + e.getMessage();
        }
        show(dir);
        cancelled = false;
        finished.set(null);
        running.set(true);
        status.set(String.format("%d runs (%d cells × %d seeds), %d already done", s.runs().size(), s.cells(),
                s.seeds().size(), rows.size()));
        LocalSweep sweep = new LocalSweep(dir, parallel.get(), true, false);
        worker.run(() -> {
            SweepProgress p = sweep.run(() -> cancelled, this::offer);
            finished.set(String.format("%s: %d of %d runs (%d failed, %d diverged) in %.0f s · %s",
                    p.done() < p.total() ? "cancelled" : "finished", p.done(), p.total(), p.failed(), p.diverged(),
                    p.elapsed(), dir.path()));
        }, failure -> {
            lock.release();
            if (failure != null) {
                finished.set(failure instanceof InterruptedException ? "the sweep was interrupted"
                        : "the sweep failed: " + failure.getMessage());
            }
        });
        return null;
    }

    /**
     * Shows a sweep folder written earlier (by the command line, a cluster or this tab): its
     * rows and plot; its runs open if it kept their directories.
     *
     * @return the problem, or null
     */
    String open(Path dir) {
        if (running.get()) {
            return "a sweep is running: cancel it first";
        }
        try {
            show(SweepDirectory.read(dir));
        } catch (IOException | RuntimeException e) {
            return "cannot open " + dir + ": " + e.getMessage();
        }
        SweepSpec s = directory.spec();
        progress.set((double) rows.size() / s.runs().size());
        status.set(String.format("%s: %d of %d runs · %s", s.name(), rows.size(), s.runs().size(), dir));
        return null;
    }

    /** Makes a sweep folder the one shown: its spec, rows, a metric it has, the grid. */
    private void show(SweepDirectory dir) {
        directory = dir;
        spec.set(dir.spec());
        rows.setAll(dir.rows());
        List<String> metrics = SweepGrid.metrics(dir.spec());
        if (!metrics.contains(metric.get())) {
            metric.set(metrics.get(Math.min(1, metrics.size() - 1)));
        }
        regrid();
    }

    void cancel() {
        cancelled = true;
    }

    /** Writes the sweep as typed to a sweep file (to run later with {@code sweep}, or on a cluster). */
    void saveSpec(Path file) throws IOException {
        AtomicFiles.write(file, build().toJson());
    }

    /** Hands a sweep's progress to the next frame (any thread). */
    void offer(SweepProgress p) {
        mailbox.set(p);
    }

    /**
     * Takes what arrived since the last frame; true when rows or the state changed. Between runs the
     * status line's elapsed time counts up and its ETA down once a second (they stayed at "0 s"
     * until the first run of a sweep ended, for a minute and more).
     */
    public boolean drain() {
        SweepProgress p = mailbox.getAndSet(null);
        String end = finished.getAndSet(null);
        long now = clock.getAsLong();
        boolean tick = shown != null && now - statusAt >= 1_000_000_000L;
        if (p == null && end == null && !tick) {
            return false;
        }
        if ((p != null || end != null) && directory != null) {
            rows.setAll(directory.rows());
            regrid();
        }
        if (p != null) {
            progress.set(p.total() == 0 ? 1 : (double) p.done() / p.total());
            shown = p;
            shownAt = now;
        }
        if (shown != null) {
            SweepProgress q = shown.later((now - shownAt) / 1e9);
            // No-break spaces keep "35 s" and "ETA 12 s" whole when the narrow panel wraps the line.
            status.set(String.format("run %d of %d · %d failed · %d diverged · %.0f\u00a0s%s", q.done(), q.total(),
                    q.failed(), q.diverged(), q.elapsed(),
                    Double.isFinite(q.eta()) ? String.format(" · ETA\u00a0%.0f\u00a0s", q.eta()) : ""));
            statusAt = now;
        }
        if (end != null) {
            running.set(false);
            shown = null;
            status.set(end);
        }
        return true;
    }

    /** Recomputes the plotted grid (after a new metric or new rows). */
    void regrid() {
        SweepSpec s = spec.get();
        if (s == null || s.axes().isEmpty() || !SweepGrid.metrics(s).contains(metric.get())) {
            grid.set(null);
            return;
        }
        String x = s.axes().get(0).field();
        String y = s.axes().size() > 1 ? s.axes().get(1).field() : null;
        grid.set(SweepGrid.of(s, new ArrayList<>(rows), metric.get(), x, y));
    }

    /** The run directory of a row (every run of the tab keeps one), or null before a sweep. */
    Path runDirectory(SweepRow row) {
        return directory == null ? null : directory.runDirectory(new SweepSpec.Run(row.cell(), row.seed(), row.values()));
    }

    /** Asks a running sweep to stop (window closing): runs in progress end, finished rows stay. */
    public void shutdown() {
        cancelled = true;
    }
}
