package org.timescalelab.ui.widget;

import java.util.ArrayList;
import java.util.List;

import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Formulas in help texts set as mathematics: {@code x^{−β}} is drawn with a raised, smaller
 * exponent and {@code τ_q} with a lowered index, instead of showing the markup. The markup is the
 * small subset the help texts use: {@code ^{…}} and {@code _{…}} (nestable), {@code ^(…)} (the
 * parentheses stay), and {@code ^x} or {@code _x} for one letter or digit. Everything else is plain
 * Unicode text. The result is a {@link TextFlow}, so it wraps to the width it is given.
 */
public final class MathText {

    /** Size of a script relative to its base. */
    private static final double SCRIPT = 0.72;

    private MathText() {
    }

    /** A run of text at a size and a vertical shift (in units of the base font size). */
    record Run(String text, double scale, double shift) {
    }

    /** The text as a flow of runs at {@code size} points. */
    public static TextFlow flow(String markup, double size) {
        TextFlow flow = new TextFlow();
        for (Run r : runs(markup)) {
            Text t = new Text(r.text());
            t.setFont(Font.font(size * r.scale()));
            t.setTranslateY(r.shift() * size);
            t.getStyleClass().add("tl-math");
            flow.getChildren().add(t);
        }
        return flow;
    }

    /** The markup as runs of plain text, superscripts and subscripts (what {@link #flow} draws). */
    static List<Run> runs(String markup) {
        List<Run> out = new ArrayList<>();
        parse(spacingAccents(markup), 1, 0, out);
        return out;
    }

    /**
     * Combining accents (α̂, m̄, σ̃) as their spacing forms (αˆ, m¯, σ˜). A combining mark sends the
     * whole paragraph through JavaFX 21's complex-text layout, which on Linux draws each wrapped
     * line with the start of the next one appended (the words at every line end appeared twice);
     * the spacing forms keep the simple layout, as the rest of the window does for βˆ.
     */
    static String spacingAccents(String s) {
        return s.replace("\u0302", "\u02C6").replace("\u0304", "\u00AF").replace("\u0303", "\u02DC")
                .replace("\u0307", "\u02D9");
    }

    private static void parse(String s, double scale, double shift, List<Run> out) {
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int end = c == '^' || c == '_' ? scriptEnd(s, i + 1) : -1;
            if (end < 0) {
                plain.append(c);
                i++;
                continue;
            }
            flush(plain, scale, shift, out);
            String body = s.substring(i + 1, end);
            if (body.startsWith("{")) {
                body = body.substring(1, body.length() - 1);
            }
            double sub = scale * SCRIPT;
            parse(body, sub, shift + (c == '^' ? -0.35 : 0.2) * scale, out);
            i = end;
        }
        flush(plain, scale, shift, out);
    }

    /** The end (exclusive) of a script starting at {@code from}, or -1 when no script starts there. */
    private static int scriptEnd(String s, int from) {
        if (from >= s.length()) {
            return -1;
        }
        char open = s.charAt(from);
        if (open == '{' || open == '(') {
            char close = open == '{' ? '}' : ')';
            int depth = 0;
            for (int j = from; j < s.length(); j++) {
                depth += s.charAt(j) == open ? 1 : s.charAt(j) == close ? -1 : 0;
                if (depth == 0) {
                    return j + 1;
                }
            }
            return -1;
        }
        return Character.isLetterOrDigit(open) ? from + Character.charCount(s.codePointAt(from)) : -1;
    }

    private static void flush(StringBuilder plain, double scale, double shift, List<Run> out) {
        if (plain.length() > 0) {
            out.add(new Run(plain.toString(), scale, shift));
            plain.setLength(0);
        }
    }
}
