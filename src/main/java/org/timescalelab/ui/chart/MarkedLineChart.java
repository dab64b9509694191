package org.timescalelab.ui.chart;

import java.util.ArrayList;
import java.util.List;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.text.Text;

/**
 * A line chart (no symbols, no animation) that also draws labelled vertical and horizontal
 * reference lines in data coordinates: control changes on the loss chart, β = 1 and α = 2 on the
 * phase plane, the H_N boundary on the envelope — and, behind the series, an optional band
 * between two curves (the 90 % interval of H_N). A band value of +∞ is drawn to the top edge.
 */
public final class MarkedLineChart extends LineChart<Number, Number> {

    /** A reference line: vertical at x (or horizontal at y), with a label and a style class. */
    public record Marker(boolean vertical, double value, String label, String styleClass) {
    }

    private final List<Marker> markers = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<Text> labels = new ArrayList<>();
    private final Polygon band = new Polygon();
    private double[][] bandData = new double[3][0];

    /** A line chart on these axes, with no markers yet. */
    public MarkedLineChart(NumberAxis x, NumberAxis y) {
        super(x, y);
        setAnimated(false);
        setCreateSymbols(false);
        getStyleClass().add("tl-chart");
        band.getStyleClass().add("tl-band");
        band.setMouseTransparent(true);
        getPlotChildren().add(0, band);
    }

    /** Replaces the band: at each x, from low to high (data coordinates); empty arrays remove it. */
    public void setBand(double[] x, double[] low, double[] high) {
        bandData = new double[][] {x.clone(), low.clone(), high.clone()};
        requestChartLayout();
    }

    /** Replaces the markers. */
    public void setMarkers(List<Marker> next) {
        markers.clear();
        markers.addAll(next);
        getPlotChildren().removeAll(lines);
        getPlotChildren().removeAll(labels);
        lines.clear();
        labels.clear();
        for (Marker m : markers) {
            Line line = new Line();
            line.getStyleClass().addAll("tl-marker", m.styleClass());
            Text text = new Text(m.label());
            text.getStyleClass().addAll("tl-marker-label", m.styleClass());
            lines.add(line);
            labels.add(text);
        }
        getPlotChildren().addAll(lines);
        getPlotChildren().addAll(labels);
        requestChartLayout();
    }

    /**
     * Lines at their values; labels where they do not overlap: horizontal markers' labels at the
     * right end, above their line (below it if that is taken), then vertical markers' labels beside
     * their line, stepping down a text line at a time past any label already placed.
     */
    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        // JavaFX 21's LineChart keeps the last path of a series whose data was cleared (JDK-8283675,
        // fixed in JavaFX 22): after a reset the old lines stayed on screen at their old pixels.
        for (Series<Number, Number> s : getData()) {
            if (s.getData().isEmpty() && s.getNode() instanceof javafx.scene.shape.Path path) {
                path.getElements().clear();
            }
        }
        NumberAxis x = (NumberAxis) getXAxis();
        NumberAxis y = (NumberAxis) getYAxis();
        double width = x.getWidth();
        double height = y.getHeight();
        layoutBand(x, y, height);
        List<javafx.geometry.Rectangle2D> placed = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < markers.size(); i++) {
                Marker m = markers.get(i);
                if (m.vertical() != (pass == 1)) {
                    continue;
                }
                Line line = lines.get(i);
                Text text = labels.get(i);
                // A label wider than the plot wraps rather than running off its right edge. The width
                // is set only when it changes: setting it invalidates the text, and resetting it on
                // every pass would lay the chart out again on every pulse.
                double wrap = natural(text) > width - 8 && width > 40 ? width - 8 : 0;
                if (text.getWrappingWidth() != wrap) {
                    text.setWrappingWidth(wrap);
                }
                double tw = text.getLayoutBounds().getWidth();
                double th = text.getLayoutBounds().getHeight();
                if (m.vertical()) {
                    double px = x.getDisplayPosition(m.value());
                    boolean inside = px >= 0 && px <= width;
                    line.setVisible(inside);
                    text.setVisible(inside);
                    line.setStartX(px);
                    line.setEndX(px);
                    line.setStartY(0);
                    line.setEndY(height);
                    double tx = Math.min(px + 3, Math.max(0, width - tw));
                    double ty = th;
                    while (ty < height && overlaps(placed, tx, ty, tw, th)) {
                        ty += th;
                    }
                    text.setX(tx);
                    text.setY(ty);
                    placed.add(box(tx, ty, tw, th));
                } else {
                    double py = y.getDisplayPosition(m.value());
                    boolean inside = py >= 0 && py <= height;
                    line.setVisible(inside);
                    text.setVisible(inside);
                    line.setStartX(0);
                    line.setEndX(width);
                    line.setStartY(py);
                    line.setEndY(py);
                    // y is the bottom of the label's block, so that a wrapped label of several
                    // lines stays above its line (from the baseline its later lines ran below it,
                    // off the plot for a line near the bottom).
                    text.setTextOrigin(javafx.geometry.VPos.BOTTOM);
                    double tx = Math.max(0, width - tw - 4);
                    double ty = Math.max(th, py - 3);
                    // box() takes a baseline 0.8 of the height down the block.
                    if (overlaps(placed, tx, ty - 0.2 * th, tw, th)) {
                        ty = py + th;
                    }
                    text.setX(tx);
                    text.setY(ty);
                    placed.add(box(tx, ty - 0.2 * th, tw, th));
                }
            }
        }
    }

    /** A text's width on one line, whatever its wrapping width. */
    private static double natural(Text text) {
        Text probe = new Text(text.getText());
        probe.setFont(text.getFont());
        return probe.getLayoutBounds().getWidth();
    }

    /** The box of a text whose baseline starts at (x, y). */
    private static javafx.geometry.Rectangle2D box(double x, double y, double w, double h) {
        return new javafx.geometry.Rectangle2D(x, y - h * 0.8, w, h);
    }

    private static boolean overlaps(List<javafx.geometry.Rectangle2D> placed, double x, double y, double w, double h) {
        javafx.geometry.Rectangle2D b = box(x, y, w, h);
        return placed.stream().anyMatch(r -> r.intersects(b));
    }

    private void layoutBand(NumberAxis x, NumberAxis y, double height) {
        List<Double> upper = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        for (int i = 0; i < bandData[0].length; i++) {
            double lo = bandData[1][i];
            double hi = bandData[2][i];
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                continue;
            }
            double px = x.getDisplayPosition(bandData[0][i]);
            upper.add(px);
            upper.add(Double.isInfinite(hi) ? 0 : Math.max(0, y.getDisplayPosition(hi)));
            lower.add(0, Math.min(height, y.getDisplayPosition(lo)));
            lower.add(0, px);
        }
        upper.addAll(lower);
        band.getPoints().setAll(upper);
        band.toBack();
    }
}
