package org.timescalelab.theory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Decay class of an envelope f(ℓ) (THEORY.md §3.6): least-squares fits of ln f by
 * <ul>
 *   <li>exponential: ln f = a − ℓ/τ</li>
 *   <li>power law: ln f = c − β ln ℓ</li>
 *   <li>logarithmic: ln f = c − γ ln ln ℓ</li>
 *   <li>tempered power law: ln f = c − β ln ℓ − ℓ/τ_max, with 1/τ_max ≥ 0 (a negative cut-off would be
 *       a growing exponential; when least squares wants one, the constrained fit is the power law with
 *       the cut-off at 0, penalised as three parameters)</li>
 * </ul>
 * each linear in its parameters, ranked by AIC = n ln(RSS/n) + 2k (BIC and R² reported too).
 * All four are fitted on the same points: lags ℓ ≥ 2 with f(ℓ) &gt; 0 (ln ln ℓ needs ℓ &gt; 1).
 *
 * <p>With the concentration exponent κ_α, the winning class predicts the growth of the
 * learnability window (the seed's table): exponential → H_N ≈ (τ/κ) ln N + const; power law →
 * H_N ∝ N^{1/(κβ)}; logarithmic → H_N ≈ exp(c N^{1/(κγ)}). A tempered power law behaves as a power
 * law up to ℓ ≈ τ_max and exponentially beyond. Stateless and thread-safe.
 */
public final class EnvelopeFit {

    /** The decay classes. */
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

        public String label() {
            return label;
        }

        public int parameters() {
            return parameters;
        }
    }

    /**
     * One fitted model.
     *
     * @param decayClass the model
     * @param intercept  a or c (ln f at the origin of the regressors)
     * @param rate       1/τ (exponential), β (power, tempered) or γ (logarithmic)
     * @param cutoff     1/τ_max of the tempered law (0 for the others)
     * @param aic        Akaike information criterion
     * @param bic        Bayesian information criterion
     * @param r2         coefficient of determination of ln f
     * @param points     number of lags fitted
     */
    public record Model(DecayClass decayClass, double intercept, double rate, double cutoff, double aic, double bic,
                        double r2, int points) {

        /** The fitted ln f at lag ℓ. */
        public double logAt(double lag) {
            switch (decayClass) {
                case EXPONENTIAL:
                    return intercept - rate * lag;
                case POWER:
                    return intercept - rate * Math.log(lag);
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
                    return String.format("τ = %.3g", 1 / rate);
                case POWER:
                    return String.format("β = %.3g", rate);
                case LOGARITHMIC:
                    return String.format("γ = %.3g", rate);
                default:
                    return String.format("β = %.3g, τmax = %.3g", rate, 1 / cutoff);
            }
        }
    }

    /**
     * All fits, best (lowest AIC) first.
     *
     * @param models the four models, best first
     */
    public record Result(List<Model> models) {

        /** The winning model. */
        public Model best() {
            return models.get(0);
        }

        /** The model of one class. */
        public Model model(DecayClass c) {
            return models.stream().filter(m -> m.decayClass() == c).findFirst().orElseThrow();
        }
    }

    private EnvelopeFit() {
    }

    /**
     * Fits the four classes to f over the given lags.
     *
     * @throws IllegalArgumentException when fewer than 4 usable points (ℓ ≥ 2, f &gt; 0) remain
     */
    public static Result fit(double[] lags, double[] f) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < lags.length; i++) {
            if (lags[i] >= 2 && f[i] > 0 && Double.isFinite(f[i])) {
                pts.add(new double[] {lags[i], Math.log(f[i])});
            }
        }
        if (pts.size() < 4) {
            throw new IllegalArgumentException("need at least 4 lags ≥ 2 with f > 0 to fit the envelope, got " + pts.size());
        }
        List<Model> models = new ArrayList<>();
        for (DecayClass c : DecayClass.values()) {
            models.add(fitOne(c, pts));
        }
        models.sort(Comparator.comparingDouble(Model::aic));
        return new Result(List.copyOf(models));
    }

    private static Model fitOne(DecayClass c, List<double[]> pts) {
        int n = pts.size();
        int k = c.parameters();
        double[][] x = new double[n][k];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double lag = pts.get(i)[0];
            y[i] = pts.get(i)[1];
            x[i][0] = 1;
            switch (c) {
                case EXPONENTIAL:
                    x[i][1] = -lag;
                    break;
                case POWER:
                    x[i][1] = -Math.log(lag);
                    break;
                case LOGARITHMIC:
                    x[i][1] = -Math.log(Math.log(lag));
                    break;
                default:
                    x[i][1] = -Math.log(lag);
                    x[i][2] = -lag;
                    break;
            }
        }
        RealVector coef = new QRDecomposition(new Array2DRowRealMatrix(x, false)).getSolver()
                .solve(new ArrayRealVector(y, false));
        if (c == DecayClass.TEMPERED && coef.getEntry(2) < 0) {
            // The constrained optimum (cut-off ≥ 0) sits on the boundary: the power law, which
            // keeps the tempered class's three-parameter penalty.
            Model p = fitOne(DecayClass.POWER, pts);
            return new Model(c, p.intercept(), p.rate(), 0, p.aic() + 2, p.bic() + Math.log(n), p.r2(), n);
        }
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        double rss = 0;
        double tss = 0;
        for (int i = 0; i < n; i++) {
            double pred = 0;
            for (int j = 0; j < k; j++) {
                pred += x[i][j] * coef.getEntry(j);
            }
            rss += (y[i] - pred) * (y[i] - pred);
            tss += (y[i] - mean) * (y[i] - mean);
        }
        double ll = n * Math.log(Math.max(rss, 1e-300) / n);
        return new Model(c, coef.getEntry(0), coef.getEntry(1), k == 3 ? coef.getEntry(2) : 0,
                ll + 2 * k, ll + k * Math.log(n), tss > 0 ? 1 - rss / tss : 1, n);
    }

    /**
     * The growth law of H_N that a decay class predicts, as text with its exponent, e.g.
     * {@code H_N ∝ N^0.47} or {@code H_N ≈ 6.2·ln N + const}.
     */
    public static String growthLaw(Model m, double kappa) {
        switch (m.decayClass()) {
            case EXPONENTIAL:
                return String.format("H_N ≈ %.3g·ln N + const (logarithmic)", 1 / (m.rate() * kappa));
            case POWER:
                return String.format("H_N ∝ N^%.3g (polynomial)", 1 / (kappa * m.rate()));
            case LOGARITHMIC:
                return String.format("H_N ≈ exp(c·N^%.3g) (stretched exponential)", 1 / (kappa * m.rate()));
            default:
                return String.format("H_N ∝ N^%.3g up to ℓ ≈ %.3g, then logarithmic", 1 / (kappa * m.rate()),
                        1 / m.cutoff());
        }
    }

    /**
     * The growth exponent of the predicted law: d H_N / d ln N for the exponential class,
     * d ln H_N / d ln N for the power and tempered classes, and the exponent of N inside the
     * stretched exponential for the logarithmic class.
     */
    public static double growthExponent(Model m, double kappa) {
        return m.decayClass() == DecayClass.EXPONENTIAL ? 1 / (m.rate() * kappa) : 1 / (kappa * m.rate());
    }
}
