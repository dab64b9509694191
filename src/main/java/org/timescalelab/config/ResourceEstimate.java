package org.timescalelab.config;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.timescalelab.nn.KernelChoice;
import org.timescalelab.nn.Precision;

/**
 * What a config needs before anything runs: memory (tensors of a training step, parameters and
 * optimizer state, the divergence rollback's kept states, the task's data sets, a diagnostics
 * pass), checked against the machine.
 * Immutable and thread-safe.
 *
 * <p>The estimate is deliberately coarse and errs high: each part counts the arrays the code keeps
 * for it (per step of BPTT, per gate, per copy), in the precision it uses. A config is refused
 * when it needs more than {@value #MEMORY_SHARE} of the physical memory, when its Java-side part
 * needs more than the heap the JVM may take, or when one of its arrays would exceed the
 * 2³¹ − 1 elements a Java array holds. The refusal names the parts that dominate and the fields
 * that size them.
 */
public final class ResourceEstimate {

    /**
     * How many rollback states a session keeps besides its current one (the session's good-state
     * ring holds this many; the estimate counts them).
     */
    public static final int ROLLBACK_STATES = 6;

    /** Share of physical memory a run may plan to use (the window, the OS and the JVM need the rest). */
    static final double MEMORY_SHARE = 0.6;

    /**
     * One part of the estimate.
     *
     * @param what   what it is
     * @param bytes  its size
     * @param heap   whether it lives on the Java heap (else in native tensor memory)
     * @param fields the config fields that size it
     */
    public record Part(String what, double bytes, boolean heap, String fields) {
    }

    private final List<Part> parts;
    private final double largestArray;

    private ResourceEstimate(List<Part> parts, double largestArray) {
        this.parts = List.copyOf(parts);
        this.largestArray = largestArray;
    }

    /**
     * The estimate of a config (sizes resolved from the task).
     *
     * @param withDiagnostics whether to count a diagnostics pass (scheduled ones, or {@code analyze})
     */
    public static ResourceEstimate of(SessionConfig c, boolean withDiagnostics) {
        double b = c.training().batchSize();
        double t = c.task().sequenceLength();
        double h = c.model().width();
        double d = Math.max(c.task().dim(), 2);
        double o = Math.max(1, c.task().dim());
        double word = c.model().dtype() == Precision.FLOAT64 ? 8 : 4;
        double gates = switch (c.model().architecture()) {
            case CONST_GATE, SHARED_GATE -> 1;
            case DIAG_GATE -> 2;
            case GRU -> 3;
            case LSTM -> 4;
        };
        double perStep = 4 + 3 * gates;
        double params = gates * (h * h + h * d + h) + h * d + h * h + h + o * h + o;
        double seqBytes = t * (d + o) * 8;
        List<Part> parts = new ArrayList<>();
        // The Java kernels (the default) keep a step's arrays and the parameters on the heap; ND4J's
        // ops keep them in native memory (a width-256, batch-256, T = 128 step passed the heap check
        // under -Xmx256m and then exhausted the heap when both counted as native).
        boolean heap = KernelChoice.javaKernels();
        parts.add(new Part("training-step tensors", b * t * h * perStep * word * 2, heap,
                "model.width, training.batchSize, task.sequenceLength"));
        parts.add(new Part("parameters and optimizer state", params * 8 * word, heap, "model.width"));
        parts.add(new Part("rollback states", (ROLLBACK_STATES + 1) * 3 * params * 8, true, "model.width"));
        parts.add(new Part("validation set", c.task().validationSize() * seqBytes * 2, true,
                "task.validationSize, task.sequenceLength"));
        parts.add(new Part("training set", c.task().trainSize() * seqBytes * 2, true, "task.trainSize, task.sequenceLength"));
        double largest = Math.max(b * t * h * gates, Math.max(c.task().validationSize(), c.task().trainSize()) * t * (d + o));
        if (withDiagnostics) {
            // A pass holds, per chunk of sequences, about a dozen float64 T×H arrays in native memory
            // (the forward workspace) and, on the heap, the leak factors, the error signal and one
            // tangent per direction, besides the diagnostic set itself.
            double chunk = Math.min(Math.max(256, c.diagnostics().envelopeSequences()), c.diagnostics().sequences());
            double k = c.diagnostics().directions();
            String fields = "diagnostics.sequences, diagnostics.directions, model.width, task.sequenceLength";
            parts.add(new Part("diagnostics pass (native)", chunk * t * h * 8 * 12, false, fields));
            parts.add(new Part("diagnostics pass (heap)", chunk * t * h * 8 * (3 + k)
                    + c.diagnostics().sequences() * seqBytes * 2, true, fields));
            largest = Math.max(largest, chunk * t * h);
        }
        return new ResourceEstimate(parts, largest);
    }

    /** Bytes in all. */
    public double totalBytes() {
        return parts.stream().mapToDouble(Part::bytes).sum();
    }

    /** Bytes on the Java heap. */
    public double heapBytes() {
        return parts.stream().filter(Part::heap).mapToDouble(Part::bytes).sum();
    }

    /**
     * Refuses a config that cannot fit this machine: physical memory, the JVM's heap limit and
     * Java's array size.
     *
     * @throws ConfigException naming what it needs, what there is and which fields to lower
     */
    public void check(double physicalBytes, double maxHeapBytes) {
        String big = parts.stream().sorted(Comparator.comparingDouble(Part::bytes).reversed()).limit(2)
                .map(p -> p.what() + " " + gib(p.bytes()) + " (" + p.fields() + ")").reduce((x, y) -> x + "; " + y)
                .orElse("");
        if (totalBytes() > MEMORY_SHARE * physicalBytes) {
            throw new ConfigException("resources", String.format("this config needs about %s of memory, more than the "
                    + "%s this machine can give a run (%.0f%% of %s); largest parts: %s", gib(totalBytes()),
                    gib(MEMORY_SHARE * physicalBytes), 100 * MEMORY_SHARE, gib(physicalBytes), big));
        }
        if (heapBytes() > maxHeapBytes) {
            throw new ConfigException("resources", String.format("this config needs about %s of Java heap for its data "
                    + "and diagnostics, more than the %s this JVM may use (raise it with TIMESCALE_JAVA_OPTS=-Xmx…, or "
                    + "lower the fields); largest parts: %s", gib(heapBytes()), gib(maxHeapBytes), big));
        }
        if (largestArray > Integer.MAX_VALUE) {
            throw new ConfigException("resources", String.format("this config needs arrays of %.3g elements, more "
                    + "than the 2³¹ − 1 a Java array holds; largest parts: %s", largestArray, big));
        }
    }

    /** {@link #check(double, double)} against this machine and JVM. */
    public void checkHere() {
        check(physicalMemory(), Runtime.getRuntime().maxMemory());
    }

    /** Physical memory of this machine, bytes (the heap limit ×4 where the JVM cannot tell). */
    static double physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 4.0 * Runtime.getRuntime().maxMemory();
    }

    static String gib(double bytes) {
        return bytes >= 1 << 30 ? String.format("%.3g GiB", bytes / (1 << 30)) : String.format("%.0f MiB", bytes / (1 << 20));
    }
}
