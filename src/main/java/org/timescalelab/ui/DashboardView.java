package org.timescalelab.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.run.RunSummary;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.compare.CompareModel;
import org.timescalelab.ui.compare.CompareView;
import org.timescalelab.ui.fx.TaskRunner;
import org.timescalelab.ui.lab.AntiCollapseModel;
import org.timescalelab.ui.lab.AntiCollapseView;
import org.timescalelab.ui.sweeps.SweepsView;
import org.timescalelab.ui.sweeps.SweepsViewModel;
import org.timescalelab.ui.training.TrainingView;
import org.timescalelab.ui.training.TrainingViewModel;
import org.timescalelab.ui.widget.Help;

/**
 * The app shell: menus, the four tabs (Training, the anti-collapse lab, Sweeps, Compare), the banner
 * of a run that stopped, the status bar, file dialogs and the charts' export and help actions.
 * Single keys (Space, S, R, Page Up/Down, Esc) act on the Training tab outside text fields; what
 * would lose training (R, Quit) asks first, with Cancel as the default.
 *
 * <p>Length: about 420 lines: every menu action and shortcut of the window is here, each a few
 * lines that hand over to the tab, the view model or {@link Dialogs}.
 */
public final class DashboardView extends BorderPane implements CompareView.Host {

    private final TrainingViewModel vm;
    private final TaskRunner tasks;
    private final TrainingView training;
    private final AntiCollapseView antiCollapse;
    private final SweepsView sweeps;
    private final CompareView compare;
    private final TabPane tabs = new TabPane();
    private final Tab trainingTab;
    private final Label status = new Label();
    private final Label banner = new Label();
    private final HBox bannerBox;
    private String frameRate = "";
    private final Dialogs dialogs;

    /** Builds the dashboard over a view model; one-off work (export, saving) goes to {@code tasks}. */
    public DashboardView(TrainingViewModel vm, TaskRunner tasks) {
        this.vm = vm;
        this.tasks = tasks;
        getStyleClass().add("tl-root");
        dialogs = new Dialogs(tasks, () -> getScene() == null ? null : getScene().getWindow(), status::setText);
        training = new TrainingView(vm, this);
        bannerBox = createBanner();
        setTop(new VBox(createMenuBar(), bannerBox));
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
        compare = new CompareView(new CompareModel(TaskRunner.background("timescale-compare")), this);
        Tab compareTab = new Tab("Compare", compare);
        compareTab.setId("compare-tab");
        compareTab.setTooltip(new javafx.scene.control.Tooltip("Up to six runs side by side: envelope, window, spectrum, "
                + "phase plane and a table"));
        tabs.getTabs().addAll(trainingTab, lab, sweepTab, compareTab);
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
            training.charts().redraw(false);
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
        dialogs.setRunsFolder(folder);
        sweeps.setSweepsFolder(folder.resolveSibling("sweeps"));
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
        // The buttons keep their whole text (at 1280×720 they read "…"); the explanation wraps.
        java.util.List.of(lower, dismiss).forEach(b -> b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
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
                () -> dialogs.choosePng("dashboard.png", this));
        MenuItem quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), this::quit);
        file.getItems().addAll(open, save, png, quit);
        Menu view = new Menu("View");
        CheckMenuItem classroom = new CheckMenuItem("Classroom mode");
        classroom.setAccelerator(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN));
        classroom.selectedProperty().bindBidirectional(vm.classroomProperty());
        MenuItem restore = item("Restore all charts", null, training::restoreAll);
        CheckMenuItem before = new CheckMenuItem("Overlay the regime before the last task switch");
        before.setId("menu-before-switch");
        before.selectedProperty().bindBidirectional(vm.showBeforeSwitchProperty());
        view.getItems().addAll(classroom, before, restore);
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
        help.getItems().addAll(item("Keyboard shortcuts", null, () -> dialogs.info("Keyboard shortcuts", Help.SHORTCUTS)),
                item("About Timescale Lab", null, () -> dialogs.info("About Timescale Lab", About.text())));
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
                e.consume();
                if (vm.stepProperty().get() == 0 || dialogs.ask("Reset to step 0?", "The session's "
                        + vm.stepProperty().get() + " steps are lost unless saved (File → Save run).", "Reset").isPresent()) {
                    vm.reset();
                }
                break;
            case PAGE_DOWN:
            case PAGE_UP:
                if (training.turnPage()) {
                    e.consume();
                }
                break;
            case ESCAPE:
                training.restoreAll();
                e.consume();
                break;
            default:
                break;
        }
    }

    /** Quits, offering to save a session that has trained (Ctrl+Q mid-run used to drop it). */
    private void quit() {
        String save = "Save run…";
        java.util.Optional<String> choice = vm.stepProperty().get() == 0 ? java.util.Optional.of("Quit")
                : dialogs.ask("Quit Timescale Lab?", "The session at step " + vm.stepProperty().get()
                        + " is lost unless saved.", save, "Quit without saving");
        choice.ifPresent(c -> {
            if (c.equals(save)) {
                saveRun();
            } else {
                getScene().getWindow().hide();
            }
        });
    }

    private void applyClassroom(boolean on) {
        getStyleClass().remove("classroom");
        if (on) {
            getStyleClass().add("classroom");
        }
        training.setClassroom(on);
        antiCollapse.setFontSize(on ? 16 : 11);
        sweeps.setFontSize(on ? 16 : 11);
    }

    // ---- ChartPane.Actions ----------------------------------------------------------------------

    @Override
    public void toggleEnlarged(ChartPane pane) {
        if (training.holds(pane)) {
            training.toggleEnlarged(pane);
        } else if (compare.holds(pane)) {
            compare.toggleEnlarged(pane);
        }
    }

    @Override
    public void exportPng(ChartPane pane) {
        dialogs.choosePng(pane.getId() + ".png", pane);
    }

    @Override
    public void exportCsv(ChartPane pane) {
        dialogs.chooseCsv(pane);
    }

    @Override
    public RunSummary liveSession() {
        return vm.liveSummary();
    }

    @Override
    public SessionConfig currentSettings() {
        return vm.currentSettings();
    }

    @Override
    public Path newComparisonFolder() {
        File runs = dialogs.runsFolder();
        return runs == null ? null : runs.toPath().resolve("compare-" + Dialogs.now());
    }

    @Override
    public void exportPng(String name, Node node) {
        dialogs.choosePng(name, node);
    }

    @Override
    public void exportCsv(String name, String csv) {
        dialogs.chooseCsv(name, csv);
    }

    @Override
    public void showHelp(ChartPane pane) {
        dialogs.showHelp(pane, vm.classroomProperty().get() ? 18 : 13, getWidth());
    }

    /**
     * A save dialog (its button says Save) for the name of a new run folder, which starts in the runs
     * folder with a name made of the preset and the time; the status bar confirms when it is written.
     */
    private void saveRun() {
        FileChooser c = new FileChooser();
        c.setTitle("Save run as a new folder");
        c.setInitialDirectory(dialogs.runsFolder());
        c.setInitialFileName(vm.presetProperty().get() + "-" + Dialogs.now());
        File dir = c.showSaveDialog(getScene().getWindow());
        if (dir != null) {
            status.setText("Save run: writing " + dir + " …");
            vm.saveRun(dir.toPath(), tasks, failure -> dialogs.report("Save run", dir.toPath(), failure));
        }
    }

    private void openRun() {
        javafx.stage.DirectoryChooser c = new javafx.stage.DirectoryChooser();
        c.setTitle("Open a saved run (its folder)");
        c.setInitialDirectory(dialogs.runsFolder());
        File dir = c.showDialog(getScene().getWindow());
        if (dir == null) {
            return;
        }
        try {
            vm.openRun(dir.toPath());
            training.charts().redraw(true);
        } catch (IOException | RuntimeException e) {
            dialogs.report("Open run", dir.toPath(), e);
        }
    }

    private void openSweepRun(Path dir) {
        try {
            vm.openRun(dir);
            training.charts().redraw(true);
            tabs.getSelectionModel().select(trainingTab);
        } catch (IOException | RuntimeException e) {
            dialogs.report("Open run", dir, e);
        }
    }

    /** Snapshots a node and writes the PNG (tests). */
    void writePng(Node node, Path file) {
        dialogs.writePng(node, file);
    }

    /** The Training tab. */
    TrainingView training() {
        return training;
    }

    /** Shows page 0 or 1 of the Training tab's paged layout (tests). */
    void showPage(int which) {
        training.showPage(which);
    }

    /** Whether the Training tab's charts are paged (tests). */
    boolean isPaged() {
        return training.isPaged();
    }

    /** The anti-collapse tab. */
    AntiCollapseView antiCollapse() {
        return antiCollapse;
    }

    /** The main tabs (training, anti-collapse). */
    SweepsView sweeps() {
        return sweeps;
    }

    /** The Compare tab. */
    CompareView compare() {
        return compare;
    }

    TabPane tabs() {
        return tabs;
    }

    /** The view model. */
    TrainingViewModel model() {
        return vm;
    }
}
