package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A small grid over λ/κ × b (Exp jumps, σ = 0) against the analytic boundaries of THEORY.md §5. */
class PhaseDiagramTest {

    @Test
    void cellsFallOnTheRightSideOfTheAnalyticBoundaries() {
        TimescaleSde.Params base = new TimescaleSde.Params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0, 1,
                TimescaleSde.Jumps.EXPONENTIAL, 2, 1.5, 1, 0);
        TimescaleSde.Settings s = new TimescaleSde.Settings(4000, 0.01, 2, 60, 0.02, 3);
        PhaseDiagram.Range x = new PhaseDiagram.Range(PhaseDiagram.Axis.LAMBDA_OVER_KAPPA, 0.2, 2.6, 4);
        PhaseDiagram.Range y = new PhaseDiagram.Range(PhaseDiagram.Axis.B, 1.5, 3.0, 3);
        List<PhaseDiagram.Cell> seen = new ArrayList<>();
        List<PhaseDiagram.Cell> cells = PhaseDiagram.compute(base, x, y, s, seen::add, () -> false);
        assertThat(cells).hasSize(12).isEqualTo(seen);
        for (PhaseDiagram.Cell c : cells) {
            double lk = c.x();
            double b = c.y();
            if (lk >= b) {
                assertThat(c.betaHat()).as("λ/κ=%s b=%s: no stationary law", lk, b).isNaN();
                assertThat(c.rho()).isGreaterThanOrEqualTo(1);
            } else if (lk < b - 1.3) {
                assertThat(c.betaHat()).as("λ/κ=%s b=%s: concentrated", lk, b).isGreaterThan(1);
            } else if (lk > b - 0.7) {
                assertThat(c.betaHat()).as("λ/κ=%s b=%s: broad", lk, b).isLessThan(1);
            }
        }
    }

    @Test
    void cancelStopsBetweenCells() {
        TimescaleSde.Params base = new TimescaleSde.Params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0, 1,
                TimescaleSde.Jumps.EXPONENTIAL, 2, 1.5, 1, 0);
        TimescaleSde.Settings s = new TimescaleSde.Settings(1000, 0.01, 1, 5, 0.05, 3);
        PhaseDiagram.Range x = new PhaseDiagram.Range(PhaseDiagram.Axis.LAMBDA_OVER_KAPPA, 0.2, 1.0, 5);
        PhaseDiagram.Range y = new PhaseDiagram.Range(PhaseDiagram.Axis.B, 1.5, 3.0, 5);
        List<PhaseDiagram.Cell> seen = new ArrayList<>();
        List<PhaseDiagram.Cell> cells = PhaseDiagram.compute(base, x, y, s, seen::add, () -> seen.size() >= 3);
        assertThat(cells).hasSize(3);
    }
}
