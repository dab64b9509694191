package org.timescalelab.session;

import java.util.Arrays;

import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Learner;

/**
 * Timing of training steps on the calling thread (which does all the ND4J work): warm-up steps,
 * then timed repeats, summarised by the median and the interquartile range.
 */
public final class Bench {

    /**
     * Timings of one configuration, in milliseconds per training step.
     *
     * @param median median
     * @param q1     first quartile
     * @param q3     third quartile
     * @param min    fastest
     * @param repeats timed steps
     */
    public record Timing(double median, double q1, double q3, double min, int repeats) {

        /** Steps per second at the median. */
        public double stepsPerSecond() {
            return 1000.0 / median;
        }
    }

    private Bench() {
    }

    /** Times {@code repeats} training steps of a freshly built learner after {@code warmup} steps. */
    public static Timing trainingStep(SessionConfig config, int warmup, int repeats) {
        Learner learner = trained(config, warmup);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            learner.step();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return summarise(ms);
    }

    /**
     * Times complete diagnostics passes (network side and estimators) of a learner trained for
     * {@code trainSteps} steps, so that the optimizer's rates are realistic, after
     * {@code warmPasses} untimed passes (the app runs one every K steps: its steady-state cost, with
     * the JIT warm, is what the live view pays).
     */
    public static Timing diagnosticsPass(SessionConfig config, int trainSteps, int warmPasses, int repeats) {
        Learner learner = trained(config, trainSteps);
        for (int i = 0; i < warmPasses; i++) {
            DiagnosticsReport.analyze(learner.diagnose(config.diagnosticSettings(), i), config.diagnostics(), i, 0, i);
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            DiagnosticsReport.analyze(learner.diagnose(config.diagnosticSettings(), i), config.diagnostics(), i, 0, i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return summarise(ms);
    }

    /**
     * The arithmetic of one training step, counting the matrix products only (element-wise work
     * is a few percent at the widths benchmarked): the forward pass does 2·T·B·(I + H)·C for the
     * C stacked gate and candidate columns ({@link org.timescalelab.nn.Architecture#blockColumns}:
     * H for CONST_GATE, H + 1 for SHARED_GATE, 2H for DIAG_GATE, 3H for the GRU, 4H for the LSTM)
     * and 2·T·B·H·O for the readout; backpropagation costs twice the forward products (input and
     * weight gradients).
     */
    public static double flopsPerStep(SessionConfig c) {
        int h = c.model().width();
        int in = c.learnerSpec().model().inputSize();
        int out = c.learnerSpec().model().outputSize();
        double columns = c.model().architecture().blockColumns(h);
        double rows = (double) c.training().batchSize() * c.task().sequenceLength();
        double forward = 2 * rows * (in + h) * columns + 2 * rows * h * out;
        return 3 * forward;
    }

    /** The widest SIMD the CPU offers, from /proc/cpuinfo's flags ("unknown" elsewhere). */
    public static String simd() {
        try {
            String flags = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("flags")).findFirst().orElse("");
            return flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2" : flags.contains(" sse4_2")
                    ? "SSE4.2" : "unknown";
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Learner trained(SessionConfig config, int steps) {
        Learner learner = Learner.create(config.learnerSpec());
        for (int i = 0; i < steps; i++) {
            learner.step();
        }
        return learner;
    }

    static Timing summarise(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return new Timing(quantile(s, 0.5), quantile(s, 0.25), quantile(s, 0.75), s[0], s.length);
    }

    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
