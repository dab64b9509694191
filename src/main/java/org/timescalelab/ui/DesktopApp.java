package org.timescalelab.ui;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.run.UserData;
import org.timescalelab.session.TrainingSession;
import org.timescalelab.style.Palette;
import org.timescalelab.ui.fx.TaskRunner;
import org.timescalelab.ui.training.TrainingViewModel;

/**
 * The desktop application: one window with the training dashboard and the anti-collapse lab.
 *
 * <p>Start-up order matters: the window is shown first and the session (whose engine thread
 * loads ND4J's native libraries) is launched only after two frames are on screen. Loading ND4J
 * while the toolkit is still opening its own native libraries can deadlock inside glibc's loader;
 * it also makes the window appear sooner (the status bar says the backend is loading).
 */
public final class DesktopApp extends Application {

    private static volatile DesktopOptions options =
            new DesktopOptions(ConfigLoader.preset("demo").config(), "demo", false, false, false, null, null);

    private final UserData userData = UserData.forPlatform();
    private DashboardView view;
    private AnimationTimer frames;
    private Stage stage;

    /** Starts the toolkit and the app (blocks until the window closes). */
    public static void launch(DesktopOptions o) {
        options = o;
        Application.launch(DesktopApp.class);
    }

    /** The view model over threaded sessions of the options' config, with diagnostics on. */
    static TrainingViewModel model(DesktopOptions o) {
        SessionConfig c = TrainingViewModel.forDesktop(o.config());
        TrainingViewModel m = new TrainingViewModel(config -> {
            TrainingSession s = TrainingSession.create(config);
            s.launch();
            return s;
        }, checkpoint -> {
            TrainingSession s = TrainingSession.resume(checkpoint);
            s.launch();
            return s;
        }, c);
        if (o.preset() != null) {
            m.showPreset(o.preset());
        }
        return m;
    }

    @Override
    public void start(Stage primary) {
        stage = primary;
        UserData.Preferences p = userData.load();
        // The remembered size, but never larger than the screen (a 1280×720 projector), and the
        // remembered place only while it is still on a screen.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double w = Math.min(p.width(), screen.getWidth());
        double h = Math.min(p.height(), screen.getHeight());
        stage.setWidth(w);
        stage.setHeight(h);
        if (p.x() != null && p.y() != null && !javafx.stage.Screen.getScreensForRectangle(p.x(), p.y(), w, h).isEmpty()) {
            stage.setX(p.x());
            stage.setY(p.y());
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(p.maximized());
        view = show(stage, options);
        view.setRunsFolder(userData.runsDir());
        frames = startFrames(view, options);
    }

    /** Builds the dashboard of {@code o} in {@code stage} and shows it (the app and the UI tests). */
    static DashboardView show(Stage stage, DesktopOptions o) {
        TrainingViewModel vm = model(o);
        DashboardView view = new DashboardView(vm, TaskRunner.background("timescale-ui-tasks"));
        Scene scene = new Scene(view, Double.isNaN(stage.getWidth()) ? 1600 : stage.getWidth(),
                Double.isNaN(stage.getHeight()) ? 900 : stage.getHeight());
        scene.getStylesheets().addAll(paletteStylesheet(), DesktopApp.class.getResource("dashboard.css").toExternalForm());
        stage.setTitle("Timescale Lab");
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            java.net.URL icon = DesktopApp.class.getResource("icon/timescale-lab-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
            }
        }
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        stage.setScene(scene);
        vm.classroomProperty().set(o.classroom());
        if (o.lab()) {
            view.tabs().getSelectionModel().select(1);
        }
        if (o.sweep() != null) {
            view.tabs().getSelectionModel().select(2);
            view.sweeps().open(o.sweep());
        }
        if (!o.compare().isEmpty()) {
            view.tabs().getSelectionModel().select(3);
            for (java.nio.file.Path p : o.compare()) {
                if (java.nio.file.Files.exists(p.resolve(org.timescalelab.sweep.SweepDirectory.MARKER))) {
                    view.compare().model().addSweep(p, view.compare()::showProblem);
                } else {
                    view.compare().model().addRun(p, view.compare()::showProblem);
                }
            }
        }
        stage.show();
        return view;
    }

    /** Starts the frame loop of a shown dashboard (the app and the UI tests). */
    static AnimationTimer startFrames(DashboardView view, DesktopOptions o) {
        AnimationTimer t = new FrameLoop(view.model(), view, o);
        t.start();
        return t;
    }

    @Override
    public void stop() {
        if (frames != null) {
            frames.stop();
        }
        if (view != null) {
            view.shutdown();
            rememberPreferences();
        }
    }

    /** The preset, classroom mode and window geometry for the next start (best effort). */
    private void rememberPreferences() {
        TrainingViewModel vm = view.model();
        boolean max = stage.isMaximized();
        try {
            userData.save(new UserData.Preferences(vm.presetProperty().get(), vm.classroomProperty().get(),
                    max ? null : stage.getX(), max ? null : stage.getY(), stage.getWidth(), stage.getHeight(), max));
        } catch (java.io.IOException e) {
            System.getLogger(DesktopApp.class.getName()).log(System.Logger.Level.WARNING,
                    "could not save preferences to " + userData.configDir() + ": " + e.getMessage());
        }
    }

    /** Once per pulse: drain the model, redraw what changed; launches the session on frame 2. */
    private static final class FrameLoop extends AnimationTimer {
        private final TrainingViewModel vm;
        private final DashboardView view;
        private final DesktopOptions options;
        private long frame;
        private long windowStart;
        private int windowFrames;

        FrameLoop(TrainingViewModel vm, DashboardView view, DesktopOptions options) {
            this.vm = vm;
            this.view = view;
            this.options = options;
        }

        @Override
        public void handle(long now) {
            frame++;
            if (frame == 2) {
                vm.startSession(options.start());
            }
            windowFrames++;
            if (now - windowStart > 1_000_000_000L) {
                view.setFrameRate(String.format("%.0f fps", windowFrames * 1e9 / (now - windowStart)));
                windowStart = now;
                windowFrames = 0;
            }
            view.refresh(vm.drain());
        }
    }

    /** {@link Palette#css()} as a data URI: the looked-up colours dashboard.css refers to. */
    static String paletteStylesheet() {
        return "data:text/css;base64," + java.util.Base64.getEncoder()
                .encodeToString(Palette.css().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
