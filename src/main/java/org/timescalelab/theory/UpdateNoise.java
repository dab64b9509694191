package org.timescalelab.theory;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The noise the window is measured against (docs/envelope-and-window.md, "Learnability window"):
 * per parameter direction k, a symmetric α-stable fit to the sequences' whole update terms
 * g_{n,k}, for the sample and for every bootstrap resample.
 *
 * <p>Each fit is the ECF regression of {@link TailIndex} ({@link TailIndex#mcCulloch McCulloch}
 * where the regression fails) on the count-weighted sample. Per draw d (d = 0 the sample,
 * d ≥ 1 the resamples): the direction's raw α̂_k (the regression's slope, not clipped), σ̂_k with α̂
 * clipped to [1, 2], the pooled raw α̂ = median over directions, and the noise scale
 * σ̂ = mean over directions of σ̂_k.
 *
 * <p>Our choice, refining the specification's geometric mean over directions: sizes are averaged
 * arithmetically (σ̂ here, m̄ in {@link WindowEstimate}). A geometric mean is ruled by the direction
 * with the smallest projection of the signal, where |mean ψ| is inflated by the noise; the mean of
 * |projections| estimates the size of the signal itself (E_w |ḡ·w| ∝ |ḡ|).
 *
 * <p>Implementation notes: cos(t x_i), sin(t x_i) are tabulated once per direction, i-major, so
 * every draw's |φ̂|² on the whole grid comes from one blocked product of counts and table
 * ({@link CountSums}). Directions run in parallel on the
 * common pool; the result does not depend on scheduling. Package-private; immutable after
 * construction.
 */
final class UpdateNoise {

    /** Per draw, the pooled raw α̂ (median over directions of the unclipped regression slopes). */
    final double[] pooledRaw;
    /** Per draw, σ̂ = mean over directions of σ̂_k. */
    final double[] scale;
    /** The sample's α̂_k, clipped to [1, 2]. */
    final double[] directionAlpha;
    /** The sample's σ̂_k. */
    final double[] directionScale;

    private UpdateNoise(double[] pooledRaw, double[] scale, double[] directionAlpha, double[] directionScale) {
        this.pooledRaw = pooledRaw;
        this.scale = scale;
        this.directionAlpha = directionAlpha;
        this.directionScale = directionScale;
    }

    /**
     * Fits every direction in every draw.
     *
     * @param whole      g_{n,k}, [sequence][direction]
     * @param counts     per draw, how often each sequence is drawn, [draw][sequence]
     * @param directions per draw, the directions it pools (with repeats), [draw][K]; draw 0 holds each once
     */
    static UpdateNoise of(double[][] whole, int[][] counts, int[][] directions) {
        int k = whole[0].length;
        int draws = counts.length;
        double[][][] fits = new double[k][][];
        IntStream.range(0, k).parallel().forEach(d -> fits[d] = direction(column(whole, d), counts));
        double[] pooled = new double[draws];
        double[] scale = new double[draws];
        for (int r = 0; r < draws; r++) {
            int[] dirs = directions[r];
            double[] raw = new double[dirs.length];
            double sum = 0;
            int used = 0;
            for (int j = 0; j < dirs.length; j++) {
                double[] fit = fits[dirs[j]][r];
                raw[j] = fit[0];
                if (fit[1] > 0 && Double.isFinite(fit[1])) {
                    sum += fit[1];
                    used++;
                }
            }
            pooled[r] = WindowEstimate.median(raw);
            scale[r] = used > 0 ? sum / used : Double.NaN;
        }
        double[] alpha = new double[k];
        double[] sigma = new double[k];
        for (int d = 0; d < k; d++) {
            alpha[d] = clip(fits[d][0][0]);
            sigma[d] = fits[d][0][1];
        }
        return new UpdateNoise(pooled, scale, alpha, sigma);
    }

    /** α clipped to [1, 2] (NaN stays NaN). */
    static double clip(double alpha) {
        return Double.isNaN(alpha) ? alpha : Math.min(2, Math.max(1, alpha));
    }

    private static double[] column(double[][] whole, int d) {
        double[] x = new double[whole.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = whole[i][d];
        }
        return x;
    }

    /** Per draw {raw α̂, σ̂} of one direction's values. */
    private static double[][] direction(double[] x, int[][] counts) {
        double[][] out = new double[counts.length][];
        double[] finite = Arrays.stream(x).filter(Double::isFinite).toArray();
        double spread = finite.length < 2 ? Double.NaN : TailIndex.iqr(finite) / 1.349;
        if (!(spread > 0)) {
            for (int r = 0; r < counts.length; r++) {
                out[r] = new double[] {Double.NaN, Double.NaN};
            }
            return out;
        }
        double[] lnT = TailIndex.characteristicGrid(spread);
        int g = lnT.length;
        int n = x.length;
        // Per sequence, cos(t_j x) then sin(t_j x) on the grid (zeros where x is not finite).
        double[][] table = new double[n][2 * g];
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(x[i])) {
                for (int j = 0; j < g; j++) {
                    double tx = Math.exp(lnT[j]) * x[i];
                    table[i][j] = Math.cos(tx);
                    table[i][g + j] = Math.sin(tx);
                }
            }
        }
        double[][] sums = CountSums.of(counts, table);
        for (int r = 0; r < counts.length; r++) {
            double[] fit = TailIndex.characteristicFit(lnT, modulus(x, counts[r], sums[r], g));
            if (fit != null) {
                double a = clip(fit[1]);
                out[r] = new double[] {fit[1], Math.pow(Math.exp(fit[0]) / 2, 1 / a)};
            } else {
                TailIndex.Estimate mc = TailIndex.mcCulloch(expand(x, counts[r]));
                out[r] = new double[] {mc.alpha(), mc.scale()};
            }
        }
        return out;
    }

    /** The finite values, each repeated as often as it was drawn. */
    private static double[] expand(double[] x, int[] w) {
        return IntStream.range(0, x.length).filter(i -> Double.isFinite(x[i]))
                .flatMap(i -> IntStream.range(0, w[i]).map(j -> i)).mapToDouble(i -> x[i]).toArray();
    }

    /** |φ̂(t_j)|² of the count-weighted sample on the grid, from its sums of cos and sin. */
    private static double[] modulus(double[] x, int[] w, double[] sums, int g) {
        long total = 0;
        for (int i = 0; i < x.length; i++) {
            total += Double.isFinite(x[i]) ? w[i] : 0;
        }
        double[] m = new double[g];
        for (int j = 0; j < g; j++) {
            double cj = sums[j] / total;
            double sj = sums[g + j] / total;
            m[j] = cj * cj + sj * sj;
        }
        return m;
    }
}
