package org.timescalelab.nn;

/**
 * A named array of doubles in row-major order, for export (NumPy files) and inspection.
 *
 * @param name    file-friendly name, e.g. {@code U_h} or {@code h}
 * @param shape   dimensions, outermost first
 * @param data    values, row-major
 * @param meaning what the array is, in the notation of docs/models.md, with its orientation
 */
public record NamedArray(String name, int[] shape, double[] data, String meaning) {

    /** Checks that the data fill the shape. */
    public NamedArray {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Reorders a time-major (T·B)×k matrix into a batch-major B×T×k array.
     */
    static NamedArray batchMajor(String name, double[] timeMajor, int batch, int length, int k, String meaning) {
        double[] out = new double[timeMajor.length];
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(timeMajor, (t * batch + b) * k, out, (b * length + t) * k, k);
            }
        }
        return new NamedArray(name, new int[] {batch, length, k}, out, meaning);
    }
}
