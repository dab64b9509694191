package org.timescalelab.theory;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The learnability window H_N(N) of a diagnostic sample, measured against the noise of the whole
 * update (docs/envelope-and-window.md, "Learnability window" and "Uncertainty"), each number with a
 * 90 % interval from a bootstrap over whole diagnostic sequences.
 *
 * <p>Inputs, per sequence n and random unit direction w_k: the lag terms ψ_{n,k}(ℓ) and the whole
 * term g_{n,k} (the sequence's preconditioned update along w_k per step, in ψ's units).
 * <ul>
 *   <li>Noise ({@link UpdateNoise}): one SαS fit per direction to {g_{n,k}}_n, the same for every
 *       lag; pooled α̂ = median over directions, κ̂ = α̂/(α̂ − 1), σ̂ = mean_k σ̂_k.</li>
 *   <li>Signal ({@link LagSignal}): m̄(ℓ) = mean_k |mean_n ψ_{n,k}(ℓ)|.</li>
 *   <li>N̂(ℓ) = (ε σ̂ / m̄(ℓ))^κ̂ for resolved lags: the seed's N(ℓ) ∝ f(ℓ)^{−κ} exactly when
 *       m̄ ∝ f, which {@link #chain} measures rather than assumes.</li>
 *   <li>Resolved: the lag's own self-normalised ratio (median over directions of |μ_k| n^{1/κ̂}/s_k,
 *       s_k the quantile scale of ψ_k(ℓ)) ≥ {@value Learnability#RESOLUTION_SNR}, in the sample and in
 *       at least {@value #STABLE_SHARE} of the resamples (under heavy tails one large draw can lift a
 *       zero-signal lag above 3; every resample that leaves it out, 37 % of them, drops it again).</li>
 *   <li>An unresolved lag ℓ ends the walk of the first crossing while N ≤ (ε σ̂ / m̄₉₅(ℓ))^κ̂, the
 *       sample size at which a signal at the upper end of its 90 % interval would become
 *       detectable; beyond it the window is a lower bound ("cannot tell"). (A limit from the
 *       resolution threshold alone, n (ε σ̂ /(3 s̄))^κ̂, claimed windows that were wrong: an
 *       unresolved lag's true signal can lie above the threshold — measured coverage 0.44.)</li>
 *   <li>The paper code's statistic, noise fitted to each lag's own ψ samples, N̂_author(ℓ) =
 *       (ε / mean_k(|μ_k|/s_k))^κ̂ — f cancels from it (ψ is linear in μ) — is kept as a labelled
 *       second estimate, never the headline.</li>
 * </ul>
 *
 * <p>Intervals: each resample draws n of n sequences and {@link #directionsDrawn m} of the K
 * directions with replacement — a two-way bootstrap: the sequences and the random directions are
 * both samples, and a fresh diagnostic sample redraws both (with the directions held fixed, the
 * chain slope's interval was 0.027 wide against a spread of 0.13 across six redraws of the demo
 * preset); m &lt; K because K is small — and recomputes everything, the pooled α̂ included.
 * Intervals of N̂, m̄, σ̂ and the chain slope are bias-corrected percentile intervals
 * ({@link Bootstrap}: measured, they cover better than plain percentiles at n = 256). α̂'s is the
 * plain percentile interval of the <i>unclipped</i> pooled regression slopes, clipped to [1, 2]
 * afterwards: percentiles of an estimate clipped at 2 pile up at the boundary (measured before:
 * 0.71 at α = 1.95); bias correction made α̂'s coverage worse at every α tried. With the
 * directions resampled every cell of the coverage suite reaches 0.88 or more, α = 1.95 included
 * (docs/envelope-and-window.md, "Uncertainty"). H_N's interval takes
 * order statistics of the resamples' grid lags (a censored resample window enters the lower end as ℓ
 * and the upper as +∞), so its ends are grid lags; {@link #lagHigh} gives the bracket above one.
 * Coverage is measured by {@code WindowCoverageTest}.
 *
 * <p>Length: about 410 lines: one set of bootstrap draws and every number read from it (window,
 * brackets, N̂, chain, implied and paper's windows, intervals); the per-lag and per-direction work
 * already lives in {@link LagSignal} and {@link UpdateNoise}.
 *
 * <p>Implementation notes: lags run in parallel on the common pool; the result does not depend on
 * scheduling. Immutable and thread-safe; accessors return copies.
 */
public final class WindowEstimate {

    /** Default bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 200;

    /** Share of resamples in which a lag must also reach SNR_n ≥ 3 to count as resolved. */
    public static final double STABLE_SHARE = 0.8;

    private final double[] lags;
    private final double threshold;
    private final int samples;
    private final UpdateNoise noise;
    private final LagSignal[] perLag;
    /** [draw][lag]: draw 0 is the sample. */
    private final boolean[][] resolved;
    private final double[][] minimal;
    private final double[][] limit;
    private final double[] author;

    private WindowEstimate(double[] lags, double threshold, int samples, UpdateNoise noise, LagSignal[] perLag) {
        this.lags = lags;
        this.threshold = threshold;
        this.samples = samples;
        this.noise = noise;
        this.perLag = perLag;
        int l = lags.length;
        int draws = noise.pooledRaw.length;
        boolean[] stable = new boolean[l];
        for (int li = 0; li < l; li++) {
            int above = 0;
            for (int r = 1; r < draws; r++) {
                above += snr(li, r) >= Learnability.RESOLUTION_SNR ? 1 : 0;
            }
            stable[li] = draws == 1 || above >= STABLE_SHARE * (draws - 1);
        }
        resolved = new boolean[draws][l];
        minimal = new double[draws][l];
        limit = new double[draws][l];
        author = new double[l];
        double[] signalHigh = draws > 1 ? signalInterval()[1] : column(i -> perLag[i].signal[0]);
        for (int r = 0; r < draws; r++) {
            double a = alphaOf(r);
            for (int li = 0; li < l; li++) {
                resolved[r][li] = stable[li] && snr(li, r) >= Learnability.RESOLUTION_SNR;
                minimal[r][li] = resolved[r][li]
                        ? Learnability.minimalSamples(perLag[li].signal[r], noise.scale[r], a, threshold) : Double.NaN;
                limit[r][li] = Learnability.minimalSamples(Math.max(signalHigh[li], perLag[li].signal[r]),
                        noise.scale[r], a, threshold);
            }
        }
        double k0 = kappa();
        for (int li = 0; li < l; li++) {
            double ratio = perLag[li].authorRatio[0];
            author[li] = resolved[0][li] && ratio > 0 ? Math.pow(threshold / ratio, k0) : Double.NaN;
        }
    }

    /** The lag's own SNR at the diagnostic sample size in draw r. */
    private double snr(int li, int r) {
        double ratio = perLag[li].ownRatio[r];
        double a = alphaOf(r);
        return ratio >= 0 && Double.isFinite(a) ? ratio * Math.pow(samples, 1 / Learnability.kappa(a)) : Double.NaN;
    }

    private double alphaOf(int r) {
        return UpdateNoise.clip(noise.pooledRaw[r]);
    }

    /**
     * Estimates everything from the lag terms and the whole terms.
     *
     * @param psi       ψ_{n,k}(ℓ), [sequence][direction][lag index]
     * @param whole     g_{n,k}, [sequence][direction]
     * @param lags      the lag grid, increasing
     * @param threshold ε
     * @param resamples bootstrap resamples (0: point estimates only, intervals NaN)
     * @param rng       the bootstrap's generator
     */
    public static WindowEstimate of(double[][][] psi, double[][] whole, double[] lags, double threshold,
                                    int resamples, UniformRandomProvider rng) {
        int n = psi.length;
        int[][] counts = new int[resamples + 1][n];
        Arrays.fill(counts[0], 1);
        for (int r = 1; r <= resamples; r++) {
            for (int j = 0; j < n; j++) {
                counts[r][rng.nextInt(n)]++;
            }
        }
        int k = whole[0].length;
        int[][] directions = new int[resamples + 1][];
        directions[0] = IntStream.range(0, k).toArray();
        int drawn = directionsDrawn(k);
        for (int r = 1; r <= resamples; r++) {
            directions[r] = new int[drawn];
            for (int j = 0; j < drawn; j++) {
                directions[r][j] = rng.nextInt(k);
            }
        }
        UpdateNoise noise = UpdateNoise.of(whole, counts, directions);
        LagSignal.Sums sums = LagSignal.sums(psi, counts);
        LagSignal[] per = new LagSignal[lags.length];
        IntStream.range(0, lags.length).parallel()
                .forEach(li -> per[li] = LagSignal.of(psi, li, counts, noise.pooledRaw, directions, sums));
        return new WindowEstimate(lags.clone(), threshold, n, noise, per);
    }

    /**
     * Directions a resample draws out of K: m = (K − 1)(z/t)², z and t the 95 % points of the normal
     * and of Student's t with K − 1 degrees of freedom (at least 1). A mean over m of K directions drawn
     * with replacement has (K − 1)/(K m) times their spread's variance; this m gives the variance of
     * a mean of K fresh directions inflated by (t/z)², so that the percentile interval is as wide as
     * the t interval a sample of K directions calls for (K = 8: m = 5; K of K would undercover: the
     * N̂ coverage at n = 2048, where the directions dominate, was 0.79 with K of 8 and 0.83 with 7 of 8).
     */
    static int directionsDrawn(int k) {
        if (k < 2) {
            return 1;
        }
        double t = new org.apache.commons.math3.distribution.TDistribution(null, k - 1).inverseCumulativeProbability(0.95);
        double ratio = Bootstrap.Z90 / t;
        return Math.max(1, (int) Math.round((k - 1) * ratio * ratio));
    }

    private int draws() {
        return noise.pooledRaw.length;
    }

    /** H_N(N) from the full sample. */
    public Learnability.Window window(double n) {
        return Learnability.window(lags, minimal[0], resolved[0], n, limit[0]);
    }

    /** The grid lag above a window's lag: the window is the bracket [H_N, lagHigh); NaN above the last. */
    public double lagHigh(double windowLag) {
        for (double lag : lags) {
            if (lag > windowLag) {
                return lag;
            }
        }
        return Double.NaN;
    }

    /**
     * The 90 % bootstrap interval of H_N(N), {low, high}, both grid lags (or 0); high is +∞ when
     * more than 5 % of the resamples cannot tell (censored), NaN without resamples.
     */
    public double[] windowInterval(double n) {
        int b = draws() - 1;
        if (b == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] low = new double[b];
        double[] high = new double[b];
        for (int r = 1; r <= b; r++) {
            Learnability.Window w = Learnability.window(lags, minimal[r], resolved[r], n, limit[r]);
            low[r - 1] = w.lag();
            high[r - 1] = w.censored() ? Double.POSITIVE_INFINITY : w.lag();
        }
        Arrays.sort(low);
        Arrays.sort(high);
        return new double[] {low[(int) Math.floor(0.05 * (b - 1))], high[(int) Math.ceil(0.95 * (b - 1))]};
    }

    /**
     * The chain, measured (docs/envelope-and-window.md, "The chain"): over the sample's resolved lags,
     * the slope of ln m̄(ℓ) on ln f(ℓ) — the premise that the lag's signal follows the envelope
     * predicts 1 — with a 90 % interval over the resamples (the same lags in each; f held at the
     * sample's value, its sampling error being far below m̄'s). The noise's slope on ln f is 0 by
     * construction.
     *
     * @return {slope, low, high, lags used}
     */
    public double[] chain(double[] envelope) {
        int l = lags.length;
        double[] lnF = new double[l];
        for (int i = 0; i < l; i++) {
            lnF[i] = envelope[i] > 0 ? Math.log(envelope[i]) : Double.NaN;
        }
        double[] slopes = new double[draws()];
        double points = 0;
        for (int r = 0; r < draws(); r++) {
            double[] lnM = new double[l];
            for (int i = 0; i < l; i++) {
                lnM[i] = Math.log(perLag[i].signal[r]);
            }
            double[] fit = Learnability.regression(lnF, lnM, resolved[0]);
            slopes[r] = fit[0];
            points = r == 0 ? fit[2] : points;
        }
        double[] iv = Bootstrap.interval(slopes[0], Arrays.copyOfRange(slopes, 1, slopes.length));
        return new double[] {slopes[0], iv[0], iv[1], points};
    }

    /**
     * The envelope-implied minimal samples N_f(ℓ) = N̂(ℓ₀) (f(ℓ₀)/f(ℓ))^κ̂, calibrated at the first
     * resolved lag ℓ₀ with a finite N̂; all NaN when there is none.
     */
    public double[] impliedMinimalSamples(double[] envelope) {
        double[] out = new double[lags.length];
        Arrays.fill(out, Double.NaN);
        for (int i = 0; i < lags.length; i++) {
            if (resolved[0][i] && Double.isFinite(minimal[0][i]) && envelope[i] > 0) {
                double k = kappa();
                for (int j = 0; j < lags.length; j++) {
                    out[j] = envelope[j] > 0 ? minimal[0][i] * Math.pow(envelope[i] / envelope[j], k)
                            : Double.POSITIVE_INFINITY;
                }
                return out;
            }
        }
        return out;
    }

    /** The envelope-implied window: the first crossing of {@link #impliedMinimalSamples} ≤ N (NaN: none). */
    public double impliedWindow(double[] envelope, double n) {
        double[] implied = impliedMinimalSamples(envelope);
        return Double.isNaN(implied[0]) ? Double.NaN : Learnability.exactWindow(lags, implied, n);
    }

    /** The paper code's window: its N̂_author with the old resolution limit n (ε/3)^κ̂. */
    public Learnability.Window authorWindow(double n) {
        double[] lim = new double[lags.length];
        Arrays.fill(lim, Learnability.resolutionLimit(samples, pooledAlpha(), threshold));
        return Learnability.window(lags, author, resolved[0], n, lim);
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
        return draws() - 1;
    }

    /** m̄(ℓ) = mean_k |mean_n ψ_{n,k}(ℓ)|. */
    public double[] signal() {
        return column(i -> perLag[i].signal[0]);
    }

    /** σ̂ of the whole update (mean over directions), the same for every lag. */
    public double noiseScale() {
        return noise.scale[0];
    }

    /** 90 % interval {low, high} of σ̂. */
    public double[] noiseScaleInterval() {
        return Bootstrap.interval(noise.scale[0], Arrays.copyOfRange(noise.scale, 1, draws()));
    }

    /** Per direction, α̂_k of the whole update's noise. */
    public double[] directionAlpha() {
        return noise.directionAlpha.clone();
    }

    /** Per direction, σ̂_k of the whole update's noise. */
    public double[] directionScale() {
        return noise.directionScale.clone();
    }

    /** Each lag's own SNR_n (median direction), which decides resolution. */
    public double[] snr() {
        return column(i -> snr(i, 0));
    }

    /** Whether each lag is resolved. */
    public boolean[] resolved() {
        return resolved[0].clone();
    }

    /** Resolved lags. */
    public int resolvedCount() {
        int c = 0;
        for (boolean r : resolved[0]) {
            c += r ? 1 : 0;
        }
        return c;
    }

    /** N̂(ℓ) for resolved lags, NaN for the others. */
    public double[] minimalSamples() {
        return minimal[0].clone();
    }

    /** The paper code's N̂_author(ℓ) for resolved lags, NaN for the others. */
    public double[] authorMinimalSamples() {
        return author.clone();
    }

    /** The pooled α̂ (median over directions, clipped to [1, 2]). */
    public double pooledAlpha() {
        return alphaOf(0);
    }

    /** κ̂ = κ(pooled α̂). */
    public double kappa() {
        return Learnability.kappa(pooledAlpha());
    }

    /**
     * 90 % interval {low, high} of the pooled α̂: percentiles of the unclipped resample slopes,
     * clipped to [1, 2] (a high end of 2 reads "consistent with Gaussian").
     */
    public double[] pooledAlphaInterval() {
        double[] iv = Bootstrap.percentile(Arrays.copyOfRange(noise.pooledRaw, 1, draws()));
        return new double[] {UpdateNoise.clip(iv[0]), UpdateNoise.clip(iv[1])};
    }

    /** 90 % intervals of m̄(ℓ): {low[], high[]}. */
    public double[][] signalInterval() {
        return perLag((li, r) -> perLag[li].signal[r]);
    }

    /** 90 % intervals of N̂(ℓ) (NaN where the point is unresolved; +∞ where resamples could not tell). */
    public double[][] minimalSamplesInterval() {
        double[][] out = perLag((li, r) -> minimal[r][li]);
        for (int li = 0; li < lags.length; li++) {
            if (!resolved[0][li]) {
                out[0][li] = Double.NaN;
                out[1][li] = Double.NaN;
            }
        }
        return out;
    }

    private interface Cell {
        double at(int lag, int draw);
    }

    private double[] column(java.util.function.IntToDoubleFunction f) {
        return IntStream.range(0, lags.length).mapToDouble(f).toArray();
    }

    /** Per lag, the BC interval over the resamples; an unresolved resample (NaN) counts as +∞. */
    private double[][] perLag(Cell cell) {
        double[][] out = new double[2][lags.length];
        for (int li = 0; li < lags.length; li++) {
            double[] column = new double[draws() - 1];
            for (int r = 1; r < draws(); r++) {
                double v = cell.at(li, r);
                column[r - 1] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
            }
            double[] iv = Bootstrap.interval(cell.at(li, 0), column);
            out[0][li] = iv[0];
            out[1][li] = iv[1];
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
