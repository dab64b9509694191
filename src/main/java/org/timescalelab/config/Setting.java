package org.timescalelab.config;

import java.util.Locale;

/**
 * One config field, described once: its key, type, allowed range, unit, help text, whether it can
 * change in a running session, and the control the window shows for it. Validation, the
 * session's commands, the window's controls, {@code config --keys}, sweep axes and
 * docs/settings.md all read it from {@link Settings}. Immutable.
 *
 * @param key    the dotted key, e.g. {@code training.learningRate}
 * @param type   what kind of value it holds
 * @param range  the allowed values of a number (null for choices, lists and text)
 * @param unit   the unit or scale ("" when none)
 * @param help   one sentence for tooltips and docs
 * @param live   whether a running session takes it from the next step (else it needs a rebuild)
 * @param slider the window's slider for it (null: no slider)
 */
public record Setting(String key, Type type, Range range, String unit, String help, boolean live, Slider slider) {

    /** What kind of value a setting holds. */
    public enum Type {
        /** A whole number. */
        INTEGER,
        /** A real number. */
        NUMBER,
        /** One of an enum's names. */
        CHOICE,
        /** A list of numbers. */
        LIST
    }

    /**
     * The allowed values of a number: an interval whose ends may be open, closed or absent. Its
     * text is what error messages print after "expected".
     *
     * @param low        the lower end
     * @param lowClosed  whether {@code low} itself is allowed
     * @param high       the upper end (+∞: no upper end)
     * @param highClosed whether {@code high} itself is allowed
     * @param integer    whether the text is written as an integer range ({@code 1..512}, {@code 0 or more})
     */
    public record Range(double low, boolean lowClosed, double high, boolean highClosed, boolean integer) {

        /** {@code [low, high]}. */
        public static Range closed(double low, double high) {
            return new Range(low, true, high, true, false);
        }

        /** {@code (low, high]}. */
        public static Range leftOpen(double low, double high) {
            return new Range(low, false, high, true, false);
        }

        /** {@code (low, high)}. */
        public static Range open(double low, double high) {
            return new Range(low, false, high, false, false);
        }

        /** {@code [low, high)}. */
        public static Range rightOpen(double low, double high) {
            return new Range(low, true, high, false, false);
        }

        /** Whole numbers from {@code low} to {@code high} (+∞: no upper end). */
        public static Range integers(long low, double high) {
            return new Range(low, true, high, true, true);
        }

        /** Whether a value lies in the range (NaN never does). */
        public boolean contains(double v) {
            return (lowClosed ? v >= low : v > low) && (highClosed ? v <= high : v < high);
        }

        /** The range as error messages and docs write it: {@code (0, 10]}, {@code 1..512}, {@code 0 or more}. */
        @Override
        public String toString() {
            if (integer) {
                return high == Double.POSITIVE_INFINITY ? (long) low + " or more" : (long) low + ".." + (long) high;
            }
            if (high == Double.POSITIVE_INFINITY) {
                return number(low) + " or more";
            }
            return (lowClosed ? "[" : "(") + number(low) + ", " + number(high) + (highClosed ? "]" : ")");
        }

        private static String number(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e6) {
                return String.valueOf((long) v);
            }
            return v >= 1e6 && Math.log10(v) == Math.rint(Math.log10(v))
                    ? "1e" + (long) Math.log10(v) : String.valueOf(v).toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The slider of a live control.
     *
     * @param min the left end (in log₁₀ of the value when {@code log})
     * @param max the right end
     * @param log whether the slider moves in log₁₀ of the value
     */
    public record Slider(double min, double max, boolean log) {
    }

    /** Refuses a number outside the range, naming the field and the range. */
    public double check(double value) {
        if (range != null && !range.contains(value)) {
            throw ConfigException.range(key, value, range.toString());
        }
        return value;
    }

    /** Refuses a whole number outside the range, naming the field and the range. */
    public long check(long value) {
        if (range != null && !range.contains(value)) {
            throw ConfigException.range(key, value, range.toString());
        }
        return value;
    }

    /**
     * Refuses a number the setting does not allow: outside the range, or, for an integer setting,
     * not a whole number (then shown as one, e.g. {@code 64}, in the message).
     */
    public double checkNumber(double value) {
        if (type != Type.INTEGER) {
            return check(value);
        }
        if (value != Math.rint(value)) {
            throw new ConfigException(key, value, "an integer, " + range);
        }
        check((long) value);
        return value;
    }

    /** Refuses a missing value. */
    public <T> T required(T value) {
        if (value == null) {
            throw new ConfigException(key, "null", "a value");
        }
        return value;
    }

    /** What the setting allows, in words: "a number in (0, 10]", "one of SGD, ADAM", …. */
    public String expected() {
        return switch (type) {
            case INTEGER -> "an integer, " + range;
            case NUMBER -> "a number in " + range;
            case CHOICE -> "a name (see config --keys)";
            case LIST -> "a list of numbers";
        };
    }
}
