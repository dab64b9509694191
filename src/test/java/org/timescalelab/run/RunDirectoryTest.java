package org.timescalelab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionEvent;
import org.timescalelab.session.SessionState;
import org.timescalelab.session.TrainingSessionTest;

class RunDirectoryTest {

    @Test
    void resumeContinuesBitIdentically(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=16", "noise.updateScale=0.3",
                "noise.alpha=1.5", "training.optimizer=ADAM");
        HeadlessRun.Result full = HeadlessRun.start(c, tmp.resolve("full"), false).run(() -> false, p -> { });
        assertThat(full.state()).isEqualTo(SessionState.FINISHED);

        HeadlessRun.start(c.withSteps(7), tmp.resolve("part"), false).run(() -> false, p -> { });
        HeadlessRun.resume(tmp.resolve("part"), 16, List.of()).run(() -> false, p -> { });

        List<MetricsRow> a = new RunDirectory(tmp.resolve("full")).readMetrics();
        List<MetricsRow> b = new RunDirectory(tmp.resolve("part")).readMetrics();
        assertThat(b).hasSize(16);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).trainLoss()).as("step %d", i + 1).isEqualTo(a.get(i).trainLoss());
            assertThat(b.get(i).gradNorm()).isEqualTo(a.get(i).gradNorm());
            assertThat(Double.doubleToLongBits(b.get(i).valLoss())).isEqualTo(Double.doubleToLongBits(a.get(i).valLoss()));
        }
        assertThat(new RunDirectory(tmp.resolve("part")).readCheckpoint().learner().parameters())
                .isEqualTo(new RunDirectory(tmp.resolve("full")).readCheckpoint().learner().parameters());
    }

    @Test
    void stopRequestEndsAfterTheCurrentStepWithEverythingWritten(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=1000");
        int[] calls = {0};
        HeadlessRun.Result r = HeadlessRun.start(c, tmp, false).run(() -> ++calls[0] > 5, p -> { });
        assertThat(r.step()).isBetween(1L, 10L);
        RunDirectory dir = new RunDirectory(tmp);
        assertThat(dir.readMetrics()).hasSize((int) r.step());
        assertThat(dir.readCheckpoint().step()).isEqualTo(r.step());
        assertThat(dir.readConfig()).isEqualTo(c.resolved());
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.json", "metrics.csv", "events.csv", "checkpoint", RunDirectory.MANIFEST,
                            FolderLock.NAME);
        }
    }

    @Test
    void npyRoundTripsAndHasTheNumpyHeader(@TempDir Path tmp) throws Exception {
        double[] data = {1.5, -2, 3e-300, Double.MAX_VALUE, 0, 7};
        Npy.write(tmp.resolve("a.npy"), new int[] {2, 3}, data);
        byte[] bytes = Files.readAllBytes(tmp.resolve("a.npy"));
        String header = new String(bytes, 10, bytes[8], java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f8'").contains("'shape': (2, 3)").endsWith("\n");
        assertThat((10 + bytes[8]) % 64).isZero();
        Npy.Array back = Npy.read(tmp.resolve("a.npy"));
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.data()).containsExactly(data);
    }

    @Test
    void outRefusesAFolderThatIsNotOursAndTouchesNothingInIt(@TempDir Path tmp) throws Exception {
        Path proj = tmp.resolve("proj");
        Files.createDirectories(proj.resolve("checkpoint"));
        Files.writeString(proj.resolve("checkpoint/model.pt"), "w");
        Files.writeString(proj.resolve("config.json"), "{}");
        SessionConfig c = TrainingSessionTest.tiny("training.steps=3");
        assertThatThrownBy(() -> HeadlessRun.start(c, proj, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Timescale Lab run directory");
        assertThat(Files.readString(proj.resolve("checkpoint/model.pt"))).isEqualTo("w");
        assertThat(Files.readString(proj.resolve("config.json"))).isEqualTo("{}");
    }

    @Test
    void overwriteRemovesOnlyTheFilesTheAppWrote(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=6", "engine.checkpointEvery=3", "diagnostics.every=3",
                "diagnostics.sequences=16", "diagnostics.envelopeSequences=4", "diagnostics.bootstrap=0");
        HeadlessRun.start(c, tmp, false).run(() -> false, p -> { });
        assertThat(tmp.resolve("checkpoints/step-3")).isDirectory();
        assertThat(tmp.resolve("diagnostics/step-6")).isDirectory();
        Files.writeString(tmp.resolve("checkpoint/notes.txt"), "mine");
        Files.writeString(tmp.resolve("diagnostics/step-3/plot.png"), "mine");
        Files.writeString(tmp.resolve("README"), "mine");
        Files.writeString(tmp.resolve("forgetting.png"), "ours: train writes it for a scheduled run");
        Analysis.analyze(tmp, 3L, List.of("diagnostics.bootstrap=20"));
        Files.writeString(tmp.resolve("analysis/mine.txt"), "mine");
        assertThatThrownBy(() -> HeadlessRun.start(c, tmp, false)).hasMessageContaining("--overwrite");
        // A file of the user's in a checkpoint folder (which is replaced whole) stops the overwrite
        // before anything is deleted; so does a file of ours that cannot be removed.
        assertThatThrownBy(() -> RunDirectory.create(tmp, true)).hasMessageContaining("notes.txt")
                .hasMessageContaining("nothing was changed");
        assertThat(tmp.resolve("config.json")).exists();
        assertThat(tmp.resolve("checkpoint/state.json")).exists();
        Files.move(tmp.resolve("checkpoint/notes.txt"), tmp.resolve("notes.txt"));
        if (!"root".equals(System.getProperty("user.name"))) {
            // (root may write a read-only folder: the check is Files.isWritable, which says so.)
            tmp.resolve("diagnostics/step-6").toFile().setWritable(false);
            assertThatThrownBy(() -> RunDirectory.create(tmp, true)).hasMessageContaining("read-only");
            assertThat(tmp.resolve("config.json")).exists();
            tmp.resolve("diagnostics/step-6").toFile().setWritable(true);
        }

        RunDirectory.create(tmp, true);
        assertThat(Files.readString(tmp.resolve("notes.txt"))).isEqualTo("mine");
        assertThat(Files.readString(tmp.resolve("diagnostics/step-3/plot.png"))).isEqualTo("mine");
        assertThat(Files.readString(tmp.resolve("README"))).isEqualTo("mine");
        assertThat(tmp.resolve("checkpoint/state.json")).doesNotExist();
        assertThat(tmp.resolve("checkpoints")).doesNotExist();
        assertThat(tmp.resolve("diagnostics/step-6")).doesNotExist();
        assertThat(tmp.resolve("metrics.csv")).doesNotExist();
        assertThat(tmp.resolve("forgetting.png")).doesNotExist();
        try (var left = Files.list(tmp.resolve("analysis"))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("mine.txt");
        }
    }

    @Test
    void everyCheckpointHasItsMetricsWrittenFirst(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=40", "engine.checkpointEvery=1");
        int[] seen = {0};
        HeadlessRun.start(c, tmp, false).run(() -> {
            try {
                if (new RunDirectory(tmp).hasCheckpoint()) {
                    long cp = new RunDirectory(tmp).readCheckpoint().step();
                    // Metrics on disk always reach the committed checkpoint's step.
                    assertThat(new RunDirectory(tmp).readMetrics().size()).isGreaterThanOrEqualTo((int) cp);
                    seen[0]++;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return false;
        }, p -> { });
        assertThat(seen[0]).isGreaterThan(10);
    }

    @Test
    void overwriteNeverDeletesThroughALink(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=6", "engine.checkpointEvery=3", "diagnostics.every=3",
                "diagnostics.sequences=16", "diagnostics.envelopeSequences=4", "diagnostics.bootstrap=0");
        Path run = tmp.resolve("run");
        Path mine = tmp.resolve("mine");
        for (String link : List.of("checkpoint", "checkpoints", "diagnostics", "diagnostics/step-3")) {
            HeadlessRun.start(c, run, true).run(() -> false, p -> { });
            // A folder of the user's, holding files with the app's names, in place of one of ours.
            Files.createDirectories(mine);
            for (String name : List.of("state.json", "parameters.npy", "envelope.csv", "summary.json")) {
                Files.writeString(mine.resolve(name), "mine");
            }
            Path ours = run.resolve(link);
            deleteTree(ours);
            Files.createSymbolicLink(ours, mine);
            assertThatThrownBy(() -> RunDirectory.create(run, true)).as(link).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("symbolic link").hasMessageContaining(link);
            try (var files = Files.list(mine)) {
                assertThat(files.count()).as(link).isEqualTo(4);
            }
            Files.delete(ours);
        }
        // The run directory itself given as a link: its run is not replaced through it.
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, run);
        assertThatThrownBy(() -> RunDirectory.create(link, true)).hasMessageContaining("symbolic link")
                .hasMessageContaining("nothing was changed");
        assertThat(new RunDirectory(run).readCheckpoint().step()).isEqualTo(6);
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /**
     * The two kills of a swap that used to lose the run: the first leaves the new checkpoint complete
     * in checkpoint.tmp and the old one in checkpoint.old with no checkpoint/; the next swap then
     * deleted both before its own was in place.
     */
    @Test
    void aKilledSwapLeavesTheNewestCompleteCheckpointReadableAndTheNextSwapKeepsIt(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=4", "engine.checkpointEvery=2");
        HeadlessRun.start(c, tmp, false).run(() -> false, p -> { });
        RunDirectory dir = new RunDirectory(tmp);
        var at4 = dir.readCheckpoint();
        // State after a kill between "checkpoint → checkpoint.old" and "checkpoint.tmp → checkpoint".
        Files.move(tmp.resolve("checkpoint"), tmp.resolve("checkpoint.old"));
        dir.writeCheckpoint(new org.timescalelab.session.SessionCheckpoint(at4.config(), 2, at4.learner()));
        Files.move(tmp.resolve("checkpoint"), tmp.resolve("checkpoint.tmp"));
        assertThat(dir.hasCheckpoint()).isTrue();
        assertThat(dir.readCheckpoint().step()).as("the newest complete one, checkpoint.tmp").isEqualTo(2);
        // The next swap first moves the complete checkpoint.tmp back into place.
        dir.writeCheckpoint(new org.timescalelab.session.SessionCheckpoint(at4.config(), 4, at4.learner()));
        assertThat(dir.readCheckpoint().step()).isEqualTo(4);
        assertThat(tmp.resolve("checkpoint.tmp")).doesNotExist();
        assertThat(tmp.resolve("checkpoint.old")).doesNotExist();
    }

    /** Damaged histories and checkpoint values are refused before anything is written. */
    @Test
    void resumeRefusesADamagedHistoryOrCheckpointAndChangesNothing(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=20", "training.optimizer=ADAM");
        Path run = tmp.resolve("run");
        HeadlessRun.start(c, run, false).run(() -> false, p -> { });
        Path metrics = run.resolve("metrics.csv");
        Path state = run.resolve("checkpoint/state.json");
        List<String> rows = Files.readAllLines(metrics);
        String goodState = Files.readString(state);
        java.util.function.Consumer<String> refused = why -> {
            byte[][] before;
            try {
                before = new byte[][] {Files.readAllBytes(run.resolve("config.json")), Files.readAllBytes(metrics)};
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertThatThrownBy(() -> HeadlessRun.resume(run, 30, List.of()).run(() -> false, p -> { })).as(why)
                    .isInstanceOf(java.io.IOException.class);
            try {
                assertThat(Files.readAllBytes(run.resolve("config.json"))).as(why).isEqualTo(before[0]);
                assertThat(Files.readAllBytes(metrics)).as(why).isEqualTo(before[1]);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        };
        List<String> gap = new java.util.ArrayList<>(rows.subList(0, 11));
        gap.addAll(rows.subList(21, rows.size()));
        Files.write(metrics, gap);
        refused.accept("rows 11–20 deleted");
        List<String> twice = new java.util.ArrayList<>(rows);
        twice.addAll(rows.subList(1, rows.size()));
        Files.write(metrics, twice);
        refused.accept("rows appended twice");
        Files.write(metrics, rows);
        Files.writeString(state, goodState.replace("\"step\" : 20", "\"step\" : 25"));
        refused.accept("state.json's step edited to 25");
        for (String bad : List.of("-1.0", "1.0E308", "\"NaN\"")) {
            Files.writeString(state, goodState.replaceFirst("\"learningRate\" : [^,]+", "\"learningRate\" : " + bad));
            refused.accept("learning rate " + bad);
        }
        Files.writeString(state, goodState.replaceFirst("\"optimizerSteps\" : \\d+", "\"optimizerSteps\" : -3"));
        refused.accept("negative optimizer steps");
        Files.writeString(state, goodState);
        Path second = run.resolve("checkpoint/second_moment.npy");
        double[] v = Npy.read(second).data();
        v[0] = -1;
        Npy.write(second, new int[] {v.length}, v);
        refused.accept("a negative second moment");
        v[0] = 0;
        Npy.write(second, new int[] {v.length}, v);
        HeadlessRun.resume(run, 30, List.of()).run(() -> false, p -> { });
        assertThat(new RunDirectory(run).readMetrics()).hasSize(30);
    }

    @Test
    void aRunThatIsTrainingLocksItsDirectoryAgainstASecondWriter(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=4");
        HeadlessRun.start(c, tmp, false).run(() -> false, p -> { });
        byte[] config = Files.readAllBytes(tmp.resolve("config.json"));
        String holder = "process " + ProcessHandle.current().pid() + " (a test)";
        try (java.io.Closeable held = new RunDirectory(tmp).lock("a test")) {
            assertThatThrownBy(() -> HeadlessRun.resume(tmp, 8, List.of()).run(() -> false, p -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in use by " + holder);
            assertThatThrownBy(() -> RunDirectory.create(tmp, true)).hasMessageContaining("in use by " + holder);
            assertThat(Files.readAllBytes(tmp.resolve("config.json"))).isEqualTo(config);
            assertThat(new RunDirectory(tmp).readCheckpoint().step()).isEqualTo(4);
        }
        HeadlessRun.resume(tmp, 8, List.of()).run(() -> false, p -> { });
        assertThat(new RunDirectory(tmp).readCheckpoint().step()).isEqualTo(8);
    }

    @Test
    void aSetUpKilledBeforeItsFirstCheckpointIsTakenOverByANewRun(@TempDir Path tmp) throws Exception {
        RunDirectory.create(tmp, false);
        assertThat(tmp.resolve(RunDirectory.MANIFEST)).exists();
        assertThatThrownBy(() -> HeadlessRun.resume(tmp, 0, List.of())).hasMessageContaining("has no checkpoint")
                .hasMessageContaining("train --out " + tmp);
        SessionConfig c = TrainingSessionTest.tiny("training.steps=2");
        HeadlessRun.start(c, tmp, false).run(() -> false, p -> { });
        assertThat(new RunDirectory(tmp).readCheckpoint().step()).isEqualTo(2);

        // Killed at the very first rename: only the manifest's temporary file (and the lock) left.
        Path killed = tmp.resolve("killed");
        Files.createDirectories(killed);
        Files.writeString(killed.resolve("." + RunDirectory.MANIFEST + "123.tmp"), "{\"app\"");
        Files.writeString(killed.resolve(FolderLock.NAME), "");
        HeadlessRun.start(c, killed, false).run(() -> false, p -> { });
        assertThat(new RunDirectory(killed).readCheckpoint().step()).isEqualTo(2);
        try (var files = Files.list(killed)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void damagedCheckpointsAreRefusedWithTheFileNamed(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=3");
        HeadlessRun.start(c, tmp, false).run(() -> false, p -> { });
        Path params = tmp.resolve("checkpoint/parameters.npy");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> new RunDirectory(tmp).readCheckpoint()).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("parameters.npy").hasMessageContaining("truncated");
        Files.write(params, bytes);
        Path state = tmp.resolve("checkpoint/state.json");
        String json = Files.readString(state);
        Files.writeString(state, json.replaceFirst("\"width\"", "\"breadth\""));
        assertThatThrownBy(() -> new RunDirectory(tmp).readCheckpoint()).hasMessageContaining("\"width\"");
        Files.writeString(state, "");
        assertThatThrownBy(() -> new RunDirectory(tmp).readCheckpoint()).hasMessageContaining("state.json");
    }

    @Test
    void resumeRefusesATotalBelowTheCheckpoint(@TempDir Path tmp) throws Exception {
        HeadlessRun.start(TrainingSessionTest.tiny("training.steps=8"), tmp, false).run(() -> false, p -> { });
        assertThatThrownBy(() -> HeadlessRun.resume(tmp, 4, List.of())).hasMessageContaining("below the checkpoint's step 8");
    }

    @Test
    void resumeTakesLiveSettingsAndRecordsThemAfterTheEarlierEvents(@TempDir Path tmp) throws Exception {
        HeadlessRun.start(TrainingSessionTest.tiny("training.steps=5"), tmp, false).run(() -> false, p -> { });
        HeadlessRun.resume(tmp, 8, List.of("training.learningRate=0.0005", "noise.alpha=1.5")).run(() -> false, p -> { });
        RunDirectory dir = new RunDirectory(tmp);
        assertThat(dir.readEvents()).extracting(SessionEvent::kind)
                .contains(SessionEvent.Kind.LEARNING_RATE, SessionEvent.Kind.ALPHA);
        assertThat(dir.readCheckpoint().learner().learningRate()).isEqualTo(0.0005);
        assertThat(dir.readMetrics()).hasSize(8);
        assertThat(dir.readMetrics().get(7).learningRate()).isEqualTo(0.0005);
        assertThatThrownBy(() -> HeadlessRun.resume(tmp, 10, List.of("model.width=9")))
                .hasMessageContaining("live settings");
    }
}
