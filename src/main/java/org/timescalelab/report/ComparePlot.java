package org.timescalelab.report;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.run.RunSummary;
import org.timescalelab.style.Palette;

/**
 * Up to six runs side by side as one PNG (JFreeChart, in the window's theme), four panels with one
 * colour per run: the envelope f(ℓ)/f(1) on log-log axes, the window H_N(N) with its 90 % band,
 * the spectrum p(τ) as a survival function, and each run's (α̂, β̂) with their intervals on the
 * phase plane with the α = 2 (Gaussian) and β = 1 (critical) lines. Stateless.
 */
public final class ComparePlot {

    /** The most runs one comparison shows (more colours would no longer tell runs apart). */
    public static final int MAX_RUNS = 6;
    static final int WIDTH = 1500;
    static final int HEIGHT = 1040;

    private ComparePlot() {
    }

    /** Writes the four panels as one PNG, atomically. */
    public static void write(List<RunSummary> runs, String title, Path file) throws IOException {
        if (runs.isEmpty() || runs.size() > MAX_RUNS) {
            throw new IllegalArgumentException("a comparison shows 1 to " + MAX_RUNS + " runs, not " + runs.size());
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Figures.colour(Palette.BACKGROUND));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Figures.colour(Palette.INK));
        g.setFont(Figures.TITLE);
        g.drawString(title, 20, 32);
        int top = 48;
        int w = WIDTH / 2;
        int h = (HEIGHT - top) / 2;
        List<JFreeChart> panels = List.of(envelope(runs), window(runs), spectrum(runs), phasePlane(runs));
        for (int i = 0; i < panels.size(); i++) {
            panels.get(i).draw(g, new Rectangle2D.Double((i % 2) * w, top + (i / 2) * h, w, h));
        }
        g.dispose();
        AtomicFiles.write(file, ChartUtils.encodeAsPNG(image));
    }

    /** f(ℓ)/f(1), log-log: the slower the decay, the higher the curve. */
    static JFreeChart envelope(List<RunSummary> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RunSummary r : runs) {
            XYSeries s = new XYSeries(r.label(), false);
            double[][] f = r.normalisedEnvelope();
            for (int i = 0; i < f[0].length; i++) {
                s.add(f[0][i], f[1][i]);
            }
            data.addSeries(s);
        }
        XYPlot plot = new XYPlot(data, log("lag ℓ (steps)"), log("f(ℓ) / f(1)"), lines(runs.size()));
        JFreeChart c = Figures.chart("Envelope f(ℓ), normalised at ℓ = 1", null, plot);
        c.addSubtitle(Figures.legend(plot, RectangleEdge.RIGHT));
        return c;
    }

    /** H_N(N) with its 90 % band; an unbounded upper end is drawn at the run's largest lag. */
    static JFreeChart window(List<RunSummary> runs) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (RunSummary r : runs) {
            YIntervalSeries s = new YIntervalSeries(r.label(), false, true);
            double cap = r.lags().length == 0 ? 1 : r.lags()[r.lags().length - 1];
            for (int i = 0; i < r.samples().length; i++) {
                double hi = Double.isFinite(r.windowHigh()[i]) ? r.windowHigh()[i] : cap;
                s.add(r.samples()[i], r.window()[i], r.windowLow()[i], Math.max(hi, r.window()[i]));
            }
            data.addSeries(s);
        }
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setAlpha(0.18f);
        for (int i = 0; i < runs.size(); i++) {
            renderer.setSeriesPaint(i, Figures.colour(Palette.series(i)));
            renderer.setSeriesFillPaint(i, Figures.colour(Palette.series(i)));
            renderer.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        NumberAxis y = new NumberAxis("H_N (steps)");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, log("samples N"), y, renderer);
        return Figures.chart("Learnability window H_N(N), 90% band", null, plot);
    }

    /** P(τ &gt; x) of the units' time scales, log-log. */
    static JFreeChart spectrum(List<RunSummary> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RunSummary r : runs) {
            XYSeries s = new XYSeries(r.label(), false);
            double[][] p = r.survival();
            for (int i = 0; i < p[0].length; i++) {
                s.add(p[0][i], p[1][i]);
            }
            data.addSeries(s);
        }
        XYPlot plot = new XYPlot(data, log("τ (steps)"), log("P(τ > x)"), lines(runs.size()));
        return Figures.chart("Time-scale spectrum p(τ), survival function", null, plot);
    }

    /** Each run's (α̂, β̂) with their 90 % intervals (β̂ on a log axis: collapsed spectra reach β̂ ≫ 10), and the α = 2 and β = 1 lines. */
    static JFreeChart phasePlane(List<RunSummary> runs) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        double top = 3;
        double bottom = 1;
        for (RunSummary r : runs) {
            XYIntervalSeries s = new XYIntervalSeries(r.label());
            if (Double.isFinite(r.alphaHat()) && Double.isFinite(r.betaHat()) && r.betaHat() > 0) {
                s.add(r.alphaHat(), r.alphaLow(), r.alphaHigh(), r.betaHat(), r.betaLow(), r.betaHigh());
                top = Math.max(top, Double.isFinite(r.betaHigh()) ? r.betaHigh() * 1.5 : r.betaHat() * 2);
                bottom = Math.min(bottom, r.betaLow() > 0 ? r.betaLow() : r.betaHat());
            }
            data.addSeries(s);
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(false);
        renderer.setErrorStroke(new BasicStroke(1.6f));
        for (int i = 0; i < runs.size(); i++) {
            renderer.setSeriesPaint(i, Figures.colour(Palette.series(i)));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
        }
        renderer.setErrorPaint(null);
        NumberAxis x = new NumberAxis("noise tail index α̂");
        Figures.range(x, 1, 2.05, 5);
        LogAxis y = new LogAxis("spectrum tail β̂ (log scale)");
        y.setBase(10);
        y.setTickUnit(new NumberTickUnit(1));
        y.setNumberFormatOverride(Figures.logTicks());
        y.setRange(Math.min(0.3, bottom / 1.5), top);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.addDomainMarker(Figures.reference(2, "α = 2 (Gaussian)", org.jfree.chart.ui.RectangleAnchor.TOP_LEFT,
                org.jfree.chart.ui.TextAnchor.TOP_RIGHT));
        plot.addRangeMarker(Figures.reference(1, "β = 1 (critical)", org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT,
                org.jfree.chart.ui.TextAnchor.TOP_LEFT));
        return Figures.chart("Phase plane (α̂, β̂) with 90% intervals", null, plot);
    }

    private static XYLineAndShapeRenderer lines(int n) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < n; i++) {
            r.setSeriesPaint(i, Figures.colour(Palette.series(i)));
            r.setSeriesStroke(i, new BasicStroke(2.2f));
        }
        return r;
    }

    private static ValueAxis log(String label) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(1e-12);
        a.setTickUnit(new NumberTickUnit(1));
        a.setNumberFormatOverride(Figures.logTicks());
        return a;
    }
}
