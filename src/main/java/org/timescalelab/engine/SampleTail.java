package org.timescalelab.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.commons.rng.simple.RandomSource;
import org.timescalelab.theory.SpectrumTail;
import org.timescalelab.theory.TailIndex;

/**
 * The tail estimators of the theory library on a researcher's own sample: a CSV column or a
 * 1-D {@code .npy} file. Stateless and thread-safe.
 */
public final class SampleTail {

    /** Bootstrap resamples of the McCulloch interval. */
    static final int MCCULLOCH_RESAMPLES = 500;

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
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            throw new IllegalArgumentException(file + " has no data rows under its header");
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int col = column == null ? 0 : header.indexOf(column);
        if (col < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + file + ": columns are " + header);
        }
        double[] out = new double[lines.size() - 1];
        int n = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            try {
                out[n++] = Double.parseDouble(f[col].trim());
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": '" + (col < f.length ? f[col] : "")
                        + "' is not a number", e);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Every estimator on a sample, as a JSON tree. */
    public static ObjectNode analyze(double[] raw, long seed) {
        double[] x = Arrays.stream(raw).filter(Double::isFinite).toArray();
        ObjectNode out = ConfigLoader.MAPPER.createObjectNode();
        out.put("n", x.length);
        out.put("dropped", raw.length - x.length);
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
