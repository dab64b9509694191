package org.timescalelab.ui.chart;

import java.util.function.Supplier;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A dashboard card: title, one-line caption, a "?" with the formula, the chart, and a context
 * menu to export it (PNG, CSV) or enlarge it (also by double-click).
 */
public final class ChartPane extends BorderPane {

    /** What the dashboard does for a card: enlarge/restore, export PNG, export CSV, show help. */
    public interface Actions {
        void toggleEnlarged(ChartPane pane);

        void exportPng(ChartPane pane);

        void exportCsv(ChartPane pane);

        void showHelp(ChartPane pane);
    }

    private final String title;
    private final String help;
    private final Node chart;
    private final Supplier<String> csv;
    private final HBox tools = new HBox(4);

    /** A card around {@code chart}: title, caption, the "?" help and the export actions (CSV from {@code csv}). */
    public ChartPane(String id, String title, String caption, String help, Node chart, Supplier<String> csv, Actions actions) {
        this.title = title;
        this.help = help;
        this.chart = chart;
        this.csv = csv;
        setId(id);
        getStyleClass().add("tl-card");
        Label titleLabel = new Label(title);
        titleLabel.getStyleClass().add("tl-card-title");
        // A narrow card shortens its title (the whole title stays in the tooltip), never its tools.
        titleLabel.setMinWidth(0);
        titleLabel.setTooltip(new Tooltip(title));
        Label captionLabel = new Label(caption);
        captionLabel.getStyleClass().add("tl-card-caption");
        captionLabel.setWrapText(false);
        captionLabel.setMinWidth(0);
        Button helpButton = new Button("?");
        helpButton.getStyleClass().add("tl-help-button");
        helpButton.setId(id + "-help");
        helpButton.setTooltip(new Tooltip("What this chart shows, with the formula"));
        helpButton.setOnAction(e -> actions.showHelp(this));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        tools.setAlignment(Pos.CENTER_RIGHT);
        HBox header = new HBox(8, titleLabel, spacer, tools, helpButton);
        header.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(0, header, captionLabel);
        top.setPadding(new Insets(2, 4, 2, 4));
        setTop(top);
        setCenter(chart);
        ContextMenu menu = new ContextMenu();
        MenuItem enlarge = new MenuItem("Enlarge / restore");
        enlarge.setOnAction(e -> actions.toggleEnlarged(this));
        MenuItem png = new MenuItem("Export PNG…");
        png.setOnAction(e -> actions.exportPng(this));
        MenuItem data = new MenuItem("Export CSV…");
        data.setOnAction(e -> actions.exportCsv(this));
        menu.getItems().addAll(enlarge, png, data);
        setOnContextMenuRequested(e -> menu.show(this, e.getScreenX(), e.getScreenY()));
        setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                actions.toggleEnlarged(this);
            }
        });
    }

    /** Adds small controls (toggles) to the header. */
    public void addTool(Node node) {
        if (node instanceof Region r) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        tools.getChildren().add(node);
    }

    /** The card's title. */
    public String title() {
        return title;
    }

    /** The card's help text (the "?" popup). */
    public String help() {
        return help;
    }

    Node chart() {
        return chart;
    }

    /** The data behind the chart as CSV. */
    public String csv() {
        return csv.get();
    }
}
