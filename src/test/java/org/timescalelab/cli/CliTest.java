package org.timescalelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.run.Npy;

class CliTest {

    static final String[] TINY = {"--set", "model.width=5", "--set", "task.sequenceLength=10", "--set", "task.lags=2,3",
        "--set", "task.coefficients=0.5,0.5", "--set", "training.batchSize=3", "--set", "task.validationSize=4",
        "--set", "engine.probeSize=2"};

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(more, 0, all, 0, more.length);
        System.arraycopy(base, 0, all, more.length, base.length);
        return all;
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"train", "snapshot", "config"}) {
            Run r = cli(c, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Usage: timescale-lab " + c);
        }
        assertThat(cli("--help").out()).contains("train").contains("snapshot");
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() {
        Run r = cli("train", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Unknown option: '--bogus'");
        assertThat(cli("nosuchcommand").code()).isEqualTo(2);
    }

    @Test
    void badConfigExitsWithTwoNamingTheField(@TempDir Path tmp) {
        Run r = cli("train", "--set", "noise.alpha=0.9", "--out", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().trim()).isEqualTo("error: noise.alpha = 0.9 is not allowed: expected (1, 2]");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void trainWritesACompleteRunDirectory(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Run r = cli(with(TINY, "train", "--preset", "anti-collapse", "--steps", "12", "--out", out.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("finished at step 12");
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(13)
                .first().isEqualTo("step,train_loss,val_loss,learning_rate,width,alpha,grad_norm,steps_per_sec,"
                        + "h_n,envelope_class,beta_hat,alpha_hat_median");
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertThat(config.at("/model/inputSize").asInt()).isEqualTo(4);
        assertThat(config.at("/noise/alpha").asDouble()).isEqualTo(1.5);
        assertThat(out.resolve("checkpoint/parameters.npy")).exists();

        Run resumed = cli("train", "--resume", out.toString(), "--steps", "15");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(16);
    }

    @Test
    void snapshotWritesArraysThatAgreeWithEachOther(@TempDir Path tmp) throws Exception {
        Run r = cli(with(TINY, "snapshot", "--set", "model.dtype=FLOAT64", "--out", tmp.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode manifest = new ObjectMapper().readTree(tmp.resolve("manifest.json").toFile());
        assertThat(manifest.get("arrays")).extracting(a -> a.get("name").asText())
                .contains("W_h", "U_h", "b_h", "W_s", "U_s", "b_s", "W_out", "b_out", "grad_U_s", "x", "y", "h", "s",
                        "phi", "y_hat", "loss", "has_target");
        for (JsonNode a : manifest.get("arrays")) {
            assertThat(tmp.resolve(a.get("file").asText())).exists();
            assertThat(a.get("meaning").asText()).isNotBlank();
        }
        // Recompute ŷ and the loss from the exported h, W_out, b_out, y: an independent check of orientation.
        Npy.Array h = Npy.read(tmp.resolve("h.npy"));
        Npy.Array wOut = Npy.read(tmp.resolve("W_out.npy"));
        Npy.Array bOut = Npy.read(tmp.resolve("b_out.npy"));
        Npy.Array y = Npy.read(tmp.resolve("y.npy"));
        Npy.Array mask = Npy.read(tmp.resolve("has_target.npy"));
        double loss = Npy.read(tmp.resolve("loss.npy")).data()[0];
        int b = h.shape()[0];
        int t = h.shape()[1];
        int hw = h.shape()[2];
        assertThat(wOut.shape()).containsExactly(1, hw);
        double sum = 0;
        int scored = 0;
        for (int step = 0; step < t; step++) {
            scored += mask.data()[step] > 0 ? 1 : 0;
        }
        for (int s = 0; s < b; s++) {
            for (int step = 0; step < t; step++) {
                double yHat = bOut.data()[0];
                for (int q = 0; q < hw; q++) {
                    yHat += wOut.data()[q] * h.data()[(s * t + step) * hw + q];
                }
                if (mask.data()[step] > 0) {
                    double e = yHat - y.data()[s * t + step];
                    sum += 0.5 * e * e;
                }
            }
        }
        assertThat(loss).isCloseTo(sum / (b * scored), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void configPrintsTheResolvedJson() {
        Run r = cli("config", "--preset", "collapse");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"architecture\" : \"CONST_GATE\"").contains("\"inputSize\" : 4");
        assertThat(cli("config", "--keys").out()).contains("training.learningRate = 0.001");
    }

    @Test
    void benchTimesStepsAndCountsTheirArithmetic(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("bench.csv");
        Run r = cli("bench", "--width", "4,8", "--dtype", "FLOAT32", "--repeats", "2", "--warmup", "1", "--optimizer", "SGD",
                "--no-diagnostics", "--length", "80", "--csv", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("SIMD").contains("SGD").contains("GFLOP/s");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).contains("gflop_per_step,gflops,percent_of_peak");
        String[] h8 = rows.get(2).split(",");
        // 3 × (2·T·B·(I + H)·G·H + 2·T·B·H·O) with T = 80, B = 32, I = 4, H = 8, G = 2, O = 1.
        assertThat(Double.parseDouble(h8[10])).isCloseTo(3 * (2.0 * 2560 * 12 * 2 * 8 + 2.0 * 2560 * 8) / 1e9,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h8[13]).isEqualTo("NaN");
    }

    @Test
    void sdeWritesTheSpectrumAndItsImpliedWindow(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sde");
        Run r = cli("sde", "--set", "particles=2000", "--set", "maxTime=40", "--set", "sigma=0", "--set", "lambda=0.5",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.at("/predictedBeta").asDouble()).isEqualTo(1.5);
        assertThat(s.at("/betaHat").asDouble()).isBetween(1.2, 1.8);
        assertThat(s.at("/impliedWindow/N=1e8").asDouble()).isGreaterThanOrEqualTo(s.at("/impliedWindow/N=1e3").asDouble());
        assertThat(Files.readAllLines(out.resolve("spectrum.csv"))).hasSize(2001);
        assertThat(cli("sde", "--set", "kappa=-1", "--out", out.toString()).err()).contains("kappa").contains("> 0");
    }

    @Test
    void phaseWritesEveryCellAndThePicture(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("phase");
        Run r = cli("phase", "--x", "lambdaOverKappa:0.2:2.5:3", "--y", "b:1.5:2:2", "--set", "particles=500",
                "--set", "maxTime=20", "--set", "sigma=0", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("phase.csv"));
        assertThat(rows).hasSize(7);
        assertThat(rows.get(0)).isEqualTo("x,y,beta_hat,beta_low,beta_high,class,rho,stationary");
        // λ/κ = 2.5 ≥ b: no stationary law in either row.
        assertThat(rows.stream().filter(l -> l.startsWith("2.5,")).allMatch(l -> l.endsWith(",false"))).isTrue();
        assertThat(Files.size(out.resolve("phase.png"))).isGreaterThan(1000);
    }

    @Test
    void trainWithDiagnosticsWritesEveryFileAndAnalyzeRecomputesThem(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Run r = cli(with(TINY, "train", "--steps", "6", "--diagnostics-every", "3", "--set", "diagnostics.sequences=16",
                "--set", "diagnostics.envelopeSequences=4", "--set", "diagnostics.bootstrap=50",
                "--set", "engine.checkpointEvery=3", "--out", out.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        for (String step : new String[] {"step-3", "step-6"}) {
            Path d = out.resolve("diagnostics").resolve(step);
            assertThat(Files.readAllLines(d.resolve("envelope.csv")).get(0)).isEqualTo("lag,f,f_log_se,f_gates,gamma1_share,f_exact,f_expansion,f_pred");
            assertThat(Files.readAllLines(d.resolve("envelope.csv"))).hasSize(10);
            assertThat(Files.readAllLines(d.resolve("timescales.csv")).get(0)).isEqualTo("neuron,tau,tau_gate,fit_r2,amplitude,lambda");
            assertThat(Files.readAllLines(d.resolve("timescales.csv"))).hasSize(6);
            assertThat(Files.readAllLines(d.resolve("learnability.csv")).get(0)).isEqualTo("lag,signal,signal_low,"
                    + "signal_high,noise_scale,snr_n,resolved,n_hat,n_hat_low,n_hat_high,n_hat_author,n_implied");
            assertThat(Files.readAllLines(d.resolve("window.csv")).get(0))
                    .isEqualTo("N,H_N,censored,H_N_low,H_N_high,lag_high,bound,H_N_implied,H_N_author");
            JsonNode summary = new ObjectMapper().readTree(d.resolve("summary.json").toFile());
            assertThat(summary.at("/envelope/class").asText()).isIn("exponential", "power", "logarithmic");
            assertThat(summary.at("/envelope/models")).hasSize(4);
            assertThat(summary.at("/learnability/predictedGrowth").asText()).isNotEmpty();
            assertThat(summary.at("/learnability/windows")).as("one window per decade, 10³…10⁸").hasSize(6);
            assertThat(summary.at("/learnability/windows/4/N").asDouble()).as("the app's N").isEqualTo(1e7);
            assertThat(summary.at("/learnability/windows/0/bound").asText())
                    .isIn("learnability", "sequence", "task", "cannot tell");
            assertThat(summary.at("/learnability/windows/0/lagHigh").isMissingNode()).isFalse();
            assertThat(summary.at("/learnability/chain/signalSlope").isMissingNode()).isFalse();
            assertThat(summary.at("/costMillis").asDouble()).isPositive();
        }
        String row3 = Files.readAllLines(out.resolve("metrics.csv")).get(3);
        assertThat(row3.split(",", -1)).hasSize(12);
        assertThat(row3.split(",", -1)[9]).isNotEmpty();
        assertThat(Files.readAllLines(out.resolve("metrics.csv")).get(2).split(",", -1)[9]).isEmpty();

        String before = Files.readString(out.resolve("diagnostics/step-3/envelope.csv"));
        Files.delete(out.resolve("diagnostics/step-3/envelope.csv"));
        Run again = cli("analyze", out.toString(), "--step", "3");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readString(out.resolve("diagnostics/step-3/envelope.csv"))).isEqualTo(before);
        assertThat(cli("analyze", out.toString(), "--set", "model.width=3").code()).isEqualTo(2);

        // Other settings are another measurement: their own folder, the run's pass untouched.
        Run smaller = cli("analyze", out.toString(), "--step", "3", "--set", "diagnostics.bootstrap=30");
        assertThat(smaller.code()).as(smaller.err()).isZero();
        assertThat(Files.readString(out.resolve("diagnostics/step-3/envelope.csv"))).isEqualTo(before);
        try (var folders = Files.list(out.resolve("analysis"))) {
            Path look = folders.filter(p -> p.getFileName().toString().matches("step-3-[0-9a-f]{8}")).findFirst()
                    .orElseThrow();
            assertThat(smaller.err()).contains("wrote " + look);
            assertThat(new ObjectMapper().readTree(look.resolve("settings.json").toFile())
                    .at("/diagnostics/bootstrap").asInt()).isEqualTo(30);
            assertThat(look.resolve("window.csv")).exists();
        }

        // Redraws: other samples, so other numbers; the run's own pass stays as it was.
        Run redraw = cli("analyze", out.toString(), "--step", "3", "--redraw", "3");
        assertThat(redraw.code()).as(redraw.err()).isZero();
        assertThat(redraw.out()).contains("sd(draws)", "mean 90%", "pairs in", "H_N(1e4)", "pooled α̂", "envelope rate");
        java.util.List<String> draws = Files.readAllLines(out.resolve("analysis/step-3/redraw.csv"));
        assertThat(draws.get(0)).isEqualTo("number,draw,seed,value,low90,high90");
        assertThat(draws).hasSize(1 + 3 * 6);
        assertThat(draws.stream().filter(l -> l.startsWith("pooled")).map(l -> l.split(",")[3]).distinct().count())
                .as("fresh samples give other estimates").isGreaterThan(1);
        assertThat(Files.readString(out.resolve("diagnostics/step-3/envelope.csv"))).isEqualTo(before);
        assertThat(cli("analyze", out.toString(), "--redraw", "1").err()).contains("redraw", "2..64");

        Run again2 = cli(with(TINY, "train", "--steps", "2", "--out", out.toString(), "--overwrite"));
        assertThat(again2.code()).as(again2.err()).isZero();
        assertThat(out.resolve("analysis")).as("--overwrite removes what analyze wrote").doesNotExist();
    }

    @Test
    void tailPrintsJsonForACsvColumn(@TempDir Path tmp) throws Exception {
        StringBuilder csv = new StringBuilder("id,value\n");
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 600; i++) {
            csv.append(i).append(',').append(Math.pow(1 - rnd.nextDouble(), -1 / 1.5)).append('\n');
        }
        Files.writeString(tmp.resolve("s.csv"), csv.toString());
        Run r = cli("tail", tmp.resolve("s.csv").toString(), "--column", "value");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("n").asInt()).isEqualTo(600);
        assertThat(j.get("reliable").asBoolean()).isTrue();
        assertThat(j.at("/spectrumTail/beta").asDouble()).isBetween(1.2, 1.8);
        assertThat(j.at("/mcculloch/alphaLow90").isNumber()).isTrue();
        assertThat(cli("tail", tmp.resolve("s.csv").toString(), "--column", "nope").err()).contains("no column 'nope'");
    }

    @Test
    void snapshotAlsoWritesTheLeakFactorsAndTheBatchEnvelope(@TempDir Path tmp) throws Exception {
        Run r = cli(with(TINY, "snapshot", "--out", tmp.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Npy.read(tmp.resolve("leak_a.npy")).shape()).containsExactly(3, 10, 5);
        assertThat(Npy.read(tmp.resolve("leak_r.npy")).shape()).containsExactly(3, 10, 5);
        assertThat(Files.readAllLines(tmp.resolve("envelope.csv"))).hasSize(10).first().isEqualTo("lag,f,f_gates");
    }

    static final String TINY_SWEEP = "{\"name\": \"cli\", \"config\": {\"model\": {\"width\": 5},"
            + " \"task\": {\"sequenceLength\": 16, \"lags\": [2, 3], \"coefficients\": [0.5, 0.5], \"validationSize\": 4},"
            + " \"training\": {\"steps\": 6, \"batchSize\": 3}, \"engine\": {\"probeSize\": 2},"
            + " \"diagnostics\": {\"sequences\": 16, \"envelopeSequences\": 4, \"directions\": 2, \"bootstrap\": 20,"
            + " \"gradientSamples\": 0}},"
            + " \"axes\": [{\"field\": \"noise.alpha\", \"values\": [1.5, 2]}], \"seeds\": 2}";

    @Test
    void sweepRunsResumesAndReports(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("s.json");
        Files.writeString(file, TINY_SWEEP);
        Path out = tmp.resolve("out");
        Run r = cli("sweep", file.toString(), "--out", out.toString(), "--parallel", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 cells × 2 seeds = 4 runs").contains("finished: 4/4 runs done (0 failed, 0 diverged)");
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).as("the default H_N columns: 10⁶, 10⁷ (the app's N), 10⁸")
                .startsWith("cell,seed,noise.alpha,status,reason,steps,train_loss,val_loss,h_n_1000000,h_n_10000000,h_n_100000000,");

        Run again = cli("sweep", file.toString(), "--out", out.toString());
        assertThat(again.err()).contains("4 already done");
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).isEqualTo(csv);

        Run report = cli("sweep-report", out.toString(), "--metric", "val_loss");
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(out.resolve("report-val_loss-noise_alpha-lines.png")).exists();
        assertThat(cli("sweep-report", out.toString(), "--metric", "speed").err()).contains("metric = speed");
    }

    @Test
    void badSweepsExitWithTwoNamingTheField(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("s.json");
        Files.writeString(file, TINY_SWEEP.replace("[1.5, 2]", "[1.5, 3]"));
        Run r = cli("sweep", file.toString(), "--out", tmp.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: axes[0] (noise.alpha): noise.alpha = 3.0 is not allowed: expected (1, 2]");
        Files.writeString(file, TINY_SWEEP);
        Run engine = cli("sweep", file.toString(), "--out", tmp.resolve("o").toString(), "--engine", "mpi");
        assertThat(engine.code()).isEqualTo(2);
        assertThat(engine.err()).contains("--engine must be local or spark");
        assertThat(cli("sweep", file.toString(), "--out", tmp.resolve("p").toString(), "--parallel", "0").err())
                .contains("parallel = 0");
    }

    @Test
    void aDivergedRunKeepsTheRunAtItsRollbackStepAndResumesWithALowerRate(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad");
        Run r = cli(with(TINY, "train", "--steps", "400", "--set", "training.optimizer=SGD", "--set",
                "training.learningRate=2", "--set", "model.dtype=FLOAT64", "--out", bad.toString()));
        assertThat(r.code()).isEqualTo(Cli.DIVERGED);
        assertThat(r.err()).contains("diverged: ").contains("rolled back to step ");
        JsonNode state = new ObjectMapper().readTree(bad.resolve("checkpoint/state.json").toFile());
        long back = state.get("step").asLong();

        // The checkpoint is the run at that step: the same run stopped there has the same bytes.
        Path plain = tmp.resolve("plain");
        assertThat(cli(with(TINY, "train", "--steps", Long.toString(back), "--set", "training.optimizer=SGD", "--set",
                "training.learningRate=2", "--set", "model.dtype=FLOAT64", "--out", plain.toString())).code()).isZero();
        assertThat(Files.readAllBytes(bad.resolve("checkpoint/parameters.npy")))
                .isEqualTo(Files.readAllBytes(plain.resolve("checkpoint/parameters.npy")));
        JsonNode plainState = new ObjectMapper().readTree(plain.resolve("checkpoint/state.json").toFile());
        for (String field : new String[] {"dataGenerator", "noiseGenerator", "optimizerSteps"}) {
            assertThat(state.findValue(field)).as(field).isEqualTo(plainState.findValue(field));
        }

        Run resumed = cli("train", "--resume", bad.toString(), "--steps", Long.toString(back + 30), "--set",
                "training.learningRate=0.01");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        List<String> lines = Files.readAllLines(bad.resolve("metrics.csv"));
        assertThat(lines.get(lines.size() - 1)).startsWith(Long.toString(back + 30) + ",");
    }
}
