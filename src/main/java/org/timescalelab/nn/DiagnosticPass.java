package org.timescalelab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.timescalelab.theory.Anisotropy;
import org.timescalelab.theory.EffectiveRates;

/**
 * One diagnostics pass over a fixed diagnostic set, in double precision (docs/envelope-and-window.md):
 * leak and correction factors, Λ, the envelope and profiles, the matched statistic along
 * forward-mode tangents, and the exact diagonal transport on a few lags.
 *
 * <p>Directions (our reading of the specification's "mean over K random unit directions";
 * docs/envelope-and-window.md, "Learnability window"): ψ is kept per direction, [n][k][ℓ], and the
 * estimator averages each direction's signal-to-noise ratio. Averaging ψ over the directions first
 * would project the gradient on one random direction w̄, whose size re-randomises whenever the
 * gradient turns (measured: H_N(10⁴) jumping between 0 and 103 on passes 100 steps apart while
 * redraws of the diagnostic noise on one network agreed).
 *
 * <p>Implementation notes: The diagnostic set and the directions come from fixed streams of the data seed, so
 * passes at different steps are comparable; its label noise is drawn afresh for each pass from a
 * stream of the noise seed and the step, with the current α and scale, and never touches the
 * training noise.
 *
 * <p>Threading: called on the engine thread, where all of its ND4J work stays. The per-sequence
 * loops (plain Java over arrays, no ND4J) run on the common fork-join pool and overlap with it:
 * the envelope while the engine thread computes the error signal and the tangent, the matched
 * statistic while it computes the exact transport and the per-example gradients. So a pass keeps
 * both cores busy.
 */
final class DiagnosticPass {

    /** Parallel chunks of the envelope's sequences. */
    private static final int ENVELOPE_CHUNKS = 8;

    private final RecurrentNet twin;
    private final Batch batch;
    private final double[] rates;
    private final DiagnosticSettings settings;
    private final INDArray[] directions;
    private INDArray longestProduct;

    DiagnosticPass(RecurrentNet twin, Batch batch, double[] rates, DiagnosticSettings settings,
                   INDArray[] directions) {
        this.twin = twin;
        this.batch = batch;
        this.rates = rates;
        this.settings = settings;
        this.directions = directions;
    }

    /**
     * The lag terms ψ [n][k][ℓ] and whole terms g [n][k] of every sequence of the batch.
     */
    record Terms(double[][][] psi, double[][] whole) {
    }

    /**
     * The matched statistic of every sequence of the batch only (no envelope, exact transport or
     * gradients): the later chunks of a large diagnostic set.
     */
    Terms matchedStatisticsOnly() {
        twin.loss(batch);
        Workspace ws = twin.workspace(batch);
        LeakFactors leak = twin.leakFactors(ws);
        double[][] lambdaBar = meanRecurrentRates(twin, rates);
        double[] rowMean = rowMeans(lambdaBar);
        double[] perState = settings.lambdaMode() == LambdaMode.RAYLEIGH ? rayleigh(ws.outStates, lambdaBar, rowMean) : null;
        return matchedStatistics(leak, perState, rowMean, errorSignal(ws), tangents(ws));
    }

    /** The tangent along each direction, time-major (T·B)×H each. */
    private double[][] tangents(Workspace ws) {
        return twin.tangentValues(ws, directions);
    }

    /** δ_t = (ŷ_t − y_t) W_out of every sequence and step, time-major (T·B)×H. */
    private double[] errorSignal(Workspace ws) {
        INDArray deltaBuffer = Nd4j.create(DataType.DOUBLE, (long) batch.size() * batch.length(), twin.width);
        Nd4j.gemm(ws.dOutputs, twin.wOut, deltaBuffer, false, false, 1.0, 0.0);
        return RecurrentNet.values(deltaBuffer);
    }

    NetworkDiagnostics run() {
        twin.loss(batch);
        Workspace ws = twin.workspace(batch);
        int h = twin.width;
        int len = batch.length();
        int n = batch.size();
        LeakFactors leak = twin.leakFactors(ws);
        double[][] lambdaBar = meanRecurrentRates(twin, rates);
        double[] rowMean = rowMeans(lambdaBar);
        double[] perState = settings.lambdaMode() == LambdaMode.RAYLEIGH ? rayleigh(ws.outStates, lambdaBar, rowMean) : null;
        int envelopeSequences = Math.min(n, settings.envelopeSequences());
        // The envelope needs only the leak factors: it runs on the pool while this thread computes
        // the error signal and the tangent with ND4J.
        CompletableFuture<EffectiveRates> envelope = CompletableFuture.supplyAsync(
                () -> envelope(leak, perState, rowMean, envelopeSequences));
        double[] delta = errorSignal(ws);
        double[][] tangent = tangents(ws);
        // The matched statistic (and then the SVD of the longest product) run on the pool while this
        // thread does the exact transport and the per-example gradients.
        CompletableFuture<Terms> terms = CompletableFuture.supplyAsync(
                () -> matchedStatistics(leak, perState, rowMean, delta, tangent));
        double[] tauGate = gateTimescales(ws);
        double[][] exact = exactTransport(ws, leak, rowMean, perState);
        double[][] longest = longestProduct.toDoubleMatrix();
        CompletableFuture<Anisotropy> products = CompletableFuture.supplyAsync(() -> Anisotropy.ofMatrix(longest));
        Anisotropy gradients = gradientAnisotropy();
        Terms t = terms.join();
        return new NetworkDiagnostics(h, len, envelope.join().result(), t.psi(), t.whole(), Double.NaN, rowMean, tauGate,
                settings.exactLags(), exact[0], exact[1], products.join(), gradients);
    }

    /**
     * The envelope sums over the first {@code count} sequences, in {@value #ENVELOPE_CHUNKS} fixed
     * chunks run in parallel and merged in order (the result does not depend on scheduling).
     */
    private EffectiveRates envelope(LeakFactors leak, double[] perState, double[] rowMean, int count) {
        int h = twin.width;
        int len = batch.length();
        EffectiveRates[] parts = new EffectiveRates[ENVELOPE_CHUNKS];
        IntStream.range(0, ENVELOPE_CHUNKS).parallel().forEach(c -> {
            parts[c] = new EffectiveRates(settings.lags(), h, len);
            for (int b = c * count / ENVELOPE_CHUNKS; b < (c + 1) * count / ENVELOPE_CHUNKS; b++) {
                SequenceFactors f = factors(leak, perState, rowMean, b);
                parts[c].addWindows(f.a, f.r, f.end, f.lambda);
            }
        });
        for (int c = 1; c < ENVELOPE_CHUNKS; c++) {
            parts[0].merge(parts[c]);
        }
        return parts[0];
    }

    /** ψ_n(ℓ) and g_n of every sequence along every direction (sequences are independent: in parallel). */
    private Terms matchedStatistics(LeakFactors leak, double[] perState, double[] rowMean, double[] delta,
                                           double[][] tangents) {
        int n = batch.size();
        int len = batch.length();
        int h = twin.width;
        EffectiveRates reader = new EffectiveRates(settings.lags(), h, len);
        double[][][] psi = new double[n][][];
        double[][] whole = new double[n][];
        IntStream.range(0, n).parallel().forEach(b -> {
            SequenceFactors f = factors(leak, perState, rowMean, b);
            double[][] own = new double[tangents.length][];
            for (int k = 0; k < tangents.length; k++) {
                own[k] = sequence(tangents[k], b, n, len, h);
            }
            double[] d = sequence(delta, b, n, len, h);
            psi[b] = reader.matchedStatistic(f.a, f.r, f.end, f.lambda, d, own, batch.hasTarget());
            whole[b] = reader.wholeTerm(f.lambda, d, own, batch.hasTarget());
        });
        return new Terms(psi, whole);
    }

    /** One sequence's a, r, e and Λ, [t·H + q]. */
    private record SequenceFactors(double[] a, double[] r, double[] end, double[] lambda) {
    }

    private SequenceFactors factors(LeakFactors leak, double[] perState, double[] rowMean, int b) {
        int n = batch.size();
        int len = batch.length();
        int h = twin.width;
        return new SequenceFactors(sequence(leak.a(), b, n, len, h), sequence(leak.r(), b, n, len, h),
                leak.end() == null ? null : sequence(leak.end(), b, n, len, h),
                perState == null ? rowMean : sequence(perState, b, n, len, h));
    }

    /** One sequence's values [t·H + q] from a time-major (T·B)×H array. */
    static double[] sequence(double[] timeMajor, int b, int batchSize, int length, int width) {
        double[] out = new double[length * width];
        for (int t = 0; t < length; t++) {
            System.arraycopy(timeMajor, (t * batchSize + b) * width, out, t * width, width);
        }
        return out;
    }

    /** λ̄_{qi}: the optimizer's per-parameter rates averaged over the H×H recurrent matrices. */
    static double[][] meanRecurrentRates(RecurrentNet twin, double[] rates) {
        int h = twin.width;
        double[][] bar = new double[h][h];
        List<TensorInfo> square = new ArrayList<>();
        for (ParameterLayout.Block block : twin.layout.blocks()) {
            if (block.hidden()) {
                square.add(twin.layout.tensor(block.recurrent()));
            }
        }
        for (TensorInfo t : square) {
            for (int q = 0; q < h; q++) {
                for (int i = 0; i < h; i++) {
                    bar[q][i] += rates[(int) t.offset() + q * h + i] / square.size();
                }
            }
        }
        return bar;
    }

    static double[] rowMeans(double[][] m) {
        double[] out = new double[m.length];
        for (int q = 0; q < m.length; q++) {
            out[q] = Arrays.stream(m[q]).average().orElse(0);
        }
        return out;
    }

    /** Σ_i λ̄_{qi} h²_{m,i} / Σ_i h²_{m,i} at every source state h_m (row mean where h_m = 0). */
    static double[] rayleigh(INDArray states, double[][] lambdaBar, double[] rowMean) {
        int h = rowMean.length;
        INDArray squares = states.mul(states);
        INDArray bar = Nd4j.create(lambdaBar);
        INDArray weighted = Nd4j.create(DataType.DOUBLE, squares.rows(), h);
        Nd4j.gemm(squares, bar, weighted, false, true, 1.0, 0.0);
        double[] w = RecurrentNet.values(weighted);
        double[] norms = RecurrentNet.values(squares.sum(1));
        for (int i = 0; i < norms.length; i++) {
            for (int q = 0; q < h; q++) {
                int k = i * h + q;
                w[k] = norms[i] > 0 ? w[k] / norms[i] : rowMean[q];
            }
        }
        return w;
    }

    /** K independent uniformly random unit vectors in θ-space. */
    static INDArray[] randomDirections(int parameters, int k, UniformRandomProvider rng) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        INDArray[] out = new INDArray[k];
        for (int d = 0; d < k; d++) {
            double[] w = new double[parameters];
            double norm = 0;
            for (int i = 0; i < parameters; i++) {
                w[i] = g.sample();
                norm += w[i] * w[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < parameters; i++) {
                w[i] /= norm;
            }
            out[d] = Nd4j.create(w, new long[] {parameters}, DataType.DOUBLE);
        }
        return out;
    }

    /**
     * Σ_q |Λ^(q) e^(q) [M_{T−1, T−1−ℓ}]_qq| and the expansion's Σ_q |μ^(q)| on the same windows,
     * averaged over the first exact sequences; M is accumulated as M ← M·J_{T−ℓ} with exact
     * Jacobians.
     */
    private double[][] exactTransport(Workspace ws, LeakFactors leak, double[] rowMean, double[] perState) {
        int[] lags = settings.exactLags();
        int h = twin.width;
        int len = batch.length();
        int n = batch.size();
        int sequences = Math.min(settings.exactSequences(), n);
        double[] exact = new double[lags.length];
        double[] expansion = new double[lags.length];
        int maxLag = Arrays.stream(lags).max().orElse(0);
        int end = len - 1;
        longestProduct = Nd4j.zeros(DataType.DOUBLE, h, h);
        for (int b = 0; b < sequences; b++) {
            double[] a = sequence(leak.a(), b, n, len, h);
            double[] r = sequence(leak.r(), b, n, len, h);
            double[] e = leak.end() == null ? null : sequence(leak.end(), b, n, len, h);
            double[] lam = perState == null ? null : sequence(perState, b, n, len, h);
            double[][] prefix = EffectiveRates.prefix(a, r, h, len);
            INDArray m = Nd4j.eye(h).castTo(DataType.DOUBLE);
            INDArray next = Nd4j.create(DataType.DOUBLE, h, h);
            for (int lag = 1; lag <= maxLag; lag++) {
                INDArray j = Nd4j.create(twin.jacobian(ws, b, end - lag + 1));
                Nd4j.gemm(m, j, next, false, false, 1.0, 0.0);
                INDArray swap = m;
                m = next;
                next = swap;
                int li = indexOf(lags, lag);
                if (li < 0) {
                    continue;
                }
                double[] product = RecurrentNet.values(m);
                if (b == 0 && lag == maxLag) {
                    longestProduct = m.dup();
                }
                for (int q = 0; q < h; q++) {
                    double scale = (lam == null ? rowMean[q] : lam[(end - lag) * h + q]) * (e == null ? 1 : e[end * h + q]);
                    exact[li] += Math.abs(scale * product[q * h + q]) / sequences;
                    double[] g = EffectiveRates.gammas(prefix, h, q, end - lag, lag);
                    expansion[li] += Math.abs(scale * (g[0] + g[1])) / sequences;
                }
            }
        }
        return new double[][] {exact, expansion};
    }

    /** Covariance anisotropy of per-example gradients of the first sequences (after the other work). */
    private Anisotropy gradientAnisotropy() {
        int count = Math.min(settings.gradientSamples(), batch.size());
        if (count < 2) {
            return null;
        }
        return Anisotropy.ofGradients(twin.perExampleGradients(Learner.select(batch, IntStream.range(0, count).toArray())));
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** −1/ln(1 − s̄_q) from the mean update fraction over the diagnostic set. */
    private double[] gateTimescales(Workspace ws) {
        double[] mean = twin.meanUpdateFractions(ws);
        double[] tau = new double[mean.length];
        for (int q = 0; q < mean.length; q++) {
            tau[q] = -1.0 / Math.log1p(-mean[q]);
        }
        return tau;
    }
}
