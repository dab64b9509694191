package org.timescalelab.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.theory.EnvelopeFit;

/**
 * Is a headline number stable? The same checkpoint's pass recomputed with fresh diagnostic samples
 * (docs/envelope-and-window.md, "Redrawing the sample"): per number, the values of the draws, the
 * spread across them next to the mean width of their 90 % intervals, and the share of ordered pairs
 * of draws (i, j), i ≠ j, in which draw i's value lies inside draw j's interval. For two independent
 * normal estimates of one truth with exact 90 % intervals that share is P(|Z| < 1.645/√2) ≈ 0.75;
 * intervals too narrow for the real spread give far less. Immutable.
 */
public final class Redraw {

    /** The numbers compared, in print order. */
    static final List<Headline> HEADLINES = List.of(
            new Headline("envelope rate", Redraw::envelopeRate, r -> r.envelopeClass().selected().decayClass().label()),
            new Headline("pooled α̂", r -> {
                double[] iv = r.learnability().pooledAlphaInterval();
                return new double[] {r.medianAlpha(), iv[0], iv[1]};
            }, null),
            new Headline("H_N(1e4)", r -> window(r, 1e4), null),
            new Headline("H_N(1e7)", r -> window(r, 1e7), null),
            new Headline("spectrum β̂", r -> new double[] {r.spectrum().beta(), r.spectrum().low(), r.spectrum().high()}, null),
            new Headline("chain slope", r -> {
                double[] c = r.chain();
                return new double[] {c[0], c[1], c[2]};
            }, null));

    /**
     * A headline number: its name, how to read {value, low, high} from a report, and (or null) what
     * makes values comparable — a rate of another decay class is not the same number.
     */
    record Headline(String name, Function<DiagnosticsReport, double[]> read, Function<DiagnosticsReport, String> kind) {
    }

    /**
     * One number over the draws.
     *
     * @param name      what it is
     * @param values    per draw, the estimate
     * @param low       per draw, its interval's low end
     * @param high      per draw, its interval's high end
     * @param pairShare share of ordered pairs with the one draw's value inside the other's interval (NaN
     *                  with fewer than 2 comparable draws)
     */
    public record Row(String name, double[] values, double[] low, double[] high, double pairShare) {

        /** Standard deviation of the finite values across draws. */
        public double spread() {
            double[] v = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
            if (v.length < 2) {
                return Double.NaN;
            }
            double mean = java.util.Arrays.stream(v).average().orElseThrow();
            return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
        }

        /** Mean width of the finite intervals (NaN when none is). */
        public double meanWidth() {
            return java.util.stream.IntStream.range(0, values.length).filter(i -> Double.isFinite(high[i] - low[i]))
                    .mapToDouble(i -> high[i] - low[i]).average().orElse(Double.NaN);
        }
    }

    private final long[] seeds;
    private final List<Row> rows;

    private Redraw(long[] seeds, List<Row> rows) {
        this.seeds = seeds;
        this.rows = rows;
    }

    /** The comparison of reports of one checkpoint drawn with {@code seeds}. */
    public static Redraw of(long[] seeds, List<DiagnosticsReport> reports) {
        List<Row> rows = new ArrayList<>();
        for (Headline h : HEADLINES) {
            int k = reports.size();
            double[] v = new double[k];
            double[] lo = new double[k];
            double[] hi = new double[k];
            for (int i = 0; i < k; i++) {
                double[] x = h.read().apply(reports.get(i));
                boolean comparable = h.kind() == null
                        || h.kind().apply(reports.get(i)).equals(h.kind().apply(reports.get(0)));
                v[i] = comparable ? x[0] : Double.NaN;
                lo[i] = x[1];
                hi[i] = x[2];
            }
            rows.add(new Row(h.name(), v, lo, hi, pairShare(v, lo, hi)));
        }
        return new Redraw(seeds.clone(), List.copyOf(rows));
    }

    /**
     * Share of ordered pairs (i, j), i ≠ j, with value i inside [low j, high j]. A draw without a value
     * (NaN: the number does not exist in that draw, e.g. an envelope of another class) counts as outside
     * every interval and holds none; NaN with fewer than 2 draws.
     */
    static double pairShare(double[] values, double[] low, double[] high) {
        int k = values.length;
        if (k < 2) {
            return Double.NaN;
        }
        int inside = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                inside += i != j && !Double.isNaN(values[j]) && values[i] >= low[j] && values[i] <= high[j] ? 1 : 0;
            }
        }
        return (double) inside / (k * (k - 1));
    }

    /** H_N at N samples with its 90 % interval. */
    private static double[] window(DiagnosticsReport r, double samples) {
        double[] iv = r.learnability().windowInterval(samples);
        return new double[] {r.window(samples).lag(), iv[0], iv[1]};
    }

    /**
     * The selected class's rate with its interval. A draw whose class differs from the first draw's has
     * no comparable rate (its value is NaN), so a class that changes between draws lowers the pair share.
     */
    private static double[] envelopeRate(DiagnosticsReport r) {
        EnvelopeFit.Model m = r.envelopeClass().selected();
        double[] iv = r.envelopeClass().rateInterval();
        return new double[] {m.rate(), iv[0], iv[1]};
    }

    /** One row per headline number. */
    public List<Row> rows() {
        return rows;
    }

    /** The table as CSV: one row per draw and number. */
    public String csv() {
        Csv.Table t = Csv.table("number", "draw", "seed", "value", "low90", "high90");
        for (Row r : rows) {
            for (int i = 0; i < seeds.length; i++) {
                t.row(r.name(), i, seeds[i], r.values()[i], r.low()[i], r.high()[i]);
            }
        }
        return t.toString();
    }

    /** The table for a terminal: per number, spread across draws, mean interval width and pair share. */
    public String describe() {
        StringBuilder sb = new StringBuilder(String.format("%-14s %-40s %10s %10s %8s%n", "number", "values per draw",
                "sd(draws)", "mean 90%", "pairs in"));
        for (Row r : rows) {
            StringBuilder vals = new StringBuilder();
            for (double v : r.values()) {
                vals.append(vals.length() == 0 ? "" : " ").append(String.format("%.3g", v));
            }
            sb.append(String.format("%-14s %-40s %10.3g %10.3g %7.0f%%%n", r.name(), vals, r.spread(), r.meanWidth(),
                    100 * r.pairShare()));
        }
        return sb.toString();
    }
}
