package org.timescalelab.nn;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads of the recurrent kernels ({@link JavaKernel}, {@link JavaKernel64}): a forward or
 * backward pass splits its batch rows into contiguous chunks of whole 8-row blocks, one per
 * thread, and each thread runs the whole time loop over its rows. The rows of a batch never meet
 * inside the recurrence, so no step waits for another thread, and every row is computed by the
 * same operations in the same order whatever the split: results are bit-identical for any thread
 * count (tested).
 *
 * <p>The count is process-wide, 1 by default (the desktop app: its window needs the other core),
 * set by {@link Backend#setThreads} ({@code bench --threads}, headless {@code train}) and lowered
 * by {@link Backend#limitThreads} (parallel sweep runs). The helper threads are daemons, started
 * once and parked between passes; handing a pass to them allocates nothing. One pass uses them at
 * a time: a second caller meanwhile (two sessions in one process) runs its pass on its own thread.
 */
final class KernelThreads {

    /** A loop over rows [from, to) of a padded batch. */
    interface Rows {
        void run(int from, int to);
    }

    private static volatile int threads = 1;
    private static final ReentrantLock BUSY = new ReentrantLock();
    private static Helper[] helpers = new Helper[0];

    private KernelThreads() {
    }

    /** Sets the thread count of every later pass (≥ 1). */
    static void set(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("kernel threads = " + n + ": expected ≥ 1");
        }
        threads = n;
    }

    static int get() {
        return threads;
    }

    /** Runs {@code task} over rows [0, rows) (a multiple of {@link JavaKernel#BLOCK}), split over the threads. */
    static void run(Rows task, int rows) {
        int blocks = rows / JavaKernel.BLOCK;
        int n = Math.min(threads, blocks);
        if (n <= 1 || !BUSY.tryLock()) {
            task.run(0, rows);
            return;
        }
        try {
            Helper[] pool = helpers(n - 1);
            for (int i = 1; i < n; i++) {
                pool[i - 1].hand(task, blocks * i / n * JavaKernel.BLOCK, blocks * (i + 1) / n * JavaKernel.BLOCK);
            }
            Throwable failure = null;
            try {
                task.run(0, blocks / n * JavaKernel.BLOCK);
            } catch (RuntimeException | Error e) {
                // Wait for the helpers all the same: releasing the pool while they still run
                // would let the next pass hand them new rows mid-task.
                failure = e;
            }
            for (int i = 1; i < n; i++) {
                Throwable f = pool[i - 1].await();
                failure = failure == null ? f : failure;
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            } else if (failure instanceof Error e) {
                throw e;
            }
        } finally {
            BUSY.unlock();
        }
    }

    /** Runs {@code work} with the indices 0…n−1 on n threads at once (not the pool's) and waits for all of them. */
    static void together(int n, java.util.function.IntConsumer work) {
        Thread[] workers = new Thread[n];
        for (int i = 0; i < n; i++) {
            int index = i;
            workers[i] = new Thread(() -> work.accept(index), "kernel-peak-" + i);
            workers[i].start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Helper[] helpers(int n) {
        if (helpers.length < n) {
            Helper[] more = java.util.Arrays.copyOf(helpers, n);
            for (int i = helpers.length; i < n; i++) {
                more[i] = new Helper(i + 1);
                more[i].start();
            }
            helpers = more;
        }
        return helpers;
    }

    /** One parked helper thread; {@code task} is handed over through volatile fields. */
    private static final class Helper extends Thread {
        private volatile Rows task;
        private volatile boolean done = true;
        private volatile Thread waiter;
        private int from;
        private int to;
        private Throwable failure;

        Helper(int index) {
            super("kernel-" + index);
            setDaemon(true);
        }

        void hand(Rows t, int f, int e) {
            from = f;
            to = e;
            failure = null;
            waiter = Thread.currentThread();
            done = false;
            task = t;
            LockSupport.unpark(this);
        }

        Throwable await() {
            while (!done) {
                LockSupport.park(this);
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                Rows t = task;
                if (t == null) {
                    LockSupport.park(this);
                    continue;
                }
                task = null;
                try {
                    t.run(from, to);
                } catch (Throwable e) {
                    failure = e;
                }
                done = true;
                LockSupport.unpark(waiter);
            }
        }
    }
}
