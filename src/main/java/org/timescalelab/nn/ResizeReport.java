package org.timescalelab.nn;

/**
 * The outcome of a width change.
 *
 * @param oldWidth    H before
 * @param newWidth    H after
 * @param lossBefore  validation loss before the change
 * @param lossAfter   validation loss after the change (equal when the network only grew)
 * @param removed     the units removed, by their old index (empty when growing)
 */
public record ResizeReport(int oldWidth, int newWidth, double lossBefore, double lossAfter, int[] removed) {
}
