package org.timescalelab.ui.widget;

import java.util.function.DoubleConsumer;
import java.util.function.Function;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import org.timescalelab.config.ConfigException;
import org.timescalelab.config.Numbers;
import org.timescalelab.config.Setting;
import org.timescalelab.ui.chart.LogScale;

/** A live numeric control (label, text field, slider, in-place error) shared by the dashboard's tabs. */
public final class LiveControl {

    private LiveControl() {
    }

    /**
     * One live control: a label, a text field for typing and a slider for dragging. A value is
     * applied on Enter or slider release; invalid text is refused in place with the allowed range.
     *
     * @param id    prefix of the field's and slider's ids ({@code id-field}, {@code id-slider})
     * @param log   whether the slider moves in log₁₀ of the value
     * @param check the verdict on typed text: null when acceptable, else the problem with the allowed range
     * @param continuous whether dragging applies the value at every move (cheap targets) rather than on release
     */
    public static Node create(String label, String id, String tip, double min, double max, boolean log, boolean integer,
                       ObservableValue<? extends Number> property, DoubleConsumer apply, Function<String, String> check,
                       boolean continuous) {
        Label name = new Label(label);
        TextField text = new TextField();
        text.setPrefColumnCount(6);
        text.setMinWidth(70);
        text.setMaxWidth(90);
        name.setMinWidth(0);
        text.setId(id + "-field");
        Slider slider = new Slider(min, max, min);
        slider.setId(id + "-slider");
        slider.setMinWidth(0);
        Label error = errorLabel();
        Tooltip tooltip = new Tooltip(tip);
        Tooltip.install(name, tooltip);
        text.setTooltip(tooltip);
        slider.setTooltip(tooltip);
        Runnable show = () -> {
            double v = property.getValue().doubleValue();
            text.setText(integer ? String.valueOf((long) v) : LogScale.format(v));
            if (!slider.isValueChanging()) {
                slider.setValue(log ? Math.log10(Math.max(v, 1e-12)) : v);
            }
        };
        property.addListener((o, a, b) -> show.run());
        show.run();
        slider.valueChangingProperty().addListener((o, a, changing) -> {
            if (!changing) {
                double v = log ? Math.pow(10, slider.getValue()) : slider.getValue();
                apply.accept(integer ? Math.round(v) : v);
            }
        });
        slider.valueProperty().addListener((o, a, b) -> {
            if (slider.isValueChanging()) {
                double v = log ? Math.pow(10, b.doubleValue()) : b.doubleValue();
                text.setText(integer ? String.valueOf(Math.round(v)) : LogScale.format(v));
                if (continuous) {
                    apply.accept(integer ? Math.round(v) : v);
                }
            }
        });
        text.setOnAction(e -> {
            String problem = check.apply(text.getText());
            showError(text, error, problem);
            if (problem == null) {
                apply.accept(Numbers.parseDouble(text.getText().trim()));
            }
        });
        text.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                showError(text, error, null);
                show.run();
            }
        });
        HBox row = new HBox(6, name, text);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(name, Priority.ALWAYS);
        name.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(1, row, slider, error);
        box.getStyleClass().add("tl-live");
        return box;
    }

    /** A plain range check of typed text, for values without a config rule. */
    public static Function<String, String> range(double min, double max, boolean log) {
        double lo = log ? Math.pow(10, min) : min;
        double hi = log ? Math.pow(10, max) : max;
        return text -> {
            try {
                double v = Numbers.parseDouble(text.trim());
                return v >= lo && v <= hi ? null : "allowed range: " + LogScale.format(lo) + " … " + LogScale.format(hi);
            } catch (NumberFormatException e) {
                return "not a number: expected " + LogScale.format(lo) + " … " + LogScale.format(hi);
            }
        };
    }

    /** The check of a typed value against a setting's allowed range (the schema's, not the slider's). */
    public static Function<String, String> allowed(Setting setting) {
        return text -> {
            try {
                setting.check(Numbers.parseDouble(text.trim()));
                return null;
            } catch (NumberFormatException e) {
                return "not a number: expected " + setting.range();
            } catch (ConfigException e) {
                return "allowed range: " + setting.range();
            }
        };
    }

    /** Shows a problem under a field and marks the field invalid (null or "": clears both). */
    public static void showError(TextField field, Label error, String problem) {
        field.getStyleClass().remove("tl-invalid");
        if (problem != null) {
            field.getStyleClass().add("tl-invalid");
        }
        error.setText(problem == null ? "" : problem);
        error.setVisible(problem != null);
        error.setManaged(problem != null);
    }

    /** An empty error label, styled for in-place messages. */
    public static Label errorLabel() {
        Label l = new Label();
        l.getStyleClass().add("tl-error");
        l.setWrapText(true);
        l.setVisible(false);
        l.setManaged(false);
        return l;
    }


    /** A fixed-width, vertically scrolling column of controls (the left side of the lab and sweep tabs). */
    public static javafx.scene.control.ScrollPane column(javafx.scene.Node content, double width) {
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("tl-controls");
        scroll.setPrefWidth(width);
        scroll.setMinWidth(width);
        scroll.setMaxWidth(width);
        return scroll;
    }

    /** A control with a label before it, on one row. */
    public static javafx.scene.Node labelled(String text, javafx.scene.Node control) {
        javafx.scene.control.Label l = new javafx.scene.control.Label(text);
        l.setMinWidth(60);
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(6, l, control);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }
}
