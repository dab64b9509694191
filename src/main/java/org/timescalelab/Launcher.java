package org.timescalelab;

import org.timescalelab.cli.Cli;

/**
 * The entry point: a plain {@code main} (not a JavaFX {@code Application}, which cannot start
 * from the class path). With no arguments it opens the desktop app; otherwise it runs the
 * command line ({@code gui} opens the app with options).
 */
public final class Launcher {

    private Launcher() {
    }

    /** Starts the command line (no arguments: the desktop app) and exits with its code. */
    public static void main(String[] args) {
        int code = Cli.execute(args.length == 0 ? new String[] {"gui"} : args);
        System.exit(code);
    }
}
