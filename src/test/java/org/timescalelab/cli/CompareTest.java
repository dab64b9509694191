package org.timescalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.timescalelab.cli.CliTest.TINY;
import static org.timescalelab.cli.CliTest.cli;
import static org.timescalelab.cli.CliTest.with;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.run.FolderLock;
import org.timescalelab.sweep.SweepDirectory;

/** {@code compare}: the architectures trained on one task and budget, and saved runs, side by side. */
class CompareTest {

    private static final String[] PASS = {"--set", "diagnostics.sequences=16", "--set", "diagnostics.envelopeSequences=4",
        "--set", "diagnostics.bootstrap=50"};

    @Test
    void architecturesSideBySideTrainEveryArchitectureOnOneBudgetAndTabulateThem(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cmp");
        CliTest.Run r = cli(with(with(TINY, PASS), "compare", "--arch", "DIAG_GATE,GRU,LSTM", "--optimizer", "SGD,ADAM",
                "--steps", "6", "--parallel", "2", "--out", out.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
        assertThat(csv.get(0)).startsWith("run,architecture,optimizer,steps,val_loss,envelope_class,f_ratio_32,beta_hat");
        assertThat(csv).hasSize(1 + 6);
        assertThat(csv.subList(1, 7)).allMatch(l -> l.contains(",6,"));
        assertThat(csv.subList(1, 7)).extracting(l -> l.split(",")[1] + " " + l.split(",")[2]).containsExactlyInAnyOrder(
                "DIAG_GATE SGD", "DIAG_GATE ADAM", "GRU SGD", "GRU ADAM", "LSTM SGD", "LSTM ADAM");
        for (String png : new String[] {"compare-SGD.png", "compare-ADAM.png"}) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertThat(img.getWidth()).isEqualTo(1500);
        }
        assertThat(r.out()).contains("DIAG_GATE SGD").contains("Spearman ρ");
        // The same folder again: every run is done, nothing is retrained, the table is the same.
        CliTest.Run again = cli(with(with(TINY, PASS), "compare", "--arch", "DIAG_GATE,GRU,LSTM", "--optimizer", "SGD,ADAM",
                "--steps", "6", "--out", out.toString()));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("6 already done");
        assertThat(Files.readAllLines(out.resolve("compare.csv"))).isEqualTo(csv);
    }

    @Test
    void savedRunsAreComparedFromTheirLatestPass(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        for (Path run : List.of(a, b)) {
            CliTest.Run t = cli(with(with(TINY, PASS), "train", "--steps", "4", "--diagnostics-every", "2",
                    "--set", "seeds.model=" + (run == a ? 1 : 2), "--out", run.toString()));
            assertThat(t.code()).as(t.err()).isZero();
        }
        CliTest.Run r = cli("compare", "--runs", a.toString(), b.toString(), "--out", tmp.resolve("cmp").toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> csv = Files.readAllLines(tmp.resolve("cmp/compare.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).startsWith("a,DIAG_GATE,ADAM,4,");
        assertThat(Files.exists(tmp.resolve("cmp/compare.png"))).isTrue();
        CliTest.Run missing = cli("compare", "--runs", tmp.resolve("nowhere").toString(), "--out", tmp.resolve("x").toString());
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("nowhere");

        // Ours again: the same folder is rewritten. A user's folder with their own compare.csv or
        // sweep.csv is refused, untouched, by compare --runs, compare and sweep alike.
        assertThat(cli("compare", "--runs", a.toString(), b.toString(), "--out", tmp.resolve("cmp").toString()).code())
                .isZero();
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("compare.csv"), "mine");
        Files.writeString(mine.resolve("sweep.csv"), "mine");
        for (String[] args : List.of(new String[] {"compare", "--runs", a.toString(), "--out", mine.toString()},
                with(TINY, "compare", "--arch", "DIAG_GATE", "--steps", "2", "--out", mine.toString()))) {
            CliTest.Run refused = cli(args);
            assertThat(refused.code()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("not empty and was not written by Timescale Lab");
        }
        assertThat(Files.readString(mine.resolve("compare.csv"))).isEqualTo("mine");
        assertThat(Files.readString(mine.resolve("sweep.csv"))).isEqualTo("mine");
        try (var files = Files.list(mine)) {
            assertThat(files.count()).isEqualTo(2);
        }

        // One writer per output folder: a comparison or sweep another process writes is refused,
        // naming that process.
        Path busy = tmp.resolve("busy");
        Path sweep = tmp.resolve("s.json");
        Files.writeString(sweep, CliTest.TINY_SWEEP);
        try (FolderLock held = SweepDirectory.lock(busy, SweepDirectory.MARKER, "a test")) {
            for (String[] args : List.of(new String[] {"compare", "--runs", a.toString(), "--out", busy.toString()},
                    new String[] {"sweep", sweep.toString(), "--out", busy.toString()})) {
                CliTest.Run refused = cli(args);
                assertThat(refused.code()).as(refused.err()).isEqualTo(2);
                assertThat(refused.err()).contains("in use by process " + ProcessHandle.current().pid() + " (a test)");
            }
        }
        assertThat(busy.resolve("compare.csv")).doesNotExist();
        assertThat(busy.resolve("sweep.json")).doesNotExist();
    }
}
