package org.timescalelab.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Decay class of an envelope f(ℓ) (docs/envelope-and-window.md, "Decay class"): weighted least
 * squares fits of ln f by
 * <ul>
 *   <li>exponential: ln f = a − ℓ/τ, 1/τ ≥ 0</li>
 *   <li>power law: ln f = c − β ln ℓ, β ≥ 0</li>
 *   <li>logarithmic: ln f = c − γ ln ln ℓ, γ ≥ 0</li>
 *   <li>tempered power law: ln f = c − β ln ℓ − ℓ/τ_max, β ≥ 0 and 1/τ_max ≥ 0</li>
 * </ul>
 * ranked by AIC = χ² + 2k with χ² = Σ w_i r_i² (the Gaussian log-likelihood with known per-lag
 * standard errors; BIC and R² are reported too). All four are fitted on the same points: lags
 * ℓ ≥ 2 with f(ℓ) &gt; 0 (ln ln ℓ needs ℓ &gt; 1).
 *
 * <p>Selection ({@link #select}): the lowest AIC wins, but a class with fewer parameters within
 * {@value #TIE_AIC} of it is kept instead (the tie rule: the data cannot tell them apart). The
 * tempered law counts as a power law only when its β clears a bootstrap test against β = 0 and at
 * least {@value #MIN_POWER_LAGS} grid lags lie below ℓ* = β τ_max (the range where the power-law
 * factor dominates) — reported then as a power law that keeps its β and cut-off — and otherwise as
 * exponential, the class its cut-off makes it.
 *
 * <p>With the concentration exponent κ_α, the selected class predicts the growth of the learnability
 * window: exponential → H_N ≈ (τ/κ) ln N + const; power law → H_N ∝ N^{1/(κβ)}; logarithmic →
 * H_N ≈ exp(c N^{1/(κγ)}). An envelope that falls by less than a factor of 2 over the fitted lags
 * predicts no growth law: the window is then bounded by the sequence, not by the envelope.
 *
 * <p>Implementation notes: the constrained fits are exact (each is a small convex quadratic
 * programme: every active set of the sign constraints is solved and the best feasible one kept).
 * Without standard errors every weight is 1 and χ² is floored at the rounding level
 * n·{@value #ROUNDING_FLOOR}² (relative error of f about 1e−6): on noise-free data AIC would
 * otherwise rank rounding error. Stateless and thread-safe.
 */
public final class EnvelopeFit {

    /** ΔAIC below which the simpler class is kept. */
    public static final double TIE_AIC = 2;

    /** Grid lags below ℓ* = β τ_max that a tempered law needs to count as a power law. */
    public static final int MIN_POWER_LAGS = 8;

    /** Residual floor of ln f, in absolute units, when no standard errors are given. */
    static final double ROUNDING_FLOOR = 1e-6;

    /** Smallest standard error of ln f used as a weight (relative error of f of 1e−9). */
    private static final double MIN_SE = 1e-9;

    /** The decay classes, simplest first. */
    public enum DecayClass {
        EXPONENTIAL("exponential", 2),
        POWER("power", 2),
        LOGARITHMIC("logarithmic", 2),
        TEMPERED("tempered", 3);

        private final String label;
        private final int parameters;

        DecayClass(String label, int parameters) {
            this.label = label;
            this.parameters = parameters;
        }

        /** The class's name in tables and CSV ("exponential", "power", …). */
        public String label() {
            return label;
        }

        /** Free parameters of the class's curve (for the information criterion). */
        public int parameters() {
            return parameters;
        }
    }

    /**
     * One fitted model.
     *
     * @param decayClass the model
     * @param intercept  a or c (ln f at the origin of the regressors)
     * @param rate       1/τ (exponential), β (power, tempered) or γ (logarithmic); never negative
     * @param cutoff     1/τ_max of the tempered law, and of a power law that came from it (0 for the others);
     *                   never negative
     * @param aic        Akaike information criterion, χ² + 2k
     * @param bic        Bayesian information criterion, χ² + k ln n
     * @param r2         weighted coefficient of determination of ln f
     * @param points     number of lags fitted
     */
    public record Model(DecayClass decayClass, double intercept, double rate, double cutoff, double aic, double bic,
                        double r2, int points) {

        /** The fitted ln f at lag ℓ. */
        public double logAt(double lag) {
            switch (decayClass) {
                case EXPONENTIAL:
                    return intercept - rate * lag;
                case LOGARITHMIC:
                    return intercept - rate * Math.log(Math.log(lag));
                default:
                    return intercept - rate * Math.log(lag) - cutoff * lag;
            }
        }

        /** Parameters in words, e.g. {@code τ = 12.3} or {@code β = 0.71}. */
        public String describe() {
            switch (decayClass) {
                case EXPONENTIAL:
                    return rate > 0 ? String.format("τ = %.3g", 1 / rate) : "τ = ∞";
                case POWER:
                    return cutoff > 0 ? String.format("β = %.3g, τmax = %.3g", rate, 1 / cutoff)
                            : String.format("β = %.3g", rate);
                case LOGARITHMIC:
                    return String.format("γ = %.3g", rate);
                default:
                    return cutoff > 0 ? String.format("β = %.3g, τmax = %.3g", rate, 1 / cutoff)
                            : String.format("β = %.3g, τmax = ∞", rate);
            }
        }
    }

    /**
     * All fits, lowest AIC first.
     *
     * @param models the four models, lowest AIC first
     * @param lags   the fitted lags
     */
    public record Result(List<Model> models, double[] lags) {

        /** Defensive copy. */
        public Result {
            models = List.copyOf(models);
            lags = lags.clone();
        }

        /** The model of one class. */
        public Model model(DecayClass c) {
            return models.stream().filter(m -> m.decayClass() == c).findFirst().orElseThrow();
        }

        /** The lowest-AIC model, before the tie and tempered rules. */
        public Model lowestAic() {
            return models.get(0);
        }

        @Override
        public double[] lags() {
            return lags.clone();
        }
    }

    private EnvelopeFit() {
    }

    /**
     * Fits the four classes to f over the given lags.
     *
     * @param logSe per-lag standard errors of ln f (weights 1/se²), or null for equal weights with
     *              the rounding floor
     * @throws IllegalArgumentException when fewer than 4 usable points (ℓ ≥ 2, f &gt; 0) remain
     */
    public static Result fit(double[] lags, double[] f, double[] logSe) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < lags.length; i++) {
            if (lags[i] >= 2 && f[i] > 0 && Double.isFinite(f[i])) {
                double se = logSe == null || !(logSe[i] > 0) || !Double.isFinite(logSe[i]) ? Double.NaN : logSe[i];
                pts.add(new double[] {lags[i], Math.log(f[i]), se});
            }
        }
        if (pts.size() < 4) {
            throw new IllegalArgumentException("need at least 4 lags ≥ 2 with f > 0 to fit the envelope, got " + pts.size());
        }
        boolean weighted = logSe != null && pts.stream().allMatch(p -> Double.isFinite(p[2]));
        int n = pts.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
            double se = weighted ? Math.max(MIN_SE, pts.get(i)[2]) : 1;
            w[i] = 1 / (se * se);
        }
        double floor = weighted ? 0 : n * ROUNDING_FLOOR * ROUNDING_FLOOR;
        List<Model> models = new ArrayList<>();
        for (DecayClass c : DecayClass.values()) {
            models.add(fitOne(c, x, y, w, floor));
        }
        models.sort(Comparator.comparingDouble(Model::aic));
        return new Result(models, x);
    }

    /** {@link #fit} with equal weights. */
    public static Result fit(double[] lags, double[] f) {
        return fit(lags, f, null);
    }

    /**
     * The class the rules select: the lowest AIC, unless a simpler class lies within
     * {@value #TIE_AIC}; a tempered winner becomes a power law only when {@code betaSignificant}
     * and at least {@value #MIN_POWER_LAGS} fitted lags lie below β τ_max, else the exponential.
     *
     * @param betaSignificant whether the tempered law's β cleared the bootstrap test against 0
     */
    public static Model select(Result r, boolean betaSignificant) {
        Model best = r.lowestAic();
        for (Model m : r.models()) {
            boolean simpler = m.decayClass().parameters() < best.decayClass().parameters();
            if (simpler && m.aic() - best.aic() < TIE_AIC) {
                best = m;
            }
        }
        if (best.decayClass() != DecayClass.TEMPERED) {
            return best;
        }
        double lStar = best.cutoff() > 0 ? best.rate() / best.cutoff() : Double.POSITIVE_INFINITY;
        long below = Arrays.stream(r.lags()).filter(l -> l < lStar).count();
        if (betaSignificant && best.rate() > 0 && below >= MIN_POWER_LAGS) {
            // A power law over the measured lags, drawn and described with the cut-off it has.
            return new Model(DecayClass.POWER, best.intercept(), best.rate(), best.cutoff(), best.aic(), best.bic(),
                    best.r2(), best.points());
        }
        return r.model(DecayClass.EXPONENTIAL);
    }

    /**
     * The class of a curve without sampling noise (a closed form, or a mean over so many particles
     * that its noise is below the rounding floor): equal weights and the rules of {@link #select}, with
     * the tempered β taken as significant whenever it is positive.
     */
    public static Model classify(double[] lags, double[] f) {
        return select(fit(lags, f), true);
    }

    private static Model fitOne(DecayClass c, double[] lag, double[] y, double[] w, double floor) {
        int n = lag.length;
        int k = c.parameters();
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1;
            switch (c) {
                case EXPONENTIAL:
                    x[i][1] = -lag[i];
                    break;
                case POWER:
                    x[i][1] = -Math.log(lag[i]);
                    break;
                case LOGARITHMIC:
                    x[i][1] = -Math.log(Math.log(lag[i]));
                    break;
                default:
                    x[i][1] = -Math.log(lag[i]);
                    x[i][2] = -lag[i];
                    break;
            }
        }
        double[] coef = constrained(x, y, w);
        double mean = 0;
        double sw = 0;
        for (int i = 0; i < n; i++) {
            mean += w[i] * y[i];
            sw += w[i];
        }
        mean /= sw;
        double chi2 = 0;
        double tss = 0;
        for (int i = 0; i < n; i++) {
            double pred = 0;
            for (int j = 0; j < k; j++) {
                pred += x[i][j] * coef[j];
            }
            chi2 += w[i] * (y[i] - pred) * (y[i] - pred);
            tss += w[i] * (y[i] - mean) * (y[i] - mean);
        }
        double r2 = tss > 0 ? 1 - chi2 / tss : 1;
        chi2 = Math.max(chi2, floor);
        double ll = floor > 0 ? n * Math.log(chi2 / n) : chi2;
        return new Model(c, coef[0], coef[1], k == 3 ? coef[2] : 0, ll + 2 * k, ll + k * Math.log(n), r2, n);
    }

    /**
     * Weighted least squares with every coefficient but the intercept constrained ≥ 0: the best
     * feasible solution over all active sets (exact for these convex problems of ≤ 3 unknowns).
     */
    private static double[] constrained(double[][] x, double[] y, double[] w) {
        int k = x[0].length;
        double[] best = null;
        double bestChi2 = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < 1 << (k - 1); mask++) {
            int[] free = freeColumns(k, mask);
            double[] coef = solve(x, y, w, free, k);
            if (coef == null || Arrays.stream(coef, 1, k).anyMatch(v -> v < 0)) {
                continue;
            }
            double chi2 = 0;
            for (int i = 0; i < y.length; i++) {
                double pred = 0;
                for (int j = 0; j < k; j++) {
                    pred += x[i][j] * coef[j];
                }
                chi2 += w[i] * (y[i] - pred) * (y[i] - pred);
            }
            if (chi2 < bestChi2) {
                bestChi2 = chi2;
                best = coef;
            }
        }
        return best;
    }

    /** Column 0 and each column j ≥ 1 whose bit j−1 of {@code fixedAtZero} is clear. */
    private static int[] freeColumns(int k, int fixedAtZero) {
        return java.util.stream.IntStream.range(0, k)
                .filter(j -> j == 0 || (fixedAtZero & (1 << (j - 1))) == 0).toArray();
    }

    private static double[] solve(double[][] x, double[] y, double[] w, int[] free, int k) {
        int n = y.length;
        double[][] a = new double[n][free.length];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double s = Math.sqrt(w[i]);
            for (int j = 0; j < free.length; j++) {
                a[i][j] = s * x[i][free[j]];
            }
            b[i] = s * y[i];
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(a, false), 1e-12);
        if (!qr.getSolver().isNonSingular()) {
            return null;
        }
        RealVector sol = qr.getSolver().solve(new ArrayRealVector(b, false));
        double[] coef = new double[k];
        for (int j = 0; j < free.length; j++) {
            coef[free[j]] = sol.getEntry(j);
        }
        return coef;
    }

    /**
     * Whether the fitted envelope falls by at least a factor of 2 over the fitted lags; below that
     * no growth law is predicted (the window is bounded by the sequence length, not the envelope).
     */
    public static boolean decays(Model m, double[] lags) {
        double lo = Arrays.stream(lags).min().orElse(2);
        double hi = Arrays.stream(lags).max().orElse(2);
        return m.logAt(lo) - m.logAt(hi) >= Math.log(2);
    }

    /**
     * The growth law of H_N that a selected class predicts, as text with its exponent, e.g.
     * {@code H_N ∝ N^0.47}, or a sentence saying why there is none.
     */
    public static String growthLaw(Model m, double[] lags, double kappa) {
        if (!decays(m, lags)) {
            return "no growth law: the envelope falls by less than 2× over the lags";
        }
        if (!(kappa > 0 && Double.isFinite(kappa) && m.rate() > 0 && Double.isFinite(m.rate()))) {
            // After an extreme learning rate the noise's α̂ (so κ) or the rate can be undefined: say so, not "N^NaN".
            return "no growth law: the sample gives no finite noise exponent κ or decay rate";
        }
        switch (m.decayClass()) {
            case EXPONENTIAL:
                return String.format("H_N ≈ %.3g·ln N + const (logarithmic)", 1 / (m.rate() * kappa));
            case POWER:
                return String.format("H_N ∝ N^%.3g (polynomial)", 1 / (kappa * m.rate()))
                        + (m.cutoff() > 0 ? String.format(" up to ℓ* = β·τmax ≈ %.3g, logarithmic beyond",
                                m.rate() / m.cutoff()) : "");
            case LOGARITHMIC:
                return String.format("H_N ≈ exp(c·N^%.3g) (stretched exponential)", 1 / (kappa * m.rate()));
            default:
                throw new IllegalArgumentException("the tempered law predicts no growth law of its own: select() first");
        }
    }

    /**
     * The growth exponent of the predicted law: d H_N / d ln N for the exponential class,
     * d ln H_N / d ln N for the power class, and the exponent of N inside the stretched
     * exponential for the logarithmic class; NaN where {@link #growthLaw} predicts none.
     */
    public static double growthExponent(Model m, double[] lags, double kappa) {
        if (!decays(m, lags) || m.decayClass() == DecayClass.TEMPERED) {
            return Double.NaN;
        }
        return m.decayClass() == DecayClass.EXPONENTIAL ? 1 / (m.rate() * kappa) : 1 / (kappa * m.rate());
    }
}
