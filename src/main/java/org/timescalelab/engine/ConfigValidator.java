package org.timescalelab.engine;

import org.timescalelab.nn.TaskKind;

/** Range checks of every {@link SessionConfig} field; the first violation throws. */
final class ConfigValidator {

    private ConfigValidator() {
    }

    static void validate(SessionConfig c) {
        model(c);
        task(c.task());
        training(c.training(), c.task());
        SessionConfig.Noise n = c.noise();
        if (!(n.alpha() > 1 && n.alpha() <= 2)) {
            throw ConfigException.range("noise.alpha", n.alpha(), "(1, 2]");
        }
        closed("noise.updateScale", n.updateScale(), 0, 100);
        closed("noise.labelScale", n.labelScale(), 0, 100);
        diagnostics(c.diagnostics());
        SessionConfig.Engine e = c.engine();
        if (!(e.snapshotsPerSecond() > 0 && e.snapshotsPerSecond() <= 240)) {
            throw ConfigException.range("engine.snapshotsPerSecond", e.snapshotsPerSecond(), "(0, 240]");
        }
        intRange("engine.logEvery", e.logEvery(), 1, Integer.MAX_VALUE);
        intRange("engine.checkpointEvery", e.checkpointEvery(), 0, Integer.MAX_VALUE);
        intRange("engine.probeSize", e.probeSize(), 1, 256);
        ResourceEstimate.of(c, c.diagnostics().every() > 0).checkHere();
    }

    private static void diagnostics(SessionConfig.Diagnostics d) {
        intRange("diagnostics.every", d.every(), 0, Integer.MAX_VALUE);
        intRange("diagnostics.sequences", d.sequences(), 16, 100_000);
        intRange("diagnostics.envelopeSequences", d.envelopeSequences(), 1, d.sequences());
        intRange("diagnostics.directions", d.directions(), 1, 64);
        required("diagnostics.lambdaMode", d.lambdaMode());
        intRange("diagnostics.lagPoints", d.lagPoints(), 4, 4096);
        if (!(d.threshold() > 0 && d.threshold() < 1e12)) {
            throw ConfigException.range("diagnostics.threshold", d.threshold(), "(0, 1e12)");
        }
        if (d.referenceN() < 1) {
            throw ConfigException.range("diagnostics.referenceN", d.referenceN(), "1 or more");
        }
        intRange("diagnostics.exactLags", d.exactLags(), 0, 64);
        intRange("diagnostics.exactSequences", d.exactSequences(), 1, 64);
        intRange("diagnostics.bootstrap", d.bootstrap(), 0, 100_000);
        if (d.gradientSamples() != 0 && (d.gradientSamples() < 11 || d.gradientSamples() > 1024)) {
            throw ConfigException.range("diagnostics.gradientSamples", d.gradientSamples(), "0 (off) or 11..1024");
        }
    }

    private static void model(SessionConfig c) {
        SessionConfig.Model m = c.model();
        required("model.architecture", m.architecture());
        required("model.readout", m.readout());
        required("model.dtype", m.dtype());
        intRange("model.width", m.width(), 1, SessionConfig.MAX_WIDTH);
        if (!(m.gateSpread() >= 0 && m.gateSpread() <= 4)) {
            throw ConfigException.range("model.gateSpread", m.gateSpread(), "[0, 4]");
        }
        if (!(m.gateInit() > 0 && m.gateInit() < 1)) {
            throw ConfigException.range("model.gateInit", m.gateInit(), "(0, 1)");
        }
        required("task.type", c.task().type());
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
        intRange("task.sequenceLength", t.sequenceLength(), 2, 4096);
        intRange("task.dim", t.dim(), 1, 64);
        intRange("task.trainSize", t.trainSize(), 0, 1_000_000);
        intRange("task.validationSize", t.validationSize(), 1, 100_000);
        int maxLag = t.sequenceLength() - 1;
        if (t.type() == TaskKind.MULTI_LAG) {
            required("task.lags", t.lags());
            required("task.coefficients", t.coefficients());
            int[] lags = t.lags();
            if (lags.length < 1 || lags.length > 16) {
                throw new ConfigException("task.lags", java.util.Arrays.toString(lags), "1 to 16 lags");
            }
            for (int lag : lags) {
                intRange("task.lags", lag, 1, maxLag);
            }
            if (t.coefficients().length != lags.length) {
                throw new ConfigException("task.coefficients", java.util.Arrays.toString(t.coefficients()),
                        "one finite coefficient per lag (" + lags.length + ")");
            }
            for (double c : t.coefficients()) {
                closed("task.coefficients", c, -100, 100);
            }
        }
        if (t.type() == TaskKind.DELAYED_RECALL) {
            intRange("task.lag", t.lag(), 1, maxLag);
        }
        if (t.type() == TaskKind.NARMA10 && t.sequenceLength() <= 10) {
            throw ConfigException.range("task.sequenceLength", t.sequenceLength(), "11..4096 for NARMA10");
        }
    }

    private static void training(SessionConfig.Training t, SessionConfig.Task task) {
        required("training.optimizer", t.optimizer());
        if (!(t.learningRate() > 0 && t.learningRate() <= 10)) {
            throw ConfigException.range("training.learningRate", t.learningRate(), "(0, 10]");
        }
        intRange("training.batchSize", t.batchSize(), 1, 4096);
        if (t.steps() < 0) {
            throw ConfigException.range("training.steps", t.steps(), "0 (until stopped) or more");
        }
        closed("training.clipNorm", t.clipNorm(), 0, 1e12);
        halfOpen("training.momentum", t.momentum());
        halfOpen("training.rho", t.rho());
        halfOpen("training.beta1", t.beta1());
        halfOpen("training.beta2", t.beta2());
        if (!(t.epsilon() > 0 && t.epsilon() <= 1)) {
            throw ConfigException.range("training.epsilon", t.epsilon(), "(0, 1]");
        }
        closed("training.weightDecay", t.weightDecay(), 0, 1);
        intRange("training.validateEvery", t.validateEvery(), 1, Integer.MAX_VALUE);
        if (task.trainSize() > 0 && task.trainSize() < t.batchSize()) {
            throw new ConfigException("task.trainSize", task.trainSize(),
                    "0 (fresh data every step) or at least training.batchSize (" + t.batchSize() + ")");
        }
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw new ConfigException(field, "null", "a value");
        }
    }

    private static void intRange(String field, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw ConfigException.range(field, value, hi == Integer.MAX_VALUE ? lo + " or more" : lo + ".." + hi);
        }
    }

    private static void closed(String field, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw ConfigException.range(field, value, "[" + fmt(lo) + ", " + fmt(hi) + "]");
        }
    }

    private static void halfOpen(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw ConfigException.range(field, value, "[0, 1)");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
