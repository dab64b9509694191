package org.timescalelab.work;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Commands for one object, queued from any thread and applied, in order, by the one thread that
 * owns the object (its {@link Worker}, or a test calling the loop itself). Adding a command wakes
 * the worker, if one is attached.
 *
 * @param <T> the object the commands act on
 */
public final class CommandQueue<T> {

    private final ConcurrentLinkedQueue<Consumer<T>> commands = new ConcurrentLinkedQueue<>();
    private volatile Worker worker;

    /** Queues a command and wakes the worker; returns at once. Any thread. */
    public void add(Consumer<T> command) {
        commands.add(command);
        Worker w = worker;
        if (w != null) {
            w.wake();
        }
    }

    /**
     * Applies the queued commands to {@code target} in order, until the queue is empty or
     * {@code stop} says so. Owner's thread only.
     *
     * @return whether any command ran
     */
    public boolean drain(T target, java.util.function.BooleanSupplier stop) {
        boolean any = false;
        Consumer<T> c;
        while (!stop.getAsBoolean() && (c = commands.poll()) != null) {
            c.accept(target);
            any = true;
        }
        return any;
    }

    /** The worker to wake when a command arrives. */
    void attach(Worker w) {
        worker = w;
    }
}
