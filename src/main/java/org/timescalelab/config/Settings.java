package org.timescalelab.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.timescalelab.config.Setting.Range;
import org.timescalelab.config.Setting.Slider;
import org.timescalelab.config.Setting.Type;
import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.LambdaMode;
import org.timescalelab.nn.OptimizerKind;
import org.timescalelab.nn.Precision;
import org.timescalelab.nn.Readout;
import org.timescalelab.nn.TaskKind;

/**
 * The typed settings schema: every config field once ({@link Setting}), in the order of
 * {@code config.json}. {@link ConfigValidator} checks each field's range from here and adds only
 * the rules that tie fields together (a lag within the sequence, a batch within the training
 * set); the session's live commands, the window's controls, {@code config --keys}, sweep axes and
 * docs/settings.md use the same entries. Stateless.
 */
public final class Settings {

    /** η, the global learning rate. */
    public static final Setting LEARNING_RATE = new Setting("training.learningRate", Type.NUMBER, Range.leftOpen(0, 10), "",
            "Global learning rate η; the gates turn it into per-unit, per-lag effective rates", true,
            new Slider(-5, 0, true));
    /** H, the hidden width. */
    public static final Setting WIDTH = new Setting("model.width", Type.INTEGER, Range.integers(1, SessionConfig.MAX_WIDTH),
            "units", "Hidden units: growing appends units without changing the function; shrinking removes the weakest "
            + "readout units", true, new Slider(1, 512, false));
    /** α, the noise tail index. */
    public static final Setting ALPHA = new Setting("noise.alpha", Type.NUMBER, Range.leftOpen(1, 2), "",
            "Tail index of the α-stable noise: 2 is Gaussian, lower is heavier-tailed", true, new Slider(1.05, 2, false));
    /** The update-noise scale. */
    public static final Setting UPDATE_NOISE = new Setting("noise.updateScale", Type.NUMBER, Range.closed(0, 100),
            "× RMS(Δθ)", "α-stable kick added to each update, scaled per tensor by the update's RMS (0 = off)", true,
            new Slider(0, 2, false));
    /** The label-noise scale. */
    public static final Setting LABEL_NOISE = new Setting("noise.labelScale", Type.NUMBER, Range.closed(0, 100), "",
            "Scale of the α-stable noise added to training targets (0 = off)", true, new Slider(0, 1, false));
    /** The clipping threshold. */
    public static final Setting CLIP_NORM = new Setting("training.clipNorm", Type.NUMBER, Range.closed(0, 1e12), "",
            "Global-norm gradient clipping threshold (0 = off)", true, new Slider(0, 10, false));
    /** Steps between diagnostics passes. */
    public static final Setting DIAGNOSTICS_EVERY = new Setting("diagnostics.every", Type.INTEGER,
            Range.integers(0, Double.POSITIVE_INFINITY), "steps", "Training steps between diagnostics passes (0 = off)", true,
            new Slider(0, 1000, false));
    /** The reference sample size N of H_N. */
    public static final Setting REFERENCE_N = new Setting("diagnostics.referenceN", Type.INTEGER,
            Range.integers(1, Double.POSITIVE_INFINITY), "samples",
            "Sample size N at which the charts and metrics report the learnability window H_N", true,
            new Slider(1, 8, true));
    /** Standard deviation of the multi-lag and delayed-recall inputs. */
    public static final Setting INPUT_SCALE = new Setting("task.inputScale", Type.NUMBER, Range.leftOpen(0, 100), "",
            "Standard deviation of the Gaussian inputs of MULTI_LAG and DELAYED_RECALL (1 = standard normal; "
                    + "1 for the other tasks); a schedule's switch can change it: a nonstationary input", false, null);
    /** The step budget. */
    public static final Setting STEPS = new Setting("training.steps", Type.INTEGER, Range.integers(0, Double.POSITIVE_INFINITY),
            "steps", "Training steps of a run (0 = until stopped)", true, null);

    private static final Map<String, Setting> ALL = new LinkedHashMap<>();

    static {
        for (Setting s : List.of(
                choice("model.architecture", "The recurrent cell", Architecture.class),
                WIDTH,
                integer("model.inputSize", 0, Integer.MAX_VALUE, "", "Input size (0 = what the task produces)"),
                integer("model.outputSize", 0, Integer.MAX_VALUE, "", "Output size (0 = what the task asks for)"),
                choice("model.readout", "Where the loss reads the output", Readout.class),
                number("model.gateInit", Range.open(0, 1), "", "Initial gate value: a leak rate, so τ ≈ 1/gateInit"),
                number("model.gateSpread", Range.closed(0, 4), "decades",
                        "Spread of the units' initial time scales, evenly over this many decades (0 = all alike)"),
                choice("model.dtype", "Precision of the network", Precision.class),
                choice("task.type", "The task", TaskKind.class),
                integer("task.sequenceLength", 6, 4096, "steps",
                        "Length T of each training sequence (6 or more: the diagnostics fit the envelope on 4 lags ≥ 2)"),
                integer("task.dim", 1, 64, "", "Input dimension of the multi-lag task"),
                list("task.lags", "Lags ℓ the multi-lag target sums over (1 to 16, each below the sequence length)"),
                list("task.coefficients", "One weight per lag of the multi-lag target, each in [−100, 100]"),
                integer("task.lag", 1, 4095, "steps", "The delay of the delayed-recall task (below the sequence length)"),
                integer("task.trainSize", 0, 1_000_000, "sequences",
                        "A fixed training set of this many sequences (0 = fresh data every step)"),
                integer("task.validationSize", 1, 100_000, "sequences", "Size of the fixed validation set"),
                INPUT_SCALE,
                list("task.schedule", "Task switches during training: [{\"at\": step, \"lags\": [...], \"coefficients\": [...]} "
                        + "or {\"at\": step, \"lag\": n}, with \"inputScale\": s to change the inputs, ...], in a config "
                        + "file or as a JSON list after --set; one switch's field as task.schedule[i].at, .lags, "
                        + ".coefficients, .lag or .inputScale, also a sweep axis (docs/training.md, \"Task schedules\")"),
                choice("training.optimizer", "The optimizer", OptimizerKind.class),
                LEARNING_RATE,
                integer("training.batchSize", 1, 4096, "sequences", "Sequences per training step"),
                STEPS,
                CLIP_NORM,
                number("training.momentum", Range.rightOpen(0, 1), "", "Momentum of SGD with momentum"),
                number("training.rho", Range.rightOpen(0, 1), "", "Decay of RMSprop's squared-gradient average"),
                number("training.beta1", Range.rightOpen(0, 1), "", "Adam's first-moment decay"),
                number("training.beta2", Range.rightOpen(0, 1), "", "Adam's second-moment decay"),
                number("training.epsilon", Range.leftOpen(0, 1), "", "Adam's and RMSprop's denominator guard"),
                number("training.weightDecay", Range.closed(0, 1), "", "AdamW's decoupled weight decay"),
                integer("training.validateEvery", 1, Integer.MAX_VALUE, "steps", "Steps between validation losses"),
                ALPHA,
                UPDATE_NOISE,
                LABEL_NOISE,
                integer("seeds.model", Long.MIN_VALUE, Long.MAX_VALUE, "", "Seed of the initial parameters"),
                integer("seeds.data", Long.MIN_VALUE, Long.MAX_VALUE, "", "Seed of the training and validation data"),
                integer("seeds.noise", Long.MIN_VALUE, Long.MAX_VALUE, "", "Seed of the gradient and label noise"),
                DIAGNOSTICS_EVERY,
                liveInteger("diagnostics.sequences", 16, 100_000, "sequences",
                        "Sequences N_diag of a diagnostics pass (the window's statistics)"),
                liveInteger("diagnostics.envelopeSequences", 1, 100_000, "sequences",
                        "Sequences of the envelope estimate (at most diagnostics.sequences)"),
                liveInteger("diagnostics.directions", 1, 64, "", "Random directions K of the Jacobian tangents"),
                liveChoice("diagnostics.lambdaMode", "How Λ^(q) is taken from a unit's recurrent row", LambdaMode.class),
                liveInteger("diagnostics.lagPoints", 5, 4096, "lags",
                        "Points of the log-spaced lag grid (enough for 4 lags ≥ 2, which the envelope fit needs)"),
                liveNumber("diagnostics.threshold", Range.open(0, 1e12), "", "Detection threshold ε of the window"),
                REFERENCE_N,
                liveInteger("diagnostics.exactLags", 0, 64, "lags", "Lags of the exact diagonal transport check"),
                liveInteger("diagnostics.exactSequences", 1, 64, "sequences", "Sequences of the exact transport check"),
                liveInteger("diagnostics.bootstrap", 0, 100_000, "resamples", "Bootstrap resamples of every interval"),
                liveInteger("diagnostics.gradientSamples", 0, 1024, "examples",
                        "Per-example gradients of the anisotropy estimate (0 = off, else 11..1024)"),
                liveInteger("diagnostics.seed", SessionConfig.Diagnostics.DERIVED_SEED, Long.MAX_VALUE, "",
                        "Seed of the diagnostic sample: its sequences, directions, label noise and bootstraps "
                        + "(−1 = derived from seeds.data and seeds.noise; another value redraws the sample)"),
                number("engine.snapshotsPerSecond", Range.leftOpen(0, 240), "per second",
                        "Snapshots the session publishes per second"),
                integer("engine.logEvery", 1, Integer.MAX_VALUE, "steps", "Steps between metrics rows"),
                integer("engine.checkpointEvery", 0, Integer.MAX_VALUE, "steps",
                        "Steps between checkpoints of a headless run (0 = time-based only)"),
                integer("engine.probeSize", 1, 256, "units", "Units shown in the gate heatmap"))) {
            ALL.put(s.key(), s);
        }
    }

    private Settings() {
    }

    /** Every setting, in config order. */
    public static List<Setting> all() {
        return List.copyOf(ALL.values());
    }

    /** The setting of a key, if there is one. */
    public static Optional<Setting> find(String key) {
        return Optional.ofNullable(ALL.get(key));
    }

    /** The setting of a key, or a {@link ConfigException} naming the key. */
    public static Setting get(String key) {
        Setting s = ALL.get(key);
        if (s == null) {
            throw new ConfigException(key, "unknown setting '" + key + "' (config --keys lists them)");
        }
        return s;
    }

    /** The schema as a Markdown table (docs/settings.md holds this, tested). */
    public static String markdown() {
        StringBuilder sb = new StringBuilder("| key | type | allowed | unit | live | what it does |\n|---|---|---|---|---|---|\n");
        for (Setting s : ALL.values()) {
            sb.append("| `").append(s.key()).append("` | ").append(s.type().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(s.range() == null ? "" : s.range().toString().replace("|", "\\|"))
                    .append(" | ").append(s.unit()).append(" | ").append(s.live() ? "yes" : "rebuild")
                    .append(" | ").append(s.help()).append(" |\n");
        }
        return sb.toString();
    }

    private static Setting choice(String key, String help, Class<? extends Enum<?>> names) {
        return new Setting(key, Type.CHOICE, null, "", help + ": one of " + choices(names), false, null);
    }

    private static Setting liveChoice(String key, String help, Class<? extends Enum<?>> names) {
        return new Setting(key, Type.CHOICE, null, "", help + ": one of " + choices(names), true, null);
    }

    private static String choices(Class<? extends Enum<?>> names) {
        return java.util.Arrays.stream(names.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static Setting list(String key, String help) {
        return new Setting(key, Type.LIST, null, "", help, false, null);
    }

    /** A whole number in low..high (Integer.MAX_VALUE: no upper end; Long.MIN_VALUE: any). */
    private static Setting integer(String key, long low, long high, String unit, String help) {
        Range r = low == Long.MIN_VALUE ? null
                : Range.integers(low, high == Integer.MAX_VALUE || high == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : high);
        return new Setting(key, Type.INTEGER, r, unit, help, false, null);
    }

    private static Setting liveInteger(String key, long low, long high, String unit, String help) {
        Setting s = integer(key, low, high, unit, help);
        return new Setting(s.key(), s.type(), s.range(), unit, help, true, null);
    }

    private static Setting number(String key, Range range, String unit, String help) {
        return new Setting(key, Type.NUMBER, range, unit, help, false, null);
    }

    private static Setting liveNumber(String key, Range range, String unit, String help) {
        return new Setting(key, Type.NUMBER, range, unit, help, true, null);
    }
}
