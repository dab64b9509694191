package org.timescalelab.cli;

import java.util.concurrent.Callable;

import org.timescalelab.engine.ConfigLoader;
import org.timescalelab.ui.DesktopApp;
import org.timescalelab.ui.DesktopOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Opens the desktop app (also what the launcher does with no command). */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the desktop dashboard (the default with no command).")
final class GuiCommand implements Callable<Integer> {

    @Option(names = "--preset", paramLabel = "NAME", description = "Open this preset: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ConfigOptions.PresetNames.class)
    String preset;

    @Option(names = "--start", description = "Start training at once (for a class).")
    boolean start;

    @Option(names = "--classroom", description = "Larger fonts and lines, advanced controls hidden, high contrast.")
    boolean classroom;

    @Override
    public Integer call() {
        if (preset != null) {
            ConfigLoader.preset(preset);
        }
        DesktopApp.launch(new DesktopOptions(preset, start, classroom));
        return 0;
    }
}
