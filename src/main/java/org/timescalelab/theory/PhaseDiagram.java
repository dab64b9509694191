package org.timescalelab.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.commons.rng.simple.RandomSource;

/**
 * The phase diagram of the time-scale dynamics (THEORY.md §5): a grid over two parameters, each
 * cell simulated to stationarity and summarised by the spectrum's tail exponent β̂, the
 * envelope's decay class and the load ρ. Cells run one after the other (each simulation uses
 * every core for its particle blocks), report as they finish, and stop on request.
 */
public final class PhaseDiagram {

    /** Parameters a grid axis may vary. {@code LAMBDA_OVER_KAPPA} sets λ = value × κ. */
    public enum Axis { KAPPA, SIGMA, LAMBDA, LAMBDA_OVER_KAPPA, B, ALPHA_J }

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
     * @param decayClass winning envelope class, or "none"
     * @param rho        load λE[Y]/κ
     * @param stationary whether the spectrum settled
     */
    public record Cell(double x, double y, double betaHat, String decayClass, double rho, boolean stationary) {
    }

    private PhaseDiagram() {
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

    /**
     * Simulates every cell, row by row (y outer, x inner).
     *
     * @param onCell    called with each finished cell
     * @param cancelled checked between cells; the cells done so far are returned
     */
    public static List<Cell> compute(TimescaleSde.Params base, Range x, Range y, TimescaleSde.Settings settings,
                                     Consumer<Cell> onCell, BooleanSupplier cancelled) {
        List<Cell> cells = new ArrayList<>();
        double[] lags = new double[40];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = Math.pow(10, 3.0 * i / (lags.length - 1));
        }
        for (int j = 0; j < y.points(); j++) {
            for (int i = 0; i < x.points(); i++) {
                if (cancelled.getAsBoolean()) {
                    return cells;
                }
                // κ first, so that a λ/κ axis scales the cell's own κ.
                TimescaleSde.Params p = x.parameter() == Axis.KAPPA
                        ? at(at(base, x.parameter(), x.value(i)), y.parameter(), y.value(j))
                        : at(at(base, y.parameter(), y.value(j)), x.parameter(), x.value(i));
                Cell c = cell(p, x.value(i), y.value(j), settings, lags);
                cells.add(c);
                onCell.accept(c);
            }
        }
        return cells;
    }

    private static Cell cell(TimescaleSde.Params p, double x, double y, TimescaleSde.Settings s, double[] lags) {
        TimescaleSde.Result r = TimescaleSde.simulate(p, s);
        if (r.tau().length == 0) {
            return new Cell(x, y, Double.NaN, "none", p.load(), false);
        }
        SpectrumTail.Fit fit = SpectrumTail.fit(r.tau(), 0, RandomSource.XO_RO_SHI_RO_128_PP.create(s.seed()));
        String decay;
        try {
            decay = EnvelopeFit.fit(lags, Laplace.meanEnvelope(r.tau(), lags)).best().decayClass().label();
        } catch (IllegalArgumentException e) {
            decay = "none";
        }
        return new Cell(x, y, fit.beta(), decay, p.load(), r.stationary());
    }
}
