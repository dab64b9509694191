package org.timescalelab.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.DiagnosticSettings;
import org.timescalelab.nn.LambdaMode;
import org.timescalelab.nn.LearnerSpec;
import org.timescalelab.nn.ModelSpec;
import org.timescalelab.nn.OptimizerKind;
import org.timescalelab.nn.OptimizerSpec;
import org.timescalelab.nn.Precision;
import org.timescalelab.nn.Readout;
import org.timescalelab.nn.TaskKind;
import org.timescalelab.nn.TaskSpec;

/**
 * The complete, immutable configuration of a training session. Every field has a default (the
 * {@code demo} preset); {@link ConfigLoader} reads JSON and {@code --set} overrides into it and
 * {@link #validate()} checks every range. Safe to share between threads.
 *
 * @param model       the network
 * @param task        the task and its data sets
 * @param training    optimizer, learning rate, batches, steps
 * @param noise       heavy-tailed noise (docs/training.md, "Noise")
 * @param seeds       the three independent seeds
 * @param diagnostics diagnostics schedule
 * @param engine      publishing and run-directory schedule
 */
public record SessionConfig(Model model, Task task, Training training, Noise noise, Seeds seeds,
                            Diagnostics diagnostics, Engine engine) {

    /** Largest width the application supports (memory of the diagnostics pass). */
    public static final int MAX_WIDTH = 1024;

    /**
     * The network.
     *
     * @param architecture CONST_GATE, SHARED_GATE, DIAG_GATE, GRU or LSTM
     * @param width        hidden units H, 1..1024
     * @param inputSize    input dimension; 0 takes the task's
     * @param outputSize   output dimension; 0 takes the task's
     * @param readout      EVERY_STEP or LAST_STEP
     * @param gateInit     initial gate s₀ in (0, 1) (the fixed gate of CONST_GATE)
     * @param gateSpread   spread of the initial time scales around τ₀ = −1/ln(1 − s₀), in decades, 0..4
     * @param dtype        FLOAT32 or FLOAT64
     */
    public record Model(Architecture architecture, int width, int inputSize, int outputSize, Readout readout,
                        double gateInit, double gateSpread, Precision dtype) {
    }

    /**
     * The task (docs/training.md, "Tasks") and its data sets.
     *
     * @param type           MULTI_LAG, DELAYED_RECALL, ADDING or NARMA10
     * @param sequenceLength T, 2..4096
     * @param dim            input dimension of MULTI_LAG and DELAYED_RECALL, 1..64
     * @param lags           MULTI_LAG's lags, each 1..T−1
     * @param coefficients   MULTI_LAG's coefficients, one per lag
     * @param lag            DELAYED_RECALL's lag, 1..T−1
     * @param trainSize      fixed training-set size; 0 draws fresh sequences every step
     * @param validationSize validation sequences, 1..100000
     * @param inputScale     standard deviation of MULTI_LAG's and DELAYED_RECALL's Gaussian inputs (missing: 1)
     * @param schedule       task switches during training (docs/training.md, "Task schedules"); empty: one task
     */
    public record Task(TaskKind type, int sequenceLength, int dim, int[] lags, double[] coefficients, int lag,
                       int trainSize, int validationSize, Double inputScale, List<Switch> schedule) {

        /** Defensive copies; a missing schedule is an empty one, a missing input scale 1 (configs written before it). */
        public Task {
            lags = lags == null ? null : lags.clone();
            coefficients = coefficients == null ? null : coefficients.clone();
            inputScale = inputScale == null ? 1.0 : inputScale;
            schedule = schedule == null ? List.of() : List.copyOf(schedule);
        }

        @Override
        public int[] lags() {
            return lags.clone();
        }

        @Override
        public double[] coefficients() {
            return coefficients.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Task && toString().equals(o.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            return "Task[" + type + ", T=" + sequenceLength + ", dim=" + dim + ", lags=" + Arrays.toString(lags)
                    + ", c=" + Arrays.toString(coefficients) + ", lag=" + lag + ", train=" + trainSize
                    + ", validation=" + validationSize + ", input scale=" + inputScale + ", schedule=" + schedule + "]";
        }
    }

    /**
     * One switch of a task schedule: from step {@code at} on (after {@code at} steps), the task's
     * lags and coefficients (MULTI_LAG) or its lag (DELAYED_RECALL), and its input scale, become
     * these; the type, the sequence length and the network stay, so parameters and optimizer state
     * carry over. A field left out (null) keeps the previous stage's value.
     *
     * @param at           steps taken when the switch happens, ≥ 1, increasing along the schedule
     * @param lags         the new lags, or null
     * @param coefficients the new coefficients, or null
     * @param lag          the new delayed-recall lag, or null
     * @param inputScale   the new input scale (a nonstationary input), or null
     */
    public record Switch(long at, int[] lags, double[] coefficients, Integer lag, Double inputScale) {

        /** Defensive copies. */
        public Switch {
            lags = lags == null ? null : lags.clone();
            coefficients = coefficients == null ? null : coefficients.clone();
        }

        /** A switch of the target alone, the inputs as before. */
        public Switch(long at, int[] lags, double[] coefficients, Integer lag) {
            this(at, lags, coefficients, lag, null);
        }

        @Override
        public int[] lags() {
            return lags == null ? null : lags.clone();
        }

        @Override
        public double[] coefficients() {
            return coefficients == null ? null : coefficients.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Switch && toString().equals(o.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            return "Switch[at=" + at + ", lags=" + Arrays.toString(lags) + ", c=" + Arrays.toString(coefficients)
                    + ", lag=" + lag + ", input scale=" + inputScale + "]";
        }
    }

    /**
     * Optimization.
     *
     * @param optimizer     SGD, MOMENTUM, RMSPROP, ADAM or ADAMW
     * @param learningRate  η in (0, 10]
     * @param batchSize     sequences per step, 1..4096
     * @param steps         steps of a headless run; 0 runs until stopped
     * @param clipNorm      global gradient-norm threshold, 0 = off
     * @param momentum      MOMENTUM's coefficient in [0, 1)
     * @param rho           RMSprop's decay in [0, 1)
     * @param beta1         Adam's first-moment decay in [0, 1)
     * @param beta2         Adam's second-moment decay in [0, 1)
     * @param epsilon       ε of the adaptive rates, in (0, 1]
     * @param weightDecay   AdamW's decoupled decay in [0, 1]
     * @param validateEvery steps between validation losses, ≥ 1
     */
    public record Training(OptimizerKind optimizer, double learningRate, int batchSize, long steps, double clipNorm,
                           double momentum, double rho, double beta1, double beta2, double epsilon,
                           double weightDecay, int validateEvery) {
    }

    /**
     * Heavy-tailed noise (docs/training.md, "Noise").
     *
     * @param alpha       tail index α in (1, 2]; 2 is Gaussian
     * @param updateScale update noise, as a multiple of RMS(Δθ) per tensor, in [0, 100]
     * @param labelScale  label-noise scale in [0, 100]
     */
    public record Noise(double alpha, double updateScale, double labelScale) {
    }

    /**
     * Seeds; a session is a function of them and the rest of the config.
     *
     * @param model initial parameters
     * @param data  task, training stream, validation, probe and diagnostic sets
     * @param noise label and update noise
     */
    public record Seeds(long model, long data, long noise) {
    }

    /**
     * Diagnostics (docs/envelope-and-window.md) and their schedule.
     *
     * @param every             training steps between diagnostics passes; 0 = off
     * @param sequences         N_diag, sequences of the fixed diagnostic set, 16..100000
     * @param envelopeSequences sequences the envelope and profiles average over (all window starts), 1..N_diag
     * @param directions        K, random unit parameter directions of the tangents (ψ per direction), 1..64
     * @param lambdaMode        ROW_MEAN or RAYLEIGH (Λ of adaptive optimizers)
     * @param lagPoints         lags of the grid: every lag 1..T−1 when T−1 ≤ lagPoints, else this many log-spaced, 4..4096
     * @param threshold         detection threshold ε of the SNR, > 0
     * @param referenceN        sample size N of the H_N column in metrics.csv, ≥ 1
     * @param exactLags         lags (log-spaced up to T−1) with the exact diagonal transport, 0..64
     * @param exactSequences    sequences the exact transport averages over, 1..64
     * @param bootstrap         bootstrap resamples of the spectrum tail β̂, 0..100000
     * @param gradientSamples   per-example gradients for the gradient anisotropy (docs/anisotropy.md), 0 or 11..1024
     * @param seed              seed of the diagnostic sample — its sequences, directions, label noise and
     *                          bootstraps (docs/envelope-and-window.md, "Redrawing the sample"); {@value #DERIVED_SEED}
     *                          derives them from {@code seeds.data} and {@code seeds.noise} as runs made before
     *                          this setting did, so that they reproduce
     */
    public record Diagnostics(int every, int sequences, int envelopeSequences, int directions, LambdaMode lambdaMode,
                              int lagPoints, double threshold, long referenceN, int exactLags, int exactSequences,
                              int bootstrap, int gradientSamples, long seed) {

        /** The seed value that derives the diagnostic sample from the run's data and noise seeds. */
        public static final long DERIVED_SEED = -1;

        /** The same settings with passes every {@code steps} steps (0 = none). */
        public Diagnostics withEvery(int steps) {
            return new Diagnostics(steps, sequences, envelopeSequences, directions, lambdaMode, lagPoints, threshold,
                    referenceN, exactLags, exactSequences, bootstrap, gradientSamples, seed);
        }

        /** The same settings with another diagnostic sample ({@code seed} ≥ 0, or {@value #DERIVED_SEED}). */
        public Diagnostics withSeed(long seed) {
            Settings.get("diagnostics.seed").check(seed);
            return new Diagnostics(every, sequences, envelopeSequences, directions, lambdaMode, lagPoints, threshold,
                    referenceN, exactLags, exactSequences, bootstrap, gradientSamples, seed);
        }

        /** Seed of the pass's bootstraps at {@code step}: as before this setting when derived, else from the seed. */
        public long bootstrapSeed(long noiseSeed, long step) {
            return seed == DERIVED_SEED ? noiseSeed ^ step : DiagnosticSettings.mix(seed, step);
        }
    }

    /**
     * Publishing and run-directory schedule.
     *
     * @param snapshotsPerSecond most snapshots published per second, (0, 240]
     * @param logEvery           steps between metrics rows, ≥ 1
     * @param checkpointEvery    steps between checkpoints of a headless run; 0 = only at the end
     * @param probeSize          sequences in the probe batch of the gate read-outs, 1..256
     */
    public record Engine(double snapshotsPerSecond, int logEvery, int checkpointEvery, int probeSize) {
    }

    /** The defaults: the {@code demo} preset. */
    public static SessionConfig defaults() {
        return new SessionConfig(
                new Model(Architecture.DIAG_GATE, 64, 0, 0, Readout.EVERY_STEP, 0.05, 0, Precision.FLOAT32),
                new Task(TaskKind.MULTI_LAG, 128, 4, new int[] {4, 8, 16, 32, 64},
                        new double[] {0.6, 0.5, 0.4, 0.3, 0.2}, 16, 0, 256, 1.0, List.of()),
                new Training(OptimizerKind.ADAM, 1e-3, 32, 1000, 0, 0.9, 0.99, 0.9, 0.999, 1e-8, 1e-4, 10),
                new Noise(2.0, 0.0, 0.1),
                new Seeds(1, 2, 3),
                new Diagnostics(0, 2048, 128, 8, LambdaMode.ROW_MEAN, 48, 20, 10_000_000, 8, 2, 2000, 12, Diagnostics.DERIVED_SEED),
                new Engine(30, 1, 0, 16));
    }

    /** Checks every range; throws a {@link ConfigException} naming the first bad field. */
    public SessionConfig validate() {
        ConfigValidator.validate(this);
        return this;
    }

    /** The task as the network library sees it. */
    public TaskSpec taskSpec() {
        return new TaskSpec(task.type(), task.sequenceLength(), task.dim(), task.lags(), task.coefficients(), task.lag(),
                task.inputScale());
    }

    /**
     * The task of every stage of the schedule, stage 0 being {@link #taskSpec()}: each switch
     * replaces what it names and keeps the rest of the stage before it.
     */
    public List<TaskSpec> stages() {
        List<TaskSpec> out = new ArrayList<>(List.of(taskSpec()));
        for (Switch w : task.schedule()) {
            TaskSpec prev = out.get(out.size() - 1);
            out.add(new TaskSpec(prev.kind(), prev.length(), prev.dim(), w.lags() != null ? w.lags() : prev.lags(),
                    w.coefficients() != null ? w.coefficients() : prev.coefficients(), w.lag() != null ? w.lag() : prev.lag(),
                    w.inputScale() != null ? w.inputScale() : prev.inputScale()));
        }
        return out;
    }

    /** A stage in a few words, as events and the window name it: "task 2: lags 32,48,64". */
    public String stageLabel(int stage) {
        return "task " + (stage + 1) + ": " + stages().get(stage).describeStage();
    }

    /** The stage in force after {@code step} steps: how many switches happen at or before it. */
    public int stageAt(long step) {
        int s = 0;
        for (Switch w : task.schedule()) {
            if (w.at() <= step) {
                s++;
            }
        }
        return s;
    }

    /** The network as the network library sees it, input and output sizes resolved from the task. */
    public ModelSpec modelSpec() {
        TaskSpec t = taskSpec();
        return new ModelSpec(model.architecture(), model.width(), t.inputSize(), t.outputSize(), model.readout(),
                model.gateInit(), model.gateSpread(), model.dtype(), seeds.model());
    }

    /** Everything a learner is built from. */
    public LearnerSpec learnerSpec() {
        OptimizerSpec opt = new OptimizerSpec(training.optimizer(), training.momentum(), training.rho(),
                training.beta1(), training.beta2(), training.epsilon(), training.weightDecay());
        return new LearnerSpec(modelSpec(), taskSpec(), opt, training.batchSize(), task.trainSize(),
                task.validationSize(), engine.probeSize(), training.learningRate(), training.clipNorm(),
                noise.alpha(), noise.updateScale(), noise.labelScale(), seeds.data(), seeds.noise());
    }

    /** The same config with input and output sizes filled in from the task. */
    public SessionConfig resolved() {
        TaskSpec t = taskSpec();
        Model m = new Model(model.architecture(), model.width(), t.inputSize(), t.outputSize(), model.readout(),
                model.gateInit(), model.gateSpread(), model.dtype());
        return new SessionConfig(m, task, training, noise, seeds, diagnostics, engine);
    }

    /** The diagnostics settings as the network library sees them, with the lag grids resolved for T. */
    public DiagnosticSettings diagnosticSettings() {
        Diagnostics d = diagnostics;
        int[] lags = org.timescalelab.theory.EffectiveRates.lagGrid(task.sequenceLength(), d.lagPoints());
        int[] exact = d.exactLags() == 0 ? new int[0]
                : org.timescalelab.theory.EffectiveRates.lagGrid(task.sequenceLength(), d.exactLags());
        return new DiagnosticSettings(lags, d.sequences(), d.envelopeSequences(), d.directions(), d.lambdaMode(), exact,
                d.exactSequences(), d.gradientSamples(), d.seed());
    }

    /** The same config with another step budget. */
    public SessionConfig withSteps(long steps) {
        Training t = training;
        return new SessionConfig(model, task, new Training(t.optimizer(), t.learningRate(), t.batchSize(), steps,
                t.clipNorm(), t.momentum(), t.rho(), t.beta1(), t.beta2(), t.epsilon(), t.weightDecay(),
                t.validateEvery()), noise, seeds, diagnostics, engine);
    }

    /** The same config with another task schedule, validated. */
    public SessionConfig withSchedule(List<Switch> schedule) {
        Task t = task;
        return new SessionConfig(model, new Task(t.type(), t.sequenceLength(), t.dim(), t.lags(), t.coefficients(), t.lag(),
                t.trainSize(), t.validationSize(), t.inputScale(), schedule), training, noise, seeds, diagnostics, engine).validate();
    }

    /**
     * The same config with a switch made live after {@code step} steps
     * (docs/training.md, "Task schedules"): it joins the schedule at {@code max(step, 1)} and
     * replaces the switches scheduled after that, which the live choice overrides; validated.
     */
    public SessionConfig withSwitchAt(long step, Switch w) {
        long at = Math.max(step, 1);
        List<Switch> kept = new ArrayList<>();
        for (Switch x : task.schedule()) {
            if (x.at() < at) {
                kept.add(x);
            }
        }
        kept.add(new Switch(at, w.lags(), w.coefficients(), w.lag(), w.inputScale()));
        return withSchedule(kept);
    }

    /** The same config with other diagnostics settings. */
    public SessionConfig withDiagnostics(Diagnostics d) {
        return new SessionConfig(model, task, training, noise, seeds, d, engine);
    }

    /**
     * The same config with the live settings a running session holds (η, H, α, the noise scales,
     * clipping), validated: what the window's current settings are as a config.
     */
    public SessionConfig withLive(double learningRate, int width, double alpha, double updateScale, double labelScale,
                                  double clipNorm) {
        Model m = model;
        Training t = training;
        return new SessionConfig(new Model(m.architecture(), width, m.inputSize(), m.outputSize(), m.readout(),
                m.gateInit(), m.gateSpread(), m.dtype()),
                task, new Training(t.optimizer(), learningRate, t.batchSize(), t.steps(), clipNorm, t.momentum(), t.rho(),
                t.beta1(), t.beta2(), t.epsilon(), t.weightDecay(), t.validateEvery()),
                new Noise(alpha, updateScale, labelScale), seeds, diagnostics, engine).validate();
    }
}
