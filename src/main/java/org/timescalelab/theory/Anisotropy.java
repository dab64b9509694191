package org.timescalelab.theory;

import java.util.Arrays;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Anisotropy of a linear map or of gradient fluctuations (docs/anisotropy.md), from singular values
 * σ₁ ≥ σ₂ ≥ …: the anisotropy index AI = σ₁/σ₁₀, the concentration CE = Σ_{i≤10} σ_i² / Σ_i σ_i²
 * and the participation ratio PR = (Σσ_i²)² / Σσ_i⁴. Stateless and thread-safe.
 *
 * @param singularValues σ, descending
 * @param index          AI (NaN with fewer than 10 singular values or σ₁₀ = 0)
 * @param concentration  CE
 * @param participation  PR
 */
public record Anisotropy(double[] singularValues, double index, double concentration, double participation) {

    /** The measures of a list of singular values (any order). */
    public static Anisotropy of(double[] singularValues) {
        double[] s = Arrays.stream(singularValues).map(Math::abs).sorted().toArray();
        for (int i = 0; i < s.length / 2; i++) {
            double tmp = s[i];
            s[i] = s[s.length - 1 - i];
            s[s.length - 1 - i] = tmp;
        }
        double sum2 = 0;
        double sum4 = 0;
        double top10 = 0;
        for (int i = 0; i < s.length; i++) {
            double v2 = s[i] * s[i];
            sum2 += v2;
            sum4 += v2 * v2;
            if (i < 10) {
                top10 += v2;
            }
        }
        double index = s.length >= 10 && s[9] > 0 ? s[0] / s[9] : Double.NaN;
        return new Anisotropy(s, index, sum2 > 0 ? top10 / sum2 : Double.NaN, sum4 > 0 ? sum2 * sum2 / sum4 : Double.NaN);
    }

    /**
     * Of a matrix (a Jacobian product), by Commons Math's singular value decomposition.
     *
     * <p>Implementation notes: not LAPACK through ND4J: ND4J's gesvd hands LAPACK the address of
     * a work array it no longer references, so a garbage collection during the call frees memory
     * LAPACK still writes to (seen here as glibc heap corruption within minutes in the desktop
     * app). For H ≤ 256 Commons Math takes tens of milliseconds per pass.
     */
    public static Anisotropy ofMatrix(double[][] m) {
        return of(new SingularValueDecomposition(MatrixUtils.createRealMatrix(m)).getSingularValues());
    }

    /**
     * Of the covariance C = (1/n) Σ_i (g_i − ḡ)(g_i − ḡ)ᵀ of n per-example gradients (rows), whose
     * singular values are the eigenvalues of the n×n Gram matrix of the centred gradients over n.
     */
    public static Anisotropy ofGradients(double[][] gradients) {
        int n = gradients.length;
        int p = gradients[0].length;
        double[] mean = new double[p];
        for (double[] g : gradients) {
            for (int j = 0; j < p; j++) {
                mean[j] += g[j] / n;
            }
        }
        double[][] gram = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double dot = 0;
                for (int j = 0; j < p; j++) {
                    dot += (gradients[a][j] - mean[j]) * (gradients[b][j] - mean[j]);
                }
                gram[a][b] = dot / n;
                gram[b][a] = dot / n;
            }
        }
        double[] eig = new EigenDecomposition(MatrixUtils.createRealMatrix(gram)).getRealEigenvalues();
        return of(Arrays.stream(eig).map(v -> Math.max(v, 0)).toArray());
    }
}
