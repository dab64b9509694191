package org.timescalelab.run;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.theory.Anisotropy;
import org.timescalelab.theory.EnvelopeEstimate;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Learnability;
import org.timescalelab.theory.WindowEstimate;

/**
 * Writes a {@link DiagnosticsReport} as {@code diagnostics/step-<n>/}: envelope.csv,
 * timescales.csv, learnability.csv, window.csv, profile.npy and summary.json, each atomically.
 * Stateless and thread-safe.
 */
public final class DiagnosticsWriter {

    private DiagnosticsWriter() {
    }

    /** The folder of a pass inside a run directory. */
    public static Path folder(Path runDirectory, long step) {
        return runDirectory.resolve("diagnostics").resolve("step-" + step);
    }

    /** Writes every file of a report into {@code dir}. */
    public static void write(DiagnosticsReport r, Path dir) throws IOException {
        AtomicFiles.write(dir.resolve("envelope.csv"), envelope(r));
        Csv.Table ts = Csv.table("neuron", "tau", "tau_gate", "fit_r2", "amplitude", "lambda");
        for (int q = 0; q < r.width(); q++) {
            ts.row(q, num(r.tau()[q]), num(r.tauGate()[q]), num(r.fitR2()[q]), num(r.amplitude()[q]), num(r.lambda()[q]));
        }
        AtomicFiles.write(dir.resolve("timescales.csv"), ts.toString());
        AtomicFiles.write(dir.resolve("learnability.csv"), learnability(r));
        Csv.Table win = Csv.table("N", "H_N", "censored", "H_N_low", "H_N_high", "lag_high", "bound", "H_N_implied",
                "H_N_author");
        WindowEstimate w = r.learnability();
        for (int i = 0; i < r.sampleSizes().length; i++) {
            double n = r.sampleSizes()[i];
            win.row(num(n), num(r.windows()[i]), r.censored()[i] ? 1 : 0, num(r.windowLow()[i]),
                    num(r.windowHigh()[i]), num(w.lagHigh(r.windows()[i])), r.bounds()[i], num(r.implied()[i]),
                    num(w.authorWindow(n).lag()));
        }
        AtomicFiles.write(dir.resolve("window.csv"), win.toString());
        Npy.write(dir.resolve("profile.npy"), new int[] {r.lags().length, r.width()}, r.profile());
        AtomicFiles.write(dir.resolve("summary.json"), ConfigLoader.MAPPER.writeValueAsString(summary(r)) + "\n");
    }

    private static String envelope(DiagnosticsReport r) {
        Csv.Table env = Csv.table("lag", "f", "f_log_se", "f_gates", "gamma1_share", "f_exact", "f_expansion", "f_pred");
        double[] se = r.envelopeClass().logStandardError();
        for (int i = 0; i < r.lags().length; i++) {
            int lag = r.lags()[i];
            env.row(lag, num(r.envelope()[i]), num(se == null ? Double.NaN : se[i]), num(r.gates()[i]),
                    num(r.gamma1Share()[i]), num(at(r, r.exact(), lag)), num(at(r, r.expansion(), lag)),
                    num(r.predicted()[i]));
        }
        return env.toString();
    }

    private static String learnability(DiagnosticsReport r) {
        WindowEstimate w = r.learnability();
        Csv.Table le = Csv.table("lag", "signal", "signal_low", "signal_high", "noise_scale", "snr_n", "resolved",
                "n_hat", "n_hat_low", "n_hat_high", "n_hat_author", "n_implied");
        double[] lags = w.lags();
        double[] m = w.signal();
        double[][] mi = w.signalInterval();
        double[] snr = w.snr();
        boolean[] res = w.resolved();
        double[] n = w.minimalSamples();
        double[][] ni = w.minimalSamplesInterval();
        double[] author = w.authorMinimalSamples();
        double[] implied = w.impliedMinimalSamples(r.envelope());
        for (int i = 0; i < lags.length; i++) {
            le.row((int) lags[i], num(m[i]), num(mi[0][i]), num(mi[1][i]), num(w.noiseScale()), num(snr[i]),
                    res[i] ? 1 : 0, num(n[i]), num(ni[0][i]), num(ni[1][i]), num(author[i]), num(implied[i]));
        }
        return le.toString();
    }

    /** The value of {@code values} (given at the exact lags) at {@code lag}, NaN where not computed. */
    static double at(DiagnosticsReport r, double[] values, int lag) {
        for (int i = 0; i < r.exactLags().length; i++) {
            if (r.exactLags()[i] == lag) {
                return values[i];
            }
        }
        return Double.NaN;
    }

    /** The summary as a JSON tree. */
    static ObjectNode summary(DiagnosticsReport r) {
        ObjectNode s = ConfigLoader.MAPPER.createObjectNode();
        s.put("step", r.step());
        s.put("costMillis", r.costMillis());
        s.put("width", r.width());
        EnvelopeEstimate ee = r.envelopeClass();
        ObjectNode env = s.putObject("envelope");
        env.put("class", ee.selected().decayClass().label());
        env.put("decided", ee.decided());
        env.put("support", ee.support());
        env.put("parameters", ee.selected().describe());
        env.put("rate", ee.selected().rate());
        env.put("rateLow90", ee.rateInterval()[0]);
        env.put("rateHigh90", ee.rateInterval()[1]);
        env.put("temperedBetaAtZero", ee.temperedBetaAtZero());
        env.put("chiSquaredPerDof", ee.chiSquaredPerDof());
        env.put("misfit", ee.misfit());
        env.put("summary", ee.describe());
        ArrayNode models = env.putArray("models");
        for (EnvelopeFit.Model m : ee.fit().models()) {
            ObjectNode o = models.addObject();
            o.put("class", m.decayClass().label());
            o.put("intercept", m.intercept());
            o.put("rate", m.rate());
            o.put("cutoff", m.cutoff());
            o.put("parameters", m.describe());
            o.put("aic", m.aic());
            o.put("bic", m.bic());
            o.put("r2", m.r2());
        }
        env.put("spearmanExactVsExpansion", r.spearman());
        ObjectNode spec = s.putObject("spectrum");
        spec.put("betaHat", r.spectrum().beta());
        spec.put("betaLow90", r.spectrum().low());
        spec.put("betaHigh90", r.spectrum().high());
        spec.put("probBetaBelowOne", r.spectrum().probBelowOne());
        spec.put("fitPoints", r.spectrum().points());
        spec.put("tailStart", r.spectrum().xMin());
        spec.put("hill", r.hill());
        spec.put("powerLawVsLogNormalRatio", r.comparison().ratio());
        spec.put("powerLawVsLogNormalP", r.comparison().pValue());
        spec.put("preferred", r.comparison().preferred());
        spec.put("summary", r.spectrumVerdict(false));
        spec.put("nonDecayingUnits", r.nonDecaying());
        WindowEstimate w = r.learnability();
        ObjectNode learn = s.putObject("learnability");
        learn.put("sequences", w.samples());
        learn.put("resamples", w.resamples());
        learn.put("alphaHatPooled", w.pooledAlpha());
        learn.put("alphaHatLow90", w.pooledAlphaInterval()[0]);
        learn.put("alphaHatHigh90", w.pooledAlphaInterval()[1]);
        learn.put("kappa", w.kappa());
        learn.put("noiseScale", w.noiseScale());
        learn.put("noiseScaleLow90", w.noiseScaleInterval()[0]);
        learn.put("noiseScaleHigh90", w.noiseScaleInterval()[1]);
        learn.put("resolvedLags", w.resolvedCount());
        learn.put("lags", w.lags().length);
        double[] chain = r.chain();
        ObjectNode ch = learn.putObject("chain");
        ch.put("signalSlope", chain[0]);
        ch.put("signalSlopeLow90", chain[1]);
        ch.put("signalSlopeHigh90", chain[2]);
        ch.put("lagsUsed", (int) chain[3]);
        ch.put("noiseSlope", 0.0);
        ch.put("premise", "signal slope 1: the lag's signal follows the envelope; the noise is the whole update's");
        learn.put("predictedGrowth", r.growthLaw());
        ArrayNode at = learn.putArray("windows");
        for (double n : new double[] {1e3, 1e4, 1e5, 1e6, 1e7, 1e8}) {
            ObjectNode o = at.addObject();
            Learnability.Window win = r.window(n);
            double[] iv = w.windowInterval(n);
            o.put("N", n);
            o.put("H_N", win.lag());
            o.put("lagHigh", w.lagHigh(win.lag()));
            o.put("bound", r.bound(n));
            o.put("censored", win.censored());
            o.put("low90", iv[0]);
            o.put("high90", iv[1]);
            o.put("implied", w.impliedWindow(r.envelope(), n));
            o.put("author", w.authorWindow(n).lag());
            o.put("text", Learnability.describe(win, w.lagHigh(win.lag()), r.bound(n)));
        }
        anisotropy(s, "jacobianAnisotropy", r.jacobianAnisotropy());
        anisotropy(s, "gradientAnisotropy", r.gradientAnisotropy());
        return s;
    }

    private static void anisotropy(ObjectNode s, String name, Anisotropy a) {
        if (a == null) {
            return;
        }
        ObjectNode o = s.putObject(name);
        o.put("index", a.index());
        o.put("concentration", a.concentration());
        o.put("participationRatio", a.participation());
        o.put("largestSingularValue", a.singularValues().length > 0 ? a.singularValues()[0] : Double.NaN);
    }

    private static String num(double v) {
        return MetricsRow.num(v);
    }
}
