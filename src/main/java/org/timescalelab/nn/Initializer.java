package org.timescalelab.nn;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Initial parameter values of docs/models.md, "Architectures": Glorot-uniform input matrices, orthogonal recurrent
 * matrices, zero gate-family gate weights and gate biases at logit(s₀).
 *
 * <p>Everything is drawn, in the layout's tensor order, from one seeded generator, so a seed
 * determines the whole initial θ.
 */
final class Initializer {

    private final UniformRandomProvider rng;
    private final ZigguratSampler.NormalizedGaussian gaussian;

    Initializer(UniformRandomProvider rng) {
        this.rng = rng;
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
    }

    /** logit(p) = ln(p/(1−p)). */
    static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    /** Fills θ (as doubles, in the layout's order) with the initial values. */
    double[] initialParameters(ParameterLayout layout, int width, int inputSize, double gateSpread) {
        double[] theta = new double[Math.toIntExact(layout.size())];
        for (ParameterLayout.Block b : layout.blocks()) {
            TensorInfo w = layout.tensor(b.input());
            if (!b.zeroWeights()) {
                fillGlorot(theta, w);
            }
        }
        for (ParameterLayout.Block b : layout.blocks()) {
            TensorInfo u = layout.tensor(b.recurrent());
            if (!b.zeroWeights()) {
                fillOrthogonalRows(theta, u, width);
            }
        }
        for (ParameterLayout.Block b : layout.blocks()) {
            TensorInfo bias = layout.tensor(b.bias());
            // The time-scale gate is the per-unit block with a non-zero bias (logit s₀ or logit(1 − s₀)).
            boolean spread = b.biasInit() != 0 && bias.size() == width && width > 1;
            for (int i = 0; i < bias.size(); i++) {
                double offset = spread ? Math.log(10) * gateSpread * ((i + 0.5) / width - 0.5) : 0;
                theta[(int) bias.offset() + i] = b.biasInit() - Math.signum(b.biasInit()) * offset;
            }
        }
        fillGlorot(theta, layout.tensor("W_out"));
        return theta;
    }

    private void fillGlorot(double[] theta, TensorInfo t) {
        double limit = Math.sqrt(6.0 / (t.rows() + t.cols()));
        for (int i = 0; i < t.size(); i++) {
            theta[(int) t.offset() + i] = limit * (2 * rng.nextDouble() - 1);
        }
    }

    private void fillOrthogonalRows(double[] theta, TensorInfo t, int width) {
        double[][] q = orthogonal(width);
        for (int r = 0; r < t.rows(); r++) {
            System.arraycopy(q[r % width], 0, theta, (int) t.offset() + r * t.cols(), t.cols());
        }
    }

    /**
     * A Haar-distributed orthogonal n×n matrix: Q of the QR decomposition of a Gaussian matrix,
     * with the signs fixed by diag(R) (Mezzadri 2007).
     */
    double[][] orthogonal(int n) {
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = gaussian.sample();
            }
        }
        QRDecomposition qr = new QRDecomposition(MatrixUtils.createRealMatrix(g));
        RealMatrix q = qr.getQ();
        RealMatrix r = qr.getR();
        double[][] out = q.getData();
        for (int j = 0; j < n; j++) {
            double sign = Math.signum(r.getEntry(j, j));
            if (sign == 0) {
                sign = 1;
            }
            for (int i = 0; i < n; i++) {
                out[i][j] *= sign;
            }
        }
        return out;
    }
}
