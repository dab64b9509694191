package org.timescalelab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.LearnerState;

/**
 * The start-up memory check against memory really used: the live heap after a full collection,
 * holding what a session holds (a learner after training steps and a validation pass, and the
 * rollback states), and the live heap sampled through a diagnostics pass.
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
    @Test
    void heapEstimateIsWithinThirtyPercentOfTheLiveHeapOfASession() {
        String[][] configs = {
            {"model.width=256", "training.batchSize=128", "task.sequenceLength=96"},
            {"task.trainSize=3000", "task.sequenceLength=512"},
            {"model.width=32", "task.validationSize=2048", "task.sequenceLength=128"},
            {"model.architecture=LSTM", "model.width=96", "training.batchSize=64"},
            {"model.architecture=GRU", "model.dtype=FLOAT64", "model.width=64", "task.trainSize=500"},
        };
        for (String[] overrides : configs) {
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
            assertThat(measured).as("%s measures something", String.join(" ", overrides)).isGreaterThan(40 * MIB);
            assertThat(estimate / measured).as("%s: estimated %.0f MiB, measured %.0f MiB", String.join(" ", overrides),
                    estimate / MIB, measured / MIB).isBetween(0.7, 1.3);
        }
    }

    /** A pass's heap, sampled every 20 ms (each sample after a full collection), against its part of the estimate. */
    @Test
    void passEstimateIsWithinThirtyPercentOfThePeakLiveHeapOfAPass() throws Exception {
        SessionConfig c = config("model.width=64", "task.sequenceLength=96", "diagnostics.sequences=256",
                "diagnostics.envelopeSequences=128");
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
        double measured = peak.get();
        assertThat(estimate / measured).as("estimated %.0f MiB, measured %.0f MiB", estimate / MIB, measured / MIB)
                .isBetween(0.7, 1.3);
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
