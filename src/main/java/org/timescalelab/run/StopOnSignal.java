package org.timescalelab.run;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Runs a long job so that Ctrl-C (SIGINT/SIGTERM) stops it cleanly: a shutdown hook raises the
 * job's stop flag and holds the JVM open (up to a minute) until the job has returned, so what it
 * writes on the way out is written. Threading contract: {@link #run} runs the job on the calling
 * thread; the hook is the only other thread.
 */
public final class StopOnSignal {

    /** A job that polls a stop flag. */
    @FunctionalInterface
    public interface Job<T> {
        T run(BooleanSupplier stopRequested) throws IOException, InterruptedException;
    }

    /** What a job returned, and whether a signal stopped it. */
    public record Outcome<T>(T value, boolean signalled) {
    }

    private StopOnSignal() {
    }

    /** Runs the job with a stop flag that a signal raises. */
    public static <T> Outcome<T> run(Job<T> job) throws IOException, InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                written.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "timescale-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return new Outcome<>(job.run(stop::get), stop.get());
        } finally {
            written.countDown();
            if (!stop.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }
}
