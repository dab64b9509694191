package org.timescalelab.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.timescalelab.engine.ConfigLoader;

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

    @Option(names = "--keys", description = "List every settable key with its default.")
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
            for (Map.Entry<String, String> e : ConfigLoader.keys().entrySet()) {
                out.println(e.getKey() + " = " + e.getValue());
            }
        } else {
            out.println(ConfigLoader.toJson(options.load(List.of()).resolved()));
        }
        out.flush();
        return 0;
    }
}
