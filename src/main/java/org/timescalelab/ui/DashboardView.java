package org.timescalelab.ui;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.run.AtomicFiles;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.fx.Png;
import org.timescalelab.ui.fx.TaskRunner;
import org.timescalelab.ui.lab.AntiCollapseModel;
import org.timescalelab.ui.lab.AntiCollapseView;
import org.timescalelab.ui.sweeps.SweepsView;
import org.timescalelab.ui.sweeps.SweepsViewModel;
import org.timescalelab.ui.training.ControlsView;
import org.timescalelab.ui.training.DashboardViewModel;
import org.timescalelab.ui.training.TrainingCharts;
import org.timescalelab.ui.widget.Help;
import org.timescalelab.ui.widget.MathText;

/**
 * The training dashboard: menus, the controls on the left, the eight charts in a grid (any of
 * them enlarged to fill it), the divergence banner and the status bar.
 */
public final class DashboardView extends BorderPane implements ChartPane.Actions {

    private static final int COLUMNS = 4;
    /**
     * Below this width of the chart area, classroom mode shows the eight charts as two pages of four
     * (2 × 2): at 1280×720 four columns leave 240 px a chart, too narrow for 18 px titles, legends and
     * axis labels, so the secondary charts give way before the primary ones are clipped.
     */
    static final double PAGED_BELOW = 1500;
    /** The two pages: the lesson's story (loss, spectrum, envelope, window), then the mechanics. */
    private static final int[][] PAGES = {{0, 2, 4, 6}, {1, 3, 5, 7}};

    private final DashboardViewModel vm;
    private final TaskRunner tasks;
    private final TrainingCharts charts;
    private final ControlsView controls;
    private final AntiCollapseView antiCollapse;
    private final SweepsView sweeps;
    private final TabPane tabs = new TabPane();
    private final Tab trainingTab;
    private final GridPane grid = new GridPane();
    private final StackPane center = new StackPane();
    /** The charts under their page bar; its width decides the paged layout. */
    private final BorderPane chartArea = new BorderPane();
    private final Label status = new Label();
    private final Label banner = new Label();
    private final HBox bannerBox;
    private ChartPane enlarged;
    private final HBox pageBar = new HBox(6);
    private final ToggleGroup pageGroup = new ToggleGroup();
    private boolean paged;
    private int page;
    private String frameRate = "";
    private Path runsFolder;

    /** Builds the dashboard over a view model; one-off work (export, saving) goes to {@code tasks}. */
    public DashboardView(DashboardViewModel vm, TaskRunner tasks) {
        this.vm = vm;
        this.tasks = tasks;
        getStyleClass().add("tl-root");
        charts = new TrainingCharts(vm, this);
        controls = new ControlsView(vm);
        bannerBox = createBanner();
        setTop(new VBox(createMenuBar(), bannerBox));
        layoutGrid();
        center.getChildren().add(grid);
        chartArea.setCenter(center);
        chartArea.setTop(createPageBar());
        chartArea.widthProperty().addListener((o, a, w) -> updatePaging(w.doubleValue()));
        BorderPane training = new BorderPane(chartArea);
        training.setLeft(controls);
        antiCollapse = new AntiCollapseView(new AntiCollapseModel(vm::diagnostics, vm::trajectory, TaskRunner.background("timescale-phase")), this);
        trainingTab = new Tab("Training", training);
        trainingTab.setId("training-tab");
        Tab lab = new Tab("Anti-collapse lab", antiCollapse);
        lab.setId("anti-collapse-tab");
        lab.setTooltip(new javafx.scene.control.Tooltip("The time-scale SDE, its phase diagram and the scaling laws"));
        sweeps = new SweepsView(new SweepsViewModel(vm::currentSettings, TaskRunner.background("timescale-sweep")), this, this::openSweepRun);
        Tab sweepTab = new Tab("Sweeps", sweeps);
        sweepTab.setId("sweeps-tab");
        sweepTab.setTooltip(new javafx.scene.control.Tooltip("Parameter sweeps of training runs: H_N, βˆ, α̂ and the losses over a grid"));
        tabs.getTabs().addAll(trainingTab, lab, sweepTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("main-tabs");
        lab.selectedProperty().addListener((o, was, now) -> antiCollapse.model().setActive(now));
        setCenter(tabs);
        setBottom(createStatusBar());
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        vm.classroomProperty().addListener((o, a, on) -> applyClassroom(on));
        vm.bannerProperty().addListener((o, a, b) -> showBanner(b));
    }

    /** Redraws what changed; called once per frame after the model drained. */
    public void refresh(boolean changed) {
        if (changed) {
            charts.redraw(false);
        }
        antiCollapse.refresh(antiCollapse.model().drain());
        sweeps.model().drain();
        status.setText(statusText());
    }

    /** Stops the training session, the live simulation and any phase diagram. */
    public void shutdown() {
        vm.shutdown();
        antiCollapse.model().shutdown();
        sweeps.model().shutdown();
    }

    /** Where the Save run… and Open run… dialogs start (created on first use). */
    void setRunsFolder(Path folder) {
        this.runsFolder = folder;
        sweeps.setSweepsFolder(folder.resolveSibling("sweeps"));
    }

    /**
     * The runs folder, created if need be, where every file dialog starts; null (the dialog's own
     * default, with the reason in the status bar) when there is none or it cannot be created.
     */
    private File runsFolderForDialog() {
        if (runsFolder == null) {
            return null;
        }
        try {
            java.nio.file.Files.createDirectories(runsFolder);
            return runsFolder.toFile();
        } catch (IOException | SecurityException e) {
            status.setText("cannot create " + runsFolder + ": " + e.getMessage());
            return null;
        }
    }

    /** Shown in the status bar; set by the frame loop. */
    void setFrameRate(String text) {
        frameRate = text;
    }

    private String statusText() {
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        String state = vm.loadingProperty().get() ? "loading the tensor backend (ND4J)…" : vm.stateProperty().get().toString();
        double cost = vm.diagnosticsCostProperty().get();
        return String.format("%s   ·   step %,d   ·   %.1f steps/s   ·   diagnostics %s   ·   %s   ·   heap %d MB",
                state, vm.stepProperty().get(), vm.stepsPerSecondProperty().get(),
                Double.isNaN(cost) ? "–" : String.format("%.0f ms/pass", cost), frameRate, usedMb);
    }

    private HBox createBanner() {
        banner.setWrapText(true);
        banner.getStyleClass().add("tl-banner-text");
        Button lower = new Button("Lower learning rate ÷10 and resume");
        lower.setId("lower-lr");
        lower.setOnAction(e -> vm.lowerLearningRateAndResume());
        Button dismiss = new Button("Dismiss");
        dismiss.setOnAction(e -> showBanner(""));
        HBox box = new HBox(10, banner, lower, dismiss);
        HBox.setHgrow(banner, Priority.ALWAYS);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 10, 6, 10));
        box.getStyleClass().add("tl-banner");
        box.setId("banner");
        box.setVisible(false);
        box.setManaged(false);
        return box;
    }

    private void showBanner(String text) {
        banner.setText(text);
        boolean show = text != null && !text.isEmpty();
        bannerBox.setVisible(show);
        bannerBox.setManaged(show);
    }

    private Node createStatusBar() {
        status.setId("status");
        status.getStyleClass().add("tl-status");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox bar = new HBox(status);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add("tl-status-bar");
        return bar;
    }

    private MenuBar createMenuBar() {
        Menu file = new Menu("File");
        MenuItem open = item("Open run…", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openRun);
        MenuItem save = item("Save run…", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::saveRun);
        MenuItem png = item("Export dashboard as PNG…", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN),
                () -> choosePng("dashboard.png", this));
        MenuItem quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN),
                () -> getScene().getWindow().hide());
        file.getItems().addAll(open, save, png, quit);
        Menu view = new Menu("View");
        CheckMenuItem classroom = new CheckMenuItem("Classroom mode");
        classroom.setAccelerator(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN));
        classroom.selectedProperty().bindBidirectional(vm.classroomProperty());
        MenuItem restore = item("Restore all charts", null, () -> {
            if (enlarged != null) {
                toggleEnlarged(enlarged);
            }
        });
        view.getItems().addAll(classroom, restore);
        Menu presets = new Menu("Presets");
        ToggleGroup group = new ToggleGroup();
        for (String name : ConfigLoader.presetNames()) {
            RadioMenuItem item = new RadioMenuItem(ConfigLoader.preset(name).title());
            item.setToggleGroup(group);
            item.setSelected(name.equals(vm.presetProperty().get()));
            item.setOnAction(e -> vm.loadPreset(name));
            presets.getItems().add(item);
        }
        Menu help = new Menu("Help");
        help.getItems().addAll(item("Keyboard shortcuts", null, () -> info("Keyboard shortcuts", Help.SHORTCUTS)),
                item("About Timescale Lab", null, () -> info("About Timescale Lab", About.text())));
        MenuBar bar = new MenuBar(file, view, presets, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof javafx.scene.control.TextInputControl || e.isShortcutDown()
                || !trainingTab.isSelected()) {
            return;
        }
        switch (e.getCode()) {
            case SPACE:
                vm.togglePause();
                e.consume();
                break;
            case S:
                vm.stepOnce();
                e.consume();
                break;
            case R:
                vm.reset();
                e.consume();
                break;
            case PAGE_DOWN:
            case PAGE_UP:
                if (paged) {
                    showPage(1 - page);
                    e.consume();
                }
                break;
            case ESCAPE:
                if (enlarged != null) {
                    toggleEnlarged(enlarged);
                }
                e.consume();
                break;
            default:
                break;
        }
    }

    private HBox createPageBar() {
        String[] names = {"Loss · spectrum · envelope · window", "Gates · history · rates · phase"};
        for (int i = 0; i < names.length; i++) {
            int which = i;
            javafx.scene.control.ToggleButton b = new javafx.scene.control.ToggleButton(names[i]);
            b.setId("page-" + (i + 1));
            b.setToggleGroup(pageGroup);
            b.setSelected(i == 0);
            b.setOnAction(e -> showPage(which));
            b.setMinWidth(Region.USE_PREF_SIZE);
            pageBar.getChildren().add(b);
        }
        Label hint = new Label("Page Up / Page Down");
        hint.getStyleClass().add("tl-note");
        pageBar.getChildren().add(hint);
        pageBar.setAlignment(Pos.CENTER_LEFT);
        pageBar.setPadding(new Insets(4, 6, 0, 6));
        pageBar.setId("page-bar");
        pageBar.setVisible(false);
        pageBar.setManaged(false);
        return pageBar;
    }

    private void updatePaging(double width) {
        boolean next = vm.classroomProperty().get() && width > 0 && width < PAGED_BELOW;
        if (next != paged) {
            paged = next;
            pageBar.setVisible(paged);
            pageBar.setManaged(paged);
            if (enlarged == null) {
                layoutGrid();
                charts.redraw(true);
            }
        }
    }

    /** Shows page 0 or 1 of the paged (classroom, narrow) layout. */
    void showPage(int which) {
        page = which;
        pageGroup.selectToggle(pageGroup.getToggles().get(which));
        if (enlarged == null) {
            layoutGrid();
            charts.redraw(true);
        }
    }

    /** Whether the charts are shown as two pages of four. */
    boolean isPaged() {
        return paged;
    }

    private void layoutGrid() {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(6));
        List<ChartPane> all = charts.panes();
        List<ChartPane> panes = paged ? java.util.Arrays.stream(PAGES[page]).mapToObj(all::get).toList() : all;
        int columns = paged ? 2 : COLUMNS;
        for (int i = 0; i < panes.size(); i++) {
            ChartPane p = panes.get(i);
            grid.add(p, i % columns, i / columns);
            GridPane.setHgrow(p, Priority.ALWAYS);
            GridPane.setVgrow(p, Priority.ALWAYS);
            p.setMinSize(0, 0);
            p.setPrefSize(320, 400);
        }
        for (int c = 0; c < columns; c++) {
            javafx.scene.layout.ColumnConstraints cc = new javafx.scene.layout.ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            grid.getColumnConstraints().add(cc);
        }
    }

    private void applyClassroom(boolean on) {
        getStyleClass().remove("classroom");
        if (on) {
            getStyleClass().add("classroom");
        }
        controls.setAdvancedVisible(!on);
        updatePaging(chartArea.getWidth());
        charts.setFontSize(on ? 16 : 11);
        antiCollapse.setFontSize(on ? 16 : 11);
        sweeps.setFontSize(on ? 16 : 11);
        charts.redraw(true);
    }

    // ---- ChartPane.Actions ----------------------------------------------------------------------

    @Override
    public void toggleEnlarged(ChartPane pane) {
        if (enlarged == null) {
            grid.getChildren().remove(pane);
            center.getChildren().setAll(pane);
            enlarged = pane;
        } else {
            enlarged = null;
            center.getChildren().setAll(grid);
            layoutGrid();
        }
        charts.redraw(true);
    }

    @Override
    public void exportPng(ChartPane pane) {
        choosePng(pane.getId() + ".png", pane);
    }

    @Override
    public void exportCsv(ChartPane pane) {
        File f = chooser(pane.getId() + ".csv", "CSV", "*.csv").showSaveDialog(window());
        if (f != null) {
            writeCsv(pane, f.toPath());
        }
    }

    @Override
    public void showHelp(ChartPane pane) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle(pane.title());
        a.setHeaderText(pane.title());
        a.getDialogPane().setContent(helpContent(pane.help(), vm.classroomProperty().get() ? 18 : 13, getWidth()));
        a.initOwner(window());
        a.initModality(javafx.stage.Modality.NONE);
        a.show();
    }

    /**
     * A help text with its formulas set as mathematics ({@link MathText}), wrapped to a width that
     * fits inside the window (560 px, or less on a small screen), scrolling if it is long.
     */
    static javafx.scene.control.ScrollPane helpContent(String help, double fontSize, double windowWidth) {
        double width = Math.min(560, Math.max(300, windowWidth - 120));
        VBox paragraphs = new VBox(8);
        paragraphs.setId("help-text");
        for (String p : help.split("\n")) {
            javafx.scene.text.TextFlow flow = MathText.flow(p, fontSize);
            flow.setPrefWidth(width - 20);
            paragraphs.getChildren().add(flow);
        }
        paragraphs.setPadding(new Insets(4));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(paragraphs);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setVbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.ALWAYS);
        scroll.setPrefSize(width, Math.min(320, 60 + help.length() / 2.5));
        return scroll;
    }

    private void choosePng(String name, Node node) {
        File f = chooser(name, "PNG image", "*.png").showSaveDialog(window());
        if (f != null) {
            writePng(node, f.toPath());
        }
    }

    /** Snapshots a node (FX thread) and writes the PNG on the task runner. */
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

    /**
     * A save dialog (its button says Save) for the name of a new run folder, which starts in the runs
     * folder with a name made of the preset and the time; the status bar confirms when it is written.
     */
    private void saveRun() {
        FileChooser c = new FileChooser();
        c.setTitle("Save run as a new folder");
        c.setInitialDirectory(runsFolderForDialog());
        c.setInitialFileName(vm.presetProperty().get() + "-" + java.time.LocalDateTime.now()
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        File dir = c.showSaveDialog(window());
        if (dir != null) {
            status.setText("Save run: writing " + dir + " …");
            vm.saveRun(dir.toPath(), tasks, failure -> report("Save run", dir.toPath(), failure));
        }
    }

    private void openRun() {
        javafx.stage.DirectoryChooser c = new javafx.stage.DirectoryChooser();
        c.setTitle("Open a saved run (its folder)");
        c.setInitialDirectory(runsFolderForDialog());
        File dir = c.showDialog(window());
        if (dir == null) {
            return;
        }
        try {
            vm.openRun(dir.toPath());
            charts.redraw(true);
        } catch (IOException | RuntimeException e) {
            report("Open run", dir.toPath(), e);
        }
    }

    private void openSweepRun(Path dir) {
        try {
            vm.openRun(dir);
            charts.redraw(true);
            tabs.getSelectionModel().select(trainingTab);
        } catch (IOException | RuntimeException e) {
            report("Open run", dir, e);
        }
    }

    private void report(String what, Path file, Throwable failure) {
        if (failure == null) {
            status.setText(what + ": wrote " + file);
            return;
        }
        Alert a = new Alert(Alert.AlertType.ERROR, what + " failed for " + file + ":\n" + failure.getMessage(), ButtonType.OK);
        a.setHeaderText(what + " failed");
        a.initOwner(window());
        a.show();
    }

    private void info(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle(title);
        a.setHeaderText(title);
        TextArea area = new TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefSize(560, 260);
        a.getDialogPane().setContent(area);
        a.initOwner(window());
        a.initModality(javafx.stage.Modality.NONE);
        a.show();
    }

    /** A save dialog for an export, starting in the runs folder (not the working directory). */
    private FileChooser chooser(String name, String description, String pattern) {
        FileChooser c = new FileChooser();
        c.setInitialFileName(name);
        c.setInitialDirectory(runsFolderForDialog());
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, pattern));
        return c;
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** The charts, for tests and the frame loop. */
    TrainingCharts charts() {
        return charts;
    }

    /** The anti-collapse tab. */
    AntiCollapseView antiCollapse() {
        return antiCollapse;
    }

    /** The main tabs (training, anti-collapse). */
    SweepsView sweeps() {
        return sweeps;
    }

    TabPane tabs() {
        return tabs;
    }

    /** The view model. */
    DashboardViewModel model() {
        return vm;
    }
}
