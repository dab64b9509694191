package org.timescalelab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.LearnerState;

/**
 * The start-up memory check against memory really used: the live heap after a full collection,
 * holding what a session holds (a learner after training steps and a validation pass, and the
 * rollback states), and the live heap sampled through a diagnostics pass, measured in a JVM of
 * their own.
 */
class ResourceEstimateTest {

    private static final double MIB = 1 << 20;

    private static SessionConfig config(String... overrides) {
        return ConfigLoader.withOverrides(ConfigLoader.load(null, null, List.of()), List.of(overrides));
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Configs where each part dominates in turn: the step's arrays, the training set, the validation pass, the gates. */
    static final String[][] SESSIONS = {
        {"model.width=256", "training.batchSize=128", "task.sequenceLength=96"},
        {"task.trainSize=3000", "task.sequenceLength=512"},
        {"model.width=32", "task.validationSize=2048", "task.sequenceLength=128"},
        {"model.architecture=LSTM", "model.width=96", "training.batchSize=64"},
        {"model.architecture=GRU", "model.dtype=FLOAT64", "model.width=64", "task.trainSize=500"},
    };

    /** A pass small enough for the suite. */
    static final String[] PASS = {"model.width=64", "task.sequenceLength=96", "diagnostics.sequences=256",
        "diagnostics.envelopeSequences=128"};

    /**
     * The measurements run in a JVM of their own ({@link #main}): in the suite's JVM, threads other
     * tests leave behind (a window's sweep, a session winding down) allocate while the live heap
     * is read, which once doubled a measurement.
     */
    @Test
    void estimatesAreWithinThirtyPercentOfTheLiveHeapOfASessionAndAPass() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx2g", "--add-modules", "jdk.incubator.vector", "-cp", classPath,
                ResourceEstimateTest.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("measured ")).toList();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).hasSize(SESSIONS.length + 1);
        for (String line : lines) {
            String[] f = line.split(" ", 4);
            double estimate = Double.parseDouble(f[1]);
            double measured = Double.parseDouble(f[2]);
            assertThat(measured).as("%s measures something", f[3]).isGreaterThan(40 * MIB);
            assertThat(estimate / measured).as("%s: estimated %.0f MiB, measured %.0f MiB", f[3], estimate / MIB,
                    measured / MIB).isBetween(0.7, 1.3);
        }
    }

    /**
     * Prints "measured ESTIMATE LIVE CONFIG" per session (the live heap after a full collection,
     * holding a learner after two steps and a validation pass and the rollback states) and for a
     * pass (its heap part against the live heap sampled every 20 ms, each sample after a full
     * collection).
     */
    public static void main(String[] args) throws Exception {
        for (String[] overrides : SESSIONS) {
            SessionConfig c = config(overrides);
            double estimate = ResourceEstimate.of(c, false).heapBytes();
            long before = liveHeap();
            Learner learner = Learner.create(c.learnerSpec());
            learner.step();
            learner.step();
            learner.validationLoss();
            List<LearnerState> kept = new ArrayList<>();
            for (int i = 0; i <= ResourceEstimate.ROLLBACK_STATES; i++) {
                kept.add(learner.state());
            }
            double measured = liveHeap() - before;
            java.lang.ref.Reference.reachabilityFence(learner);
            java.lang.ref.Reference.reachabilityFence(kept);
            System.out.println("measured " + estimate + " " + measured + " " + String.join(" ", overrides));
        }
        SessionConfig c = config(PASS);
        double estimate = ResourceEstimate.of(c, true).heapBytes() - ResourceEstimate.of(c, false).heapBytes();
        Learner learner = Learner.create(c.learnerSpec());
        learner.step();
        learner.validationLoss();
        long base = liveHeap();
        AtomicLong peak = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(liveHeap() - base, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        try {
            learner.diagnose(c.diagnosticSettings(), 1);
        } finally {
            done.set(true);
            sampler.join();
        }
        System.out.println("measured " + estimate + " " + peak.get() + " a pass: " + String.join(" ", PASS));
    }

    /** The two configs that got through before: a step's arrays counted as native, a validation pass not at all. */
    @Test
    void configsThatOutgrewTheHeapAreRefusedNamingTheirFields() {
        double physical = 24.0 * (1L << 30);
        ResourceEstimate wide = ResourceEstimate.of(config("model.width=256", "training.batchSize=256",
                "task.sequenceLength=128"), false);
        assertThatThrownBy(() -> wide.check(physical, 300 * MIB)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Java heap").hasMessageContaining("model.width, training.batchSize");
        wide.check(physical, 400 * MIB);
        ResourceEstimate validation = ResourceEstimate.of(config("model.width=64", "task.validationSize=4096",
                "task.sequenceLength=256"), false);
        assertThatThrownBy(() -> validation.check(physical, 1024 * MIB)).hasMessageContaining("task.validationSize");
        assertThatThrownBy(() -> validation.check(2.0 * (1L << 30), 8192 * MIB))
                .as("heap and native together beyond 60 % of the machine").hasMessageContaining("of memory");
    }
}
