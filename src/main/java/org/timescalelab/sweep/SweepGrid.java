package org.timescalelab.sweep;

import java.util.Arrays;
import java.util.List;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.Numbers;

/**
 * A sweep metric summarised over one or two axes: for each (x, y) cell the mean, minimum and
 * maximum of the metric over seeds and over any other axes, counting only finite values (a
 * failed or diverged run contributes nothing). Immutable; what the report PNGs and the desktop
 * tab draw.
 *
 * @param metric the metric's column name
 * @param x      the x axis
 * @param y      the y axis (heatmap rows, or one curve per value), or null
 * @param mean   [y index][x index] mean, NaN where no finite value
 * @param low    minimum
 * @param high   maximum
 * @param count  number of finite values
 * @param runs   number of rows in the cell (finite or not)
 * @param pooled axes averaged over (neither x nor y)
 */
public record SweepGrid(String metric, SweepSpec.Axis x, SweepSpec.Axis y, double[][] mean, double[][] low,
                        double[][] high, int[][] count, int[][] runs, List<String> pooled) {

    /**
     * Summarises rows of a sweep.
     *
     * @param metric a column of {@link SweepRow#metric}
     * @param xField the x axis field
     * @param yField the y axis field, or null
     */
    public static SweepGrid of(SweepSpec spec, List<SweepRow> rows, String metric, String xField, String yField) {
        int xi = axisIndex(spec, xField);
        int yi = yField == null ? -1 : axisIndex(spec, yField);
        if (xi == yi) {
            throw new ConfigException("y", "the x and y axes must differ (both are " + xField + ")");
        }
        SweepSpec.Axis x = spec.axes().get(xi);
        SweepSpec.Axis y = yi < 0 ? null : spec.axes().get(yi);
        int ny = y == null ? 1 : y.values().size();
        int nx = x.values().size();
        double[][] sum = new double[ny][nx];
        double[][] low = filled(ny, nx, Double.POSITIVE_INFINITY);
        double[][] high = filled(ny, nx, Double.NEGATIVE_INFINITY);
        int[][] count = new int[ny][nx];
        int[][] runs = new int[ny][nx];
        for (SweepRow r : rows) {
            int i = x.values().indexOf(r.values().get(xi));
            int j = y == null ? 0 : y.values().indexOf(r.values().get(yi));
            runs[j][i]++;
            double v = r.metric(metric, spec.referenceN());
            if (Double.isFinite(v)) {
                sum[j][i] += v;
                low[j][i] = Math.min(low[j][i], v);
                high[j][i] = Math.max(high[j][i], v);
                count[j][i]++;
            }
        }
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                boolean any = count[j][i] > 0;
                sum[j][i] = any ? sum[j][i] / count[j][i] : Double.NaN;
                low[j][i] = any ? low[j][i] : Double.NaN;
                high[j][i] = any ? high[j][i] : Double.NaN;
            }
        }
        List<String> pooled = spec.axes().stream().map(SweepSpec.Axis::field)
                .filter(f -> !f.equals(xField) && !f.equals(yField)).toList();
        return new SweepGrid(metric, x, y, sum, low, high, count, runs, pooled);
    }

    /** The metrics a sweep's rows offer: its H_N columns, then {@link SweepRow#METRICS}. */
    public static List<String> metrics(SweepSpec spec) {
        return java.util.stream.Stream.concat(spec.referenceN().stream().map(n -> "h_n_" + n), SweepRow.METRICS.stream())
                .toList();
    }

    /** A metric column in words, e.g. {@code h_n_10000000} → "H_N at N = 10⁷" (a power of ten from 10⁵ on as one; 10000 stays). */
    public static String describe(String metric) {
        if (metric.startsWith("h_n_")) {
            String n = metric.substring(4);
            if (n.length() > 5 && n.matches("10+")) {
                StringBuilder power = new StringBuilder("10");
                for (char c : Integer.toString(n.length() - 1).toCharArray()) {
                    power.append("⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(c - '0'));
                }
                n = power.toString();
            }
            return "H_N at N = " + n;
        }
        switch (metric) {
            case "train_loss":
                return "training loss";
            case "val_loss":
                return "validation loss";
            case "envelope_rate":
                return "envelope decay rate (1/τ, β or γ)";
            case "envelope_r2":
                return "R² of the envelope fit";
            case "beta_hat":
                return "spectrum tail β̂";
            case "alpha_hat_median":
                return "median noise tail α̂";
            case "wall_time_s":
                return "wall time per run (s)";
            default:
                return metric;
        }
    }

    /** An axis value for a label: numbers to 3 significant digits ("9.65e-4", "0.00311"), text as is. */
    public static String label(String value) {
        double v;
        try {
            v = Numbers.parseDouble(value);
        } catch (NumberFormatException e) {
            return value;
        }
        if (v == 0 || !Double.isFinite(v)) {
            return value;
        }
        java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            return b.toPlainString();
        }
        return String.format(java.util.Locale.ROOT, "%.2e", v).replaceAll("\\.?0+e", "e").replace("e+0", "e")
                .replace("e-0", "e-").replace("e+", "e");
    }

    /** The finite means' range, {NaN, NaN} when there are none. */
    public double[] range() {
        double[] v = Arrays.stream(mean).flatMapToDouble(Arrays::stream).filter(Double::isFinite).toArray();
        return v.length == 0 ? new double[] {Double.NaN, Double.NaN}
                : new double[] {Arrays.stream(v).min().getAsDouble(), Arrays.stream(v).max().getAsDouble()};
    }

    private static int axisIndex(SweepSpec spec, String field) {
        for (int a = 0; a < spec.axes().size(); a++) {
            if (spec.axes().get(a).field().equals(field)) {
                return a;
            }
        }
        throw new ConfigException("axis", "'" + field + "' is not an axis of this sweep: its axes are "
                + spec.axes().stream().map(SweepSpec.Axis::field).toList());
    }

    private static double[][] filled(int ny, int nx, double v) {
        double[][] out = new double[ny][nx];
        for (double[] row : out) {
            Arrays.fill(row, v);
        }
        return out;
    }
}
