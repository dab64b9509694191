package org.timescalelab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.style.Palette;

/**
 * The house theme of the headless figures (JFreeChart): the window's dark palette and type, so a
 * PNG written by {@code sweep-report} or {@code phase} looks like the chart the app draws.
 * Stateless.
 */
public final class Figures {

    /** Body text. */
    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    /** Tick labels and notes. */
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Axis titles. */
    static final Font AXIS = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    /** The figure's title. */
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);

    private Figures() {
    }

    /** A palette colour for AWT. */
    public static Color colour(int rgb) {
        return new Color(rgb);
    }

    /** A dashed stroke of a boundary or reference line. */
    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1, new float[] {8, 5}, 0);
    }

    /** A chart of one plot in the house theme, with a title, a subtitle and no default legend. */
    static JFreeChart chart(String title, String subtitle, XYPlot plot) {
        JFreeChart chart = new JFreeChart(null, TEXT, plot, false);
        chart.setBackgroundPaint(colour(Palette.BACKGROUND));
        chart.setPadding(new RectangleInsets(14, 14, 10, 18));
        TextTitle t = new TextTitle(title, TITLE, colour(Palette.INK), RectangleEdge.TOP, HorizontalAlignment.LEFT,
                org.jfree.chart.ui.VerticalAlignment.CENTER, new RectangleInsets(0, 0, 4, 0));
        chart.setTitle(t);
        if (subtitle != null) {
            chart.addSubtitle(new TextTitle(subtitle, TEXT, colour(Palette.NOTE), RectangleEdge.TOP,
                    HorizontalAlignment.LEFT, org.jfree.chart.ui.VerticalAlignment.CENTER, new RectangleInsets(0, 0, 8, 0)));
        }
        plot.setBackgroundPaint(colour(Palette.PLOT));
        plot.setOutlinePaint(colour(Palette.BORDER));
        plot.setDomainGridlinePaint(colour(Palette.GRID));
        plot.setRangeGridlinePaint(colour(Palette.GRID));
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        style(plot.getDomainAxis());
        style(plot.getRangeAxis());
        return chart;
    }

    /** An axis in the house theme. */
    static void style(Axis axis) {
        axis.setLabelFont(AXIS);
        axis.setLabelPaint(colour(Palette.LABEL));
        axis.setTickLabelFont(SMALL);
        axis.setTickLabelPaint(colour(Palette.MUTED));
        axis.setAxisLinePaint(colour(Palette.MARKER));
        axis.setTickMarkPaint(colour(Palette.MARKER));
    }

    /** The legend of a plot's series, in the house theme, at {@code edge}. */
    static LegendTitle legend(XYPlot plot, RectangleEdge edge) {
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(edge);
        legend.setItemFont(SMALL);
        legend.setItemPaint(colour(Palette.LABEL));
        legend.setBackgroundPaint(colour(Palette.BACKGROUND));
        return legend;
    }

    /** A dashed reference line at {@code value} with a label, in the theme's reference colour. */
    static ValueMarker reference(double value, String label, RectangleAnchor anchor,
                                                      TextAnchor text) {
        ValueMarker m = new ValueMarker(value, colour(Palette.REFERENCE),
                dashed(1.6f));
        m.setLabel(label);
        m.setLabelPaint(colour(Palette.REFERENCE));
        m.setLabelFont(SMALL);
        m.setLabelAnchor(anchor);
        m.setLabelTextAnchor(text);
        return m;
    }

    /** A note under the plot (what the marks mean). */
    static Title footnote(String text) {
        return new TextTitle(text, SMALL, colour(Palette.NOTE), RectangleEdge.BOTTOM, HorizontalAlignment.LEFT,
                org.jfree.chart.ui.VerticalAlignment.CENTER, new RectangleInsets(8, 0, 0, 0));
    }

    /** A vertical colour bar at the right, its axis labelled. */
    static PaintScaleLegend colourBar(PaintScale scale, NumberAxis axis) {
        style(axis);
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(16);
        legend.setSubdivisionCount(256);
        legend.setMargin(new RectangleInsets(4, 14, 4, 0));
        legend.setBackgroundPaint(colour(Palette.BACKGROUND));
        legend.setStripOutlineVisible(false);
        return legend;
    }

    /**
     * Puts {@code axis} on [lo, hi] with about {@code ticks} ticks at a 1-2-5 step (the library's
     * own choice packs a tick every few pixels when the labels are small).
     */
    static void range(NumberAxis axis, double lo, double hi, int ticks) {
        axis.setRange(lo, hi);
        double raw = (hi - lo) / ticks;
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / decade < 1.5 ? decade : raw / decade < 3.5 ? 2 * decade : raw / decade < 7.5 ? 5 * decade
                : 10 * decade;
        axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(step));
    }

    /**
     * Tick labels of a log axis: plain numbers from 0.001 to below 10⁴ ("0.01", "100"), powers of
     * ten outside ("1e5", "1e-6").
     */
    static java.text.NumberFormat logTicks() {
        return new java.text.NumberFormat() {
            @Override
            public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
                double a = Math.abs(v);
                if (a == 0 || (a >= 1e-3 && a < 1e4)) {
                    return to.append(new java.text.DecimalFormat("0.###").format(v));
                }
                return to.append("1e").append(Math.round(Math.log10(a)));
            }

            @Override
            public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
                return format((double) v, to, pos);
            }

            @Override
            public Number parse(String source, java.text.ParsePosition pos) {
                throw new UnsupportedOperationException("tick labels are only written");
            }
        };
    }

    /** Renders the chart at w × h pixels and writes it as a PNG, atomically. */
    static void write(JFreeChart chart, int w, int h, Path file) throws IOException {
        BufferedImage image = chart.createBufferedImage(w, h, BufferedImage.TYPE_INT_RGB, null);
        AtomicFiles.write(file, ChartUtils.encodeAsPNG(image));
    }

    /** Viridis over [lower, upper]; the palette's colour of no value for anything not finite. */
    record Viridis(double lower, double upper) implements PaintScale {

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            if (!Double.isFinite(value)) {
                return colour(Palette.EMPTY);
            }
            return colour(Palette.viridis(unit(value)));
        }

        /** The value's position in [0, 1] on this scale (clamped). */
        double unit(double value) {
            return upper > lower ? Math.max(0, Math.min(1, (value - lower) / (upper - lower))) : 0.5;
        }
    }
}
