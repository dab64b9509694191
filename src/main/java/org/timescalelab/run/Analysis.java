package org.timescalelab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.ResourceEstimate;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.DiagnosticSettings;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.NetworkDiagnostics;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.session.SessionCheckpoint;

/**
 * Recomputes the diagnostics of a saved run from one of its checkpoints, possibly with other
 * diagnostics settings. Runs on the calling thread (which does the ND4J work).
 *
 * <p>It does not take the run's {@link FolderLock}: looking at a run that is still training is
 * what a researcher does, and it writes only its own step folders, each file atomically (a pass
 * with the run's settings is the same bytes training wrote).
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
     * Recomputes the diagnostics at a checkpoint and writes them. With the run's own diagnostics
     * settings the pass is the one training computed (the sample and the bootstraps are seeded), so
     * it goes to {@code DIR/diagnostics/step-<n>/} and restores a lost or damaged pass. With other
     * settings it goes to {@code DIR/analysis/step-<n>-<key>/} beside a {@code settings.json}
     * recording them ({@code key}: 8 hex digits of their SHA-256), so a look with a smaller sample
     * never replaces the pass of the run itself.
     *
     * @param runDirectory the run
     * @param step         the checkpoint's step, or null for the latest
     * @param overrides    {@code diagnostics.*=value} settings to use instead of the run's
     * @return the report and where it was written
     */
    public static Written analyze(Path runDirectory, Long step, List<String> overrides) throws IOException {
        Restored r = restore(runDirectory, step, overrides);
        DiagnosticsReport report = r.pass(r.config);
        Path folder = r.ownSettings() ? DiagnosticsWriter.folder(runDirectory, r.step) : r.analysisFolder(runDirectory);
        DiagnosticsWriter.write(report, folder);
        if (!r.ownSettings()) {
            AtomicFiles.write(folder.resolve("settings.json"), ConfigLoader.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(java.util.Map.of("step", r.step, "diagnostics", r.config.diagnostics())) + "\n");
        }
        return new Written(report, folder);
    }

    /** A recomputed pass and the folder it was written to. */
    public record Written(DiagnosticsReport report, Path folder) {
    }

    /** Most draws of {@link #redraw}. */
    public static final int MAX_DRAWS = 64;

    /**
     * Recomputes a checkpoint's pass {@code draws} times, each with a fresh diagnostic sample
     * ({@code diagnostics.seed} = draw i's seed, mixed from the given or 1), and writes the comparison
     * to {@code redraw.csv} in {@code DIR/analysis/step-<n>/} (or {@code step-<n>-<key>/} with other
     * settings, as for {@link #analyze}); the run's own diagnostics are left as they are.
     *
     * @throws ConfigException when draws is outside 2..{@value #MAX_DRAWS}
     */
    public static Redraw redraw(Path runDirectory, Long step, List<String> overrides, int draws) throws IOException {
        if (draws < 2 || draws > MAX_DRAWS) {
            throw ConfigException.range("redraw", draws, "2.." + MAX_DRAWS);
        }
        Restored r = restore(runDirectory, step, overrides);
        long base = r.config.diagnostics().seed() == SessionConfig.Diagnostics.DERIVED_SEED ? 1 : r.config.diagnostics().seed();
        long[] seeds = new long[draws];
        List<DiagnosticsReport> reports = new ArrayList<>();
        for (int i = 0; i < draws; i++) {
            seeds[i] = DiagnosticSettings.mix(base, i) & Long.MAX_VALUE;
            reports.add(r.pass(r.config.withDiagnostics(r.config.diagnostics().withSeed(seeds[i]))));
        }
        Redraw out = Redraw.of(seeds, reports);
        AtomicFiles.write(r.analysisFolder(runDirectory).resolve("redraw.csv"), out.csv());
        return out;
    }

    /**
     * A checkpoint's learner, on the task its own pass at that step used.
     *
     * @param ownSettings whether the diagnostics settings are the run's own
     */
    private record Restored(SessionConfig config, Learner learner, long step, boolean ownSettings) {

        /**
         * {@code analysis/step-<n>/} with the run's own settings, else {@code analysis/step-<n>-<key>/},
         * the key being 8 hex digits of the settings' SHA-256.
         */
        Path analysisFolder(Path runDirectory) throws IOException {
            Path analysis = runDirectory.resolve(RunDirectory.ANALYSIS);
            if (ownSettings) {
                return analysis.resolve("step-" + step);
            }
            byte[] json = ConfigLoader.MAPPER.writeValueAsBytes(config.diagnostics());
            String key;
            try {
                key = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(json))
                        .substring(0, 8);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
            return analysis.resolve("step-" + step + "-" + key);
        }

        DiagnosticsReport pass(SessionConfig c) {
            long t0 = System.nanoTime();
            NetworkDiagnostics n = learner.diagnose(c.diagnosticSettings(), step);
            return DiagnosticsReport.analyze(n, c.diagnostics(), step, (System.nanoTime() - t0) / 1e6,
                    c.diagnostics().bootstrapSeed(c.seeds().noise(), step));
        }
    }

    private static Restored restore(Path runDirectory, Long step, List<String> overrides) throws IOException {
        for (String o : overrides) {
            if (!o.startsWith("diagnostics.")) {
                throw new ConfigException("set", "analyze accepts only diagnostics.* overrides (the model and data "
                        + "are the checkpoint's): " + o);
            }
        }
        RunDirectory dir = new RunDirectory(runDirectory);
        SessionCheckpoint cp = step == null ? dir.readCheckpoint() : dir.readCheckpoint(step);
        SessionConfig config = ConfigLoader.withOverrides(cp.config(), overrides);
        boolean own = config.diagnostics().equals(cp.config().diagnostics());
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
        return new Restored(config, learner, cp.step(), own);
    }
}
