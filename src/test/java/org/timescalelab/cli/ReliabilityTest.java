package org.timescalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.timescalelab.cli.CliTest.TINY;
import static org.timescalelab.cli.CliTest.cli;
import static org.timescalelab.cli.CliTest.with;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.config.ConfigLoader;

/**
 * The fuzz and fault suite: hostile configs, damaged run directories and killed runs, each held to
 * the command line's contract — exit code 0, 1 or 2 as documented, one line of error and never a
 * stack trace, no foreign file touched, every killed run resumable with no metrics gap and the
 * resumed rows equal to an uninterrupted run's.
 */
@Tag("reliability")
class ReliabilityTest {

    /** Values every field is tried with (many invalid for most fields, a few valid for some). */
    private static final List<String> HOSTILE = List.of("", "abc", "NaN", "Infinity", "-Infinity", "-1", "0", "1e999",
            "-1e999", "2147483648", "-2147483649", "9223372036854775808", "1e-320", "0.5", "1,2,3", "true", "{}",
            "\u0000", "x".repeat(3000), "0x1p-3", "1d", "\u0661\u0662", "[null]");

    private static void assertContract(CliTest.Run r, String what) {
        assertThat(r.code()).as("%s: exit code; stderr %s", what, r.err()).isIn(0, 1, 2);
        assertThat(r.err()).as("%s: no stack trace", what).doesNotContain("\tat ").doesNotContain("Exception:");
        if (r.code() != 0) {
            String[] lines = r.err().strip().split("\n");
            assertThat(lines).as("%s: one line", what).hasSize(1);
            assertThat(lines[0]).as(what).startsWith("error: ").hasSizeLessThan(Cli.MAX_LINE + 200);
        }
    }

    @Test
    void hostileConfigValuesAreRefusedWithOneLineNamingTheField(@TempDir Path tmp) throws IOException {
        int tried = 0;
        int refused = 0;
        for (Map.Entry<String, String> key : ConfigLoader.keys().entrySet()) {
            for (String value : HOSTILE) {
                CliTest.Run r = cli("config", "--set", key.getKey() + "=" + value);
                assertContract(r, key.getKey() + "=" + value);
                tried++;
                if (r.code() != 0) {
                    refused++;
                    assertThat(r.code()).isEqualTo(2);
                    List<String> names = new ArrayList<>(ConfigLoader.keys().keySet());
                    names.addAll(List.of("resources", "set"));
                    assertThat(r.err()).as(key.getKey() + "=" + value).containsAnyOf(names.toArray(String[]::new));
                }
            }
        }
        String[] files = {"", "{", "[]", "null", "{\"model\": {\"width\": 32}} trailing",
            "{\"model\": {\"width\": 32, \"width\": 48}}", "{\"model\": 7}", "{\"nope\": {}}", "{\"model\": {\"width\": \"x\"}}",
            "{\"task\": {\"lags\": [1, 2, \"a\"]}}", "{\"task\": {\"lags\": " + "[1,".repeat(2000) + "}}",
            "\u0000\u0000", "{\"training\": {\"learningRate\": 1e400}}", "{\"seeds\": {\"model\": 1.5}}"};
        for (int i = 0; i < files.length; i++) {
            Path f = tmp.resolve("c" + i + ".json");
            Files.writeString(f, files[i]);
            CliTest.Run r = cli("config", "--config", f.toString());
            assertContract(r, "config file " + i);
            assertThat(r.code()).as(files[i]).isEqualTo(2);
            tried++;
            refused++;
        }
        for (String set : new String[] {"..=3", "=", "model=3", "model.width", "model.width.x=3", ".width=3"}) {
            CliTest.Run r = cli("config", "--set", set);
            assertContract(r, set);
            assertThat(r.code()).isEqualTo(2);
            tried++;
        }
        assertThat(tried).isGreaterThanOrEqualTo(300);
        assertThat(refused).isGreaterThan(tried / 2);
    }

    /**
     * Configs at the edges of what the validator accepts: each trains two steps and runs a
     * diagnostics pass after each (a config that passes validation and then fails at its first pass
     * is a validator defect; one short lag grid did exactly that).
     */
    @Test
    void everyEdgeConfigTheValidatorAcceptsTrainsAndRunsAPass(@TempDir Path tmp) throws IOException {
        List<List<String>> edges = List.of(
                List.of("task.sequenceLength=6", "task.lags=2,5", "diagnostics.lagPoints=5"),
                List.of("task.sequenceLength=7", "task.lags=2,6", "diagnostics.lagPoints=6"),
                List.of("task.sequenceLength=128", "task.lags=2,127", "diagnostics.lagPoints=5"),
                List.of("model.width=1", "training.batchSize=1", "engine.probeSize=1"),
                List.of("task.trainSize=3"),
                List.of("task.type=DELAYED_RECALL", "task.lag=9"),
                List.of("task.type=NARMA10", "task.sequenceLength=11"),
                List.of("model.architecture=GRU", "model.width=1"),
                List.of("model.architecture=LSTM", "model.width=1"),
                List.of("noise.alpha=1.0001", "noise.updateScale=1"),
                List.of("noise.alpha=2", "noise.labelScale=1"),
                List.of("diagnostics.sequences=16", "diagnostics.envelopeSequences=1", "diagnostics.directions=1",
                        "diagnostics.bootstrap=0", "diagnostics.exactLags=0", "diagnostics.gradientSamples=11"),
                List.of("diagnostics.exactLags=64", "diagnostics.exactSequences=64", "diagnostics.lagPoints=4096"),
                List.of("model.gateSpread=0", "model.gateInit=0.999"),
                List.of("task.schedule=[{\"at\": 1, \"lags\": [3], \"coefficients\": [1]}]"));
        int i = 0;
        for (List<String> edge : edges) {
            List<String> args = new ArrayList<>(List.of("train", "--steps", "2", "--diagnostics-every", "1", "--out",
                    tmp.resolve("edge-" + i++).toString()));
            args.addAll(List.of(TINY));
            args.addAll(List.of("--set", "diagnostics.sequences=64", "--set", "diagnostics.envelopeSequences=8",
                    "--set", "diagnostics.bootstrap=20"));
            edge.forEach(e -> args.addAll(List.of("--set", e)));
            CliTest.Run r = cli(args.toArray(String[]::new));
            assertContract(r, edge.toString());
            assertThat(r.code()).as("%s: %s", edge, r.err()).isZero();
            assertThat(tmp.resolve("edge-" + (i - 1)).resolve("diagnostics/step-2/envelope.csv")).as(edge.toString()).exists();
        }
    }

    @Test
    void damagedRunDirectoriesAreRefusedWithTheFileNamedAndLeftAsTheyWere(@TempDir Path tmp) throws IOException {
        Path good = tmp.resolve("good");
        CliTest.Run made = cli(with(TINY, "train", "--steps", "4", "--out", good.toString()));
        assertThat(made.code()).as(made.err()).isZero();
        List<Damage> damages = damages(good);
        int refusals = 0;
        for (int i = 0; i < damages.size(); i++) {
            Damage d = damages.get(i);
            Path run = tmp.resolve("damaged-" + i);
            copyTree(good, run);
            d.apply(run);
            byte[] config = Files.readAllBytes(run.resolve("config.json"));
            for (String[] command : new String[][] {{"train", "--resume", run.toString(), "--steps", "6"},
                {"analyze", run.toString(), "--set", "diagnostics.sequences=16", "--set", "diagnostics.envelopeSequences=4",
                    "--set", "diagnostics.bootstrap=0"}}) {
                CliTest.Run r = cli(command);
                assertContract(r, d.name() + " / " + command[0]);
                assertThat(r.code()).as(d.name() + " / " + command[0] + ": " + r.err()).isEqualTo(1);
                refusals++;
                assertThat(Files.readAllBytes(run.resolve("config.json"))).as(d.name()).isEqualTo(config);
            }
        }
        assertThat(damages).hasSizeGreaterThanOrEqualTo(30);
        assertThat(refusals).isEqualTo(2 * damages.size());
    }

    private record Damage(String name, IoAction action) {
        void apply(Path run) throws IOException {
            action.apply(run);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void apply(Path run) throws IOException;
    }

    private static List<Damage> damages(Path good) throws IOException {
        List<Damage> out = new ArrayList<>();
        for (String npy : new String[] {"parameters.npy", "first_moment.npy", "second_moment.npy"}) {
            long size = Files.size(good.resolve("checkpoint").resolve(npy));
            for (long keep : new long[] {0, 5, 9, 60, size - 8, size - 1}) {
                out.add(new Damage(npy + " truncated to " + keep, run -> truncate(run.resolve("checkpoint").resolve(npy), keep)));
            }
            out.add(new Damage(npy + " with a huge shape", run -> fakeHeader(run.resolve("checkpoint").resolve(npy),
                    "(2147483647,)", "<f8")));
            out.add(new Damage(npy + " with a negative shape", run -> fakeHeader(run.resolve("checkpoint").resolve(npy),
                    "(-4,)", "<f8")));
            out.add(new Damage(npy + " with an odd dtype", run -> fakeHeader(run.resolve("checkpoint").resolve(npy),
                    "(3,)", "<c16")));
            out.add(new Damage(npy + " deleted", run -> Files.delete(run.resolve("checkpoint").resolve(npy))));
        }
        String state = Files.readString(good.resolve("checkpoint/state.json"));
        out.add(new Damage("state.json empty", run -> Files.writeString(run.resolve("checkpoint/state.json"), "")));
        out.add(new Damage("state.json garbage", run -> Files.writeString(run.resolve("checkpoint/state.json"), "\u0000{]")));
        out.add(new Damage("state.json an array", run -> Files.writeString(run.resolve("checkpoint/state.json"), "[1]")));
        for (String field : new String[] {"step", "width", "optimizerSteps", "learningRate", "dataGenerator",
            "noiseGenerator", "config"}) {
            out.add(new Damage("state.json without " + field, run -> Files.writeString(run.resolve("checkpoint/state.json"),
                    state.replaceFirst("\"" + field + "\"", "\"x" + field + "\""))));
        }
        out.add(new Damage("state.json with a width of another model", run -> Files.writeString(
                run.resolve("checkpoint/state.json"), state.replaceFirst("\"width\" : \\d+", "\"width\" : 7"))));
        out.add(new Damage("state.json with a bad generator", run -> Files.writeString(run.resolve("checkpoint/state.json"),
                state.replaceFirst("\"dataGenerator\" : \"[^\"]*\"", "\"dataGenerator\" : \"AAAA\""))));
        out.add(new Damage("state.json with text for a number", run -> Files.writeString(
                run.resolve("checkpoint/state.json"), state.replaceFirst("\"learningRate\" : [^,]+", "\"learningRate\" : \"fast\""))));
        // Files that are not regular: a read would block (a FIFO) or never end (/dev/zero).
        out.add(new Damage("parameters.npy a link to /dev/zero", run -> {
            Files.delete(run.resolve("checkpoint/parameters.npy"));
            Files.createSymbolicLink(run.resolve("checkpoint/parameters.npy"), Path.of("/dev/zero"));
        }));
        for (String f : new String[] {"parameters.npy", "state.json"}) {
            out.add(new Damage(f + " a FIFO", run -> {
                Files.delete(run.resolve("checkpoint").resolve(f));
                mkfifo(run.resolve("checkpoint").resolve(f));
            }));
        }
        out.add(new Damage("state.json a folder", run -> {
            Files.delete(run.resolve("checkpoint/state.json"));
            Files.createDirectory(run.resolve("checkpoint/state.json"));
        }));
        out.add(new Damage("state.json not UTF-8", run -> Files.write(run.resolve("checkpoint/state.json"),
                new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'})));
        out.add(new Damage("checkpoint folder missing", run -> {
            for (String f : new String[] {"parameters.npy", "first_moment.npy", "second_moment.npy", "state.json"}) {
                Files.delete(run.resolve("checkpoint").resolve(f));
            }
            Files.delete(run.resolve("checkpoint"));
        }));
        return out;
    }

    private static void mkfifo(Path at) throws IOException {
        try {
            int code = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start().waitFor();
            assertThat(code).as("mkfifo " + at).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void truncate(Path file, long keep) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, (int) Math.max(0, Math.min(b.length, keep))));
    }

    private static void fakeHeader(Path file, String shape, String dtype) throws IOException {
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = 64 - (10 + header.length() + 1) % 64;
        header = header + " ".repeat(pad) + "\n";
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), (byte) (header.length() >> 8)};
        byte[] body = new byte[5000];
        byte[] all = new byte[magic.length + header.length() + body.length];
        System.arraycopy(magic, 0, all, 0, magic.length);
        System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, all, magic.length, header.length());
        Files.write(file, all);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /**
     * 8 runs killed at different times — SIGKILL and SIGTERM (what Ctrl-C and a window close
     * send), during training steps, checkpoint writes and diagnostics passes — each resumed to the
     * full budget: every one resumes, its metrics have no gap, and its rows equal an uninterrupted
     * run's (every column but the wall-clock speed). Kills at each rename, twice, are
     * KillAtEveryRenameTest's (deterministic, in-process) and src/test/scripts/kill-at-every-rename.sh's.
     */
    @Test
    void killedRunsResumeWithNoGapAndTheSameRows(@TempDir Path tmp) throws Exception {
        String[] config = with(TINY, "--set", "training.steps=400", "--set", "engine.checkpointEvery=7",
                "--set", "diagnostics.every=25", "--set", "diagnostics.sequences=512", "--set",
                "diagnostics.envelopeSequences=4", "--set", "diagnostics.bootstrap=0");
        Path reference = tmp.resolve("reference");
        CliTest.Run ref = cli(with(config, "train", "--out", reference.toString()));
        assertThat(ref.code()).as(ref.err()).isZero();
        List<String> expected = rows(reference);
        assertThat(expected).hasSize(400);
        int kills = 0;
        int interrupted = 0;
        for (int k = 0; k < 8; k++) {
            Path run = tmp.resolve("killed-" + k);
            boolean hard = k % 2 == 0;
            Process p = launch(with(config, "train", "--out", run.toString()));
            // Kill at a varying time after training has started (its first progress line).
            waitForProgress(p, 1);
            Thread.sleep(150L * k);
            if (hard) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("run %d ends after the signal", k).isTrue();
            if (!hard) {
                assertThat(p.exitValue()).as("run %d exits cleanly on SIGTERM", k).isIn(0, 130, 143);
            }
            kills++;
            long at = Files.readAllLines(run.resolve("metrics.csv")).size() - 1L;
            interrupted += at < 400 ? 1 : 0;
            CliTest.Run resumed = cli("train", "--resume", run.toString());
            assertThat(resumed.code()).as("run %d resumes: %s", k, resumed.err()).isZero();
            List<String> got = rows(run);
            for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
                assertThat(got.get(i)).as("run %d (killed at row %d, %s): row %d", k, at, hard ? "SIGKILL" : "SIGTERM", i + 1)
                        .isEqualTo(expected.get(i));
            }
            assertThat(got).as("run %d: rows", k).hasSameSizeAs(expected);
        }
        assertThat(kills).isEqualTo(8);
        // Most kills must land mid-run for the test to mean anything.
        assertThat(interrupted).as("kills that landed before the end").isGreaterThanOrEqualTo(6);
    }

    /** metrics.csv without the steps_per_sec column (the only one that depends on the clock). */
    private static List<String> rows(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int speed = header.indexOf("steps_per_sec");
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            f.remove(speed);
            out.add(String.join(",", f));
        }
        return out;
    }

    private static Process launch(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", classPath,
                "org.timescalelab.Launcher"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Reads stderr until the progress bar has shown {@code updates} steps (or the process ends). */
    private static void waitForProgress(Process p, int updates) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        int seen = 0;
        StringBuilder line = new StringBuilder();
        int c;
        while (seen < updates && (c = err.read()) >= 0) {
            if (c == '\r' || c == '\n') {
                seen += line.indexOf("] step ") >= 0 ? 1 : 0;
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        // Keep draining stderr so the child never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                err.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "stderr-drain");
        drain.setDaemon(true);
        drain.start();
    }
}
