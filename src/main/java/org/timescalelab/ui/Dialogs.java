package org.timescalelab.ui;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Window;

import org.timescalelab.run.AtomicFiles;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.fx.Png;
import org.timescalelab.ui.fx.TaskRunner;
import org.timescalelab.ui.widget.MathText;

/**
 * The shell's file dialogs, exports and message boxes: every dialog starts in the runs folder,
 * every file is written on the task runner, and the outcome goes to the status bar (or an error
 * box naming the file). FX thread only.
 */
final class Dialogs {

    private final TaskRunner tasks;
    private final Supplier<Window> window;
    private final Consumer<String> status;
    private Path runsFolder;

    /**
     * @param tasks  where files are written
     * @param window the owner of the dialogs (null before the window shows)
     * @param status the status bar's text
     */
    Dialogs(TaskRunner tasks, Supplier<Window> window, Consumer<String> status) {
        this.tasks = tasks;
        this.window = window;
        this.status = status;
    }

    /** Where every dialog starts. */
    void setRunsFolder(Path folder) {
        runsFolder = folder;
    }

    /**
     * The runs folder, created if need be; null (the dialog's own default, with the reason in the
     * status bar) when there is none or it cannot be created.
     */
    File runsFolder() {
        if (runsFolder == null) {
            return null;
        }
        try {
            Files.createDirectories(runsFolder);
            return runsFolder.toFile();
        } catch (IOException | SecurityException e) {
            status.accept("cannot create " + runsFolder + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Asks before an action that would lose the session's training (a stray key while a file dialog
     * opens used to reset a five-minute run): the choices as buttons and Cancel, which is the default,
     * so a typed Enter keeps the run. Returns the chosen action, empty for Cancel or a closed box.
     */
    java.util.Optional<String> ask(String header, String text, String... actions) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text);
        a.setHeaderText(header);
        a.getButtonTypes().clear();
        for (String action : actions) {
            a.getButtonTypes().add(new ButtonType(action, javafx.scene.control.ButtonBar.ButtonData.OTHER));
        }
        a.getButtonTypes().add(ButtonType.CANCEL);
        for (ButtonType b : a.getButtonTypes()) {
            ((javafx.scene.control.Button) a.getDialogPane().lookupButton(b)).setDefaultButton(b == ButtonType.CANCEL);
        }
        a.initOwner(window.get());
        return a.showAndWait().filter(b -> b != ButtonType.CANCEL).map(ButtonType::getText);
    }

    /** The time now as a new folder's suffix, e.g. 20261130-223825. */
    static String now() {
        return java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /** Asks where to save a PNG of {@code node} and writes it. */
    void choosePng(String name, Node node) {
        File f = chooser(name, "PNG image", "*.png").showSaveDialog(window.get());
        if (f != null) {
            writePng(node, f.toPath());
        }
    }

    /** Asks where to save a chart's data and writes it. */
    void chooseCsv(ChartPane pane) {
        File f = chooser(pane.getId() + ".csv", "CSV", "*.csv").showSaveDialog(window.get());
        if (f != null) {
            writeCsv(pane, f.toPath());
        }
    }

    /** Asks where to save {@code csv} (a table's data) and writes it. */
    void chooseCsv(String name, String csv) {
        File f = chooser(name, "CSV", "*.csv").showSaveDialog(window.get());
        if (f != null) {
            tasks.run(() -> AtomicFiles.write(f.toPath(), csv.getBytes(StandardCharsets.UTF_8)),
                    failure -> report("Export CSV", f.toPath(), failure));
        }
    }

    /** Snapshots a node (now, on the FX thread) and writes the PNG on the task runner. */
    void writePng(Node node, Path file) {
        WritableImage image = node.snapshot(null, null);
        tasks.run(() -> Png.write(image, file), failure -> report("Export PNG", file, failure));
    }

    /** Writes the data behind a chart as CSV on the task runner. */
    void writeCsv(ChartPane pane, Path file) {
        String csv = pane.csv();
        tasks.run(() -> AtomicFiles.write(file, csv.getBytes(StandardCharsets.UTF_8)),
                failure -> report("Export CSV", file, failure));
    }

    /** A chart's help as a non-modal box, its formulas set as mathematics. */
    void showHelp(ChartPane pane, double fontSize, double windowWidth) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle(pane.title());
        a.setHeaderText(pane.title());
        a.getDialogPane().setContent(helpContent(pane.help(), fontSize, windowWidth));
        a.initOwner(window.get());
        a.initModality(Modality.NONE);
        a.show();
    }

    /**
     * A help text with its formulas set as mathematics ({@link MathText}), wrapped to a width that
     * fits inside the window (560 px, or less on a small screen), scrolling if it is long.
     */
    static ScrollPane helpContent(String help, double fontSize, double windowWidth) {
        double width = Math.min(560, Math.max(300, windowWidth - 120));
        VBox paragraphs = new VBox(8);
        paragraphs.setId("help-text");
        for (String p : help.split("\n")) {
            TextFlow flow = MathText.flow(p, fontSize);
            flow.setPrefWidth(width - 20);
            paragraphs.getChildren().add(flow);
        }
        paragraphs.setPadding(new Insets(4));
        ScrollPane scroll = new ScrollPane(paragraphs);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.ALWAYS);
        scroll.setPrefSize(width, Math.min(320, 60 + help.length() / 2.5));
        return scroll;
    }

    /** The outcome of writing a file: "wrote …" in the status bar, or an error box. */
    void report(String what, Path file, Throwable failure) {
        if (failure == null) {
            status.accept(what + ": wrote " + file);
            return;
        }
        Alert a = new Alert(Alert.AlertType.ERROR, what + " failed for " + file + ":\n" + failure.getMessage(), ButtonType.OK);
        a.setHeaderText(what + " failed");
        a.initOwner(window.get());
        a.show();
    }

    /** A non-modal box of text (shortcuts, about). */
    void info(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle(title);
        a.setHeaderText(title);
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefSize(560, 260);
        a.getDialogPane().setContent(area);
        a.initOwner(window.get());
        a.initModality(Modality.NONE);
        a.show();
    }

    /** A save dialog for an export, starting in the runs folder (not the working directory). */
    FileChooser chooser(String name, String description, String pattern) {
        FileChooser c = new FileChooser();
        c.setInitialFileName(name);
        c.setInitialDirectory(runsFolder());
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, pattern));
        return c;
    }
}
