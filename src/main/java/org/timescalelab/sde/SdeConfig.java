package org.timescalelab.sde;

import java.nio.file.Path;
import java.util.List;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.Settings;
import org.timescalelab.theory.TimescaleSde;

/**
 * A configuration of the time-scale SDE (docs/timescale-sde.md): its parameters, how to simulate, and the
 * gradient-noise tail index of the implied learnability window. Immutable and thread-safe.
 *
 * @param drift     CONSTANT, SATURATING or ORNSTEIN_UHLENBECK
 * @param kappa     κ &gt; 0
 * @param theta     θ &gt; 0
 * @param zetaStar  ζ* ≤ 0
 * @param sigma     σ ≥ 0
 * @param lambda    λ ≥ 0
 * @param jumps     NONE, EXPONENTIAL, PARETO or STABLE
 * @param b         Exp(b) rate
 * @param alphaJ    Pareto / one-sided stable tail index
 * @param yMin      Pareto minimum / stable scale
 * @param cutoff    Pareto exponential cut-off (0: none)
 * @param particles N, 100..10⁷
 * @param dt        Euler step, (0, 1]
 * @param chunk     simulated time between stationarity checks
 * @param maxTime   simulated-time cap
 * @param tolerance stationarity tolerance (units of ln τ)
 * @param seed      seed
 * @param alpha     gradient-noise tail index of the H_N law, (1, 2]
 */
public record SdeConfig(TimescaleSde.Drift drift, double kappa, double theta, double zetaStar, double sigma,
                        double lambda, TimescaleSde.Jumps jumps, double b, double alphaJ, double yMin, double cutoff,
                        int particles, double dt, double chunk, double maxTime, double tolerance, long seed,
                        double alpha) {

    /** The defaults: constant pull κ = 1, σ = 0.5, Exp(2) jumps at rate 1 (ρ = 0.5, β = 1). */
    public static SdeConfig defaults() {
        return new SdeConfig(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0.5, 1, TimescaleSde.Jumps.EXPONENTIAL, 2, 1.5, 1, 0,
                20_000, 0.005, 2, 200, 0.02, 1, 1.5);
    }

    /** Defaults, then a JSON file, then overrides; validated. */
    public static SdeConfig load(Path file, List<String> overrides) {
        SdeConfig c = ConfigLoader.load(defaults(), SdeConfig.class, file, overrides);
        c.params();
        check("particles", c.particles, c.particles >= 100 && c.particles <= 10_000_000, "100..10000000");
        check("dt", c.dt, c.dt > 0 && c.dt <= 1, "(0, 1]");
        check("chunk", c.chunk, c.chunk >= c.dt, "at least dt");
        check("maxTime", c.maxTime, c.maxTime >= c.chunk, "at least chunk");
        check("tolerance", c.tolerance, c.tolerance > 0, "> 0");
        check("alpha", c.alpha, Settings.ALPHA.range().contains(c.alpha), Settings.ALPHA.range().toString());
        return c;
    }

    private static void check(String field, double v, boolean ok, String allowed) {
        if (!ok) {
            throw new ConfigException(field, v, allowed);
        }
    }

    /** The dynamics' parameters (validated, with the field named on error). */
    public TimescaleSde.Params params() {
        try {
            return new TimescaleSde.Params(drift, kappa, theta, zetaStar, sigma, lambda, jumps, b, alphaJ, yMin, cutoff);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sde", e.getMessage());
        }
    }

    /** How to simulate. */
    public TimescaleSde.Settings settings() {
        return new TimescaleSde.Settings(particles, dt, chunk, maxTime, tolerance, seed);
    }
}
