package org.timescalelab.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NIO views of the native memory of contiguous ND4J arrays: index 0 is the array's first element
 * and the view covers its {@code length()} elements. Bulk gets and puts through them are plain
 * memory copies that allocate nothing (a JNI call per row through a JavaCPP pointer cost more than
 * the copy). A view does not keep its array alive: ND4J frees the native memory with the array
 * object, so the holder of a view keeps a reference to the array as well.
 */
final class NioViews {

    private NioViews() {
    }

    /** A float64 array's elements. */
    static DoubleBuffer of64(INDArray array) {
        DoublePointer p = new DoublePointer(array.data().pointer());
        long from = array.offset();
        p.position(from).limit(from + array.length()).capacity(from + array.length());
        return p.asBuffer();
    }

    /** A float32 array's elements. */
    static FloatBuffer of(INDArray array) {
        FloatPointer p = new FloatPointer(array.data().pointer());
        long from = array.offset();
        p.position(from).limit(from + array.length()).capacity(from + array.length());
        return p.asBuffer();
    }
}
