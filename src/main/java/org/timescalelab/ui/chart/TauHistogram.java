package org.timescalelab.ui.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * The time-scale histogram the window draws: the fraction of τ values in each of {@value #BINS}
 * bins of log₁₀ τ over [1, 10³] steps (values outside count in the end bins), and the same as a
 * step line. The Training tab (its spectrum card and the spectrum over training) and the Compare
 * tab draw the same bins.
 */
public final class TauHistogram {

    /** Bins over log₁₀ τ. */
    public static final int BINS = 30;
    /** log₁₀ of the largest τ the histogram resolves. */
    public static final double LOG_MAX = 3;

    private TauHistogram() {
    }

    /** Fractions of the positive, finite τ values in each bin (all zero when there are none). */
    public static double[] fractions(double[] tau) {
        double[] h = new double[BINS];
        int n = 0;
        for (double t : tau) {
            if (t > 0 && Double.isFinite(t)) {
                int b = (int) Math.floor(Math.log10(Math.max(1, t)) / LOG_MAX * BINS);
                h[Math.max(0, Math.min(BINS - 1, b))]++;
                n++;
            }
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = n > 0 ? h[i] / n : 0;
        }
        return h;
    }

    /** Bin fractions as a step line of (log₁₀ τ, fraction) points: each bin's two corners. */
    public static List<double[]> steps(double[] h) {
        List<double[]> pts = new ArrayList<>();
        double width = LOG_MAX / h.length;
        for (int i = 0; i < h.length; i++) {
            pts.add(new double[] {i * width, h[i]});
            pts.add(new double[] {(i + 1) * width, h[i]});
        }
        return pts;
    }
}
