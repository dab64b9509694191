package org.timescalelab.nn;

/** Floating-point precision of a model's tensors. Gradient checks and diagnostics use FLOAT64. */
public enum Precision {
    FLOAT32,
    FLOAT64
}
