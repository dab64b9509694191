package org.timescalelab.sweep;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.run.HeadlessRun;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.SessionState;

/**
 * Runs one run of a sweep: an ordinary headless training run of the cell's config that ends with
 * a diagnostics pass, summarised as a {@link SweepRow}. The same code serves the local pool and
 * the cluster's executors, so both engines produce the same rows. Threading contract: runs on the
 * calling thread, which becomes the run's engine thread; any number of runs may go on at once.
 */
public final class SweepCell {

    private SweepCell() {
    }

    /**
     * Trains the run and summarises it. A config that breaks a rule, or an error while training,
     * gives a {@code failed} row with the reason; NaN/Inf gives a {@code diverged} row.
     *
     * @param spec   the sweep
     * @param run    the run
     * @param runDir where to write its run directory, or null to keep only the row
     * @param stop   polled between steps; when it turns true the run is abandoned
     * @return the row, or empty when stopped before the end (the run is then still to do)
     */
    public static Optional<SweepRow> run(SweepSpec spec, SweepSpec.Run run, Path runDir, BooleanSupplier stop) {
        long t0 = System.nanoTime();
        SessionConfig config;
        try {
            config = spec.config(run);
        } catch (ConfigException e) {
            return Optional.of(SweepRow.failed(run, spec.referenceN().size(), e.getMessage(), seconds(t0)));
        }
        try {
            HeadlessRun headless = (runDir == null ? HeadlessRun.inMemory(config) : HeadlessRun.start(config, runDir, true))
                    .withFinalDiagnostics();
            HeadlessRun.Result result = headless.run(stop, p -> { });
            if (result.state() != SessionState.FINISHED && result.state() != SessionState.DIVERGED) {
                return Optional.empty();
            }
            DiagnosticsReport report = result.state() == SessionState.FINISHED ? headless.lastDiagnostics() : null;
            return Optional.of(SweepRow.of(run, spec.referenceN(), result, report, seconds(t0)));
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            return Optional.of(SweepRow.failed(run, spec.referenceN().size(), reason, seconds(t0)));
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
