package org.timescalelab.cli;

import java.io.PrintWriter;

import org.timescalelab.run.HeadlessRun;
import org.timescalelab.sweep.SweepProgress;

/** A one-line text progress bar on stderr (a new line every few seconds when not a terminal). */
final class ProgressBar {

    private static final int WIDTH = 24;
    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private long lastLine;
    private boolean drawn;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    void show(HeadlessRun.Progress p) {
        showText(render(p));
    }

    void show(SweepProgress p) {
        showText(render(p));
    }

    private void showText(String text) {
        if (terminal) {
            err.print("\r" + text);
            drawn = true;
        } else if (System.nanoTime() - lastLine > LINE_INTERVAL_NANOS) {
            err.println(text);
            lastLine = System.nanoTime();
        }
        err.flush();
    }

    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    static String render(HeadlessRun.Progress p) {
        StringBuilder sb = new StringBuilder();
        if (p.stepLimit() > 0) {
            sb.append(bar(p.step(), p.stepLimit()));
            sb.append("step ").append(p.step()).append('/').append(p.stepLimit());
        } else {
            sb.append("step ").append(p.step());
        }
        sb.append(String.format("  loss %.4g  val %.4g  %.1f steps/s", p.trainLoss(), p.valLoss(), p.stepsPerSecond()));
        return sb.append(eta(p.etaSeconds())).toString();
    }

    static String render(SweepProgress p) {
        return bar(p.done(), p.total()) + "runs " + p.done() + "/" + p.total() + "  failed " + p.failed() + "  diverged "
                + p.diverged() + String.format("  %d:%02d elapsed", Math.round(p.elapsed()) / 60, Math.round(p.elapsed()) % 60)
                + eta(p.eta());
    }

    private static String bar(long done, long total) {
        int filled = (int) Math.min(WIDTH, total == 0 ? WIDTH : WIDTH * done / total);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] ";
    }

    private static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "";
        }
        long s = Math.round(seconds);
        return String.format("  ETA %d:%02d", s / 60, s % 60);
    }
}
