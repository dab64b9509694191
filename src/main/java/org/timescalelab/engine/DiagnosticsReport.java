package org.timescalelab.engine;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.rng.simple.RandomSource;
import org.timescalelab.nn.NetworkDiagnostics;
import org.timescalelab.theory.Anisotropy;
import org.timescalelab.theory.EffectiveRates;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Laplace;
import org.timescalelab.theory.Learnability;
import org.timescalelab.theory.SpectrumTail;
import org.timescalelab.theory.TailIndex;

/**
 * Everything a diagnostics pass found (THEORY.md §3–§4), as primitives and records: the
 * envelope and its decay class, the time-scale spectrum and its tail, the learnability window.
 * Immutable once built (arrays are not shared); bounded in size (H × lags at most), so it can
 * be published to the UI.
 *
 * @param step            training steps taken at the pass
 * @param costMillis      wall-clock cost of the pass
 * @param width           H
 * @param lags            the lag grid
 * @param envelope        f(ℓ)
 * @param gates           f_gates(ℓ)
 * @param gamma1Share     share of the γ1 term
 * @param predicted       Laplace prediction Σ_q A_q e^{−ℓ/τ_q}
 * @param profile         mean |μ^(q)(ℓ)|, [lag index · H + q]
 * @param exactLags       lags of the exact diagonal transport
 * @param exact           the exact diagonal transport there
 * @param expansion       the expansion on the same windows
 * @param spearman        Spearman ρ between {@code exact} and {@code expansion} (NaN with fewer than 3 lags)
 * @param tau             per unit, τ_q from the profile fit (NaN: non-decaying)
 * @param amplitude       per unit, A_q
 * @param fitR2           per unit, R² of the profile fit
 * @param tauGate         per unit, the cheap gate time scale
 * @param lambda          per unit, Λ^(q) (row mean)
 * @param signal          per lag, m̄(ℓ)
 * @param alphaHat        per lag, α̂(ℓ)
 * @param sigmaHat        per lag, σ̂(ℓ)
 * @param kappa           per lag, κ(α̂)
 * @param minimalSamples  per lag, N̂(ℓ)
 * @param reliable        whether the per-lag estimates had ≥ 500 samples
 * @param sampleSizes     the N grid
 * @param windows         H_N on that grid
 * @param envelopeFit     the four decay-class fits
 * @param medianAlpha     median α̂ over lags
 * @param growthLaw       the predicted H_N growth law of the winning class, with κ from the median α̂
 * @param spectrum        the survival-function fit of β̂ over the finite τ_q
 * @param hill            Hill estimate of β (NaN with too few units)
 * @param comparison      power law against log-normal on the τ_q
 * @param masterSlope     slope of ln N̂ on −κ ln f (theory: 1)
 * @param nonDecaying     units without a decaying profile
 * @param jacobianAnisotropy anisotropy of the longest exact Jacobian product
 * @param gradientAnisotropy anisotropy of the per-example gradient covariance, or null
 */
public record DiagnosticsReport(long step, double costMillis, int width, int[] lags, double[] envelope, double[] gates,
                                double[] gamma1Share, double[] predicted, double[] profile, int[] exactLags,
                                double[] exact, double[] expansion, double spearman, double[] tau,
                                double[] amplitude, double[] fitR2, double[] tauGate, double[] lambda,
                                double[] signal, double[] alphaHat, double[] sigmaHat, double[] kappa,
                                double[] minimalSamples, boolean reliable, double[] sampleSizes, double[] windows,
                                EnvelopeFit.Result envelopeFit, double medianAlpha, String growthLaw,
                                SpectrumTail.Fit spectrum, double hill, SpectrumTail.Comparison comparison,
                                double masterSlope, int nonDecaying, Anisotropy jacobianAnisotropy,
                                Anisotropy gradientAnisotropy) {

    /** H_N at a sample size (the largest grid lag with N̂ ≤ N). */
    public double windowAt(double samples) {
        return Learnability.window(Arrays.stream(lags).asDoubleStream().toArray(), minimalSamples, samples);
    }

    /**
     * Runs the estimators of the theory library on a pass's network results.
     *
     * @param n          the network-side results
     * @param d          the diagnostics settings
     * @param step       training steps taken
     * @param costMillis the pass's cost so far (the estimators add theirs)
     * @param seed       seed of the bootstrap
     */
    public static DiagnosticsReport analyze(NetworkDiagnostics n, SessionConfig.Diagnostics d, long step,
                                            double costMillis, long seed) {
        long start = System.nanoTime();
        EffectiveRates.Result rates = n.rates();
        int[] lags = rates.lags();
        double[] lagValues = Arrays.stream(lags).asDoubleStream().toArray();
        double[][] ts = EffectiveRates.timescales(lags, rates.logProfile(), n.width());
        double[] tau = ts[0];
        double[] predicted = Laplace.envelope(ts[1], tau, lagValues);
        int l = lags.length;
        double[] signal = new double[l];
        double[] alphaHat = new double[l];
        double[] sigmaHat = new double[l];
        double[] kappa = new double[l];
        double[] nHat = new double[l];
        boolean reliable = n.psi().length >= TailIndex.RELIABLE_SIZE;
        for (int li = 0; li < l; li++) {
            final int col = li;
            double[] sample = Arrays.stream(n.psi()).mapToDouble(row -> row[col]).filter(Double::isFinite).toArray();
            if (sample.length < 2) {
                signal[li] = alphaHat[li] = sigmaHat[li] = kappa[li] = Double.NaN;
                nHat[li] = Double.POSITIVE_INFINITY;
                continue;
            }
            signal[li] = Math.abs(Arrays.stream(sample).average().orElse(0));
            TailIndex.Estimate e = TailIndex.estimate(sample);
            alphaHat[li] = e.alpha();
            sigmaHat[li] = e.scale();
            kappa[li] = Learnability.kappa(e.alpha());
            nHat[li] = e.ok() ? Learnability.minimalSamples(signal[li], e.scale(), e.alpha(), d.threshold())
                    : Double.POSITIVE_INFINITY;
        }
        double medianAlpha = median(alphaHat);
        double[] grid = Learnability.sampleGrid(1, 8, 4);
        double[] windows = Learnability.windows(lagValues, nHat, grid);
        EnvelopeFit.Result fit = EnvelopeFit.fit(lagValues, rates.envelope());
        String law = EnvelopeFit.growthLaw(fit.best(), Learnability.kappa(Double.isFinite(medianAlpha) ? medianAlpha : 2));
        double[] finiteTau = Arrays.stream(tau).filter(t -> t > 0 && Double.isFinite(t)).toArray();
        SpectrumTail.Fit spectrum = SpectrumTail.fit(finiteTau, d.bootstrap(),
                RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        double hill = finiteTau.length >= 12 ? SpectrumTail.hill(finiteTau, SpectrumTail.defaultHillK(finiteTau.length))
                : Double.NaN;
        SpectrumTail.Comparison comparison = SpectrumTail.compare(finiteTau);
        double master = Learnability.masterLaw(rates.envelope(), alphaHat, nHat)[0];
        double rho = n.exactLags().length >= 3 && IntStream.range(0, n.exact().length).allMatch(i -> Double.isFinite(n.exact()[i]))
                ? new SpearmansCorrelation().correlation(n.exact(), n.expansion()) : Double.NaN;
        double cost = costMillis + (System.nanoTime() - start) / 1e6;
        return new DiagnosticsReport(step, cost, n.width(), lags, rates.envelope(), rates.gates(), rates.gamma1Share(),
                predicted, rates.profile(), n.exactLags(), n.exact(), n.expansion(), rho, tau, ts[1], ts[2],
                n.tauGate(), n.lambda(), signal, alphaHat, sigmaHat, kappa, nHat, reliable, grid, windows, fit,
                medianAlpha, law, spectrum, hill, comparison, master, n.width() - finiteTau.length,
                n.jacobianAnisotropy(), n.gradientAnisotropy());
    }

    private static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
