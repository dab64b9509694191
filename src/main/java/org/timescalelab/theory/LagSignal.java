package org.timescalelab.theory;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * One lag's matched statistics ψ_{n,k}(ℓ) in every draw (d = 0 the sample, d ≥ 1 the bootstrap
 * resamples): per direction the signed mean μ_k and the quantile scale s_k = (q75 − q25)/(2 q75(α))
 * of an SαS law with the draw's pooled α̂ (exact for SαS; O(n) per draw from counts). From them,
 * per draw:
 * <ul>
 *   <li>the signal m̄ = mean_k |μ_k| over the draw's resample of the directions (the directions are
 *       a sample too: see {@link WindowEstimate}, "Intervals");</li>
 *   <li>the lag's own self-normalised ratio, median_k |μ_k|/s_k over all K directions (resolution:
 *       "along most of these directions" read as the median direction; resampling K = 4…8
 *       directions would make the median jump between a few values and drop lags that have a
 *       signal — measured: 3–26 % of lags resolved where 100 % have one);</li>
 *   <li>the paper code's ratio mean_k |μ_k|/s_k over all K directions (its noise fitted to the lag's
 *       own samples).</li>
 * </ul>
 * Package-private; each direction's values are sorted once.
 */
final class LagSignal {

    final double[] signal;
    final double[] ownRatio;
    final double[] authorRatio;

    private LagSignal(int draws) {
        signal = new double[draws];
        ownRatio = new double[draws];
        authorRatio = new double[draws];
    }

    /**
     * @param psi        [sequence][direction][lag index]
     * @param li         the lag index
     * @param counts     [draw][sequence]
     * @param pooledRaw  per draw, the pooled raw α̂ of the update noise
     * @param directions per draw, the directions its signal averages over (with repeats), [draw][K]
     */
    static LagSignal of(double[][][] psi, int li, int[][] counts, double[] pooledRaw, int[][] directions) {
        int n = psi.length;
        int k = psi[0].length;
        int draws = counts.length;
        double[][] sorted = new double[k][];
        int[][] order = new int[k][];
        // Per direction the values in sequence order (0 where not finite) and the finite mask, for
        // the count-weighted means as sequential dot products.
        double[][] values = new double[k][n];
        int[][] finite = new int[k][n];
        for (int d = 0; d < k; d++) {
            final int dir = d;
            Integer[] idx = IntStream.range(0, n).filter(i -> Double.isFinite(psi[i][dir][li])).boxed()
                    .toArray(Integer[]::new);
            Arrays.sort(idx, (x, y) -> Double.compare(psi[x][dir][li], psi[y][dir][li]));
            order[d] = Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
            sorted[d] = Arrays.stream(order[d]).mapToDouble(i -> psi[i][dir][li]).toArray();
            for (int i : order[d]) {
                values[d][i] = psi[i][d][li];
                finite[d][i] = 1;
            }
        }
        LagSignal s = new LagSignal(draws);
        double[] means = new double[k];
        double[] ratios = new double[k];
        for (int r = 0; r < draws; r++) {
            double a = UpdateNoise.clip(pooledRaw[r]);
            double q = Double.isFinite(a) ? TailIndex.McCullochTable.INSTANCE.q75(a) : Double.NaN;
            boolean ok = true;
            int[] c = counts[r];
            for (int d = 0; d < k && ok; d++) {
                double[] v = values[d];
                int[] f = finite[d];
                long total = 0;
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    total += c[i] * f[i];
                    sum += c[i] * v[i];
                }
                if (total < 2) {
                    ok = false;
                    continue;
                }
                means[d] = Math.abs(sum / total);
                double sigma = quartileSpread(sorted[d], order[d], c, total) / (2 * q);
                ratios[d] = sigma > 0 ? means[d] / sigma : Double.NaN;
            }
            double signal = 0;
            for (int d : directions[r]) {
                signal += means[d] / directions[r].length;
            }
            s.signal[r] = ok ? signal : Double.NaN;
            s.ownRatio[r] = ok ? WindowEstimate.median(ratios) : Double.NaN;
            s.authorRatio[r] = ok ? Arrays.stream(ratios).average().orElse(Double.NaN) : Double.NaN;
        }
        return s;
    }

    /** q75 − q25 (type 7) of sorted values each repeated w[j] times, in one scan. */
    static double quartileSpread(double[] sorted, int[] w, long total) {
        return quartileSpread(sorted, IntStream.range(0, sorted.length).toArray(), w, total);
    }

    /**
     * q75 − q25 (type 7) of sorted values, value j repeated {@code counts[order[j]]} times: one scan
     * that stops at the upper quartile.
     */
    static double quartileSpread(double[] sorted, int[] order, int[] counts, long total) {
        double h0 = 0.25 * (total - 1);
        double h1 = 0.75 * (total - 1);
        long lo0 = (long) Math.floor(h0);
        long lo1 = (long) Math.floor(h1);
        // The values at expanded positions lo0, lo0 + 1, lo1, lo1 + 1 (the last value past the end).
        long[] pos = {lo0, Math.min(lo0 + 1, total - 1), lo1, Math.min(lo1 + 1, total - 1)};
        // Visit the positions in increasing order (lo0 + 1 passes lo1 when both quartiles share a value).
        int[] visit = pos[1] <= pos[2] ? new int[] {0, 1, 2, 3} : new int[] {0, 2, 1, 3};
        double[] val = new double[4];
        int next = 0;
        long seen = 0;
        for (int j = 0; j < sorted.length && next < 4; j++) {
            seen += counts[order[j]];
            while (next < 4 && pos[visit[next]] < seen) {
                val[visit[next++]] = sorted[j];
            }
        }
        double q0 = val[0] + (h0 - lo0) * (val[1] - val[0]);
        double q1 = val[2] + (h1 - lo1) * (val[3] - val[2]);
        return q1 - q0;
    }
}
