package org.timescalelab.engine;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.timescalelab.theory.PhaseDiagram;

/**
 * Draws a phase diagram as a PNG (AWT, headless): cells coloured by β̂ (log scale, viridis;
 * grey: no stationary law), with the analytic boundaries of Exp(b) jumps without diffusion —
 * ρ = 1 (λ/κ = b) and β = 1 (λ/κ = b − 1) — when the axes are λ/κ and b.
 */
public final class PhasePlot {

    private static final int CELL = 22;
    private static final int LEFT = 70;
    private static final int BOTTOM = 60;
    private static final int TOP = 40;
    private static final int RIGHT = 110;

    private PhasePlot() {
    }

    /** The cells as CSV: x, y, beta_hat, class, rho, stationary. */
    public static String csv(List<PhaseDiagram.Cell> cells) {
        StringBuilder sb = new StringBuilder("x,y,beta_hat,beta_low,beta_high,class,rho,stationary\n");
        for (PhaseDiagram.Cell c : cells) {
            sb.append(c.x()).append(',').append(c.y()).append(',').append(c.betaHat()).append(',').append(c.betaLow())
                    .append(',').append(c.betaHigh()).append(',').append(c.decayClass())
                    .append(',').append(c.rho()).append(',').append(c.stationary()).append('\n');
        }
        return sb.toString();
    }

    /** Writes the PNG atomically, with the analytic boundaries (if any for these axes) dashed over the cells. */
    public static void write(List<PhaseDiagram.Cell> cells, List<PhaseDiagram.Boundary> lines, PhaseDiagram.Range x,
                             PhaseDiagram.Range y, Path file) throws IOException {
        int w = LEFT + x.points() * CELL + RIGHT;
        int h = TOP + y.points() * CELL + BOTTOM;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x1b1e23));
        g.fillRect(0, 0, w, h);
        for (int k = 0; k < cells.size(); k++) {
            PhaseDiagram.Cell c = cells.get(k);
            int i = k % x.points();
            int j = k / x.points();
            g.setColor(colour(c));
            g.fillRect(LEFT + i * CELL, TOP + (y.points() - 1 - j) * CELL, CELL, CELL);
        }
        boundaries(g, lines, x, y);
        labels(g, x, y, w, h);
        colourBar(g, w, h);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** β̂ on log₁₀ from 0.1 to 10, viridis; grey where there is no stationary law or no fit. */
    static Color colour(PhaseDiagram.Cell c) {
        if (!(c.betaHat() > 0) || c.rho() >= 1) {
            return new Color(0x55595f);
        }
        double t = (Math.log10(c.betaHat()) + 1) / 2;
        return viridis(Math.max(0, Math.min(1, t)));
    }

    static Color viridis(double t) {
        double[][] v = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double pos = t * (v.length - 1);
        int i = Math.min(v.length - 2, (int) pos);
        double f = pos - i;
        return new Color((int) (v[i][0] + f * (v[i + 1][0] - v[i][0])), (int) (v[i][1] + f * (v[i + 1][1] - v[i][1])),
                (int) (v[i][2] + f * (v[i + 1][2] - v[i][2])));
    }

    private static void boundaries(Graphics2D g, List<PhaseDiagram.Boundary> lines, PhaseDiagram.Range x,
                                   PhaseDiagram.Range y) {
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1, new float[] {8, 5}, 0));
        g.setClip(LEFT, TOP, x.points() * CELL, y.points() * CELL);
        for (PhaseDiagram.Boundary b : lines) {
            g.setColor(b.label().startsWith("ρ") ? new Color(0xff8a7a) : new Color(0xe6e8eb));
            g.drawLine(px(b.x0(), x), py(b.y0(), y), px(b.x1(), x), py(b.y1(), y));
        }
        g.setClip(null);
    }

    private static int px(double v, PhaseDiagram.Range x) {
        return (int) (LEFT + (v - x.from()) / (x.to() - x.from()) * (x.points() - 1) * CELL + CELL / 2.0);
    }

    private static int py(double v, PhaseDiagram.Range y) {
        return (int) (TOP + (y.to() - v) / (y.to() - y.from()) * (y.points() - 1) * CELL + CELL / 2.0);
    }

    private static void labels(Graphics2D g, PhaseDiagram.Range x, PhaseDiagram.Range y, int w, int h) {
        g.setColor(new Color(0xd9dce1));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format("%.3g", x.from()), LEFT, h - BOTTOM + 16);
        g.drawString(String.format("%.3g", x.to()), LEFT + x.points() * CELL - 24, h - BOTTOM + 16);
        g.drawString(String.format("%.3g", y.to()), 8, TOP + 12);
        g.drawString(String.format("%.3g", y.from()), 8, TOP + y.points() * CELL);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(name(x.parameter()), LEFT + x.points() * CELL / 2 - 20, h - 20);
        g.drawString(name(y.parameter()), 8, TOP + y.points() * CELL / 2);
        g.drawString("Phase diagram: spectrum tail β̂ (dashed: ρ = 1 red, β = 1 white)", LEFT, 24);
    }

    private static void colourBar(Graphics2D g, int w, int h) {
        int x0 = w - RIGHT + 24;
        int height = h - TOP - BOTTOM;
        for (int k = 0; k < height; k++) {
            g.setColor(viridis(1 - (double) k / height));
            g.fillRect(x0, TOP + k, 14, 1);
        }
        g.setColor(new Color(0xd9dce1));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("β̂ = 10", x0 + 18, TOP + 10);
        g.drawString("1", x0 + 18, TOP + height / 2 + 4);
        g.drawString("0.1", x0 + 18, TOP + height);
        g.setColor(new Color(0x55595f));
        g.fillRect(x0, TOP + height + 10, 14, 14);
        g.setColor(new Color(0xd9dce1));
        g.drawString("no law", x0 + 18, TOP + height + 22);
    }

    private static String name(PhaseDiagram.Axis a) {
        switch (a) {
            case LAMBDA_OVER_KAPPA:
                return "λ/κ";
            case ALPHA_J:
                return "α_J";
            default:
                return a.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
