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
 * The count-weighted means come from {@link #sums}, taken once for all lags. Package-private; each
 * direction's values are sorted once.
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
     * @param sums       {@link #sums} of ψ
     */
    static LagSignal of(double[][][] psi, int li, int[][] counts, double[] pooledRaw, int[][] directions, Sums sums) {
        int n = psi.length;
        int k = psi[0].length;
        int draws = counts.length;
        double[][] sorted = new double[k][];
        int[][] order = new int[k][];
        int lagCount = psi[0][0].length;
        for (int d = 0; d < k; d++) {
            final int dir = d;
            order[d] = sortedOrder(IntStream.range(0, n).filter(i -> Double.isFinite(psi[i][dir][li])).toArray(),
                    i -> psi[i][dir][li]);
            sorted[d] = Arrays.stream(order[d]).mapToDouble(i -> psi[i][dir][li]).toArray();
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
                int col = d * lagCount + li;
                long total = sums.finite == null ? n : Math.round(sums.finite[r][col]);
                double sum = sums.values[r][col];
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

    /**
     * Every draw's count-weighted sums of ψ over the sequences, all directions and lags at once
     * ({@link CountSums}): {@code values} [draw][k·L + ℓ] with non-finite terms as 0, and
     * {@code finite}, the count of finite terms in the same layout (null when every term is finite:
     * each draw then counts n).
     */
    record Sums(double[][] values, double[][] finite) {
    }

    /** {@link Sums} of ψ [sequence][direction][lag index] under the draws' counts. */
    static Sums sums(double[][][] psi, int[][] counts) {
        int n = psi.length;
        int k = psi[0].length;
        int lagCount = psi[0][0].length;
        double[][] rows = new double[n][k * lagCount];
        // The count of finite terms is a second product, needed only when some term is not finite.
        double[][] mask = null;
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < k; d++) {
                for (int l = 0; l < lagCount; l++) {
                    double v = psi[i][d][l];
                    if (Double.isFinite(v)) {
                        rows[i][d * lagCount + l] = v;
                        continue;
                    }
                    if (mask == null) {
                        mask = new double[n][k * lagCount];
                        for (double[] m : mask) {
                            Arrays.fill(m, 1);
                        }
                    }
                    mask[i][d * lagCount + l] = 0;
                }
            }
        }
        return new Sums(CountSums.of(counts, rows), mask == null ? null : CountSums.of(counts, mask));
    }

    /**
     * The indices reordered by increasing key, ties in their given order (a bottom-up merge sort on
     * primitives: sorting boxed indices with a comparator cost a third of the window's bootstrap).
     */
    static int[] sortedOrder(int[] indices, java.util.function.IntToDoubleFunction key) {
        int n = indices.length;
        double[] k = new double[n];
        for (int j = 0; j < n; j++) {
            k[j] = key.applyAsDouble(indices[j]);
        }
        int[] a = indices.clone();
        int[] b = new int[n];
        double[] ka = k;
        double[] kb = new double[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int o = lo; o < hi; o++) {
                    boolean left = j >= hi || (i < mid && ka[i] <= ka[j]);
                    b[o] = left ? a[i] : a[j];
                    kb[o] = left ? ka[i++] : ka[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
            double[] kt = ka;
            ka = kb;
            kb = kt;
        }
        return a;
    }

    /** q75 − q25 (type 7) of sorted values each repeated w[j] times, in one scan. */
    static double quartileSpread(double[] sorted, int[] w, long total) {
        return quartileSpread(sorted, IntStream.range(0, sorted.length).toArray(), w, total);
    }

    /**
     * q75 − q25 (type 7) of sorted values, value j repeated {@code counts[order[j]]} times: the lower
     * quartile from a scan up from the smallest value, the upper from a scan down from the largest
     * (each visits about a quarter of the values).
     */
    static double quartileSpread(double[] sorted, int[] order, int[] counts, long total) {
        double h0 = 0.25 * (total - 1);
        double h1 = 0.75 * (total - 1);
        long lo0 = (long) Math.floor(h0);
        long lo1 = (long) Math.floor(h1);
        // Expanded positions lo0 ≤ lo0 + 1 from below, lo1 + 1 ≥ lo1 from above (capped at the last).
        long up0 = lo0;
        long up1 = Math.min(lo0 + 1, total - 1);
        long down1 = Math.min(lo1 + 1, total - 1);
        long down0 = lo1;
        double v0 = Double.NaN;
        double v1 = Double.NaN;
        long seen = 0;
        for (int j = 0; j < sorted.length; j++) {
            seen += counts[order[j]];
            if (Double.isNaN(v0) && up0 < seen) {
                v0 = sorted[j];
            }
            if (up1 < seen) {
                v1 = sorted[j];
                break;
            }
        }
        double w0 = Double.NaN;
        double w1 = Double.NaN;
        // Positions at or above total − seen are covered once the values from the top are counted.
        seen = 0;
        for (int j = sorted.length - 1; j >= 0; j--) {
            seen += counts[order[j]];
            if (Double.isNaN(w1) && down1 >= total - seen) {
                w1 = sorted[j];
            }
            if (down0 >= total - seen) {
                w0 = sorted[j];
                break;
            }
        }
        double q0 = v0 + (h0 - lo0) * (v1 - v0);
        double q1 = w0 + (h1 - lo1) * (w1 - w0);
        return q1 - q0;
    }
}
