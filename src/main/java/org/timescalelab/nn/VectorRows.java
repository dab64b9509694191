package org.timescalelab.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The row-update product of {@link JavaKernel} with the Vector API (the
 * {@code jdk.incubator.vector} module of Java 17): eight output rows, each
 * {@code o_i[j] += Σ_k a_i[k]·m[k][j]}, held in 16 vector registers two vectors wide while k runs,
 * so that each step of k costs two loads of m's row per sixteen fused multiply-adds (measured
 * here: 107–113 GFLOP/s on one core at H = 32…256, against 80–96 with four rows and 27–33 for
 * the loop C2 vectorises by itself), and the arithmetic of the backward step. Only exact IEEE
 * operations (fma, mul, add): the results do not depend on when the JIT compiles. Used only when
 * the JVM was started with {@code --add-modules jdk.incubator.vector} (the launcher, the tests and
 * the installers do); otherwise the kernel falls back to its scalar loop, which gives the same
 * numbers (both add the k terms in order with one fused multiply-add each). Stateless.
 */
final class VectorRows {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Lanes of one vector. */
    static final int LANES = S.length();

    private VectorRows() {
    }

    /** out[b+i][j] += Σ_{k0≤k<k1} in[b+i][k]·m[k][j] for i = 0…7 and j0 ≤ j &lt; cols, k in order. */
    static void accumulate(float[][] in, float[][] out, int b, float[][] m, int k0, int k1, int j0, int cols) {
        float[] i0 = in[b];
        float[] i1 = in[b + 1];
        float[] i2 = in[b + 2];
        float[] i3 = in[b + 3];
        float[] i4 = in[b + 4];
        float[] i5 = in[b + 5];
        float[] i6 = in[b + 6];
        float[] i7 = in[b + 7];
        float[] o0 = out[b];
        float[] o1 = out[b + 1];
        float[] o2 = out[b + 2];
        float[] o3 = out[b + 3];
        float[] o4 = out[b + 4];
        float[] o5 = out[b + 5];
        float[] o6 = out[b + 6];
        float[] o7 = out[b + 7];
        int lanes = S.length();
        int j = j0;
        for (; j + 2 * lanes <= cols; j += 2 * lanes) {
            int j1 = j + lanes;
            FloatVector c00 = FloatVector.fromArray(S, o0, j);
            FloatVector c01 = FloatVector.fromArray(S, o0, j1);
            FloatVector c10 = FloatVector.fromArray(S, o1, j);
            FloatVector c11 = FloatVector.fromArray(S, o1, j1);
            FloatVector c20 = FloatVector.fromArray(S, o2, j);
            FloatVector c21 = FloatVector.fromArray(S, o2, j1);
            FloatVector c30 = FloatVector.fromArray(S, o3, j);
            FloatVector c31 = FloatVector.fromArray(S, o3, j1);
            FloatVector c40 = FloatVector.fromArray(S, o4, j);
            FloatVector c41 = FloatVector.fromArray(S, o4, j1);
            FloatVector c50 = FloatVector.fromArray(S, o5, j);
            FloatVector c51 = FloatVector.fromArray(S, o5, j1);
            FloatVector c60 = FloatVector.fromArray(S, o6, j);
            FloatVector c61 = FloatVector.fromArray(S, o6, j1);
            FloatVector c70 = FloatVector.fromArray(S, o7, j);
            FloatVector c71 = FloatVector.fromArray(S, o7, j1);
            for (int k = k0; k < k1; k++) {
                float[] row = m[k];
                FloatVector v0 = FloatVector.fromArray(S, row, j);
                FloatVector v1 = FloatVector.fromArray(S, row, j1);
                FloatVector x = FloatVector.broadcast(S, i0[k]);
                c00 = v0.fma(x, c00);
                c01 = v1.fma(x, c01);
                x = FloatVector.broadcast(S, i1[k]);
                c10 = v0.fma(x, c10);
                c11 = v1.fma(x, c11);
                x = FloatVector.broadcast(S, i2[k]);
                c20 = v0.fma(x, c20);
                c21 = v1.fma(x, c21);
                x = FloatVector.broadcast(S, i3[k]);
                c30 = v0.fma(x, c30);
                c31 = v1.fma(x, c31);
                x = FloatVector.broadcast(S, i4[k]);
                c40 = v0.fma(x, c40);
                c41 = v1.fma(x, c41);
                x = FloatVector.broadcast(S, i5[k]);
                c50 = v0.fma(x, c50);
                c51 = v1.fma(x, c51);
                x = FloatVector.broadcast(S, i6[k]);
                c60 = v0.fma(x, c60);
                c61 = v1.fma(x, c61);
                x = FloatVector.broadcast(S, i7[k]);
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
        JavaKernel.accumulateScalar(in, out, b, m, k0, k1, j, cols);
    }

    /**
     * The backward step of one row: d[q] = g·s·(1 − φ²), d[H+q] = g·(φ − prev)·s(1 − s) and, when
     * {@code carry} is not null, carry[q] += g·(1 − s). The same float operations in the same order
     * as {@link JavaKernel}'s scalar loop.
     */
    static void gates(float[] g, float[] a, float[] prev, float[] d, float[] carry, int width) {
        int lanes = S.length();
        int q = 0;
        for (; q + lanes <= width; q += lanes) {
            FloatVector phi = FloatVector.fromArray(S, a, q);
            FloatVector s = FloatVector.fromArray(S, a, width + q);
            FloatVector gq = FloatVector.fromArray(S, g, q);
            FloatVector oneMinusS = s.neg().add(1f);
            gq.mul(s).mul(phi.mul(phi).neg().add(1f)).intoArray(d, q);
            gq.mul(phi.sub(FloatVector.fromArray(S, prev, q))).mul(s.mul(oneMinusS)).intoArray(d, width + q);
            if (carry != null) {
                FloatVector.fromArray(S, carry, q).add(gq.mul(oneMinusS)).intoArray(carry, q);
            }
        }
        LeakyKernel.gatesScalar(g, a, prev, d, carry, width, q);
    }

    /**
     * The gate non-linearities of one row, in place, and the new state: φ = tanh(a[q]),
     * s = σ(a[H+q]), next = prev + s·(φ − prev), for q &lt; width, with {@link FloatMath}'s exp:
     * the same operations, in the same order, as {@link LeakyKernel#activateOne}. {@code e2}
     * and {@code e} are scratch rows of at least {@code width} floats.
     */
    static void activate(float[] a, float[] prev, float[] next, int width, float[] e2, float[] e) {
        tanh(a, 0, width, e2);
        sigmoid(a, width, 2 * width, e);
        int lanes = S.length();
        int end = width - width % lanes;
        for (int q = 0; q < end; q += lanes) {
            FloatVector p = FloatVector.fromArray(S, prev, q);
            FloatVector phi = FloatVector.fromArray(S, a, q);
            FloatVector sig = FloatVector.fromArray(S, a, width + q);
            p.add(sig.mul(phi.sub(p))).intoArray(next, q);
        }
        for (int q = end; q < width; q++) {
            next[q] = prev[q] + a[width + q] * (a[q] - prev[q]);
        }
    }


    /**
     * σ in place over a[from, to), with {@link FloatMath#sigmoid}'s operations in the same order
     * (the lanes that do not fill a vector go through it directly). {@code e} is scratch of at
     * least {@code to − from} floats.
     */
    static void sigmoid(float[] a, int from, int to, float[] e) {
        int lanes = S.length();
        int n = (to - from) - (to - from) % lanes;
        for (int i = 0; i < n; i += lanes) {
            FloatVector.fromArray(S, a, from + i).abs().neg().intoArray(e, i);
        }
        exp(e, n);
        for (int i = 0; i < n; i += lanes) {
            FloatVector z = FloatVector.fromArray(S, a, from + i);
            FloatVector ex = FloatVector.fromArray(S, e, i);
            FloatVector onePlus = ex.add(1f);
            FloatVector.broadcast(S, 1f).div(onePlus).blend(ex.div(onePlus), z.lt(0f)).intoArray(a, from + i);
        }
        for (int q = from + n; q < to; q++) {
            a[q] = FloatMath.sigmoid(a[q]);
        }
    }

    /**
     * tanh in place over a[from, to), with {@link FloatMath#tanh}'s operations in the same order
     * (the lanes that do not fill a vector go through it directly). {@code e} is scratch of at
     * least {@code to − from} floats.
     */
    static void tanh(float[] a, int from, int to, float[] e) {
        int lanes = S.length();
        int n = (to - from) - (to - from) % lanes;
        for (int i = 0; i < n; i += lanes) {
            FloatVector.fromArray(S, a, from + i).abs().mul(-2f).intoArray(e, i);
        }
        exp(e, n);
        for (int i = 0; i < n; i += lanes) {
            FloatVector x = FloatVector.fromArray(S, a, from + i);
            FloatVector ax = x.abs();
            FloatVector ex2 = FloatVector.fromArray(S, e, i);
            FloatVector big = ex2.neg().add(1f).div(ex2.add(1f));
            FloatVector x2 = ax.mul(ax);
            FloatVector series = x2.mul(FloatMath.T3).add(FloatMath.T2).mul(x2).add(FloatMath.T1).mul(x2).add(1f).mul(ax);
            FloatVector t = big.blend(series, ax.lt(FloatMath.SMALL));
            t.blend(t.neg(), x.lt(0f)).intoArray(a, from + i);
        }
        for (int q = from + n; q < to; q++) {
            a[q] = FloatMath.tanh(a[q]);
        }
    }

    /**
     * Sixteen independent chains of fused multiply-adds held in registers, {@code iterations}
     * rounds: 32·lanes floating-point operations a round and no memory traffic, the fastest
     * arithmetic this core can do ({@link Backend#measurePeak}). Returns a value that depends on
     * every chain, so the JIT keeps them all.
     */
    static float fmaChains(long iterations) {
        FloatVector a = FloatVector.broadcast(S, 0.999f);
        FloatVector b = FloatVector.broadcast(S, 1e-6f);
        FloatVector c0 = a;
        FloatVector c1 = a;
        FloatVector c2 = a;
        FloatVector c3 = a;
        FloatVector c4 = a;
        FloatVector c5 = a;
        FloatVector c6 = a;
        FloatVector c7 = a;
        FloatVector c8 = a;
        FloatVector c9 = a;
        FloatVector c10 = a;
        FloatVector c11 = a;
        FloatVector c12 = a;
        FloatVector c13 = a;
        FloatVector c14 = a;
        FloatVector c15 = a;
        for (long i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
            c12 = c12.fma(a, b);
            c13 = c13.fma(a, b);
            c14 = c14.fma(a, b);
            c15 = c15.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).add(c12)
                .add(c13).add(c14).add(c15).reduceLanes(VectorOperators.ADD);
    }

    /**
     * {@link FloatMath#exp} in place over y[0..end), end a multiple of the lane count, with the
     * same operations. One loop in one method: a vector that crossed a call would be boxed.
     */
    static void exp(float[] y, int end) {
        FloatVector hi = FloatVector.broadcast(S, FloatMath.MINUS_LN2_HI);
        FloatVector lo = FloatVector.broadcast(S, FloatMath.MINUS_LN2_LO);
        for (int q = 0; q < end; q += S.length()) {
            FloatVector c = FloatVector.fromArray(S, y, q).max(FloatMath.LOWEST);
            FloatVector n = c.mul(FloatMath.LOG2E).add(FloatMath.ROUND).sub(FloatMath.ROUND);
            FloatVector r = n.fma(hi, c);
            r = n.fma(lo, r);
            FloatVector poly = r.mul(FloatMath.P0).add(FloatMath.P1).mul(r).add(FloatMath.P2).mul(r).add(FloatMath.P3)
                    .mul(r).add(FloatMath.P4).mul(r).add(FloatMath.P5).mul(r.mul(r)).add(r).add(1f);
            // 2^n from the bits of n + 1.5·2²³ + 127, whose low bits hold n + 127 (a conversion F2I is
            // not an intrinsic in Java 17 and would box every vector).
            IntVector bits = (IntVector) n.add(FloatMath.ROUND + 127f).viewAsIntegralLanes();
            poly.mul(bits.lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes()).intoArray(y, q);
        }
    }
}
