package org.timescalelab.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.timescalelab.config.ConfigException;
import org.timescalelab.nn.Backend;

/**
 * Runs a sweep on this machine: the pending runs of a {@link SweepDirectory} on a pool of
 * {@code parallel} threads, each run training on its pool thread with ⌊cores/parallel⌋ tensor
 * threads (at least 1). Threading contract: {@link #run} blocks the calling thread until every
 * run is done or the stop flag is seen; progress is reported from the pool threads, one report at
 * a time; rows are recorded as runs finish, so an interrupted sweep resumes where it stopped.
 */
public final class LocalSweep {

    private final SweepDirectory dir;
    private final int parallel;
    private final boolean keepRuns;
    private final boolean retryFailed;

    /**
     * @param dir         the sweep's folder (opened: earlier rows count as done)
     * @param parallel    runs at once, 1..256
     * @param keepRuns    whether each run writes its full run directory under {@code runs/}
     * @param retryFailed whether runs recorded as failed are run again
     */
    public LocalSweep(SweepDirectory dir, int parallel, boolean keepRuns, boolean retryFailed) {
        if (parallel < 1 || parallel > 256) {
            throw new ConfigException("parallel", parallel, "an integer in [1, 256]");
        }
        this.dir = dir;
        this.parallel = parallel;
        this.keepRuns = keepRuns;
        this.retryFailed = retryFailed;
    }

    /** Runs at once by default: one per core. */
    public static int defaultParallel() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs every pending run.
     *
     * @return the progress at the end (done &lt; total when stopped)
     */
    public SweepProgress run(BooleanSupplier stop, Consumer<SweepProgress> progress) throws IOException, InterruptedException {
        List<SweepSpec.Run> pending = dir.pending(retryFailed);
        long t0 = System.nanoTime();
        AtomicInteger finishedHere = new AtomicInteger();
        Object reporting = new Object();
        Backend.limitThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / parallel));
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, pending.size())), r -> {
            Thread t = new Thread(r, "sweep-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            progress.accept(SweepProgress.of(dir, t0, 0, pending.size(), null));
            List<Future<?>> futures = pending.stream().<Future<?>>map(run -> pool.submit(() -> {
                if (stop.getAsBoolean()) {
                    return;
                }
                SweepCell.run(dir.spec(), run, keepRuns ? dir.runDirectory(run) : null, stop).ifPresent(row -> {
                    try {
                        dir.record(row);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write sweep.csv in " + dir.path(), e);
                    }
                    synchronized (reporting) {
                        int here = finishedHere.incrementAndGet();
                        progress.accept(SweepProgress.of(dir, t0, here, pending.size() - here, row));
                    }
                });
            })).toList();
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("a sweep run failed outside its own error handling", e.getCause());
        } finally {
            pool.shutdownNow();
            dir.flush();
        }
        return SweepProgress.of(dir, t0, finishedHere.get(), pending.size() - finishedHere.get(), null);
    }
}
