package org.timescalelab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** The pair share of {@link Redraw}, counted by hand on small cases. */
class RedrawTest {

    @Test
    void pairShareCountsOrderedPairsWithOneValueInsideTheOthersInterval() {
        // Draw 0 = 1 in [0, 2], draw 1 = 3 in [2.5, 3.5], draw 2 = 2 in [1.5, 2.5].
        // Pairs (i in j): (0 in 1) no, (0 in 2) no, (1 in 0) no, (1 in 2) no, (2 in 0) yes, (2 in 1) no.
        double share = Redraw.pairShare(new double[] {1, 3, 2}, new double[] {0, 2.5, 1.5}, new double[] {2, 3.5, 2.5});
        assertThat(share).isCloseTo(1.0 / 6, offset(1e-12));
    }

    @Test
    void aValueMissingInOneDrawIsOutsideEveryIntervalAndHoldsNone() {
        // Draw 1 has no value (another class): of the 2 pairs of draws 0 and 2 both hold; the 4 with draw 1 do not.
        double share = Redraw.pairShare(new double[] {1, Double.NaN, 1.1}, new double[] {0, 0, 0},
                new double[] {2, 2, 2});
        assertThat(share).isCloseTo(2.0 / 6, offset(1e-12));
    }

    @Test
    void anOpenUpperEndHoldsEveryLargerValue() {
        double share = Redraw.pairShare(new double[] {100, 120}, new double[] {90, 110},
                new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
        assertThat(share).isCloseTo(0.5, offset(1e-12));
    }

    @Test
    void fewerThanTwoDrawsHaveNoShare() {
        assertThat(Redraw.pairShare(new double[] {1}, new double[] {0}, new double[] {2})).isNaN();
    }
}
