package org.timescalelab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVRecord;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.FileReads;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.theory.EnvelopeEstimate;
import org.timescalelab.theory.SpectrumTail;
import org.timescalelab.theory.WindowEstimate;

/**
 * What a comparison needs of one run directory, read from its files: the config, the last
 * validation loss and its latest diagnostics pass (envelope f(ℓ), unit time scales τ_q, the window H_N(N) with its
 * 90 % interval, the decay class, β̂ and α̂ with their intervals). Immutable; reading is the only
 * I/O.
 *
 * @param label          how charts and tables name the run
 * @param config         the run's config
 * @param step           the step of the pass
 * @param validationLoss the last validation loss
 * @param lags           the pass's lag grid
 * @param envelope       f(ℓ) on it
 * @param tau            the units' fitted time scales (finite ones)
 * @param samples        the sample sizes N of the window
 * @param window         H_N at each N (a lower bound where {@code censored})
 * @param windowLow      its 5 % bootstrap quantile
 * @param windowHigh     its 95 % bootstrap quantile (+∞: the sample cannot tell)
 * @param censored       per N, whether H_N is only a lower bound
 * @param envelopeClass  the selected decay class ("cannot tell" when undecided)
 * @param betaHat        the spectrum tail β̂
 * @param betaLow        its 5 % bootstrap quantile
 * @param betaHigh       its 95 % bootstrap quantile
 * @param alphaHat       the pooled noise tail index α̂
 * @param alphaLow       its 5 % quantile
 * @param alphaHigh      its 95 % quantile
 * @param lossSteps      the steps of the run's validation losses (the loss curve)
 * @param losses         the validation loss at each of them
 * @param passSteps      the steps of every diagnostics pass the run kept, in order (the one shown among them)
 */
public record RunSummary(String label, SessionConfig config, long step, double validationLoss, double[] lags, double[] envelope, double[] tau, double[] samples,
                         double[] window, double[] windowLow, double[] windowHigh, boolean[] censored,
                         String envelopeClass, double betaHat, double betaLow, double betaHigh, double alphaHat,
                         double alphaLow, double alphaHigh, double[] lossSteps, double[] losses, long[] passSteps) {
    /** Copies the arrays: the record is immutable (accessors hand out copies too). */
    public RunSummary {
        lossSteps = lossSteps.clone();
        losses = losses.clone();
        passSteps = passSteps.clone();
        lags = lags.clone();
        envelope = envelope.clone();
        tau = tau.clone();
        samples = samples.clone();
        window = window.clone();
        windowLow = windowLow.clone();
        windowHigh = windowHigh.clone();
        censored = censored.clone();
    }



    /** A copy of {@code lags}. */
    @Override
    public double[] lags() {
        return lags.clone();
    }

    /** A copy of {@code envelope}. */
    @Override
    public double[] envelope() {
        return envelope.clone();
    }

    /** A copy of {@code tau}. */
    @Override
    public double[] tau() {
        return tau.clone();
    }

    /** A copy of {@code samples}. */
    @Override
    public double[] samples() {
        return samples.clone();
    }

    /** A copy of {@code window}. */
    @Override
    public double[] window() {
        return window.clone();
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

    /** A copy of {@code lossSteps}. */
    @Override
    public double[] lossSteps() {
        return lossSteps.clone();
    }

    /** A copy of {@code losses}. */
    @Override
    public double[] losses() {
        return losses.clone();
    }

    /** A copy of {@code passSteps}. */
    @Override
    public long[] passSteps() {
        return passSteps.clone();
    }

    /** A copy of {@code censored}. */
    @Override
    public boolean[] censored() {
        return censored.clone();
    }

    /** Reads a run directory's latest diagnostics pass; an IOException names what is missing. */
    public static RunSummary read(Path dir, String label) throws IOException {
        return read(dir, label, Long.MAX_VALUE);
    }

    /**
     * Reads a run directory with its last pass at or before step {@code atOrBefore} (its first pass
     * when none is that early); an IOException names what is missing.
     */
    public static RunSummary read(Path dir, String label, long atOrBefore) throws IOException {
        RunDirectory rd = new RunDirectory(dir);
        SessionConfig config = rd.readConfig();
        List<MetricsRow> rows = rd.readMetrics();
        long[] steps = passSteps(dir);
        long chosen = steps[0];
        for (long st : steps) {
            if (st <= atOrBefore) {
                chosen = st;
            }
        }
        Path pass = DiagnosticsWriter.folder(dir, chosen);
        List<CSVRecord> env = data(pass.resolve("envelope.csv"));
        List<CSVRecord> ts = data(pass.resolve("timescales.csv"));
        List<CSVRecord> win = data(pass.resolve("window.csv"));
        JsonNode s = ConfigLoader.MAPPER.readTree(FileReads.text(pass.resolve("summary.json"), FileReads.JSON));
        JsonNode spectrum = s.path("spectrum");
        JsonNode learn = s.path("learnability");
        JsonNode envelope = s.path("envelope");
        double[][] loss = lossCurve(rows);
        return new RunSummary(label, config, s.path("step").asLong(), lastFinite(loss[1]),
                column(env, 0), column(env, 1),
                Stream.of(column(ts, 1)).flatMapToDouble(java.util.Arrays::stream).filter(t -> t > 0 && Double.isFinite(t))
                        .toArray(),
                column(win, 0), column(win, 1), column(win, 3), column(win, 4),
                censored(win),
                envelope.path("decided").asBoolean() ? envelope.path("class").asText() : "cannot tell",
                number(spectrum, "betaHat"), number(spectrum, "betaLow90"), number(spectrum, "betaHigh90"),
                number(learn, "alphaHatPooled"), number(learn, "alphaHatLow90"), number(learn, "alphaHatHigh90"),
                loss[0], loss[1], steps);
    }

    /**
     * The live session's summary, from its latest pass {@code r} and its rows (the Compare tab's
     * "live session"): the same numbers a saved run of it would give.
     */
    public static RunSummary of(String label, SessionConfig config, DiagnosticsReport r, List<MetricsRow> rows,
                                long[] passSteps) {
        WindowEstimate w = r.learnability();
        EnvelopeEstimate e = r.envelopeClass();
        double[][] loss = lossCurve(rows);
        return new RunSummary(label, config, r.step(), lastFinite(loss[1]), Arrays.stream(r.lags()).asDoubleStream().toArray(),
                r.envelope(), Arrays.stream(r.tau()).filter(t -> t > 0 && Double.isFinite(t)).toArray(), r.sampleSizes(),
                r.windows(), r.windowLow(), r.windowHigh(), r.censored(),
                e.decided() ? e.selected().decayClass().label() : "cannot tell", r.spectrum().beta(), r.spectrum().low(),
                r.spectrum().high(), w.pooledAlpha(), w.pooledAlphaInterval()[0], w.pooledAlphaInterval()[1], loss[0],
                loss[1], passSteps);
    }

    /** The rows' finite validation losses as {steps, losses}. */
    private static double[][] lossCurve(List<MetricsRow> rows) {
        List<MetricsRow> valid = rows.stream().filter(m -> Double.isFinite(m.valLoss())).toList();
        return new double[][] {valid.stream().mapToDouble(MetricsRow::step).toArray(),
            valid.stream().mapToDouble(MetricsRow::valLoss).toArray()};
    }

    /** The same run under another label. */
    public RunSummary withLabel(String name) {
        return new RunSummary(name, config, step, validationLoss, lags, envelope, tau, samples, window,
                windowLow, windowHigh, censored, envelopeClass, betaHat, betaLow, betaHigh, alphaHat, alphaLow, alphaHigh,
                lossSteps, losses, passSteps);
    }

    /**
     * Reads a run directory, labelled by its folder's name, or by its architecture and optimizer
     * when the folder is a sweep's run ({@code cell-0003-seed-0}).
     */
    public static RunSummary read(Path dir) throws IOException {
        return read(dir, Long.MAX_VALUE);
    }

    /** As {@link #read(Path)}, with the last pass at or before {@code atOrBefore}. */
    public static RunSummary read(Path dir, long atOrBefore) throws IOException {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        String folder = name == null ? dir.toString() : name.toString();
        RunSummary r = read(dir, folder, atOrBefore);
        return folder.startsWith("cell-") ? r.withLabel(r.config().model().architecture() + " "
                + r.config().training().optimizer()) : r;
    }

    /** The steps of the run's diagnostics passes (folders {@code diagnostics/step-N}), in order; at least one. */
    public static long[] passSteps(Path dir) throws IOException {
        Path root = dir.resolve("diagnostics");
        if (!Files.isDirectory(root)) {
            throw new IOException(dir + " has no diagnostics pass to compare (train with --diagnostics-every or keep a "
                    + "sweep's runs)");
        }
        long[] steps;
        try (Stream<Path> passes = Files.list(root)) {
            steps = passes.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d+"))
                    .mapToLong(n -> Long.parseLong(n.substring(5))).sorted().toArray();
        }
        if (steps.length == 0) {
            throw new IOException(root + " holds no step-N pass");
        }
        return steps;
    }

    /** f(ℓ)/f(1) wherever it is positive and finite on the lag grid, as {lags, ratios}. */
    public double[][] normalisedEnvelope() {
        double[] x = new double[lags.length];
        double[] y = new double[lags.length];
        int n = 0;
        for (int i = 0; i < lags.length; i++) {
            double v = envelope[i] / envelope[0];
            if (v > 0 && Double.isFinite(v)) {
                x[n] = lags[i];
                y[n++] = v;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n)};
    }

    /**
     * The units' survival function P(τ &gt; x) = (n − 1 − i)/n at each sorted τ_i but the largest
     * (whose value, 0, no log axis shows), as {τ, P}.
     */
    public double[][] survival() {
        return SpectrumTail.survival(tau);
    }

    /** H_N at {@code n} by the window's grid (the last grid point at or below n), with its interval. */
    public double[] windowAt(double n) {
        double[] out = {0, 0, 0};
        for (int i = 0; i < samples.length && samples[i] <= n * (1 + 1e-12); i++) {
            out = new double[] {window[i], windowLow[i], windowHigh[i]};
        }
        return out;
    }

    /**
     * How much the envelope has decayed by lag ℓ: f(ℓ)/f(1), interpolated log-linearly on the lag
     * grid (NaN beyond it). Larger means slower decay.
     */
    public double decayAt(double lag) {
        if (lags.length == 0 || lag > lags[lags.length - 1] || !(envelope[0] > 0)) {
            return Double.NaN;
        }
        for (int i = 1; i < lags.length; i++) {
            if (lags[i] >= lag) {
                double w = (Math.log(lag) - Math.log(lags[i - 1])) / (Math.log(lags[i]) - Math.log(lags[i - 1]));
                double logF = (1 - w) * Math.log(envelope[i - 1]) + w * Math.log(envelope[i]);
                return Math.exp(logF) / envelope[0];
            }
        }
        return envelope[0] > 0 ? 1 : Double.NaN;
    }

    private static List<CSVRecord> data(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + " is missing");
        }
        List<CSVRecord> r = Csv.records(FileReads.text(file, FileReads.TABLE));
        return r.isEmpty() ? r : r.subList(1, r.size());
    }

    private static double[] column(List<CSVRecord> rows, int c) {
        return rows.stream().mapToDouble(r -> MetricsRow.number(r.get(c))).toArray();
    }

    private static boolean[] censored(List<CSVRecord> rows) {
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = "1".equals(rows.get(i).get(2));
        }
        return out;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }

    private static double lastFinite(double[] v) {
        for (int i = v.length - 1; i >= 0; i--) {
            if (Double.isFinite(v[i])) {
                return v[i];
            }
        }
        return Double.NaN;
    }
}
