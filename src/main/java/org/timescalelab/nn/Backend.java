package org.timescalelab.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The tensor backend: ND4J's CPU backend with its bundled OpenBLAS.
 *
 * <p>The first call loads the native libraries (on a new machine ND4J first unpacks about 400 MB
 * into {@code ~/.javacpp/cache}, 1.5–2.5 s; later about 0.3 s). Call {@link #initialize()} early
 * on a thread of your choice so that no other thread pays for it.
 */
public final class Backend {

    private Backend() {
    }

    /** Loads ND4J's native backend (idempotent). */
    public static void initialize() {
        Nd4j.create(1);
    }

    /**
     * Caps the threads of ND4J's own ops and of its BLAS for the whole process (lowers, never
     * raises): with k training runs side by side on c cores, give each ⌊c/k⌋ (at least 1) so they
     * do not oversubscribe. The launcher's {@code OMP_NUM_THREADS=1} already is the floor.
     *
     * @param threads threads per op, ≥ 1
     * @return the cap in force afterwards
     */
    public static int limitThreads(int threads) {
        if (KernelThreads.get() > threads) {
            KernelThreads.set(threads);
        }
        int now = Nd4j.getEnvironment().maxThreads();
        if (now > threads) {
            setThreads(threads);
            return threads;
        }
        return now;
    }

    /**
     * Sets the threads of the recurrent kernels ({@link KernelThreads}), of ND4J's own ops and of
     * its BLAS for the whole process, above or below {@code OMP_NUM_THREADS} ({@code bench --threads},
     * headless {@code train}).
     *
     * @param threads threads per op, ≥ 1
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": expected ≥ 1");
        }
        KernelThreads.set(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /**
     * Sets the threads of the recurrent kernels alone ({@link KernelThreads}), leaving ND4J's at
     * {@code OMP_NUM_THREADS}: headless training, where the kernels do all of a step's work and
     * the few ND4J ops left (diagnostics) are too small to gain from waking more threads.
     *
     * @param threads ≥ 1; results do not depend on it
     */
    public static void setKernelThreads(int threads) {
        KernelThreads.set(threads);
    }

    /**
     * The float32 arithmetic limit of this machine as the JVM reaches it, in GFLOP/s: sixteen
     * register-held chains of Vector API fused multiply-adds on each of {@code threads} threads
     * for about half a second (after a warm-up that lets C2 compile them), no memory traffic. It is what the cores
     * really do at the clock they run at, which a data sheet's figure need not be (this machine's
     * Zen 4 cores run 512-bit FMAs at one per cycle on 256-bit units: about 100–120 GFLOP/s a core,
     * not the 264 of two 512-bit FMA units). NaN without the Vector API module.
     *
     * @param threads ≥ 1
     */
    public static double measurePeak(int threads) {
        if (!JavaKernel.VECTOR) {
            return Double.NaN;
        }
        // Until C2 has compiled the loop (interpreted or in C1, the Vector API boxes every vector):
        // rounds of 10⁶ until two in a row take the same time to within 5%.
        double perRound = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 40; i++) {
            long t0 = System.nanoTime();
            VectorRows.fmaChains(1_000_000);
            double now = (System.nanoTime() - t0) / 1e6;
            boolean settled = Math.abs(now - perRound) < 0.05 * now;
            perRound = now;
            if (settled) {
                break;
            }
        }
        long rounds = (long) (0.5e9 / Math.max(perRound, 1e-3));
        float[] sink = new float[threads]; // the chains' results, kept so that the JIT cannot drop the loops
        long start = System.nanoTime();
        KernelThreads.together(threads, i -> sink[i] = VectorRows.fmaChains(rounds));
        double seconds = (System.nanoTime() - start) / 1e9;
        return threads * rounds * 32.0 * VectorRows.LANES / seconds / 1e9;
    }

    /** A description of the backend: vendor, thread counts, memory. */
    public static Map<String, String> describe() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("backend", String.valueOf(env.getOrDefault("backend", "CPU")));
        out.put("blas.vendor", String.valueOf(env.getOrDefault("blas.vendor", "?")));
        out.put("blas.threads", String.valueOf(env.getOrDefault("blas.threads", "?")));
        out.put("omp.threads", String.valueOf(env.getOrDefault("omp.threads", "?")));
        out.put("cores", String.valueOf(env.getOrDefault("cores", Runtime.getRuntime().availableProcessors())));
        out.put("kernel", !KernelChoice.javaKernels() ? "ND4J ops (timescalelab.kernel=nd4j)"
                : JavaKernel.VECTOR ? "Java with the Vector API, " + KernelThreads.get() + " thread(s)"
                : "Java, scalar (start the JVM with --add-modules jdk.incubator.vector for the Vector API)");
        return out;
    }
}
