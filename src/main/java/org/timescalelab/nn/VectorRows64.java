package org.timescalelab.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 twin of {@link VectorRows} (for {@link JavaKernel64}): the same register-blocked
 * products and backward step with {@code DoubleVector}. Stateless.
 */
final class VectorRows64 {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** Lanes of one vector. */
    static final int LANES = S.length();

    private VectorRows64() {
    }

    /** out[b+i][j] += Σ_{k0≤k<k1} in[b+i][k]·m[k][j] for i = 0…7 and j0 ≤ j &lt; cols, k in order. */
    static void accumulate(double[][] in, double[][] out, int b, double[][] m, int k0, int k1, int j0, int cols) {
        double[] i0 = in[b];
        double[] i1 = in[b + 1];
        double[] i2 = in[b + 2];
        double[] i3 = in[b + 3];
        double[] i4 = in[b + 4];
        double[] i5 = in[b + 5];
        double[] i6 = in[b + 6];
        double[] i7 = in[b + 7];
        double[] o0 = out[b];
        double[] o1 = out[b + 1];
        double[] o2 = out[b + 2];
        double[] o3 = out[b + 3];
        double[] o4 = out[b + 4];
        double[] o5 = out[b + 5];
        double[] o6 = out[b + 6];
        double[] o7 = out[b + 7];
        int lanes = S.length();
        int j = j0;
        for (; j + 2 * lanes <= cols; j += 2 * lanes) {
            int j1 = j + lanes;
            DoubleVector c00 = DoubleVector.fromArray(S, o0, j);
            DoubleVector c01 = DoubleVector.fromArray(S, o0, j1);
            DoubleVector c10 = DoubleVector.fromArray(S, o1, j);
            DoubleVector c11 = DoubleVector.fromArray(S, o1, j1);
            DoubleVector c20 = DoubleVector.fromArray(S, o2, j);
            DoubleVector c21 = DoubleVector.fromArray(S, o2, j1);
            DoubleVector c30 = DoubleVector.fromArray(S, o3, j);
            DoubleVector c31 = DoubleVector.fromArray(S, o3, j1);
            DoubleVector c40 = DoubleVector.fromArray(S, o4, j);
            DoubleVector c41 = DoubleVector.fromArray(S, o4, j1);
            DoubleVector c50 = DoubleVector.fromArray(S, o5, j);
            DoubleVector c51 = DoubleVector.fromArray(S, o5, j1);
            DoubleVector c60 = DoubleVector.fromArray(S, o6, j);
            DoubleVector c61 = DoubleVector.fromArray(S, o6, j1);
            DoubleVector c70 = DoubleVector.fromArray(S, o7, j);
            DoubleVector c71 = DoubleVector.fromArray(S, o7, j1);
            for (int k = k0; k < k1; k++) {
                double[] row = m[k];
                DoubleVector v0 = DoubleVector.fromArray(S, row, j);
                DoubleVector v1 = DoubleVector.fromArray(S, row, j1);
                DoubleVector x = DoubleVector.broadcast(S, i0[k]);
                c00 = v0.fma(x, c00);
                c01 = v1.fma(x, c01);
                x = DoubleVector.broadcast(S, i1[k]);
                c10 = v0.fma(x, c10);
                c11 = v1.fma(x, c11);
                x = DoubleVector.broadcast(S, i2[k]);
                c20 = v0.fma(x, c20);
                c21 = v1.fma(x, c21);
                x = DoubleVector.broadcast(S, i3[k]);
                c30 = v0.fma(x, c30);
                c31 = v1.fma(x, c31);
                x = DoubleVector.broadcast(S, i4[k]);
                c40 = v0.fma(x, c40);
                c41 = v1.fma(x, c41);
                x = DoubleVector.broadcast(S, i5[k]);
                c50 = v0.fma(x, c50);
                c51 = v1.fma(x, c51);
                x = DoubleVector.broadcast(S, i6[k]);
                c60 = v0.fma(x, c60);
                c61 = v1.fma(x, c61);
                x = DoubleVector.broadcast(S, i7[k]);
                c70 = v0.fma(x, c70);
                c71 = v1.fma(x, c71);
            }
            c00.intoArray(o0, j);
            c01.intoArray(o0, j1);
            c10.intoArray(o1, j);
            c11.intoArray(o1, j1);
            c20.intoArray(o2, j);
            c21.intoArray(o2, j1);
            c30.intoArray(o3, j);
            c31.intoArray(o3, j1);
            c40.intoArray(o4, j);
            c41.intoArray(o4, j1);
            c50.intoArray(o5, j);
            c51.intoArray(o5, j1);
            c60.intoArray(o6, j);
            c61.intoArray(o6, j1);
            c70.intoArray(o7, j);
            c71.intoArray(o7, j1);
        }
        JavaKernel64.accumulateScalar(in, out, b, m, k0, k1, j, cols);
    }

    /**
     * The backward step of one row: d[q] = g·s·(1 − φ²), d[H+q] = g·(φ − prev)·s(1 − s) and, when
     * {@code carry} is not null, carry[q] += g·(1 − s). The same operations in the same order
     * as {@link LeakyKernel}'s scalar loop.
     */
    static void gates(double[] g, double[] a, double[] prev, double[] d, double[] carry, int width) {
        int lanes = S.length();
        int q = 0;
        for (; q + lanes <= width; q += lanes) {
            DoubleVector phi = DoubleVector.fromArray(S, a, q);
            DoubleVector s = DoubleVector.fromArray(S, a, width + q);
            DoubleVector gq = DoubleVector.fromArray(S, g, q);
            DoubleVector oneMinusS = s.neg().add(1.0);
            gq.mul(s).mul(phi.mul(phi).neg().add(1.0)).intoArray(d, q);
            gq.mul(phi.sub(DoubleVector.fromArray(S, prev, q))).mul(s.mul(oneMinusS)).intoArray(d, width + q);
            if (carry != null) {
                DoubleVector.fromArray(S, carry, q).add(gq.mul(oneMinusS)).intoArray(carry, q);
            }
        }
        LeakyKernel64.gatesScalar(g, a, prev, d, carry, width, q);
    }
}
