package org.timescalelab.ui.chart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javafx.scene.chart.XYChart;

/**
 * A bounded append-only (x, y) series: beyond its capacity it thins its older half (keeping
 * every other point), so memory stays flat over any run length while the recent past keeps full
 * detail. Rendering decimates to at most a given number of points by min/max bucketing, so
 * spikes stay visible. Not thread-safe: the FX thread owns it.
 */
public final class SeriesBuffer {

    private final int capacity;
    private double[] xs;
    private double[] ys;
    private int size;

    /** An empty buffer that keeps at most {@code capacity} points (older ones are thinned). */
    public SeriesBuffer(int capacity) {
        this.capacity = capacity;
        this.xs = new double[64];
        this.ys = new double[64];
    }

    /** Appends a point (x increasing). */
    public void add(double x, double y) {
        if (size == capacity) {
            thin();
        }
        if (size == xs.length) {
            xs = Arrays.copyOf(xs, Math.min(capacity, size * 2));
            ys = Arrays.copyOf(ys, xs.length);
        }
        xs[size] = x;
        ys[size] = y;
        size++;
    }

    private void thin() {
        int half = size / 2;
        int w = 0;
        for (int i = 0; i < half; i += 2) {
            xs[w] = xs[i];
            ys[w] = ys[i];
            w++;
        }
        for (int i = half; i < size; i++) {
            xs[w] = xs[i];
            ys[w] = ys[i];
            w++;
        }
        size = w;
    }

    /** Drops every point. */
    public void clear() {
        size = 0;
    }

    /** Drops the trailing points whose x exceeds {@code x} (a rollback's later steps). */
    public void truncateAfter(double x) {
        while (size > 0 && xs[size - 1] > x) {
            size--;
        }
    }

    /** The number of points held. */
    public int size() {
        return size;
    }

    /** The i-th point's x. */
    public double x(int i) {
        return xs[i];
    }

    /** The i-th point's y. */
    public double y(int i) {
        return ys[i];
    }

    /** At most {@code maxPoints} chart points (min and max of each bucket), skipping NaN values. */
    public List<XYChart.Data<Number, Number>> decimated(int maxPoints) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>();
        if (size <= maxPoints) {
            for (int i = 0; i < size; i++) {
                if (Double.isFinite(ys[i])) {
                    out.add(new XYChart.Data<>(xs[i], ys[i]));
                }
            }
            return out;
        }
        int buckets = Math.max(1, maxPoints / 2);
        double per = (double) size / buckets;
        for (int b = 0; b < buckets; b++) {
            int from = (int) (b * per);
            int to = Math.min(size, (int) ((b + 1) * per));
            int lo = -1;
            int hi = -1;
            for (int i = from; i < to; i++) {
                if (!Double.isFinite(ys[i])) {
                    continue;
                }
                if (lo < 0 || ys[i] < ys[lo]) {
                    lo = i;
                }
                if (hi < 0 || ys[i] > ys[hi]) {
                    hi = i;
                }
            }
            if (lo >= 0) {
                int first = Math.min(lo, hi);
                int second = Math.max(lo, hi);
                out.add(new XYChart.Data<>(xs[first], ys[first]));
                if (second != first) {
                    out.add(new XYChart.Data<>(xs[second], ys[second]));
                }
            }
        }
        return out;
    }
}
