package org.timescalelab.ui.chart;

import java.util.ArrayList;
import java.util.List;

import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/** Factories and fillers shared by every tab's line charts. Stateless; FX thread. */
public final class Charts {

    /** The top of the phase plane's β̂ axis: larger β̂ are drawn there. */
    public static final double PHASE_BETA_MAX = 50;

    private Charts() {
    }

    /** An empty series with a legend name. */
    public static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        return s;
    }

    /** A line chart with fixed, non-animated axes (log tick labels on y if {@code logY}). */
    public static MarkedLineChart chart(String xLabel, String yLabel, boolean logY) {
        NumberAxis x = new NumberAxis();
        NumberAxis y = new NumberAxis();
        x.setLabel(xLabel);
        y.setLabel(yLabel);
        x.setForceZeroInRange(false);
        y.setForceZeroInRange(false);
        x.setAnimated(false);
        y.setAnimated(false);
        if (logY) {
            y.setTickLabelFormatter(LogScale.ticks());
        }
        fitLabel(x);
        fitLabel(y);
        MarkedLineChart c = new MarkedLineChart(x, y);
        c.setMinSize(100, 80);
        return c;
    }

    /**
     * Keeps an axis label whole when the axis is too short for it: the label drops its trailing
     * parenthesis ("loss (log scale)" → "loss"; the tick labels still show the scale), then keeps
     * one word: a trailing symbol ("spectrum tail β̂" → "β̂") or else the first word. A short card — a banner shown, a two-row legend, 1280×720 — used to cut it to
     * "loss (log …". The label set by the code stays the full one; only what is shown shortens.
     */
    static void fitLabel(javafx.scene.chart.Axis<?> axis) {
        String[] full = {axis.getLabel()};
        boolean[] own = {false};
        Runnable fit = () -> {
            if (full[0] == null || !(axis.lookup(".axis-label") instanceof javafx.scene.control.Label l)) {
                return;
            }
            double room = (axis.getSide() != null && axis.getSide().isVertical() ? axis.getHeight() : axis.getWidth()) - 8;
            String bare = full[0].replaceAll(" \\([^)]*\\)$", "");
            String[] words = bare.split(" ");
            String last = words[words.length - 1];
            // A trailing symbol ("spectrum tail β̂" → "β̂") names the quantity better than the first word.
            String shortest = last.length() <= 3 ? last : words[0];
            String shown = shortest;
            for (String candidate : new String[] {full[0], bare, shortest}) {
                javafx.scene.text.Text probe = new javafx.scene.text.Text(candidate);
                probe.setFont(l.getFont());
                if (probe.getLayoutBounds().getWidth() <= room) {
                    shown = candidate;
                    break;
                }
            }
            if (!shown.equals(axis.getLabel())) {
                own[0] = true;
                axis.setLabel(shown);
                own[0] = false;
            }
        };
        axis.labelProperty().addListener((o, a, b) -> {
            if (!own[0]) {
                full[0] = b;
                fit.run();
            }
        });
        axis.heightProperty().addListener(o -> fit.run());
        axis.widthProperty().addListener(o -> fit.run());
    }

    /**
     * A run's (α̂, β̂) trajectory into {@code series}, with β̂ clamped to the top of the plot
     * ({@value #PHASE_BETA_MAX}): a collapsed spectrum has an enormous β̂, which would otherwise
     * squash the interesting region near β = 1. Points without a finite α̂ or β̂ are left out.
     */
    public static void drawTrajectory(List<double[]> trajectory, XYChart.Series<Number, Number> series, NumberAxis betaAxis) {
        List<XYChart.Data<Number, Number>> pts = new ArrayList<>();
        double maxBeta = 3;
        for (double[] p : trajectory) {
            double beta = Math.min(p[2], PHASE_BETA_MAX);
            if (Double.isFinite(p[1]) && Double.isFinite(beta)) {
                pts.add(new XYChart.Data<>(p[1], beta));
                maxBeta = Math.max(maxBeta, beta * 1.1);
            }
        }
        series.getData().setAll(pts);
        Axes.linear(betaAxis, 0, maxBeta);
    }

    /** (x, y) points as chart data. */
    public static List<XYChart.Data<Number, Number>> data(List<double[]> xy) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>(xy.size());
        for (double[] p : xy) {
            out.add(new XYChart.Data<>(p[0], p[1]));
        }
        return out;
    }

    /** {xs, ys} as (log₁₀ x, log₁₀ y) points, for charts whose log axes carry log₁₀ values. */
    public static List<double[]> logLog(double[][] xy) {
        List<double[]> out = new ArrayList<>(xy[0].length);
        for (int i = 0; i < xy[0].length; i++) {
            out.add(new double[] {Math.log10(xy[0][i]), Math.log10(xy[1][i])});
        }
        return out;
    }
}
