package org.timescalelab.ui;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A heatmap on a canvas: a rows × columns matrix coloured by viridis, with axis titles, a few
 * tick labels and a colour bar. Redraws only when given new data or resized.
 */
final class Heatmap extends Region {

    private final Canvas canvas = new Canvas();
    private final String xTitle;
    private final String yTitle;
    private double[] values = new double[0];
    private int rows;
    private int cols;
    private double lo;
    private double hi;
    private String scaleLabel = "";
    private String[] xTicks = new String[0];
    private String[] yTicks = new String[0];
    private double fontSize = 11;

    Heatmap(String xTitle, String yTitle) {
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        getChildren().add(canvas);
        getStyleClass().add("tl-heatmap");
        setMinSize(120, 80);
    }

    /**
     * New data, row-major rows × cols, coloured from lo to hi.
     *
     * @param xTicks labels spread evenly along x (first to last column)
     * @param yTicks labels spread evenly along y (first row at the bottom)
     */
    void setData(double[] data, int rowCount, int colCount, double low, double high, String scale, String[] xTicks,
                 String[] yTicks) {
        this.values = data;
        this.rows = rowCount;
        this.cols = colCount;
        this.lo = low;
        this.hi = high;
        this.scaleLabel = scale;
        this.xTicks = xTicks;
        this.yTicks = yTicks;
        draw();
    }

    void setFontSize(double size) {
        this.fontSize = size;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        double left = fontSize * 3.6;
        double bottom = fontSize * 3.2;
        double bar = fontSize * 4.6;
        double plotW = w - left - bar;
        double plotH = h - bottom - 6;
        if (plotW < 10 || plotH < 10) {
            return;
        }
        g.setFont(Font.font(fontSize));
        g.setFill(Color.web("#7a7f87"));
        if (rows == 0 || cols == 0) {
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText("waiting for data…", left + plotW / 2, plotH / 2);
            return;
        }
        double cw = plotW / cols;
        double ch = plotH / rows;
        double span = hi > lo ? hi - lo : 1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                g.setFill(Palette.viridis((values[r * cols + c] - lo) / span));
                g.fillRect(left + c * cw, 6 + plotH - (r + 1) * ch, Math.ceil(cw + 0.5), Math.ceil(ch + 0.5));
            }
        }
        drawAxes(g, left, plotW, plotH);
        drawColourBar(g, left + plotW + fontSize, plotH);
    }

    private void drawAxes(GraphicsContext g, double left, double plotW, double plotH) {
        g.setFill(Color.web("#c9ccd1"));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (int i = 0; i < xTicks.length; i++) {
            double x = left + (xTicks.length == 1 ? 0 : plotW * i / (xTicks.length - 1));
            g.fillText(xTicks[i], x, plotH + 9);
        }
        g.fillText(xTitle, left + plotW / 2, plotH + 9 + fontSize * 1.3);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < yTicks.length; i++) {
            double y = 6 + plotH - (yTicks.length == 1 ? 0 : plotH * i / (yTicks.length - 1));
            g.fillText(yTicks[i], left - 4, y);
        }
        g.save();
        g.translate(fontSize * 0.7, 6 + plotH / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(yTitle, 0, 0);
        g.restore();
    }

    private void drawColourBar(GraphicsContext g, double x, double plotH) {
        double barW = fontSize * 0.9;
        int steps = 64;
        for (int i = 0; i < steps; i++) {
            g.setFill(Palette.viridis((double) i / (steps - 1)));
            g.fillRect(x, 6 + plotH - (i + 1) * plotH / steps, barW, Math.ceil(plotH / steps + 0.5));
        }
        g.setFill(Color.web("#c9ccd1"));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(LogScale.format(hi), x + barW + 2, 6 + fontSize * 0.5);
        g.fillText(LogScale.format(lo), x + barW + 2, 6 + plotH - fontSize * 0.5);
        g.save();
        g.translate(x + barW + fontSize * 1.2, 6 + plotH / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(scaleLabel, 0, 0);
        g.restore();
    }

    /** The data behind the map, as CSV (row index, column index, value). */
    String toCsv() {
        StringBuilder sb = new StringBuilder("row,column,value\n");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                sb.append(r).append(',').append(c).append(',').append(values[r * cols + c]).append('\n');
            }
        }
        return sb.toString();
    }
}
