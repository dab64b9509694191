package org.timescalelab.ui.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

import org.timescalelab.sde.SdeConfig;
import org.timescalelab.sde.SdeLab;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.theory.DecayLaw;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Learnability;
import org.timescalelab.theory.PhaseDiagram;
import org.timescalelab.theory.TimescaleSde;
import org.timescalelab.ui.chart.LogScale;
import org.timescalelab.ui.fx.TaskRunner;

/**
 * The anti-collapse tab's state and commands, without a toolkit: the SDE parameters and the
 * gradient-noise α (each change goes to the live simulation without a reset), the phase-diagram
 * grid and its background computation, and the theory explorer's decay law.
 *
 * <p>Threading: properties are read and written on the FX thread. The live simulation runs on
 * the {@link SdeLab}'s worker and the phase diagram on the given {@link TaskRunner}; both only enqueue, and
 * {@link #drain()} (once per frame) takes what arrived. The lab is built on first use and runs
 * only while the tab is shown ({@link #setActive}). The phase diagram pauses the live
 * simulation while it computes (both would share the same two cores).
 *
 * <p>Defaults: the SDE command's (constant pull κ = 1, σ = 0.5, Exp(2) jumps at rate λ = 1:
 * ρ = 0.5, β = 1) with 20 000 particles and Δt = 0.01; the grid is λ/κ ∈ [0.1, 3] × b ∈ [1.2, 3],
 * 16 × 16 cells of 5 000 particles (the command's defaults, σ = 0 unless set otherwise),
 * simulated to stationarity with a cap of t = 50.
 *
 * <p>Length: about 520 lines, most of them the ~30 documented properties of the SDE's parameters, the
 * phase grid and the theory explorer, which the view binds; the logic (drain, phase map, commands)
 * is short.
 */
public final class AntiCollapseModel {

    /** What the phase diagram colours by. */
    enum Colouring { BETA, CLASS, WINDOW }

    static final int LIVE_PARTICLES = 20_000;
    static final double LIVE_DT = 0.01;
    private static final SdeConfig DEFAULTS = SdeConfig.defaults();

    private final ObjectProperty<TimescaleSde.Drift> drift = new SimpleObjectProperty<>(DEFAULTS.drift());
    private final ObjectProperty<TimescaleSde.Jumps> jumps = new SimpleObjectProperty<>(DEFAULTS.jumps());
    private final DoubleProperty kappa = new SimpleDoubleProperty(DEFAULTS.kappa());
    private final DoubleProperty theta = new SimpleDoubleProperty(DEFAULTS.theta());
    private final DoubleProperty zetaStar = new SimpleDoubleProperty(-3);
    private final DoubleProperty sigma = new SimpleDoubleProperty(DEFAULTS.sigma());
    private final DoubleProperty lambda = new SimpleDoubleProperty(DEFAULTS.lambda());
    private final DoubleProperty b = new SimpleDoubleProperty(DEFAULTS.b());
    private final DoubleProperty alphaJ = new SimpleDoubleProperty(DEFAULTS.alphaJ());
    private final DoubleProperty yMin = new SimpleDoubleProperty(DEFAULTS.yMin());
    private final DoubleProperty cutoff = new SimpleDoubleProperty(DEFAULTS.cutoff());
    private final DoubleProperty alpha = new SimpleDoubleProperty(DEFAULTS.alpha());
    private final DoubleProperty referenceN = new SimpleDoubleProperty(1e6);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanProperty running = new SimpleBooleanProperty(true);

    private final ObjectProperty<PhaseDiagram.Axis> xAxis = new SimpleObjectProperty<>(PhaseDiagram.Axis.LAMBDA_OVER_KAPPA);
    private final DoubleProperty xFrom = new SimpleDoubleProperty(0.1);
    private final DoubleProperty xTo = new SimpleDoubleProperty(3);
    private final ObjectProperty<PhaseDiagram.Axis> yAxis = new SimpleObjectProperty<>(PhaseDiagram.Axis.B);
    private final DoubleProperty yFrom = new SimpleDoubleProperty(1.2);
    private final DoubleProperty yTo = new SimpleDoubleProperty(3);
    private final IntegerProperty gridPoints = new SimpleIntegerProperty(16);
    private final IntegerProperty phaseParticles = new SimpleIntegerProperty(5_000);
    private final ObjectProperty<Colouring> colouring = new SimpleObjectProperty<>(Colouring.BETA);
    private final ReadOnlyDoubleWrapper phaseProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper phaseRunning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper phaseStatus = new ReadOnlyStringWrapper("");

    private final ObjectProperty<EnvelopeFit.DecayClass> theoryClass = new SimpleObjectProperty<>(EnvelopeFit.DecayClass.POWER);
    private final DoubleProperty theoryParameter = new SimpleDoubleProperty(0.7);

    private final Supplier<DiagnosticsReport> training;
    private final Supplier<List<double[]>> trajectory;
    private final AtomicReference<SdeLab.View> mailbox = new AtomicReference<>();
    private final AtomicReference<String> labFailure = new AtomicReference<>();
    private final TaskRunner phaseWorker;
    private final ConcurrentLinkedQueue<PhaseDiagram.Cell> arrived = new ConcurrentLinkedQueue<>();
    private final List<PhaseDiagram.Cell> cells = new ArrayList<>();
    private SdeLab lab;
    private SdeLab.View view;
    private boolean active;
    private volatile boolean phaseCancelled;
    private volatile String phaseEnd;
    private PhaseDiagram.Range phaseX;
    private PhaseDiagram.Range phaseY;
    private TimescaleSde.Params phaseBase;
    private long phaseStart;

    /**
     * @param training   the training run's latest diagnostics (null when none), for the theory overlay
     * @param trajectory the training run's (step, α̂, β̂) points, for the phase view's comparison
     * @param phaseWorker where phase diagrams are computed (a background worker; inline in tests)
     */
    public AntiCollapseModel(Supplier<DiagnosticsReport> training, Supplier<List<double[]>> trajectory,
                             TaskRunner phaseWorker) {
        this.training = training;
        this.trajectory = trajectory;
        this.phaseWorker = phaseWorker;
        for (ObservableValue<?> p : List.of(drift, jumps, kappa, theta, zetaStar, sigma, lambda, b, alphaJ, yMin, cutoff)) {
            p.addListener((o, was, now) -> pushParams());
        }
        alpha.addListener((o, was, now) -> {
            if (lab != null) {
                lab.setAlpha(now.doubleValue());
            }
        });
        running.addListener((o, was, now) -> updateRunning());
        theoryClass.addListener((o, was, now) -> theoryParameter.set(typicalParameter(now)));
    }

    /**
     * A parameter that shows a class's shape over lags 1…10⁴: τ = 100 for the exponential law (f
     * falls to e⁻¹⁰⁰ by the end), β = 0.7 for the power law, γ = 2 for the logarithmic law. A class
     * change sets it, so the previous class's value (β = 0.7 read as τ = 0.7) never carries over.
     */
    static double typicalParameter(EnvelopeFit.DecayClass c) {
        return switch (c) {
            case EXPONENTIAL -> 100;
            case LOGARITHMIC -> 2;
            case POWER, TEMPERED -> 0.7;
        };
    }

    /** The dynamics' parameters from the controls; throws with the field named when one is out of range. */
    TimescaleSde.Params params() {
        return new TimescaleSde.Params(drift.get(), kappa.get(), theta.get(), zetaStar.get(), sigma.get(), lambda.get(),
                jumps.get(), b.get(), alphaJ.get(), yMin.get(), cutoff.get());
    }

    private void pushParams() {
        try {
            TimescaleSde.Params p = params();
            error.set("");
            if (lab != null) {
                lab.setParams(p);
            }
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
        }
    }

    /** The tab is shown (the lab is built on first use and runs) or hidden (the lab pauses). */
    public void setActive(boolean on) {
        active = on;
        if (on && lab == null) {
            lab = new SdeLab(params(), alpha.get(), LIVE_PARTICLES, LIVE_DT, 1, new SdeLab.Listener() {
                @Override
                public void view(SdeLab.View v) {
                    mailbox.set(v);
                }

                @Override
                public void failed(Throwable failure) {
                    labFailure.set("The live simulation stopped: " + failure);
                }
            });
            lab.start();
        }
        updateRunning();
    }

    private void updateRunning() {
        if (lab == null) {
            return;
        }
        if (active && running.get() && !phaseRunning.get()) {
            lab.resume();
        } else {
            lab.pause();
        }
    }

    /** Every particle back to τ = 1. */
    void resetPopulation() {
        if (lab != null) {
            lab.reset();
        }
    }

    /** Takes what arrived since the last frame; true when the live view or the phase diagram changed. */
    public boolean drain() {
        boolean changed = false;
        String failure = labFailure.getAndSet(null);
        if (failure != null) {
            error.set(failure);
            running.set(false);
            changed = true;
        }
        SdeLab.View v = mailbox.getAndSet(null);
        if (v != null) {
            view = v;
            changed = true;
        }
        PhaseDiagram.Cell c;
        while ((c = arrived.poll()) != null) {
            cells.add(c);
            changed = true;
        }
        if (phaseRunning.get()) {
            int total = phaseX.points() * phaseY.points();
            phaseProgress.set((double) cells.size() / total);
            double elapsed = (System.nanoTime() - phaseStart) / 1e9;
            phaseStatus.set(String.format("cell %d of %d · %.0f s · ETA %.0f s", cells.size(), total, elapsed,
                    cells.isEmpty() ? Double.NaN : elapsed / cells.size() * (total - cells.size())));
            String end = phaseEnd;
            if (end != null) {
                phaseRunning.set(false);
                phaseStatus.set(end);
                updateRunning();
                changed = true;
            }
        }
        return changed;
    }

    /** Starts the phase diagram of the current grid settings in the background (returns the problem, or null). */
    String computePhase() {
        if (phaseRunning.get()) {
            return "a phase diagram is already being computed";
        }
        try {
            phaseBase = params();
            phaseX = new PhaseDiagram.Range(xAxis.get(), xFrom.get(), xTo.get(), gridPoints.get());
            phaseY = new PhaseDiagram.Range(yAxis.get(), yFrom.get(), yTo.get(), gridPoints.get());
            if (phaseX.parameter() == phaseY.parameter()) {
                return "the two axes must be different parameters";
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        cells.clear();
        arrived.clear();
        phaseCancelled = false;
        phaseEnd = null;
        phaseRunning.set(true);
        phaseProgress.set(0);
        phaseStart = System.nanoTime();
        updateRunning();
        TimescaleSde.Params base = phaseBase;
        PhaseDiagram.Range x = phaseX;
        PhaseDiagram.Range y = phaseY;
        TimescaleSde.Settings s = new TimescaleSde.Settings(phaseParticles.get(), DEFAULTS.dt(), DEFAULTS.chunk(), 50,
                DEFAULTS.tolerance(), DEFAULTS.seed());
        long t0 = System.nanoTime();
        phaseWorker.run(() -> {
            List<PhaseDiagram.Cell> done = PhaseDiagram.compute(base, x, y, s, arrived::add, () -> phaseCancelled);
            phaseEnd = String.format(phaseCancelled ? "cancelled after %d cells, %.1f s" : "%d cells in %.1f s",
                    done.size(), (System.nanoTime() - t0) / 1e9);
        }, failure -> {
            if (failure != null) {
                phaseEnd = "failed: " + failure.getMessage();
            }
        });
        return null;
    }

    void cancelPhase() {
        phaseCancelled = true;
    }

    /**
     * Loads a cell's two parameters into the controls and restarts the live population from τ = 1,
     * so what it shows is that cell's dynamics, not the previous parameters' particles (which may
     * have run off to τ ≈ 10¹⁵⁰ under a growing drift).
     */
    public void loadCell(PhaseDiagram.Cell c) {
        TimescaleSde.Params p = PhaseDiagram.at(params(), phaseX.parameter(), c.x(), phaseY.parameter(), c.y());
        kappa.set(p.kappa());
        sigma.set(p.sigma());
        lambda.set(p.lambda());
        b.set(p.b());
        alphaJ.set(p.alphaJ());
        resetPopulation();
        if (!phaseRunning.get()) {
            phaseStatus.set(String.format("loaded %s = %s, %s = %s and restarted the live population (βˆ = %s)",
                    phaseX.parameter().symbol(), LogScale.format(c.x()),
                    phaseY.parameter().symbol(), LogScale.format(c.y()),
                    Double.isFinite(c.betaHat()) ? String.format("%.3g [%.3g, %.3g]", c.betaHat(), c.betaLow(), c.betaHigh())
                            : "–"));
        }
    }


    /** The analytic boundaries over the last computed grid (empty when none apply). */
    List<PhaseDiagram.Boundary> boundaries() {
        return phaseX == null ? List.of() : PhaseDiagram.boundaries(phaseBase, phaseX, phaseY);
    }

    /** The theory explorer's law, or null when its parameter is out of range. */
    DecayLaw theoryLaw() {
        try {
            return new DecayLaw(theoryClass.get(), theoryParameter.get());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Stops the lab and any phase computation. */
    public void shutdown() {
        phaseCancelled = true;
        if (lab != null) {
            lab.close();
        }
    }

    /**
     * The phase diagram's cells as the heatmap draws them, in the colouring chosen: log₁₀ β̂
     * (grey where there is no stationary law), the decay class's index, or the implied window
     * H_N at the reference N under the lab's α (docs/timescale-sde.md). Computed here so the view
     * only draws.
     *
     * @param values one value per grid cell, row by row from the first y (NaN: not computed or no value)
     * @param low    the colour scale's low end
     * @param high   the colour scale's high end
     * @param scale  the colour scale's title
     */
    public record PhaseMap(double[] values, double low, double high, String scale) {
    }

    /** The cells computed so far as a {@link PhaseMap} (null before a phase diagram is set up). */
    public PhaseMap phaseMap() {
        if (phaseX == null) {
            return null;
        }
        double[] values = new double[phaseX.points() * phaseY.points()];
        java.util.Arrays.fill(values, Double.NaN);
        Colouring mode = colouring.get();
        double n = referenceN.get();
        double[] lags = PhaseDiagram.lags();
        double hi = 1;
        for (int k = 0; k < cells.size(); k++) {
            PhaseDiagram.Cell c = cells.get(k);
            double v = switch (mode) {
                case CLASS -> {
                    int i = List.of("exponential", "power", "logarithmic", "tempered").indexOf(c.decayClass());
                    yield i < 0 ? Double.NaN : i;
                }
                case WINDOW -> c.envelope().length == 0 ? Double.NaN : Learnability.impliedWindows(lags, c.envelope(),
                        alpha.get(), Learnability.DEFAULT_THRESHOLD, new double[] {n})[0];
                default -> c.betaHat() > 0 && c.rho() < 1 ? Math.log10(c.betaHat()) : Double.NaN;
            };
            if (mode == Colouring.WINDOW && Double.isFinite(v)) {
                hi = Math.max(hi, v);
            }
            values[k] = v;
        }
        return switch (mode) {
            case CLASS -> new PhaseMap(values, 0, 3, "0 exp · 1 power · 2 log · 3 tempered");
            case WINDOW -> new PhaseMap(values, 0, hi, "H_N at N = " + LogScale.format(n));
            default -> new PhaseMap(values, -1, 1, "log₁₀ βˆ (0: β = 1)");
        };
    }

    /** The live population's latest view (null before the first). */
    public SdeLab.View view() {
        return view;
    }

    /** The phase diagram's cells computed so far. */
    public List<PhaseDiagram.Cell> cells() {
        return cells;
    }

    PhaseDiagram.Range phaseX() {
        return phaseX;
    }

    PhaseDiagram.Range phaseY() {
        return phaseY;
    }

    DiagnosticsReport training() {
        return training.get();
    }

    List<double[]> trajectory() {
        return trajectory.get();
    }

    ObjectProperty<TimescaleSde.Drift> driftProperty() {
        return drift;
    }

    ObjectProperty<TimescaleSde.Jumps> jumpsProperty() {
        return jumps;
    }

    /** κ, the drift's pull towards the wall. */
    public DoubleProperty kappaProperty() {
        return kappa;
    }

    DoubleProperty thetaProperty() {
        return theta;
    }

    DoubleProperty zetaStarProperty() {
        return zetaStar;
    }

    DoubleProperty sigmaProperty() {
        return sigma;
    }

    /** λ, the jump rate. */
    public DoubleProperty lambdaProperty() {
        return lambda;
    }

    /** b, the rate of the exponential jump sizes. */
    public DoubleProperty bProperty() {
        return b;
    }

    DoubleProperty alphaJProperty() {
        return alphaJ;
    }

    DoubleProperty yMinProperty() {
        return yMin;
    }

    DoubleProperty cutoffProperty() {
        return cutoff;
    }

    DoubleProperty alphaProperty() {
        return alpha;
    }

    DoubleProperty referenceNProperty() {
        return referenceN;
    }

    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    BooleanProperty runningProperty() {
        return running;
    }

    ObjectProperty<PhaseDiagram.Axis> xAxisProperty() {
        return xAxis;
    }

    DoubleProperty xFromProperty() {
        return xFrom;
    }

    DoubleProperty xToProperty() {
        return xTo;
    }

    ObjectProperty<PhaseDiagram.Axis> yAxisProperty() {
        return yAxis;
    }

    DoubleProperty yFromProperty() {
        return yFrom;
    }

    DoubleProperty yToProperty() {
        return yTo;
    }

    /** Points per axis of the phase diagram. */
    public IntegerProperty gridPointsProperty() {
        return gridPoints;
    }

    /** Particles per phase-diagram cell. */
    public IntegerProperty phaseParticlesProperty() {
        return phaseParticles;
    }

    ObjectProperty<Colouring> colouringProperty() {
        return colouring;
    }

    ReadOnlyDoubleProperty phaseProgressProperty() {
        return phaseProgress.getReadOnlyProperty();
    }

    /** Whether a phase diagram is being computed. */
    public ReadOnlyBooleanProperty phaseRunningProperty() {
        return phaseRunning.getReadOnlyProperty();
    }

    /** The phase diagram's progress, or how it ended. */
    public ReadOnlyStringProperty phaseStatusProperty() {
        return phaseStatus.getReadOnlyProperty();
    }

    ObjectProperty<EnvelopeFit.DecayClass> theoryClassProperty() {
        return theoryClass;
    }

    DoubleProperty theoryParameterProperty() {
        return theoryParameter;
    }
}
