package org.timescalelab.config;

import java.util.regex.Pattern;

/**
 * The one number syntax a person may type, in a {@code --set}, a command-line option or a field of
 * the window: plain decimal with an optional exponent ({@code 0.01}, {@code -3}, {@code 1e-3},
 * {@code .5}).
 *
 * <p>{@link Double#parseDouble} also takes hexadecimal floats ({@code 0x1p-3}), a trailing type
 * letter ({@code 1d}, {@code 2f}), {@code NaN} and {@code Infinity}; {@link Long#parseLong} takes
 * digits of any script ({@code ١٢}). None of these is what a person means by a learning rate, and a
 * value that reads one way on screen and another in the run is a defect, so they are refused here
 * with the same message wherever they are typed. Files the app writes itself (metrics, arrays) are
 * read with the JDK's parsers: their syntax is ours.
 */
public final class Numbers {

    /** ASCII digits only: {@code \d} in a Java pattern is ASCII unless UNICODE_CHARACTER_CLASS is set. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    /** Longer text is no one's number; the cap keeps messages and the regex bounded. */
    private static final int MAX_LENGTH = 64;

    private Numbers() {
    }

    /** A finite decimal number, or {@link NumberFormatException} naming what was typed. */
    public static double parseDouble(String text) {
        String s = text.strip();
        if (s.length() > MAX_LENGTH || !DECIMAL.matcher(s).matches()) {
            throw new NumberFormatException("not a decimal number: '" + shown(s) + "'");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            throw new NumberFormatException("out of the range of a number: '" + shown(s) + "'");
        }
        return v;
    }

    /** A whole number within {@code long}, or {@link NumberFormatException} naming what was typed. */
    public static long parseLong(String text) {
        String s = text.strip();
        if (s.length() > MAX_LENGTH || !INTEGER.matcher(s).matches()) {
            throw new NumberFormatException("not a whole number: '" + shown(s) + "'");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("out of the range of a whole number: '" + shown(s) + "'");
        }
    }

    /** A whole number within {@code int}, or {@link NumberFormatException} naming what was typed. */
    public static int parseInt(String text) {
        long v = parseLong(text);
        if (v != (int) v) {
            throw new NumberFormatException("out of the range of a whole number: '" + shown(text.strip()) + "'");
        }
        return (int) v;
    }

    private static String shown(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
