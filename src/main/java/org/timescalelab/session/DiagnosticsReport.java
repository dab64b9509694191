package org.timescalelab.session;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.rng.simple.RandomSource;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.NetworkDiagnostics;
import org.timescalelab.theory.Anisotropy;
import org.timescalelab.theory.EffectiveRates;
import org.timescalelab.theory.EnvelopeEstimate;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Laplace;
import org.timescalelab.theory.Learnability;
import org.timescalelab.theory.SpectrumTail;
import org.timescalelab.theory.WindowEstimate;

/**
 * Everything a diagnostics pass found (docs/envelope-and-window.md), as primitives, records and immutable
 * estimates: the envelope and its decay class, the time-scale spectrum and its tail, the
 * learnability window with its bootstrap intervals. Immutable: arrays are copied in and out;
 * bounded in size (H × lags at most), so it can be published to the UI.
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
 * @param learnability    per-lag signal, noise, resolution and N̂, and H_N(N), with intervals
 * @param envelopeClass   f with its standard errors and the selected decay class with its interval
 * @param sampleSizes     the N grid
 * @param windows         H_N on that grid (a lower bound where {@code censored})
 * @param censored        per N, whether the sample cannot tell how far the window reaches
 * @param windowLow       per N, the 5 % bootstrap quantile of H_N
 * @param windowHigh      per N, the 95 % bootstrap quantile of H_N (+∞: cannot tell)
 * @param growthLaw       the predicted H_N growth law of a decided class, with κ from the pooled α̂
 * @param spectrum        the survival-function fit of β̂ over the finite τ_q
 * @param hill            Hill estimate of β (NaN with too few units)
 * @param comparison      power law against log-normal on the τ_q
 * @param chain           the chain measured: {slope of ln m̄ on ln f over resolved lags (premise: 1), its 90 %
 *                        interval low, high, lags used} ({@link WindowEstimate#chain})
 * @param implied         per N, the envelope-implied window ({@link WindowEstimate#impliedWindow}; NaN: none)
 * @param bounds          per N, what bounds the window ({@link Learnability#bound})
 * @param length          T, the sequence length of the diagnostic set
 * @param taskLag         the task's longest lag (NaN: none)
 * @param nonDecaying     units without a decaying profile
 * @param jacobianAnisotropy anisotropy of the longest exact Jacobian product
 * @param gradientAnisotropy anisotropy of the per-example gradient covariance, or null
 */
public record DiagnosticsReport(long step, double costMillis, int width, int[] lags, double[] envelope, double[] gates,
                                double[] gamma1Share, double[] predicted, double[] profile, int[] exactLags,
                                double[] exact, double[] expansion, double spearman, double[] tau,
                                double[] amplitude, double[] fitR2, double[] tauGate, double[] lambda,
                                WindowEstimate learnability, EnvelopeEstimate envelopeClass, double[] sampleSizes,
                                double[] windows, boolean[] censored, double[] windowLow, double[] windowHigh,
                                String growthLaw, SpectrumTail.Fit spectrum, double hill,
                                SpectrumTail.Comparison comparison, double[] chain, double[] implied, String[] bounds,
                                int length, double taskLag, int nonDecaying, Anisotropy jacobianAnisotropy, Anisotropy gradientAnisotropy) {

    /** Copies the arrays: the record is immutable (accessors hand out copies too). */
    public DiagnosticsReport {
        lags = lags.clone();
        envelope = envelope.clone();
        gates = gates.clone();
        gamma1Share = gamma1Share.clone();
        predicted = predicted.clone();
        profile = profile.clone();
        exactLags = exactLags.clone();
        exact = exact.clone();
        expansion = expansion.clone();
        tau = tau.clone();
        amplitude = amplitude.clone();
        fitR2 = fitR2.clone();
        tauGate = tauGate.clone();
        lambda = lambda.clone();
        sampleSizes = sampleSizes.clone();
        windows = windows.clone();
        censored = censored.clone();
        windowLow = windowLow.clone();
        windowHigh = windowHigh.clone();
        chain = chain.clone();
        implied = implied.clone();
        bounds = bounds.clone();
    }

    /** A copy of {@code chain}. */
    @Override
    public double[] chain() {
        return chain.clone();
    }

    /** A copy of {@code implied}. */
    @Override
    public double[] implied() {
        return implied.clone();
    }

    /** A copy of {@code bounds}. */
    @Override
    public String[] bounds() {
        return bounds.clone();
    }

    /** What bounds H_N at a sample size: learnability, sequence, task or cannot tell. */
    public String bound(double samples) {
        Learnability.Window w = window(samples);
        return Learnability.bound(w, learnability.lagHigh(w.lag()), length, taskLag);
    }

    /** A copy of {@code lags}. */
    @Override
    public int[] lags() {
        return lags.clone();
    }

    /** A copy of {@code envelope}. */
    @Override
    public double[] envelope() {
        return envelope.clone();
    }

    /** A copy of {@code gates}. */
    @Override
    public double[] gates() {
        return gates.clone();
    }

    /** A copy of {@code gamma1Share}. */
    @Override
    public double[] gamma1Share() {
        return gamma1Share.clone();
    }

    /** A copy of {@code predicted}. */
    @Override
    public double[] predicted() {
        return predicted.clone();
    }

    /** A copy of {@code profile}. */
    @Override
    public double[] profile() {
        return profile.clone();
    }

    /** A copy of {@code exactLags}. */
    @Override
    public int[] exactLags() {
        return exactLags.clone();
    }

    /** A copy of {@code exact}. */
    @Override
    public double[] exact() {
        return exact.clone();
    }

    /** A copy of {@code expansion}. */
    @Override
    public double[] expansion() {
        return expansion.clone();
    }

    /** A copy of {@code tau}. */
    @Override
    public double[] tau() {
        return tau.clone();
    }

    /** A copy of {@code amplitude}. */
    @Override
    public double[] amplitude() {
        return amplitude.clone();
    }

    /** A copy of {@code fitR2}. */
    @Override
    public double[] fitR2() {
        return fitR2.clone();
    }

    /** A copy of {@code tauGate}. */
    @Override
    public double[] tauGate() {
        return tauGate.clone();
    }

    /** A copy of {@code lambda}. */
    @Override
    public double[] lambda() {
        return lambda.clone();
    }

    /** A copy of {@code sampleSizes}. */
    @Override
    public double[] sampleSizes() {
        return sampleSizes.clone();
    }

    /** A copy of {@code windows}. */
    @Override
    public double[] windows() {
        return windows.clone();
    }

    /** A copy of {@code censored}. */
    @Override
    public boolean[] censored() {
        return censored.clone();
    }

    /** A copy of {@code windowLow}. */
    @Override
    public double[] windowLow() {
        return windowLow.clone();
    }

    /** A copy of {@code windowHigh}. */
    @Override
    public double[] windowHigh() {
        return windowHigh.clone();
    }

    /** H_N at a sample size (a lower bound when the sample cannot tell; see {@link #window}). */
    public double windowAt(double samples) {
        return learnability.window(samples).lag();
    }

    /** H_N at a sample size, with whether it is a lower bound. */
    public Learnability.Window window(double samples) {
        return learnability.window(samples);
    }

    /** The pooled α̂ of the update noise (median over directions). */
    public double medianAlpha() {
        return learnability.pooledAlpha();
    }

    /** What the spectrum's tail is, in words ({@link SpectrumTail#verdict}); {@code chart}: two short lines. */
    public String spectrumVerdict(boolean chart) {
        return SpectrumTail.verdict(spectrum, comparison, width,
                envelopeClass.selected().decayClass() == EnvelopeFit.DecayClass.POWER, chart);
    }

    /** The selected decay class. */
    public EnvelopeFit.Model envelopeModel() {
        return envelopeClass.selected();
    }

    /**
     * Bootstrap resamples of the window and envelope estimates: the config's
     * {@code diagnostics.bootstrap} (the spectrum tail's), at most {@value WindowEstimate#DEFAULT_RESAMPLES};
     * 0 turns every interval off.
     */
    static int resamples(SessionConfig.Diagnostics d) {
        return Math.min(d.bootstrap(), WindowEstimate.DEFAULT_RESAMPLES);
    }

    /**
     * Runs the estimators of the theory library on a pass's network results.
     *
     * @param n          the network-side results
     * @param d          the diagnostics settings
     * @param step       training steps taken
     * @param costMillis the pass's cost so far (the estimators add theirs)
     * @param seed       seed of the bootstraps
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
        WindowEstimate learn = WindowEstimate.of(n.psi(), n.whole(), lagValues, d.threshold(), resamples(d),
                RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, 1}));
        EnvelopeEstimate env = EnvelopeEstimate.of(lagValues, rates.sequenceEnvelopes(), resamples(d),
                RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, 2}));
        double[] grid = Learnability.sampleGrid(1, 8, 4);
        double[] windows = new double[grid.length];
        boolean[] censored = new boolean[grid.length];
        double[] low = new double[grid.length];
        double[] high = new double[grid.length];
        double[] implied = new double[grid.length];
        String[] bounds = new String[grid.length];
        double[] impliedSamples = learn.impliedMinimalSamples(rates.envelope());
        for (int i = 0; i < grid.length; i++) {
            Learnability.Window w = learn.window(grid[i]);
            windows[i] = w.lag();
            censored[i] = w.censored();
            implied[i] = Double.isNaN(impliedSamples[0]) ? Double.NaN
                    : Learnability.exactWindow(lagValues, impliedSamples, grid[i]);
            bounds[i] = Learnability.bound(w, learn.lagHigh(w.lag()), n.length(), n.taskLag());
            double[] iv = learn.windowInterval(grid[i]);
            low[i] = iv[0];
            high[i] = iv[1];
        }
        String law = env.growthLaw(learn.kappa());
        double[] finiteTau = Arrays.stream(tau).filter(t -> t > 0 && Double.isFinite(t)).toArray();
        SpectrumTail.Fit spectrum = SpectrumTail.fit(finiteTau, d.bootstrap(),
                RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        double hill = finiteTau.length >= 12 ? SpectrumTail.hill(finiteTau, SpectrumTail.defaultHillK(finiteTau.length))
                : Double.NaN;
        SpectrumTail.Comparison comparison = SpectrumTail.compare(finiteTau);
        double rho = n.exactLags().length >= 3 && IntStream.range(0, n.exact().length).allMatch(i -> Double.isFinite(n.exact()[i]))
                ? new SpearmansCorrelation().correlation(n.exact(), n.expansion()) : Double.NaN;
        double cost = costMillis + (System.nanoTime() - start) / 1e6;
        return new DiagnosticsReport(step, cost, n.width(), lags, rates.envelope(), rates.gates(), rates.gamma1Share(),
                predicted, rates.profile(), n.exactLags(), n.exact(), n.expansion(), rho, tau, ts[1], ts[2],
                n.tauGate(), n.lambda(), learn, env, grid, windows, censored, low, high, law, spectrum, hill,
                comparison, learn.chain(rates.envelope()), implied, bounds, n.length(), n.taskLag(),
                n.width() - finiteTau.length,
                n.jacobianAnisotropy(), n.gradientAnisotropy());
    }
}
