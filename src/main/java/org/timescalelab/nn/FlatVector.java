package org.timescalelab.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A contiguous ND4J vector (θ, its gradient) read and written as a {@code double[]} through its
 * {@link NioViews NIO view}, made once: a float32 vector goes through one staging array, so
 * neither direction allocates. Keeps the array reachable (ND4J frees its native memory with the
 * object). Not thread-safe.
 */
final class FlatVector {

    private final INDArray array;
    private final int n;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private final float[] staging;

    FlatVector(INDArray array) {
        this.array = array;
        this.n = (int) array.length();
        boolean single = array.dataType() == DataType.FLOAT;
        floats = single ? NioViews.of(array) : null;
        doubles = single ? null : NioViews.of64(array);
        staging = single ? new float[n] : null;
    }

    int length() {
        return n;
    }

    /** Copies the vector into {@code to} (at least {@link #length()} long). */
    void read(double[] to) {
        if (floats == null) {
            doubles.get(0, to, 0, n);
            return;
        }
        floats.get(0, staging, 0, n);
        for (int i = 0; i < n; i++) {
            to[i] = staging[i];
        }
    }

    /** Replaces the vector by {@code from} (rounded to float32 for a float32 vector). */
    void write(double[] from) {
        if (floats == null) {
            doubles.put(0, from, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            staging[i] = (float) from[i];
        }
        floats.put(0, staging, 0, n);
    }
}
