package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both estimators on 20 000 Chambers–Mallows–Stuck draws of SαS(α, σ), fixed seeds. */
class TailIndexTest {

    static double[] draws(double alpha, double scale, int n, long seed) {
        StableNoise noise = StableNoise.of(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), alpha);
        double[] x = new double[n];
        noise.fill(x);
        for (int i = 0; i < n; i++) {
            x[i] *= scale;
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.2, 1.5, 1.8, 2.0})
    void koutrouvelisRecoversAlphaAndScale(double alpha) {
        double[] x = draws(alpha, 2.5, 20_000, 11);
        TailIndex.Estimate e = TailIndex.koutrouvelis(x);
        assertThat(e.ok()).isTrue();
        assertThat(e.reliable()).isTrue();
        assertThat(e.alpha()).isCloseTo(alpha, offset(0.03));
        assertThat(e.scale() / 2.5).isCloseTo(1.0, offset(0.03));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.2, 1.5, 1.8, 2.0})
    void mcCullochRecoversAlphaAndScale(double alpha) {
        double[] x = draws(alpha, 0.7, 20_000, 12);
        TailIndex.Interval iv = TailIndex.mcCullochInterval(x, 200, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        assertThat(iv.estimate().alpha()).isCloseTo(alpha, offset(0.03));
        assertThat(iv.estimate().scale() / 0.7).isCloseTo(1.0, offset(0.03));
        assertThat(iv.alphaLow()).isLessThanOrEqualTo(iv.estimate().alpha());
        assertThat(iv.alphaHigh()).isGreaterThanOrEqualTo(iv.estimate().alpha());
        assertThat(iv.alphaHigh() - iv.alphaLow()).isLessThan(0.2);
    }

    @Test
    void smallSamplesAreFlaggedUnreliable() {
        assertThat(TailIndex.koutrouvelis(draws(1.5, 1, 100, 5)).reliable()).isFalse();
        assertThat(TailIndex.koutrouvelis(new double[] {1, 1, 1, 1}).ok()).isFalse();
    }

    @Test
    void kappaIsAlphaOverAlphaMinusOne() {
        assertThat(TailIndex.kappa(2.0)).isEqualTo(2.0);
        assertThat(TailIndex.kappa(1.5)).isCloseTo(3.0, offset(1e-12));
    }
}
