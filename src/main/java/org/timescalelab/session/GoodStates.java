package org.timescalelab.session;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;

import org.timescalelab.config.ResourceEstimate;

/**
 * A short ring of recent good training states, and the rule that picks the one a divergence rolls
 * back to (docs/choices.md, "Choices made where the theory is silent").
 *
 * <p>A NaN rarely comes from the step that shows it: the step that caused it is usually a live
 * change (η raised to 10 makes finite but huge parameters, and the NaN follows some steps later) or
 * a gradient spike. Restoring the last finite parameters would keep that step's damage, and every
 * lower learning rate would diverge again at the same place. So the ring keeps a state every
 * {@link #SPACING} steps (the last {@link #CAPACITY}), and the state just before each live change;
 * {@link #target} picks, in this order:
 * <ol>
 *   <li>the state before the latest live change, if that change came at most {@link #CHANGE_WINDOW}
 *       steps before the failure (η = 10 on a small SGD network takes about 100 steps to overflow;
 *       a setting that ran 500 steps is taken to be sound);</li>
 *   <li>otherwise the newest kept state before the first gradient spike in the span (a step whose
 *       gradient norm exceeds {@link #SPIKE} times the median of the norms before it);</li>
 *   <li>otherwise the newest kept state before the last good one (whose next gradient failed);</li>
 *   <li>otherwise the oldest kept state.</li>
 * </ol>
 * States are complete (parameters, optimizer moments, generators), so the rolled-back run is
 * exactly the run that was at that step: a checkpoint of it is consistent, and a resume continues
 * bit-identically. Not thread-safe: the engine thread owns it.
 *
 * @param <S> the saved state
 */
public final class GoodStates<S> {

    /** Steps between kept states. */
    static final int SPACING = 10;
    /** Kept states (besides the one before the latest change): the ring spans 60 steps. */
    public static final int CAPACITY = ResourceEstimate.ROLLBACK_STATES;
    /** A live change at most this many steps before a failure is blamed for it. */
    static final int CHANGE_WINDOW = 500;
    /** A step's gradient norm this many times the median of earlier ones is a spike. */
    static final double SPIKE = 10;

    private final Deque<Kept<S>> ring = new ArrayDeque<>();
    private final long[] normSteps = new long[SPACING * CAPACITY];
    private final double[] norms = new double[SPACING * CAPACITY];
    private int normCount;
    private Kept<S> beforeChange;
    private String changeWhat = "";

    /** A kept state and why the rollback chose it. */
    record Target<S>(long step, S state, String why) {
    }

    private record Kept<S>(long step, S state) {
    }

    /** Whether the state after {@code step} steps should be kept. */
    boolean due(long step) {
        return step % SPACING == 0 && (ring.isEmpty() || ring.peekLast().step() != step);
    }

    /** Keeps the state after {@code step} steps, dropping the oldest beyond the capacity. */
    void keep(long step, S state) {
        ring.addLast(new Kept<>(step, state));
        while (ring.size() > CAPACITY) {
            ring.removeFirst();
        }
    }

    /** Keeps the state just before a live change made after {@code step} steps ({@code what}: "the learning rate change"). */
    void keepBeforeChange(long step, S state, String what) {
        if (beforeChange == null || beforeChange.step() != step) {
            beforeChange = new Kept<>(step, state);
        }
        changeWhat = what;
    }

    /** Records the gradient norm of the step that reached {@code step}. */
    void recordNorm(long step, double norm) {
        int i = normCount % norms.length;
        normSteps[i] = step;
        norms[i] = norm;
        normCount++;
    }

    /**
     * The state to roll back to when the step after {@code lastGood} failed, or null if nothing is
     * kept. Drops every kept state and norm after the chosen one.
     */
    Target<S> target(long lastGood) {
        Target<S> t = choose(lastGood);
        if (t != null) {
            truncateAfter(t.step());
        }
        return t;
    }

    private Target<S> choose(long lastGood) {
        if (beforeChange != null && lastGood - beforeChange.step() <= CHANGE_WINDOW) {
            return new Target<>(beforeChange.step(), beforeChange.state(), "before " + changeWhat);
        }
        long spike = firstSpike();
        if (spike >= 0) {
            Kept<S> k = newestBefore(spike - 1);
            if (k != null) {
                return new Target<>(k.step(), k.state(), "before the gradient norm jumped at step " + spike);
            }
        }
        Kept<S> k = newestBefore(lastGood);
        if (k != null) {
            return new Target<>(k.step(), k.state(), "the last kept state before step " + lastGood);
        }
        Kept<S> oldest = ring.peekFirst();
        return oldest == null ? null : new Target<>(oldest.step(), oldest.state(), "the oldest kept state");
    }

    /** The first step in the window whose norm is a spike against the median of the norms before it, or -1. */
    private long firstSpike() {
        int n = Math.min(normCount, norms.length);
        int start = normCount - n;
        double[] before = new double[n];
        for (int j = 0; j < n; j++) {
            int i = (start + j) % norms.length;
            if (j >= 4) {
                double[] sorted = Arrays.copyOf(before, j);
                Arrays.sort(sorted);
                double median = sorted[j / 2];
                if (!(norms[i] <= SPIKE * median)) {
                    return normSteps[i];
                }
            }
            before[j] = norms[i];
        }
        return -1;
    }

    private Kept<S> newestBefore(long step) {
        for (Iterator<Kept<S>> it = ring.descendingIterator(); it.hasNext();) {
            Kept<S> k = it.next();
            if (k.step() < step) {
                return k;
            }
        }
        return null;
    }

    private void truncateAfter(long step) {
        ring.removeIf(k -> k.step() > step);
        if (beforeChange != null && beforeChange.step() > step) {
            beforeChange = null;
        }
        int n = Math.min(normCount, norms.length);
        int start = normCount - n;
        int kept = 0;
        long[] s = new long[n];
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            int i = (start + j) % norms.length;
            if (normSteps[i] <= step) {
                s[kept] = normSteps[i];
                v[kept] = norms[i];
                kept++;
            }
        }
        normCount = 0;
        for (int j = 0; j < kept; j++) {
            recordNorm(s[j], v[j]);
        }
    }

    /** Forgets everything (a reset). */
    void clear() {
        ring.clear();
        beforeChange = null;
        changeWhat = "";
        normCount = 0;
    }
}
