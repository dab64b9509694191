package org.timescalelab.style;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one colour source of Timescale Lab: the window's stylesheet (through {@link #css()}), its
 * canvas charts and the headless PNG figures all take their colours from here, as 0xRRGGBB
 * integers, so each toolkit converts them its own way and none of them names a colour itself.
 *
 * <p>A calm dark theme readable on a projector; series colours are the colour-blind safe
 * Okabe–Ito set; continuous values use viridis (perceptually uniform, readable in grey).
 */
public final class Palette {

    /** The window and figure background. */
    public static final int BACKGROUND = 0x1b1e23;
    /** The side panel's background. */
    public static final int PANEL = 0x1f2328;
    /** A card's background. */
    public static final int CARD = 0x23272e;
    /** A card's and the status bar's border. */
    public static final int BORDER = 0x2f343c;
    /** The status bar's background. */
    public static final int STATUS = 0x16191d;
    /** A plot area's background. */
    public static final int PLOT = 0x1d2126;
    /** Grid lines. */
    public static final int GRID = 0x2c3138;
    /** Body text and axis lines. */
    public static final int INK = 0xd9dce1;
    /** Titles. */
    public static final int TITLE = 0xe6e8eb;
    /** Secondary text: tick labels, status. */
    public static final int MUTED = 0xaeb4bb;
    /** Axis titles and legends. */
    public static final int LABEL = 0xc4c9cf;
    /** Captions. */
    public static final int CAPTION = 0x9aa0a8;
    /** Notes. */
    public static final int NOTE = 0xb8bdc4;
    /** A cell or point with no value. */
    public static final int EMPTY = 0x55595f;
    /** The control colour of buttons and fields. */
    public static final int BASE = 0x22262d;
    /** A text field's background. */
    public static final int FIELD = 0x262a31;
    /** Selection and focus. */
    public static final int ACCENT = 0x4aa3df;
    /** The primary button. */
    public static final int PRIMARY = 0x2f6f9f;
    /** Errors, alerts and thresholds. */
    public static final int ALERT = 0xff8a7a;
    /** The border of an invalid field. */
    public static final int INVALID = 0xff6b57;
    /** The banner's background (a run stopped). */
    public static final int BANNER = 0x5a2a24;
    /** The banner's text. */
    public static final int BANNER_TEXT = 0xffe3dc;
    /** Markers of live changes and neutral reference lines. */
    public static final int MARKER = 0x8a9099;
    /** A theory reference curve. */
    public static final int REFERENCE = 0xd5c46a;
    /** Text annotations on charts. */
    public static final int ANNOTATION = 0xe6c07b;
    /** An unresolved (censored) estimate. */
    public static final int UNRESOLVED = 0x9aa4b1;
    /** Threshold labels. */
    public static final int THRESHOLD_TEXT = 0xff9e90;
    /** Labels of unresolved estimates. */
    public static final int UNRESOLVED_TEXT = 0xb8c1cc;
    /** Classroom mode: text at full brightness. */
    public static final int BRIGHT = 0xffffff;
    /** Classroom mode: tick labels and notes. */
    public static final int BRIGHT_MUTED = 0xf2f3f5;
    /** Classroom mode: captions. */
    public static final int CLASSROOM_CAPTION = 0xe0e3e7;
    /** Classroom mode: the plot area (black, for the projector's contrast). */
    public static final int CLASSROOM_PLOT = 0x000000;
    /** Classroom mode: a card's background. */
    public static final int CLASSROOM_CARD = 0x0d0f12;
    /** Classroom mode: a card's border. */
    public static final int CLASSROOM_BORDER = 0x59606b;
    /** An interval band (drawn translucent). */
    public static final int BAND = 0x78b4ff;

    /** Series colours in order: Okabe–Ito blue, orange, green, pink, yellow, dark blue, vermilion, grey. */
    private static final int[] SERIES = {0x56b4e9, 0xe69f00, 0x009e73, 0xcc79a7, 0xf0e442, 0x0072b2, 0xd55e00, 0xe5e5e5};

    /** Anchors of the viridis colour map, evenly spaced in [0, 1]. */
    private static final int[] VIRIDIS = {0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884,
        0x44bf70, 0x7ad151, 0xbddf26, 0xfde725};

    private Palette() {
    }

    /** The colour of series {@code i} (cycling). */
    public static int series(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    /** Viridis at t in [0, 1] (clamped), linear between its anchors; NaN gives {@link #EMPTY}. */
    public static int viridis(double t) {
        if (Double.isNaN(t)) {
            return EMPTY;
        }
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(x));
        double w = x - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double ca = (a >> shift) & 0xff;
            double cb = (b >> shift) & 0xff;
            rgb |= (int) Math.round(ca + w * (cb - ca)) << shift;
        }
        return rgb;
    }

    /** Red, green and blue in [0, 1]. */
    public static double[] unit(int rgb) {
        return new double[] {((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0};
    }

    /** CSS hex, {@code #rrggbb}. */
    public static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
    }

    /** CSS hex with an opacity in [0, 1], {@code #rrggbbaa}. */
    public static String hex(int rgb, double opacity) {
        return hex(rgb) + String.format(Locale.ROOT, "%02x", (int) Math.round(Math.max(0, Math.min(1, opacity)) * 255));
    }

    /**
     * The palette as JavaFX looked-up colours on {@code .root} ({@code -tl-ink}, {@code -tl-series-0},
     * …), the stylesheet the window loads before its own, which names no colour but these.
     */
    public static String css() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("background", hex(BACKGROUND));
        c.put("panel", hex(PANEL));
        c.put("card", hex(CARD));
        c.put("border", hex(BORDER));
        c.put("status", hex(STATUS));
        c.put("plot", hex(PLOT));
        c.put("grid", hex(GRID));
        c.put("ink", hex(INK));
        c.put("title", hex(TITLE));
        c.put("muted", hex(MUTED));
        c.put("label", hex(LABEL));
        c.put("caption", hex(CAPTION));
        c.put("note", hex(NOTE));
        c.put("base", hex(BASE));
        c.put("field", hex(FIELD));
        c.put("accent", hex(ACCENT));
        c.put("primary", hex(PRIMARY));
        c.put("alert", hex(ALERT));
        c.put("invalid", hex(INVALID));
        c.put("banner", hex(BANNER));
        c.put("banner-text", hex(BANNER_TEXT));
        c.put("marker", hex(MARKER));
        c.put("reference", hex(REFERENCE));
        c.put("annotation", hex(ANNOTATION));
        c.put("unresolved", hex(UNRESOLVED));
        c.put("band-fill", hex(BAND, 0.22));
        c.put("band-stroke", hex(BAND, 0.5));
        c.put("series-0-faint", hex(series(0), 0.28));
        c.put("threshold-text", hex(THRESHOLD_TEXT));
        c.put("unresolved-text", hex(UNRESOLVED_TEXT));
        c.put("bright", hex(BRIGHT));
        c.put("bright-muted", hex(BRIGHT_MUTED));
        c.put("classroom-caption", hex(CLASSROOM_CAPTION));
        c.put("classroom-plot", hex(CLASSROOM_PLOT));
        c.put("classroom-card", hex(CLASSROOM_CARD));
        c.put("classroom-border", hex(CLASSROOM_BORDER));
        for (int i = 0; i < SERIES.length; i++) {
            c.put("series-" + i, hex(series(i)));
        }
        StringBuilder sb = new StringBuilder(".root {\n");
        c.forEach((k, v) -> sb.append("    -tl-").append(k).append(": ").append(v).append(";\n"));
        return sb.append("}\n").toString();
    }
}
