package org.timescalelab.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Learnability;

/**
 * Each preset's story as numbers: trains the preset headlessly for the steps the desktop app
 * reaches in two minutes ({@link ConfigLoader.Preset#lessonSteps()}), runs a diagnostics pass at the
 * end and checks the signature its note promises (docs/presets.md, "Presets"). Contrasts reuse the run they
 * compare with (anti-collapse against collapse, adam-vs-sgd against demo), computed once.
 *
 * <p>Training runs without scheduled passes (the app's passes run beside training on a second
 * thread and do not change the parameters), so a check costs the steps plus one or two passes.
 * Not thread-safe.
 */
public final class PresetCheck {


    /** One number of a signature and whether it meets its condition. */
    public record Measure(String name, double value, String condition, boolean ok) {
        @Override
        public String toString() {
            return String.format("%s = %s (%s)%s", name, fmt(value), condition, ok ? "" : " ✗");
        }
    }

    /** A preset's outcome: its measures and how long the headless run took. */
    public record Outcome(String preset, long steps, double seconds, List<Measure> measures) {
        /** Whether every part of the signature held. */
        public boolean passed() {
            return measures.stream().allMatch(Measure::ok);
        }
    }

    /**
     * What a finished run left: its first and last validation loss, its last pass (and, for
     * heavy-tails, a second pass at α = 2), and the config it ran (overrides included).
     */
    private record Run(double firstVal, double lastVal, DiagnosticsReport report, DiagnosticsReport atAlphaTwo,
                       double seconds, long steps, SessionConfig config, List<MetricsRow> rows) {
        /** The N at which the window is read: the config's {@code diagnostics.referenceN}, the N the app marks. */
        double n() {
            return config.diagnostics().referenceN();
        }

        double window() {
            return report.windowAt(n());
        }
    }

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final BooleanSupplier cancelled;
    private final List<String> overrides;
    private long lessonSteps;

    /**
     * @param cancelled polled between steps; a cancelled check throws {@link java.util.concurrent.CancellationException}
     * @param overrides {@code key=value} settings applied over every preset checked (to try a change)
     */
    public PresetCheck(BooleanSupplier cancelled, List<String> overrides) {
        this.cancelled = cancelled;
        this.overrides = List.copyOf(overrides);
    }

    /** Checks every preset at this many steps instead of its lesson's (0: the lesson's). */
    public PresetCheck withSteps(long steps) {
        this.lessonSteps = steps;
        return this;
    }

    /** Checks one preset. */
    public Outcome check(String preset) {
        Run r = run(preset);
        List<Measure> m = new ArrayList<>();
        String hn = String.format("H_N(N = %.0f)", r.n());
        switch (preset) {
            case "demo" -> m.add(new Measure("validation loss last/first", r.lastVal / r.firstVal, "≤ 0.5",
                    r.lastVal <= 0.5 * r.firstVal));
            case "collapse" -> {
                m.add(classIs(r.report, "envelope class", EnvelopeFit.DecayClass.EXPONENTIAL));
                m.add(new Measure(hn, r.window(), "reported", true));
            }
            case "anti-collapse" -> {
                Run collapse = run("collapse");
                EnvelopeFit.DecayClass c = r.report.envelopeClass().selected().decayClass();
                boolean broad = r.report.envelopeClass().decided()
                        && (c == EnvelopeFit.DecayClass.POWER || c == EnvelopeFit.DecayClass.TEMPERED);
                m.add(new Measure("envelope class " + c.label(), broad ? 1 : 0, "power or tempered, decided", broad));
                double high = r.report.spectrum().ok() ? r.report.spectrum().high() : Double.NaN;
                m.add(new Measure("βˆ upper 90% bound", high, "< 2", high < 2));
                Learnability.Window theirs = collapse.report.window(r.n());
                m.add(new Measure(hn, r.window(), "> collapse's " + (theirs.censored() ? "≥ " : "") + fmt(theirs.lag())
                        + (theirs.censored() ? " (a lower bound: collapse's window cannot tell beyond it)" : ""),
                        r.window() > theirs.lag()));
            }
            case "heavy-tails" -> {
                double at2 = r.atAlphaTwo.windowAt(r.n());
                m.add(new Measure(hn + " at α = 1.2", r.window(), "< H_N at α = 2 = " + fmt(at2), r.window() < at2));
                m.add(new Measure("α̂ at α = 1.2", r.report.medianAlpha(), "< 1.6", r.report.medianAlpha() < 1.6));
            }
            case "long-lag" -> {
                m.add(new Measure("validation loss last/first", r.lastVal / r.firstVal, "≤ 0.7",
                        r.lastVal <= 0.7 * r.firstVal));
                double longest = Arrays.stream(r.report.tauGate()).max().orElse(Double.NaN);
                int lag = r.config.task().lag();
                m.add(new Measure("longest gate τ", longest, "≥ lag/2 = " + lag / 2, longest >= lag / 2.0));
            }
            case "continual" -> {
                double learned = Forgetting.endOf(r.config, r.rows, 0)[0];
                double forgotten = Forgetting.endOf(r.config, r.rows, 1)[0];
                double relearned = Forgetting.endOf(r.config, r.rows, 2)[0];
                m.add(new Measure("task 1 loss at the end of stage 2 / at the end of stage 1", forgotten / learned, "≥ 3",
                        forgotten >= 3 * learned));
                m.add(new Measure("task 1 loss at the end / at the end of stage 1", relearned / learned, "≤ 1.5",
                        relearned <= 1.5 * learned));
            }
            case "adam-vs-sgd" -> {
                Run adam = run("demo");
                double ratio = spread(adam.report) / spread(r.report);
                m.add(new Measure("spread of log₁₀ μ̄ over units, Adam/SGD", ratio, "≥ 1.5 or ≤ 0.67",
                        ratio >= 1.5 || ratio <= 1 / 1.5));
            }
            default -> m.add(new Measure("validation loss last/first", r.lastVal / r.firstVal, "< 1",
                    r.lastVal < r.firstVal));
        }
        if (!preset.equals("demo") && !preset.equals("long-lag")) {
            m.add(new Measure("validation loss last/first", r.lastVal / r.firstVal, "reported", true));
        }
        if (!preset.equals("collapse") && !preset.startsWith("anti") && !preset.equals("heavy-tails")) {
            m.add(new Measure(hn, r.window(), "reported", true));
        }
        return new Outcome(preset, r.steps, r.seconds, m);
    }

    private static Measure classIs(DiagnosticsReport d, String name, EnvelopeFit.DecayClass expected) {
        EnvelopeFit.DecayClass c = d.envelopeClass().selected().decayClass();
        boolean ok = d.envelopeClass().decided() && c == expected;
        return new Measure(name + " " + c.label() + (d.envelopeClass().decided() ? "" : " (undecided)"), ok ? 1 : 0,
                expected.label() + ", decided", ok);
    }

    /**
     * Interquartile range over units of each unit's mean log₁₀ |μ| over lags: how different the rows
     * of the rate heatmap are.
     */
    static double spread(DiagnosticsReport d) {
        int h = d.width();
        double[] profile = d.profile();
        int lags = profile.length / h;
        double[] rows = new double[h];
        for (int q = 0; q < h; q++) {
            double sum = 0;
            int n = 0;
            for (int l = 0; l < lags; l++) {
                double v = profile[l * h + q];
                if (v > 0) {
                    sum += Math.log10(v);
                    n++;
                }
            }
            rows[q] = n == 0 ? Double.NaN : sum / n;
        }
        double[] sorted = Arrays.stream(rows).filter(Double::isFinite).sorted().toArray();
        return sorted.length < 4 ? Double.NaN : sorted[(3 * sorted.length) / 4] - sorted[sorted.length / 4];
    }

    private Run run(String preset) {
        Run done = runs.get(preset);
        if (done != null) {
            return done;
        }
        ConfigLoader.Preset p = ConfigLoader.preset(preset);
        List<String> all = new ArrayList<>(overrides);
        all.addAll(List.of("diagnostics.every=0", "training.steps=0"));
        SessionConfig c = ConfigLoader.withOverrides(p.config(), all);
        TrainingSession s = TrainingSession.create(c);
        double[] val = {Double.NaN, Double.NaN};
        List<MetricsRow> rows = new ArrayList<>();
        DiagnosticsReport[] reports = new DiagnosticsReport[2];
        s.addListener(new SessionListener() {
            @Override
            public void onSnapshot(SessionSnapshot snapshot) {
                if (Double.isNaN(val[0])) {
                    val[0] = snapshot.valLoss();
                }
                val[1] = snapshot.valLoss();
            }

            @Override
            public void onDiagnostics(DiagnosticsReport report) {
                reports[reports[0] == null ? 0 : 1] = report;
            }

            @Override
            public void onMetrics(MetricsRow row) {
                if (row.taskValLoss().length > 0) {
                    rows.add(row);
                }
            }
        });
        long t0 = System.nanoTime();
        s.start();
        long steps = lessonSteps > 0 ? lessonSteps : p.lessonSteps();
        while (s.step() < steps) {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
            s.runOnce();
            if (s.state() != SessionState.RUNNING && s.state() != SessionState.READY) {
                throw new IllegalStateException(preset + " stopped at step " + s.step() + ": " + s.state());
            }
        }
        s.pause();
        s.diagnoseNow();
        if (preset.equals("heavy-tails")) {
            s.setAlpha(2);
            s.diagnoseNow();
        }
        s.runOnce();
        Run r = new Run(val[0], val[1], reports[0], reports[1], (System.nanoTime() - t0) / 1e9, s.step(), c, rows);
        runs.put(preset, r);
        return r;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format("%.3g", v) : String.valueOf(v);
    }
}
