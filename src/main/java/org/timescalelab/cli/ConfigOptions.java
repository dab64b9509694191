package org.timescalelab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import picocli.CommandLine.Option;

/** The options every config-taking command shares: a preset or a file, then overrides. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (any subset of fields; the rest default).")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME", description = "Built-in preset: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one field, e.g. training.learningRate=0.003 or task.lags=4,8,16 (repeatable).")
    List<String> overrides = new ArrayList<>();

    SessionConfig load(List<String> extra) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(extra);
        return ConfigLoader.load(preset, config, all);
    }

    /** Preset names for the help text. */
    static final class PresetNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PresetNames() {
            super(ConfigLoader.presetNames());
        }
    }
}
