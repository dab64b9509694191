package org.timescalelab.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.Setting;
import org.timescalelab.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints a resolved config, the presets, or every settable key. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the resolved config (JSON) of a preset, file and overrides; or list presets or keys.")
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--presets", description = "List the built-in presets with their notes.")
    boolean presets;

    @Option(names = "--keys", description = "List every settable key with its default, allowed values, unit, "
            + "whether a running session takes it (live) or it needs a rebuild, and what it does.")
    boolean keys;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (presets) {
            for (String name : ConfigLoader.presetNames()) {
                ConfigLoader.Preset p = ConfigLoader.preset(name);
                out.println(name + ": " + p.title());
                out.println("    " + p.note());
            }
        } else if (keys) {
            Map<String, String> defaults = ConfigLoader.keys();
            for (Setting s : Settings.all()) {
                String allowed = s.range() == null ? "" : s.range() + (s.unit().isEmpty() ? "" : " " + s.unit()) + ", ";
                out.println(s.key() + " = " + defaults.get(s.key()) + "  # " + allowed + (s.live() ? "live" : "rebuild")
                        + ": " + s.help());
            }
        } else {
            out.println(ConfigLoader.toJson(options.load(List.of()).resolved()));
        }
        out.flush();
        return 0;
    }
}
