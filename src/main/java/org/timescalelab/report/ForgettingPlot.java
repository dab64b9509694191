package org.timescalelab.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.style.Palette;

/**
 * Forgetting curves of a run with a task schedule as a PNG: every stage's task's validation loss
 * over the whole run (log scale), a dashed line at each switch, and the forgetting measures in
 * the subtitle. Stateless.
 */
public final class ForgettingPlot {

    private ForgettingPlot() {
    }

    /** Writes the figure atomically. */
    public static void write(SessionConfig config, List<MetricsRow> rows, Path file) throws IOException {
        var stages = config.stages();
        XYSeriesCollection data = new XYSeriesCollection();
        for (int j = 0; j < stages.size(); j++) {
            XYSeries s = new XYSeries("task " + (j + 1) + ": " + stages.get(j).describeStage(), false);
            for (MetricsRow r : rows) {
                double[] v = r.taskValLoss();
                if (v.length == stages.size() && v[j] > 0 && Double.isFinite(v[j])) {
                    s.add(r.step(), v[j]);
                }
            }
            data.addSeries(s);
        }
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int j = 0; j < stages.size(); j++) {
            lines.setSeriesPaint(j, Figures.colour(Palette.series(j)));
            lines.setSeriesStroke(j, new BasicStroke(2.2f));
        }
        NumberAxis x = new NumberAxis("training step");
        x.setAutoRangeIncludesZero(true);
        LogAxis y = new LogAxis("validation loss (log scale)");
        y.setBase(10);
        y.setTickUnit(new NumberTickUnit(0.5));
        y.setNumberFormatOverride(Figures.logTicks());
        XYPlot plot = new XYPlot(data, x, y, lines);
        int k = 1;
        for (SessionConfig.Switch w : config.task().schedule()) {
            ValueMarker m = new ValueMarker(w.at(), Figures.colour(Palette.MARKER), Figures.dashed(1.4f));
            m.setLabel("switch to task " + (++k));
            m.setLabelPaint(Figures.colour(Palette.NOTE));
            m.setLabelFont(Figures.SMALL);
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(m);
        }
        Forgetting f = Forgetting.of(config, rows);
        StringBuilder sub = new StringBuilder("every task's validation loss over the run");
        for (int j = 0; j < f.forgetting().length - 1; j++) {
            sub.append(String.format(java.util.Locale.ROOT, "; F%d = %.3g", j + 1, f.forgetting()[j]));
        }
        if (Double.isFinite(f.bwt())) {
            sub.append(String.format(java.util.Locale.ROOT, "; BWT = %.3g", f.bwt()));
        }
        JFreeChart chart = Figures.chart("Forgetting curves", sub.toString(), plot);
        chart.addSubtitle(Figures.legend(plot, RectangleEdge.BOTTOM));
        Figures.write(chart, 1000, 560, file);
    }
}
