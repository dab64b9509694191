package org.timescalelab.ui.chart;

import java.util.List;
import java.util.function.BiConsumer;

import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import org.timescalelab.run.Csv;
import org.timescalelab.style.Palette;

/**
 * A heatmap on a canvas: a rows × columns matrix coloured by viridis, with axis titles, a few
 * tick labels and a colour bar. Redraws only when given new data or resized.
 *
 * <p>The canvas holds only shapes; every label is a {@link Text} node over it. Text drawn on a
 * canvas is laid out on the render thread, and text that needs complex shaping (combining marks
 * such as the bar of μ̄ or the hat of β̂) then goes through Pango there while the FX thread lays
 * out the charts' labels through Pango too: under Xvfb that race corrupted glibc's heap within
 * minutes (hs_err: {@code pango_itemize} under {@code NGCanvas.handleRenderOp} on
 * QuantumRenderer). Text nodes are laid out on the FX thread only.
 */
public final class Heatmap extends Region {

    private static final double TOP = 6;

    private final Canvas canvas = new Canvas();
    private final Pane labels = new Pane();
    private String xTitle;
    private String yTitle;
    private double[] values = new double[0];
    private int rows;
    private int cols;
    private double lo;
    private double hi;
    private String scaleLabel = "";
    private String[] xTicks = new String[0];
    private String[] yTicks = new String[0];
    private double fontSize = 11;
    private List<Line> overlay = List.of();
    private int shownCells = Integer.MAX_VALUE;
    private String emptyText = "waiting for data…";

    /**
     * A labelled dashed line over the map, in cell coordinates: column c's centre is at c + 0.5,
     * row r's at r + 0.5 (rows counted from the bottom).
     */
    public record Line(String label, double col0, double row0, double col1, double row1, Color colour) {
    }

    /** An empty heatmap with its axis titles. */
    public Heatmap(String xTitle, String yTitle) {
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        labels.setMouseTransparent(true);
        getChildren().addAll(canvas, labels);
        getStyleClass().add("tl-heatmap");
        setMinSize(120, 80);
    }

    /**
     * New data, row-major rows × cols, coloured from lo to hi.
     *
     * @param xTicks labels spread evenly along x, from the first column's centre to the last's
     * @param yTicks labels spread evenly along y, from the first (bottom) row's centre to the last's
     */
    public void setData(double[] data, int rowCount, int colCount, double low, double high, String scale, String[] xTicks,
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

    /** New axis titles. */
    public void setTitles(String x, String y) {
        this.xTitle = x;
        this.yTitle = y;
        draw();
    }

    /** What an empty map says. */
    public void setEmptyText(String text) {
        this.emptyText = text;
        draw();
    }

    /** Draws only the first {@code count} cells in row-major order (a map filling in); the rest stay empty. */
    public void setShownCells(int count) {
        this.shownCells = count;
        draw();
    }

    /** Lines drawn over the cells (replacing the previous ones); the same lines again draw nothing. */
    public void setOverlay(List<Line> lines) {
        if (lines.equals(overlay)) {
            return;
        }
        this.overlay = List.copyOf(lines);
        draw();
    }

    /** Calls {@code handler} with (row, column) of a clicked cell. */
    public void setOnCellClicked(BiConsumer<Integer, Integer> handler) {
        canvas.setOnMouseClicked(e -> {
            double left = left();
            double plotW = plotWidth();
            double plotH = plotHeight();
            int c = (int) Math.floor((e.getX() - left) / plotW * cols);
            int r = (int) Math.floor((TOP + plotH - e.getY()) / plotH * rows);
            if (r >= 0 && r < rows && c >= 0 && c < cols) {
                handler.accept(r, c);
            }
        });
    }

    /** Font size of the labels, in points (larger in classroom mode). */
    public void setFontSize(double size) {
        this.fontSize = size;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        labels.resizeRelocate(0, 0, getWidth(), getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        labels.getChildren().clear();
        double left = left();
        double plotW = plotWidth();
        double plotH = plotHeight();
        if (plotW < 10 || plotH < 10) {
            return;
        }
        if (rows == 0 || cols == 0) {
            text(emptyText, left + plotW / 2, plotH / 2, HPos.CENTER, VPos.CENTER, FxColors.of(Palette.MARKER));
            return;
        }
        double cw = plotW / cols;
        double ch = plotH / rows;
        double span = hi > lo ? hi - lo : 1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols && r * cols + c < shownCells; c++) {
                g.setFill(FxColors.viridis((values[r * cols + c] - lo) / span));
                g.fillRect(left + c * cw, TOP + plotH - (r + 1) * ch, Math.ceil(cw + 0.5), Math.ceil(ch + 0.5));
            }
        }
        drawOverlay(g, left, plotW, plotH, cw, ch);
        drawAxes(left, plotW, plotH);
        drawColourBar(g, left + plotW + fontSize, plotH);
    }

    private void drawOverlay(GraphicsContext g, double left, double plotW, double plotH, double cw, double ch) {
        if (overlay.isEmpty()) {
            return;
        }
        g.save();
        g.beginPath();
        g.rect(left, TOP, plotW, plotH);
        g.clip();
        g.setLineWidth(Math.max(2, fontSize / 5));
        g.setLineDashes(8, 5);
        for (Line l : overlay) {
            double x0 = left + l.col0() * cw;
            double y0 = TOP + plotH - l.row0() * ch;
            double x1 = left + l.col1() * cw;
            double y1 = TOP + plotH - l.row1() * ch;
            g.setStroke(l.colour());
            g.strokeLine(x0, y0, x1, y1);
            double t = 0.8;
            double lx = x0 + t * (x1 - x0) + 4;
            double ly = y0 + t * (y1 - y0) - 2;
            if (lx >= left && lx <= left + plotW && ly >= TOP && ly <= TOP + plotH) {
                text(l.label(), lx, ly, HPos.LEFT, VPos.BOTTOM, l.colour());
            }
        }
        g.restore();
    }

    private void drawAxes(double left, double plotW, double plotH) {
        Color ink = FxColors.of(Palette.LABEL);
        for (int i = 0; i < xTicks.length; i++) {
            double cw = plotW / Math.max(1, cols);
            double x = left + cw / 2 + (xTicks.length == 1 ? 0 : (plotW - cw) * i / (xTicks.length - 1));
            text(xTicks[i], x, plotH + 9, HPos.CENTER, VPos.TOP, ink);
        }
        text(xTitle, left + plotW / 2, plotH + 9 + fontSize * 1.3, HPos.CENTER, VPos.TOP, ink);
        for (int i = 0; i < yTicks.length; i++) {
            double ch = plotH / Math.max(1, rows);
            double y = TOP + plotH - ch / 2 - (yTicks.length == 1 ? 0 : (plotH - ch) * i / (yTicks.length - 1));
            text(yTicks[i], left - 4, y, HPos.RIGHT, VPos.CENTER, ink);
        }
        text(yTitle, fontSize * 0.7, TOP + plotH / 2, HPos.CENTER, VPos.CENTER, ink).setRotate(-90);
    }

    private void drawColourBar(GraphicsContext g, double x, double plotH) {
        double barW = fontSize * 0.9;
        int steps = 64;
        for (int i = 0; i < steps; i++) {
            g.setFill(FxColors.viridis((double) i / (steps - 1)));
            g.fillRect(x, TOP + plotH - (i + 1) * plotH / steps, barW, Math.ceil(plotH / steps + 0.5));
        }
        Color ink = FxColors.of(Palette.LABEL);
        double top = text(LogScale.format(hi), x + barW + 2, TOP + fontSize * 0.5, HPos.LEFT, VPos.CENTER, ink)
                .getLayoutBounds().getWidth();
        double bottom = text(LogScale.format(lo), x + barW + 2, TOP + plotH - fontSize * 0.5, HPos.LEFT, VPos.CENTER, ink)
                .getLayoutBounds().getWidth();
        // The scale's title, turned upright, goes beside the wider tick label rather than over it.
        text(scaleLabel, x + barW + 2 + Math.max(top, bottom) + fontSize * 0.7, TOP + plotH / 2, HPos.CENTER,
                VPos.CENTER, ink).setRotate(-90);
    }

    /** A label anchored at (x, y): horizontally by {@code h}, vertically by {@code v}. */
    private Text text(String s, double x, double y, HPos h, VPos v, Color colour) {
        Text t = new Text(s);
        t.setFont(Font.font(fontSize));
        t.setFill(colour);
        t.setTextOrigin(v);
        double width = t.getLayoutBounds().getWidth();
        t.setX(h == HPos.CENTER ? x - width / 2 : h == HPos.RIGHT ? x - width : x);
        t.setY(y);
        labels.getChildren().add(t);
        return t;
    }

    /** The plot area: left margin (y ticks and title), width, height (below a {@value #TOP} px top margin). */
    private double left() {
        return fontSize * 3.6;
    }

    /**
     * The plot's width: what the canvas leaves after the left margin and, on the right, the gap,
     * the colour bar, its widest tick label and its upright title.
     */
    private double plotWidth() {
        double ticks = Math.max(measure(LogScale.format(hi)), measure(LogScale.format(lo)));
        return canvas.getWidth() - left() - fontSize * (1 + 0.9 + 1.6) - 2 - ticks;
    }

    private double measure(String s) {
        Text t = new Text(s);
        t.setFont(Font.font(fontSize));
        return t.getLayoutBounds().getWidth();
    }

    private double plotHeight() {
        return canvas.getHeight() - fontSize * 3.2 - TOP;
    }

    /** The data behind the map, as CSV (row index, column index, value). */
    public String toCsv() {
        Csv.Table t = Csv.table("row", "column", "value");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t.row(r, c, values[r * cols + c]);
            }
        }
        return t.toString();
    }
}
