package org.timescalelab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.RandomProviderDefaultState;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.timescalelab.theory.EffectiveRates;
import org.timescalelab.theory.StableNoise;

/**
 * A network, its optimizer, its data and its noise: one training step at a time
 * (docs/models.md, "Loss and gradients").
 *
 * <p>Seeds: the model seed fixes the initial θ; the data seed fixes the task, the training stream
 * and the validation and probe sets (independent streams of it); the noise seed fixes the label
 * and update noise. Two learners built from the same spec take bit-identical steps.
 *
 * <p>Not thread-safe: a learner and its ND4J arrays belong to the engine thread that created it.
 *
 * <p>Length: about 760 lines: the training step, the optimizer state, resizing, checkpoint state and
 * the diagnostic jobs all act on the same learner fields; they are one object's life cycle.
 */
public final class Learner {

    private static final int STREAM_VALIDATION = 1;
    private static final int STREAM_PROBE = 2;
    private static final int STREAM_TASK = 3;
    private static final int STREAM_TRAIN_SET = 4;
    private static final int STREAM_GROWTH = 5;
    private static final int STREAM_DIAGNOSTIC = 6;
    private static final int STREAM_DIRECTIONS = 7;
    /**
     * Most diagnostic sequences per chunk of a pass: the first chunk (or the envelope's sequences,
     * if more) gives every diagnostic; later chunks add only their matched statistics, so a pass
     * over 2048 sequences holds the float64 arrays of one chunk at a time.
     */
    static final int DIAGNOSTIC_CHUNK = 256;

    /**
     * Doubles per T·chunk·H array of a chunk (32 MB): wide or long networks take fewer sequences
     * per chunk. A chunk holds about twenty such arrays at once (states, activations, the leak
     * factors, the error signal and the K = 8 tangents, in Java and in ND4J), so at H = 256 and
     * T = 128 a chunk of 128 keeps the app's live heap during a pass near 0.8 GB where 256 took
     * up to 1.8 GB (measured in the desktop app: docs/performance.md, "Memory").
     */
    static final int CHUNK_BUDGET = 1 << 22;

    /**
     * Sequences per chunk for T and H: {@value #DIAGNOSTIC_CHUNK}, or fewer (a multiple of 8, at
     * least 32) when T·chunk·H would pass {@value #CHUNK_BUDGET}. Every sequence's matched
     * statistic is the same whatever the chunking; the first chunk's other diagnostics (gate time
     * scales, gradients) average over its sequences.
     */
    public static int diagnosticChunk(int length, int width) {
        int fit = (int) Math.min(DIAGNOSTIC_CHUNK, CHUNK_BUDGET / ((long) length * width));
        return Math.max(32, fit / 8 * 8);
    }

    /**
     * How many times the loss of a network that outputs zero on the same batch (its label noise
     * included) a finite training loss may reach before the step counts as diverged
     * (docs/training.md, "Divergence"). The kernels' tanh and σ
     * never overflow, so a far too high learning rate need not end in NaN: with Adam, whose steps
     * are bounded by η, the loss at η = 10 jumps 10⁴-fold and stays there, finite.
     */
    public static final double EXPLODED = 1000;

    private final LearnerSpec spec;
    private SequenceTask task;
    private Batch validation;
    private final Batch probe;
    private Batch trainSet;
    private List<SequenceTask> stageTasks = List.of();
    private List<Batch> stageValidation = List.of();
    private int stage;
    private final RestorableUniformRandomProvider dataRng;
    private final RestorableUniformRandomProvider noiseRng;

    private RecurrentNet net;
    private Optimizer optimizer;
    private StepBuffers buffers;
    private final StepResult result = new StepResult();
    private StableNoise noise;
    private double learningRate;
    private double clipNorm;
    private double updateNoise;
    private double labelNoise;
    private int resizeCount;
    private Batch diagnosticSet;
    /** The seed {@link #diagnosticSet} was drawn from. */
    private long diagnosticSetSeed;
    private RecurrentNet twin;

    private Learner(LearnerSpec spec) {
        this.spec = spec;
        this.task = stageTask(spec, spec.task());
        this.validation = validationSet(spec, task);
        this.probe = task.generate(spec.probeSize(), stream(spec.dataSeed(), STREAM_PROBE));
        this.trainSet = spec.trainSize() > 0
                ? task.generate(spec.trainSize(), stream(spec.dataSeed(), STREAM_TRAIN_SET)) : null;
        this.dataRng = RandomSource.XO_RO_SHI_RO_128_PP.create(spec.dataSeed());
        this.noiseRng = RandomSource.XO_RO_SHI_RO_128_PP.create(spec.noiseSeed());
        this.net = RecurrentNet.create(spec.model());
        this.optimizer = new Optimizer(spec.optimizer(), net.parameterCount(), net.dtype);
        this.buffers = new StepBuffers(net);
        this.noise = StableNoise.of(noiseRng, spec.alpha());
        this.learningRate = spec.learningRate();
        this.clipNorm = spec.clipNorm();
        this.updateNoise = spec.updateNoise();
        this.labelNoise = spec.labelNoise();
    }

    /** Builds a learner at its initial state. */
    public static Learner create(LearnerSpec spec) {
        return new Learner(spec);
    }

    /** An independent generator derived from a seed and a stream number. */
    static RestorableUniformRandomProvider stream(long seed, int stream) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, 0x9E3779B97F4A7C15L * stream});
    }

    /** What the learner was built from. */
    public LearnerSpec spec() {
        return spec;
    }

    /** H, the hidden width now. */
    public int width() {
        return net.width;
    }

    /**
     * The arrays one training step works in, made for the current network (again after a resize
     * or a rewind to another width): θ and its gradient as {@code double[]} through
     * {@link FlatVector}s, the update noise, the reusable training batch and the tensor list.
     * With them a step allocates nothing in the steady state.
     */
    private final class StepBuffers {
        final FlatVector thetaView;
        final FlatVector gradientView;
        final double[] theta;
        final double[] gradient;
        final double[] noise;
        final Batch batch;
        final int[] picks;
        final TensorInfo[] tensors;
        final ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(dataRng);

        StepBuffers(RecurrentNet net) {
            thetaView = new FlatVector(net.theta);
            gradientView = new FlatVector(net.gradient);
            theta = new double[thetaView.length()];
            gradient = new double[theta.length];
            noise = new double[theta.length];
            int b = spec.batchSize();
            TaskSpec t = spec.task();
            batch = new Batch(b, t.length(), t.inputSize(), t.outputSize(), new double[b * t.length() * t.inputSize()],
                    new double[b * t.length() * t.outputSize()], new boolean[t.length()]);
            picks = new int[b];
            tensors = net.tensors().toArray(new TensorInfo[0]);
        }
    }

    /** One step: draw a batch, compute loss and gradient, clip, update, add update noise. */
    public StepResult step() {
        StepBuffers w = buffers;
        Batch batch = nextBatch(w);
        double loss = net.lossAndGradient(batch);
        w.gradientView.read(w.gradient);
        double sumSquares = 0;
        for (double g : w.gradient) {
            sumSquares += g * g;
        }
        double gradNorm = Math.sqrt(sumSquares);
        if (!Double.isFinite(loss)) {
            return result.set(loss, gradNorm, false, "loss");
        }
        if (loss > EXPLODED * zeroOutputLoss(batch)) {
            return result.set(loss, gradNorm, false, "exploded");
        }
        if (!Double.isFinite(gradNorm)) {
            return result.set(loss, gradNorm, false, "gradient");
        }
        if (clipNorm > 0 && gradNorm > clipNorm) {
            double scale = clipNorm / gradNorm;
            for (int i = 0; i < w.gradient.length; i++) {
                w.gradient[i] *= scale;
            }
            w.gradientView.write(w.gradient);
        }
        w.thetaView.read(w.theta);
        optimizer.computeUpdate(w.theta, w.gradient, learningRate);
        double[] update = optimizer.update();
        if (updateNoise > 0) {
            addUpdateNoise(update, w.noise);
        }
        double sum = 0;
        for (int i = 0; i < w.theta.length; i++) {
            w.theta[i] = optimizer.add(w.theta[i], update[i]);
            sum += w.theta[i];
        }
        if (!Double.isFinite(sum)) {
            return result.set(loss, gradNorm, false, "parameters");
        }
        w.thetaView.write(w.theta);
        net.parametersChanged();
        return result.set(loss, gradNorm, true, "");
    }

    /**
     * Per stage of a schedule, the loss on that stage's validation set (drawn as {@link #setStages}
     * draws it) of a network that outputs zero: a task's loss when nothing of it is known, the
     * "untrained" end of the forgetting scale (docs/training.md, "Task schedules").
     */
    public static double[] untrainedLosses(LearnerSpec spec, List<TaskSpec> stages) {
        double[] out = new double[stages.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = zeroOutputLoss(validationSet(spec, stageTask(spec, stages.get(i))));
        }
        return out;
    }

    /** A stage's task: its fixed parts drawn from the stream every stage shares. */
    private static SequenceTask stageTask(LearnerSpec spec, TaskSpec stage) {
        return SequenceTask.of(stage, stream(spec.dataSeed(), STREAM_TASK));
    }

    /** A task's fixed validation set, from the inputs every stage shares. */
    private static Batch validationSet(LearnerSpec spec, SequenceTask task) {
        return task.generate(spec.validationSize(), stream(spec.dataSeed(), STREAM_VALIDATION));
    }

    /** ½ Σ y² / (B · scored steps) over the scored steps of a batch: the loss of a network that outputs zero. */
    static double zeroOutputLoss(Batch b) {
        int per = b.size() * b.outputSize();
        double sum = 0;
        for (int t = 0; t < b.length(); t++) {
            if (b.hasTarget()[t]) {
                for (int i = t * per; i < (t + 1) * per; i++) {
                    sum += b.targets()[i] * b.targets()[i];
                }
            }
        }
        return b.targetSteps() == 0 ? 0 : 0.5 * sum / ((double) b.size() * b.targetSteps());
    }

    /** The next training batch, drawn into the reusable one. */
    private Batch nextBatch(StepBuffers w) {
        Batch batch = w.batch;
        if (trainSet == null) {
            task.generate(batch, dataRng, w.gauss);
        } else {
            for (int i = 0; i < w.picks.length; i++) {
                w.picks[i] = dataRng.nextInt(trainSet.size());
            }
            select(trainSet, w.picks, batch);
        }
        if (labelNoise > 0) {
            addLabelNoise(batch);
        }
        return batch;
    }

    /** The sequences {@code idx} of a batch, in that order. */
    static Batch select(Batch from, int[] idx) {
        int t = from.length();
        Batch into = new Batch(idx.length, t, from.inputSize(), from.outputSize(), new double[idx.length * t * from.inputSize()],
                new double[idx.length * t * from.outputSize()], new boolean[t]);
        select(from, idx, into);
        return into;
    }

    /** The sequences {@code idx} of a batch, in that order, into the arrays of {@code into}. */
    static void select(Batch from, int[] idx, Batch into) {
        int t = from.length();
        int d = from.inputSize();
        int o = from.outputSize();
        int b = idx.length;
        double[] x = into.inputs();
        double[] y = into.targets();
        for (int step = 0; step < t; step++) {
            for (int i = 0; i < b; i++) {
                System.arraycopy(from.inputs(), (step * from.size() + idx[i]) * d, x, (step * b + i) * d, d);
                System.arraycopy(from.targets(), (step * from.size() + idx[i]) * o, y, (step * b + i) * o, o);
            }
        }
        System.arraycopy(from.hasTarget(), 0, into.hasTarget(), 0, t);
    }

    private void addLabelNoise(Batch batch) {
        double[] y = batch.targets();
        int per = batch.size() * batch.outputSize();
        for (int t = 0; t < batch.length(); t++) {
            if (batch.hasTarget()[t]) {
                for (int i = 0; i < per; i++) {
                    y[t * per + i] += labelNoise * noise.sample();
                }
            }
        }
    }

    /**
     * Adds c·ξ to Δθ, c = scale × RMS(Δθ) of each named tensor, ξ ~ SαS(α, 1) (docs/training.md,
     * "Noise"); every c comes from Δθ before any noise is added.
     */
    private void addUpdateNoise(double[] delta, double[] xi) {
        for (TensorInfo t : buffers.tensors) {
            int from = (int) t.offset();
            double sumSq = 0;
            for (int i = from; i < from + t.size(); i++) {
                sumSq += delta[i] * delta[i];
            }
            double c = updateNoise * Math.sqrt(sumSq / t.size());
            for (int i = from; i < from + t.size(); i++) {
                xi[i] = c * noise.sample();
            }
        }
        for (int i = 0; i < delta.length; i++) {
            delta[i] += xi[i];
        }
    }

    /**
     * The tasks of a schedule (docs/training.md, "Task schedules"), stage 0 the spec's own. Every
     * stage draws its fixed parts from the same stream as the spec's task and its validation set
     * from the same inputs, so stages differ only in what they ask of those inputs.
     */
    public void setStages(List<TaskSpec> stages) {
        if (stages.isEmpty() || !stages.get(0).equals(spec.task())) {
            throw new IllegalArgumentException("stage 0 of a schedule must be the learner's own task");
        }
        List<SequenceTask> tasks = new ArrayList<>();
        List<Batch> sets = new ArrayList<>();
        for (TaskSpec t : stages) {
            SequenceTask st = stageTask(spec, t);
            tasks.add(st);
            sets.add(validationSet(spec, st));
        }
        stageTasks = List.copyOf(tasks);
        stageValidation = List.copyOf(sets);
    }

    /**
     * Trains on stage {@code s} from the next step: its task, validation set and (with a fixed
     * training set) its training set. Parameters, optimizer state and generators carry over.
     */
    public void switchTo(int s) {
        if (s < 0 || s >= stageTasks.size()) {
            throw new IllegalArgumentException("no stage " + s + " (the schedule has " + stageTasks.size() + ")");
        }
        stage = s;
        task = stageTasks.get(s);
        validation = stageValidation.get(s);
        trainSet = spec.trainSize() > 0 ? task.generate(spec.trainSize(), stream(spec.dataSeed(), STREAM_TRAIN_SET)) : null;
        diagnosticSet = null;
    }

    /** The stage being trained (0 without a schedule). */
    public int stage() {
        return stage;
    }

    /** The validation loss of every stage's task, in stage order (empty without a schedule). */
    public double[] stageValidationLosses() {
        return stageValidation.stream().mapToDouble(net::loss).toArray();
    }

    /** Loss on the fixed validation set (clean targets). */
    public double validationLoss() {
        return net.loss(validation);
    }

    /**
     * A diagnostics pass with the current parameters and optimizer rates, in double precision,
     * on the fixed diagnostic set (docs/envelope-and-window.md). The set's label noise is drawn for this pass
     * from a stream of the noise seed and {@code step}, so a pass is reproducible from a
     * checkpoint and never disturbs training.
     */
    public NetworkDiagnostics diagnose(DiagnosticSettings settings, long step) {
        return diagnose(settings, step, () -> false);
    }

    /**
     * As {@link #diagnose(DiagnosticSettings, long)}, giving up between chunks of sequences once
     * {@code cancelled} says so.
     *
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    public NetworkDiagnostics diagnose(DiagnosticSettings settings, long step, java.util.function.BooleanSupplier cancelled) {
        return diagnosticJob(settings, step, diagnosticTwin()).run(cancelled);
    }

    /**
     * A diagnostics pass captured now and run later, on any one thread: an immutable copy of θ, the
     * optimizer's rates and the noisy diagnostic set, with a float64 network of its own. Training
     * may go on meanwhile; the pass sees the parameters of {@code step}.
     */
    public DiagnosticJob diagnosticJob(DiagnosticSettings settings, long step) {
        return diagnosticJob(settings, step, null);
    }

    private DiagnosticJob diagnosticJob(DiagnosticSettings settings, long step, RecurrentNet reuse) {
        // A derived sample uses the streams of the learner's own seeds, as before diagnostics.seed existed.
        long setSeed = settings.derivedSeed() ? spec.dataSeed() : settings.seed();
        if (diagnosticSet == null || diagnosticSet.size() != settings.sequences() || diagnosticSetSeed != setSeed) {
            diagnosticSet = task.generate(settings.sequences(), stream(setSeed, STREAM_DIAGNOSTIC));
            diagnosticSetSeed = setSeed;
        }
        Batch noisy = select(diagnosticSet, IntStream.range(0, diagnosticSet.size()).toArray());
        if (labelNoise > 0) {
            long noiseSeed = settings.derivedSeed() ? spec.noiseSeed() ^ step : DiagnosticSettings.mix(settings.seed(), step);
            StableNoise diagNoise = StableNoise.of(stream(noiseSeed, STREAM_DIAGNOSTIC), noise.alpha());
            double[] y = noisy.targets();
            int per = noisy.size() * noisy.outputSize();
            for (int t = 0; t < noisy.length(); t++) {
                if (noisy.hasTarget()[t]) {
                    for (int i = 0; i < per; i++) {
                        y[t * per + i] += labelNoise * diagNoise.sample();
                    }
                }
            }
        }
        // With a network to reuse (an inline pass), θ is already in it: no copy.
        return new DiagnosticJob(net.spec, reuse == null ? net.parameters() : null, optimizer.rates(learningRate), noisy,
                settings, setSeed, reuse, task.spec().maxLag());
    }

    /** One captured diagnostics pass (see {@link #diagnosticJob}); run it once, on one thread. */
    public static final class DiagnosticJob {
        private final ModelSpec model;
        private final double[] theta;
        private final double[] rates;
        private final Batch set;
        private final DiagnosticSettings settings;
        private final long directionSeed;
        private final RecurrentNet reuse;
        private final double taskLag;

        private DiagnosticJob(ModelSpec model, double[] theta, double[] rates, Batch set, DiagnosticSettings settings,
                              long directionSeed, RecurrentNet reuse, double taskLag) {
            this.taskLag = taskLag;
            this.model = model;
            this.theta = theta;
            this.rates = rates;
            this.set = set;
            this.settings = settings;
            this.directionSeed = directionSeed;
            this.reuse = reuse;
        }

        /** The pass, in chunks of {@link #diagnosticChunk} sequences. */
        public NetworkDiagnostics run() {
            return run(() -> false);
        }

        /**
         * The pass, giving up between chunks once {@code cancelled} says so.
         *
         * @throws java.util.concurrent.CancellationException when cancelled
         */
        public NetworkDiagnostics run(java.util.function.BooleanSupplier cancelled) {
            return run(cancelled, diagnosticChunk(set.length(), model.width()));
        }

        /** The pass in chunks of {@code chunk} sequences (after a first chunk of at least the envelope's). */
        NetworkDiagnostics run(java.util.function.BooleanSupplier cancelled, int chunk) {
            RecurrentNet twin = reuse;
            if (twin == null) {
                twin = RecurrentNet.empty(model.withPrecision(Precision.FLOAT64));
                twin.setParameters(theta);
            }
            INDArray[] directions = DiagnosticPass.randomDirections((int) twin.parameterCount(), settings.directions(),
                    stream(directionSeed, STREAM_DIRECTIONS));
            int n = set.size();
            int first = Math.min(n, Math.max(chunk, settings.envelopeSequences()));
            NetworkDiagnostics head = new DiagnosticPass(twin, select(set, IntStream.range(0, first).toArray()),
                    rates, settings, directions).run();
            if (first == n) {
                return head.with(head.psi(), head.whole(), taskLag);
            }
            double[][][] psi = Arrays.copyOf(head.psi(), n);
            double[][] whole = Arrays.copyOf(head.whole(), n);
            for (int from = first; from < n; from += chunk) {
                if (cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("diagnostics pass cancelled");
                }
                int to = Math.min(n, from + chunk);
                DiagnosticPass.Terms part = new DiagnosticPass(twin, select(set, IntStream.range(from, to).toArray()),
                        rates, settings, directions).matchedStatisticsOnly();
                System.arraycopy(part.psi(), 0, psi, from, part.psi().length);
                System.arraycopy(part.whole(), 0, whole, from, part.whole().length);
            }
            return head.with(psi, whole, taskLag);
        }
    }

    /**
     * A float64 copy of the network with the current θ, kept between passes while the width is
     * unchanged (its buffers for the diagnostic set are large: reusing them saves their allocation).
     */
    private RecurrentNet diagnosticTwin() {
        if (twin == null || twin.width != net.width) {
            twin = RecurrentNet.empty(net.spec.withPrecision(Precision.FLOAT64));
        }
        twin.setParameters(net.parameters());
        return twin;
    }

    /**
     * For one batch drawn like {@link #inspect}'s: the leak a and correction r (docs/models.md, "Leak and correction") of
     * every sequence, step and unit (batch-major B×T×H, for export), and the envelope on that
     * batch with the current row-mean Λ.
     */
    public BatchTransport batchTransport(long batchSeed, int[] lags) {
        Batch batch = task.generate(spec.batchSize(), stream(batchSeed, 0));
        RecurrentNet copy = diagnosticTwin();
        copy.loss(batch);
        LeakFactors f = copy.leakFactors(copy.workspace(batch));
        int h = copy.width;
        double[] lambda = DiagnosticPass.rowMeans(DiagnosticPass.meanRecurrentRates(copy, optimizer.rates(learningRate)));
        EffectiveRates rates = new EffectiveRates(lags, h, batch.length());
        for (int b = 0; b < batch.size(); b++) {
            rates.addWindows(DiagnosticPass.sequence(f.a(), b, batch.size(), batch.length(), h),
                    DiagnosticPass.sequence(f.r(), b, batch.size(), batch.length(), h),
                    f.end() == null ? null : DiagnosticPass.sequence(f.end(), b, batch.size(), batch.length(), h),
                    lambda);
        }
        return new BatchTransport(List.of(
                NamedArray.batchMajor("leak_a", f.a(), batch.size(), batch.length(), h,
                        "leak a_j^(q) (docs/models.md), batch×time×H"),
                NamedArray.batchMajor("leak_r", f.r(), batch.size(), batch.length(), h,
                        "first-order correction r_j^(q) (docs/models.md), batch×time×H")), rates.result());
    }

    /**
     * The transport factors of one batch.
     *
     * @param arrays   leak_a and leak_r, batch-major
     * @param envelope the envelope on the batch
     */
    public record BatchTransport(List<NamedArray> arrays, EffectiveRates.Result envelope) {
    }

    /** Update fractions on the probe batch (one forward pass). */
    public ProbeView probe() {
        net.loss(probe);
        Workspace ws = net.workspace(probe);
        INDArray s = net.updateFractions(ws);
        double[] mean = s.mean(0).toDoubleVector();
        double[] all = s.dup('c').data().asDouble();
        int h = net.width;
        double[] first = new double[probe.length() * h];
        for (int t = 0; t < probe.length(); t++) {
            System.arraycopy(all, (t * probe.size()) * h, first, t * h, h);
        }
        return new ProbeView(h, probe.length(), mean, first);
    }

    /**
     * Changes the width between steps. Growing appends units that nothing old reads yet, so the
     * function is unchanged; shrinking removes the units with the smallest readout-weight norm.
     * New entries' first moments start at zero, their second moments at their tensor's mean
     * ({@link RecurrentNet#remapSecondMoment}).
     */
    public ResizeReport resize(int newWidth) {
        int oldWidth = net.width;
        double before = validationLoss();
        int[] keep = newWidth >= oldWidth ? IntStream.range(0, oldWidth).toArray() : strongestUnits(newWidth);
        resizeCount++;
        long freshSeed = stream(spec.model().seed(), STREAM_GROWTH + resizeCount).nextLong();
        RecurrentNet next = net.resized(newWidth, keep, freshSeed);
        double[] zeros = new double[(int) next.parameterCount()];
        double[] m = net.remap(optimizer.firstMoment(), zeros, next.layout(), keep);
        double[] v = net.remapSecondMoment(optimizer.secondMoment(), next.layout(), keep);
        Optimizer nextOptimizer = new Optimizer(spec.optimizer(), next.parameterCount(), next.dtype);
        nextOptimizer.restore(m, v, optimizer.steps());
        net = next;
        optimizer = nextOptimizer;
        buffers = new StepBuffers(net);
        double after = validationLoss();
        int[] removed = IntStream.range(0, oldWidth).filter(q -> Arrays.stream(keep).noneMatch(k -> k == q)).toArray();
        return new ResizeReport(oldWidth, newWidth, before, after, removed);
    }

    private int[] strongestUnits(int count) {
        double[] wOut = net.tensor("W_out").toDoubleVector();
        int h = net.width;
        double[] norm = new double[h];
        for (int i = 0; i < wOut.length; i++) {
            norm[i % h] += wOut[i] * wOut[i];
        }
        return IntStream.range(0, h).boxed()
                .sorted(Comparator.comparingDouble((Integer q) -> -norm[q]).thenComparingInt(q -> q))
                .limit(count).mapToInt(Integer::intValue).sorted().toArray();
    }

    /** η now. */
    public double learningRate() {
        return learningRate;
    }

    /** η from the next step. */
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    /** The global-norm clipping threshold now (0 = off). */
    public double clipNorm() {
        return clipNorm;
    }

    /** The clipping threshold from the next step (0 = off). */
    public void setClipNorm(double clipNorm) {
        this.clipNorm = clipNorm;
    }

    /** The tail index α of the noise now. */
    public double alpha() {
        return noise.alpha();
    }

    /** Changes the noise tail index from the next draw on; the generator continues. */
    public void setAlpha(double alpha) {
        noise = StableNoise.of(noiseRng, alpha);
    }

    /** The update-noise scale now (× the update's RMS per tensor). */
    public double updateNoise() {
        return updateNoise;
    }

    /** The update-noise scale from the next step. */
    public void setUpdateNoise(double scale) {
        this.updateNoise = scale;
    }

    /** The label-noise scale now. */
    public double labelNoise() {
        return labelNoise;
    }

    /** The label-noise scale from the next batch. */
    public void setLabelNoise(double scale) {
        this.labelNoise = scale;
    }

    /** A copy of θ. */
    public double[] parameters() {
        return net.parameters();
    }

    /** The named parameter tensors. */
    public List<TensorInfo> tensors() {
        return net.tensors();
    }

    /** Everything needed to continue bit-identically. */
    public LearnerState state() {
        return new LearnerState(net.width, net.parameters(), optimizer.firstMoment(), optimizer.secondMoment(),
                optimizer.steps(), stateBytes(dataRng), stateBytes(noiseRng), resizeCount, learningRate, clipNorm,
                noise.alpha(), updateNoise, labelNoise);
    }

    private static byte[] stateBytes(RestorableUniformRandomProvider rng) {
        return ((RandomProviderDefaultState) rng.saveState()).getState();
    }

    /** θ's length for a spec's model at a width. */
    public static int parameterCount(LearnerSpec spec, int width) {
        return (int) RecurrentNet.empty(spec.model().withWidth(width)).parameterCount();
    }

    /**
     * Rebuilds a learner from its spec and a saved state.
     *
     * @throws IllegalArgumentException naming the part of the state that cannot be restored
     */
    public static Learner restore(LearnerSpec spec, LearnerState state) {
        try {
            return restoreChecked(spec, state);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("a generator state in the checkpoint cannot be restored (" + e.getMessage()
                    + ")");
        }
    }

    private static Learner restoreChecked(LearnerSpec spec, LearnerState state) {
        Learner l = new Learner(spec);
        l.rewind(state);
        l.learningRate = state.learningRate();
        l.clipNorm = state.clipNorm();
        l.noise = StableNoise.of(l.noiseRng, state.alpha());
        l.updateNoise = state.updateNoise();
        l.labelNoise = state.labelNoise();
        return l;
    }

    /**
     * Returns to a state this learner was in (a divergence's rollback): width, θ, optimizer moments,
     * generators and the resize count come from {@code state}; the live settings (learning rate,
     * clipping, noise) stay as they are now, so the user's latest choices survive the rollback.
     *
     * @throws IllegalStateException if a generator state cannot be restored
     */
    public void rewind(LearnerState state) {
        if (state.width() != net.width) {
            net = RecurrentNet.empty(spec.model().withWidth(state.width()));
            optimizer = new Optimizer(spec.optimizer(), net.parameterCount(), net.dtype);
        }
        net.setParameters(state.parameters());
        optimizer.restore(state.firstMoment(), state.secondMoment(), state.optimizerSteps());
        buffers = new StepBuffers(net);
        dataRng.restoreState(new RandomProviderDefaultState(state.dataGenerator()));
        noiseRng.restoreState(new RandomProviderDefaultState(state.noiseGenerator()));
        noise = StableNoise.of(noiseRng, noise.alpha());
        resizeCount = state.resizeCount();
    }

    /**
     * One training batch (drawn from an independent stream, without label noise) with the current
     * parameters: every parameter, the batch, the forward arrays, the loss and every gradient.
     */
    public List<NamedArray> inspect(long batchSeed) {
        UniformRandomProvider rng = stream(batchSeed, 0);
        Batch batch = task.generate(spec.batchSize(), rng);
        double loss = net.lossAndGradient(batch);
        List<NamedArray> out = new ArrayList<>();
        double[] theta = net.parameters();
        double[] grad = net.gradient();
        for (TensorInfo t : net.tensors()) {
            out.add(new NamedArray(t.name(), new int[] {t.rows(), t.cols()},
                    Arrays.copyOfRange(theta, (int) t.offset(), (int) t.offset() + t.size()), t.meaning()));
        }
        for (TensorInfo t : net.tensors()) {
            out.add(new NamedArray("grad_" + t.name(), new int[] {t.rows(), t.cols()},
                    Arrays.copyOfRange(grad, (int) t.offset(), (int) t.offset() + t.size()),
                    "∂L/∂" + t.name() + ", same orientation as " + t.name()));
        }
        out.add(NamedArray.batchMajor("x", batch.inputs(), batch.size(), batch.length(), batch.inputSize(),
                "inputs x_t, batch×time×D"));
        out.add(NamedArray.batchMajor("y", batch.targets(), batch.size(), batch.length(), batch.outputSize(),
                "targets y_t, batch×time×O (meaningful where has_target)"));
        double[] mask = new double[batch.length()];
        for (int t = 0; t < mask.length; t++) {
            mask[t] = batch.hasTarget()[t] ? 1 : 0;
        }
        out.add(new NamedArray("has_target", new int[] {batch.length()}, mask, "1 where step t is scored, time"));
        out.addAll(net.forwardArrays(batch));
        out.add(new NamedArray("loss", new int[] {}, new double[] {loss},
                "L = (1/(B·|targets|)) Σ ½‖ŷ_t − y_t‖² over scored steps"));
        return out;
    }
}
