package org.timescalelab.ui;

/**
 * How the desktop app starts.
 *
 * @param preset    the preset to open (null: the demo)
 * @param start     whether to start training at once (for a class)
 * @param classroom whether to open in classroom mode
 */
public record DesktopOptions(String preset, boolean start, boolean classroom) {
}
