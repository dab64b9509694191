package org.timescalelab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @Test
    void resumeContinuesBitIdentically(@TempDir Path tmp) throws Exception {
        SessionConfig c = TrainingSessionTest.tiny("training.steps=16", "noise.updateScale=0.3",
                "noise.alpha=1.5", "training.optimizer=ADAM");
        HeadlessRun.Result full = HeadlessRun.start(c, tmp.resolve("full")).run(() -> false, p -> { });
        assertThat(full.state()).isEqualTo(SessionState.FINISHED);

        HeadlessRun.start(c.withSteps(7), tmp.resolve("part")).run(() -> false, p -> { });
        HeadlessRun.resume(tmp.resolve("part"), 16).run(() -> false, p -> { });

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
        HeadlessRun.Result r = HeadlessRun.start(c, tmp).run(() -> ++calls[0] > 5, p -> { });
        assertThat(r.step()).isBetween(1L, 10L);
        RunDirectory dir = new RunDirectory(tmp);
        assertThat(dir.readMetrics()).hasSize((int) r.step());
        assertThat(dir.readCheckpoint().step()).isEqualTo(r.step());
        assertThat(dir.readConfig()).isEqualTo(c.resolved());
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.json", "metrics.csv", "events.csv", "checkpoint");
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
}
