package org.timescalelab.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Learner;

/**
 * What a run with a task schedule has forgotten, from its metrics rows
 * (docs/training.md, "Task schedules"). With L_{l,j} the validation loss of task j at the end of stage l (the last row of
 * that stage that has it) and k the stage reached:
 * <ul>
 *   <li>learned: L_{j,j}, the loss on task j when its own stage ended;</li>
 *   <li>forgetting F_j = L_{k,j} − min_{j ≤ l &lt; k} L_{l,j} (the loss-side form of Chaudhry et
 *       al.'s max past accuracy minus current) for every earlier task j &lt; k: positive when the task is
 *       worse now than it ever was since its stage, negative when a later stage improved it further;</li>
 *   <li>backward transfer BWT = (1/k) Σ_{j&lt;k} (L_{j,j} − L_{k,j}): negative when learning the
 *       later tasks raised the earlier ones' losses, positive when it lowered them;</li>
 *   <li>breakdown of task j &lt; k: the first validated step after its stage ended at which its
 *       loss reached halfway between learned and untrained, (L_{j,j} + U_j)/2, with U_j the loss of
 *       a network that outputs zero on task j's validation set; beside it β̂ and H_N of the last
 *       pass before the stage ended and of the first pass from the breakdown on.</li>
 * </ul>
 * Immutable.
 *
 * @param stage      the stage reached, k
 * @param learned    per task j ≤ k, L_{j,j}
 * @param current    per task j ≤ k, L_{k,j}: its loss now
 * @param forgetting per task j &lt; k, F_j (NaN for j = k)
 * @param bwt        the backward transfer (NaN before the first switch)
 * @param untrained  per task j ≤ k, U_j
 * @param breakdowns per task j &lt; k, its breakdown
 */
public record Forgetting(int stage, double[] learned, double[] current, double[] forgetting, double bwt,
                         double[] untrained, List<Breakdown> breakdowns) {

    /**
     * Where an earlier task broke down.
     *
     * @param task         j, from 0
     * @param ended        the step at which task j's stage ended
     * @param step         the first validated step after that with L_j ≥ threshold; −1 while it holds
     * @param threshold    (L_{j,j} + U_j)/2; NaN when the task was never learned (L_{j,j} ≥ U_j)
     * @param betaBefore   β̂ of the last pass at or before {@code ended} (NaN: none)
     * @param betaAt       β̂ of the first pass at or after {@code step} (NaN: none yet)
     * @param windowBefore H_N at the reference N of the pass before
     * @param windowAt     H_N at the reference N of the pass at or after the breakdown
     */
    public record Breakdown(int task, long ended, long step, double threshold, double betaBefore, double betaAt,
                            double windowBefore, double windowAt) {

        /** Whether the task's loss has crossed its halfway mark. */
        public boolean brokeDown() {
            return step >= 0;
        }

        /** In a few words: "task 1 broke down at step 1720: βˆ 1.6 → 3.1, H_N 115 → 31". */
        public String describe() {
            if (Double.isNaN(threshold)) {
                return "task " + (task + 1) + " was never learned";
            }
            if (!brokeDown()) {
                return "task " + (task + 1) + " holds (loss below " + fmt(threshold) + ")";
            }
            String head = "task " + (task + 1) + " broke down at step " + step;
            if (Double.isNaN(betaBefore) && Double.isNaN(windowBefore)) {
                return head + " (no pass before its switch)";
            }
            if (Double.isNaN(betaAt) && Double.isNaN(windowAt)) {
                return head + "; before: βˆ " + fmt(betaBefore) + ", H_N " + whole(windowBefore) + " (the pass after is pending)";
            }
            return head + ": βˆ " + fmt(betaBefore) + " → " + fmt(betaAt) + ", H_N " + whole(windowBefore) + " → "
                    + whole(windowAt);
        }

        private static String fmt(double v) {
            return Double.isNaN(v) ? "?" : String.format("%.3g", v);
        }

        private static String whole(double v) {
            return Double.isNaN(v) ? "?" : String.format("%.0f", v);
        }
    }

    /** Copies the arrays. */
    public Forgetting {
        learned = learned.clone();
        current = current.clone();
        forgetting = forgetting.clone();
        untrained = untrained.clone();
        breakdowns = List.copyOf(breakdowns);
    }

    /** A copy of U_j. */
    @Override
    public double[] untrained() {
        return untrained.clone();
    }
    /** A copy of L_{j,j}. */
    @Override
    public double[] learned() {
        return learned.clone();
    }

    /** A copy of L_{k,j}. */
    @Override
    public double[] current() {
        return current.clone();
    }

    /** A copy of F_j. */
    @Override
    public double[] forgetting() {
        return forgetting.clone();
    }

    /** The measures of a run of {@code config} from its rows (rows without stage losses are skipped). */
    public static Forgetting of(SessionConfig config, List<MetricsRow> rows) {
        return of(config, rows, Learner.untrainedLosses(config.learnerSpec(), config.stages()));
    }

    /**
     * The measures with the untrained losses U_j given (one per stage of {@code config}), β̂ and
     * H_N from the rows that carry a pass's columns (headless runs write them on the pass's row).
     */
    public static Forgetting of(SessionConfig config, List<MetricsRow> rows, double[] untrained) {
        List<Pass> passes = new ArrayList<>();
        for (MetricsRow r : rows) {
            if (Double.isFinite(r.betaHat()) || Double.isFinite(r.windowN())) {
                passes.add(new Pass(r.step(), r.betaHat(), r.windowN()));
            }
        }
        return of(config, rows, untrained, passes);
    }

    /**
     * A diagnostics pass as the breakdown reads it.
     *
     * @param step   the pass's step
     * @param beta   its β̂
     * @param window its H_N at the reference N
     */
    public record Pass(long step, double beta, double window) {
    }

    /** The measures with U_j and the run's passes given (the window's passes come apart from its rows). */
    public static Forgetting of(SessionConfig config, List<MetricsRow> rows, double[] untrained, List<Pass> passes) {
        MetricsRow last = null;
        for (MetricsRow r : rows) {
            if (measured(r, 0)) {
                last = r;
            }
        }
        if (last == null) {
            return new Forgetting(0, new double[0], new double[0], new double[0], Double.NaN, new double[0], List.of());
        }
        int k = config.stageAt(last.step());
        // end[l][j]: L_{l,j}, from the last row at or before stage l's end.
        double[][] end = new double[k + 1][];
        for (int l = 0; l <= k; l++) {
            end[l] = endOf(config, rows, l);
        }
        double[] learned = new double[k + 1];
        double[] current = new double[k + 1];
        double[] forgetting = new double[k + 1];
        double sum = 0;
        for (int j = 0; j <= k; j++) {
            learned[j] = end[j] == null ? Double.NaN : end[j][j];
            current[j] = end[k][j];
            double best = Double.POSITIVE_INFINITY;
            for (int l = j; l < k; l++) {
                if (end[l] != null) {
                    best = Math.min(best, end[l][j]);
                }
            }
            // No validation row before any of the later stages ended (a switch before the first
            // logged row): the forgetting cannot be measured, not −∞.
            forgetting[j] = j < k && best < Double.POSITIVE_INFINITY ? current[j] - best : Double.NaN;
            if (j < k) {
                sum += learned[j] - current[j];
            }
        }
        List<Breakdown> breakdowns = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            breakdowns.add(breakdown(config, rows, passes, j, learned[j], untrained[j]));
        }
        return new Forgetting(k, learned, current, forgetting, k > 0 ? sum / k : Double.NaN,
                Arrays.copyOf(untrained, k + 1), breakdowns);
    }

    private static Breakdown breakdown(SessionConfig config, List<MetricsRow> rows, List<Pass> passes, int j,
                                       double learned, double untrained) {
        long ended = config.task().schedule().get(j).at();
        double threshold = learned < untrained ? (learned + untrained) / 2 : Double.NaN;
        long step = -1;
        for (MetricsRow r : rows) {
            if (r.step() > ended && measured(r, j) && r.taskValLoss()[j] >= threshold) {
                step = r.step();
                break;
            }
        }
        Pass before = null;
        Pass at = null;
        for (Pass p : passes) {
            if (p.step() <= ended) {
                before = p;
            }
            if (step >= 0 && at == null && p.step() >= step) {
                at = p;
            }
        }
        return new Breakdown(j, ended, step, threshold, before == null ? Double.NaN : before.beta(),
                at == null ? Double.NaN : at.beta(), before == null ? Double.NaN : before.window(),
                at == null ? Double.NaN : at.window());
    }

    /**
     * Every task's validation loss at the end of stage {@code stage} (L_{stage,j} for all j), from
     * the last row at or before the switch that ends it (the last row of all for the final stage);
     * null when no row of the run measured them by then.
     */
    public static double[] endOf(SessionConfig config, List<MetricsRow> rows, int stage) {
        List<SessionConfig.Switch> switches = config.task().schedule();
        long until = stage < switches.size() ? switches.get(stage).at() : Long.MAX_VALUE;
        double[] at = new double[switches.size() + 1];
        Arrays.fill(at, Double.NaN);
        boolean any = false;
        for (MetricsRow r : rows) {
            if (r.step() > until) {
                break;
            }
            for (int j = 0; j < at.length; j++) {
                if (measured(r, j)) {
                    at[j] = r.taskValLoss()[j];
                    any = true;
                }
            }
        }
        return any ? at : null;
    }

    /**
     * Whether a row holds task j's validation loss (a validating step of a scheduled run; rows from
     * before a task was switched in live have no column for it).
     */
    private static boolean measured(MetricsRow r, int j) {
        return r.taskValLoss().length > j && Double.isFinite(r.taskValLoss()[j]);
    }
}
