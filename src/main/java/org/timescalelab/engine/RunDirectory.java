package org.timescalelab.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.timescalelab.nn.LearnerState;

/**
 * A run directory: {@code config.json}, {@code metrics.csv}, {@code events.csv} and
 * {@code checkpoint/}. Every file is written atomically; a checkpoint is written whole into a
 * fresh folder that then replaces the old one, so a crash leaves either the old or the new
 * checkpoint. Not thread-safe: one writer per directory.
 */
public final class RunDirectory {

    static final String CHECKPOINT = "checkpoint";
    static final String ARCHIVE = "checkpoints";

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    /** Writes the complete resolved config. */
    public void writeConfig(SessionConfig config) throws IOException {
        AtomicFiles.write(dir.resolve("config.json"), ConfigLoader.toJson(config.resolved()) + "\n");
    }

    /** Reads {@code config.json}, validating it like any config. */
    public SessionConfig readConfig() throws IOException {
        return ConfigLoader.fromJson(Files.readString(dir.resolve("config.json")));
    }

    /** Rewrites {@code metrics.csv} with these rows. */
    public void writeMetrics(List<MetricsRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(MetricsRow.HEADER).append('\n');
        for (MetricsRow r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        AtomicFiles.write(dir.resolve("metrics.csv"), sb.toString());
    }

    /** Reads {@code metrics.csv} (empty when absent). */
    public List<MetricsRow> readMetrics() throws IOException {
        Path f = dir.resolve("metrics.csv");
        List<MetricsRow> rows = new ArrayList<>();
        if (!Files.exists(f)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(MetricsRow.parse(line));
            }
        }
        return rows;
    }

    /** Rewrites {@code events.csv} (step, kind, label). */
    public void writeEvents(List<SessionEvent> events) throws IOException {
        StringBuilder sb = new StringBuilder("step,kind,label\n");
        for (SessionEvent e : events) {
            sb.append(e.step()).append(',').append(e.kind()).append(",\"")
                    .append(e.label().replace("\"", "\"\"")).append("\"\n");
        }
        AtomicFiles.write(dir.resolve("events.csv"), sb.toString());
    }

    /** Writes a checkpoint whole, then swaps it in as {@code checkpoint/}. */
    public void writeCheckpoint(SessionCheckpoint cp) throws IOException {
        writeCheckpointTo(cp, dir.resolve(CHECKPOINT));
    }

    /** Also keeps a checkpoint as {@code checkpoints/step-<n>/}, for {@code analyze --step}. */
    public void archiveCheckpoint(SessionCheckpoint cp) throws IOException {
        writeCheckpointTo(cp, dir.resolve(ARCHIVE).resolve("step-" + cp.step()));
    }

    private void writeCheckpointTo(SessionCheckpoint cp, Path current) throws IOException {
        Path tmp = current.resolveSibling(current.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        LearnerState s = cp.learner();
        Npy.write(tmp.resolve("parameters.npy"), new int[] {s.parameters().length}, s.parameters());
        Npy.write(tmp.resolve("first_moment.npy"), new int[] {s.firstMoment().length}, s.firstMoment());
        Npy.write(tmp.resolve("second_moment.npy"), new int[] {s.secondMoment().length}, s.secondMoment());
        ObjectNode state = ConfigLoader.MAPPER.createObjectNode();
        state.put("step", cp.step());
        state.put("width", s.width());
        state.put("optimizerSteps", s.optimizerSteps());
        state.put("resizeCount", s.resizeCount());
        state.put("learningRate", s.learningRate());
        state.put("clipNorm", s.clipNorm());
        state.put("alpha", s.alpha());
        state.put("updateNoise", s.updateNoise());
        state.put("labelNoise", s.labelNoise());
        state.put("dataGenerator", Base64.getEncoder().encodeToString(s.dataGenerator()));
        state.put("noiseGenerator", Base64.getEncoder().encodeToString(s.noiseGenerator()));
        state.set("config", ConfigLoader.MAPPER.valueToTree(cp.config()));
        AtomicFiles.write(tmp.resolve("state.json"), ConfigLoader.MAPPER.writeValueAsString(state) + "\n");
        Path old = current.resolveSibling(current.getFileName() + ".old");
        deleteTree(old);
        if (Files.exists(current)) {
            Files.move(current, old);
        }
        Files.move(tmp, current);
        deleteTree(old);
    }

    /** Whether the directory holds a checkpoint. */
    public boolean hasCheckpoint() {
        return Files.exists(dir.resolve(CHECKPOINT).resolve("state.json"))
                || Files.exists(dir.resolve(CHECKPOINT + ".old").resolve("state.json"));
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
        Path cp = current;
        if (!Files.exists(cp.resolve("state.json"))) {
            cp = current.resolveSibling(current.getFileName() + ".old");
        }
        if (!Files.exists(cp.resolve("state.json"))) {
            throw new IOException("no checkpoint in " + dir);
        }
        JsonNode s = ConfigLoader.MAPPER.readTree(Files.readString(cp.resolve("state.json")));
        SessionConfig config = ConfigLoader.bind(s.get("config")).validate();
        LearnerState state = new LearnerState(s.get("width").asInt(),
                Npy.read(cp.resolve("parameters.npy")).data(),
                Npy.read(cp.resolve("first_moment.npy")).data(),
                Npy.read(cp.resolve("second_moment.npy")).data(),
                s.get("optimizerSteps").asLong(),
                Base64.getDecoder().decode(s.get("dataGenerator").asText()),
                Base64.getDecoder().decode(s.get("noiseGenerator").asText()),
                s.get("resizeCount").asInt(), s.get("learningRate").asDouble(), s.get("clipNorm").asDouble(),
                s.get("alpha").asDouble(), s.get("updateNoise").asDouble(), s.get("labelNoise").asDouble());
        return new SessionCheckpoint(config, s.get("step").asLong(), state);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
