package org.timescalelab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.ResourceEstimate;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.NetworkDiagnostics;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.SessionCheckpoint;

/**
 * Recomputes the diagnostics of a saved run from one of its checkpoints, possibly with other
 * diagnostics settings. Runs on the calling thread (which does the ND4J work).
 */
public final class Analysis {

    private Analysis() {
    }

    /** The checkpoints of a run directory: {@code checkpoint/} and the archive {@code checkpoints/step-<n>/}. */
    public static List<Long> availableSteps(Path runDirectory) throws IOException {
        java.util.TreeSet<Long> steps = new java.util.TreeSet<>();
        RunDirectory dir = new RunDirectory(runDirectory);
        if (dir.hasCheckpoint()) {
            steps.add(dir.readCheckpoint().step());
        }
        Path archive = runDirectory.resolve(RunDirectory.ARCHIVE);
        if (Files.isDirectory(archive)) {
            try (var list = Files.list(archive)) {
                list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-"))
                        .forEach(n -> steps.add(Long.parseLong(n.substring(5))));
            }
        }
        return List.copyOf(steps);
    }

    /**
     * Recomputes the diagnostics at a checkpoint and writes them to
     * {@code DIR/diagnostics/step-<n>/}.
     *
     * @param runDirectory the run
     * @param step         the checkpoint's step, or null for the latest
     * @param overrides    {@code diagnostics.*=value} settings to use instead of the run's
     * @return the report written
     */
    public static DiagnosticsReport analyze(Path runDirectory, Long step, List<String> overrides) throws IOException {
        for (String o : overrides) {
            if (!o.startsWith("diagnostics.")) {
                throw new ConfigException("set", "analyze accepts only diagnostics.* overrides (the model and data "
                        + "are the checkpoint's): " + o);
            }
        }
        RunDirectory dir = new RunDirectory(runDirectory);
        SessionCheckpoint cp = step == null ? dir.readCheckpoint() : dir.readCheckpoint(step);
        SessionConfig config = ConfigLoader.withOverrides(cp.config(), overrides);
        ResourceEstimate.of(config, true).checkHere();
        Learner learner;
        try {
            learner = Learner.restore(config.learnerSpec(), cp.learner());
        } catch (IllegalArgumentException e) {
            throw new IOException("the checkpoint in " + runDirectory + " is damaged: " + e.getMessage());
        }
        if (!config.task().schedule().isEmpty()) {
            // The task the run's own pass at this step used: a switch at exactly this step comes
            // after its pass (docs/training.md, "Task schedules").
            learner.setStages(config.stages());
            learner.switchTo((int) config.task().schedule().stream().filter(w -> w.at() < cp.step()).count());
        }
        long t0 = System.nanoTime();
        NetworkDiagnostics n = learner.diagnose(config.diagnosticSettings(), cp.step());
        DiagnosticsReport report = DiagnosticsReport.analyze(n, config.diagnostics(), cp.step(),
                (System.nanoTime() - t0) / 1e6, config.seeds().noise() ^ cp.step());
        DiagnosticsWriter.write(report, DiagnosticsWriter.folder(runDirectory, cp.step()));
        return report;
    }
}
