package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * The one-scan quartile spread of a count-weighted sample against Commons Math on the expanded
 * sample; the primitive index sort and the blocked count sums against direct loops.
 */
class LagSignalTest {

    @Test
    void quartileSpreadOfCountsMatchesThePercentilesOfTheExpandedSample() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rng.nextInt(60);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextDouble() - 0.5;
            }
            Arrays.sort(v);
            int[] w = new int[n];
            for (int i = 0; i < n; i++) {
                w[rng.nextInt(n)]++;
            }
            double[] expanded = new double[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < w[i]; c++) {
                    expanded[k++] = v[i];
                }
            }
            Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
            p.setData(expanded);
            assertThat(LagSignal.quartileSpread(v, w, n)).isCloseTo(p.evaluate(75) - p.evaluate(25),
                    org.assertj.core.api.Assertions.offset(1e-12));
        }
    }

    @Test
    void sortedOrderIsAStableSortByKey() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(6);
        for (int trial = 0; trial < 50; trial++) {
            int n = rng.nextInt(300);
            // Few distinct keys, so ties are common.
            double[] key = new double[n];
            for (int i = 0; i < n; i++) {
                key[i] = rng.nextInt(7) - 3;
            }
            int[] indices = java.util.stream.IntStream.range(0, n).filter(i -> i % 5 != 0).toArray();
            Integer[] boxed = Arrays.stream(indices).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, (x, y) -> Double.compare(key[x], key[y]));
            assertThat(LagSignal.sortedOrder(indices, i -> key[i]))
                    .containsExactly(Arrays.stream(boxed).mapToInt(Integer::intValue).toArray());
        }
    }

    @Test
    void countSumsMatchADrawAtATimeLoop() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7);
        int n = 37;
        int cols = 11;
        double[][] rows = new double[n][cols];
        for (double[] row : rows) {
            for (int j = 0; j < cols; j++) {
                row[j] = rng.nextDouble() - 0.5;
            }
        }
        int[][] counts = new int[19][n];
        for (int[] c : counts) {
            for (int i = 0; i < n; i++) {
                c[rng.nextInt(n)]++;
            }
        }
        double[][] sums = CountSums.of(counts, rows);
        for (int d = 0; d < counts.length; d++) {
            for (int j = 0; j < cols; j++) {
                double expected = 0;
                for (int i = 0; i < n; i++) {
                    expected += counts[d][i] * rows[i][j];
                }
                assertThat(sums[d][j]).isCloseTo(expected, org.assertj.core.api.Assertions.offset(1e-12));
            }
        }
    }

    /** ψ's sums skip a non-finite term and count only the finite ones, against direct loops. */
    @Test
    void sumsOfPsiSkipNonFiniteTermsAndCountTheRest() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(8);
        int n = 23;
        double[][][] psi = new double[n][3][5];
        for (double[][] seq : psi) {
            for (double[] dir : seq) {
                for (int l = 0; l < dir.length; l++) {
                    dir[l] = rng.nextDouble() - 0.5;
                }
            }
        }
        psi[4][1][2] = Double.NaN;
        psi[9][2][0] = Double.POSITIVE_INFINITY;
        int[][] counts = new int[11][n];
        for (int[] c : counts) {
            for (int i = 0; i < n; i++) {
                c[rng.nextInt(n)]++;
            }
        }
        LagSignal.Sums sums = LagSignal.sums(psi, counts);
        assertThat(sums.finite()).isNotNull();
        for (int r = 0; r < counts.length; r++) {
            for (int d = 0; d < 3; d++) {
                for (int l = 0; l < 5; l++) {
                    double sum = 0;
                    long finite = 0;
                    for (int i = 0; i < n; i++) {
                        if (Double.isFinite(psi[i][d][l])) {
                            sum += counts[r][i] * psi[i][d][l];
                            finite += counts[r][i];
                        }
                    }
                    assertThat(sums.values()[r][d * 5 + l]).isCloseTo(sum, org.assertj.core.api.Assertions.offset(1e-12));
                    assertThat(sums.finite()[r][d * 5 + l]).isEqualTo((double) finite);
                }
            }
        }
        psi[4][1][2] = 0;
        psi[9][2][0] = 0;
        assertThat(LagSignal.sums(psi, counts).finite()).as("all finite: no second product").isNull();
    }
}
