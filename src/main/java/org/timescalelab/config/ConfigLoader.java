package org.timescalelab.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a {@link SessionConfig} from layers: the defaults, then a preset or a JSON file, then
 * {@code key=value} overrides. The defaults are the schema: a field they lack is unknown.
 * Stateless and thread-safe.
 */
public final class ConfigLoader {

    /** A named preset: a title, a note of what to watch for, and its config. */
    /**
     * A built-in preset.
     *
     * @param lessonSteps the steps the desktop app reaches with it in two minutes on a 2-core machine
     *                    (measured; {@link PresetCheck} checks the preset's signature there)
     */
    public record Preset(String name, String title, String note, SessionConfig config, long lessonSteps) {
    }

    /**
     * The JSON mapper of every config and run file: strict (unknown fields, nulls for numbers,
     * coerced scalars, duplicate keys and trailing tokens are refused) and indented.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Map<String, Preset> PRESETS = loadPresets();

    private ConfigLoader() {
    }

    /** The names of the built-in presets, in menu order. */
    public static List<String> presetNames() {
        return new ArrayList<>(PRESETS.keySet());
    }

    /** A built-in preset. */
    public static Preset preset(String name) {
        Preset p = PRESETS.get(name);
        if (p == null) {
            throw new ConfigException("preset", "unknown preset '" + name + "': choose one of " + presetNames());
        }
        return p;
    }

    /**
     * Resolves a config: a preset (or the defaults when both are null) or a file, then overrides,
     * then validation.
     *
     * @param presetName a preset, or null
     * @param file       a JSON config file (complete or partial), or null
     * @param overrides  {@code dotted.key=value} strings
     */
    public static SessionConfig load(String presetName, Path file, List<String> overrides) {
        if (presetName != null && file != null) {
            throw new ConfigException("config", "give either a preset or a config file, not both");
        }
        ObjectNode tree = (ObjectNode) MAPPER.valueToTree(SessionConfig.defaults());
        if (presetName != null) {
            tree = (ObjectNode) MAPPER.valueToTree(preset(presetName).config());
        }
        if (file != null) {
            merge(tree, readFile(file), "");
        }
        for (String o : overrides) {
            applyOverride(tree, o);
        }
        return bind(tree).validate();
    }

    /** A config with {@code key=value} overrides applied, validated. */
    public static SessionConfig withOverrides(SessionConfig base, List<String> overrides) {
        ObjectNode tree = (ObjectNode) MAPPER.valueToTree(base);
        for (String o : overrides) {
            applyOverride(tree, o);
        }
        return bind(tree).validate();
    }

    /** Parses a complete or partial config from JSON text over the defaults. */
    public static SessionConfig fromJson(String json) {
        ObjectNode tree = (ObjectNode) MAPPER.valueToTree(SessionConfig.defaults());
        try {
            merge(tree, MAPPER.readTree(json), "");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config", "not valid JSON: " + e.getOriginalMessage());
        }
        return bind(tree).validate();
    }

    /** A config (or any JSON tree) as indented JSON. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    /** Every settable key, dotted, with its default value. */
    public static Map<String, String> keys() {
        Map<String, String> out = new LinkedHashMap<>();
        collectKeys(MAPPER.valueToTree(SessionConfig.defaults()), "", out);
        return out;
    }

    private static void collectKeys(JsonNode node, String prefix, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject()) {
                collectKeys(e.getValue(), key + ".", out);
            } else {
                out.put(key, e.getValue().toString());
            }
        }
    }

    private static JsonNode readFile(Path file) {
        try {
            String text = FileReads.text(file, FileReads.JSON);
            // A UTF-8 byte-order mark (as some editors write) is not content.
            return MAPPER.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config", file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config", e.getMessage().startsWith(file.toString()) ? e.getMessage()
                    : "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Overlays {@code patch} on {@code base}, rejecting fields the base does not have. */
    public static void merge(ObjectNode base, JsonNode patch, String prefix) {
        if (!patch.isObject()) {
            throw new ConfigException(prefix.isEmpty() ? "config" : prefix, "expected a JSON object at "
                    + (prefix.isEmpty() ? "the top level" : prefix));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode existing = base.get(e.getKey());
            if (existing == null) {
                throw unknownField(path, base);
            }
            if (existing.isObject()) {
                merge((ObjectNode) existing, e.getValue(), path + ".");
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static ConfigException unknownField(String path, JsonNode parent) {
        List<String> known = new ArrayList<>();
        parent.fieldNames().forEachRemaining(known::add);
        return new ConfigException(path, "unknown field '" + path + "': known fields here are " + known);
    }

    /** A part of a dotted key that indexes a list: {@code schedule[1]}. */
    private static final Pattern INDEXED = Pattern.compile("(\\w+)\\[(\\d{1,9})]");

    /** What the value of a field that may be null (a switch's lags, coefficients or lag) is parsed as. */
    private static final Map<String, JsonNode> NULLABLE = Map.of(
            "lags", JsonNodeFactory.instance.arrayNode().add(0L),
            "coefficients", JsonNodeFactory.instance.arrayNode().add(0.0),
            "lag", JsonNodeFactory.instance.numberNode(0L),
            "inputScale", JsonNodeFactory.instance.numberNode(0.0));

    /**
     * Applies one {@code dotted.key=value}, parsing the value as the key's type. A list field takes
     * comma-separated items or a JSON list ({@code task.schedule=[{"at": 1500, "lags": [32, 48]}]}),
     * and an entry of a list of objects is reached by its index ({@code task.schedule[0].at=2000}).
     */
    static void applyOverride(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("set", "expected key=value, got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        String[] parts = key.split("\\.", -1);
        if (java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new ConfigException("set", "expected a dotted field name such as training.learningRate, got '"
                    + key + "'");
        }
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Matcher m = INDEXED.matcher(parts[i]);
            JsonNode child = node.get(m.matches() ? m.group(1) : parts[i]);
            if (m.matches() && child != null && child.isArray()) {
                int index = Integer.parseInt(m.group(2));
                if (index >= child.size()) {
                    throw new ConfigException(key, "no entry " + index + " in " + m.group(1) + ", which has "
                            + child.size() + " (counted from 0)");
                }
                child = child.get(index);
            }
            if (child == null || !child.isObject()) {
                throw unknownField(key, node);
            }
            node = (ObjectNode) child;
        }
        String leaf = parts[parts.length - 1];
        JsonNode existing = node.get(leaf);
        if (existing != null && existing.isNull()) {
            existing = NULLABLE.get(leaf);
        }
        if (existing == null || existing.isObject()) {
            throw unknownField(key, node);
        }
        node.set(leaf, parseValue(key, value, existing));
    }

    private static JsonNode parseValue(String key, String value, JsonNode like) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (like.isArray() && value.startsWith("[")) {
            try {
                return MAPPER.readTree(value);
            } catch (JsonProcessingException e) {
                throw new ConfigException(key, value, "a JSON list (" + e.getOriginalMessage() + ")");
            }
        }
        if (like.isArray()) {
            ArrayNode arr = f.arrayNode();
            if (!value.isEmpty()) {
                for (String item : value.split(",")) {
                    arr.add(parseValue(key, item.trim(), like.size() > 0 ? like.get(0) : f.numberNode(0.0)));
                }
            }
            return arr;
        }
        if (like.isNumber()) {
            try {
                if (like.isIntegralNumber()) {
                    return f.numberNode(Numbers.parseLong(value));
                }
                return f.numberNode(Numbers.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, value, like.isIntegralNumber() ? "an integer" : "a decimal number such as 0.01 or 1e-3");
            }
        }
        if (like.isBoolean()) {
            if (!value.equals("true") && !value.equals("false")) {
                throw new ConfigException(key, value, "true or false");
            }
            return f.booleanNode(Boolean.parseBoolean(value));
        }
        return f.textNode(value);
    }

    /** Binds a merged tree, turning Jackson's type errors into messages naming the field. */
    public static SessionConfig bind(JsonNode tree) {
        return bind(tree, SessionConfig.class);
    }

    /**
     * Reads any record-shaped config the same way: defaults, then a JSON file, then
     * {@code key=value} overrides; a field the defaults lack is unknown.
     */
    public static <T> T load(T defaults, Class<T> type, Path file, List<String> overrides) {
        ObjectNode tree = (ObjectNode) MAPPER.valueToTree(defaults);
        if (file != null) {
            merge(tree, readFile(file), "");
        }
        for (String o : overrides) {
            applyOverride(tree, o);
        }
        return bind(tree, type);
    }

    private static <T> T bind(JsonNode tree, Class<T> type) {
        refuseNullItems(tree, "");
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (InvalidFormatException e) {
            String field = path(e);
            Class<?> target = e.getTargetType();
            String allowed = target != null && target.isEnum()
                    ? "one of " + List.of(target.getEnumConstants()).stream().map(Object::toString)
                            .collect(Collectors.joining(", "))
                    : "a value of type " + (target == null ? "?" : target.getSimpleName());
            throw new ConfigException(field, e.getValue(), allowed);
        } catch (MismatchedInputException e) {
            String field = path(e);
            String expected = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
            throw new ConfigException(field, "field " + field + " has the wrong type: expected " + expected);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            // Out-of-range numbers (e.g. an int field given 2147483648) arrive here with their path.
            String field = path(e);
            String why = e.getOriginalMessage();
            if (e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException c) {
                why = "the number " + c.getMessage().replaceAll("(?s)^Numeric value \\(([^)]*)\\).*$", "$1")
                        + " does not fit its type";
            }
            throw new ConfigException(field, "field " + field + ": " + why);
        } catch (JsonProcessingException e) {
            throw new ConfigException("config", "cannot read config: " + e.getOriginalMessage());
        }
    }

    /**
     * A {@code null} inside a list ({@code task.schedule=[null]}, {@code "lags": [4, null]}) has no
     * meaning anywhere in the config; refused here with its path, before the records' constructors
     * would fail on it without one.
     */
    private static void refuseNullItems(JsonNode node, String path) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String item = path + "[" + i + "]";
                if (node.get(i).isNull()) {
                    throw new ConfigException(item, "null", "a value (a list may not hold null)");
                }
                refuseNullItems(node.get(i), item);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                refuseNullItems(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            }
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static Map<String, Preset> loadPresets() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("presets.json")) {
            if (in == null) {
                throw new IllegalStateException("presets.json is missing from the class path");
            }
            JsonNode root = MAPPER.readTree(in);
            Map<String, Preset> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                ObjectNode tree = (ObjectNode) MAPPER.valueToTree(SessionConfig.defaults());
                merge(tree, e.getValue().get("config"), "");
                out.put(e.getKey(), new Preset(e.getKey(), e.getValue().get("title").asText(),
                        e.getValue().get("note").asText(), bind(tree).validate(), e.getValue().get("lessonSteps").asLong()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in presets", e);
        }
    }
}
