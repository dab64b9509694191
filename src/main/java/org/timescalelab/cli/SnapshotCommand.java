package org.timescalelab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.timescalelab.nn.NamedArray;
import org.timescalelab.run.SnapshotExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes one batch's parameters, states, loss and gradients as NumPy files. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Build the model and one training batch and write every parameter, the batch, the forward "
                + "states, the loss and every gradient as .npy files with a manifest.json.")
final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<NamedArray> arrays = SnapshotExport.write(options.load(List.of()), out);
        var err = spec.commandLine().getErr();
        err.println("wrote " + arrays.size() + " arrays and manifest.json to " + out);
        err.flush();
        return 0;
    }
}
