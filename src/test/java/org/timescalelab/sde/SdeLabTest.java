package org.timescalelab.sde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.timescalelab.theory.TimescaleSde;

/** The live SDE of the anti-collapse lab, driven synchronously. */
class SdeLabTest {

    private static TimescaleSde.Params exp(double sigma, double lambda, double b) {
        return new TimescaleSde.Params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, sigma, lambda,
                TimescaleSde.Jumps.EXPONENTIAL, b, 1.5, 1, 0);
    }

    @Test
    void raisingTheJumpRateBroadensTheSpectrumAndTheWindow() {
        List<SdeLab.View> seen = new ArrayList<>();
        SdeLab lab = new SdeLab(exp(1.0, 0, 3), 1.5, 10_000, 0.01, 7, seen::add);
        SdeLab.View narrow = lab.runChunks(400);
        // Closed form (docs/timescale-sde.md): β is the root of −κs + ½σ²s² + λ(b/(b−s) − 1) = 0.
        assertThat(narrow.fit().beta()).isCloseTo(narrow.predictedBeta(), offset(0.15 * narrow.predictedBeta()));
        lab.setParams(exp(1.0, 1.5, 3));
        SdeLab.View broad = lab.runChunks(800);
        assertThat(broad.time()).isCloseTo(300, offset(1e-9));
        assertThat(broad.params().lambda()).isEqualTo(1.5);
        assertThat(broad.fit().beta()).isCloseTo(broad.predictedBeta(), offset(0.15 * broad.predictedBeta()))
                .isLessThan(narrow.fit().beta() / 2);
        assertThat(broad.windowAt(1e8)).isGreaterThan(narrow.windowAt(1e8));
        assertThat(seen).containsExactly(narrow, broad);
        assertThat(Arrays.stream(broad.histogram()).sum()).isCloseTo(1, offset(1e-9));
        assertThat(broad.message()).isEmpty();
    }

    @Test
    void heavierGradientNoiseShrinksTheImpliedWindow() {
        SdeLab lab = new SdeLab(exp(0.5, 1, 2), 2.0, 5_000, 0.01, 3, v -> { });
        double gaussian = lab.runChunks(200).windowAt(1e6);
        lab.setAlpha(1.2);
        double heavy = lab.runChunks(0).windowAt(1e6);
        assertThat(heavy).isLessThan(gaussian);
        for (SdeLab.View v : List.of(lab.runChunks(0))) {
            for (int i = 1; i < v.windows().length; i++) {
                assertThat(v.windows()[i]).isGreaterThanOrEqualTo(v.windows()[i - 1]);
            }
        }
    }

    @Test
    void resetReturnsToTheWallAndOverloadIsExplained() {
        SdeLab lab = new SdeLab(exp(0, 3, 2), 1.5, 2_000, 0.01, 3, v -> { });
        SdeLab.View v = lab.runChunks(10);
        assertThat(v.message()).contains("no stationary law").contains("ρ = 1.5");
        lab.setParams(exp(0, 5, 0.2));
        SdeLab.View far = lab.runChunks(400);
        assertThat(far.message()).contains("% of the particles have τ beyond");
        assertThat(far.fit().ok()).isFalse();
        lab.reset();
        SdeLab.View r = lab.runChunks(0);
        assertThat(r.time()).isZero();
        assertThat(r.wallMass()).isEqualTo(1.0);
    }

    @Test
    void refusesAnAlphaOutsideItsRange() {
        SdeLab lab = new SdeLab(exp(0.5, 1, 2), 1.5, 1_000, 0.01, 3, v -> { });
        assertThatThrownBy(() -> lab.setAlpha(2.5)).hasMessageContaining("alpha").hasMessageContaining("(1, 2]");
    }

    @Test
    void theThreadPublishesWhileRunningAndStopsOnClose() throws Exception {
        List<SdeLab.View> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        SdeLab lab = new SdeLab(exp(0.5, 1, 2), 1.5, 2_000, 0.01, 3, seen::add);
        lab.start();
        lab.resume();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (seen.stream().noneMatch(v -> v.time() > 1) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        lab.close();
        assertThat(seen).anyMatch(v -> v.time() > 1);
    }
}
