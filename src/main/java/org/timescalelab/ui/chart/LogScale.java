package org.timescalelab.ui.chart;

import javafx.util.StringConverter;

/**
 * Log-scale plotting with JavaFX's linear axes: values are plotted as log₁₀(v) and the tick
 * labels show v again.
 */
public final class LogScale {

    private LogScale() {
    }

    /** log₁₀ of a positive value, NaN otherwise. */
    public static double log(double v) {
        return v > 0 && Double.isFinite(v) ? Math.log10(v) : Double.NaN;
    }

    /** Tick labels for an axis in log₁₀ units: 10^k as 0.01, 1, 100, 1e5, … */
    public static StringConverter<Number> ticks() {
        return new StringConverter<>() {
            @Override
            public String toString(Number exponent) {
                return format(Math.pow(10, exponent.doubleValue()));
            }

            @Override
            public Number fromString(String s) {
                return Math.log10(Double.parseDouble(s));
            }
        };
    }

    /**
     * Tick labels for a linear axis, as {@link #format} writes them. A chart that switches between a
     * linear and a log view sets this rather than JavaFX's default formatter: with the default, the
     * axis kept the width of the previous view's labels and its title overlapped the new ones.
     */
    public static StringConverter<Number> plain() {
        return new StringConverter<>() {
            @Override
            public String toString(Number v) {
                return format(v.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                return Double.parseDouble(s);
            }
        };
    }

    /** A compact number: 3 significant digits, exponent notation outside [1e−3, 1e5). */
    public static String format(double v) {
        if (v == 0 || Double.isNaN(v)) {
            return v == 0 ? "0" : "–";
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            String s = String.format("%.2g", v);
            return s.replace(".0e", "e").replace("e+0", "e").replace("e-0", "e−").replace("e+", "e").replace("e-", "e−");
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
