package org.timescalelab.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.timescalelab.style.Palette;
import org.timescalelab.theory.PhaseDiagram;

/**
 * A phase diagram as a PNG figure (JFreeChart, headless, in the window's theme): cells coloured by
 * β̂ on a log scale from 0.1 to 10 (viridis; the palette's grey where there is no stationary law
 * or no fit), with the analytic boundaries of Exp(b) jumps without diffusion — ρ = 1 (λ/κ = b) and
 * β = 1 (λ/κ = b − 1) — dashed when the axes are λ/κ and b. Stateless.
 */
public final class PhasePlot {

    /** The colour scale over log₁₀ β̂: β̂ from 0.1 to 10. */
    static final Figures.Viridis SCALE = new Figures.Viridis(-1, 1);

    private PhasePlot() {
    }

    /** Writes the PNG atomically, with the analytic boundaries (if any for these axes) dashed over the cells. */
    public static void write(List<PhaseDiagram.Cell> cells, List<PhaseDiagram.Boundary> lines, PhaseDiagram.Range x,
                             PhaseDiagram.Range y, Path file) throws IOException {
        Figures.write(chart(cells, lines, x, y), 760, 600, file);
    }

    /** The figure. */
    static JFreeChart chart(List<PhaseDiagram.Cell> cells, List<PhaseDiagram.Boundary> lines, PhaseDiagram.Range x,
                            PhaseDiagram.Range y) {
        double[][] xyz = new double[3][cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            PhaseDiagram.Cell c = cells.get(k);
            xyz[0][k] = c.x();
            xyz[1][k] = c.y();
            xyz[2][k] = shown(c);
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("β̂", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(SCALE);
        renderer.setBlockWidth((x.to() - x.from()) / (x.points() - 1));
        renderer.setBlockHeight((y.to() - y.from()) / (y.points() - 1));
        NumberAxis xAxis = new NumberAxis(x.parameter().symbol());
        NumberAxis yAxis = new NumberAxis(y.parameter().symbol());
        double dx = renderer.getBlockWidth() / 2;
        double dy = renderer.getBlockHeight() / 2;
        Figures.range(xAxis, x.from() - dx, x.to() + dx, 6);
        Figures.range(yAxis, y.from() - dy, y.to() + dy, 6);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (PhaseDiagram.Boundary b : lines) {
            plot.addAnnotation(new XYLineAnnotation(b.x0(), b.y0(), b.x1(), b.y1(), Figures.dashed(2.5f),
                    Figures.colour(b.label().startsWith("ρ") ? Palette.ALERT : Palette.TITLE)));
        }
        JFreeChart chart = Figures.chart("Phase diagram: spectrum tail β̂",
                lines.isEmpty() ? "grey: no stationary law" : "dashed: ρ = 1 (red), β = 1 (white); grey: no stationary law",
                plot);
        NumberAxis bar = new NumberAxis("β̂ (log scale)");
        bar.setRange(SCALE.lower(), SCALE.upper());
        bar.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1, new PowerOfTen()));
        chart.addSubtitle(Figures.colourBar(SCALE, bar));
        return chart;
    }

    /** log₁₀ β̂ where the cell has a stationary law and a fit, else NaN (drawn grey). */
    static double shown(PhaseDiagram.Cell c) {
        return c.betaHat() > 0 && c.rho() < 1 ? Math.log10(c.betaHat()) : Double.NaN;
    }

    /** Tick labels of the colour bar: the exponent k shown as 10^k ("0.1", "1", "10"). */
    private static final class PowerOfTen extends java.text.NumberFormat {
        @Override
        public StringBuffer format(double k, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(new java.math.BigDecimal(Math.pow(10, Math.rint(k))).round(new java.math.MathContext(3))
                    .stripTrailingZeros().toPlainString());
        }

        @Override
        public StringBuffer format(long k, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) k, to, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("a colour bar's labels are only written");
        }
    }
}
