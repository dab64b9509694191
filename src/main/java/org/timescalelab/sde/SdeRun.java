package org.timescalelab.sde;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.rng.simple.RandomSource;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.run.Csv;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Laplace;
import org.timescalelab.theory.Learnability;
import org.timescalelab.theory.SpectrumTail;
import org.timescalelab.theory.TimescaleSde;

/**
 * Simulates the time-scale SDE to stationarity and writes the spectrum, its envelope and a
 * summary (docs/timescale-sde.md, then docs/envelope-and-window.md). Runs on the calling thread (the particle blocks fan out
 * over the common fork-join pool).
 */
public final class SdeRun {

    private SdeRun() {
    }

    /** Lags of the envelope: 60 log-spaced values from 1 to 10⁴. */
    static double[] lags() {
        double[] l = new double[60];
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.pow(10, 4.0 * i / (l.length - 1));
        }
        return l;
    }

    /** Runs and writes spectrum.csv, envelope.csv and summary.json into {@code out}. */
    public static ObjectNode run(SdeConfig c, Path out) throws IOException {
        long t0 = System.nanoTime();
        TimescaleSde.Params p = c.params();
        TimescaleSde.Result r = TimescaleSde.simulate(p, c.settings());
        ObjectNode s = ConfigLoader.MAPPER.createObjectNode();
        s.set("parameters", ConfigLoader.MAPPER.valueToTree(c));
        s.put("load", p.load());
        s.put("predictedBeta", p.predictedBeta());
        s.put("stationary", r.stationary());
        s.put("reason", r.reason());
        s.put("simulatedTime", r.time());
        if (r.tau().length > 0) {
            Csv.Table spectrum = Csv.table("tau");
            for (double t : r.tau()) {
                spectrum.row(t);
            }
            AtomicFiles.write(out.resolve("spectrum.csv"), spectrum.toString());
            double[] lags = lags();
            double[] f = Laplace.meanEnvelope(r.tau(), lags);
            Csv.Table env = Csv.table("lag", "f");
            for (int i = 0; i < lags.length; i++) {
                env.row(lags[i], f[i]);
            }
            AtomicFiles.write(out.resolve("envelope.csv"), env.toString());
            SpectrumTail.Fit fit = SpectrumTail.fit(r.tau(), SpectrumTail.DEFAULT_RESAMPLES,
                    RandomSource.XO_RO_SHI_RO_128_PP.create(c.seed()));
            s.put("wallMass", r.wallMass());
            s.put("betaHat", fit.beta());
            s.put("betaLow90", fit.low());
            s.put("betaHigh90", fit.high());
            s.put("probBetaBelowOne", fit.probBelowOne());
            s.put("spectrumPreferred", SpectrumTail.compare(r.tau()).preferred());
            double[] positive = Arrays.stream(f).filter(v -> v > 0).toArray();
            if (positive.length >= 4) {
                double[] fitted = Arrays.copyOf(lags, f.length);
                EnvelopeFit.Model best = EnvelopeFit.classify(fitted, f);
                s.put("envelopeClass", best.decayClass().label());
                s.put("envelopeParameters", best.describe());
                s.put("windowLaw", EnvelopeFit.growthLaw(best, fitted, Learnability.kappa(c.alpha())));
            }
            double[] ns = Learnability.sampleGrid(3, 8, 1);
            double[] windows = Learnability.impliedWindows(lags, f, c.alpha(), Learnability.DEFAULT_THRESHOLD, ns);
            ObjectNode w = s.putObject("impliedWindow");
            for (int i = 0; i < ns.length; i++) {
                w.put(String.format("N=1e%d", 3 + i), windows[i]);
            }
        }
        s.put("seconds", (System.nanoTime() - t0) / 1e9);
        AtomicFiles.write(out.resolve("summary.json"), ConfigLoader.MAPPER.writeValueAsString(s) + "\n");
        return s;
    }
}
