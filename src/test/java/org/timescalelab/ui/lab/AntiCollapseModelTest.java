package org.timescalelab.ui.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.timescalelab.theory.PhaseDiagram;
import org.timescalelab.ui.fx.TaskRunner;

/** The lab's model without a toolkit: the phase diagram through the task seam, its map and its failures. */
class AntiCollapseModelTest {

    private static AntiCollapseModel model(TaskRunner runner) {
        AntiCollapseModel m = new AntiCollapseModel(() -> null, List::of, runner);
        m.gridPointsProperty().set(3);
        m.phaseParticlesProperty().set(400);
        return m;
    }

    /** A phase diagram computed inline fills every cell, ends with a status, and maps each cell to its β̂. */
    @Test
    void aPhaseDiagramFillsTheGridAndItsMap() {
        AntiCollapseModel m = model(TaskRunner.inline());
        assertThat(m.computePhase()).isNull();
        assertThat(m.drain()).isTrue();
        assertThat(m.phaseRunningProperty().get()).isFalse();
        assertThat(m.phaseStatusProperty().get()).matches("9 cells in .* s");
        List<PhaseDiagram.Cell> cells = m.cells();
        assertThat(cells).hasSize(9);
        AntiCollapseModel.PhaseMap map = m.phaseMap();
        assertThat(map.values()).hasSize(9);
        assertThat(map.low()).isEqualTo(-1);
        for (int k = 0; k < 9; k++) {
            PhaseDiagram.Cell c = cells.get(k);
            // Cell k sits at column k mod 3, row k div 3 of the grid, from the axes' first values.
            assertThat(c.x()).isCloseTo(m.phaseX().value(k % 3), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(c.y()).isCloseTo(m.phaseY().value(k / 3), org.assertj.core.data.Offset.offset(1e-12));
            if (c.rho() >= 1 || !(c.betaHat() > 0)) {
                assertThat(map.values()[k]).as("no stationary law: no colour").isNaN();
            } else {
                assertThat(Math.pow(10, map.values()[k])).isCloseTo(c.betaHat(), org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        m.colouringProperty().set(AntiCollapseModel.Colouring.WINDOW);
        AntiCollapseModel.PhaseMap windows = m.phaseMap();
        assertThat(windows.low()).isZero();
        assertThat(windows.high()).isGreaterThanOrEqualTo(1);
        assertThat(windows.scale()).startsWith("H_N at N = ");
    }

    /** A phase diagram whose work fails reports the failure in its status and lets the live lab run again. */
    @Test
    void aFailedPhaseDiagramSaysWhy() {
        AntiCollapseModel m = model((work, done) -> done.accept(new IllegalStateException("out of particles")));
        assertThat(m.computePhase()).isNull();
        m.drain();
        assertThat(m.phaseRunningProperty().get()).isFalse();
        assertThat(m.phaseStatusProperty().get()).isEqualTo("failed: out of particles");
        assertThat(m.computePhase()).as("a new diagram may start").isNull();
    }
}
