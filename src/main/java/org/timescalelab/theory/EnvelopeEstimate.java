package org.timescalelab.theory;

import java.util.Arrays;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The envelope f(ℓ) of a diagnostic sample with its uncertainty and its decay class
 * (docs/envelope-and-window.md, "Decay class").
 *
 * <p>Input: one envelope per diagnostic sequence (the mean over that sequence's windows of
 * Σ_q |μ^(q)|). f is their mean, and the standard error of ln f is se(f)/f with se(f) the standard
 * error of the mean over sequences. {@link EnvelopeFit} fits the four classes by weighted least
 * squares with those errors. A bootstrap over sequences refits every resample with the standard
 * errors re-estimated from that resample's sequences (holding the full sample's errors fixed made
 * the rate's interval about 20 times too narrow against redrawn samples: the weighted fit then
 * moves with the weights, which the resample does not change, rather than with the data). The
 * bootstrap gives: the test of the tempered law's β against 0 (significant when fewer than 5 % of
 * the resamples put β at its bound 0), the 90 % interval of the selected class's rate, and the
 * class's support — the fraction of resamples in which the rules select the same class. With
 * support below {@value #DECIDED_SUPPORT} the sample cannot tell the class, and the app says so.
 *
 * <p>Goodness of fit: χ²/dof of the selected law (χ² = Σ w r², dof = fitted lags − parameters; a
 * power law that came from the tempered fit has 3). When χ² exceeds its 0.999 quantile the law is
 * rejected — the envelope is not of any of the four forms within its sampling error — and
 * {@link #describe} says "misfit": the rate is then a summary of the curve's overall slope, not a
 * parameter of a law the data follow.
 *
 * <p>With fewer than 2 sequences there are no standard errors: equal weights with the rounding
 * floor, and no interval. Immutable and thread-safe.
 */
public final class EnvelopeEstimate {

    /** Default bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 200;

    /** Support from which the selected class counts as decided. */
    public static final double DECIDED_SUPPORT = 0.8;

    /** Upper-tail probability of χ² below which the selected law is rejected. */
    public static final double MISFIT_P = 0.001;

    private final double[] envelope;
    private final double[] logSe;
    private final EnvelopeFit.Result fit;
    private final EnvelopeFit.Model selected;
    private final double rateLow;
    private final double rateHigh;
    private final double support;
    private final double temperedBetaAtZero;
    private final double chiSquared;
    private final int dof;

    private EnvelopeEstimate(double[] envelope, double[] logSe, EnvelopeFit.Result fit,
                             EnvelopeFit.Model selected, double[] rate, double support, double temperedBetaAtZero) {
        this.envelope = envelope;
        this.logSe = logSe;
        this.fit = fit;
        this.selected = selected;
        this.rateLow = rate[0];
        this.rateHigh = rate[1];
        this.support = support;
        this.temperedBetaAtZero = temperedBetaAtZero;
        int k = selected.decayClass() == EnvelopeFit.DecayClass.POWER && selected.cutoff() > 0
                ? EnvelopeFit.DecayClass.TEMPERED.parameters() : selected.decayClass().parameters();
        this.dof = selected.points() - k;
        this.chiSquared = logSe == null ? Double.NaN : selected.aic() - 2 * k;
    }

    /**
     * Estimates the envelope and its class from per-sequence envelopes.
     *
     * @param lags      the lag grid
     * @param rows      per sequence, f over the grid, [sequence][lag index]
     * @param resamples bootstrap resamples (0: no test, no interval; the tempered law then never
     *                  counts as a power law)
     * @param rng       the bootstrap's generator
     */
    public static EnvelopeEstimate of(double[] lags, double[][] rows, int resamples, UniformRandomProvider rng) {
        int s = rows.length;
        double[] f = mean(rows, null);
        double[] se = s >= 2 ? logStandardError(rows, null, f) : null;
        EnvelopeFit.Result fit = EnvelopeFit.fit(lags, f, se);
        int b = s >= 2 ? resamples : 0;
        double[] tempered = new double[b];
        EnvelopeFit.Result[] reps = new EnvelopeFit.Result[b];
        int[] counts = new int[s];
        for (int r = 0; r < b; r++) {
            Arrays.fill(counts, 0);
            for (int j = 0; j < s; j++) {
                counts[rng.nextInt(s)]++;
            }
            double[] fr = mean(rows, counts);
            reps[r] = EnvelopeFit.fit(lags, fr, logStandardError(rows, counts, fr));
            tempered[r] = reps[r].model(EnvelopeFit.DecayClass.TEMPERED).rate();
        }
        long atZero = Arrays.stream(tempered).filter(v -> !(v > 0)).count();
        double share = b > 0 ? (double) atZero / b : 1;
        boolean significant = b > 0 && share < 0.05;
        EnvelopeFit.Model selected = EnvelopeFit.select(fit, significant);
        double[] rates = new double[b];
        // A power law that came from the tempered fit is compared with the resamples' tempered β.
        EnvelopeFit.DecayClass comparable = selected.decayClass() == EnvelopeFit.DecayClass.POWER
                && selected.cutoff() > 0 ? EnvelopeFit.DecayClass.TEMPERED : selected.decayClass();
        int same = 0;
        for (int r = 0; r < b; r++) {
            same += EnvelopeFit.select(reps[r], significant).decayClass() == selected.decayClass() ? 1 : 0;
            // A power law that came from the tempered fit is compared with the resamples' tempered β.
            rates[r] = reps[r].model(comparable).rate();
        }
        Arrays.sort(rates);
        double[] rate = b > 0 ? new double[] {TailIndex.quantile(rates, 0.05), TailIndex.quantile(rates, 0.95)}
                : new double[] {Double.NaN, Double.NaN};
        return new EnvelopeEstimate(f, se, fit, selected, rate, b > 0 ? (double) same / b : Double.NaN,
                share);
    }

    /** Column means of the rows, each row counted {@code counts[row]} times (once when null). */
    private static double[] mean(double[][] rows, int[] counts) {
        int l = rows[0].length;
        double[] f = new double[l];
        long total = 0;
        for (int j = 0; j < rows.length; j++) {
            int c = counts == null ? 1 : counts[j];
            if (c == 0) {
                continue;
            }
            total += c;
            for (int li = 0; li < l; li++) {
                f[li] += c * rows[j][li];
            }
        }
        for (int li = 0; li < l; li++) {
            f[li] /= total;
        }
        return f;
    }

    /**
     * Standard error of ln f per lag over the rows each counted {@code counts[row]} times (once when
     * null): the sample standard deviation over the counted rows, divided by √(count) and by f.
     * A resample that draws one sequence only has no spread: its errors are NaN and the fit falls back
     * to equal weights.
     */
    private static double[] logStandardError(double[][] rows, int[] counts, double[] f) {
        int l = f.length;
        double[] se = new double[l];
        long total = 0;
        for (int j = 0; j < rows.length; j++) {
            int c = counts == null ? 1 : counts[j];
            total += c;
            for (int li = 0; li < l; li++) {
                double d = rows[j][li] - f[li];
                se[li] += c * d * d;
            }
        }
        for (int li = 0; li < l; li++) {
            se[li] = Math.sqrt(se[li] / (total - 1) / total) / f[li];
        }
        return se;
    }

    /** f(ℓ), the mean over sequences. */
    public double[] envelope() {
        return envelope.clone();
    }

    /** Standard error of ln f per lag (null with fewer than 2 sequences). */
    public double[] logStandardError() {
        return logSe == null ? null : logSe.clone();
    }

    /** The four fits. */
    public EnvelopeFit.Result fit() {
        return fit;
    }

    /** The class the rules select (see {@link EnvelopeFit#select}). */
    public EnvelopeFit.Model selected() {
        return selected;
    }

    /** 90 % bootstrap interval {low, high} of the selected class's rate (1/τ, β or γ). */
    public double[] rateInterval() {
        return new double[] {rateLow, rateHigh};
    }

    /** Fraction of resamples selecting the same class (NaN without resamples). */
    public double support() {
        return support;
    }

    /** Whether the class is decided (support ≥ {@value #DECIDED_SUPPORT}). */
    public boolean decided() {
        return support >= DECIDED_SUPPORT;
    }

    /** Fraction of resamples whose tempered β sits at its bound 0 (the test's p-value). */
    public double temperedBetaAtZero() {
        return temperedBetaAtZero;
    }

    /** χ²/dof of the selected law (NaN without standard errors or degrees of freedom). */
    public double chiSquaredPerDof() {
        return dof > 0 ? chiSquared / dof : Double.NaN;
    }

    /** Whether the selected law is rejected: χ² beyond its {@code 1 − }{@value #MISFIT_P} quantile. */
    public boolean misfit() {
        return dof > 0 && Double.isFinite(chiSquared)
                && chiSquared > new ChiSquaredDistribution(null, dof).inverseCumulativeProbability(1 - MISFIT_P);
    }

    /**
     * The selected class in words with its rate's interval next to the rate it belongs to (for a
     * tempered power law, β's interval before τmax), "misfit" with χ²/dof when the law is rejected,
     * or "cannot tell" with the best guess.
     */
    public String describe() {
        return describe(true);
    }

    /** {@link #describe()}, with χ²/dof after "misfit" or (for a chart's annotation) without. */
    public String describe(boolean withChiSquared) {
        String words = selected.decayClass().label() + ", " + describeRate();
        if (misfit()) {
            words += withChiSquared ? String.format(" (misfit, χ²/dof = %.3g)", chiSquaredPerDof()) : ", misfit";
        }
        return decided() ? words : "cannot tell (best: " + words + String.format(", support %.0f%%)", 100 * support);
    }

    private String describeRate() {
        boolean interval = Double.isFinite(rateLow);
        switch (selected.decayClass()) {
            case EXPONENTIAL:
                return selected.describe() + (interval ? String.format(" [%.3g, %.3g]", 1 / rateHigh, 1 / rateLow) : "");
            case LOGARITHMIC:
                return selected.describe() + (interval ? String.format(" [%.3g, %.3g]", rateLow, rateHigh) : "");
            default:
                String beta = String.format("β = %.3g", selected.rate())
                        + (interval ? String.format(" [%.3g, %.3g]", rateLow, rateHigh) : "");
                return selected.cutoff() > 0 ? beta + String.format(", τmax = %.3g", 1 / selected.cutoff())
                        : selected.decayClass() == EnvelopeFit.DecayClass.TEMPERED ? beta + ", τmax = ∞" : beta;
        }
    }

    /** The predicted growth law of H_N, only for a decided class. */
    public String growthLaw(double kappa) {
        return decided() ? EnvelopeFit.growthLaw(selected, fit.lags(), kappa)
                : "no growth law: the sample cannot tell the envelope's class";
    }
}
