package org.timescalelab.ui;

import javafx.scene.paint.Color;

/** Colour maps and series colours of the dashboard (normal and high-contrast classroom). */
final class Palette {

    /** Anchors of the viridis colour map (perceptually uniform, readable in grey and on projectors). */
    private static final double[][] VIRIDIS = {
        {0.267, 0.005, 0.329}, {0.283, 0.141, 0.458}, {0.254, 0.265, 0.530}, {0.207, 0.372, 0.553},
        {0.164, 0.471, 0.558}, {0.128, 0.567, 0.551}, {0.135, 0.659, 0.518}, {0.267, 0.749, 0.441},
        {0.478, 0.821, 0.318}, {0.741, 0.873, 0.150}, {0.993, 0.906, 0.144}
    };

    private Palette() {
    }

    /** Viridis at t in [0, 1] (clamped; NaN is grey). */
    static Color viridis(double t) {
        if (Double.isNaN(t)) {
            return Color.gray(0.5);
        }
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(x));
        double w = x - i;
        double[] a = VIRIDIS[i];
        double[] b = VIRIDIS[i + 1];
        return Color.color(a[0] + w * (b[0] - a[0]), a[1] + w * (b[1] - a[1]), a[2] + w * (b[2] - a[2]));
    }
}
