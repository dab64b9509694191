package org.timescalelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.animation.AnimationTimer;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.timescalelab.nn.Backend;
import org.timescalelab.session.SessionState;
import org.timescalelab.ui.lab.AntiCollapseModel;
import org.timescalelab.ui.sweeps.SweepsViewModel;
import org.timescalelab.ui.training.TrainingViewModel;

/** Smoke tests of the real window on headless Monocle. */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class DesktopAppTest {

    private DashboardView view;
    private AnimationTimer frames;

    /** ND4J first, then the toolkit: the order that avoids the native loader deadlock. */
    @BeforeAll
    static void loadBackendFirst() {
        Backend.initialize();
    }

    @Start
    void start(Stage stage) {
        DesktopOptions o = new DesktopOptions(org.timescalelab.config.ConfigLoader.preset("demo").config(), "demo",
                false, false, false, null, null);
        view = DesktopApp.show(stage, o);
        frames = DesktopApp.startFrames(view, o);
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            frames.stop();
            view.shutdown();
        }).get(10, TimeUnit.SECONDS);
    }

    private void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        assertThat(condition.call()).as(what).isTrue();
    }

    @Test
    void windowOpensWithEveryChartAndTheControls(FxRobot robot) throws Exception {
        for (String id : new String[] {"#loss", "#gates", "#spectrum", "#history", "#envelope", "#rates", "#window",
            "#phase", "#start-pause", "#status"}) {
            assertThat(onFx(() -> robot.lookup(id).tryQuery())).as(id).isPresent();
        }
        // Every live setting with a slider has its control, built from the schema: help and range.
        for (org.timescalelab.config.Setting setting : org.timescalelab.config.Settings.all()) {
            if (!setting.live() || setting.slider() == null) {
                continue;
            }
            String id = "#" + setting.key().replace('.', '-') + "-field";
            javafx.scene.control.TextField field = onFx(() -> robot.lookup(id).queryAs(javafx.scene.control.TextField.class));
            assertThat(field.getTooltip().getText()).as(id).startsWith(setting.help())
                    .contains("allowed " + setting.range());
        }
    }

    @Test
    void startTrainsLiveControlsApplyAndPauseStops(FxRobot robot) throws Exception {
        TrainingViewModel vm = view.model();
        waitFor("backend loaded", () -> !vm.loadingProperty().get());
        fire(robot, "#start-pause");
        waitFor("steps advance", () -> vm.stepProperty().get() >= 3);
        waitFor("loss chart has points", () -> vm.rawLoss().size() >= 3);

        long before = vm.stepProperty().get();
        typeInto(robot, "#training-learningRate-field", "0.003");
        waitFor("lr reaches the session", () -> vm.snapshot() != null && vm.snapshot().learningRate() == 0.003);
        assertThat(vm.stepProperty().get()).isGreaterThanOrEqualTo(before);

        typeInto(robot, "#model-width-field", "70");
        waitFor("width reaches the session", () -> vm.snapshot().width() == 70);
        typeInto(robot, "#noise-alpha-field", "1.6");
        waitFor("alpha reaches the session", () -> vm.snapshot().alpha() == 1.6);
        assertThat(vm.stepProperty().get()).isGreaterThan(before);

        fire(robot, "#start-pause");
        waitFor("paused", () -> vm.stateProperty().get() == SessionState.PAUSED);
        long paused = vm.stepProperty().get();
        WaitForAsyncUtils.waitForFxEvents(20);
        assertThat(vm.stepProperty().get()).isEqualTo(paused);
    }

    /**
     * "Switch task" in the window: the next lags go to the session after the current step, the task
     * label follows, the old task keeps its validation curve, and the overlays get their reference.
     */
    @Test
    void switchTaskSwitchesTracksTheOldTaskAndKeepsTheRegimeBefore(FxRobot robot) throws Exception {
        TrainingViewModel vm = view.model();
        waitFor("backend loaded", () -> !vm.loadingProperty().get());
        robot.interact(() -> vm.setDiagnosticsEvery(20));
        fire(robot, "#start-pause");
        waitFor("a pass arrived", () -> vm.diagnostics() != null);
        typeInto(robot, "#next-task-field", "2,5000");
        assertThat(onFx(() -> robot.lookup(".tl-error").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().contains("task.lags")))).as("a lag too long is refused").isTrue();
        typeInto(robot, "#next-task-field", "16,24,32");
        waitFor("the task switched", () -> onFx(() -> vm.currentTaskProperty().get()).equals("task 2: lags 16,24,32"));
        waitFor("both tasks measured", () -> onFx(() -> vm.taskValidationLosses().size() == 2
                && vm.taskValidationLosses().get(0).size() > 0 && vm.taskValidationLosses().get(1).size() > 0));
        waitFor("the pass before the switch is kept", () -> onFx(() -> vm.beforeSwitch() != null
                && vm.beforeSwitch().step() <= vm.switchStep()));
        assertThat(onFx(() -> vm.forgetting().stage())).isEqualTo(1);
        fire(robot, "#start-pause");
    }

    @Test
    void invalidValueIsRefusedInPlace(FxRobot robot) throws Exception {
        TrainingViewModel vm = view.model();
        double alpha = vm.alphaProperty().get();
        typeInto(robot, "#noise-alpha-field", "abc");
        TextField field = onFx(() -> robot.lookup("#noise-alpha-field").queryAs(TextField.class));
        assertThat(field.getStyleClass()).contains("tl-invalid");
        boolean shown = onFx(() -> robot.lookup(".tl-error").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().contains("noise.alpha") && l.getText().contains("(1, 2]")));
        assertThat(shown).isTrue();
        assertThat(vm.alphaProperty().get()).isEqualTo(alpha);
    }

    @Test
    void dashboardExportsAsPng(FxRobot robot, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("dash.png");
        WaitForAsyncUtils.asyncFx(() -> view.writePng(view, file)).get(10, TimeUnit.SECONDS);
        waitFor("png written", () -> Files.exists(file) && Files.size(file) > 1000);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 4);
        assertThat(head).containsExactly((byte) 0x89, 'P', 'N', 'G');
    }

    @Test
    void antiCollapseLabRespondsToLambdaAndComputesAPhaseDiagram(FxRobot robot) throws Exception {
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        AntiCollapseModel m = view.antiCollapse().model();
        for (String id : new String[] {"#sde-histogram", "#sde-survival", "#sde-envelope", "#sde-window", "#sde-readout"}) {
            assertThat(onFx(() -> robot.lookup(id).tryQuery())).as(id).isPresent();
        }
        waitFor("the population evolves", () -> m.view() != null && m.view().time() > 20 && m.view().fit().ok());
        double broad = m.view().fit().beta();
        typeInto(robot, "#sde-lambda-field", "0.2");
        waitFor("λ reaches the simulation", () -> m.view().params().lambda() == 0.2);
        double changedAt = m.view().time();
        // Fewer jumps: the tail steepens towards the new closed-form β.
        waitFor("β̂ rises", () -> m.view().time() > changedAt + 20 && m.view().fit().beta() > broad + 0.4);
        assertThat(m.view().predictedBeta()).isGreaterThan(broad);

        robot.interact(() -> {
            m.gridPointsProperty().set(3);
            m.phaseParticlesProperty().set(500);
        });
        robot.interact(() -> ((javafx.scene.control.Button) robot.lookup("#phase-compute").query()).fire());
        waitFor("phase diagram completes", () -> !m.phaseRunningProperty().get() && m.cells().size() == 9);
        assertThat(m.phaseStatusProperty().get()).contains("9 cells");
        // Loading a cell sets its two axis parameters (λ/κ and b) in the live controls.
        org.timescalelab.theory.PhaseDiagram.Cell cell = m.cells().get(4);
        robot.interact(() -> m.loadCell(cell));
        assertThat(m.lambdaProperty().get()).isCloseTo(cell.x() * m.kappaProperty().get(),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.bProperty().get()).isEqualTo(cell.y());
        assertThat(m.phaseStatusProperty().get()).startsWith("loaded λ/κ = ");

        robot.interact(() -> m.gridPointsProperty().set(12));
        robot.interact(() -> ((javafx.scene.control.Button) robot.lookup("#phase-compute").query()).fire());
        robot.interact(() -> ((javafx.scene.control.Button) robot.lookup("#phase-cancel").query()).fire());
        waitFor("cancel stops the grid", () -> !m.phaseRunningProperty().get());
        assertThat(m.phaseStatusProperty().get()).startsWith("cancelled after");
        assertThat(m.cells().size()).isLessThan(144);
    }

    @Test
    void sweepsTabRunsASweepFillsTheTableAndOpensARun(FxRobot robot, @TempDir Path tmp) throws Exception {
        TrainingViewModel vm = view.model();
        waitFor("backend loaded", () -> !vm.loadingProperty().get());
        robot.interact(() -> {
            vm.apply(vm.configWith(java.util.List.of("model.width=6", "task.sequenceLength=24", "task.lags=2,4",
                    "task.coefficients=0.6,0.4", "training.batchSize=4", "task.validationSize=8",
                    "diagnostics.sequences=32", "diagnostics.envelopeSequences=8", "diagnostics.bootstrap=50",
                    "diagnostics.gradientSamples=0")));
            view.tabs().getSelectionModel().select(2);
            view.sweeps().setSweepsFolder(tmp);
        });
        SweepsViewModel m = view.sweeps().model();
        typeInto(robot, "#sweep-steps", "5");
        typeInto(robot, "#sweep-axis-values-0", "0.001, 0.01");
        typeInto(robot, "#sweep-axis-values-1", "1.5, 3");
        robot.interact(() -> ((javafx.scene.control.Button) robot.lookup("#sweep-run").query()).fire());
        boolean refused = onFx(() -> robot.lookup(".tl-error").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().contains("noise.alpha = 3")));
        assertThat(refused).as("α = 3 refused in place").isTrue();
        assertThat(m.runningProperty().get()).isFalse();

        typeInto(robot, "#sweep-axis-values-1", "1.5, 2");
        // Typing into the spinners counts without Enter.
        javafx.scene.control.Spinner<?> seeds = onFx(() -> robot.lookup("#sweep-seeds").queryAs(javafx.scene.control.Spinner.class));
        javafx.scene.control.Spinner<?> atOnce = onFx(() -> robot.lookup("#sweep-parallel").queryAs(javafx.scene.control.Spinner.class));
        robot.interact(() -> seeds.getEditor().setText("3"));
        assertThat(m.seedsProperty().get()).isEqualTo(3);
        robot.interact(() -> {
            seeds.getEditor().setText("1");
            atOnce.getEditor().setText("1");
        });
        assertThat(m.seedsProperty().get()).isEqualTo(1);
        assertThat(m.parallelProperty().get()).isEqualTo(1);
        robot.interact(() -> ((javafx.scene.control.Button) robot.lookup("#sweep-run").query()).fire());
        waitFor("sweep finishes", () -> !m.runningProperty().get() && m.rows().size() == 4);
        assertThat(m.statusProperty().get()).startsWith("finished: 4 of 4 runs");
        javafx.scene.control.TableView<?> table = onFx(() -> robot.lookup("#sweep-table").queryAs(javafx.scene.control.TableView.class));
        assertThat(table.getItems()).hasSize(4);
        assertThat(table.getColumns()).extracting(c -> c.getText()).contains("training.learningRate", "noise.alpha", "βˆ");

        robot.interact(() -> table.getSelectionModel().select(2));
        fire(robot, "#sweep-open");
        waitFor("the Training tab is shown", () -> view.tabs().getSelectionModel().getSelectedIndex() == 0);
        waitFor("the run opens at its last step", () -> !vm.loadingProperty().get() && vm.stepProperty().get() == 5);
        assertThat(vm.configProperty().get().training().learningRate()).isEqualTo(0.01);
        assertThat(vm.configProperty().get().noise().alpha()).isEqualTo(1.5);
    }

    @Test
    void divergenceAndTheBannersLowerButtonRecover(FxRobot robot) throws Exception {
        TrainingViewModel vm = trainAFewSteps(robot);
        typeInto(robot, "#training-learningRate-field", "10");
        waitFor("diverged", () -> vm.stateProperty().get() == SessionState.DIVERGED);
        long rolledBack = vm.stepProperty().get();
        assertThat(vm.bannerProperty().get()).contains("rolled back to step " + rolledBack);
        // At a projector's 1280×720 in classroom mode the recovery buttons keep their whole text.
        robot.interact(() -> {
            javafx.stage.Window w = view.getScene().getWindow();
            w.setWidth(1280);
            w.setHeight(720);
            vm.classroomProperty().set(true);
        });
        WaitForAsyncUtils.waitForFxEvents(10);
        assertThat(onFx(() -> truncated(view))).as("with the banner shown").isEmpty();
        for (int click = 0; click < 2 && vm.stateProperty().get() == SessionState.DIVERGED; click++) {
            fire(robot, "#lower-lr");
            long from = vm.stepProperty().get();
            waitFor("resumed or diverged again", () -> vm.stateProperty().get() == SessionState.DIVERGED
                    || vm.stepProperty().get() >= from + 60);
        }
        assertThat(vm.stateProperty().get()).isEqualTo(SessionState.RUNNING);
        assertThat(vm.learningRateProperty().get()).isLessThanOrEqualTo(1.0);
        assertThat(vm.snapshot().trainLoss()).isFinite();
        assertThat(vm.stepProperty().get()).isGreaterThan(rolledBack);
    }

    /**
     * R (reset) after training asks first, and Enter — the next key of a path typed while a file
     * dialog was still opening — answers Cancel: the run keeps its steps.
     */
    @Test
    void aStrayResetKeyAsksAndEnterKeepsTheRun(FxRobot robot) throws Exception {
        TrainingViewModel vm = trainAFewSteps(robot);
        fire(robot, "#start-pause");
        waitFor("paused", () -> vm.stateProperty().get() != SessionState.RUNNING);
        long step = vm.stepProperty().get();
        javafx.application.Platform.runLater(() -> view.fireEvent(new javafx.scene.input.KeyEvent(
                javafx.scene.input.KeyEvent.KEY_PRESSED, "r", "r", javafx.scene.input.KeyCode.R, false, false, false, false)));
        waitFor("the reset question", () -> onFx(() -> question() != null));
        robot.interact(() -> question().requestFocus());
        robot.press(javafx.scene.input.KeyCode.ENTER).release(javafx.scene.input.KeyCode.ENTER);
        waitFor("the question closes", () -> onFx(() -> question() == null));
        assertThat(vm.stepProperty().get()).as("Enter is Cancel: nothing reset").isEqualTo(step);
    }

    /** The open confirmation box's window, or null. */
    private static javafx.stage.Window question() {
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof javafx.scene.control.DialogPane) {
                return w;
            }
        }
        return null;
    }

    /** A chart's help opens with its text drawn light on the dark dialog (MathText's nodes take a fill). */
    @Test
    void helpTextIsLightOnTheDarkDialog(FxRobot robot) throws Exception {
        fire(robot, "#window-help");
        WaitForAsyncUtils.waitForFxEvents(10);
        java.util.List<Double> brightness = onFx(() -> {
            java.util.List<Double> out = new java.util.ArrayList<>();
            for (javafx.stage.Window w : java.util.List.copyOf(javafx.stage.Window.getWindows())) {
                javafx.scene.Node help = w.getScene() == null ? null : w.getScene().lookup("#help-text");
                if (help != null) {
                    for (javafx.scene.Node n : help.lookupAll(".tl-math")) {
                        out.add(((javafx.scene.paint.Color) ((javafx.scene.text.Text) n).getFill()).getBrightness());
                    }
                    ((javafx.stage.Stage) w).close();
                }
            }
            return out;
        });
        assertThat(brightness).as("the help's text runs").isNotEmpty().allSatisfy(b -> assertThat(b).isGreaterThan(0.6));
    }

    /**
     * At 1280×720 in classroom mode no title, caption, legend entry, axis label or button of the
     * training tab shows an ellipsis: each Labeled's displayed text equals its text (on both pages
     * of the paged layout, and with a diagnostics pass drawn).
     */
    @Test
    void classroomModeAt1280x720TruncatesNoLabel(FxRobot robot) throws Exception {
        TrainingViewModel vm = view.model();
        waitFor("backend loaded", () -> !vm.loadingProperty().get());
        robot.interact(() -> {
            javafx.stage.Window w = view.getScene().getWindow();
            w.setWidth(1280);
            w.setHeight(720);
            vm.classroomProperty().set(true);
        });
        typeInto(robot, "#diagnostics-every-field", "20");
        fire(robot, "#start-pause");
        waitFor("a diagnostics pass is drawn", () -> vm.diagnostics() != null);
        fire(robot, "#start-pause");
        WaitForAsyncUtils.waitForFxEvents(10);
        assertThat(view.isPaged()).isTrue();
        for (int page = 0; page < 2; page++) {
            int which = page;
            robot.interact(() -> view.showPage(which));
            WaitForAsyncUtils.waitForFxEvents(10);
            java.util.List<String> cut = onFx(() -> truncated(view));
            assertThat(cut).as("page %d", page + 1).isEmpty();
        }
    }

    /** Starts training without diagnostics and waits for five steps. */
    private TrainingViewModel trainAFewSteps(FxRobot robot) throws Exception {
        TrainingViewModel vm = view.model();
        waitFor("backend loaded", () -> !vm.loadingProperty().get());
        typeInto(robot, "#diagnostics-every-field", "0");
        fire(robot, "#start-pause");
        waitFor("steps advance", () -> vm.stepProperty().get() >= 5);
        return vm;
    }

    /** "shown ≠ text" for every visible Labeled under {@code root} whose displayed text differs from its text. */
    private static java.util.List<String> truncated(javafx.scene.Node root) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (javafx.scene.Node n : root.lookupAll("*")) {
            if (!(n instanceof javafx.scene.control.Labeled l) || !l.isVisible() || l.getText() == null
                    || l.getText().isEmpty() || l.getScene() == null || !isShown(l)) {
                continue;
            }
            for (javafx.scene.Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof javafx.scene.text.Text t && !t.getText().equals(l.getText())
                        && !t.getText().replace("\n", " ").equals(l.getText())) {
                    out.add("'" + t.getText() + "' ≠ '" + l.getText() + "'");
                }
            }
        }
        return out;
    }

    private static boolean isShown(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs a query on the FX thread. The charts replace their nodes every frame, and a lookup from
     * the test thread once met a child list mid-change (IndexOutOfBoundsException in lookupAll).
     */
    private static <T> T onFx(java.util.concurrent.Callable<T> query) throws Exception {
        return WaitForAsyncUtils.asyncFx(query).get(10, TimeUnit.SECONDS);
    }

    /** Presses a button (looked up on the FX thread). */
    private static void fire(FxRobot robot, String id) {
        robot.interact(() -> ((javafx.scene.control.ButtonBase) robot.lookup(id).query()).fire());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void typeInto(FxRobot robot, String id, String text) {
        robot.interact(() -> {
            TextField f = robot.lookup(id).queryAs(TextField.class);
            f.requestFocus();
            f.setText(text);
            f.fireEvent(new javafx.event.ActionEvent());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
