package org.timescalelab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.timescalelab.sde.SdeRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Simulates the time-scale SDE of docs/timescale-sde.md to stationarity. */
@Command(name = "sde", mixinStandardHelpOptions = true,
        description = "Simulate the anti-collapse dynamics of neuron time scales (docs/timescale-sde.md) to stationarity and "
                + "write spectrum.csv (tau per particle), envelope.csv (lag, f) and summary.json (parameters, load ρ, "
                + "predicted β where a closed form exists, β̂ with interval, envelope class, H_N law, seconds).")
final class SdeCommand implements Callable<Integer> {

    @Mixin
    SdeOptions options;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode s = SdeRun.run(options.load(List.of()), out);
        var err = spec.commandLine().getErr();
        err.printf("%s; load ρ = %.3g, predicted β = %s, β̂ = %s; wrote %s%n", s.get("reason").asText(),
                s.get("load").asDouble(), s.get("predictedBeta").asText(),
                s.has("betaHat") ? String.format("%.3g [%.3g, %.3g]", s.get("betaHat").asDouble(),
                        s.get("betaLow90").asDouble(), s.get("betaHigh90").asDouble()) : "–", out);
        err.flush();
        return 0;
    }
}
