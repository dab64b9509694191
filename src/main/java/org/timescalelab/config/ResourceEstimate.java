package org.timescalelab.config;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.KernelChoice;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.Precision;
import org.timescalelab.nn.TaskSpec;

/**
 * What a config needs before anything runs: memory (tensors of a training step, parameters and
 * optimizer state, the divergence rollback's kept states, the task's data sets, a diagnostics
 * pass), checked against the machine.
 * Immutable and thread-safe.
 *
 * <p>Each part counts the arrays the code keeps for it (per step of BPTT, per block, per copy,
 * with the per-row headers of Java's nested arrays), in the precision it uses and where it lives
 * (heap or native), calibrated against measured live heaps (ResourceEstimateTest; the figures are
 * in docs/performance.md, "What the start-up check counts"). A config is refused when it needs
 * more than {@value #MEMORY_SHARE} of the physical memory, when its heap part needs more than
 * {@value #HEAP_SHARE} of the heap the JVM may take, or when one of its arrays would exceed the
 * 2³¹ − 1 elements a Java array holds. The refusal names the parts that dominate and the fields
 * that size them.
 */
public final class ResourceEstimate {

    /**
     * How many rollback states a session keeps besides its current one (the session's good-state
     * ring holds this many; the estimate counts them).
     */
    public static final int ROLLBACK_STATES = 6;

    /** Heap a diagnostics pass takes whatever its size (measured: 68–72 MiB). */
    private static final double PASS_FIXED = 70 * (1 << 20);

    /**
     * Share of the heap limit a run's live arrays may take: the collector, the checkpoint's
     * buffers and the window need the rest. Measured: H 256 × B 256 × T 128 (estimated 274 MiB)
     * ran out of heap under -Xmx300m and trained under -Xmx330m; a validation set of 4096
     * (1233 MiB) trained under -Xmx1300m.
     */
    static final double HEAP_SHARE = 0.8;

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
        TaskSpec task = c.taskSpec();
        double in = task.inputSize();
        double out = task.outputSize();
        double word = c.model().dtype() == Precision.FLOAT64 ? 8 : 4;
        Architecture arch = c.model().architecture();
        double gates = (double) arch.blockColumns((int) h) / h;
        double params = gates * (h * h + h * in + h) + out * h + out;
        // A data set holds float64 inputs and targets per sequence and step.
        double seqBytes = t * (in + out) * 8;
        double validation = c.task().validationSize();
        double probe = c.engine().probeSize();
        int stages = c.task().schedule().isEmpty() ? 0 : c.task().schedule().size() + 1;
        List<Part> parts = new ArrayList<>();
        // Every batch size the network runs keeps a workspace: the training batch (forward and
        // backward), the validation set and the probe set (forward, the whole set at once). The
        // Java kernels (the default) keep their arrays on the heap, ND4J's ops in native memory
        // (a width-256, batch-256, T = 128 step passed the heap check under -Xmx256m and then
        // exhausted the heap when both counted as native; a validation set of 4096 sequences
        // needed 1.1 GiB of heap for its forward pass, which was not counted at all).
        boolean heap = KernelChoice.javaKernels();
        String stepFields = "model.width, training.batchSize, task.sequenceLength";
        parts.add(new Part("training-step arrays", b * t * (forwardRow(arch, h, in, out, word)
                + backwardRow(arch, h, word)), heap, stepFields));
        // Workspaces are kept per batch size: a validation or probe set of the training batch's
        // size runs in the training workspace.
        double forwardOnly = (validation == b ? 0 : validation) + (probe == b || probe == validation ? 0 : probe);
        parts.add(new Part("validation and probe forward passes", forwardOnly * t * forwardRow(arch, h, in, out, word),
                heap, "task.validationSize, model.width, task.sequenceLength"));
        // ND4J's workspace arrays (states, their gradient, each block's activations and their
        // gradient) are native whichever kernels run.
        parts.add(new Part("tensor workspaces (native)", (b + forwardOnly) * (t + 1) * h * (2 + 2 * gates) * word,
                false, stepFields + ", task.validationSize"));
        parts.add(new Part("parameters and optimizer state", params * 8 * word, heap, "model.width"));
        parts.add(new Part("rollback states", (ROLLBACK_STATES + 1) * 3 * params * 8, true, "model.width"));
        parts.add(new Part("validation set", (validation * (1 + stages) + probe) * seqBytes, true,
                "task.validationSize, task.sequenceLength"));
        parts.add(new Part("training set", c.task().trainSize() * seqBytes * (stages > 0 ? 2 : 1), true,
                "task.trainSize, task.sequenceLength"));
        // A data set's inputs are one flat array.
        double largest = Math.max(b * t * h * gates, Math.max(validation, c.task().trainSize()) * t * Math.max(in, out));
        if (withDiagnostics) {
            // A pass holds one chunk of sequences at a time (the first chunk: the envelope's
            // sequences, if more): float64 T×H arrays per sequence of it, about 5.5 besides 1.1 per
            // direction on the heap (leak factors, error signal, tangents) and 8 in native memory,
            // and per diagnostic sequence about 150 bytes a step, besides some 70 MiB that do not
            // grow with the config. Measured by sampling the live heap and the resident memory
            // through passes at H = 64 and 128, T = 128 and 256, K = 2 and 8, 512 and 2048
            // sequences (within 3 % for the heap; docs/performance.md, "Memory").
            double chunk = Math.min(Math.max(Learner.diagnosticChunk((int) t, (int) h),
                    c.diagnostics().envelopeSequences()), c.diagnostics().sequences());
            double k = c.diagnostics().directions();
            String fields = "diagnostics.sequences, diagnostics.directions, model.width, task.sequenceLength";
            parts.add(new Part("diagnostics pass (native)", chunk * t * h * 8 * 8, false, fields));
            parts.add(new Part("diagnostics pass (heap)", chunk * t * h * 8 * (5.5 + 1.1 * k)
                    + c.diagnostics().sequences() * t * 150 + PASS_FIXED, true, fields));
            largest = Math.max(largest, chunk * t * h);
        }
        return new ResourceEstimate(parts, largest);
    }

    /** The parts, in the order counted. */
    public List<Part> parts() {
        return parts;
    }

    /**
     * Bytes a forward pass of the Java kernels keeps per sequence and step: its T × B × H arrays
     * and, per row, the arrays' headers (16 bytes and an 8-byte reference each) and the row's
     * inputs, targets, outputs and residuals with their transposes — about 300 bytes, measured
     * (at width 64 they are a third of the total; ResourceEstimateTest checks the sum).
     */
    private static double forwardRow(Architecture arch, double h, double in, double out, double word) {
        return arch.forwardArrays() * (h * word + 24) + 300 + (in + 3 * out) * word;
    }

    /** Bytes a backward pass adds per sequence and step: its arrays, with their row headers. */
    private static double backwardRow(Architecture arch, double h, double word) {
        return arch.backwardArrays() * (h * word + 32);
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
        if (heapBytes() > HEAP_SHARE * maxHeapBytes) {
            throw new ConfigException("resources", String.format("this config needs about %s of Java heap for its data "
                    + "and diagnostics, more than the %s a run may plan to use of this JVM's %s (raise it with "
                    + "TIMESCALE_JAVA_OPTS=-Xmx…, or lower the fields); largest parts: %s", gib(heapBytes()),
                    gib(HEAP_SHARE * maxHeapBytes), gib(maxHeapBytes), big));
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
