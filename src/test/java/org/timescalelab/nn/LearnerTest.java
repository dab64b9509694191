package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LearnerTest {

    static LearnerSpec spec(Architecture a, OptimizerKind opt, double updateNoise) {
        ModelSpec model = new ModelSpec(a, 6, 2, 1, Readout.EVERY_STEP, 0.1, Precision.FLOAT64, 3);
        TaskSpec task = new TaskSpec(TaskKind.MULTI_LAG, 12, 2, new int[] {2, 4}, new double[] {0.6, 0.4}, 2);
        return new LearnerSpec(model, task, OptimizerSpec.defaults(opt), 4, 0, 8, 2, 0.01, 1.0, 1.5,
                updateNoise, 0.1, 5, 9);
    }

    /**
     * blockColumns (which Bench's FLOP count and the memory estimate read) is what the networks
     * build: every block has input, recurrent and bias weights for each of its columns.
     */
    @Test
    void blockColumnsAreTheColumnsOfTheNetworksWeights() {
        int h = 6;
        int in = 3;
        int out = 2;
        for (Architecture a : Architecture.values()) {
            RecurrentNet net = RecurrentNet.empty(new ModelSpec(a, h, in, out, Readout.EVERY_STEP, 0.1, Precision.FLOAT64, 1));
            long recurrent = net.parameterCount() - ((long) out * h + out);
            assertThat(recurrent).as("%s", a).isEqualTo(a.blockColumns(h) * (in + h + 1));
        }
    }

    /** The divergence bound's reference: a network whose every parameter is zero outputs zero, and its loss is that value. */
    @Test
    void theZeroOutputLossIsTheLossOfANetworkThatOutputsZero() {
        for (Architecture a : Architecture.values()) {
            for (Precision p : Precision.values()) {
                RecurrentNet net = RecurrentNet.empty(new ModelSpec(a, 6, 3, 2, Readout.EVERY_STEP, 0.1, p, 1));
                Batch batch = GradientCheckTest.randomBatch(5, 9, 3, 2, 4);
                double expected = Learner.zeroOutputLoss(batch);
                assertThat(expected).isPositive();
                assertThat(net.loss(batch)).as("%s %s", a, p).isCloseTo(expected,
                        org.assertj.core.data.Offset.offset(1e-6 * expected));
            }
        }
    }

    /** Each sequence's matched statistic is the same whatever the chunks a pass is cut into (the chunk follows T·H). */
    @Test
    void aPassGivesTheSameMatchedStatisticsInAnyChunking() {
        Learner l = Learner.create(spec(Architecture.DIAG_GATE, OptimizerKind.ADAM, 0));
        for (int i = 0; i < 20; i++) {
            l.step();
        }
        DiagnosticSettings settings = new DiagnosticSettings(new int[] {1, 2, 4, 8}, 120, 40, 3, LambdaMode.ROW_MEAN,
                new int[] {1, 2}, 2, 0, -1);
        double[][][] whole = l.diagnosticJob(settings, 20).run(() -> false, 256).psi();
        double[][][] chunked = l.diagnosticJob(settings, 20).run(() -> false, 32).psi();
        assertThat(chunked.length).isEqualTo(120);
        for (int n = 0; n < whole.length; n++) {
            for (int k = 0; k < whole[n].length; k++) {
                assertThat(chunked[n][k]).as("sequence %d, direction %d", n, k).containsExactly(whole[n][k]);
            }
        }
        assertThat(Learner.diagnosticChunk(128, 256)).isEqualTo(128);
        assertThat(Learner.diagnosticChunk(128, 128)).isEqualTo(256);
        assertThat(Learner.diagnosticChunk(4096, 1024)).isEqualTo(32);
    }

    /**
     * A training step allocates nothing once the JIT has compiled it: every buffer is the
     * learner's or the kernel's own. Measured on this thread (other JVM threads may allocate), in
     * bytes, not time. Until C2 has compiled the kernel, the Vector API's interpreted vectors are
     * real objects, and on a loaded machine that compilation can come after any fixed warm-up
     * (CI once saw 385 kB per step for LSTM after 400 steps). So the steady state is the best of
     * up to 20 rounds of 500 steps: it must reach zero, however late.
     */
    @ParameterizedTest
    @EnumSource(value = OptimizerKind.class, names = {"SGD", "ADAM"})
    void aTrainingStepAllocatesNothingInTheSteadyState(OptimizerKind opt) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (Architecture a : Architecture.values()) {
            Learner l = Learner.create(spec(a, opt, 0.1));
            for (int i = 0; i < 400; i++) {
                l.step();
            }
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 20 && best >= 16; round++) {
                long before = mx.getThreadAllocatedBytes(id);
                for (int i = 0; i < 500; i++) {
                    l.step();
                }
                best = Math.min(best, (mx.getThreadAllocatedBytes(id) - before) / 500);
            }
            assertThat(best).as("%s %s: bytes per step (a result object per step would be 40)", a, opt).isLessThan(16);
        }
    }

    @Test
    void sameSpecGivesBitIdenticalSteps() {
        Learner a = Learner.create(spec(Architecture.DIAG_GATE, OptimizerKind.ADAM, 0.5));
        Learner b = Learner.create(spec(Architecture.DIAG_GATE, OptimizerKind.ADAM, 0.5));
        for (int i = 0; i < 5; i++) {
            assertThat(a.step().loss()).isEqualTo(b.step().loss());
        }
        assertThat(a.parameters()).isEqualTo(b.parameters());
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void growingKeepsTheFunctionExactly(Architecture arch) {
        Learner l = Learner.create(spec(arch, OptimizerKind.ADAM, 0));
        for (int i = 0; i < 3; i++) {
            l.step();
        }
        ResizeReport r = l.resize(9);
        assertThat(r.newWidth()).isEqualTo(9);
        assertThat(r.lossAfter()).isEqualTo(r.lossBefore());
        assertThat(l.step().finite()).isTrue();
    }

    /**
     * Grown under Adam, the new readout weights take their first step like the old ones: with a
     * zero second moment every new weight moved by about 3η at once, and the loss jumped for some
     * fifty steps although the function was unchanged.
     */
    @Test
    void grownWeightsStepLikeTheirPeersUnderAdam() {
        Learner l = Learner.create(spec(Architecture.DIAG_GATE, OptimizerKind.ADAM, 0));
        // Long enough for Adam's bias correction of v to have faded (1 − β₂ᵗ ≈ 0.86).
        for (int i = 0; i < 2000; i++) {
            l.step();
        }
        l.resize(9);
        TensorInfo wOut = l.tensors().stream().filter(t -> t.name().equals("W_out")).findFirst().orElseThrow();
        double[] before = l.parameters();
        l.step();
        double[] after = l.parameters();
        double oldSteps = 0;
        double newSteps = 0;
        for (int r = 0; r < wOut.rows(); r++) {
            for (int q = 0; q < wOut.cols(); q++) {
                int i = (int) wOut.offset() + r * wOut.cols() + q;
                if (q < 6) {
                    oldSteps += Math.abs(after[i] - before[i]) / 6;
                } else {
                    newSteps += Math.abs(after[i] - before[i]) / 3;
                }
            }
        }
        assertThat(newSteps).isPositive();
        assertThat(newSteps / oldSteps).as("mean step of a new readout weight over an old one's").isLessThan(1.5);
    }

    @Test
    void shrinkingRemovesTheWeakestReadoutUnits() {
        Learner l = Learner.create(spec(Architecture.DIAG_GATE, OptimizerKind.SGD, 0));
        double[] wOut = null;
        for (TensorInfo t : l.tensors()) {
            if (t.name().equals("W_out")) {
                double[] theta = l.parameters();
                wOut = java.util.Arrays.copyOfRange(theta, (int) t.offset(), (int) t.offset() + t.size());
            }
        }
        int weakest = 0;
        for (int q = 1; q < wOut.length; q++) {
            if (Math.abs(wOut[q]) < Math.abs(wOut[weakest])) {
                weakest = q;
            }
        }
        ResizeReport r = l.resize(5);
        assertThat(r.removed()).containsExactly(weakest);
        assertThat(l.width()).isEqualTo(5);
        assertThat(l.step().finite()).isTrue();
    }

    @Test
    void restoredStateContinuesBitIdentically() {
        LearnerSpec s = spec(Architecture.GRU, OptimizerKind.ADAMW, 0.3);
        Learner a = Learner.create(s);
        for (int i = 0; i < 3; i++) {
            a.step();
        }
        a.resize(8);
        a.setAlpha(1.3);
        a.step();
        Learner b = Learner.restore(s, a.state());
        for (int i = 0; i < 4; i++) {
            assertThat(b.step().loss()).isEqualTo(a.step().loss());
        }
        assertThat(b.parameters()).isEqualTo(a.parameters());
    }

    @Test
    void nonFiniteLossLeavesParametersUntouched() {
        Learner l = Learner.create(spec(Architecture.DIAG_GATE, OptimizerKind.SGD, 0));
        l.step();
        double[] before = l.parameters();
        l.setLearningRate(1e300);
        StepResult r = l.step();
        int guard = 0;
        while (r.finite() && guard++ < 5) {
            before = l.parameters();
            r = l.step();
        }
        assertThat(r.finite()).isFalse();
        assertThat(l.parameters()).isEqualTo(before);
    }

    @Test
    void probeReportsGateFractionsNearTheInitialGate() {
        Learner l = Learner.create(spec(Architecture.DIAG_GATE, OptimizerKind.SGD, 0));
        ProbeView p = l.probe();
        assertThat(p.meanGates()).hasSize(6);
        for (double s : p.meanGates()) {
            assertThat(s).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(p.gateMatrix()).hasSize(12 * 6);
        assertThat(p.gateTimescales()[0]).isCloseTo(-1 / Math.log(0.9), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void grownUnitsStartAtTheConfiguredGateInitialisation() {
        for (Architecture a : new Architecture[] {Architecture.DIAG_GATE, Architecture.GRU, Architecture.LSTM}) {
            Learner l = Learner.create(spec(a, OptimizerKind.ADAM, 0));
            for (int i = 0; i < 5; i++) {
                l.step();
            }
            l.resize(10);
            double[] gates = l.probe().meanGates();
            // spec(): gate initialisation s₀ = 0.1, gate weights zero for new units, so the new units'
            // mean update fraction is s₀ on the first step (within the input weights' small effect).
            for (int q = 6; q < 10; q++) {
                assertThat(gates[q]).as("%s unit %d", a, q).isBetween(0.03, 0.25);
            }
        }
    }
}
