package org.timescalelab.theory;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The per-lag learnability statistics of a diagnostic sample and the window H_N(N), each with a
 * 90 % interval from a bootstrap over whole diagnostic sequences (docs/envelope-and-window.md,
 * "Uncertainty").
 *
 * <p>From the matched statistics ψ_n(ℓ) of n sequences: the signal m̄(ℓ) = |mean_n ψ_n(ℓ)|; the tail
 * index α̂(ℓ) of each lag by Koutrouvelis's regression ({@link TailIndex#koutrouvelis}); one pooled
 * α̂ = the median of α̂(ℓ) over lags, which sets κ̂ = α̂/(α̂ − 1) for every lag; the scale σ̂(ℓ) refitted
 * on the same characteristic-function points with α held at the pooled α̂; SNR_n(ℓ), the resolved
 * flag and N̂(ℓ) = (ε σ̂/m̄)^κ̂ for resolved lags (NaN for the others); and H_N(N) by
 * {@link Learnability#window}.
 *
 * <p>Resolution: SNR_n ≥ {@value Learnability#RESOLUTION_SNR} and, with resamples, the mean ψ keeps its
 * sign in at least {@value #SIGN_CONSISTENCY} of them. Our addition to the specification's SNR rule:
 * under heavy-tailed noise one large draw can lift a lag whose true signal is zero above SNR 3 (for
 * α = 1.5, |S| ≥ 3 has probability about 8 %), and such a mean flips sign in every resample that
 * leaves that draw out (about 37 % of them).
 *
 * <p>Our choices: a pooled α̂ because one lag's α̂ from n = 2048 values still has a standard
 * deviation of about 0.05, which moves κ and so ln N̂ by several units, while the noise law is a
 * property of the gradient noise shared by all lags; with a pooled κ̂ the master-law regressions
 * are invariant to the units of f and of ε. Each bootstrap resample draws n of the n sequences with
 * replacement and recomputes everything above, the pooled α̂ included; the characteristic function
 * of a resample is evaluated on the full sample's grid of t (the grid only says where φ̂ is read).
 * A censored resample window ("≥ ℓ") enters the lower end of the window's interval as ℓ and the
 * upper end as +∞.
 *
 * <p>Implementation notes: cos(t x_i) and sin(t x_i) are tabulated once per lag, i-major, so a
 * resample's φ̂ on the whole grid is a sum of count-weighted rows (a vectorisable axpy). Lags run in
 * parallel on the common pool; the result does not depend on scheduling. Immutable and
 * thread-safe; accessors return copies.
 */
public final class WindowEstimate {

    /** Default bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 200;

    /** Share of resamples whose mean ψ has the full sample's sign, from which a lag can be resolved. */
    public static final double SIGN_CONSISTENCY = 0.95;

    private final double[] lags;
    private final double threshold;
    private final int samples;
    private final double[] signal;
    private final double[] alpha;
    private final double[] scale;
    private final double[] snr;
    private final boolean[] resolved;
    private final double[] minimalSamples;
    private final double pooledAlpha;
    private final double[][] repSignal;
    private final double[][] repAlpha;
    private final double[][] repScale;
    private final double[][] repMinimal;
    private final boolean[][] repResolved;
    private final double[] repPooledAlpha;
    private final boolean[] signConsistent;

    private WindowEstimate(double[] lags, double threshold, int samples, double[][] point, double[][][] reps) {
        this.lags = lags;
        this.threshold = threshold;
        this.samples = samples;
        this.signal = point[0];
        this.alpha = point[1];
        this.scale = point[2];
        this.pooledAlpha = point[3][0];
        this.repSignal = reps[0];
        this.repAlpha = reps[1];
        this.repScale = reps[2];
        this.repPooledAlpha = reps[3][0];
        this.signConsistent = new boolean[lags.length];
        for (int li = 0; li < lags.length; li++) {
            signConsistent[li] = point[4][li] >= SIGN_CONSISTENCY || repSignal.length == 0;
        }
        this.snr = new double[lags.length];
        this.resolved = new boolean[lags.length];
        this.minimalSamples = new double[lags.length];
        derive(signal, scale, pooledAlpha, snr, resolved, minimalSamples);
        int b = repSignal.length;
        this.repMinimal = new double[b][lags.length];
        this.repResolved = new boolean[b][lags.length];
        for (int r = 0; r < b; r++) {
            derive(repSignal[r], repScale[r], repPooledAlpha[r], new double[lags.length], repResolved[r], repMinimal[r]);
        }
    }

    /**
     * Estimates everything from the matched statistics.
     *
     * @param psi       ψ_n(ℓ), [sequence][lag index]
     * @param lags      the lag grid, increasing
     * @param threshold ε
     * @param resamples bootstrap resamples (0: point estimates only, intervals NaN)
     * @param rng       the bootstrap's generator
     */
    public static WindowEstimate of(double[][] psi, double[] lags, double threshold, int resamples,
                                    UniformRandomProvider rng) {
        int n = psi.length;
        int l = lags.length;
        int[][] counts = new int[resamples][n];
        for (int[] c : counts) {
            for (int j = 0; j < n; j++) {
                c[rng.nextInt(n)]++;
            }
        }
        double[] signal = new double[l];
        double[] consistency = new double[l];
        double[] alpha = new double[l];
        double[][] lnT = new double[l][];
        double[][] mod2 = new double[l][];
        double[][] repSignal = new double[resamples][l];
        double[][] repAlpha = new double[resamples][l];
        double[][][] repMod2 = new double[resamples][l][];
        IntStream.range(0, l).parallel().forEach(li -> {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = psi[i][li];
            }
            LagSample s = LagSample.of(x, counts);
            signal[li] = s.signal;
            consistency[li] = s.consistency;
            alpha[li] = s.alpha;
            lnT[li] = s.lnT;
            mod2[li] = s.mod2;
            for (int r = 0; r < resamples; r++) {
                repSignal[r][li] = s.repSignal[r];
                repAlpha[r][li] = s.repAlpha[r];
                repMod2[r][li] = s.repMod2[r];
            }
        });
        double pooled = median(alpha);
        double[] scale = scales(lnT, mod2, pooled);
        double[] repPooled = new double[resamples];
        double[][] repScale = new double[resamples][];
        for (int r = 0; r < resamples; r++) {
            repPooled[r] = median(repAlpha[r]);
            repScale[r] = scales(lnT, repMod2[r], repPooled[r]);
        }
        return new WindowEstimate(lags.clone(), threshold, n,
                new double[][] {signal, alpha, scale, {pooled}, consistency},
                new double[][][] {repSignal, repAlpha, repScale, {repPooled}});
    }

    private static double[] scales(double[][] lnT, double[][] mod2, double alpha) {
        double[] s = new double[lnT.length];
        for (int li = 0; li < s.length; li++) {
            s[li] = lnT[li] == null || mod2[li] == null || !Double.isFinite(alpha) ? Double.NaN
                    : TailIndex.scaleAtAlpha(lnT[li], mod2[li], alpha);
        }
        return s;
    }

    private void derive(double[] m, double[] sigma, double a, double[] snrOut, boolean[] resolvedOut,
                        double[] minimalOut) {
        for (int li = 0; li < lags.length; li++) {
            boolean ok = m[li] >= 0 && sigma[li] > 0 && Double.isFinite(a);
            snrOut[li] = ok ? Learnability.snr(Math.abs(m[li]), sigma[li], a, samples) : Double.NaN;
            resolvedOut[li] = ok && signConsistent[li] && snrOut[li] >= Learnability.RESOLUTION_SNR;
            minimalOut[li] = resolvedOut[li] ? Learnability.minimalSamples(m[li], sigma[li], a, threshold) : Double.NaN;
        }
    }

    /** H_N(N) from the full sample. */
    public Learnability.Window window(double n) {
        return Learnability.window(lags, minimalSamples, resolved, n, resolutionLimit(pooledAlpha));
    }

    /**
     * The 90 % bootstrap interval of H_N(N): {low, high}; high is +∞ when more than 5 % of the
     * resamples could not tell (censored), NaN without resamples.
     */
    public double[] windowInterval(double n) {
        int b = repSignal.length;
        if (b == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] low = new double[b];
        double[] high = new double[b];
        for (int r = 0; r < b; r++) {
            Learnability.Window w = Learnability.window(lags, repMinimal[r], repResolved[r], n,
                    resolutionLimit(repPooledAlpha[r]));
            low[r] = w.lag();
            high[r] = w.censored() ? Double.POSITIVE_INFINITY : w.lag();
        }
        Arrays.sort(low);
        Arrays.sort(high);
        return new double[] {TailIndex.quantile(low, 0.05), quantileOrInfinity(high, 0.95)};
    }

    private static double quantileOrInfinity(double[] sorted, double p) {
        int hi = (int) Math.ceil(p * (sorted.length - 1));
        return Double.isInfinite(sorted[hi]) ? Double.POSITIVE_INFINITY : TailIndex.quantile(sorted, p);
    }

    private double resolutionLimit(double a) {
        return Learnability.resolutionLimit(samples, a, threshold);
    }

    /**
     * The master-law check (descriptive; neither enters H_N): over resolved lags, the slope of
     * ln(m̄/σ̂) on ln f — the premise that the noise scale does not follow the envelope predicts 1 —
     * and the slope of ln N̂/κ̂ on −ln f, predicted 1. With one pooled κ̂ the two regressions have the
     * same slope by construction (ln N̂/κ̂ = ln ε − ln(m̄/σ̂)); both are reported as the specification asks.
     *
     * @return {premise slope, master slope, lags used}
     */
    public double[] masterLaw(double[] envelope) {
        int l = lags.length;
        double[] lnF = new double[l];
        double[] negLnF = new double[l];
        double[] ratio = new double[l];
        double[] lnN = new double[l];
        double kappa = Learnability.kappa(pooledAlpha);
        for (int i = 0; i < l; i++) {
            lnF[i] = envelope[i] > 0 ? Math.log(envelope[i]) : Double.NaN;
            negLnF[i] = -lnF[i];
            ratio[i] = Math.log(signal[i] / scale[i]);
            lnN[i] = Math.log(minimalSamples[i]) / kappa;
        }
        double[] premise = Learnability.regression(lnF, ratio, resolved);
        double[] master = Learnability.regression(negLnF, lnN, resolved);
        return new double[] {premise[0], master[0], premise[2]};
    }

    /** The lag grid. */
    public double[] lags() {
        return lags.clone();
    }

    /** n, the diagnostic sequences. */
    public int samples() {
        return samples;
    }

    /** Bootstrap resamples behind the intervals. */
    public int resamples() {
        return repSignal.length;
    }

    /** ε. */
    public double threshold() {
        return threshold;
    }

    /** m̄(ℓ). */
    public double[] signal() {
        return signal.clone();
    }

    /** α̂(ℓ) of each lag's own fit. */
    public double[] alpha() {
        return alpha.clone();
    }

    /** σ̂(ℓ) at the pooled α̂. */
    public double[] scale() {
        return scale.clone();
    }

    /** SNR_n(ℓ) at the diagnostic sample size. */
    public double[] snr() {
        return snr.clone();
    }

    /** Whether each lag is resolved (SNR_n ≥ {@value Learnability#RESOLUTION_SNR}). */
    public boolean[] resolved() {
        return resolved.clone();
    }

    /** Resolved lags. */
    public int resolvedCount() {
        int c = 0;
        for (boolean r : resolved) {
            c += r ? 1 : 0;
        }
        return c;
    }

    /** N̂(ℓ) for resolved lags, NaN for the others. */
    public double[] minimalSamples() {
        return minimalSamples.clone();
    }

    /** The pooled α̂ (median over lags). */
    public double pooledAlpha() {
        return pooledAlpha;
    }

    /** κ̂ = κ(pooled α̂). */
    public double kappa() {
        return Learnability.kappa(pooledAlpha);
    }

    /** 90 % interval {low, high} of the pooled α̂. */
    public double[] pooledAlphaInterval() {
        return interval(repPooledAlpha);
    }

    /** 90 % intervals of m̄(ℓ): {low[], high[]}. */
    public double[][] signalInterval() {
        return perLag(repSignal);
    }

    /** 90 % intervals of α̂(ℓ): {low[], high[]}. */
    public double[][] alphaInterval() {
        return perLag(repAlpha);
    }

    /** 90 % intervals of σ̂(ℓ): {low[], high[]}. */
    public double[][] scaleInterval() {
        return perLag(repScale);
    }

    /** 90 % intervals of N̂(ℓ) over the resamples (NaN where the point is unresolved): {low[], high[]}. */
    public double[][] minimalSamplesInterval() {
        double[][] out = perLag(repMinimal);
        for (int li = 0; li < lags.length; li++) {
            if (!resolved[li]) {
                out[0][li] = Double.NaN;
                out[1][li] = Double.NaN;
            }
        }
        return out;
    }

    private double[][] perLag(double[][] reps) {
        double[][] out = new double[2][lags.length];
        for (int li = 0; li < lags.length; li++) {
            double[] column = new double[reps.length];
            for (int r = 0; r < reps.length; r++) {
                double v = reps[r][li];
                column[r] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
            }
            double[] iv = interval(column);
            out[0][li] = iv[0];
            out[1][li] = iv[1];
        }
        return out;
    }

    /** {5 %, 95 %} quantiles of the finite-or-infinite values (NaN dropped), NaN when none. */
    private static double[] interval(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double lo = v[(int) Math.floor(0.05 * (v.length - 1))];
        double hi = v[(int) Math.ceil(0.95 * (v.length - 1))];
        return new double[] {Double.isInfinite(lo) ? lo : TailIndex.quantile(v, 0.05),
            Double.isInfinite(hi) ? hi : TailIndex.quantile(v, 0.95)};
    }

    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    /** One lag's sample: the point statistics and every resample's. */
    private static final class LagSample {
        double signal = Double.NaN;
        double consistency = Double.NaN;
        double alpha = Double.NaN;
        double[] lnT;
        double[] mod2;
        double[] repSignal;
        double[] repAlpha;
        double[][] repMod2;

        static LagSample of(double[] x, int[][] counts) {
            LagSample s = new LagSample();
            int b = counts.length;
            s.repSignal = new double[b];
            s.repAlpha = new double[b];
            s.repMod2 = new double[b][];
            Arrays.fill(s.repSignal, Double.NaN);
            Arrays.fill(s.repAlpha, Double.NaN);
            double[] finite = Arrays.stream(x).filter(Double::isFinite).toArray();
            if (finite.length < 2) {
                return s;
            }
            double spread = TailIndex.iqr(finite) / 1.349;
            double mean = Arrays.stream(finite).average().orElse(0);
            s.signal = Math.abs(mean);
            int same = 0;
            for (int r = 0; r < b; r++) {
                double m = weightedMean(x, counts[r]);
                s.repSignal[r] = Math.abs(m);
                same += Math.signum(m) == Math.signum(mean) && mean != 0 ? 1 : 0;
            }
            s.consistency = b > 0 ? (double) same / b : Double.NaN;
            if (!(spread > 0)) {
                return s;
            }
            s.lnT = TailIndex.characteristicGrid(spread);
            int g = s.lnT.length;
            int n = x.length;
            double[] cos = new double[n * g];
            double[] sin = new double[n * g];
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(x[i])) {
                    for (int k = 0; k < g; k++) {
                        double tx = Math.exp(s.lnT[k]) * x[i];
                        cos[i * g + k] = Math.cos(tx);
                        sin[i * g + k] = Math.sin(tx);
                    }
                }
            }
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            s.mod2 = modulus(x, ones, cos, sin, g);
            s.alpha = alphaOf(s.lnT, s.mod2);
            for (int r = 0; r < b; r++) {
                s.repMod2[r] = modulus(x, counts[r], cos, sin, g);
                s.repAlpha[r] = alphaOf(s.lnT, s.repMod2[r]);
            }
            return s;
        }

        private static double alphaOf(double[] lnT, double[] mod2) {
            double[] fit = TailIndex.characteristicFit(lnT, mod2);
            return fit == null ? Double.NaN : Math.min(2, Math.max(1, fit[1]));
        }

        private static double weightedMean(double[] x, int[] w) {
            double sum = 0;
            long total = 0;
            for (int i = 0; i < x.length; i++) {
                if (w[i] != 0 && Double.isFinite(x[i])) {
                    sum += w[i] * x[i];
                    total += w[i];
                }
            }
            return total > 0 ? sum / total : Double.NaN;
        }

        /** |φ̂(t_k)|² of the count-weighted sample on the grid. */
        private static double[] modulus(double[] x, int[] w, double[] cos, double[] sin, int g) {
            double[] c = new double[g];
            double[] s = new double[g];
            long total = 0;
            for (int i = 0; i < x.length; i++) {
                int wi = w[i];
                if (wi == 0 || !Double.isFinite(x[i])) {
                    continue;
                }
                total += wi;
                int o = i * g;
                for (int k = 0; k < g; k++) {
                    c[k] += wi * cos[o + k];
                    s[k] += wi * sin[o + k];
                }
            }
            double[] m = new double[g];
            for (int k = 0; k < g; k++) {
                double ck = c[k] / total;
                double sk = s[k] / total;
                m[k] = ck * ck + sk * sk;
            }
            return m;
        }
    }
}
