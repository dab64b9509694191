package org.timescalelab.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The background-work model: commands wake a sleeping worker, a failure ends it and is reported. No sleeps. */
class WorkerTest {

    /** A command cuts an hour-long wait short, and runs on the worker's thread in order. */
    @Test
    void aCommandWakesTheWorkerAndRunsInOrder() throws Exception {
        CommandQueue<List<String>> q = new CommandQueue<>();
        List<String> seen = new ArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        AtomicReference<String> thread = new AtomicReference<>();
        Worker w = new Worker("test-worker", () -> {
            q.drain(seen, () -> false);
            return TimeUnit.HOURS.toNanos(1);
        }, new Worker.Listener() {
        }, q);
        w.start();
        q.add(l -> {
            l.add("a");
            thread.set(Thread.currentThread().getName());
            two.countDown();
        });
        q.add(l -> {
            l.add("b");
            two.countDown();
        });
        assertThat(two.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("a", "b");
        assertThat(thread.get()).isEqualTo("test-worker");
        w.stop();
        assertThat(w.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(w.state()).isEqualTo(Worker.State.FINISHED);
    }

    /** A turn that throws ends the worker in FAILED, keeps the failure and tells the listener. */
    @Test
    void aFailureEndsTheWorkerAndIsReported() throws Exception {
        AtomicInteger turns = new AtomicInteger();
        AtomicReference<Throwable> heard = new AtomicReference<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Worker w = new Worker("failing", () -> {
            if (turns.incrementAndGet() == 3) {
                throw boom;
            }
            return 0;
        }, new Worker.Listener() {
            @Override
            public void failed(Throwable failure) {
                heard.set(failure);
            }
        });
        w.start();
        assertThat(w.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(w.state()).isEqualTo(Worker.State.FAILED);
        assertThat(w.failure()).isSameAs(boom);
        assertThat(heard.get()).isSameAs(boom);
        assertThat(turns.get()).isEqualTo(3);
    }

    /** Tasks run in submission order on one named thread; the worker survives a task's own failure handling. */
    @Test
    void tasksRunInOrderOnTheirWorker() throws Exception {
        Tasks tasks = new Tasks("test-tasks", new Worker.Listener() {
        });
        List<Integer> order = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            int k = i;
            tasks.submit(() -> {
                order.add(k);
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(tasks.worker().state()).isEqualTo(Worker.State.RUNNING);
        tasks.close();
        assertThat(tasks.worker().await(30, TimeUnit.SECONDS)).isTrue();
    }
}
