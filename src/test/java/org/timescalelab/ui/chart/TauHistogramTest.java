package org.timescalelab.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The time-scale histogram's bins, counted by hand. */
class TauHistogramTest {

    /** Ten bins a decade over [1, 10³]: 10 falls in bin 10, 100 in bin 20; below 1 and above 10³ count at the ends. */
    @Test
    void valuesFallInTheirDecadeBinsAndTheEndsTakeTheRest() {
        double[] h = TauHistogram.fractions(new double[] {1, 10, 100, 1000, 5000, 0.5, Double.NaN, -3});
        assertThat(h).hasSize(30);
        assertThat(h[0]).isCloseTo(2.0 / 6, offset(1e-15));
        assertThat(h[10]).isCloseTo(1.0 / 6, offset(1e-15));
        assertThat(h[20]).isCloseTo(1.0 / 6, offset(1e-15));
        assertThat(h[29]).isCloseTo(2.0 / 6, offset(1e-15));
        assertThat(java.util.Arrays.stream(h).sum()).isCloseTo(1, offset(1e-12));
        assertThat(TauHistogram.fractions(new double[0])).containsOnly(0.0);
    }

    /** The step line has each bin's two corners at its edges, 0.1 decade apart. */
    @Test
    void theStepLineHasEachBinsTwoCorners() {
        double[] h = new double[30];
        h[10] = 0.5;
        List<double[]> pts = TauHistogram.steps(h);
        assertThat(pts).hasSize(60);
        assertThat(pts.get(20)).containsExactly(new double[] {1.0, 0.5}, offset(1e-12));
        assertThat(pts.get(21)).containsExactly(new double[] {1.1, 0.5}, offset(1e-12));
    }
}
