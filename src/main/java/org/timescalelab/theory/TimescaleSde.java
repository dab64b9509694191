package org.timescalelab.theory;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The anti-collapse dynamics of neuron time scales (docs/timescale-sde.md): a population of independent
 * particles ζ = −ln τ ≤ 0 with
 * <pre>
 *   dζ = F(ζ) dt + σ dW − dJ,   ζ ≤ 0 (τ ≥ 1 step: clamped at the wall),
 * </pre>
 * J compound Poisson with rate λ and positive jump sizes Y (jumps push towards long τ). Drifts:
 * constant pull F ≡ κ; saturating F = κ tanh(θ(ζ* − ζ)/κ); Ornstein–Uhlenbeck F = −θ(ζ − ζ*).
 * Jump sizes: Exp(b); Pareto(α_J, y_m), optionally tempered by e^{−c·y} (accepted with that
 * probability); one-sided α-stable (0 &lt; α_J &lt; 1, scale y_m).
 *
 * <p>Euler–Maruyama with Poisson thinning: ζ ← min(0, ζ + F Δt + σ√Δt ξ − Σ_{k≤n} Y_k),
 * n ~ Poisson(λΔt).
 *
 * <p>Implementation notes: particles are split into fixed blocks of {@value #BLOCK}, each with its
 * own generator seeded from (seed, block), advanced in parallel over the common fork-join pool;
 * results do not depend on the number of threads. Stationarity (our criterion): after every
 * chunk of simulated time the mean of ζ, its 50%, 10% and 1% quantiles (the long-τ side) and the
 * mass at the wall are compared with their values {@value #LOOKBACK} chunks earlier (slow drifts
 * of the deep tail add up over that span); the run is stationary when, for 3 consecutive
 * checks, each moved less than {@code tolerance} (in units of ln τ; a quarter of it for the wall
 * mass) plus three standard errors of its sampling noise, so that a finite population's jitter
 * does not keep the run going. Two more conditions guard the slow tail, which the bulk quantiles
 * miss when ρ → 1: the run lasts at least {@value #MIN_RELAXATIONS} relaxation times
 * ({@link Params#relaxationTime}), and the deep tail — the 99.5% quantile of ln τ — has moved less
 * than the same tolerance since half the elapsed time. A run stops at {@code maxTime} otherwise. Under constant pull a load
 * ρ = λE[Y]/κ ≥ 1 has no stationary law: reported at once instead of simulated.
 *
 * <p>Length: about 430 lines: the drifts, the jump laws, the Euler–Maruyama step with thinning and
 * the population's statistics of one SDE, with their closed forms.
 */
public final class TimescaleSde {

    static final int BLOCK = 1024;
    static final int LOOKBACK = 5;

    /** Relaxation times a run lasts at least before it may count as stationary. */
    static final double MIN_RELAXATIONS = 3;

    /** The drift F(ζ). */
    public enum Drift { CONSTANT, SATURATING, ORNSTEIN_UHLENBECK }

    /** The jump-size law. */
    public enum Jumps { NONE, EXPONENTIAL, PARETO, STABLE }

    /**
     * Parameters of the dynamics.
     *
     * @param drift    the drift
     * @param kappa    κ &gt; 0: pull towards the wall (constant and saturating drifts)
     * @param theta    θ &gt; 0: stiffness of the saturating and OU drifts
     * @param zetaStar ζ* ≤ 0: the saturating and OU drifts' target (τ* = e^{−ζ*})
     * @param sigma    σ ≥ 0: diffusion
     * @param lambda   λ ≥ 0: jump rate
     * @param jumps    the jump-size law
     * @param b        Exp(b) rate (mean 1/b)
     * @param alphaJ   Pareto or one-sided stable tail index
     * @param yMin     Pareto minimum y_m, or the stable law's scale
     * @param cutoff   exponential cut-off c ≥ 0 of the Pareto law (0: none)
     */
    public record Params(Drift drift, double kappa, double theta, double zetaStar, double sigma, double lambda,
                         Jumps jumps, double b, double alphaJ, double yMin, double cutoff) {

        /** Validates every field, naming the first one out of range. */
        public Params {
            if (drift == null || jumps == null) {
                throw new IllegalArgumentException("drift and jumps are required");
            }
            check("kappa", kappa, kappa > 0, "> 0");
            check("theta", theta, theta > 0, "> 0");
            check("zetaStar", zetaStar, zetaStar <= 0, "≤ 0");
            check("sigma", sigma, sigma >= 0, "≥ 0");
            check("lambda", lambda, lambda >= 0, "≥ 0");
            check("b", b, b > 0, "> 0");
            check("alphaJ", alphaJ, alphaJ > 0 && (jumps != Jumps.STABLE || alphaJ < 1),
                    jumps == Jumps.STABLE ? "in (0, 1) for one-sided stable jumps" : "> 0");
            check("yMin", yMin, yMin > 0, "> 0");
            check("cutoff", cutoff, cutoff >= 0, "≥ 0");
        }

        private static void check(String name, double v, boolean ok, String allowed) {
            if (!ok || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + " = " + v + " is not allowed: expected " + allowed);
            }
        }

        /** E[Y] of the jump law (+∞ for untempered Pareto with α_J ≤ 1 and for stable jumps). */
        public double meanJump() {
            switch (jumps) {
                case NONE:
                    return 0;
                case EXPONENTIAL:
                    return 1 / b;
                case PARETO:
                    return cutoff > 0 ? temperedParetoMean() : alphaJ > 1 ? alphaJ * yMin / (alphaJ - 1)
                            : Double.POSITIVE_INFINITY;
                default:
                    return Double.POSITIVE_INFINITY;
            }
        }

        private double temperedParetoMean() {
            double num = 0;
            double den = 0;
            double dy = yMin / 200;
            for (double y = yMin; y < yMin + 60 / cutoff; y += dy) {
                double w = Math.pow(y / yMin, -alphaJ - 1) * Math.exp(-cutoff * (y - yMin));
                num += y * w;
                den += w;
            }
            return num / den;
        }

        /** The load ρ = λ E[Y]/κ of the constant pull (ρ ≥ 1: no stationary law). */
        public double load() {
            return lambda * meanJump() / kappa;
        }

        /**
         * The slowest relaxation time we have in closed form (0 where none): under constant pull,
         * 1/(√(κb) − √λ)² for Exp(b) jumps (the tail's relaxation) and 2σ²/κ² for the diffusion at
         * the wall (the reflected drifted Brownian motion's spectral gap is κ²/2σ²), the larger of the
         * two; 1/θ for the Ornstein–Uhlenbeck and saturating drifts.
         */
        public double relaxationTime() {
            if (drift != Drift.CONSTANT) {
                return 1 / theta;
            }
            double diffusion = sigma > 0 ? 2 * sigma * sigma / (kappa * kappa) : 0;
            double jump = jumps == Jumps.EXPONENTIAL && lambda > 0 && load() < 1
                    ? 1 / Math.pow(Math.sqrt(kappa * b) - Math.sqrt(lambda), 2) : 0;
            return Math.max(diffusion, jump);
        }

        /**
         * The tail exponent β where a closed form exists (constant pull; no or exponential jumps):
         * the positive root of −κs + ½σ²s² + λ(E[e^{sY}] − 1) = 0; NaN otherwise.
         */
        public double predictedBeta() {
            if (drift != Drift.CONSTANT || (jumps != Jumps.NONE && jumps != Jumps.EXPONENTIAL) || load() >= 1) {
                return Double.NaN;
            }
            if (lambda == 0 || jumps == Jumps.NONE) {
                return sigma > 0 ? 2 * kappa / (sigma * sigma) : Double.POSITIVE_INFINITY;
            }
            if (sigma == 0) {
                return b - lambda / kappa;
            }
            return new BrentSolver(1e-12).solve(200,
                    s -> -kappa * s + 0.5 * sigma * sigma * s * s + lambda * (b / (b - s) - 1), 1e-9, b * (1 - 1e-12));
        }
    }

    /**
     * How to simulate.
     *
     * @param particles  N
     * @param dt         Euler step
     * @param chunk      simulated time between stationarity checks
     * @param maxTime    simulated-time cap
     * @param tolerance  stationarity tolerance on the quantiles of ζ
     * @param seed       seed
     */
    public record Settings(int particles, double dt, double chunk, double maxTime, double tolerance, long seed) {
    }

    /**
     * A simulated population.
     *
     * @param tau        τ of every particle
     * @param stationary whether the criterion was met
     * @param reason     why the run ended
     * @param time       simulated time
     * @param wallMass   fraction of particles at τ = 1
     */
    public record Result(double[] tau, boolean stationary, String reason, double time, double wallMass) {
    }

    private TimescaleSde() {
    }

    /** Simulates from every particle at the wall (τ = 1) until stationary or the time cap. */
    public static Result simulate(Params p, Settings s) {
        if (p.drift() == Drift.CONSTANT && p.load() >= 1) {
            return new Result(new double[0], false, String.format(
                    "no stationary law: load ρ = λE[Y]/κ = %.3g ≥ 1 (jumps outrun the pull)", p.load()), 0, Double.NaN);
        }
        Population population = new Population(p, s.particles(), s.dt(), s.seed());
        int stepsPerChunk = Math.max(1, (int) Math.round(s.chunk() / s.dt()));
        java.util.List<double[]> history = new java.util.ArrayList<>();
        double minTime = MIN_RELAXATIONS * p.relaxationTime();
        int calm = 0;
        while (population.time() < s.maxTime()) {
            population.advance(stepsPerChunk);
            double[] stats = statistics(population.zeta);
            history.add(stats);
            boolean quiet = history.size() > LOOKBACK
                    && settled(history.get(history.size() - 1 - LOOKBACK), stats, s.tolerance());
            calm = quiet ? calm + 1 : 0;
            boolean tail = history.size() >= 2 && deepTailSettled(history.get(history.size() / 2 - 1), stats,
                    s.tolerance());
            if (calm >= 3 && tail && population.time() >= minTime) {
                return result(population, true, String.format("stationary after t = %.3g", population.time()));
            }
        }
        return result(population, false, String.format("time cap t = %.3g reached before the spectrum settled%s",
                population.time(), minTime > s.maxTime() ? String.format(" (%.0f relaxation times need t ≥ %.3g)",
                        MIN_RELAXATIONS, minTime) : ""));
    }

    /**
     * A population advanced step by step, whose parameters may change between steps without a
     * reset (the desktop lab's live simulation). Not thread-safe: one thread drives it; the
     * particle blocks fan out over the common fork-join pool inside {@link #advance}.
     */
    public static final class Population {
        private final double[] zeta;
        private final UniformRandomProvider[] rngs;
        private final Block[] blocks;
        private final double dt;
        private Params params;
        private double time;

        /** N particles at the wall (τ = 1), block k seeded from (seed, k). */
        public Population(Params p, int particles, double dt, long seed) {
            if (particles < 1 || !(dt > 0)) {
                throw new IllegalArgumentException("particles must be ≥ 1 and dt > 0");
            }
            this.zeta = new double[particles];
            this.dt = dt;
            int count = (particles + BLOCK - 1) / BLOCK;
            this.rngs = new UniformRandomProvider[count];
            this.blocks = new Block[count];
            for (int k = 0; k < count; k++) {
                rngs[k] = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, k});
            }
            setParams(p);
        }

        /** New parameters from the next step on; the particles and generators carry over. */
        public void setParams(Params p) {
            this.params = p;
            for (int k = 0; k < blocks.length; k++) {
                blocks[k] = new Block(p, rngs[k], dt);
            }
        }

        /** The parameters in force. */
        public Params params() {
            return params;
        }

        /** Advances every particle by {@code steps} Euler steps of dt. */
        public void advance(int steps) {
            IntStream.range(0, blocks.length).parallel().forEach(k -> {
                int from = k * BLOCK;
                blocks[k].advance(zeta, from, Math.min(zeta.length, from + BLOCK), steps);
            });
            time += steps * dt;
        }

        /** N. */
        public int size() {
            return zeta.length;
        }

        /** Simulated time since the start. */
        public double time() {
            return time;
        }

        /** Euler step. */
        public double dt() {
            return dt;
        }

        /** τ = e^{−ζ} of every particle (a copy). */
        public double[] tau() {
            double[] tau = new double[zeta.length];
            for (int i = 0; i < zeta.length; i++) {
                tau[i] = Math.exp(-zeta[i]);
            }
            return tau;
        }

        /** The fraction of particles at the wall τ = 1. */
        public double wallMass() {
            int wall = 0;
            for (double z : zeta) {
                wall += z == 0 ? 1 : 0;
            }
            return (double) wall / zeta.length;
        }
    }

    private static Result result(Population population, boolean stationary, String reason) {
        return new Result(population.tau(), stationary, reason, population.time(), population.wallMass());
    }

    /**
     * {mean ζ, q50, q10, q01 of ζ (long-τ side), wall mass}, in the next five entries their
     * standard errors, then q0.005 of ζ (the 99.5% quantile of ln τ, negated) and its error. The errors:
     * sd/√n for the mean, √(p(1−p)/n)/density for a quantile (the density
     * from the spacing of neighbouring quantiles), √(m(1−m)/n) for the wall mass.
     */
    static double[] statistics(double[] zeta) {
        double[] sorted = zeta.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double mean = Arrays.stream(sorted).average().orElse(0);
        double var = Arrays.stream(sorted).map(z -> (z - mean) * (z - mean)).sum() / n;
        int wall = 0;
        for (double z : sorted) {
            wall += z == 0 ? 1 : 0;
        }
        double m = (double) wall / n;
        return new double[] {mean, TailIndex.quantile(sorted, 0.5), TailIndex.quantile(sorted, 0.1),
            TailIndex.quantile(sorted, 0.01), m, Math.sqrt(var / n), quantileError(sorted, 0.5),
            quantileError(sorted, 0.1), quantileError(sorted, 0.01), Math.sqrt(m * (1 - m) / n),
            TailIndex.quantile(sorted, 0.005), quantileError(sorted, 0.005)};
    }

    private static double quantileError(double[] sorted, double p) {
        double h = Math.min(0.02, p / 2);
        double spacing = (TailIndex.quantile(sorted, p + h) - TailIndex.quantile(sorted, p - h)) / (2 * h);
        return Math.sqrt(p * (1 - p) / sorted.length) * spacing;
    }

    /** The 99.5% quantile of ln τ (index 10, its error at 11) moved less than the tolerance plus 3 errors. */
    private static boolean deepTailSettled(double[] then, double[] now, double tolerance) {
        return Math.abs(then[10] - now[10]) <= tolerance + 3 * Math.hypot(then[11], now[11]);
    }

    private static boolean settled(double[] a, double[] b, double tolerance) {
        for (int i = 0; i < 5; i++) {
            double allowed = (i == 4 ? tolerance / 4 : tolerance) + 3 * Math.hypot(a[i + 5], b[i + 5]);
            if (Math.abs(a[i] - b[i]) > allowed) {
                return false;
            }
        }
        return true;
    }

    /** One block's generator and samplers. */
    private static final class Block {
        private final Params p;
        private final UniformRandomProvider rng;
        private final ZigguratSampler.NormalizedGaussian gauss;
        private final SharedStateDiscreteSampler poisson;
        private final ZigguratSampler.Exponential exponential;
        private final StableSampler stable;
        private final double dt;
        private final double noise;

        Block(Params p, UniformRandomProvider rng, double dt) {
            this.p = p;
            this.rng = rng;
            this.dt = dt;
            this.noise = p.sigma() * Math.sqrt(dt);
            this.gauss = ZigguratSampler.NormalizedGaussian.of(rng);
            this.poisson = p.lambda() > 0 ? PoissonSampler.of(rng, p.lambda() * dt) : null;
            this.exponential = ZigguratSampler.Exponential.of(rng);
            // S0 location γ·tan(πα/2) puts a totally skewed (β = 1) law with α < 1 on [0, ∞).
            this.stable = p.jumps() == Jumps.STABLE
                    ? StableSampler.of(rng, p.alphaJ(), 1.0, p.yMin(), p.yMin() * Math.tan(Math.PI * p.alphaJ() / 2)) : null;
        }

        void advance(double[] zeta, int from, int to, int steps) {
            for (int step = 0; step < steps; step++) {
                for (int i = from; i < to; i++) {
                    double z = zeta[i] + drift(zeta[i]) * dt;
                    if (noise > 0) {
                        z += noise * gauss.sample();
                    }
                    if (poisson != null) {
                        int n = poisson.sample();
                        for (int k = 0; k < n; k++) {
                            z -= jump();
                        }
                    }
                    zeta[i] = Math.min(0, z);
                }
            }
        }

        private double drift(double z) {
            switch (p.drift()) {
                case CONSTANT:
                    return p.kappa();
                case SATURATING:
                    return p.kappa() * Math.tanh(p.theta() * (p.zetaStar() - z) / p.kappa());
                default:
                    return -p.theta() * (z - p.zetaStar());
            }
        }

        private double jump() {
            switch (p.jumps()) {
                case EXPONENTIAL:
                    return exponential.sample() / p.b();
                case PARETO:
                    while (true) {
                        double y = p.yMin() * Math.pow(1 - rng.nextDouble(), -1 / p.alphaJ());
                        if (p.cutoff() == 0 || rng.nextDouble() < Math.exp(-p.cutoff() * (y - p.yMin()))) {
                            return y;
                        }
                    }
                case STABLE:
                    return Math.max(0, stable.sample());
                default:
                    return 0;
            }
        }
    }
}
