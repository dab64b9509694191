package org.timescalelab.engine;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Draws a {@link SweepGrid} as a PNG (AWT, headless): a heatmap of the mean over two axes, each
 * cell labelled with its value, or a line plot over one axis — the mean, a band from the lowest to
 * the highest seed and the seeds' points — with one curve per value of a second axis. Stateless.
 */
public final class SweepPlot {

    private static final int W = 900;
    private static final int H = 600;
    private static final int LEFT = 110;
    private static final int RIGHT = 150;
    private static final int TOP = 64;
    private static final int BOTTOM = 80;
    private static final Color BACKGROUND = new Color(0x1b1e23);
    private static final Color INK = new Color(0xd9dce1);
    private static final Color FAINT = new Color(0x3a3f47);
    private static final Color EMPTY = new Color(0x55595f);
    private static final Color[] CURVES = {new Color(0x4cc9f0), new Color(0xf9a03f), new Color(0x90be6d),
        new Color(0xf25f5c), new Color(0xc77dff), new Color(0xffd166), new Color(0x43aa8b), new Color(0xe5e5e5)};

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
            String title = spec.name() + ": " + describe(m);
            String stem = "report-" + m + "-" + xf.replace('.', '_');
            if (yf != null) {
                Path heat = out.resolve(stem + "-" + yf.replace('.', '_') + ".png");
                heatmap(g, title, heat);
                written.add(heat);
            }
            Path line = out.resolve(stem + (yf == null ? "" : "-by-" + yf.replace('.', '_')) + "-lines.png");
            lines(g, title, line);
            written.add(line);
        }
        return written;
    }

    /** Writes the heatmap (the grid has a y axis) atomically. */
    public static void heatmap(SweepGrid g, String title, Path file) throws IOException {
        if (g.y() == null) {
            throw new IllegalArgumentException("a heatmap needs two axes");
        }
        BufferedImage img = canvas();
        Graphics2D gr = graphics(img);
        int nx = g.x().values().size();
        int ny = g.y().values().size();
        double cw = (W - LEFT - RIGHT) / (double) nx;
        double ch = (H - TOP - BOTTOM) / (double) ny;
        double[] range = g.range();
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double v = g.mean()[j][i];
                int x0 = (int) (LEFT + i * cw);
                int y0 = (int) (TOP + (ny - 1 - j) * ch);
                gr.setColor(Double.isFinite(v) ? viridis(unit(v, range)) : EMPTY);
                gr.fillRect(x0, y0, (int) Math.ceil(cw), (int) Math.ceil(ch));
                String label = Double.isFinite(v) ? fmt(v) : "no value";
                gr.setColor(Double.isFinite(v) && unit(v, range) > 0.6 ? BACKGROUND : INK);
                centred(gr, label, x0 + cw / 2, y0 + ch / 2 + 5);
                if (g.count()[j][i] < g.runs()[j][i]) {
                    gr.setFont(gr.getFont().deriveFont(11f));
                    centred(gr, g.count()[j][i] + "/" + g.runs()[j][i] + " runs", x0 + cw / 2, y0 + ch / 2 + 20);
                    gr.setFont(gr.getFont().deriveFont(14f));
                }
            }
        }
        for (int i = 0; i < nx; i++) {
            gr.setColor(INK);
            centred(gr, label(g.x().values().get(i)), LEFT + (i + 0.5) * cw, H - BOTTOM + 22);
        }
        for (int j = 0; j < ny; j++) {
            rightAligned(gr, label(g.y().values().get(j)), LEFT - 10, (int) (TOP + (ny - 1 - j + 0.5) * ch + 5));
        }
        colourBar(gr, range, g.metric());
        frame(gr, title, g, g.x().field(), g.y().field());
        save(img, gr, file);
    }

    /** Writes the line plot over x (one curve per value of y, if any) atomically. */
    public static void lines(SweepGrid g, String title, Path file) throws IOException {
        BufferedImage img = canvas();
        Graphics2D gr = graphics(img);
        double[] xs = g.x().numbers();
        boolean numeric = java.util.Arrays.stream(xs).allMatch(Double::isFinite);
        boolean logX = numeric && java.util.Arrays.stream(xs).allMatch(v -> v > 0) && max(xs) / min(xs) >= 10;
        double[] pos = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            pos[i] = !numeric ? i : logX ? Math.log10(xs[i]) : xs[i];
        }
        double[] yr = bandRange(g);
        double px0 = min(pos);
        double px1 = max(pos) > px0 ? max(pos) : px0 + 1;
        double pad = 0.04 * (px1 - px0);
        Scale sx = new Scale(px0 - pad, px1 + pad, LEFT, W - RIGHT);
        double ypad = yr[1] > yr[0] ? 0.08 * (yr[1] - yr[0]) : Math.max(1e-9, Math.abs(yr[0]) * 0.1 + 1e-9);
        Scale sy = new Scale(yr[0] >= 0 ? Math.max(0, yr[0] - ypad) : yr[0] - ypad, yr[1] + ypad, H - BOTTOM, TOP);
        grid(gr, sy);
        int curves = g.mean().length;
        for (int j = 0; j < curves; j++) {
            Color c = CURVES[j % CURVES.length];
            Path2D band = new Path2D.Double();
            List<double[]> upper = new ArrayList<>();
            List<double[]> lower = new ArrayList<>();
            Path2D line = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < pos.length; i++) {
                if (!Double.isFinite(g.mean()[j][i])) {
                    continue;
                }
                upper.add(new double[] {sx.at(pos[i]), sy.at(g.high()[j][i])});
                lower.add(0, new double[] {sx.at(pos[i]), sy.at(g.low()[j][i])});
                if (started) {
                    line.lineTo(sx.at(pos[i]), sy.at(g.mean()[j][i]));
                } else {
                    line.moveTo(sx.at(pos[i]), sy.at(g.mean()[j][i]));
                    started = true;
                }
            }
            if (!started) {
                continue;
            }
            upper.addAll(lower);
            band.moveTo(upper.get(0)[0], upper.get(0)[1]);
            upper.subList(1, upper.size()).forEach(p -> band.lineTo(p[0], p[1]));
            band.closePath();
            gr.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
            gr.fill(band);
            gr.setColor(c);
            gr.setStroke(new BasicStroke(2.5f));
            gr.draw(line);
            for (int i = 0; i < pos.length; i++) {
                if (Double.isFinite(g.mean()[j][i])) {
                    gr.fillOval((int) sx.at(pos[i]) - 4, (int) sy.at(g.mean()[j][i]) - 4, 8, 8);
                }
            }
            if (g.y() != null) {
                gr.drawString(g.y().field() + " = " + label(g.y().values().get(j)), W - RIGHT + 8, TOP + 18 + 20 * j);
            }
        }
        gr.setColor(INK);
        for (int i = 0; i < pos.length; i++) {
            centred(gr, label(g.x().values().get(i)), sx.at(pos[i]), H - BOTTOM + 22);
        }
        frame(gr, title, g, g.x().field() + (logX ? " (log scale)" : ""), describe(g.metric()));
        gr.setFont(gr.getFont().deriveFont(12f));
        gr.drawString("line: mean over seeds" + (g.pooled().isEmpty() ? "" : " and " + g.pooled())
                + "; band: lowest to highest", LEFT, H - 16);
        save(img, gr, file);
    }

    private record Scale(double from, double to, double p0, double p1) {
        double at(double v) {
            return p0 + (v - from) / (to - from) * (p1 - p0);
        }
    }

    private static void grid(Graphics2D gr, Scale sy) {
        gr.setFont(gr.getFont().deriveFont(12f));
        for (int k = 0; k <= 5; k++) {
            double v = sy.from() + k * (sy.to() - sy.from()) / 5;
            int y = (int) sy.at(v);
            gr.setColor(FAINT);
            gr.drawLine(LEFT, y, W - RIGHT, y);
            gr.setColor(INK);
            rightAligned(gr, fmt(v), LEFT - 8, y + 4);
        }
        gr.setFont(gr.getFont().deriveFont(14f));
    }

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

    private static void frame(Graphics2D gr, String title, SweepGrid g, String xLabel, String yLabel) {
        gr.setColor(INK);
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        gr.drawString(title, LEFT, 30);
        gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        String sub = describe(g.metric()) + (g.pooled().isEmpty() ? "" : ", averaged over " + String.join(", ", g.pooled()))
                + ", mean over seeds";
        gr.drawString(sub, LEFT, 50);
        gr.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        centred(gr, xLabel, LEFT + (W - LEFT - RIGHT) / 2.0, H - BOTTOM + 48);
        Graphics2D rotated = (Graphics2D) gr.create();
        rotated.rotate(-Math.PI / 2);
        FontMetrics fm = rotated.getFontMetrics();
        rotated.drawString(yLabel, -(TOP + (H - TOP - BOTTOM) / 2) - fm.stringWidth(yLabel) / 2, 24);
        rotated.dispose();
        gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    }

    private static void colourBar(Graphics2D gr, double[] range, String metric) {
        int x0 = W - RIGHT + 30;
        int height = H - TOP - BOTTOM;
        for (int k = 0; k < height; k++) {
            gr.setColor(viridis(1 - (double) k / height));
            gr.fillRect(x0, TOP + k, 16, 1);
        }
        gr.setColor(INK);
        gr.setFont(gr.getFont().deriveFont(12f));
        gr.drawString(Double.isFinite(range[1]) ? fmt(range[1]) : "", x0 + 22, TOP + 10);
        gr.drawString(Double.isFinite(range[0]) ? fmt(range[0]) : "", x0 + 22, TOP + height);
        gr.drawString(metric, x0 - 4, TOP - 10);
        gr.setFont(gr.getFont().deriveFont(14f));
    }

    private static BufferedImage canvas() {
        return new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        return g;
    }

    private static void save(BufferedImage img, Graphics2D g, Path file) throws IOException {
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        AtomicFiles.write(file, bytes.toByteArray());
    }

    private static void centred(Graphics2D g, String s, double x, double y) {
        g.drawString(s, (int) (x - g.getFontMetrics().stringWidth(s) / 2.0), (int) y);
    }

    private static void rightAligned(Graphics2D g, String s, int x, int y) {
        g.drawString(s, x - g.getFontMetrics().stringWidth(s), y);
    }

    private static double unit(double v, double[] range) {
        return range[1] > range[0] ? (v - range[0]) / (range[1] - range[0]) : 0.5;
    }

    /** A metric column in words, e.g. {@code h_n_10000} → "H_N at N = 10000". */
    public static String describe(String metric) {
        if (metric.startsWith("h_n_")) {
            return "H_N at N = " + metric.substring(4);
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
            v = Double.parseDouble(value);
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

    static String fmt(double v) {
        return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v != 0) ? String.format("%.2e", v) : String.format("%.3g", v);
    }

    static Color viridis(double t) {
        return PhasePlot.viridis(Math.max(0, Math.min(1, t)));
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(1);
    }
}
