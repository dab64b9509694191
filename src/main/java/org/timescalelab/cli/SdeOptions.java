package org.timescalelab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.timescalelab.sde.SdeConfig;
import picocli.CommandLine.Option;

/** The options the time-scale SDE commands share: a JSON file, then overrides. */
final class SdeOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "JSON with any of the keys of --set.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "drift, kappa, theta, zetaStar, sigma, lambda, jumps, "
            + "b, alphaJ, yMin, cutoff, particles, dt, chunk, maxTime, tolerance, seed, alpha (repeatable).")
    List<String> overrides = new ArrayList<>();

    /** The config: SdeConfig's defaults, then {@code defaults} (the command's own), the file and the overrides. */
    SdeConfig load(List<String> defaults) {
        List<String> all = new ArrayList<>(defaults);
        all.addAll(overrides);
        return SdeConfig.load(config, all);
    }
}
