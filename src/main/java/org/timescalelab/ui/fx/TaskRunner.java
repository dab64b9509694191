package org.timescalelab.ui.fx;

import java.util.function.Consumer;

import javafx.application.Platform;

import org.timescalelab.work.Tasks;
import org.timescalelab.work.Worker;

/**
 * The seam for one-off work off the FX thread (file export, run loading, a phase diagram, a
 * sweep): a background implementation on a named {@link Tasks} worker for the app, and a
 * synchronous one for tests, which then need no waiting.
 */
public interface TaskRunner {

    /** A unit of work that may fail. */
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work}, then {@code done} on the FX thread (null on success, else the failure). */
    void run(Work work, Consumer<Throwable> done);

    /**
     * One named {@link Tasks} worker: tasks run in order on it, and each result is handed back
     * with {@link Platform#runLater}. A failure of a task goes to its {@code done}; the worker
     * itself never ends on one.
     */
    static TaskRunner background(String name) {
        Tasks tasks = new Tasks(name, new Worker.Listener() {
        });
        return (work, done) -> tasks.submit(() -> {
            Throwable failure = null;
            try {
                work.run();
            } catch (Exception | Error e) {
                failure = e;
            }
            Throwable f = failure;
            Platform.runLater(() -> done.accept(f));
        });
    }

    /** Runs everything on the calling thread (tests). */
    static TaskRunner inline() {
        return (work, done) -> {
            Throwable failure = null;
            try {
                work.run();
            } catch (Exception | Error e) {
                failure = e;
            }
            done.accept(failure);
        };
    }
}
