package org.timescalelab.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.rng.UniformRandomProvider;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.OptimizerKind;
import org.timescalelab.run.Csv;
import org.timescalelab.run.RunSummary;
import org.timescalelab.theory.Bootstrap;

/**
 * Architectures side by side: a sweep over {@code model.architecture} (and optionally
 * {@code training.optimizer}) on one base config — the same task, seeds and step budget for
 * every run — whose kept run directories are then read back as {@link RunSummary}s and tabulated:
 * the envelope's class and decay, β̂ and H_N at the reference N with their intervals. Stateless.
 */
public final class Comparison {

    /** The lag at which the table reports how far the envelope has decayed, f(ℓ)/f(1). */
    public static final double DECAY_LAG = 32;

    private Comparison() {
    }

    /**
     * The sweep of a comparison.
     *
     * @param base       the config every run starts from
     * @param archs      the architectures, in table order
     * @param optimizers the optimizers (one: the base's)
     * @param seeds      replicates per cell
     */
    public static SweepSpec spec(String name, SessionConfig base, List<Architecture> archs, List<OptimizerKind> optimizers,
                                 int seeds) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", name);
        root.set("config", ConfigLoader.MAPPER.valueToTree(base));
        ArrayNode axes = root.putArray("axes");
        ObjectNode a = axes.addObject();
        a.put("field", "model.architecture");
        archs.forEach(x -> a.withArray("values").add(x.name()));
        if (optimizers.size() > 1) {
            ObjectNode o = axes.addObject();
            o.put("field", "training.optimizer");
            optimizers.forEach(x -> o.withArray("values").add(x.name()));
        }
        root.put("seeds", seeds);
        return SweepSpec.of(root);
    }

    /** The finished runs of a comparison's folder, read back (failed and diverged runs are left out). */
    public static List<RunSummary> summaries(SweepDirectory dir) throws IOException {
        List<RunSummary> out = new ArrayList<>();
        for (KeptRun r : keptRuns(dir)) {
            out.add(RunSummary.read(r.dir(), r.label()));
        }
        return out;
    }

    /**
     * A finished run of a sweep or comparison folder that kept its directory.
     *
     * @param dir   its run directory
     * @param label its axis values ("GRU ADAM"), with the seed when the sweep has several
     */
    public record KeptRun(Path dir, String label) {
    }

    /** The finished runs of a sweep or comparison folder (failed and diverged runs are left out), in row order. */
    public static List<KeptRun> keptRuns(SweepDirectory dir) {
        List<KeptRun> out = new ArrayList<>();
        for (SweepRow row : dir.rows()) {
            if (!SweepRow.OK.equals(row.status())) {
                continue;
            }
            SweepSpec.Run run = new SweepSpec.Run(row.cell(), row.seed(), row.values());
            String label = String.join(" ", row.values()) + (dir.spec().seeds().size() > 1 ? " s" + row.seed() : "");
            out.add(new KeptRun(dir.runDirectory(run), label));
        }
        return out;
    }

    /** The comparison table as CSV: one row per run. */
    public static String csv(List<RunSummary> runs, double referenceN) {
        Csv.Table t = Csv.table("run", "architecture", "optimizer", "steps", "val_loss", "envelope_class",
                "f_ratio_" + (int) DECAY_LAG, "beta_hat", "beta_low", "beta_high", "alpha_hat", "h_n", "h_n_low", "h_n_high",
                "reference_n");
        for (RunSummary r : runs) {
            double[] w = r.windowAt(referenceN);
            t.row(r.label(), r.config().model().architecture(), r.config().training().optimizer(), r.step(),
                    r.validationLoss(), r.envelopeClass(), r.decayAt(DECAY_LAG), r.betaHat(), r.betaLow(), r.betaHigh(),
                    r.alphaHat(), w[0], w[1], w[2], referenceN);
        }
        return t.toString();
    }

    /**
     * Spearman's ρ between the envelope's remaining share f(ℓ)/f(1) at {@value #DECAY_LAG} and H_N at
     * the reference N over the runs (NaN with fewer than 3 runs or no spread): positive when slower
     * decay comes with a larger window, as the theory predicts.
     */
    public static double decayWindowCorrelation(List<RunSummary> runs, double referenceN) {
        double[] decay = runs.stream().mapToDouble(r -> r.decayAt(DECAY_LAG)).toArray();
        double[] window = runs.stream().mapToDouble(r -> r.windowAt(referenceN)[0]).toArray();
        boolean finite = java.util.Arrays.stream(decay).allMatch(Double::isFinite);
        if (runs.size() < 3 || !finite || java.util.Arrays.stream(window).distinct().count() < 2
                || java.util.Arrays.stream(decay).distinct().count() < 2) {
            return Double.NaN;
        }
        return new SpearmansCorrelation().correlation(decay, window);
    }

    /** Bootstrap resamples of the rank correlation's interval. */
    public static final int CORRELATION_RESAMPLES = 2000;

    /**
     * The 90 % interval of {@link #decayWindowCorrelation} from a bootstrap over runs (runs drawn
     * with replacement; a resample without spread in either number is dropped): {low, high}, NaN
     * with fewer than 3 runs.
     */
    public static double[] decayWindowInterval(List<RunSummary> runs, double referenceN, UniformRandomProvider rng) {
        double[] decay = runs.stream().mapToDouble(r -> r.decayAt(DECAY_LAG)).toArray();
        double[] window = runs.stream().mapToDouble(r -> r.windowAt(referenceN)[0]).toArray();
        return rankCorrelationInterval(decay, window, CORRELATION_RESAMPLES, rng);
    }

    /** The percentile 90 % interval of Spearman's ρ over pairs resampled with replacement. */
    static double[] rankCorrelationInterval(double[] x, double[] y, int resamples, UniformRandomProvider rng) {
        int n = x.length;
        if (n < 3 || !java.util.Arrays.stream(x).allMatch(Double::isFinite)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] rho = new double[resamples];
        double[] bx = new double[n];
        double[] by = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int j = rng.nextInt(n);
                bx[i] = x[j];
                by[i] = y[j];
            }
            boolean spread = java.util.Arrays.stream(bx).distinct().count() > 1 && java.util.Arrays.stream(by).distinct().count() > 1;
            rho[r] = spread ? new SpearmansCorrelation().correlation(bx, by) : Double.NaN;
        }
        return Bootstrap.percentile(rho);
    }

    /**
     * The talk's claim in words: ρ with its interval, "supported" or "contradicted" when the interval
     * excludes 0, else "cannot tell".
     */
    public static String describeClaim(double rho, double[] interval, int runs) {
        if (Double.isNaN(rho)) {
            return "cannot tell (fewer than 3 runs, or no spread)";
        }
        String words = String.format("%.2f [%.2f, %.2f] over %d runs", rho, interval[0], interval[1], runs);
        if (!(interval[0] > 0) && !(interval[1] < 0)) {
            return words + ": cannot tell (the interval spans 0)";
        }
        return words + (interval[0] > 0 ? ": slower decay, larger window (the talk's claim)"
                : ": slower decay, smaller window (against the talk's claim)");
    }
}
