package org.timescalelab.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.FileReads;
import org.timescalelab.config.Numbers;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.config.Setting;
import org.timescalelab.config.Settings;

/**
 * A parameter sweep: a base config, axes over config fields, and seed replicates per cell.
 * Immutable and thread-safe; its canonical JSON ({@link #toJson()}) is what a sweep directory
 * stores and what the cluster engine ships to its executors.
 *
 * <p>The file format (every field but {@code axes} optional):
 * <pre>{@code
 * {
 *   "name": "lr-by-alpha",
 *   "preset": "demo",                       // the base: a preset (default: the defaults) ...
 *   "config": { "model": { "width": 16 } }, // ... with a partial config laid over it
 *   "axes": [
 *     { "field": "training.learningRate",
 *       "range": { "from": 1e-4, "to": 1e-2, "points": 4, "scale": "log" } },
 *     { "field": "noise.alpha", "values": [1.3, 1.6, 1.8, 2.0] }
 *   ],
 *   "seeds": 2,                             // replicates 0 and 1 (or a list: [0, 7])
 *   "referenceN": [1000000, 10000000, 100000000]     // the N of the H_N columns
 * }
 * }</pre>
 * Cells are the Cartesian product of the axes, the last axis varying fastest. Replicate r adds r
 * to each of the base's three seeds (model, data, noise), so replicate 0 is the base itself.
 * Every axis must name a settable config field (as {@code --set} does); every value is checked
 * against the config's own rules on the base before anything runs; integer fields round range
 * points and refuse a range that rounds two points together. An axis may also name a field of one
 * switch of the base's task schedule ({@code task.schedule[0].at}), or the whole schedule.
 *
 * <p>Length: about 410 lines: reading a sweep file is mostly validation, and every message names
 * the field it refuses; keeping the reader beside the record keeps the format in one place.
 *
 * @param name       a label for plots and the desktop tab
 * @param base       the validated base config
 * @param axes       the axes, in product order
 * @param seeds      the replicate offsets, distinct, ≥ 0
 * @param referenceN the N of the H_N columns, distinct, ≥ 1
 */
public record SweepSpec(String name, SessionConfig base, List<Axis> axes, List<Integer> seeds, List<Long> referenceN) {

    /** Most runs (cells × seeds) one sweep may hold. */
    public static final int MAX_RUNS = 100_000;

    /**
     * The N of the H_N columns when a sweep names none: 10⁶, 10⁷, 10⁸, so that the middle one, which
     * {@code sweep-report} draws by default, is the app's {@code diagnostics.referenceN} (against the
     * whole update's noise the window is 0 at N ≤ 10⁴ on every preset: docs/envelope-and-window.md,
     * "Learnability window").
     */
    static final List<Long> DEFAULT_REFERENCE_N = List.of(1_000_000L, 10_000_000L, 100_000_000L);

    private static final Set<String> FIELDS = Set.of("name", "preset", "config", "axes", "seeds", "referenceN");

    /**
     * One axis: a config field and its values, as {@code --set} text.
     *
     * @param field  dotted config field, e.g. {@code noise.alpha}
     * @param values the values in order, as the text of a {@code field=value} override
     */
    public record Axis(String field, List<String> values) {

        /** The values as numbers (NaN for text values such as an architecture). */
        public double[] numbers() {
            return values.stream().mapToDouble(Axis::number).toArray();
        }

        private static double number(String v) {
            try {
                return Numbers.parseDouble(v);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    /**
     * One run of the sweep: a cell (a point of the axis product) and a seed replicate.
     *
     * @param cell   index of the cell in product order
     * @param seed   the replicate offset
     * @param values the cell's value on each axis
     */
    public record Run(int cell, int seed, List<String> values) {

        /** The run's key in {@code sweep.csv} and its folder name under {@code runs/}. */
        public String id() {
            return String.format("cell-%04d-seed-%d", cell, seed);
        }
    }

    /** Copies the lists (the spec is immutable). */
    public SweepSpec {
        axes = List.copyOf(axes);
        seeds = List.copyOf(seeds);
        referenceN = List.copyOf(referenceN);
    }

    /** Reads and validates a sweep file. */
    public static SweepSpec read(Path file) {
        try {
            return parse(FileReads.text(file, FileReads.JSON));
        } catch (IOException e) {
            throw new ConfigException("sweep", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Parses and validates sweep JSON; a {@link ConfigException} names the first bad field. */
    public static SweepSpec parse(String json) {
        try {
            return of(ConfigLoader.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new ConfigException("sweep", "the sweep is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Validates a sweep given as a JSON tree (the window builds one); a {@link ConfigException} names the first bad field. */
    public static SweepSpec of(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ConfigException("sweep", "a sweep is a JSON object with at least \"axes\"");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new ConfigException(f, "unknown sweep field '" + f + "': known fields are " + List.copyOf(FIELDS));
            }
        }
        String name = root.has("name") ? text(root.get("name"), "name") : "sweep";
        SessionConfig base = base(root);
        List<Axis> axes = axes(root.get("axes"), base);
        List<Integer> seeds = seeds(root.get("seeds"));
        List<Long> referenceN = referenceN(root.get("referenceN"));
        long runs = (long) seeds.size() * axes.stream().mapToLong(a -> a.values().size()).reduce(1, (a, b) -> a * b);
        if (runs > MAX_RUNS) {
            throw new ConfigException("axes", runs, "at most " + MAX_RUNS + " runs (cells × seeds)");
        }
        SweepSpec spec = new SweepSpec(name, base, axes, seeds, referenceN);
        spec.checkResources();
        return spec;
    }

    /**
     * Refuses the sweep, before anything runs, when one of its cells cannot fit the machine
     * ({@link ResourceEstimate}); a cell that breaks another cross-field rule is left to fail on its own.
     */
    private void checkResources() {
        for (int c = 0; c < cells(); c++) {
            try {
                config(new Run(c, seeds.get(0), cellValues(c)));
            } catch (ConfigException e) {
                if ("resources".equals(e.field())) {
                    throw new ConfigException("axes", "cell " + c + " " + cellValues(c) + " of the sweep cannot run on "
                            + "this machine: " + e.getMessage());
                }
            }
        }
    }

    /** The number of cells (points of the axis product). */
    public int cells() {
        return axes.stream().mapToInt(a -> a.values().size()).reduce(1, (a, b) -> a * b);
    }

    /** Every run, cell by cell (last axis fastest), the seeds of a cell together. */
    public List<Run> runs() {
        List<Run> out = new ArrayList<>();
        int cells = cells();
        for (int c = 0; c < cells; c++) {
            List<String> values = cellValues(c);
            for (int s : seeds) {
                out.add(new Run(c, s, values));
            }
        }
        return out;
    }

    /** The value of each axis at a cell. */
    public List<String> cellValues(int cell) {
        String[] values = new String[axes.size()];
        int rest = cell;
        for (int a = axes.size() - 1; a >= 0; a--) {
            List<String> v = axes.get(a).values();
            values[a] = v.get(rest % v.size());
            rest /= v.size();
        }
        return List.of(values);
    }

    /**
     * The config of one run: the base with the cell's values and the replicate's seeds.
     *
     * @throws ConfigException when the combination breaks a rule across fields
     */
    public SessionConfig config(Run run) {
        List<String> overrides = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            overrides.add(axes.get(a).field() + "=" + run.values().get(a));
        }
        SessionConfig c = ConfigLoader.withOverrides(base, overrides);
        SessionConfig.Seeds s = c.seeds();
        return ConfigLoader.withOverrides(c, List.of("seeds.model=" + (s.model() + run.seed()),
                "seeds.data=" + (s.data() + run.seed()), "seeds.noise=" + (s.noise() + run.seed())));
    }

    /** The canonical JSON of this sweep: the full base config, the axes as value lists. */
    public String toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("name", name);
        root.set("config", ConfigLoader.MAPPER.valueToTree(base));
        ArrayNode a = root.putArray("axes");
        for (Axis axis : axes) {
            ObjectNode o = a.addObject();
            o.put("field", axis.field());
            ArrayNode values = o.putArray("values");
            axis.values().forEach(values::add);
        }
        ArrayNode s = root.putArray("seeds");
        seeds.forEach(s::add);
        ArrayNode n = root.putArray("referenceN");
        referenceN.forEach(n::add);
        return ConfigLoader.toJson(root);
    }

    private static SessionConfig base(JsonNode root) {
        String preset = root.has("preset") ? text(root.get("preset"), "preset") : null;
        SessionConfig start = preset == null ? SessionConfig.defaults() : ConfigLoader.preset(preset).config();
        if (!root.has("config")) {
            return start;
        }
        ObjectNode tree = (ObjectNode) ConfigLoader.MAPPER.valueToTree(start);
        ConfigLoader.merge(tree, root.get("config"), "");
        return ConfigLoader.bind(tree).validate();
    }

    /**
     * A field of one switch of the base config's task schedule, which an axis may vary like any
     * setting ({@code task.schedule[0].at}: when the first switch happens); {@code task.schedule}
     * itself takes whole schedules as values (docs/training.md, "Task schedules").
     */
    private static final java.util.regex.Pattern SCHEDULE_FIELD =
            java.util.regex.Pattern.compile("task\\.schedule\\[\\d+]\\.(at|lags|coefficients|lag|inputScale)");

    private static List<Axis> axes(JsonNode node, SessionConfig base) {
        if (node == null || !node.isArray()) {
            throw new ConfigException("axes", "\"axes\" must be a list of {\"field\": ..., \"values\": [...] or \"range\": {...}}");
        }
        List<Axis> axes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode a = node.get(i);
            String where = "axes[" + i + "]";
            if (!a.isObject() || !a.has("field")) {
                throw new ConfigException(where, where + " needs a \"field\" naming a config field, e.g. \"noise.alpha\"");
            }
            String field = text(a.get("field"), where + ".field");
            java.util.Optional<Setting> setting = Settings.find(field);
            java.util.regex.Matcher scheduled = SCHEDULE_FIELD.matcher(field);
            if (!scheduled.matches() && (setting.isEmpty() || field.startsWith("seeds."))) {
                throw new ConfigException(where + ".field", where + ".field = '" + field + "' is not a field a sweep can vary: "
                        + "expected one of the config's fields (see `config --keys`), other than the seeds (use \"seeds\")");
            }
            if (!seen.add(field)) {
                throw new ConfigException(where + ".field", field + " is swept twice: give each field one axis");
            }
            boolean integral = scheduled.matches() ? scheduled.group(1).equals("at") || scheduled.group(1).equals("lag")
                    : setting.get().type() == Setting.Type.INTEGER;
            if (a.has("values") == a.has("range")) {
                throw new ConfigException(where, where + ": give exactly one of \"values\" and \"range\"");
            }
            List<String> values = a.has("values") ? values(a.get("values"), where) : range(a.get("range"), where, integral);
            for (String v : values) {
                try {
                    ConfigLoader.withOverrides(base, List.of(field + "=" + v));
                } catch (ConfigException e) {
                    throw new ConfigException(field, where + " (" + field + "): " + e.getMessage());
                }
            }
            if (new LinkedHashSet<>(values).size() != values.size()) {
                throw new ConfigException(where, where + " (" + field + ") repeats a value " + values
                        + (a.has("range") ? " after rounding to integers: widen the range or use fewer points" : ""));
            }
            axes.add(new Axis(field, values));
        }
        return axes;
    }

    private static List<String> values(JsonNode node, String where) {
        if (!node.isArray() || node.isEmpty()) {
            throw new ConfigException(where + ".values", where + ".values must be a non-empty list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : node) {
            if (v.isNumber()) {
                out.add(v.isIntegralNumber() ? v.asText() : Double.toString(v.doubleValue()));
            } else if (v.isTextual()) {
                out.add(v.asText());
            } else if (v.isArray() && v.elements().hasNext() && v.elements().next().isContainerNode()) {
                out.add(v.toString());
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(x -> items.add(x.asText()));
                out.add(String.join(",", items));
            } else {
                throw new ConfigException(where + ".values", where + ".values holds " + v + ": expected numbers, text or lists");
            }
        }
        return out;
    }

    private static List<String> range(JsonNode r, String where, boolean integral) {
        String at = where + ".range";
        if (!r.isObject()) {
            throw new ConfigException(at, at + " must be {\"from\": x, \"to\": y, \"points\": n, \"scale\": \"linear\" or \"log\"}");
        }
        for (Iterator<String> it = r.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!Set.of("from", "to", "points", "scale").contains(f)) {
                throw new ConfigException(at + "." + f, "unknown field '" + f + "' in " + at + ": expected from, to, points, scale");
            }
        }
        double from = number(r.get("from"), at + ".from");
        double to = number(r.get("to"), at + ".to");
        JsonNode p = r.get("points");
        if (p == null || !p.isIntegralNumber() || p.asInt() < 2 || p.asInt() > 1000) {
            throw new ConfigException(at + ".points", p, "an integer in [2, 1000]");
        }
        String scale = r.has("scale") ? text(r.get("scale"), at + ".scale") : "linear";
        if (!scale.equals("linear") && !scale.equals("log")) {
            throw new ConfigException(at + ".scale", scale, "\"linear\" or \"log\"");
        }
        if (scale.equals("log") && (from <= 0 || to <= 0)) {
            throw new ConfigException(at, at + " is logarithmic, so from and to must be > 0 (got " + from + ", " + to + ")");
        }
        int n = p.asInt();
        List<String> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double t = (double) k / (n - 1);
            double v = scale.equals("log") ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from)))
                    : from + t * (to - from);
            if (k == 0 || k == n - 1) {
                v = k == 0 ? from : to;
            }
            out.add(integral ? Long.toString(Math.round(v)) : Double.toString(v));
        }
        return out;
    }

    private static List<Integer> seeds(JsonNode node) {
        if (node == null) {
            return List.of(0);
        }
        if (node.isIntegralNumber()) {
            int n = node.asInt();
            if (n < 1 || n > 1000) {
                throw new ConfigException("seeds", n, "a count in [1, 1000] or a list of distinct integers ≥ 0");
            }
            List<Integer> out = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                out.add(s);
            }
            return out;
        }
        if (node.isArray() && !node.isEmpty()) {
            Set<Integer> out = new LinkedHashSet<>();
            for (JsonNode s : node) {
                if (!s.isIntegralNumber() || s.asLong() < 0 || s.asLong() > Integer.MAX_VALUE || !out.add(s.asInt())) {
                    throw new ConfigException("seeds", node, "a count in [1, 1000] or a list of distinct integers ≥ 0");
                }
            }
            return List.copyOf(out);
        }
        throw new ConfigException("seeds", node, "a count in [1, 1000] or a list of distinct integers ≥ 0");
    }

    private static List<Long> referenceN(JsonNode node) {
        if (node == null) {
            return DEFAULT_REFERENCE_N;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > 8) {
            throw new ConfigException("referenceN", node, "a list of 1 to 8 distinct sample sizes ≥ 1");
        }
        Set<Long> out = new LinkedHashSet<>();
        for (JsonNode n : node) {
            if (!n.isIntegralNumber() || n.asLong() < 1 || !out.add(n.asLong())) {
                throw new ConfigException("referenceN", node, "a list of 1 to 8 distinct sample sizes ≥ 1");
            }
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new ConfigException(field, node, "a non-empty string");
        }
        return node.asText();
    }

    private static double number(JsonNode node, String field) {
        if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw new ConfigException(field, node, "a finite number");
        }
        return node.asDouble();
    }
}
