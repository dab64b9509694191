package org.timescalelab.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.commons.rng.simple.RandomSource;

/**
 * The phase diagram of the time-scale dynamics (docs/timescale-sde.md): a grid over two parameters, each
 * cell simulated to stationarity and summarised by the spectrum's tail exponent β̂, the
 * envelope's decay class and the load ρ. Cells run one after the other (each simulation uses
 * every core for its particle blocks), report as they finish, and stop on request.
 */
public final class PhaseDiagram {

    /** Bootstrap resamples of each cell's β̂ (a resample costs O(N): no sort). */
    static final int RESAMPLES = 200;

    private static final double[] LAGS = makeLags();

    /** Parameters a grid axis may vary. {@code LAMBDA_OVER_KAPPA} sets λ = value × κ. */
    public enum Axis {
        /** κ, the drift's pull towards the wall. */
        KAPPA("κ"),
        /** σ, the diffusion. */
        SIGMA("σ"),
        /** λ, the jump rate. */
        LAMBDA("λ"),
        /** λ/κ, jumps per relaxation time. */
        LAMBDA_OVER_KAPPA("λ/κ"),
        /** b, the rate of exponential jump sizes. */
        B("b"),
        /** α_J, the tail index of Pareto or one-sided stable jump sizes. */
        ALPHA_J("α_J");

        private final String symbol;

        Axis(String symbol) {
            this.symbol = symbol;
        }

        /** The parameter's symbol, as charts and tables label it. */
        public String symbol() {
            return symbol;
        }
    }

    /**
     * A grid axis: parameter, range and number of points (linear spacing).
     *
     * @param parameter the parameter
     * @param from      first value
     * @param to        last value
     * @param points    number of values, 2..200
     */
    public record Range(Axis parameter, double from, double to, int points) {

        /** Validates the range. */
        public Range {
            if (parameter == null || points < 2 || points > 200 || !(to > from)) {
                throw new IllegalArgumentException("a grid axis needs a parameter, 2..200 points and from < to: "
                        + parameter + ":" + from + ":" + to + ":" + points);
            }
        }

        /** The i-th value. */
        public double value(int i) {
            return from + (to - from) * i / (points - 1);
        }
    }

    /**
     * One simulated cell.
     *
     * @param x          x value
     * @param y          y value
     * @param betaHat    survival-fit β̂ (NaN when the fit failed or there is no stationary law)
     * @param betaLow    5% bootstrap quantile of β̂ ({@value #RESAMPLES} resamples)
     * @param betaHigh   95% bootstrap quantile of β̂
     * @param decayClass winning envelope class, or "none"
     * @param rho        load λE[Y]/κ
     * @param stationary whether the spectrum settled
     * @param envelope   f(ℓ) = mean e^{−ℓ/τ} at {@link #lags()} (empty without a spectrum)
     */
    public record Cell(double x, double y, double betaHat, double betaLow, double betaHigh, String decayClass, double rho, boolean stationary,
                       double[] envelope) {
    }

    private PhaseDiagram() {
    }

    /**
     * An analytic boundary as a segment in the grid's (x, y) coordinates.
     *
     * @param label what it separates, e.g. "ρ = 1"
     */
    public record Boundary(String label, double x0, double y0, double x1, double y1) {
    }

    /**
     * The analytic boundaries of docs/timescale-sde.md over a grid of λ/κ and b (either order) for Exp(b) jumps
     * under constant pull: no stationary law beyond ρ = 1, i.e. λ/κ = b; broad (β &lt; 1) beyond
     * β = 1, i.e. λ/κ = (b − 1)(1 − σ²/(2κ)) (the root condition −κs + ½σ²s² + λ(b/(b−s) − 1) = 0 at
     * s = 1). Empty for other axes, drifts or jump laws, where no closed form is drawn.
     */
    public static List<Boundary> boundaries(TimescaleSde.Params base, Range x, Range y) {
        boolean lambdaX = x.parameter() == Axis.LAMBDA_OVER_KAPPA && y.parameter() == Axis.B;
        boolean lambdaY = y.parameter() == Axis.LAMBDA_OVER_KAPPA && x.parameter() == Axis.B;
        if (!(lambdaX || lambdaY) || base.drift() != TimescaleSde.Drift.CONSTANT
                || base.jumps() != TimescaleSde.Jumps.EXPONENTIAL) {
            return List.of();
        }
        Range bRange = lambdaX ? y : x;
        double shrink = 1 - base.sigma() * base.sigma() / (2 * base.kappa());
        List<Boundary> out = new ArrayList<>();
        double b0 = bRange.from();
        double b1 = bRange.to();
        out.add(segment("ρ = 1", b0, b0, b1, b1, lambdaX));
        out.add(segment("β = 1", (b0 - 1) * shrink, b0, (b1 - 1) * shrink, b1, lambdaX));
        return out;
    }

    private static Boundary segment(String label, double ratio0, double b0, double ratio1, double b1, boolean lambdaX) {
        return lambdaX ? new Boundary(label, ratio0, b0, ratio1, b1) : new Boundary(label, b0, ratio0, b1, ratio1);
    }

    /** The parameters of a cell: the base with the two axis values set. */
    public static TimescaleSde.Params at(TimescaleSde.Params base, Axis axis, double value) {
        double kappa = axis == Axis.KAPPA ? value : base.kappa();
        double sigma = axis == Axis.SIGMA ? value : base.sigma();
        double lambda = axis == Axis.LAMBDA ? value : axis == Axis.LAMBDA_OVER_KAPPA ? value * kappa : base.lambda();
        double b = axis == Axis.B ? value : base.b();
        double alphaJ = axis == Axis.ALPHA_J ? value : base.alphaJ();
        return new TimescaleSde.Params(base.drift(), kappa, base.theta(), base.zetaStar(), sigma, lambda, base.jumps(), b,
                alphaJ, base.yMin(), base.cutoff());
    }

    /** The parameters of the cell at (x, y): κ is set first, so that a λ/κ axis scales the cell's own κ. */
    public static TimescaleSde.Params at(TimescaleSde.Params base, Axis xAxis, double x, Axis yAxis, double y) {
        return yAxis == Axis.KAPPA ? at(at(base, yAxis, y), xAxis, x) : at(at(base, xAxis, x), yAxis, y);
    }

    /**
     * Simulates every cell, row by row (y outer, x inner).
     *
     * @param onCell    called with each finished cell
     * @param cancelled checked between cells; the cells done so far are returned
     */
    public static List<Cell> compute(TimescaleSde.Params base, Range x, Range y, TimescaleSde.Settings settings,
                                     Consumer<Cell> onCell, BooleanSupplier cancelled) {
        List<Cell> cells = new ArrayList<>();
        for (int j = 0; j < y.points(); j++) {
            for (int i = 0; i < x.points(); i++) {
                if (cancelled.getAsBoolean()) {
                    return cells;
                }
                Cell c = cell(at(base, x.parameter(), x.value(i), y.parameter(), y.value(j)), x.value(i), y.value(j),
                        settings);
                cells.add(c);
                onCell.accept(c);
            }
        }
        return cells;
    }

    private static Cell cell(TimescaleSde.Params p, double x, double y, TimescaleSde.Settings s) {
        TimescaleSde.Result r = TimescaleSde.simulate(p, s);
        if (r.tau().length == 0) {
            return new Cell(x, y, Double.NaN, Double.NaN, Double.NaN, "none", p.load(), false, new double[0]);
        }
        SpectrumTail.Fit fit = SpectrumTail.fit(r.tau(), RESAMPLES, RandomSource.XO_RO_SHI_RO_128_PP.create(s.seed()));
        double[] envelope = Laplace.meanEnvelope(r.tau(), LAGS);
        String decay;
        try {
            decay = EnvelopeFit.classify(LAGS, envelope).decayClass().label();
        } catch (IllegalArgumentException e) {
            decay = "none";
        }
        return new Cell(x, y, fit.beta(), fit.low(), fit.high(), decay, p.load(), r.stationary(), envelope);
    }

    /** Lags of each cell's envelope: 40 log-spaced values from 1 to 1000 (a copy). */
    public static double[] lags() {
        return LAGS.clone();
    }

    private static double[] makeLags() {
        double[] lags = new double[40];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = Math.pow(10, 3.0 * i / (lags.length - 1));
        }
        return lags;
    }
}
