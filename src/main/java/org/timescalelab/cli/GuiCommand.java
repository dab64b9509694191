package org.timescalelab.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.run.UserData;
import org.timescalelab.ui.DesktopApp;
import org.timescalelab.ui.DesktopOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Opens the desktop app (also what the launcher does with no command). */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the desktop dashboard (the default with no command), optionally with a preset, "
                + "a config file and overrides.")
final class GuiCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--start", description = "Start training at once (for a class).")
    boolean start;

    @Option(names = "--lab", description = "Open on the anti-collapse lab's tab.")
    boolean lab;

    @Option(names = "--sweep", paramLabel = "DIR", description = "Open on the Sweeps tab showing the sweep folder DIR.")
    java.nio.file.Path sweep;

    @Option(names = "--compare", arity = "1..*", paramLabel = "DIR",
            description = "Open on the Compare tab with these run directories, or the runs of sweep or compare folders.")
    List<java.nio.file.Path> compare = new java.util.ArrayList<>();

    @Option(names = "--classroom", description = "Larger fonts and lines, advanced controls hidden, high contrast.")
    boolean classroom;

    @Override
    public Integer call() {
        UserData.Preferences remembered = UserData.forPlatform().load();
        if (options.preset == null && options.config == null && options.overrides.isEmpty()
                && ConfigLoader.presetNames().contains(remembered.preset())) {
            // Nothing asked for: reopen the preset of the last session.
            options.preset = remembered.preset();
        }
        String preset = options.preset != null ? options.preset : options.config == null ? "demo" : null;
        DesktopOptions o = new DesktopOptions(options.load(List.of()), preset, start, classroom || remembered.classroom(),
                lab, sweep, compare);
        try {
            DesktopApp.launch(o);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw new IllegalStateException("cannot open a window (" + e.getMessage() + "): the desktop app needs a "
                    + "display and GTK 3 (Debian/Ubuntu: apt-get install libgtk-3-0 libgl1); the headless commands "
                    + "(train, snapshot, analyze, …) work without", e);
        }
        return 0;
    }
}
