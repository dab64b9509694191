package org.timescalelab;

import org.timescalelab.cli.Cli;

/**
 * The entry point: a plain {@code main} (not a JavaFX {@code Application}, which cannot start
 * from the class path). With a subcommand it runs the command line.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        int code = Cli.execute(args);
        System.exit(code);
    }
}
