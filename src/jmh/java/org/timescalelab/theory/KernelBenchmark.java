package org.timescalelab.theory;

import java.util.concurrent.TimeUnit;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The theory kernels a diagnostics pass and the anti-collapse lab spend their time in: the
 * γ prefix products and envelope windows of one sequence (H = 128, T = 128, all 127 lags), the
 * Koutrouvelis ECF fit of 256 α-stable draws, and one Euler step of 20 000 SDE particles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KernelBenchmark {

    static final int H = 128;
    static final int T = 128;

    double[] a;
    double[] r;
    double[] lambda;
    int[] lags;
    double[] sample;
    TimescaleSde.Population population;

    @Setup(Level.Trial)
    public void build() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        a = new double[T * H];
        r = new double[T * H];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.5 + 0.5 * rng.nextDouble();
            r[i] = 0.1 * (rng.nextDouble() - 0.5);
        }
        lambda = new double[H];
        java.util.Arrays.fill(lambda, 1e-3);
        lags = EffectiveRates.lagGrid(T, T);
        StableNoise noise = StableNoise.of(rng, 1.5);
        sample = new double[256];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = noise.sample();
        }
        population = new TimescaleSde.Population(new TimescaleSde.Params(TimescaleSde.Drift.CONSTANT, 1, 1, 0, 0.5, 1,
                TimescaleSde.Jumps.EXPONENTIAL, 2, 1.5, 1, 0), 20_000, 0.01, 4);
    }

    @Benchmark
    public double[][] gammaPrefix() {
        return EffectiveRates.prefix(a, r, H, T);
    }

    @Benchmark
    public EffectiveRates envelopeWindows() {
        EffectiveRates acc = new EffectiveRates(lags, H, T);
        acc.addWindows(a, r, null, lambda);
        return acc;
    }

    @Benchmark
    public TailIndex.Estimate ecfFit() {
        return TailIndex.koutrouvelis(sample);
    }

    @Benchmark
    public TimescaleSde.Population sdeStep() {
        population.advance(1);
        return population;
    }
}
