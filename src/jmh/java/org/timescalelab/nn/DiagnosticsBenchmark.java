package org.timescalelab.nn;

import java.util.concurrent.TimeUnit;

import org.apache.commons.rng.simple.RandomSource;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * The network side of a diagnostics pass on one chunk of the diagnostic set (256 sequences of
 * the demo task, T = 128, DIAG_GATE in float64, the pass's precision): the forward pass, the leak
 * factors and the K = 8 forward-mode tangents, on 1 or 2 kernel threads. A pass over N_diag
 * sequences runs N_diag / 256 such chunks and then the estimators ({@code KernelBenchmark} times
 * their inner loops).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DiagnosticsBenchmark {

    @Param({"64", "128", "256"})
    int width;

    @Param({"1", "2"})
    int threads;

    RecurrentNet net;
    Batch batch;
    Workspace ws;
    INDArray[] directions;

    @Setup(Level.Trial)
    public void build() {
        Backend.setThreads(threads);
        net = RecurrentNet.create(new ModelSpec(Architecture.DIAG_GATE, width, 4, 1, Readout.EVERY_STEP, 0.05,
                Precision.FLOAT64, 1));
        SequenceTask task = SequenceTask.of(new TaskSpec(TaskKind.MULTI_LAG, 128, 4, new int[] {5, 20},
                new double[] {0.6, 0.4}, 1), RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        batch = task.generate(Learner.DIAGNOSTIC_CHUNK, RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
        directions = DiagnosticPass.randomDirections((int) net.parameterCount(), 8,
                RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        net.loss(batch);
        ws = net.workspace(batch);
    }

    @Benchmark
    public double forward() {
        return net.loss(batch);
    }

    @Benchmark
    public LeakFactors leakFactors() {
        return net.leakFactors(ws);
    }

    @Benchmark
    public double[][] tangents() {
        return net.tangentValues(ws, directions);
    }
}
