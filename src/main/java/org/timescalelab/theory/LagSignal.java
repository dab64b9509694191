package org.timescalelab.theory;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * One lag's matched statistics ψ_{n,k}(ℓ) in every draw (d = 0 the sample, d ≥ 1 the bootstrap
 * resamples): per direction the signed mean μ_k and the quantile scale s_k = (q75 − q25)/(2 q75(α))
 * of an SαS law with the draw's pooled α̂ (exact for SαS; O(n) per draw from counts). From them,
 * per draw:
 * <ul>
 *   <li>the signal m̄ = mean_k |μ_k|;</li>
 *   <li>the lag's own self-normalised ratio, median_k |μ_k|/s_k (resolution: "along most
 *       directions" read as the median direction);</li>
 *   <li>the paper code's ratio mean_k |μ_k|/s_k (its noise fitted to the lag's own samples);</li>
 *   <li>the lag's own scale s̄ = mean_k s_k.</li>
 * </ul>
 * Package-private; each direction's values are sorted once.
 */
final class LagSignal {

    final double[] signal;
    final double[] ownRatio;
    final double[] authorRatio;
    final double[] ownScale;

    private LagSignal(int draws) {
        signal = new double[draws];
        ownRatio = new double[draws];
        authorRatio = new double[draws];
        ownScale = new double[draws];
    }

    /**
     * @param psi       [sequence][direction][lag index]
     * @param li        the lag index
     * @param counts    [draw][sequence]
     * @param pooledRaw per draw, the pooled raw α̂ of the update noise
     */
    static LagSignal of(double[][][] psi, int li, int[][] counts, double[] pooledRaw) {
        int n = psi.length;
        int k = psi[0].length;
        int draws = counts.length;
        double[][] sorted = new double[k][];
        int[][] order = new int[k][];
        for (int d = 0; d < k; d++) {
            final int dir = d;
            Integer[] idx = IntStream.range(0, n).filter(i -> Double.isFinite(psi[i][dir][li])).boxed()
                    .toArray(Integer[]::new);
            Arrays.sort(idx, (x, y) -> Double.compare(psi[x][dir][li], psi[y][dir][li]));
            order[d] = Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
            sorted[d] = Arrays.stream(order[d]).mapToDouble(i -> psi[i][dir][li]).toArray();
        }
        LagSignal s = new LagSignal(draws);
        double[] ratios = new double[k];
        int[] w = new int[n];
        for (int r = 0; r < draws; r++) {
            double a = UpdateNoise.clip(pooledRaw[r]);
            double q = Double.isFinite(a) ? TailIndex.McCullochTable.INSTANCE.q75(a) : Double.NaN;
            double signal = 0;
            double scale = 0;
            boolean ok = true;
            for (int d = 0; d < k && ok; d++) {
                double[] v = sorted[d];
                long total = 0;
                double sum = 0;
                for (int j = 0; j < v.length; j++) {
                    w[j] = counts[r][order[d][j]];
                    total += w[j];
                    sum += w[j] * v[j];
                }
                if (total < 2) {
                    ok = false;
                    continue;
                }
                double m = Math.abs(sum / total);
                double sigma = quartileSpread(v, w, total) / (2 * q);
                signal += m / k;
                scale += sigma / k;
                ratios[d] = sigma > 0 ? m / sigma : Double.NaN;
            }
            s.signal[r] = ok ? signal : Double.NaN;
            s.ownScale[r] = ok ? scale : Double.NaN;
            s.ownRatio[r] = ok ? WindowEstimate.median(ratios) : Double.NaN;
            s.authorRatio[r] = ok ? Arrays.stream(ratios).average().orElse(Double.NaN) : Double.NaN;
        }
        return s;
    }

    /** q75 − q25 (type 7) of sorted values each repeated w[j] times, in one scan. */
    static double quartileSpread(double[] sorted, int[] w, long total) {
        double[] h = {0.25 * (total - 1), 0.75 * (total - 1)};
        double[] q = new double[2];
        long seen = 0;
        int found = 0;
        double[] below = {Double.NaN, Double.NaN};
        for (int j = 0; j < sorted.length && found < 2; j++) {
            long next = seen + w[j];
            for (int p = found; p < 2; p++) {
                long lo = (long) Math.floor(h[p]);
                if (Double.isNaN(below[p]) && lo < next) {
                    below[p] = sorted[j];
                }
                if (!Double.isNaN(below[p]) && lo + 1 < next) {
                    q[p] = below[p] + (h[p] - lo) * (sorted[j] - below[p]);
                    found = p + 1;
                }
            }
            seen = next;
        }
        for (int p = found; p < 2; p++) {
            q[p] = below[p];
        }
        return q[1] - q[0];
    }
}
