package org.timescalelab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlotTest {

    /** Rows with val_loss = x + 10·y + seed/10 at each (x, y), and one failed run at the last cell. */
    static List<SweepRow> rows(SweepSpec spec) {
        List<SweepRow> out = new ArrayList<>();
        for (SweepSpec.Run run : spec.runs()) {
            double x = Double.parseDouble(run.values().get(0));
            double y = Double.parseDouble(run.values().get(1));
            if (run.cell() == spec.cells() - 1 && run.seed() == 1) {
                out.add(SweepRow.failed(run, 2, "test", 0));
                continue;
            }
            out.add(new SweepRow(run.cell(), run.seed(), run.values(), SweepRow.OK, "", 12, 1, x + 10 * y + run.seed() / 10.0,
                    new double[] {1, 2}, "power", 0.5, 0, 0.9, 1.2, 1, 1.4, 1.8, 1));
        }
        return out;
    }

    static SweepSpec spec() {
        return SweepFixtures.tiny("{\"field\": \"training.learningRate\", \"values\": [0.001, 0.01, 0.1]},"
                + "{\"field\": \"noise.alpha\", \"values\": [1.5, 2.0]}", 3);
    }

    @Test
    void theGridAveragesFiniteValuesOverSeedsPerCell() {
        SweepSpec spec = spec();
        SweepGrid g = SweepGrid.of(spec, rows(spec), "val_loss", "training.learningRate", "noise.alpha");
        assertThat(g.mean()).hasDimensions(2, 3);
        assertThat(g.mean()[0][1]).isCloseTo(0.01 + 15 + 0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(g.low()[1][0]).isCloseTo(0.001 + 20, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(g.high()[1][0]).isCloseTo(0.001 + 20 + 0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(g.count()[1][2]).isEqualTo(2);
        assertThat(g.runs()[1][2]).isEqualTo(3);
        assertThat(g.mean()[1][2]).isCloseTo(0.1 + 20 + 0.1, org.assertj.core.data.Offset.offset(1e-12));

        SweepGrid pooled = SweepGrid.of(spec, rows(spec), "val_loss", "training.learningRate", null);
        assertThat(pooled.pooled()).containsExactly("noise.alpha");
        assertThat(pooled.mean()[0][0]).isCloseTo(0.001 + 17.5 + 0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> SweepGrid.of(spec, rows(spec), "val_loss", "model.width", null))
                .hasMessageContaining("not an axis");
    }

    @Test
    void theReportWritesAHeatmapWhoseHottestCellIsTheLargestMean(@TempDir Path tmp) throws Exception {
        SweepSpec spec = spec();
        SweepDirectory dir = SweepDirectory.open(tmp, spec);
        for (SweepRow r : rows(spec)) {
            dir.record(r);
        }
        dir.flush();
        List<Path> files = SweepPlot.report(SweepDirectory.read(tmp), List.of("val_loss"), null, null, tmp);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "report-val_loss-training_learningRate-noise_alpha.png",
                "report-val_loss-training_learningRate-by-noise_alpha-lines.png");
        BufferedImage heat = ImageIO.read(files.get(0).toFile());
        assertThat(heat.getWidth()).isEqualTo(900);
        // Top-right cell (lr 0.1, α 2.0) holds the largest mean: viridis' yellow end; bottom-left the smallest.
        int hot = heat.getRGB(110 + 640 * 5 / 6 - 60, 64 + 10);
        int cold = heat.getRGB(110 + 10, 600 - 80 - 10);
        assertThat(hot & 0xffffff).isEqualTo(SweepPlot.viridis(1).getRGB() & 0xffffff);
        assertThat(cold & 0xffffff).isEqualTo(SweepPlot.viridis(0).getRGB() & 0xffffff);
        assertThat(ImageIO.read(files.get(1).toFile()).getHeight()).isEqualTo(600);
    }

    @Test
    void axisValuesAreLabelledToThreeSignificantDigits() {
        assertThat(SweepPlot.label("9.654893846056302E-4")).isEqualTo("9.65e-4");
        assertThat(SweepPlot.label("3.0E-4")).isEqualTo("3e-4");
        assertThat(SweepPlot.label("0.00310723250595386")).isEqualTo("0.00311");
        assertThat(SweepPlot.label("0.01")).isEqualTo("0.01");
        assertThat(SweepPlot.label("2.0")).isEqualTo("2");
        assertThat(SweepPlot.label("128")).isEqualTo("128");
        assertThat(SweepPlot.label("150000")).isEqualTo("1.5e5");
        assertThat(SweepPlot.label("GRU")).isEqualTo("GRU");
        assertThat(SweepPlot.describe("h_n_10000")).isEqualTo("H_N at N = 10000");
    }
}
