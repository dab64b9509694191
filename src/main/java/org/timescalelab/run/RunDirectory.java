package org.timescalelab.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVRecord;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.FileReads;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.config.Settings;
import org.timescalelab.nn.LearnerState;
import org.timescalelab.session.Forgetting;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.session.SessionCheckpoint;
import org.timescalelab.session.SessionEvent;

/**
 * A run directory: {@code config.json}, {@code metrics.csv}, {@code events.csv} and
 * {@code checkpoint/}. Every file is written atomically; a checkpoint is written whole into a
 * fresh folder that then replaces the old one, so a crash leaves either the old or the new
 * checkpoint. Not thread-safe: one writer per directory.
 *
 * <p>Ownership: {@link #create} marks a folder as a run directory with a manifest,
 * {@value #MANIFEST} (the app and a format version), and refuses a non-empty folder without one.
 * The app only ever deletes files it writes itself, by name ({@link #OWN_FILES} and the files of
 * its checkpoint and diagnostics folders); a folder that still holds anything else is left in place,
 * and where that blocks a write the write fails with the file named.
 *
 * <p>Length: about 600 lines: every file of a run directory is named, written, read back and
 * removed here, so that what the app owns (and may delete) is decided in one class.
 */
public final class RunDirectory {

    static final String CHECKPOINT = "checkpoint";
    static final String ARCHIVE = "checkpoints";
    static final String DIAGNOSTICS = "diagnostics";
    /**
     * Recomputations with other settings and redraws ({@code analyze}): {@code analysis/step-<n>/}
     * or {@code analysis/step-<n>-<8 hex digits of the settings>/}, never inside the run's own
     * {@code diagnostics/}, whose passes stay as training wrote them.
     */
    static final String ANALYSIS = "analysis";
    /** Names of the step folders under {@link #ARCHIVE} and {@link #DIAGNOSTICS}. */
    private static final String STEP_FOLDER = "step-\\d+";
    /** Names of the step folders under {@link #ANALYSIS}. */
    private static final String ANALYSIS_FOLDER = "step-\\d+(-[0-9a-f]{8})?";

    /** The manifest that marks a folder as a run directory. */
    public static final String MANIFEST = "timescale-lab-run.json";
    /** Format version of run directories written by this version. */
    public static final int FORMAT = 1;

    /** Reads {@code state.json} strictly for every field it binds and leniently for others. */
    private static final com.fasterxml.jackson.databind.ObjectReader STATE_READER = ConfigLoader.MAPPER
            .readerFor(CheckpointState.class)
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Files the app writes at the top of a run directory. */
    static final List<String> OWN_FILES = List.of("config.json", "metrics.csv", "events.csv", "forgetting.csv",
            "forgetting.png", MANIFEST);
    /** Files the app writes in a checkpoint folder. */
    static final List<String> CHECKPOINT_FILES = List.of("parameters.npy", "first_moment.npy", "second_moment.npy",
            "state.json");
    /** Files the app writes in a diagnostics folder. */
    static final List<String> DIAGNOSTICS_FILES = List.of("envelope.csv", "timescales.csv", "learnability.csv",
            "window.csv", "profile.npy", "summary.json", "redraw.csv", "settings.json");

    private final Path dir;

    /** The run directory at {@code dir} (nothing is read or written until asked). */
    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** The folder. */
    public Path path() {
        return dir;
    }

    /**
     * Makes {@code dir} a run directory for a new run: creates it (or takes an empty folder) and
     * writes the manifest. A non-empty folder without the manifest is refused; an existing run
     * directory is refused unless {@code overwrite}, which removes the files the app wrote there
     * (and nothing else) first.
     *
     * @throws IllegalArgumentException when the folder is refused (a usage error: exit code 2)
     */
    public static RunDirectory create(Path dir, boolean overwrite) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder: choose a new or empty folder");
        }
        if (Files.isDirectory(dir) && FolderLock.holdsFiles(dir) && !Files.exists(dir.resolve(MANIFEST))
                && onlyManifestLeftovers(dir)) {
            // A set-up killed while writing the manifest left its temporary file: still a new folder.
            removeAtomicLeftovers(dir, List.of(MANIFEST));
        }
        if (Files.isDirectory(dir) && FolderLock.holdsFiles(dir)) {
            if (!Files.exists(dir.resolve(MANIFEST))) {
                throw new IllegalArgumentException(dir + " is not empty and is not a Timescale Lab run directory (it "
                        + "has no " + MANIFEST + "): choose a new or empty folder; nothing was changed");
            }
            // A set-up killed before its first checkpoint left a manifest and nothing to resume: a new
            // run takes the folder over.
            if (!overwrite && new RunDirectory(dir).hasCheckpoint()) {
                throw new IllegalArgumentException(dir + " holds a run already: continue it with --resume " + dir
                        + ", or replace it with --overwrite (which removes only the files Timescale Lab wrote)");
            }
            if (Files.isSymbolicLink(dir)) {
                throw new IllegalArgumentException(dir + " is a symbolic link (to " + Files.readSymbolicLink(dir)
                        + "): Timescale Lab does not delete through links, so it cannot replace the run there; give "
                        + "the folder itself; nothing was changed");
            }
            new RunDirectory(dir).refuseLinks();
            FolderLock.requireFree(dir, "train --overwrite");
            new RunDirectory(dir).refuseUnremovable();
            new RunDirectory(dir).removeOwnFiles();
        }
        Files.createDirectories(dir);
        ObjectNode m = ConfigLoader.MAPPER.createObjectNode();
        m.put("app", "Timescale Lab");
        m.put("format", FORMAT);
        AtomicFiles.write(dir.resolve(MANIFEST), ConfigLoader.MAPPER.writeValueAsString(m) + "\n");
        return new RunDirectory(dir);
    }

    /** Whether a folder holds nothing but the lock and the temporary files of a killed manifest write. */
    private static boolean onlyManifestLeftovers(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.allMatch(p -> FolderLock.isLockFile(p) || (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && p.getFileName().toString().startsWith("." + MANIFEST) && p.getFileName().toString().endsWith(".tmp")));
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.findAny().isEmpty();
        }
    }

    /**
     * Refuses, before anything is deleted, a run directory whose folders of ours are symbolic
     * links: removing "our" files through a link would delete files outside the run (a link from
     * {@code checkpoint/} to a folder of the user's holding app-named files emptied that folder).
     * Timescale Lab never deletes through a link; the links themselves are left too.
     *
     * @throws IllegalArgumentException naming the link (a usage error: exit code 2)
     */
    void refuseLinks() throws IOException {
        List<Path> ours = new ArrayList<>();
        for (String name : List.of(CHECKPOINT, CHECKPOINT + ".tmp", CHECKPOINT + ".old", ARCHIVE, DIAGNOSTICS,
                ANALYSIS)) {
            ours.add(dir.resolve(name));
        }
        for (String parent : List.of(ARCHIVE, DIAGNOSTICS, ANALYSIS)) {
            Path p = dir.resolve(parent);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(c -> c.getFileName().toString().matches(ANALYSIS_FOLDER)).forEach(ours::add);
                }
            }
        }
        for (Path p : ours) {
            if (Files.isSymbolicLink(p)) {
                throw new IllegalArgumentException(p + " is a symbolic link: Timescale Lab does not delete through "
                        + "links, so it cannot replace this run; remove the link (or choose another folder); nothing "
                        + "was changed");
            }
        }
    }

    /**
     * Takes the run's {@link FolderLock}, held until closed (or the process ends, so a killed run
     * never leaves a stale lock).
     *
     * @param command what the holder does, named in another process's refusal
     * @throws IllegalArgumentException when another process (or another run in this one) holds it
     */
    public java.io.Closeable lock(String command) throws IOException {
        return FolderLock.take(dir, command);
    }

    /**
     * Refuses, before anything is deleted, an overwrite that could not finish: a checkpoint folder
     * holding files of the user's (checkpoint folders are swapped whole, so such files would end
     * in {@code checkpoint.old/} and stop the new run after the old one was gone), or a file of ours
     * that cannot be removed (read-only folder, immutable file), which used to stop the overwrite
     * half-way with {@code config.json} already deleted.
     *
     * @throws IllegalArgumentException naming the file (a usage error: exit code 2)
     */
    void refuseUnremovable() throws IOException {
        List<Path> checkpoints = new ArrayList<>();
        for (String name : List.of(CHECKPOINT, CHECKPOINT + ".tmp", CHECKPOINT + ".old")) {
            checkpoints.add(dir.resolve(name));
        }
        List<Path> diagnostics = new ArrayList<>();
        for (String parent : List.of(ARCHIVE, DIAGNOSTICS, ANALYSIS)) {
            Path p = dir.resolve(parent);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(c -> c.getFileName().toString().matches(ANALYSIS_FOLDER))
                            .forEach((parent.equals(ARCHIVE) ? checkpoints : diagnostics)::add);
                }
            }
        }
        List<Path> ours = new ArrayList<>();
        OWN_FILES.forEach(n -> ours.add(dir.resolve(n)));
        for (Path folder : checkpoints) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> list = Files.list(folder)) {
                for (Path f : list.toList()) {
                    String n = f.getFileName().toString();
                    boolean leftover = n.endsWith(".tmp") && CHECKPOINT_FILES.stream().anyMatch(c -> n.startsWith("." + c));
                    if (!CHECKPOINT_FILES.contains(n) && !leftover) {
                        throw new IllegalArgumentException(f + " was not written by Timescale Lab, and checkpoint folders "
                                + "are replaced whole: move it out of " + folder + " first; nothing was changed");
                    }
                    ours.add(f);
                }
            }
        }
        for (Path folder : diagnostics) {
            DIAGNOSTICS_FILES.forEach(n -> ours.add(folder.resolve(n)));
        }
        for (Path f : ours) {
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(f)
                    && (!Files.isWritable(f) || !Files.isWritable(f.getParent()))) {
                throw new IllegalArgumentException(f + " cannot be removed (it or its folder is read-only): make it "
                        + "writable, or choose another folder; nothing was changed");
            }
        }
    }

    /** Removes every file the app wrote in this run directory, by name; other files stay. */
    void removeOwnFiles() throws IOException {
        for (String name : OWN_FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
        removeAtomicLeftovers(dir, OWN_FILES);
        for (String name : List.of(CHECKPOINT, CHECKPOINT + ".tmp", CHECKPOINT + ".old")) {
            removeOwn(dir.resolve(name), CHECKPOINT_FILES);
        }
        removeSteps(dir.resolve(ARCHIVE), STEP_FOLDER, CHECKPOINT_FILES);
        removeSteps(dir.resolve(DIAGNOSTICS), STEP_FOLDER, DIAGNOSTICS_FILES);
        removeSteps(dir.resolve(ANALYSIS), ANALYSIS_FOLDER, DIAGNOSTICS_FILES);
    }

    private static void removeSteps(Path parent, String folders, List<String> files) throws IOException {
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> list = Files.list(parent)) {
            for (Path step : list.filter(p -> p.getFileName().toString().matches(folders)).toList()) {
                removeOwn(step, files);
            }
        }
        deleteIfEmpty(parent);
    }

    /**
     * Deletes the named files of a folder and the temporary files {@link AtomicFiles} leaves of them
     * when a write is killed ({@code .<name>…tmp}), then the folder if nothing else is left in it.
     */
    static void removeOwn(Path folder, List<String> files) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (String name : files) {
            Files.deleteIfExists(folder.resolve(name));
        }
        removeAtomicLeftovers(folder, files);
        deleteIfEmpty(folder);
    }

    private static void removeAtomicLeftovers(Path folder, List<String> files) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".tmp") && files.stream().anyMatch(f -> n.startsWith("." + f))
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void deleteIfEmpty(Path folder) throws IOException {
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) && isEmpty(folder)) {
            Files.delete(folder);
        }
    }

    /** Removes a checkpoint folder of ours; fails, naming the folder, when it holds files that are not. */
    private static void clearCheckpointFolder(Path folder) throws IOException {
        removeOwn(folder, CHECKPOINT_FILES);
        if (Files.exists(folder)) {
            throw new IOException(folder + " holds files Timescale Lab did not write; move them away to continue "
                    + "(nothing of them was deleted)");
        }
    }

    /** Writes the complete resolved config. */
    public void writeConfig(SessionConfig config) throws IOException {
        AtomicFiles.write(dir.resolve("config.json"), ConfigLoader.toJson(config.resolved()) + "\n");
    }

    /** Reads {@code config.json}, validating it like any config. */
    public SessionConfig readConfig() throws IOException {
        return ConfigLoader.fromJson(FileReads.text(dir.resolve("config.json"), FileReads.JSON));
    }

    /**
     * Rewrites {@code metrics.csv} with these rows. A task switched in live adds a stage mid-run:
     * the header has a column for every stage, and rows from before the switch fill it with nan.
     */
    public void writeMetrics(List<MetricsRow> rows) throws IOException {
        int stages = rows.stream().mapToInt(r -> r.taskValLoss().length).max().orElse(0);
        List<String> header = MetricsRow.header(stages);
        Csv.Table t = Csv.table(header);
        rows.forEach(r -> {
            List<String> f = new ArrayList<>(r.fields());
            while (f.size() < header.size()) {
                f.add(MetricsRow.num(Double.NaN));
            }
            t.row(f);
        });
        AtomicFiles.write(dir.resolve("metrics.csv"), t.toString());
    }

    /** Reads {@code metrics.csv} (empty when absent). */
    public List<MetricsRow> readMetrics() throws IOException {
        List<MetricsRow> rows = new ArrayList<>();
        for (CSVRecord r : dataRecords("metrics.csv")) {
            rows.add(MetricsRow.of(r.toList()));
        }
        return rows;
    }

    /** The records under the header of one of the run's CSV files (none when it is absent). */
    private List<CSVRecord> dataRecords(String name) throws IOException {
        Path f = dir.resolve(name);
        if (!Files.exists(f)) {
            return List.of();
        }
        List<CSVRecord> records;
        try {
            records = Csv.records(FileReads.text(f, FileReads.TABLE));
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(f + " is not CSV: " + e.getCause().getMessage(), e.getCause());
        }
        return records.isEmpty() ? List.of() : records.subList(1, records.size());
    }

    /**
     * Rewrites {@code forgetting.csv}: per task its loss when its stage ended, now, its forgetting,
     * its untrained loss and, for the earlier tasks, the breakdown step (−1 while it holds) with β̂
     * and H_N before the switch and at the breakdown; then the BWT.
     */
    public void writeForgetting(Forgetting f) throws IOException {
        Csv.Table t = Csv.table("task", "learned_loss", "current_loss", "forgetting", "untrained_loss", "breakdown_step",
                "beta_before", "beta_at_breakdown", "window_before", "window_at_breakdown");
        for (int j = 0; j < f.learned().length; j++) {
            List<Object> row = new ArrayList<>(List.of(j + 1, MetricsRow.num(f.learned()[j]), MetricsRow.num(f.current()[j]),
                    MetricsRow.num(f.forgetting()[j]), MetricsRow.num(f.untrained()[j])));
            if (j < f.breakdowns().size()) {
                Forgetting.Breakdown b = f.breakdowns().get(j);
                row.addAll(List.of(b.step(), MetricsRow.num(b.betaBefore()), MetricsRow.num(b.betaAt()),
                        MetricsRow.num(b.windowBefore()), MetricsRow.num(b.windowAt())));
            } else {
                row.addAll(List.of("", "", "", "", ""));
            }
            t.row(row);
        }
        t.row("bwt", "", "", MetricsRow.num(f.bwt()), "", "", "", "", "", "");
        AtomicFiles.write(dir.resolve("forgetting.csv"), t.toString());
    }

    /** Rewrites {@code events.csv} (step, kind, label). */
    public void writeEvents(List<SessionEvent> events) throws IOException {
        Csv.Table t = Csv.table("step", "kind", "label");
        events.forEach(e -> t.row(e.step(), e.kind(), e.label()));
        AtomicFiles.write(dir.resolve("events.csv"), t.toString());
    }

    /** Reads {@code events.csv} as written by {@link #writeEvents} (empty when absent). */
    public List<SessionEvent> readEvents() throws IOException {
        Path f = dir.resolve("events.csv");
        List<SessionEvent> out = new ArrayList<>();
        for (CSVRecord r : dataRecords("events.csv")) {
            try {
                if (r.size() != 3) {
                    throw new IllegalArgumentException(r.size() + " fields");
                }
                out.add(new SessionEvent(Long.parseLong(r.get(0)), SessionEvent.Kind.valueOf(r.get(1)), r.get(2)));
            } catch (IllegalArgumentException e) {
                throw new IOException(f + " line " + r.getRecordNumber() + " is not step,kind,label: " + e.getMessage());
            }
        }
        return out;
    }

    /** Writes a checkpoint whole, then swaps it in as {@code checkpoint/}. */
    public void writeCheckpoint(SessionCheckpoint cp) throws IOException {
        writeCheckpointTo(cp, dir.resolve(CHECKPOINT));
    }

    /** Also keeps a checkpoint as {@code checkpoints/step-<n>/}, for {@code analyze --step}. */
    public void archiveCheckpoint(SessionCheckpoint cp) throws IOException {
        writeCheckpointTo(cp, dir.resolve(ARCHIVE).resolve("step-" + cp.step()));
    }

    /**
     * The swap keeps a complete checkpoint on disk at every system call (a checkpoint folder is
     * complete once its {@code state.json}, written last and atomically, exists): first a complete
     * {@code .tmp} or {@code .old} left by a killed swap is moved back into place — before, a second
     * kill could delete the only complete checkpoint, leaving "no checkpoint"; then the new one is
     * written whole into {@code .tmp}, the current one moved to {@code .old}, {@code .tmp} to the
     * current name, and {@code .old} removed.
     */
    private void writeCheckpointTo(SessionCheckpoint cp, Path current) throws IOException {
        Path tmp = current.resolveSibling(current.getFileName() + ".tmp");
        Path old = current.resolveSibling(current.getFileName() + ".old");
        recoverSwap(current, tmp, old);
        clearCheckpointFolder(tmp);
        Files.createDirectories(tmp);
        LearnerState s = cp.learner();
        Npy.write(tmp.resolve("parameters.npy"), new int[] {s.parameters().length}, s.parameters());
        Npy.write(tmp.resolve("first_moment.npy"), new int[] {s.firstMoment().length}, s.firstMoment());
        Npy.write(tmp.resolve("second_moment.npy"), new int[] {s.secondMoment().length}, s.secondMoment());
        CheckpointState state = CheckpointState.of(cp.step(), s, ConfigLoader.MAPPER.valueToTree(cp.config()));
        AtomicFiles.write(tmp.resolve("state.json"), ConfigLoader.MAPPER.writeValueAsString(state) + "\n");
        clearCheckpointFolder(old);
        if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.rename(current, old);
        }
        AtomicFiles.rename(tmp, current);
        clearCheckpointFolder(old);
    }

    /** A checkpoint folder that was written whole. */
    private static boolean complete(Path folder) {
        return Files.isRegularFile(folder.resolve("state.json"), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * After a killed swap the current name may be missing or incomplete: the newest complete
     * folder ({@code .tmp}, written after {@code .old}, else {@code .old}) takes its place.
     */
    private static void recoverSwap(Path current, Path tmp, Path old) throws IOException {
        if (complete(current)) {
            return;
        }
        Path newest = complete(tmp) ? tmp : complete(old) ? old : null;
        if (newest == null) {
            return;
        }
        clearCheckpointFolder(current);
        AtomicFiles.rename(newest, current);
    }

    /** Whether the directory holds a checkpoint. */
    public boolean hasCheckpoint() {
        return complete(dir.resolve(CHECKPOINT)) || complete(dir.resolve(CHECKPOINT + ".tmp"))
                || complete(dir.resolve(CHECKPOINT + ".old"));
    }

    /** Reads the checkpoint (falling back to the previous one if a swap was interrupted). */
    public SessionCheckpoint readCheckpoint() throws IOException {
        return readCheckpointFrom(dir.resolve(CHECKPOINT));
    }

    /** Reads the checkpoint of a step: the archived one, or {@code checkpoint/} if it is that step's. */
    public SessionCheckpoint readCheckpoint(long step) throws IOException {
        Path archived = dir.resolve(ARCHIVE).resolve("step-" + step);
        if (Files.exists(archived.resolve("state.json"))) {
            return readCheckpointFrom(archived);
        }
        SessionCheckpoint latest = readCheckpoint();
        if (latest.step() != step) {
            throw new IOException("no checkpoint of step " + step + " in " + dir + " (latest is step " + latest.step()
                    + "; train with engine.checkpointEvery to keep more)");
        }
        return latest;
    }

    private SessionCheckpoint readCheckpointFrom(Path current) throws IOException {
        // The newest complete one after a killed swap: the current name, else .tmp (written whole
        // after .old), else .old.
        Path cp = current;
        for (String suffix : List.of(".tmp", ".old")) {
            if (!complete(cp)) {
                cp = current.resolveSibling(current.getFileName() + suffix);
            }
        }
        if (!complete(cp)) {
            throw new IOException(dir + " has no checkpoint: its set-up stopped before the first one, so nothing was "
                    + "trained yet; start the run again with train --out " + dir + " and the same config (a new run "
                    + "takes such a folder over)");
        }
        Path stateFile = cp.resolve("state.json");
        CheckpointState s = readState(stateFile);
        SessionConfig config;
        try {
            config = ConfigLoader.bind(s.config()).validate();
        } catch (ConfigException e) {
            throw new IOException(stateFile + ": its config is not valid: " + e.getMessage());
        }
        LearnerState state;
        try {
            state = s.learner(Npy.read(cp.resolve("parameters.npy")).data(), Npy.read(cp.resolve("first_moment.npy")).data(),
                    Npy.read(cp.resolve("second_moment.npy")).data());
        } catch (IllegalArgumentException e) {
            throw new IOException("the checkpoint in " + cp + " is damaged: " + e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("the checkpoint in " + cp + " is incomplete: " + e.getFile() + " is missing");
        }
        long step = s.step();
        if (step < 0) {
            throw new IOException(stateFile + ": step " + step + " is negative");
        }
        checkValues(stateFile, state);
        int expected = org.timescalelab.nn.Learner.parameterCount(config.learnerSpec(), state.width());
        if (state.parameters().length != expected || state.firstMoment().length != expected
                || state.secondMoment().length != expected) {
            throw new IOException(String.format("the checkpoint in %s does not fit its model: a width of %d needs %d "
                    + "parameters, parameters.npy has %d", cp, state.width(), expected, state.parameters().length));
        }
        return new SessionCheckpoint(config, step, state);
    }

    /**
     * Refuses checkpoint values no run writes (a hand-edited or damaged file) before they reach a
     * learner: the live settings in their schema ranges ({@link Settings}), counts not negative, θ
     * and the first moment finite, the second moment finite and ≥ 0. A learning rate of −1 or NaN, or
     * a negative second moment, used to resume and then "diverge" after rewriting config.json.
     */
    private static void checkValues(Path stateFile, LearnerState s) throws IOException {
        try {
            Settings.WIDTH.check((long) s.width());
            Settings.LEARNING_RATE.check(s.learningRate());
            Settings.CLIP_NORM.check(s.clipNorm());
            Settings.ALPHA.check(s.alpha());
            Settings.UPDATE_NOISE.check(s.updateNoise());
            Settings.LABEL_NOISE.check(s.labelNoise());
        } catch (ConfigException e) {
            throw new IOException(stateFile + " is damaged: " + e.getMessage());
        }
        if (s.optimizerSteps() < 0 || s.resizeCount() < 0) {
            throw new IOException(stateFile + " is damaged: optimizerSteps " + s.optimizerSteps() + " and resizeCount "
                    + s.resizeCount() + " must not be negative");
        }
        String[] names = {"parameters.npy", "first_moment.npy", "second_moment.npy"};
        double[][] arrays = {s.parameters(), s.firstMoment(), s.secondMoment()};
        for (int a = 0; a < arrays.length; a++) {
            for (int i = 0; i < arrays[a].length; i++) {
                double v = arrays[a][i];
                if (!Double.isFinite(v) || a == 2 && v < 0) {
                    throw new IOException(stateFile.resolveSibling(names[a]) + " is damaged: value " + i + " is " + v
                            + (a == 2 ? " (allowed: finite, ≥ 0)" : " (allowed: finite)"));
                }
            }
        }
    }

    /**
     * Binds {@code state.json}: every field required and of its type (a missing or mistyped one is
     * an IOException naming the file and the field); fields it does not know are ignored.
     */
    private static CheckpointState readState(Path file) throws IOException {
        String text = FileReads.text(file, FileReads.JSON);
        if (text.isBlank()) {
            throw new IOException(file + " is empty (damaged checkpoint)");
        }
        try {
            return STATE_READER.readValue(text);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            if (field == null || field.isEmpty()) {
                throw new IOException(file + " is not a checkpoint's state object: " + abbreviate(e.getOriginalMessage()));
            }
            boolean missing = e.getOriginalMessage().startsWith("Missing") || e.getOriginalMessage().contains("null");
            throw new IOException(file + (missing ? " has no \"" + field + "\" (damaged checkpoint)"
                    : ": \"" + field + "\" has the wrong type: " + abbreviate(e.getOriginalMessage())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + abbreviate(e.getOriginalMessage()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
