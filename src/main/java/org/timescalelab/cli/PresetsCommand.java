package org.timescalelab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.session.PresetCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Trains each preset for its lesson's steps and checks the signature its note promises. */
@Command(name = "presets", mixinStandardHelpOptions = true,
        description = "Check each preset's signature: train it headlessly for the steps the app reaches in two "
                + "minutes, run a diagnostics pass and print the numbers its note promises (exit 0 when every "
                + "signature holds, 1 otherwise). Takes a few minutes.")
final class PresetsCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Presets to check (default: all).")
    List<String> names;

    @picocli.CommandLine.Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Apply a setting over every preset checked, to try a change (repeatable).")
    List<String> overrides = new java.util.ArrayList<>();

    @picocli.CommandLine.Option(names = "--steps", paramLabel = "N",
            description = "Train N steps (1 or more) instead of each preset's two-minute lesson.")
    Long steps;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> which = names == null || names.isEmpty() ? ConfigLoader.presetNames() : names;
        which.forEach(ConfigLoader::preset);
        if (steps != null && steps < 1) {
            throw new ConfigException("--steps", steps, "1 or more training steps");
        }
        PresetCheck check = new PresetCheck(() -> Thread.currentThread().isInterrupted(), overrides)
                .withSteps(steps == null ? 0 : steps);
        boolean all = true;
        for (String name : which) {
            PresetCheck.Outcome o = check.check(name);
            all &= o.passed();
            out.printf("%-14s %s  %d steps (headless %.0f s)%n", name, o.passed() ? "ok  " : "FAIL", o.steps(), o.seconds());
            o.measures().forEach(m -> out.println("    " + m));
            out.flush();
        }
        return all ? 0 : 1;
    }
}
