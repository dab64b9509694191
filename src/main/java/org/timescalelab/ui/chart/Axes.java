package org.timescalelab.ui.chart;

import java.util.List;

import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * Fixed, readable axis ranges: decades on log axes (ticks at 10^k), 1-2-5 steps on linear
 * ones, fitted to the data shown.
 */
public final class Axes {

    private Axes() {
    }

    /**
     * A log axis (values in log₁₀ units) spanning the data, with ticks on decades (or half decades);
     * with no data (a non-finite bound) it spans one decade from 10⁰, not JavaFX's default 0…100.
     */
    public static void log(NumberAxis axis, double min, double max) {
        double lo = Double.isFinite(min) ? Math.floor(min) : 0;
        double hi = Double.isFinite(max) ? Math.ceil(max) : lo + 1;
        if (hi - lo < 1) {
            hi = lo + 1;
        }
        axis.setAutoRanging(false);
        axis.setLowerBound(lo);
        axis.setUpperBound(hi);
        axis.setTickUnit(decadeStep(hi - lo));
        axis.setMinorTickCount(0);
    }

    /**
     * Decades per tick for a log axis spanning {@code decades}: at most about seven ticks, so the
     * labels never crowd at 1280×720 (a span of 30 decades gets a tick every 5).
     */
    static double decadeStep(double decades) {
        return decades <= 2 ? 0.5 : decades <= 7 ? 1 : Math.max(2, niceStep(decades / 6));
    }

    /** A linear axis spanning [min, max] with about five 1-2-5 ticks. */
    public static void linear(NumberAxis axis, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return;
        }
        if (max <= min) {
            max = min + 1;
        }
        double step = niceStep((max - min) / 5);
        axis.setAutoRanging(false);
        axis.setLowerBound(Math.floor(min / step) * step);
        axis.setUpperBound(Math.ceil(max / step) * step);
        axis.setTickUnit(step);
    }

    /** The 1-2-5 multiple of a power of ten nearest above a raw step. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** {min, max} of the x (or y) values of some series; NaN when empty. */
    public static double[] range(List<XYChart.Series<Number, Number>> series, boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYChart.Series<Number, Number> s : series) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                double v = (x ? d.getXValue() : d.getYValue()).doubleValue();
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }
}
