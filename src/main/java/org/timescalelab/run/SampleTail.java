package org.timescalelab.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.rng.simple.RandomSource;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.FileReads;
import org.timescalelab.theory.SpectrumTail;
import org.timescalelab.theory.TailIndex;

/**
 * The tail estimators of the theory library on a researcher's own sample: a CSV column or a
 * 1-D {@code .npy} file. Stateless and thread-safe.
 */
public final class SampleTail {

    /** Bootstrap resamples of the McCulloch interval. */
    static final int MCCULLOCH_RESAMPLES = 500;

    /**
     * Largest sample analysed whole; a larger one is analysed on an evenly spaced subsample of this
     * size (the estimators' cost grows with n, and 10⁶ values pin α̂ and β̂ far below their bias).
     */
    static final int MAX_VALUES = 1_000_000;

    private SampleTail() {
    }

    /** Reads a sample: a 1-D .npy file, or a column (by name, default the first) of a CSV file with a header. */
    public static double[] read(Path file, String column) throws IOException {
        if (file.toString().endsWith(".npy")) {
            if (column != null) {
                throw new IllegalArgumentException("--column applies to CSV files, not to " + file);
            }
            Npy.Array a = Npy.read(file);
            if (a.shape().length != 1) {
                throw new IllegalArgumentException(file + " has shape " + Arrays.toString(a.shape()) + ": expected 1-D");
            }
            return a.data();
        }
        List<CSVRecord> lines = Csv.records(FileReads.text(file, FileReads.TABLE));
        if (lines.size() < 2) {
            throw new IllegalArgumentException(file + " has no data rows under its header");
        }
        List<String> header = lines.get(0).toList();
        int col = column == null ? 0 : header.indexOf(column);
        if (col < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + file + ": columns are " + header);
        }
        double[] out = new double[lines.size() - 1];
        int n = 0;
        for (int i = 1; i < lines.size(); i++) {
            CSVRecord f = lines.get(i);
            String cell = col < f.size() ? f.get(col).trim() : "";
            try {
                // The app's own files write nan, inf and -inf; analyze() counts and skips them.
                out[n++] = switch (cell.toLowerCase(java.util.Locale.ROOT)) {
                    case "nan", "" -> Double.NaN;
                    case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
                    case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(cell);
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + f.getRecordNumber() + ": '" + abbreviate(cell)
                        + "' is not a number");
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    /**
     * Every estimator on a sample, as a JSON tree. Non-finite values are skipped and counted; a
     * sample above {@value #MAX_VALUES} values is subsampled evenly, and the tree says so.
     *
     * @throws IllegalArgumentException for a sample with fewer than 2 finite values, or a constant one
     */
    public static ObjectNode analyze(double[] raw, long seed) {
        double[] finite = Arrays.stream(raw).filter(Double::isFinite).toArray();
        if (finite.length < 2) {
            throw new IllegalArgumentException("the sample has " + finite.length + " finite value"
                    + (finite.length == 1 ? "" : "s") + (raw.length > finite.length ? " (" + (raw.length - finite.length)
                    + " NaN or infinite skipped)" : "") + ": the tail estimators need at least 2");
        }
        double lo = Arrays.stream(finite).min().orElseThrow();
        if (lo == Arrays.stream(finite).max().orElseThrow()) {
            throw new IllegalArgumentException("every finite value of the sample is " + lo + ": a constant has no tail");
        }
        double[] x = finite.length <= MAX_VALUES ? finite : IntStream.range(0, MAX_VALUES)
                .mapToDouble(i -> finite[(int) ((long) i * finite.length / MAX_VALUES)]).toArray();
        ObjectNode out = ConfigLoader.MAPPER.createObjectNode();
        out.put("n", x.length);
        out.put("dropped", raw.length - finite.length);
        if (x.length < finite.length) {
            out.put("subsampled", String.format("every %.3g-th of %d finite values (the estimators read at most %d)",
                    (double) finite.length / MAX_VALUES, finite.length, MAX_VALUES));
        }
        TailIndex.Estimate ecf = TailIndex.koutrouvelis(x);
        ObjectNode e = out.putObject("ecf");
        e.put("ok", ecf.ok());
        e.put("alpha", ecf.alpha());
        e.put("scale", ecf.scale());
        e.put("gridPoints", ecf.points());
        TailIndex.Interval mc = TailIndex.mcCullochInterval(x, MCCULLOCH_RESAMPLES,
                RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        ObjectNode m = out.putObject("mcculloch");
        m.put("ok", mc.estimate().ok());
        m.put("alpha", mc.estimate().alpha());
        m.put("scale", mc.estimate().scale());
        m.put("alphaLow90", mc.alphaLow());
        m.put("alphaHigh90", mc.alphaHigh());
        out.put("reliable", x.length >= TailIndex.RELIABLE_SIZE);
        out.put("verdict", x.length >= TailIndex.RELIABLE_SIZE
                ? "n ≥ " + TailIndex.RELIABLE_SIZE + ": the α̂ estimates are reliable"
                : "n < " + TailIndex.RELIABLE_SIZE + ": α̂ is unreliable; treat it as indicative only");
        if (x.length > 0 && Arrays.stream(x).allMatch(v -> v > 0)) {
            SpectrumTail.Fit f = SpectrumTail.fit(x, SpectrumTail.DEFAULT_RESAMPLES,
                    RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 1));
            ObjectNode s = out.putObject("spectrumTail");
            s.put("ok", f.ok());
            s.put("beta", f.beta());
            s.put("betaLow90", f.low());
            s.put("betaHigh90", f.high());
            s.put("probBetaBelowOne", f.probBelowOne());
            s.put("fitPoints", f.points());
            s.put("hill", x.length >= 12 ? SpectrumTail.hill(x, SpectrumTail.defaultHillK(x.length)) : Double.NaN);
            s.put("hillK", SpectrumTail.defaultHillK(x.length));
            SpectrumTail.Comparison c = SpectrumTail.compare(x);
            s.put("powerLawVsLogNormalRatio", c.ratio());
            s.put("powerLawVsLogNormalP", c.pValue());
            s.put("preferred", c.preferred());
            s.put("xMin", c.xMin());
        }
        return out;
    }
}
