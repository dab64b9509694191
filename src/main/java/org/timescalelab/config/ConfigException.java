package org.timescalelab.config;

/**
 * A configuration value that cannot be used: names the field, the value and what is allowed.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /** A value outside what is allowed. */
    public ConfigException(String field, Object value, String allowed) {
        super(field + " = " + value + " is not allowed: expected " + allowed);
        this.field = field;
    }

    /** A message that is not of the "value out of range" form (unknown field, unreadable file). */
    public ConfigException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** A value outside its allowed range, e.g. {@code noise.alpha = 2.5 is not allowed: expected (1, 2]}. */
    public static ConfigException range(String field, Object value, String allowed) {
        return new ConfigException(field, value, allowed);
    }

    /** The dotted path of the offending field, e.g. {@code training.learningRate}. */
    public String field() {
        return field;
    }
}
