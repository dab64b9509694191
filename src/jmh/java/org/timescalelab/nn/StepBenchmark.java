package org.timescalelab.nn;

import java.util.concurrent.TimeUnit;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The recurrent kernels of one training step of every architecture and precision, batch 32,
 * length 128, input 4, output 1 (the shapes of {@code ./timescale-lab bench}): the forward pass,
 * the backward pass (BPTT and the weight gradients, after a forward pass), and a whole training
 * step ({@link Learner#step}: a fresh batch of the demo task, forward, backward, SGD update), on 1
 * or 2 kernel threads. With {@code -prof gc} the last shows the steady state's allocation per
 * step (0 B). Pick a slice with {@code -p}, e.g.
 * {@code -Djmh.args="StepBenchmark -p arch=GRU -p width=256 -prof gc"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StepBenchmark {

    @Param({"32", "64", "128", "256"})
    int width;

    @Param({"CONST_GATE", "SHARED_GATE", "DIAG_GATE", "GRU", "LSTM"})
    Architecture arch;

    @Param({"FLOAT32", "FLOAT64"})
    Precision precision;

    @Param({"1", "2"})
    int threads;

    RecurrentNet net;
    Workspace ws;
    Batch batch;
    Learner learner;

    @Setup(Level.Trial)
    public void build() {
        Backend.setThreads(threads);
        net = RecurrentNet.create(new ModelSpec(arch, width, 4, 1, Readout.EVERY_STEP, 0.05, precision, 1));
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2L);
        int b = 32;
        int t = 128;
        double[] x = new double[b * t * 4];
        double[] y = new double[b * t];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.nextDouble() - 1;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextDouble() - 0.5;
        }
        boolean[] scored = new boolean[t];
        java.util.Arrays.fill(scored, true);
        batch = new Batch(b, t, 4, 1, x, y, scored);
        ws = net.workspace(batch);
        ws.load(batch);
        learner = Learner.create(org.timescalelab.config.ConfigLoader.load(null, null, java.util.List.of(
                "model.architecture=" + arch, "model.width=" + width, "model.dtype=" + precision,
                "training.batchSize=32", "task.sequenceLength=128", "training.optimizer=SGD")).learnerSpec());
    }

    @Benchmark
    public double forward() {
        return net.forward(ws);
    }

    /** Backward alone: a forward pass is needed first, so this is forward + backward minus {@link #forward}. */
    @Benchmark
    public double forwardAndBackward() {
        double loss = net.forward(ws);
        net.backward(ws);
        return loss;
    }

    /** The full step of a learner: draw a batch, forward, BPTT, weight gradients, SGD update. */
    @Benchmark
    public double trainingStep() {
        return learner.step().loss();
    }
}
