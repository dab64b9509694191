package org.timescalelab.nn;

/**
 * Which recurrent kernels run: the Java kernels (the default), or ND4J's ops with the system
 * property {@code timescalelab.kernel=nd4j} (kept to check the kernels against; a network reads it
 * when built, so a test may switch it). Touches no tensor library, so that the config layer may
 * ask. Stateless.
 */
public final class KernelChoice {

    private KernelChoice() {
    }

    /** Whether the Java kernels run (their arrays, and the parameters, live on the Java heap). */
    public static boolean javaKernels() {
        return !"nd4j".equals(System.getProperty("timescalelab.kernel"));
    }
}
