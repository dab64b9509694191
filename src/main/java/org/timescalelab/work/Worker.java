package org.timescalelab.work;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one model of background work in Timescale Lab: a named daemon thread that runs a
 * {@link Loop} turn after turn, sleeps when the loop has nothing to do until a command arrives
 * through its {@link CommandQueue}, and tells a {@link Listener} when it starts, ends and fails.
 * The training session, the SDE lab and the window's background tasks each run on one.
 *
 * <p>Threading contract: {@link #start}, {@link #wake}, {@link #stop} and the getters may be
 * called from any thread; the loop and the listener run on the worker's thread only. A loop turn
 * that throws ends the worker in {@link State#FAILED} with the failure kept and reported; nothing
 * is swallowed. Tests drive a loop without a worker by calling its turns themselves.
 */
public final class Worker {

    /** One turn of work and what to do after it. */
    @FunctionalInterface
    public interface Loop {
        /**
         * Does one unit of work.
         *
         * @return nanoseconds to wait before the next turn (0: at once; a command cuts the wait
         *         short), or {@link #DONE} to end the worker
         * @throws Exception a failure, which ends the worker in {@link State#FAILED}
         */
        long turn() throws Exception;
    }

    /** What a worker reports, on its own thread. */
    public interface Listener {
        /** The thread has started. */
        default void started() {
        }

        /** The loop has ended normally. */
        default void finished() {
        }

        /** A loop turn threw: the worker has ended. */
        default void failed(Throwable failure) {
        }
    }

    /** Life cycle of a worker. */
    public enum State {
        /** Made, not started. */
        NEW,
        /** Its thread runs the loop. */
        RUNNING,
        /** The loop ended ({@link #DONE} or {@link #stop}). */
        FINISHED,
        /** A loop turn threw; {@link #failure()} says what. */
        FAILED
    }

    /** Returned by a loop turn to end the worker. */
    public static final long DONE = -1;

    private final String name;
    private final Loop loop;
    private final Listener listener;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile State state = State.NEW;
    private volatile boolean stopRequested;
    private volatile Throwable failure;

    /**
     * A worker, not yet started.
     *
     * @param name     its thread's name
     * @param loop     the work
     * @param listener told of start, end and failure
     * @param queues   command queues whose commands wake it
     */
    public Worker(String name, Loop loop, Listener listener, CommandQueue<?>... queues) {
        this.name = name;
        this.loop = loop;
        this.listener = listener;
        for (CommandQueue<?> q : queues) {
            q.attach(this);
        }
    }

    /** Starts the thread (once). */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException(name + " has already been started");
        }
        state = State.RUNNING;
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Cuts the current wait short. Any thread. */
    public void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Ends the loop after the current turn. Any thread. */
    public void stop() {
        stopRequested = true;
        wake();
    }

    /** Waits for the worker to end (normally or by failure); true if it has. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /** The life-cycle state. */
    public State state() {
        return state;
    }

    /** What ended the worker in {@link State#FAILED}, else null. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            listener.started();
            while (!stopRequested) {
                long pause = loop.turn();
                if (pause == DONE) {
                    break;
                }
                if (pause > 0 && !stopRequested) {
                    LockSupport.parkNanos(this, pause);
                }
            }
            state = State.FINISHED;
            listener.finished();
        } catch (Throwable t) {
            failure = t;
            state = State.FAILED;
            listener.failed(t);
        } finally {
            ended.countDown();
        }
    }
}
