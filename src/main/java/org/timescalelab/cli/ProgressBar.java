package org.timescalelab.cli;

import java.io.PrintWriter;

import org.timescalelab.engine.HeadlessRun;

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
        String text = render(p);
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
            int filled = (int) Math.min(WIDTH, WIDTH * p.step() / p.stepLimit());
            sb.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ");
            sb.append("step ").append(p.step()).append('/').append(p.stepLimit());
        } else {
            sb.append("step ").append(p.step());
        }
        sb.append(String.format("  loss %.4g  val %.4g  %.1f steps/s", p.trainLoss(), p.valLoss(), p.stepsPerSecond()));
        double eta = p.etaSeconds();
        if (Double.isFinite(eta)) {
            long s = Math.round(eta);
            sb.append(String.format("  ETA %d:%02d", s / 60, s % 60));
        }
        return sb.toString();
    }
}
