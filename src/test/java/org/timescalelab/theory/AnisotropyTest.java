package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class AnisotropyTest {


    @Test
    void diagonalMatrixHasItsEntriesAsSingularValues() {
        double[][] m = new double[12][12];
        for (int i = 0; i < 12; i++) {
            m[i][i] = i + 1;
        }
        Anisotropy a = Anisotropy.ofMatrix(m);
        assertThat(a.singularValues()[0]).isCloseTo(12, offset(1e-12));
        assertThat(a.index()).isCloseTo(12.0 / 3.0, offset(1e-12));
        double sum2 = 0;
        double sum4 = 0;
        for (int i = 1; i <= 12; i++) {
            sum2 += i * i;
            sum4 += Math.pow(i, 4);
        }
        assertThat(a.concentration()).isCloseTo((sum2 - 1 - 4) / sum2, offset(1e-12));
        assertThat(a.participation()).isCloseTo(sum2 * sum2 / sum4, offset(1e-9));
    }

    @Test
    void gradientCovarianceSpectrumMatchesTheDirectCovariance() {
        double[][] g = {{1, 0, 2}, {0, 1, 1}, {3, 1, 0}, {1, 1, 1}};
        double[] mean = {1.25, 0.75, 1.0};
        double[][] c = new double[3][3];
        for (double[] row : g) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    c[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / 4;
                }
            }
        }
        double[] direct = Anisotropy.ofMatrix(c).singularValues();
        double[] viaGram = Anisotropy.ofGradients(g).singularValues();
        for (int i = 0; i < 3; i++) {
            assertThat(viaGram[i]).isCloseTo(direct[i], offset(1e-12));
        }
    }
}
