package org.timescalelab.theory;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.StableSampler;

/**
 * Symmetric α-stable noise SαS(α, scale 1), 1 &lt; α ≤ 2 (docs/training.md, "Noise").
 *
 * <p>The characteristic function is E e^{iuX} = exp(−|u|^α); α = 2 is the normal law with
 * variance 2. Draws use the Chambers–Mallows–Stuck method of Commons RNG's {@link StableSampler}
 * (β = 0, scale 1, location 0; for β = 0 its S0 parametrisation equals S1).
 *
 * <p>Not thread-safe: it owns no generator but shares the one it is given.
 */
public final class StableNoise {

    private final double alpha;
    private final StableSampler sampler;

    private StableNoise(double alpha, StableSampler sampler) {
        this.alpha = alpha;
        this.sampler = sampler;
    }

    /**
     * Creates a sampler on a generator.
     *
     * @throws IllegalArgumentException unless 1 &lt; α ≤ 2
     */
    public static StableNoise of(UniformRandomProvider rng, double alpha) {
        checkAlpha(alpha);
        return new StableNoise(alpha, StableSampler.of(rng, alpha, 0.0));
    }

    /** Rejects a tail index outside (1, 2], NaN included. */
    public static void checkAlpha(double alpha) {
        if (!(alpha > 1 && alpha <= 2)) {
            throw new IllegalArgumentException("tail index alpha must lie in (1, 2]: " + alpha);
        }
    }

    /** The tail index α of the draws. */
    public double alpha() {
        return alpha;
    }

    /** One draw of SαS(α, 1). */
    public double sample() {
        return sampler.sample();
    }

    /** Fills {@code out} with independent draws. */
    public void fill(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = sampler.sample();
        }
    }
}
