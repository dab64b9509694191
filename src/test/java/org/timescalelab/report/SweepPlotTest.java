package org.timescalelab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepFixtures;
import org.timescalelab.sweep.SweepGrid;
import org.timescalelab.sweep.SweepRow;
import org.timescalelab.sweep.SweepSpec;

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
        BufferedImage written = ImageIO.read(files.get(0).toFile());
        assertThat(written.getWidth()).isEqualTo(SweepPlot.WIDTH);
        assertThat(ImageIO.read(files.get(1).toFile()).getHeight()).isEqualTo(SweepPlot.HEIGHT);

        // Render the same figure with its layout recorded, to find each cell on the canvas.
        SweepGrid g = SweepGrid.of(spec, rows(spec), "val_loss", "training.learningRate", "noise.alpha");
        org.jfree.chart.JFreeChart chart = SweepPlot.heatmap(g, "t");
        org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
        BufferedImage heat = chart.createBufferedImage(SweepPlot.WIDTH, SweepPlot.HEIGHT, BufferedImage.TYPE_INT_RGB, info);
        assertThat(heat.getRGB(SweepPlot.WIDTH / 2, 2)).isEqualTo(written.getRGB(SweepPlot.WIDTH / 2, 2));
        java.awt.geom.Rectangle2D area = info.getPlotInfo().getDataArea();
        org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
        // A point in cell (i, j), off its centre where the value is written.
        java.util.function.BiFunction<Integer, Integer, Integer> pixel = (i, j) -> heat.getRGB(
                (int) plot.getDomainAxis().valueToJava2D(i - 0.35, area, plot.getDomainAxisEdge()),
                (int) plot.getRangeAxis().valueToJava2D(j - 0.35, area, plot.getRangeAxisEdge())) & 0xffffff;
        // (lr 0.1, α 2.0) holds the largest mean: viridis' yellow end; (lr 0.001, α 1.5) the smallest: its purple end.
        assertThat(pixel.apply(2, 1)).isEqualTo(org.timescalelab.style.Palette.viridis(1));
        assertThat(pixel.apply(0, 0)).isEqualTo(org.timescalelab.style.Palette.viridis(0));
        int middle = pixel.apply(1, 0);
        assertThat(middle).isNotIn(org.timescalelab.style.Palette.viridis(0), org.timescalelab.style.Palette.viridis(1));
    }

    @Test
    void axisValuesAreLabelledToThreeSignificantDigits() {
        assertThat(SweepGrid.label("9.654893846056302E-4")).isEqualTo("9.65e-4");
        assertThat(SweepGrid.label("3.0E-4")).isEqualTo("3e-4");
        assertThat(SweepGrid.label("0.00310723250595386")).isEqualTo("0.00311");
        assertThat(SweepGrid.label("0.01")).isEqualTo("0.01");
        assertThat(SweepGrid.label("2.0")).isEqualTo("2");
        assertThat(SweepGrid.label("128")).isEqualTo("128");
        assertThat(SweepGrid.label("150000")).isEqualTo("1.5e5");
        assertThat(SweepGrid.label("GRU")).isEqualTo("GRU");
        assertThat(SweepGrid.describe("h_n_10000")).isEqualTo("H_N at N = 10000");
        assertThat(SweepGrid.describe("h_n_10000000")).as("a large power of ten reads as one").isEqualTo("H_N at N = 10⁷");
        assertThat(SweepGrid.describe("h_n_25000000")).isEqualTo("H_N at N = 25000000");
    }
}
