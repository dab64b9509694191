package org.timescalelab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.timescalelab.session.SessionSnapshot;
import org.timescalelab.session.SessionState;

/** The heatmaps' data, prepared without a toolkit. */
class HeatmapDataTest {

    /** Rows are units by decreasing mean gate (short τ on top); each row is that unit's gates over time. */
    @Test
    void gateRowsAreUnitsByDecreasingMeanGate() {
        // 3 units, 2 time steps; gateMatrix is [t · H + q].
        double[] gates = {0.2, 0.9, 0.5, 0.4, 0.7, 0.6};
        double[] mean = {0.3, 0.8, 0.55};
        SessionSnapshot s = new SessionSnapshot(SessionState.RUNNING, "", 1, 0, 1, 1, 1e-3, 3, 2, 0, 0, 0, 1, 1,
                mean, gates, 2);
        HeatmapData d = HeatmapData.gates(s);
        assertThat(d.rows()).isEqualTo(3);
        assertThat(d.cols()).isEqualTo(2);
        assertThat(d.values()).containsExactly(0.9, 0.7, 0.5, 0.6, 0.2, 0.4);
        assertThat(HeatmapData.gates(null)).isNull();
    }

    /** Rows are units by increasing τ, non-decaying ones last; values are log₁₀ μ̄; the scale spans at most six decades. */
    @Test
    void rateRowsAreUnitsByIncreasingTimeScale() {
        double[] tau = {Double.POSITIVE_INFINITY, 2, 50};
        // 2 lags; profile is [lag · H + q].
        double[] profile = {1e-1, 1e-2, 1e-3, 1e-9, 1e-4, 1e-5};
        HeatmapData d = HeatmapData.rates(tau, profile, 2);
        assertThat(d.values()).containsExactly(-2, -4, -3, -5, -1, -9);
        // Sorted: −9 −5 −4 −3 −2 −1. The 98th percentile by rank ⌊0.98·5⌋ = 4 is −2; the 2nd, rank 0, is −9,
        // which lies more than 6 decades below, so the scale stops at −2 − 6.
        assertThat(d.high()).isEqualTo(-2);
        assertThat(d.low()).isEqualTo(-8);
    }
}
