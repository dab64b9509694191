package org.timescalelab.work;

import java.util.concurrent.TimeUnit;

/**
 * One-off tasks run in order on one named {@link Worker}: a diagnostics pass beside training, a
 * file export, a phase diagram, a sweep. A task reports its own outcome (a callback, a command to
 * its owner); a task that throws anyway ends the worker in {@link Worker.State#FAILED} and the
 * listener hears of it.
 *
 * <p>Threading contract: {@link #submit} and {@link #close} from any thread; tasks run on the
 * worker's thread, one at a time, in submission order.
 */
public final class Tasks implements AutoCloseable {

    /** How long an idle worker sleeps between looks at its queue (a submit wakes it at once). */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final CommandQueue<Tasks> queue = new CommandQueue<>();
    private final Worker worker;

    /** Starts a worker named {@code name} for the tasks. */
    public Tasks(String name, Worker.Listener listener) {
        worker = new Worker(name, () -> {
            queue.drain(this, () -> false);
            return IDLE_NANOS;
        }, listener, queue);
        worker.start();
    }

    /** Queues a task; returns at once. */
    public void submit(Runnable task) {
        queue.add(t -> task.run());
    }

    /** The worker, for its state and failure. */
    public Worker worker() {
        return worker;
    }

    /** Ends the worker after the task it is running (queued tasks are dropped). */
    @Override
    public void close() {
        worker.stop();
    }
}
