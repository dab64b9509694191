package org.timescalelab.sweep;

import java.util.List;

/**
 * Where a sweep stands, as either engine reports it. Immutable.
 *
 * @param done     runs with a row (including rows of an earlier attempt)
 * @param total    runs in the sweep
 * @param failed   rows with status failed
 * @param diverged rows with status diverged
 * @param elapsed  seconds since this attempt started
 * @param eta      estimated seconds to the end, NaN before the first run of this attempt ends
 * @param last     the row just recorded, or null
 */
public record SweepProgress(int done, int total, int failed, int diverged, double elapsed, double eta, SweepRow last) {

    /**
     * The same progress {@code seconds} later with no run finished meanwhile: the elapsed time
     * grown by them, the time left shrunk by them (never below 0; unknown stays unknown). The
     * window's progress lines show it each second between two finished runs.
     */
    public SweepProgress later(double seconds) {
        return new SweepProgress(done, total, failed, diverged, elapsed + seconds,
                Double.isNaN(eta) ? eta : Math.max(0, eta - seconds), last);
    }

    /**
     * The progress of a sweep folder now.
     *
     * @param t0           {@link System#nanoTime()} at the start of this attempt
     * @param finishedHere runs this attempt has finished
     * @param remaining    runs this attempt has still to do
     * @param last         the row just recorded, or null
     */
    public static SweepProgress of(SweepDirectory dir, long t0, int finishedHere, int remaining, SweepRow last) {
        List<SweepRow> rows = dir.rows();
        int failed = (int) rows.stream().filter(r -> r.status().equals(SweepRow.FAILED)).count();
        int diverged = (int) rows.stream().filter(r -> r.status().equals(SweepRow.DIVERGED)).count();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double eta = finishedHere == 0 ? Double.NaN : elapsed / finishedHere * remaining;
        return new SweepProgress(rows.size(), dir.spec().runs().size(), failed, diverged, elapsed, eta, last);
    }
}
