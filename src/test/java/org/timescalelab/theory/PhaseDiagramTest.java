package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A small grid over λ/κ × b (Exp jumps, σ = 0) against the analytic boundaries of docs/timescale-sde.md. */
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

    @Test
    void theBetaOneBoundaryIsWhereTheRootConditionGivesBetaOne() {
        // With diffusion the β = 1 line moves; a point on it must have predicted β = 1 (Brent root
        // of the full condition) and a point on the ρ = 1 line load exactly 1.
        TimescaleSde.Params base = new TimescaleSde.Params(TimescaleSde.Drift.CONSTANT, 1.5, 1, 0, 0.8, 1,
                TimescaleSde.Jumps.EXPONENTIAL, 2, 1.5, 1, 0);
        PhaseDiagram.Range x = new PhaseDiagram.Range(PhaseDiagram.Axis.B, 1.5, 4, 5);
        PhaseDiagram.Range y = new PhaseDiagram.Range(PhaseDiagram.Axis.LAMBDA_OVER_KAPPA, 0.1, 3, 5);
        List<PhaseDiagram.Boundary> lines = PhaseDiagram.boundaries(base, x, y);
        assertThat(lines).extracting(PhaseDiagram.Boundary::label).containsExactly("ρ = 1", "β = 1");
        for (PhaseDiagram.Boundary line : lines) {
            double b = 0.5 * (line.x0() + line.x1());
            double ratio = 0.5 * (line.y0() + line.y1());
            TimescaleSde.Params p = PhaseDiagram.at(PhaseDiagram.at(base, PhaseDiagram.Axis.B, b),
                    PhaseDiagram.Axis.LAMBDA_OVER_KAPPA, ratio);
            if (line.label().startsWith("ρ")) {
                assertThat(p.load()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
            } else {
                assertThat(p.predictedBeta()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        assertThat(PhaseDiagram.boundaries(base, new PhaseDiagram.Range(PhaseDiagram.Axis.SIGMA, 0, 1, 3), y)).isEmpty();
    }
}
