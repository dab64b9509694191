package org.timescalelab.ui.chart;

import javafx.scene.paint.Color;

import org.timescalelab.style.Palette;

/** The {@link Palette}'s colours as JavaFX colours, for what the canvas charts paint themselves. */
public final class FxColors {

    private FxColors() {
    }

    /** A 0xRRGGBB colour. */
    public static Color of(int rgb) {
        double[] c = Palette.unit(rgb);
        return Color.color(c[0], c[1], c[2]);
    }

    /** Viridis at t in [0, 1] (clamped; NaN: the palette's colour of no value). */
    public static Color viridis(double t) {
        return of(Palette.viridis(t));
    }
}
