package org.timescalelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import org.timescalelab.config.AppInfo;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.Numbers;
import org.timescalelab.nn.Backend;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code timescale-lab COMMAND [OPTIONS]}. Exit codes: 0 success, 1 an I/O or
 * unexpected error, 2 bad arguments or config, 3 the run diverged (NaN/Inf).
 */
@Command(name = "timescale-lab", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Watch a gated recurrent network learn while the dynamical theory of its learning unfolds.",
        subcommands = {GuiCommand.class, TrainCommand.class, SnapshotCommand.class, AnalyzeCommand.class, TailCommand.class,
            SdeCommand.class, PhaseCommand.class, SweepCommand.class, SweepReportCommand.class, CompareCommand.class,
            ConfigCommand.class, BenchCommand.class, PresetsCommand.class, CommandLine.HelpCommand.class})
/** The {@code timescale-lab} command and its subcommands (picocli); with none, the desktop app. */
public final class Cli implements Runnable {

    /** Exit code of bad arguments or an invalid config. */
    public static final int USAGE = 2;
    /** Exit code of a diverged run. */
    public static final int DIVERGED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line on the standard streams and returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line on the given streams and returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli());
        // Options take the same strict number syntax as --set and the window's fields (no hex floats,
        // no NaN, ASCII digits only).
        cl.registerConverter(long.class, Numbers::parseLong);
        cl.registerConverter(Long.class, Numbers::parseLong);
        cl.registerConverter(int.class, Numbers::parseInt);
        cl.registerConverter(Integer.class, Numbers::parseInt);
        cl.registerConverter(double.class, Numbers::parseDouble);
        cl.registerConverter(Double.class, Numbers::parseDouble);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("error: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            PrintWriter w = c.getErr();
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                w.println("error: " + line(ex.getMessage()));
                return USAGE;
            }
            if (ex instanceof IOException || ex instanceof java.io.UncheckedIOException) {
                w.println("error: " + line(ex.getMessage()));
                return 1;
            }
            java.nio.file.Path log = org.timescalelab.run.UserData.forPlatform().writeFailureLog(ex);
            w.println("error: unexpected failure: " + line(String.valueOf(ex))
                    + (log == null ? "" : " (details for a bug report in " + log + ")"));
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("error: the Java heap ran out of memory (" + line(e.getMessage()) + "): lower the sizes of the "
                    + "config (model.width, training.batchSize, task.sequenceLength, task.validationSize, "
                    + "task.trainSize, diagnostics.sequences) or give Java more heap (TIMESCALE_JAVA_OPTS=-Xmx…)");
            return 1;
        }
    }

    /** Longest error line printed; longer messages are cut with a note of how much was left out. */
    static final int MAX_LINE = 500;

    /** One printable line: newlines folded, cut at {@value #MAX_LINE} characters. */
    static String line(String message) {
        String m = message == null ? "" : message.replace('\n', ' ');
        return m.length() <= MAX_LINE ? m : m.substring(0, MAX_LINE) + "… (" + (m.length() - MAX_LINE) + " more characters)";
    }

    /** The version, the tensor backend and the threading settings in use. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Backend.initialize();
            Map<String, String> b = Backend.describe();
            return new String[] {
                "Timescale Lab " + AppInfo.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                "Tensor backend: ND4J " + b.get("backend") + ", BLAS " + b.get("blas.vendor") + " (OPENBLAS_CORETYPE="
                        + env("OPENBLAS_CORETYPE") + ")",
                "Threads: BLAS " + b.get("blas.threads") + ", OpenMP " + b.get("omp.threads") + ", cores "
                        + b.get("cores") + " (OMP_NUM_THREADS=" + env("OMP_NUM_THREADS") + ", OMP_WAIT_POLICY="
                        + env("OMP_WAIT_POLICY") + ")",
                "Recurrent kernel (diagonal gates): " + b.get("kernel")
            };
        }

        private static String env(String name) {
            String v = System.getenv(name);
            return v == null ? "unset" : v;
        }
    }
}
