package org.timescalelab.ui;

import org.timescalelab.config.SessionConfig;

/**
 * How the desktop app starts.
 *
 * @param config    the session's config (a preset, a file and overrides, resolved)
 * @param preset    the preset it came from, for the note of what to watch for (null: none)
 * @param start     whether to start training at once (for a class)
 * @param classroom whether to open in classroom mode
 * @param lab       whether to open on the anti-collapse lab's tab instead of training
 * @param sweep     a sweep folder to show on the Sweeps tab (opened on that tab), or null
 * @param compare   run directories, or sweep and {@code compare} folders, to open on the Compare tab (empty: none)
 */
public record DesktopOptions(SessionConfig config, String preset, boolean start, boolean classroom, boolean lab,
                             java.nio.file.Path sweep, java.util.List<java.nio.file.Path> compare) {

    /** Copies the list; none is an empty one. */
    public DesktopOptions {
        compare = compare == null ? java.util.List.of() : java.util.List.copyOf(compare);
    }
}
