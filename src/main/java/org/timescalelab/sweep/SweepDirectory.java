package org.timescalelab.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.FileReads;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.run.Csv;
import org.timescalelab.run.FolderLock;

/**
 * A sweep's output folder: {@code sweep.json} (the canonical sweep), {@code sweep.csv} (one row
 * per finished run, in cell and seed order, rewritten atomically as runs finish — at most every
 * {@value #WRITE_MILLIS} ms, and on {@link #flush}) and, on request, {@code runs/<id>/} run
 * directories. Reopening a folder of the same sweep resumes it: its rows count as done (a crash
 * loses at most the rows of the last {@value #WRITE_MILLIS} ms, which are then run again).
 * Thread-safe: {@link #record} may be called from any pool thread.
 */
public final class SweepDirectory {

    /** The marker of a sweep folder: {@link #open} writes it first. */
    public static final String MARKER = "sweep.json";

    /** Least time between two rewrites of {@code sweep.csv}: a sweep of n runs writes O(n) rows per rewrite. */
    static final long WRITE_MILLIS = 2000;

    private final Path path;
    private final SweepSpec spec;
    private final Map<String, SweepRow> rows = new LinkedHashMap<>();
    private long lastWrite;
    private boolean unwritten;

    private SweepDirectory(Path path, SweepSpec spec) {
        this.path = path;
        this.spec = spec;
        this.lastWrite = System.nanoTime() - WRITE_MILLIS * 1_000_000L;
    }

    /**
     * Opens (or creates) the folder of a sweep, reading the rows of an earlier, interrupted
     * attempt.
     *
     * @throws ConfigException when the folder holds a different sweep
     */
    public static SweepDirectory open(Path path, SweepSpec spec) throws IOException {
        SweepDirectory d = new SweepDirectory(path, spec);
        Path json = path.resolve(MARKER);
        if (Files.exists(json)) {
            if (!FileReads.text(json, FileReads.JSON).equals(spec.toJson())) {
                throw new ConfigException("out", path + " holds a different sweep (its sweep.json differs): "
                        + "choose another output folder, or delete that one to start over");
            }
            d.readRows();
        } else {
            requireNewOrEmpty(path, MARKER);
            AtomicFiles.write(json, spec.toJson());
        }
        return d;
    }

    /**
     * Takes the {@link FolderLock} of an output folder (creating the folder) before a sweep or a
     * comparison writes it: two sweeps into one folder would rewrite each other's {@code sweep.csv}.
     * A folder that is not ours ({@link #requireNewOrEmpty} with its {@code marker}) is refused
     * first, so not even the lock file is left in it.
     *
     * @throws ConfigException when {@code folder} is a file or holds files of the user's
     * @throws IllegalArgumentException when another process writes the folder, naming it
     */
    public static FolderLock lock(Path folder, String marker, String command) throws IOException {
        requireNewOrEmpty(folder, marker);
        Files.createDirectories(folder);
        return FolderLock.take(folder, command);
    }

    /**
     * Refuses a folder that holds files but not the app's {@code marker}: writing there would replace
     * a user's own files of the same names (a {@code sweep.csv} or {@code compare.csv} of theirs).
     *
     * @throws ConfigException naming the folder; nothing is changed
     */
    public static void requireNewOrEmpty(Path folder, String marker) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new ConfigException("out", folder + " is a file, not a folder: choose a new or empty folder");
        }
        if (Files.isDirectory(folder) && !Files.exists(folder.resolve(marker)) && FolderLock.holdsFiles(folder)) {
            throw new ConfigException("out", folder + " is not empty and was not written by Timescale Lab (it has no "
                    + marker + "): choose a new or empty folder; nothing was changed");
        }
    }

    /** Reads the sweep and rows of a finished or partial sweep folder (for reports). */
    public static SweepDirectory read(Path path) throws IOException {
        Path json = path.resolve(MARKER);
        if (!Files.exists(json)) {
            throw new ConfigException("dir", path + " is not a sweep folder: it has no sweep.json");
        }
        SweepDirectory d = new SweepDirectory(path, SweepSpec.parse(FileReads.text(json, FileReads.JSON)));
        d.readRows();
        return d;
    }

    /** The sweep folder. */
    public Path path() {
        return path;
    }

    /** The sweep this folder holds. */
    public SweepSpec spec() {
        return spec;
    }

    /** The run directory of a run, under {@code runs/}. */
    public Path runDirectory(SweepSpec.Run run) {
        return path.resolve("runs").resolve(run.id());
    }

    /**
     * The runs still to do: those without a row, and (when {@code retryFailed}) those whose row
     * says {@code failed}. A diverged run is an outcome, not a failure of the sweep, and is kept.
     */
    public synchronized List<SweepSpec.Run> pending(boolean retryFailed) {
        List<SweepSpec.Run> out = new ArrayList<>();
        for (SweepSpec.Run r : spec.runs()) {
            SweepRow row = rows.get(r.id());
            if (row == null || (retryFailed && row.status().equals(SweepRow.FAILED))) {
                out.add(r);
            }
        }
        return out;
    }

    /** Adds (or replaces) a run's row; rewrites {@code sweep.csv} unless it was written very recently. */
    public synchronized void record(SweepRow row) throws IOException {
        rows.put(row.id(), row);
        unwritten = true;
        if (System.nanoTime() - lastWrite >= WRITE_MILLIS * 1_000_000L) {
            flush();
        }
    }

    /** Writes {@code sweep.csv} if rows were recorded since the last write (engines call it when they end). */
    public synchronized void flush() throws IOException {
        if (unwritten) {
            AtomicFiles.write(path.resolve("sweep.csv"), csv(spec, rows.values()));
            unwritten = false;
            lastWrite = System.nanoTime();
        }
    }

    /** The rows so far, in cell and seed order. */
    public synchronized List<SweepRow> rows() {
        return sorted(rows.values());
    }

    /** A sweep's rows as the text of {@code sweep.csv}. */
    public static String csv(SweepSpec spec, Iterable<SweepRow> rows) {
        Csv.Table t = Csv.table(SweepRow.columns(spec));
        sorted(rows).forEach(r -> t.row(r.fields()));
        return t.toString();
    }

    private static List<SweepRow> sorted(Iterable<SweepRow> rows) {
        List<SweepRow> out = new ArrayList<>();
        rows.forEach(out::add);
        out.sort(Comparator.comparingInt(SweepRow::cell).thenComparingInt(SweepRow::seed));
        return out;
    }

    private void readRows() throws IOException {
        Path csv = path.resolve("sweep.csv");
        if (!Files.exists(csv)) {
            return;
        }
        List<CSVRecord> records = Csv.records(FileReads.text(csv, FileReads.TABLE));
        if (records.isEmpty() || !records.get(0).toList().equals(SweepRow.columns(spec))) {
            throw new ConfigException("out", csv + " does not have this sweep's columns: delete it to start over");
        }
        for (CSVRecord record : records.subList(1, records.size())) {
            SweepRow r = SweepRow.of(record.toList(), spec.axes().size(), spec.referenceN().size());
            rows.put(r.id(), r);
        }
    }
}
