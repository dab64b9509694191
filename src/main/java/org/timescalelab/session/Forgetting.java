package org.timescalelab.session;

import java.util.List;

import org.timescalelab.config.SessionConfig;

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
 *       later tasks raised the earlier ones' losses, positive when it lowered them.</li>
 * </ul>
 * Immutable.
 *
 * @param stage      the stage reached, k
 * @param learned    per task j ≤ k, L_{j,j}
 * @param current    per task j ≤ k, L_{k,j}: its loss now
 * @param forgetting per task j &lt; k, F_j (NaN for j = k)
 * @param bwt        the backward transfer (NaN before the first switch)
 */
public record Forgetting(int stage, double[] learned, double[] current, double[] forgetting, double bwt) {

    /** Copies the arrays. */
    public Forgetting {
        learned = learned.clone();
        current = current.clone();
        forgetting = forgetting.clone();
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
        int stages = config.task().schedule().size() + 1;
        MetricsRow last = null;
        for (MetricsRow r : rows) {
            if (measured(r, stages)) {
                last = r;
            }
        }
        if (last == null) {
            return new Forgetting(0, new double[0], new double[0], new double[0], Double.NaN);
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
            forgetting[j] = j < k ? current[j] - best : Double.NaN;
            if (j < k) {
                sum += learned[j] - current[j];
            }
        }
        return new Forgetting(k, learned, current, forgetting, k > 0 ? sum / k : Double.NaN);
    }

    /**
     * Every task's validation loss at the end of stage {@code stage} (L_{stage,j} for all j), from
     * the last row at or before the switch that ends it (the last row of all for the final stage);
     * null when no row of the run measured them by then.
     */
    public static double[] endOf(SessionConfig config, List<MetricsRow> rows, int stage) {
        List<SessionConfig.Switch> switches = config.task().schedule();
        long until = stage < switches.size() ? switches.get(stage).at() : Long.MAX_VALUE;
        double[] at = null;
        for (MetricsRow r : rows) {
            if (r.step() <= until && measured(r, switches.size() + 1)) {
                at = r.taskValLoss();
            }
        }
        return at;
    }

    /** Whether a row holds every stage's validation loss (a validating step of a scheduled run). */
    private static boolean measured(MetricsRow r, int stages) {
        return r.taskValLoss().length == stages && Double.isFinite(r.taskValLoss()[0]);
    }
}
