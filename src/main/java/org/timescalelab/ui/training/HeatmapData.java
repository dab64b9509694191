package org.timescalelab.ui.training;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.SessionSnapshot;
import org.timescalelab.ui.chart.LogScale;

/**
 * The Training tab's two unit-by-column heatmaps, prepared off the view: rows ordered by the
 * units' time scales so that a spectrum reads from short τ (top) to long τ (bottom). Stateless;
 * tested without a toolkit.
 *
 * @param values row-major values, rows × columns
 * @param rows   rows (units)
 * @param cols   columns (time steps or lags)
 * @param low    the colour scale's low end
 * @param high   the colour scale's high end
 */
public record HeatmapData(double[] values, int rows, int cols, double low, double high) {

    /** Decades of μ̄ the rate map spans at most below its 98th percentile (smaller rates share one colour). */
    static final double RATE_DECADES = 6;

    /**
     * The gate values s_{t,q} along the probe sequence, a row per unit in decreasing order of its
     * mean gate (a large leak is a short time scale), a column per time step; null without a probe.
     */
    public static HeatmapData gates(SessionSnapshot s) {
        if (s == null || s.gateLength() == 0) {
            return null;
        }
        int h = s.width();
        int t = s.gateLength();
        double[] mean = s.meanGates();
        Integer[] order = IntStream.range(0, h).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(mean[b], mean[a]));
        double[] m = new double[h * t];
        double[] g = s.gateMatrix();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < t; c++) {
                m[r * t + c] = g[c * h + order[r]];
            }
        }
        return new HeatmapData(m, h, t, 0, 1);
    }

    /**
     * log₁₀ of the mean effective rate μ̄^(q)(ℓ), a row per unit in increasing order of its fitted
     * τ_q (non-decaying units last), a column per lag of the grid; the colour scale spans the 2nd
     * to 98th percentile, at most {@value #RATE_DECADES} decades.
     */
    public static HeatmapData rates(DiagnosticsReport d) {
        return rates(d.tau(), d.profile(), d.lags().length);
    }

    /**
     * The rate map of {@link #rates(DiagnosticsReport)} from its parts.
     *
     * @param tau     per unit, τ_q (NaN or ∞: non-decaying, drawn last)
     * @param profile mean |μ^(q)(ℓ)|, [lag index · H + q]
     * @param l       the number of lags
     */
    static HeatmapData rates(double[] tau, double[] profile, int l) {
        int h = tau.length;
        Integer[] order = IntStream.range(0, h).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(finite(tau[a]), finite(tau[b])));
        double[] m = new double[h * l];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < l; c++) {
                m[r * l + c] = LogScale.log(profile[c * h + order[r]]);
            }
        }
        double[] finite = Arrays.stream(m).filter(Double::isFinite).sorted().toArray();
        double hi = finite.length == 0 ? 1 : finite[(int) (0.98 * (finite.length - 1))];
        double lo = Math.max(hi - RATE_DECADES, finite.length == 0 ? 0 : finite[(int) (0.02 * (finite.length - 1))]);
        return new HeatmapData(m, h, l, lo, hi);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : Double.MAX_VALUE;
    }
}
