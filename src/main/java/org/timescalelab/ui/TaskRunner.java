package org.timescalelab.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import javafx.application.Platform;

/**
 * The seam for one-off work off the FX thread (file export, run loading): a background
 * implementation for the app and a synchronous one for tests.
 */
interface TaskRunner {

    /** A unit of work that may fail. */
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work}, then {@code done} on the FX thread (null on success, else the failure). */
    void run(Work work, Consumer<Throwable> done);

    /** One daemon worker thread; results are handed back with {@link Platform#runLater} (once per task). */
    static TaskRunner background() {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "timescale-ui-tasks");
            t.setDaemon(true);
            return t;
        });
        return (work, done) -> pool.execute(() -> {
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
