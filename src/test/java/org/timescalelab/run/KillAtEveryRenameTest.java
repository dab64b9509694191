package org.timescalelab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.TrainingSessionTest;

/**
 * The commit protocol under a kill at every rename a run makes, followed by a second kill of the
 * resume: in-process, with {@link AtomicFiles.Death} standing in for the SIGKILL that
 * {@code src/test/scripts/kill-at-every-rename.sh} injects with strace into real processes.
 * After both kills the command the app names (resume, or a new run for a set-up that had no
 * checkpoint yet) must finish the run with the parameters and rows of a run never killed.
 */
class KillAtEveryRenameTest {

    private static final SessionConfig CONFIG = TrainingSessionTest.tiny("training.steps=12", "engine.checkpointEvery=3",
            "engine.logEvery=1", "diagnostics.every=6", "diagnostics.sequences=16", "diagnostics.envelopeSequences=4",
            "diagnostics.directions=2", "diagnostics.bootstrap=0", "diagnostics.gradientSamples=0");

    @AfterEach
    void disarm() {
        AtomicFiles.Death.arm(0);
    }

    @Test
    void everyDoubleKillResumesToTheRunThatWasNeverKilled(@TempDir Path tmp) throws Exception {
        Path reference = tmp.resolve("reference");
        AtomicFiles.Death.arm(Integer.MAX_VALUE);
        HeadlessRun.start(CONFIG, reference, false).run(() -> false, p -> { });
        int renames = AtomicFiles.Death.renames();
        AtomicFiles.Death.arm(0);
        assertThat(renames).as("renames of the reference run").isGreaterThan(30);
        double[] parameters = new RunDirectory(reference).readCheckpoint().learner().parameters();
        List<String> rows = rows(reference);
        assertThat(rows).hasSize(12);

        int kills = 0;
        for (int first = 1; first <= renames; first++) {
            for (int second : new int[] {1 + first % 7, 12 - first % 5}) {
                Path run = tmp.resolve("k" + first + "-" + second);
                kills += killedAt(first, () -> HeadlessRun.start(CONFIG, run, false).run(() -> false, p -> { }));
                kills += killedAt(second, () -> HeadlessRun.resume(run, 0, List.of()).run(() -> false, p -> { }));
                try {
                    HeadlessRun.resume(run, 0, List.of()).run(() -> false, p -> { });
                } catch (IOException e) {
                    assertThat(e.getMessage()).as("killed at %d then %d", first, second).contains("has no checkpoint",
                            "train --out");
                    HeadlessRun.start(CONFIG, run, false).run(() -> false, p -> { });
                }
                String what = "killed at rename " + first + ", then its resume at rename " + second;
                assertThat(new RunDirectory(run).readCheckpoint().learner().parameters()).as(what).isEqualTo(parameters);
                assertThat(rows(run)).as(what).isEqualTo(rows);
            }
        }
        assertThat(kills).as("kills that happened").isGreaterThan(2 * renames * 3 / 4);
    }

    private interface Action {
        void run() throws IOException;
    }

    /** 1 when the action died at its {@code n}-th rename, 0 when it ended first. */
    private static int killedAt(int n, Action action) throws IOException {
        AtomicFiles.Death.arm(n);
        try {
            action.run();
            return 0;
        } catch (AtomicFiles.Killed e) {
            return 1;
        } catch (IOException e) {
            // A resume of a set-up killed before its first checkpoint: refused, as it should be.
            assertThat(e.getMessage()).contains("has no checkpoint");
            return 0;
        } finally {
            AtomicFiles.Death.arm(0);
        }
    }

    /** metrics.csv's rows without the wall-clock speed. */
    private static List<String> rows(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (MetricsRow r : new RunDirectory(run).readMetrics()) {
            List<String> f = new ArrayList<>(r.fields());
            f.remove(MetricsRow.header(0).indexOf("steps_per_sec"));
            out.add(String.join(",", f));
        }
        return out;
    }
}
