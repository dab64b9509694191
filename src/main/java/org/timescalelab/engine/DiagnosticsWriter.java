package org.timescalelab.engine;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.timescalelab.theory.Anisotropy;
import org.timescalelab.theory.EnvelopeFit;

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
        StringBuilder env = new StringBuilder("lag,f,f_gates,gamma1_share,f_exact,f_pred\n");
        for (int i = 0; i < r.lags().length; i++) {
            env.append(r.lags()[i]).append(',').append(num(r.envelope()[i])).append(',').append(num(r.gates()[i]))
                    .append(',').append(num(r.gamma1Share()[i])).append(',').append(num(exactAt(r, r.lags()[i])))
                    .append(',').append(num(r.predicted()[i])).append('\n');
        }
        AtomicFiles.write(dir.resolve("envelope.csv"), env.toString());
        StringBuilder ts = new StringBuilder("neuron,tau,tau_gate,fit_r2,amplitude,lambda\n");
        for (int q = 0; q < r.width(); q++) {
            ts.append(q).append(',').append(num(r.tau()[q])).append(',').append(num(r.tauGate()[q])).append(',')
                    .append(num(r.fitR2()[q])).append(',').append(num(r.amplitude()[q])).append(',')
                    .append(num(r.lambda()[q])).append('\n');
        }
        AtomicFiles.write(dir.resolve("timescales.csv"), ts.toString());
        StringBuilder le = new StringBuilder("lag,signal,alpha_hat,sigma_hat,kappa,n_hat\n");
        for (int i = 0; i < r.lags().length; i++) {
            le.append(r.lags()[i]).append(',').append(num(r.signal()[i])).append(',').append(num(r.alphaHat()[i]))
                    .append(',').append(num(r.sigmaHat()[i])).append(',').append(num(r.kappa()[i])).append(',')
                    .append(num(r.minimalSamples()[i])).append('\n');
        }
        AtomicFiles.write(dir.resolve("learnability.csv"), le.toString());
        StringBuilder win = new StringBuilder("N,H_N\n");
        for (int i = 0; i < r.sampleSizes().length; i++) {
            win.append(num(r.sampleSizes()[i])).append(',').append(num(r.windows()[i])).append('\n');
        }
        AtomicFiles.write(dir.resolve("window.csv"), win.toString());
        Npy.write(dir.resolve("profile.npy"), new int[] {r.lags().length, r.width()}, r.profile());
        AtomicFiles.write(dir.resolve("summary.json"), ConfigLoader.MAPPER.writeValueAsString(summary(r)) + "\n");
    }

    static double exactAt(DiagnosticsReport r, int lag) {
        for (int i = 0; i < r.exactLags().length; i++) {
            if (r.exactLags()[i] == lag) {
                return r.exact()[i];
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
        ObjectNode env = s.putObject("envelope");
        env.put("class", r.envelopeFit().best().decayClass().label());
        env.put("parameters", r.envelopeFit().best().describe());
        ArrayNode models = env.putArray("models");
        for (EnvelopeFit.Model m : r.envelopeFit().models()) {
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
        spec.put("hill", r.hill());
        spec.put("powerLawVsLogNormalRatio", r.comparison().ratio());
        spec.put("powerLawVsLogNormalP", r.comparison().pValue());
        spec.put("preferred", r.comparison().preferred());
        spec.put("nonDecayingUnits", r.nonDecaying());
        ObjectNode learn = s.putObject("learnability");
        learn.put("alphaHatMedian", r.medianAlpha());
        learn.put("reliable", r.reliable());
        learn.put("masterLawSlope", r.masterSlope());
        learn.put("predictedGrowth", r.growthLaw());
        learn.put("windowAt1000", r.windowAt(1000));
        learn.put("windowAt10000", r.windowAt(10000));
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
