package org.timescalelab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.timescalelab.config.ConfigException;
import org.timescalelab.style.Palette;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepGrid;
import org.timescalelab.sweep.SweepRow;
import org.timescalelab.sweep.SweepSpec;

/**
 * A {@link SweepGrid} as a PNG figure (JFreeChart, headless, in the window's theme): a heatmap of
 * the mean over two axes, each cell labelled with its value, or a line plot over one axis — the
 * mean, a band from the lowest to the highest seed and the means' points — with one curve per
 * value of a second axis. Stateless.
 */
public final class SweepPlot {

    /** Width of every figure, pixels. */
    static final int WIDTH = 900;
    /** Height of every figure, pixels. */
    static final int HEIGHT = 600;

    private SweepPlot() {
    }

    /**
     * Writes a sweep folder's summary plots into {@code out}: for each metric, with two or more
     * axes a heatmap over x and y and a line plot over x with one curve per y; with one axis a
     * line plot. Other axes are averaged over (the subtitle says which).
     *
     * @param metrics metric columns (empty: H_N at the middle reference N, β̂ and the validation loss)
     * @param x       the x axis field (null: the first axis)
     * @param y       the y axis field (null: the second axis, if any)
     * @return the files written
     */
    public static List<Path> report(SweepDirectory dir, List<String> metrics, String x, String y, Path out)
            throws IOException {
        SweepSpec spec = dir.spec();
        if (spec.axes().isEmpty()) {
            throw new ConfigException("axes", "this sweep has no axes: there is nothing to plot against");
        }
        String xf = x != null ? x : spec.axes().get(0).field();
        String yf = y != null ? y : spec.axes().size() > 1 ? spec.axes().stream().map(SweepSpec.Axis::field)
                .filter(f -> !f.equals(xf)).findFirst().orElseThrow() : null;
        List<Long> n = spec.referenceN();
        List<String> chosen = metrics.isEmpty() ? List.of("h_n_" + n.get(n.size() / 2), "beta_hat", "val_loss") : metrics;
        List<SweepRow> rows = dir.rows();
        List<Path> written = new ArrayList<>();
        for (String m : chosen) {
            if (!SweepGrid.metrics(spec).contains(m)) {
                throw new ConfigException("metric", m, "one of " + SweepGrid.metrics(spec));
            }
            SweepGrid g = SweepGrid.of(spec, rows, m, xf, yf);
            String title = spec.name() + ": " + SweepGrid.describe(m);
            String stem = "report-" + m + "-" + xf.replace('.', '_');
            if (yf != null) {
                Path heat = out.resolve(stem + "-" + yf.replace('.', '_') + ".png");
                Figures.write(heatmap(g, title), WIDTH, HEIGHT, heat);
                written.add(heat);
            }
            Path line = out.resolve(stem + (yf == null ? "" : "-by-" + yf.replace('.', '_')) + "-lines.png");
            Figures.write(lines(g, title), WIDTH, HEIGHT, line);
            written.add(line);
        }
        return written;
    }

    /** The heatmap of the grid's means (the grid has a y axis): cell (i, j) is centred on (i, j). */
    static JFreeChart heatmap(SweepGrid g, String title) {
        if (g.y() == null) {
            throw new IllegalArgumentException("a heatmap needs two axes");
        }
        int nx = g.x().values().size();
        int ny = g.y().values().size();
        double[][] xyz = new double[3][nx * ny];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                xyz[0][j * nx + i] = i;
                xyz[1][j * nx + i] = j;
                xyz[2][j * nx + i] = g.mean()[j][i];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(g.metric(), xyz);
        double[] range = g.range();
        double lo = Double.isFinite(range[0]) ? range[0] : 0;
        double hi = Double.isFinite(range[1]) && range[1] > lo ? range[1] : lo + 1;
        Figures.Viridis scale = new Figures.Viridis(lo, hi);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, categories(g.x()), categories(g.y()), renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = Figures.chart(title, subtitle(g), plot);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double v = g.mean()[j][i];
                boolean light = Double.isFinite(v) && scale.unit(v) > 0.6;
                Color ink = Figures.colour(light ? Palette.BACKGROUND : Palette.INK);
                boolean partial = g.count()[j][i] < g.runs()[j][i];
                XYTextAnnotation value = new XYTextAnnotation(Double.isFinite(v) ? format(v) : "no value", i,
                        partial ? j + 0.08 : j);
                value.setFont(Figures.TEXT);
                value.setPaint(ink);
                plot.addAnnotation(value);
                if (partial) {
                    XYTextAnnotation runs = new XYTextAnnotation(g.count()[j][i] + "/" + g.runs()[j][i] + " runs", i, j - 0.12);
                    runs.setFont(Figures.SMALL);
                    runs.setPaint(ink);
                    plot.addAnnotation(runs);
                }
            }
        }
        NumberAxis barAxis = new NumberAxis(g.metric());
        Figures.range(barAxis, lo, hi, 5);
        chart.addSubtitle(Figures.colourBar(scale, barAxis));
        return chart;
    }

    /** The line plot over x, one curve (mean, band from lowest to highest seed) per value of y, if any. */
    static JFreeChart lines(SweepGrid g, String title) {
        double[] xs = g.x().numbers();
        boolean numeric = Arrays.stream(xs).allMatch(Double::isFinite);
        boolean logX = numeric && Arrays.stream(xs).allMatch(v -> v > 0)
                && Arrays.stream(xs).max().orElse(1) / Arrays.stream(xs).min().orElse(1) >= 10;
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (int j = 0; j < g.mean().length; j++) {
            YIntervalSeries s = new YIntervalSeries(g.y() == null ? SweepGrid.describe(g.metric())
                    : g.y().field() + " = " + SweepGrid.label(g.y().values().get(j)), false, true);
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(g.mean()[j][i])) {
                    s.add(numeric ? xs[i] : i, g.mean()[j][i], g.low()[j][i], g.high()[j][i]);
                }
            }
            data.addSeries(s);
        }
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.25f);
        for (int j = 0; j < g.mean().length; j++) {
            Color c = Figures.colour(Palette.series(j));
            renderer.setSeriesPaint(j, c);
            renderer.setSeriesFillPaint(j, c);
            renderer.setSeriesStroke(j, new BasicStroke(2.5f));
            renderer.setSeriesShape(j, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        ValueAxis xAxis;
        if (!numeric) {
            xAxis = categories(g.x());
        } else if (logX) {
            LogAxis log = new LogAxis(g.x().field() + " (log scale)");
            log.setBase(10);
            log.setSmallestValue(1e-300);
            log.setTickUnit(new NumberTickUnit(1));
            log.setNumberFormatOverride(Figures.logTicks());
            xAxis = log;
        } else {
            NumberAxis lin = new NumberAxis(g.x().field());
            lin.setAutoRangeIncludesZero(false);
            xAxis = lin;
        }
        xAxis.setLowerMargin(0.04);
        xAxis.setUpperMargin(0.04);
        NumberAxis yAxis = new NumberAxis(SweepGrid.describe(g.metric()));
        double[] band = bandRange(g);
        double pad = band[1] > band[0] ? 0.08 * (band[1] - band[0]) : Math.max(1e-9, Math.abs(band[0]) * 0.1 + 1e-9);
        Figures.range(yAxis, band[0] >= 0 ? Math.max(0, band[0] - pad) : band[0] - pad, band[1] + pad, 6);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        JFreeChart chart = Figures.chart(title, subtitle(g), plot);
        if (g.y() != null) {
            chart.addSubtitle(Figures.legend(plot, RectangleEdge.RIGHT));
        }
        chart.addSubtitle(Figures.footnote("line: mean over seeds" + (g.pooled().isEmpty() ? "" : " and " + g.pooled())
                + "; band: lowest to highest"));
        return chart;
    }

    /** The lowest seed's and the highest seed's values over the grid ({0, 1} when there are none). */
    private static double[] bandRange(SweepGrid g) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < g.mean().length; j++) {
            for (int i = 0; i < g.mean()[j].length; i++) {
                if (Double.isFinite(g.mean()[j][i])) {
                    lo = Math.min(lo, g.low()[j][i]);
                    hi = Math.max(hi, g.high()[j][i]);
                }
            }
        }
        return Double.isFinite(lo) ? new double[] {lo, hi} : new double[] {0, 1};
    }

    /** An axis whose ticks are the sweep axis' values, at 0, 1, …, as labels. */
    private static SymbolAxis categories(SweepSpec.Axis axis) {
        SymbolAxis a = new SymbolAxis(axis.field(), axis.values().stream().map(SweepGrid::label).toArray(String[]::new));
        a.setGridBandsVisible(false);
        return a;
    }

    private static String subtitle(SweepGrid g) {
        return SweepGrid.describe(g.metric()) + (g.pooled().isEmpty() ? "" : ", averaged over " + String.join(", ", g.pooled()))
                + ", mean over seeds";
    }

    /** A cell's value: 3 significant digits, exponent form outside [10⁻², 10⁴). */
    static String format(double v) {
        return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v != 0) ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
