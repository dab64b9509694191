package org.timescalelab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.config.ConfigException;
import org.timescalelab.run.HeadlessRun;
import org.timescalelab.session.DiagnosticsReport;

class LocalSweepTest {

    static List<String> reproducible(List<SweepRow> rows) {
        return rows.stream().map(SweepRow::reproducibleCsv).toList();
    }

    @Test
    void everyRunGetsARowWithItsDiagnosticsAndTheRowsMatchASingleRun(@TempDir Path tmp) throws Exception {
        SweepSpec spec = SweepFixtures.twoByTwo(2);
        SweepDirectory dir = SweepDirectory.open(tmp, spec);
        List<SweepProgress> seen = new ArrayList<>();
        SweepProgress end = new LocalSweep(dir, 2, false, false).run(() -> false, seen::add);
        assertThat(end.done()).isEqualTo(8);
        assertThat(end.total()).isEqualTo(8);
        assertThat(seen.get(seen.size() - 1).done()).isEqualTo(8);
        List<SweepRow> rows = SweepDirectory.read(tmp).rows();
        assertThat(rows).hasSize(8);
        for (SweepRow r : rows) {
            assertThat(r.status()).isEqualTo(SweepRow.OK);
            assertThat(r.steps()).isEqualTo(12);
            assertThat(r.envelopeClass()).isNotEmpty();
            assertThat(r.windows()[1]).isGreaterThanOrEqualTo(r.windows()[0]);
            assertThat(r.alphaMedian()).isBetween(0.5, 2.5);
        }
        // Independent truth: the same run trained alone, outside any sweep.
        SweepSpec.Run third = spec.runs().get(3);
        HeadlessRun alone = HeadlessRun.inMemory(spec.config(third)).withFinalDiagnostics();
        HeadlessRun.Result result = alone.run(() -> false, p -> { });
        DiagnosticsReport report = alone.lastDiagnostics();
        SweepRow row = rows.get(3);
        assertThat(row.values()).containsExactly("0.001", "2.0");
        assertThat(row.seed()).isEqualTo(1);
        assertThat(row.trainLoss()).isEqualTo(result.trainLoss());
        assertThat(row.valLoss()).isEqualTo(result.valLoss());
        assertThat(row.windows()[1]).isEqualTo(report.windowAt(10000));
        assertThat(row.betaHat()).isEqualTo(report.spectrum().beta(), org.assertj.core.api.Assertions.offset(0.0));
        assertThat(row.alphaMedian()).isEqualTo(report.medianAlpha());
        assertThat(Files.readString(tmp.resolve("sweep.csv"))).isEqualTo(SweepDirectory.csv(spec, rows));
    }

    @Test
    void anInterruptedSweepResumesWithoutRerunningFinishedRuns(@TempDir Path tmp) throws Exception {
        SweepSpec spec = SweepFixtures.twoByTwo(1);
        SweepDirectory first = SweepDirectory.open(tmp.resolve("a"), spec);
        AtomicBoolean stop = new AtomicBoolean();
        SweepProgress partial = new LocalSweep(first, 1, false, false).run(stop::get, p -> {
            if (p.done() >= 2) {
                stop.set(true);
            }
        });
        assertThat(partial.done()).isEqualTo(2);
        List<SweepRow> before = SweepDirectory.read(tmp.resolve("a")).rows();

        SweepDirectory again = SweepDirectory.open(tmp.resolve("a"), spec);
        assertThat(again.pending(false)).hasSize(2);
        SweepProgress end = new LocalSweep(again, 2, false, false).run(() -> false, p -> { });
        assertThat(end.done()).isEqualTo(4);
        List<SweepRow> after = SweepDirectory.read(tmp.resolve("a")).rows();
        assertThat(after.subList(0, 2)).isEqualTo(before);

        SweepDirectory fresh = SweepDirectory.open(tmp.resolve("b"), spec);
        new LocalSweep(fresh, 2, false, false).run(() -> false, p -> { });
        assertThat(reproducible(after)).isEqualTo(reproducible(fresh.rows()));
    }

    @Test
    void badCombinationsAndDivergenceAreRecordedAndTheSweepGoesOn(@TempDir Path tmp) throws Exception {
        SweepSpec spec = SweepFixtures.tiny("{\"field\": \"task.sequenceLength\", \"values\": [24, 6]},"
                + "{\"field\": \"task.lags\", \"values\": [[2, 4], [8, 16]]},"
                + "{\"field\": \"training.optimizer\", \"values\": [\"ADAM\", \"SGD\"]},"
                + "{\"field\": \"training.learningRate\", \"values\": [0.001, 10]},"
                + "{\"field\": \"model.dtype\", \"values\": [\"FLOAT32\"]}, {\"field\": \"training.steps\", \"values\": [40]}", 1);
        SweepDirectory dir = SweepDirectory.open(tmp, spec);
        SweepProgress end = new LocalSweep(dir, 2, false, false).run(() -> false, p -> { });
        assertThat(end.done()).isEqualTo(16);
        List<SweepRow> rows = dir.rows();
        SweepRow bad = rows.stream().filter(r -> r.values().get(0).equals("6") && r.values().get(1).equals("8,16"))
                .findFirst().orElseThrow();
        assertThat(bad.status()).isEqualTo(SweepRow.FAILED);
        assertThat(bad.reason()).contains("task.lags").contains("1..5");
        SweepRow diverged = rows.stream().filter(r -> r.values().equals(List.of("24", "2,4", "SGD", "10", "FLOAT32", "40")))
                .findFirst().orElseThrow();
        assertThat(diverged.status()).isEqualTo(SweepRow.DIVERGED);
        assertThat(diverged.reason()).containsAnyOf("became", "above 1000× the loss of a network that outputs zero");
        assertThat(rows.stream().filter(r -> r.status().equals(SweepRow.OK))).isNotEmpty();
        assertThat(end.failed()).isEqualTo((int) rows.stream().filter(r -> r.status().equals(SweepRow.FAILED)).count());
    }

    @Test
    void aFolderOfAnotherSweepIsRefused(@TempDir Path tmp) throws IOException {
        SweepDirectory.open(tmp, SweepFixtures.twoByTwo(1));
        assertThatThrownBy(() -> SweepDirectory.open(tmp, SweepFixtures.twoByTwo(2)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("different sweep");
    }

    @Test
    void rowsSurviveTheCsvRoundTripEvenWithCommasInTheReason() {
        SweepSpec spec = SweepFixtures.twoByTwo(1);
        SweepRow r = SweepRow.failed(spec.runs().get(1), 2, "task.lags = 8, 16 is \"not\" allowed:\n expected 1..5", 0.25);
        SweepRow back = SweepRow.parse(r.toCsv(), 2, 2);
        assertThat(back).isEqualTo(r);
        assertThat(back.reason()).isEqualTo("task.lags = 8, 16 is \"not\" allowed: expected 1..5");
    }

    @Test
    void theFirstRowIsWrittenAtOnceAndEveryRowByFlush(@TempDir Path tmp) throws IOException {
        SweepSpec spec = SweepFixtures.twoByTwo(1);
        SweepDirectory dir = SweepDirectory.open(tmp, spec);
        SweepRow first = SweepRow.failed(spec.runs().get(0), 2, "first", 0.1);
        SweepRow second = SweepRow.failed(spec.runs().get(1), 2, "second", 0.1);
        dir.record(first);
        assertThat(SweepDirectory.read(tmp).rows()).contains(first);
        dir.record(second);
        dir.flush();
        assertThat(SweepDirectory.read(tmp).rows()).containsExactly(first, second);
    }
}
