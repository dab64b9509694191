package org.timescalelab.config;

import java.util.Arrays;
import java.util.List;

import org.timescalelab.nn.TaskKind;

/**
 * Checks a {@link SessionConfig}: every field against its {@link Settings} range, then the rules
 * that tie fields together (a lag below the sequence length, the envelope's sequences within the
 * pass's, a fixed training set at least one batch, the sizes a task produces) and the machine's
 * memory. The first violation throws a {@link ConfigException} naming the field and what is allowed.
 */
final class ConfigValidator {

    private ConfigValidator() {
    }

    static void validate(SessionConfig c) {
        model(c);
        task(c.task());
        training(c.training(), c.task());
        SessionConfig.Noise n = c.noise();
        Settings.ALPHA.check(n.alpha());
        Settings.UPDATE_NOISE.check(n.updateScale());
        Settings.LABEL_NOISE.check(n.labelScale());
        diagnostics(c.diagnostics());
        lagGrid(c.task().sequenceLength(), c.diagnostics().lagPoints());
        SessionConfig.Engine e = c.engine();
        number("engine.snapshotsPerSecond", e.snapshotsPerSecond());
        integer("engine.logEvery", e.logEvery());
        integer("engine.checkpointEvery", e.checkpointEvery());
        integer("engine.probeSize", e.probeSize());
        ResourceEstimate.of(c, c.diagnostics().every() > 0).checkHere();
    }

    private static void diagnostics(SessionConfig.Diagnostics d) {
        Settings.DIAGNOSTICS_EVERY.check(d.every());
        integer("diagnostics.sequences", d.sequences());
        integer("diagnostics.envelopeSequences", d.envelopeSequences());
        if (d.envelopeSequences() > d.sequences()) {
            throw ConfigException.range("diagnostics.envelopeSequences", d.envelopeSequences(), "1.." + d.sequences());
        }
        integer("diagnostics.directions", d.directions());
        Settings.get("diagnostics.lambdaMode").required(d.lambdaMode());
        integer("diagnostics.lagPoints", d.lagPoints());
        number("diagnostics.threshold", d.threshold());
        Settings.REFERENCE_N.check(d.referenceN());
        integer("diagnostics.exactLags", d.exactLags());
        integer("diagnostics.exactSequences", d.exactSequences());
        integer("diagnostics.bootstrap", d.bootstrap());
        if (d.gradientSamples() != 0 && (d.gradientSamples() < 11 || d.gradientSamples() > 1024)) {
            throw ConfigException.range("diagnostics.gradientSamples", d.gradientSamples(), "0 (off) or 11..1024");
        }
        integer("diagnostics.seed", d.seed());
    }

    /** Lags ≥ 2 the envelope fit needs (its widest class has three parameters and a rate to compare). */
    private static final int FIT_LAGS = 4;

    /**
     * The pass's lag grid must give the envelope fit {@value #FIT_LAGS} lags ≥ 2: a grid of 4
     * log-spaced points at T = 128 is {1, 5, 25, 127}, three, and the first pass would fail. The
     * smallest number of points that works at this T is named (T itself is at least 6, so one exists).
     */
    private static void lagGrid(int length, int points) {
        if (fitLags(length, points) >= FIT_LAGS) {
            return;
        }
        int least = points;
        while (least < 4096 && fitLags(length, least) < FIT_LAGS) {
            least++;
        }
        throw ConfigException.range("diagnostics.lagPoints", points, least + "..4096 at task.sequenceLength = " + length
                + " (the envelope fit needs " + FIT_LAGS + " lags ≥ 2 on the grid)");
    }

    private static long fitLags(int length, int points) {
        return Arrays.stream(org.timescalelab.theory.EffectiveRates.lagGrid(length, points)).filter(l -> l >= 2).count();
    }

    private static void model(SessionConfig c) {
        SessionConfig.Model m = c.model();
        Settings.get("model.architecture").required(m.architecture());
        Settings.get("model.readout").required(m.readout());
        Settings.get("model.dtype").required(m.dtype());
        Settings.WIDTH.check(m.width());
        number("model.gateSpread", m.gateSpread());
        number("model.gateInit", m.gateInit());
        Settings.get("task.type").required(c.task().type());
        int in = c.taskSpec().inputSize();
        int out = c.taskSpec().outputSize();
        if (m.inputSize() != 0 && m.inputSize() != in) {
            throw new ConfigException("model.inputSize", m.inputSize(),
                    "0 (from the task) or " + in + " (what " + c.task().type() + " produces)");
        }
        if (m.outputSize() != 0 && m.outputSize() != out) {
            throw new ConfigException("model.outputSize", m.outputSize(),
                    "0 (from the task) or " + out + " (what " + c.task().type() + " asks for)");
        }
    }

    private static void task(SessionConfig.Task t) {
        integer("task.sequenceLength", t.sequenceLength());
        integer("task.dim", t.dim());
        integer("task.trainSize", t.trainSize());
        integer("task.validationSize", t.validationSize());
        Settings.INPUT_SCALE.check(t.inputScale());
        if (t.inputScale() != 1 && t.type() != TaskKind.MULTI_LAG && t.type() != TaskKind.DELAYED_RECALL) {
            throw new ConfigException("task.inputScale", t.inputScale(), "1 for " + t.type()
                    + " (only the Gaussian inputs of MULTI_LAG and DELAYED_RECALL scale)");
        }
        int maxLag = t.sequenceLength() - 1;
        if (t.type() == TaskKind.MULTI_LAG) {
            Settings.get("task.lags").required(t.lags());
            Settings.get("task.coefficients").required(t.coefficients());
            int[] lags = t.lags();
            if (lags.length < 1 || lags.length > 16) {
                throw new ConfigException("task.lags", Arrays.toString(lags), "1 to 16 lags");
            }
            for (int lag : lags) {
                if (lag < 1 || lag > maxLag) {
                    throw ConfigException.range("task.lags", lag, "1.." + maxLag);
                }
            }
            if (t.coefficients().length != lags.length) {
                throw new ConfigException("task.coefficients", Arrays.toString(t.coefficients()),
                        "one finite coefficient per lag (" + lags.length + ")");
            }
            for (double c : t.coefficients()) {
                if (!Setting.Range.closed(-100, 100).contains(c)) {
                    throw ConfigException.range("task.coefficients", c, "[-100, 100]");
                }
            }
        }
        if (t.type() == TaskKind.DELAYED_RECALL && (t.lag() < 1 || t.lag() > maxLag)) {
            throw ConfigException.range("task.lag", t.lag(), "1.." + maxLag);
        }
        if (t.type() == TaskKind.NARMA10 && t.sequenceLength() <= 10) {
            throw ConfigException.range("task.sequenceLength", t.sequenceLength(), "11..4096 for NARMA10");
        }
        schedule(t);
    }

    /**
     * A schedule switches a MULTI_LAG or DELAYED_RECALL task at increasing steps, each stage a
     * valid task of the same type (at most {@value #MAX_SWITCHES} switches).
     */
    private static void schedule(SessionConfig.Task t) {
        List<SessionConfig.Switch> switches = t.schedule();
        if (switches.isEmpty()) {
            return;
        }
        if (switches.size() > MAX_SWITCHES) {
            throw new ConfigException("task.schedule", switches.size() + " switches", "at most " + MAX_SWITCHES);
        }
        if (t.type() != TaskKind.MULTI_LAG && t.type() != TaskKind.DELAYED_RECALL) {
            throw new ConfigException("task.schedule", t.type(), "a schedule of MULTI_LAG or DELAYED_RECALL (their lags change)");
        }
        long previous = 0;
        int[] lags = t.lags();
        double[] coefficients = t.coefficients();
        int lag = t.lag();
        double scale = t.inputScale();
        for (int i = 0; i < switches.size(); i++) {
            SessionConfig.Switch w = switches.get(i);
            String where = "task.schedule[" + i + "]";
            if (w.at() <= previous) {
                throw ConfigException.range(where + ".at", w.at(), (previous + 1) + " or more (switches in increasing steps)");
            }
            previous = w.at();
            lags = w.lags() != null ? w.lags() : lags;
            coefficients = w.coefficients() != null ? w.coefficients() : coefficients;
            lag = w.lag() != null ? w.lag() : lag;
            scale = w.inputScale() != null ? w.inputScale() : scale;
            SessionConfig.Task stage = new SessionConfig.Task(t.type(), t.sequenceLength(), t.dim(), lags, coefficients,
                    lag, t.trainSize(), t.validationSize(), scale, List.of());
            try {
                task(stage);
            } catch (ConfigException e) {
                throw new ConfigException(where, where + ": " + e.getMessage());
            }
        }
    }

    /** The most switches a schedule holds. */
    static final int MAX_SWITCHES = 8;

    private static void training(SessionConfig.Training t, SessionConfig.Task task) {
        Settings.get("training.optimizer").required(t.optimizer());
        Settings.LEARNING_RATE.check(t.learningRate());
        integer("training.batchSize", t.batchSize());
        Settings.STEPS.check(t.steps());
        Settings.CLIP_NORM.check(t.clipNorm());
        number("training.momentum", t.momentum());
        number("training.rho", t.rho());
        number("training.beta1", t.beta1());
        number("training.beta2", t.beta2());
        number("training.epsilon", t.epsilon());
        number("training.weightDecay", t.weightDecay());
        integer("training.validateEvery", t.validateEvery());
        if (task.trainSize() > 0 && task.trainSize() < t.batchSize()) {
            throw new ConfigException("task.trainSize", task.trainSize(),
                    "0 (fresh data every step) or at least training.batchSize (" + t.batchSize() + ")");
        }
    }

    private static void number(String key, double value) {
        Settings.get(key).check(value);
    }

    private static void integer(String key, long value) {
        Settings.get(key).check(value);
    }
}
