package org.timescalelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import org.timescalelab.engine.AppInfo;
import org.timescalelab.engine.ConfigException;
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
            SdeCommand.class, PhaseCommand.class, SweepCommand.class, SweepReportCommand.class,
            ConfigCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
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
                w.println("error: " + ex.getMessage());
                return USAGE;
            }
            if (ex instanceof IOException) {
                w.println("error: " + ex.getMessage());
                return 1;
            }
            w.println("error: unexpected failure: " + ex);
            ex.printStackTrace(w);
            return 1;
        });
        return cl.execute(args);
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
