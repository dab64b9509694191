package org.timescalelab.nn;

/** Where the linear readout is scored (docs/models.md, "Architectures"). */
public enum Readout {
    /** A prediction at every step that has a target. */
    EVERY_STEP,
    /** Only the last step of each sequence is scored. */
    LAST_STEP
}
