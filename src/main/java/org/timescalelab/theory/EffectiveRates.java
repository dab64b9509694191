package org.timescalelab.theory;

/**
 * Per-neuron, per-lag effective learning rates and their envelope (docs/envelope-and-window.md, "From gates to the envelope").
 *
 * <p>For one sequence with leak a_j^(q) and first-order correction r_j^(q) at steps j = 0..T−1,
 * a window of ℓ steps j = m+1..m+ℓ (transport from the source state h_m to h_{m+ℓ}) has
 * <pre>
 *   γ0^(q)(m,ℓ) = Π_j a_j^(q),   γ1^(q)(m,ℓ) = γ0^(q)(m,ℓ) · Σ_j r_j^(q)/a_j^(q),
 *   μ^(q)(m,ℓ)  = Λ^(q) · e^(q)_{m+ℓ} · (γ0 + γ1),
 * </pre>
 * with Λ^(q) the unit's learning rate (which may depend on the source state, hence m) and e the
 * LSTM's read-out factor at the window end (1 otherwise). The envelope is
 * f(ℓ) = mean over sequences and window starts m = 0..T−1−ℓ of Σ_q |μ^(q)(m,ℓ)|.
 *
 * <p>Implementation notes: products are prefix sums in log space, P_k = Σ_{j&lt;k} ln clamp(a_j,
 * 1e−12, 1) and Q_k = Σ_{j&lt;k} r_j/a_j, so every window costs O(1). To avoid an exponential per
 * window, γ0 = e^{P_{m+ℓ+1}} · e^{−P_{m+1}} from precomputed factors, which is exact in double
 * precision while −P_T &lt; 700 (units whose total log-decay is larger, τ below about T/700 steps,
 * take the exponential of the difference instead). Arrays are indexed [t·H + q].
 *
 * <p>{@link #matchedStatistic} only reads the accumulator's settings and may be called from
 * several threads; {@link #addWindows} and {@link #merge} are not thread-safe (one accumulator
 * per thread, merged in a fixed order).
 *
 * <p>Length: about 440 lines: the effective rates, their envelope and its per-sequence spread follow
 * one derivation (the formulas above) and share its intermediate products.
 */
public final class EffectiveRates {

    private static final double CLAMP = 1e-12;
    private static final double SAFE_LOG_DECAY = 700;

    private final int[] lags;
    private final int width;
    private final int length;
    private final double[] sumAbs;
    private final double[] sumLog;
    private final double[] sumGates;
    private final double[] sumFirst;
    private final long[] windows;
    private final java.util.List<double[]> sequenceEnvelopes = new java.util.ArrayList<>();
    private int sequences;

    /**
     * An empty accumulator.
     *
     * @param lags   the lag grid, each in 1..T−1
     * @param width  H
     * @param length T
     */
    public EffectiveRates(int[] lags, int width, int length) {
        for (int l : lags) {
            if (l < 1 || l >= length) {
                throw new IllegalArgumentException("lags must lie in 1.." + (length - 1) + ": " + l);
            }
        }
        this.lags = lags.clone();
        this.width = width;
        this.length = length;
        this.sumAbs = new double[lags.length * width];
        this.sumLog = new double[lags.length * width];
        this.sumGates = new double[lags.length];
        this.sumFirst = new double[lags.length];
        this.windows = new long[lags.length];
    }

    /**
     * Log-space prefix sums of one sequence: {P, Q}, each [(T+1)·H], P_k = Σ_{j&lt;k} ln clamp(a_j)
     * and Q_k = Σ_{j&lt;k} r_j/a_j.
     */
    public static double[][] prefix(double[] a, double[] r, int width, int length) {
        double[] p = new double[(length + 1) * width];
        double[] q = new double[(length + 1) * width];
        for (int t = 0; t < length; t++) {
            for (int u = 0; u < width; u++) {
                int k = t * width + u;
                double at = Math.min(1, Math.max(CLAMP, a[k]));
                p[k + width] = p[k] + Math.log(at);
                q[k + width] = q[k] + r[k] / at;
            }
        }
        return new double[][] {p, q};
    }

    /**
     * γ0 and γ1 of one unit and window j = start+1..start+lag, from a sequence's {@link #prefix}.
     *
     * @return {γ0, γ1}
     */
    public static double[] gammas(double[][] pq, int width, int unit, int start, int lag) {
        int from = (start + 1) * width + unit;
        int to = (start + lag + 1) * width + unit;
        double g0 = Math.exp(pq[0][to] - pq[0][from]);
        return new double[] {g0, g0 * (pq[1][to] - pq[1][from])};
    }

    /** Per-unit factors e^{P_k} and e^{−P_k} (the latter +∞-safe only for units flagged fast). */
    private static final class Factors {
        final double[] up;
        final double[] down;
        final boolean[] fast;
        final boolean allFast;
        final double[] p;
        final double[] q;

        Factors(double[] a, double[] r, int width, int length) {
            double[][] pq = prefix(a, r, width, length);
            p = pq[0];
            q = pq[1];
            up = new double[p.length];
            down = new double[p.length];
            fast = new boolean[width];
            boolean all = true;
            for (int u = 0; u < width; u++) {
                fast[u] = -p[length * width + u] < SAFE_LOG_DECAY;
                all &= fast[u];
            }
            allFast = all;
            for (int k = 0; k < p.length; k++) {
                up[k] = Math.exp(p[k]);
                down[k] = Math.exp(-p[k]);
            }
        }

        double gamma0(int from, int to, int unit) {
            return fast[unit] ? up[to] * down[from] : Math.exp(p[to] - p[from]);
        }
    }

    /**
     * Adds every window of one sequence to the envelope and per-unit profiles.
     *
     * @param a      leaks [t·H + q]
     * @param r      corrections [t·H + q]
     * @param end    read-out factors at the window end [t·H + q], or null for 1
     * @param lambda learning rates of the window's source state [m·H + q] (T·H values), or H
     *               values when Λ does not depend on the state
     */
    public void addWindows(double[] a, double[] r, double[] end, double[] lambda) {
        Factors f = new Factors(a, r, width, length);
        boolean perState = lambda.length == length * width;
        // Row arrays per time step, so that the per-unit loops below vectorise. Units too slow for
        // the factorised γ0 = e^{P_to} e^{−P_from} get e^{−P} = 0 there (so they add nothing; e^{P}
        // ≤ 1 is always finite) and are added with direct exponentials.
        double[][] up = rows(f.up, length + 1);
        double[][] down = rows(f.down, length + 1);
        for (double[] d : down) {
            for (int u = 0; u < width; u++) {
                d[u] = f.fast[u] ? d[u] : 0;
            }
        }
        double[][] q = rows(f.q, length + 1);
        double[][] lam = perState ? rows(lambda, length) : null;
        double[][] out = end == null ? null : rows(end, length);
        double[] scale = new double[width];
        double[] mu = new double[width];
        double[] own = new double[lags.length];
        for (int li = 0; li < lags.length; li++) {
            int lag = lags[li];
            double gates = 0;
            double first = 0;
            double total = 0;
            int row = li * width;
            for (int m = 0; m + lag < length; m++) {
                double[] upTo = up[m + lag + 1];
                double[] downFrom = down[m + 1];
                double[] qTo = q[m + lag + 1];
                double[] qFrom = q[m + 1];
                double[] l = perState ? lam[m] : lambda;
                double[] e = out == null ? null : out[m + lag];
                for (int u = 0; u < width; u++) {
                    scale[u] = Math.abs(l[u] * (e == null ? 1 : e[u]));
                }
                for (int u = 0; u < width; u++) {
                    double g0 = upTo[u] * downFrom[u];
                    double g1 = g0 * (qTo[u] - qFrom[u]);
                    mu[u] = scale[u] * Math.abs(g0 + g1);
                    gates += scale[u] * Math.abs(g0);
                    first += scale[u] * Math.abs(g1);
                }
                if (!f.allFast) {
                    for (int u = 0; u < width; u++) {
                        if (!f.fast[u]) {
                            double g0 = f.gamma0((m + 1) * width + u, (m + lag + 1) * width + u, u);
                            double g1 = g0 * (qTo[u] - qFrom[u]);
                            gates += scale[u] * Math.abs(g0);
                            first += scale[u] * Math.abs(g1);
                            mu[u] = scale[u] * Math.abs(g0 + g1);
                        }
                    }
                }
                for (int u = 0; u < width; u++) {
                    sumAbs[row + u] += mu[u];
                    sumLog[row + u] += Math.log(Math.max(mu[u], Double.MIN_NORMAL));
                    total += mu[u];
                }
            }
            sumGates[li] += gates;
            sumFirst[li] += first;
            windows[li] += length - lag;
            own[li] = total / (length - lag);
        }
        sequenceEnvelopes.add(own);
        sequences++;
    }

    /** A flat [k·width + u] array as {@code count} rows of {@code width}. */
    private double[][] rows(double[] flat, int count) {
        double[][] out = new double[count][];
        for (int k = 0; k < count; k++) {
            out[k] = java.util.Arrays.copyOfRange(flat, k * width, (k + 1) * width);
        }
        return out;
    }

    /**
     * The matched statistic ψ(ℓ) of one sequence (docs/envelope-and-window.md, "Learnability window")
     * along each of several parameter directions: for direction k, the mean over scored steps t ≥ ℓ
     * of Σ_q μ^(q)(t−ℓ, ℓ) δ_t^(q) v_{k,t−ℓ}^(q).
     *
     * @param delta    error signal δ_t = (ŷ_t − y_t) W_out, [t·H + q]
     * @param tangents per direction, the tangent v_t along it, [k][t·H + q]
     * @param scored   which steps carry a target
     * @return ψ, [k][lag index]
     */
    public double[][] matchedStatistic(double[] a, double[] r, double[] end, double[] lambda, double[] delta,
                                       double[][] tangents, boolean[] scored) {
        Factors f = new Factors(a, r, width, length);
        boolean perState = lambda.length == length * width;
        // With γ0 = e^{P_{t+1}} e^{−P_{m+1}} and γ1 = γ0 (Q_{t+1} − Q_{m+1}), each term factorises into
        // a window-end part (shared by every direction) and a source part: Σ_q [A_tq B_mq − C_tq D_mq]
        // (fast units). The sum over t runs per unit into acc[], an element-wise update over one array
        // per time step, which the JIT vectorises (it does not for offsets into one flat array).
        double[][] endA = new double[length][width];
        double[][] endC = new double[length][width];
        for (int t = 0; t < length; t++) {
            for (int u = 0; u < width; u++) {
                int k = t * width + u;
                if (f.fast[u] && scored[t]) {
                    double alpha = (end == null ? 1 : end[k]) * f.up[k + width] * delta[k];
                    endA[t][u] = alpha * (1 + f.q[k + width]);
                    endC[t][u] = alpha;
                }
            }
        }
        double[][] psi = new double[tangents.length][];
        double[][] srcB = new double[length][width];
        double[][] srcD = new double[length][width];
        for (int d = 0; d < tangents.length; d++) {
            double[] tangent = tangents[d];
            for (int t = 0; t < length; t++) {
                for (int u = 0; u < width; u++) {
                    int k = t * width + u;
                    if (f.fast[u]) {
                        srcB[t][u] = lambda[perState ? k : u] * f.down[k + width] * tangent[k];
                        srcD[t][u] = srcB[t][u] * f.q[k + width];
                    }
                }
            }
            psi[d] = lagSums(f, lambda, perState, end, delta, tangent, scored, endA, endC, srcB, srcD);
        }
        return psi;
    }

    /**
     * The whole update term g of one sequence along each direction (docs/envelope-and-window.md,
     * "Learnability window"): the mean over scored steps t of Σ_q Λ^(q)_t δ_t^(q) v_{k,t}^(q) — the
     * sequence's preconditioned gradient along the direction per step, every lag at once, in the
     * units of {@link #matchedStatistic}.
     *
     * @param lambda   Λ per unit [q], or per step and unit [t·H + q]
     * @param delta    error signal δ_t, [t·H + q]
     * @param tangents per direction, the tangent v_t, [k][t·H + q]
     * @param scored   which steps carry a target
     * @return g, [k] (NaN without a scored step)
     */
    public double[] wholeTerm(double[] lambda, double[] delta, double[][] tangents, boolean[] scored) {
        boolean perState = lambda.length == length * width;
        double[] g = new double[tangents.length];
        int count = 0;
        for (int t = 0; t < length; t++) {
            count += scored[t] ? 1 : 0;
        }
        for (int d = 0; d < tangents.length; d++) {
            double sum = 0;
            for (int t = 0; t < length; t++) {
                if (!scored[t]) {
                    continue;
                }
                for (int u = 0; u < width; u++) {
                    int k = t * width + u;
                    sum += lambda[perState ? k : u] * delta[k] * tangents[d][k];
                }
            }
            g[d] = count > 0 ? sum / count : Double.NaN;
        }
        return g;
    }

    private double[] lagSums(Factors f, double[] lambda, boolean perState, double[] end, double[] delta,
                             double[] tangent, boolean[] scored, double[][] endA, double[][] endC,
                             double[][] srcB, double[][] srcD) {
        double[] psi = new double[lags.length];
        double[] acc = new double[width];
        for (int li = 0; li < lags.length; li++) {
            int lag = lags[li];
            double slow = 0;
            int count = 0;
            java.util.Arrays.fill(acc, 0);
            for (int t = lag; t < length; t++) {
                if (!scored[t]) {
                    continue;
                }
                double[] a1 = endA[t];
                double[] c1 = endC[t];
                double[] b0 = srcB[t - lag];
                double[] d0 = srcD[t - lag];
                for (int u = 0; u < width; u++) {
                    acc[u] += a1[u] * b0[u] - c1[u] * d0[u];
                }
                slow += slowUnits(f, lambda, perState, end, delta, tangent, t, lag);
                count++;
            }
            double sum = slow;
            for (double v : acc) {
                sum += v;
            }
            psi[li] = count > 0 ? sum / count : Double.NaN;
        }
        return psi;
    }

    /** The terms of units too fast for the factorised form, by direct exponentials. */
    private double slowUnits(Factors f, double[] lambda, boolean perState, double[] end, double[] delta,
                             double[] tangent, int t, int lag) {
        if (f.allFast) {
            return 0;
        }
        int m = t - lag;
        double s = 0;
        for (int u = 0; u < width; u++) {
            if (!f.fast[u]) {
                int from = (m + 1) * width + u;
                int to = (t + 1) * width + u;
                double g0 = Math.exp(f.p[to] - f.p[from]);
                double g1 = g0 * (f.q[to] - f.q[from]);
                double e = end == null ? 1 : end[t * width + u];
                double lam = lambda[perState ? m * width + u : u];
                s += lam * e * (g0 + g1) * delta[t * width + u] * tangent[m * width + u];
            }
        }
        return s;
    }

    /**
     * Adds another accumulator's sums (same lags and shape) to this one's; returns this.
     * Merging in a fixed order keeps the result independent of how work was split.
     */
    public EffectiveRates merge(EffectiveRates other) {
        if (!java.util.Arrays.equals(lags, other.lags) || width != other.width || length != other.length) {
            throw new IllegalArgumentException("cannot merge accumulators of different lags or shapes");
        }
        for (int i = 0; i < sumAbs.length; i++) {
            sumAbs[i] += other.sumAbs[i];
            sumLog[i] += other.sumLog[i];
        }
        for (int i = 0; i < lags.length; i++) {
            sumGates[i] += other.sumGates[i];
            sumFirst[i] += other.sumFirst[i];
            windows[i] += other.windows[i];
        }
        sequenceEnvelopes.addAll(other.sequenceEnvelopes);
        sequences += other.sequences;
        return this;
    }

    /**
     * The accumulated means.
     *
     * @param lags         the lag grid
     * @param envelope     f(ℓ) = mean Σ_q |μ^(q)|
     * @param gates        f_gates(ℓ) = mean Σ_q |Λ e γ0| (zeroth order only)
     * @param gamma1Share  mean Σ|Λ e γ1| / (mean Σ|Λ e γ0| + mean Σ|Λ e γ1|)
     * @param profile      per unit and lag, mean |μ^(q)(ℓ)|, [li·H + q]
     * @param logProfile   per unit and lag, mean ln|μ^(q)(ℓ)|, [li·H + q]
     * @param sequences    sequences averaged
     * @param sequenceEnvelopes per sequence, the mean over its windows of Σ_q |μ^(q)|, [sequence][lag index]
     *                     (in the order sequences were added and merged); their mean is not
     *                     {@code envelope} when sequences contribute different numbers of windows
     */
    public record Result(int[] lags, double[] envelope, double[] gates, double[] gamma1Share, double[] profile,
                         double[] logProfile, int sequences, double[][] sequenceEnvelopes) {
    }

    /** The means over everything added so far. */
    public Result result() {
        double[] f = new double[lags.length];
        double[] g = new double[lags.length];
        double[] share = new double[lags.length];
        double[] profile = new double[sumAbs.length];
        double[] logProfile = new double[sumLog.length];
        for (int li = 0; li < lags.length; li++) {
            double n = windows[li];
            for (int u = 0; u < width; u++) {
                profile[li * width + u] = sumAbs[li * width + u] / n;
                logProfile[li * width + u] = sumLog[li * width + u] / n;
                f[li] += sumAbs[li * width + u] / n;
            }
            g[li] = sumGates[li] / n;
            share[li] = sumFirst[li] / (sumGates[li] + sumFirst[li]);
        }
        return new Result(lags.clone(), f, g, share, profile, logProfile, sequences,
                sequenceEnvelopes.stream().map(double[]::clone).toArray(double[][]::new));
    }

    /**
     * Per-unit time scales from the log profile (docs/envelope-and-window.md, "The time-scale spectrum"): least squares of
     * mean ln|μ^(q)(ℓ)| on ℓ gives slope b_q and intercept a_q; τ_q = −1/b_q when b_q &lt; 0
     * (else NaN: a non-decaying unit), amplitude A_q = e^{a_q}.
     *
     * @return {τ, A, R²}, each of length H
     */
    public static double[][] timescales(int[] lags, double[] logProfile, int width) {
        double[] tau = new double[width];
        double[] amp = new double[width];
        double[] r2 = new double[width];
        int n = lags.length;
        double mx = 0;
        for (int l : lags) {
            mx += (double) l / n;
        }
        double sxx = 0;
        for (int l : lags) {
            sxx += (l - mx) * (l - mx);
        }
        for (int u = 0; u < width; u++) {
            double my = 0;
            for (int li = 0; li < n; li++) {
                my += logProfile[li * width + u] / n;
            }
            double sxy = 0;
            double syy = 0;
            for (int li = 0; li < n; li++) {
                double dy = logProfile[li * width + u] - my;
                sxy += (lags[li] - mx) * dy;
                syy += dy * dy;
            }
            double slope = sxx > 0 ? sxy / sxx : Double.NaN;
            tau[u] = slope < 0 ? -1 / slope : Double.NaN;
            amp[u] = Math.exp(my - slope * mx);
            r2[u] = syy > 0 ? sxy * sxy / (sxx * syy) : 1;
        }
        return new double[][] {tau, amp, r2};
    }

    /** The full lag grid 1..T−1, or about {@code points} log-spaced distinct lags when T−1 is larger. */
    public static int[] lagGrid(int length, int points) {
        int max = length - 1;
        if (max <= points) {
            int[] all = new int[max];
            for (int i = 0; i < max; i++) {
                all[i] = i + 1;
            }
            return all;
        }
        java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
        for (int i = 0; i < points; i++) {
            set.add((int) Math.round(Math.exp(Math.log(max) * i / (points - 1))));
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }
}
