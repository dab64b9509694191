package org.timescalelab.sde;

import java.util.Arrays;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.Settings;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Laplace;
import org.timescalelab.theory.Learnability;
import org.timescalelab.theory.SpectrumTail;
import org.timescalelab.theory.TimescaleSde;
import org.timescalelab.work.CommandQueue;
import org.timescalelab.work.Worker;

/**
 * The live time-scale SDE of the desktop's anti-collapse lab: one population advanced on its own
 * thread, whose parameters and gradient-noise α change without a reset, and whose spectrum,
 * envelope and implied window are summarised into an immutable {@link View} a few times a second.
 *
 * <p>Threading contract: the command methods may be called from any thread and return at once;
 * they are queued ({@link CommandQueue}) and take effect before the next chunk of steps. The
 * simulation runs on the {@link Worker} started by {@link #start()} (the particle blocks fan out
 * over the common fork-join pool), or, for tests, on whichever single thread calls
 * {@link #runChunks}. The listener is called on that thread, and hears of a failure, which ends
 * the simulation.
 *
 * <p>Choices: a chunk is {@value #CHUNK_TIME} units of simulated time; a view is published at most
 * every {@value #PUBLISH_MILLIS} ms of wall time and after every {@link #runChunks} call. The tail
 * fit is the survival-function fit without bootstrap (an interval per frame would cost more than
 * the simulation); the window is {@link Learnability#impliedWindows} with ε = 20.
 */
public final class SdeLab implements AutoCloseable {

    static final double CHUNK_TIME = 0.25;
    static final long PUBLISH_MILLIS = 100;
    private static final double[] LAGS = SdeRun.lags();
    private static final double[] SAMPLES = Learnability.sampleGrid(2, 10, 4);
    private static final double BIN_WIDTH = 0.1;
    private static final int SURVIVAL_POINTS = 240;

    /**
     * One summary of the population.
     *
     * @param time           simulated time
     * @param params         the parameters in force
     * @param alpha          gradient-noise tail index of the window
     * @param load           ρ = λE[Y]/κ
     * @param predictedBeta  docs/timescale-sde.md's β where a closed form exists, else NaN
     * @param wallMass       fraction of particles at τ = 1
     * @param binWidth       width of the histogram bins in log₁₀ τ (the first starts at 0)
     * @param histogram      fraction of particles per bin
     * @param survivalTau    τ values of the empirical survival function (decimated)
     * @param survival       P(τ &gt; x) at those values
     * @param fit            the tail fit (β̂, amplitude)
     * @param lags           lags ℓ of the envelope
     * @param envelope       f(ℓ) = mean e^{−ℓ/τ}
     * @param best           the winning decay class, or null when the envelope is too short to fit
     * @param windowLaw      the growth law of H_N that class predicts ("" without a fit)
     * @param samples        sample sizes N
     * @param windows        implied H_N at each N
     * @param message        "" or why the law is not stationary
     */
    public record View(double time, TimescaleSde.Params params, double alpha, double load, double predictedBeta,
                       double wallMass, double binWidth, double[] histogram, double[] survivalTau, double[] survival,
                       SpectrumTail.Fit fit, double[] lags, double[] envelope, EnvelopeFit.Model best, String windowLaw,
                       double[] samples, double[] windows, String message) {
        /** Copies the arrays: the record is immutable (accessors hand out copies too). */
        public View {
            histogram = histogram.clone();
            survivalTau = survivalTau.clone();
            survival = survival.clone();
            lags = lags.clone();
            envelope = envelope.clone();
            samples = samples.clone();
            windows = windows.clone();
        }

        /** A copy of {@code histogram}. */
        @Override
        public double[] histogram() {
            return histogram.clone();
        }

        /** A copy of {@code survivalTau}. */
        @Override
        public double[] survivalTau() {
            return survivalTau.clone();
        }

        /** A copy of {@code survival}. */
        @Override
        public double[] survival() {
            return survival.clone();
        }

        /** A copy of {@code lags}. */
        @Override
        public double[] lags() {
            return lags.clone();
        }

        /** A copy of {@code envelope}. */
        @Override
        public double[] envelope() {
            return envelope.clone();
        }

        /** A copy of {@code samples}. */
        @Override
        public double[] samples() {
            return samples.clone();
        }

        /** A copy of {@code windows}. */
        @Override
        public double[] windows() {
            return windows.clone();
        }

        /** H_N at N by the grid (0 if N is below the grid). */
        public double windowAt(double n) {
            double h = 0;
            for (int i = 0; i < samples.length && samples[i] <= n * (1 + 1e-12); i++) {
                h = windows[i];
            }
            return h;
        }
    }

    private final int particles;
    private final double dt;
    private final long seed;
    /** Receives the lab's views and its failure, on the simulation thread. */
    @FunctionalInterface
    public interface Listener {
        /** A new view. */
        void view(View v);

        /** The simulation failed and has stopped. */
        default void failed(Throwable failure) {
        }
    }

    private final Listener listener;
    private final CommandQueue<SdeLab> commands = new CommandQueue<>();

    private volatile boolean runningRequested;
    private volatile Worker worker;
    private double alpha;
    private boolean running;
    private boolean changed = true;
    private TimescaleSde.Population population;
    private TimescaleSde.Params params;
    private long lastPublish;

    /**
     * A paused lab with every particle at the wall.
     *
     * @param listener receives every published view (and a failure), on the simulation thread
     */
    public SdeLab(TimescaleSde.Params p, double alpha, int particles, double dt, long seed, Listener listener) {
        checkAlpha(alpha);
        this.params = p;
        this.alpha = alpha;
        this.particles = particles;
        this.dt = dt;
        this.seed = seed;
        this.listener = listener;
        this.population = new TimescaleSde.Population(p, particles, dt, seed);
    }

    private static void checkAlpha(double a) {
        if (!Settings.ALPHA.range().contains(a)) {
            throw new ConfigException("alpha", a, Settings.ALPHA.range().toString());
        }
    }

    /** Starts the simulation worker (paused until {@link #resume()}). */
    public void start() {
        Worker w = new Worker("timescale-sde", this::turn, new Worker.Listener() {
            @Override
            public void failed(Throwable failure) {
                listener.failed(failure);
            }
        }, commands);
        worker = w;
        w.start();
    }

    /** New parameters from the next chunk on. */
    public void setParams(TimescaleSde.Params p) {
        commands.add(l -> {
            l.params = p;
            l.population.setParams(p);
            l.changed = true;
        });
    }

    /** A new gradient-noise tail index for the implied window, (1, 2]. */
    public void setAlpha(double a) {
        checkAlpha(a);
        commands.add(l -> {
            l.changed |= l.alpha != a;
            l.alpha = a;
        });
    }

    /** Every particle back to the wall, time 0, the same seed. */
    public void reset() {
        commands.add(l -> {
            l.population = new TimescaleSde.Population(l.params, l.particles, l.dt, l.seed);
            l.changed = true;
        });
    }

    /** Runs the population from the next chunk on. */
    public void resume() {
        runningRequested = true;
        commands.add(l -> l.running = true);
    }

    /** Holds the population where it is. */
    public void pause() {
        runningRequested = false;
        commands.add(l -> l.running = false);
    }

    /** Whether the population runs (as last asked). */
    public boolean isRunning() {
        return runningRequested;
    }

    /** The simulation's worker (null before {@link #start()}), for its state and failure. */
    public Worker worker() {
        return worker;
    }

    /** Stops the simulation worker. */
    @Override
    public void close() {
        Worker w = worker;
        if (w != null) {
            w.stop();
        }
    }

    /** One turn of the worker: commands, a chunk if running, a view if due. */
    private long turn() {
        boolean changes = applyCommands();
        if (running) {
            population.advance(stepsPerChunk());
        }
        long now = System.currentTimeMillis();
        if (changes || (running && now - lastPublish >= PUBLISH_MILLIS)) {
            lastPublish = now;
            listener.view(view());
        }
        return running ? 0 : java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(PUBLISH_MILLIS);
    }

    /** Applies pending commands, runs {@code chunks} chunks and publishes one view (tests and benchmarks). */
    public View runChunks(int chunks) {
        applyCommands();
        for (int i = 0; i < chunks; i++) {
            population.advance(stepsPerChunk());
        }
        View v = view();
        listener.view(v);
        return v;
    }

    private int stepsPerChunk() {
        return Math.max(1, (int) Math.round(CHUNK_TIME / dt));
    }

    /** Applies the queued commands; whether anything changed that a view shows. */
    private boolean applyCommands() {
        commands.drain(this, () -> false);
        boolean c = changed;
        changed = false;
        return c;
    }

    private View view() {
        double a = alpha;
        double[] finite = Arrays.stream(population.tau()).filter(Double::isFinite).sorted().toArray();
        int n = finite.length;
        double maxLog = finite.length == 0 ? 0 : Math.log10(finite[finite.length - 1]);
        double[] hist = new double[Math.max(1, (int) Math.ceil(maxLog / BIN_WIDTH + 1e-9))];
        for (double t : finite) {
            int bin = (int) Math.min(hist.length - 1, Math.floor(Math.log10(t) / BIN_WIDTH));
            hist[bin] += 1.0 / population.size();
        }
        int points = Math.min(SURVIVAL_POINTS, n);
        double[] sx = new double[points];
        double[] sy = new double[points];
        for (int k = 0; k < points; k++) {
            // Ranks spaced evenly in log of the survival probability, so the tail keeps its points.
            double logS = Math.log10(1.0 / n) * (k + 1.0) / points;
            int i = Math.min(n - 1, (int) Math.round(n * (1 - Math.pow(10, logS))));
            sx[k] = finite[i];
            sy[k] = (double) (n - 1 - i) / n;
        }
        SpectrumTail.Fit fit = SpectrumTail.fit(finite, 0, null);
        double[] f = Laplace.meanEnvelope(finite, LAGS);
        EnvelopeFit.Model best;
        try {
            best = EnvelopeFit.classify(LAGS, f);
        } catch (IllegalArgumentException tooFewPoints) {
            best = null;
        }
        double[] windows = Learnability.impliedWindows(LAGS, f, a, Learnability.DEFAULT_THRESHOLD, SAMPLES);
        String message = params.drift() == TimescaleSde.Drift.CONSTANT && params.load() >= 1
                ? String.format("no stationary law: load ρ = %.3g ≥ 1, the jumps outrun the pull and τ grows without bound",
                        params.load())
                : "";
        int escaped = population.size() - n;
        if (escaped > 0) {
            message += String.format("%s%.1f%% of the particles have τ beyond 10³⁰⁸ and are not drawn (Reset population "
                    + "brings them back)", message.isEmpty() ? "" : "; ", 100.0 * escaped / population.size());
        }
        return new View(population.time(), params, a, params.load(), params.predictedBeta(), population.wallMass(),
                BIN_WIDTH, hist, sx, sy, fit, LAGS, f, best,
                best == null ? "" : EnvelopeFit.growthLaw(best, LAGS, Learnability.kappa(a)), SAMPLES, windows, message);
    }
}
