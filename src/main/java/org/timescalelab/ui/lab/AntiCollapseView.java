package org.timescalelab.ui.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;

import javafx.beans.property.DoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import org.timescalelab.config.Numbers;
import org.timescalelab.config.Setting;
import org.timescalelab.config.Settings;
import org.timescalelab.run.Csv;
import org.timescalelab.sde.PhaseCsv;
import org.timescalelab.sde.SdeLab;
import org.timescalelab.session.DiagnosticsReport;
import org.timescalelab.style.Palette;
import org.timescalelab.theory.DecayLaw;
import org.timescalelab.theory.EnvelopeFit;
import org.timescalelab.theory.Learnability;
import org.timescalelab.theory.PhaseDiagram;
import org.timescalelab.theory.TimescaleSde;
import org.timescalelab.ui.chart.Axes;
import org.timescalelab.ui.chart.ChartPane;
import org.timescalelab.ui.chart.Charts;
import org.timescalelab.ui.chart.FxColors;
import org.timescalelab.ui.chart.Heatmap;
import org.timescalelab.ui.chart.LogScale;
import org.timescalelab.ui.chart.MarkedLineChart;
import org.timescalelab.ui.widget.Help;
import org.timescalelab.ui.widget.LiveControl;

/**
 * The "Anti-collapse" tab: the SDE's controls on the left and three views — the live population
 * (histogram of log τ, survival function with β̂, Laplace envelope, implied H_N), the phase
 * diagram with its analytic boundaries beside the training run's (α̂, β̂) trajectory, and the
 * theory explorer of docs/envelope-and-window.md, "Decay class"'s closed forms. Every chart is a {@link ChartPane} (help,
 * export, enlarge), exported through the dashboard's actions.
 *
 * <p>Length: about 700 lines, one builder per chart card (eleven cards over three views) and their
 * redraws; each card is built and drawn in one place, next to the others it shares axes and
 * controls with.
 */
public final class AntiCollapseView extends BorderPane implements ChartPane.Actions {

    private final AntiCollapseModel m;
    private final ChartPane.Actions shared;
    private final Label readout = new Label();
    private final Label error = LiveControl.errorLabel();
    private final TabPane views = new TabPane();

    private final MarkedLineChart histogram = Charts.chart("log₁₀ τ (steps)", "fraction of particles", false);
    private final XYChart.Series<Number, Number> histogramData = Charts.series("p(log₁₀ τ)");
    private final MarkedLineChart survival = Charts.chart("τ (steps, log scale)", "P(τ > x) (log scale)", true);
    private final XYChart.Series<Number, Number> survivalData = Charts.series("simulated");
    private final XYChart.Series<Number, Number> survivalFit = Charts.series("fit βˆ");
    private final XYChart.Series<Number, Number> survivalTheory = Charts.series("theory β");
    private final MarkedLineChart envelope = Charts.chart("lag ℓ (steps, log scale)", "f(ℓ) (log scale)", true);
    private final XYChart.Series<Number, Number> envelopeData = Charts.series("f(ℓ) = mean e^{−ℓ/τ}");
    private final XYChart.Series<Number, Number> envelopeFit = Charts.series("fit");
    private final MarkedLineChart window = Charts.chart("samples N (log scale)", "H_N (steps)", false);
    private final XYChart.Series<Number, Number> windowData = Charts.series("implied H_N");

    private final Heatmap phaseMap = new Heatmap("λ/κ", "b");
    private final MarkedLineChart plane = Charts.chart("noise tail index α̂", "spectrum tail βˆ", false);
    private final XYChart.Series<Number, Number> planeData = Charts.series("training run (one point per diagnostics pass)");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label phaseStatus = new Label();
    private final Label phaseError = LiveControl.errorLabel();

    private final MarkedLineChart theoryEnvelope = Charts.chart("lag ℓ (steps, log scale)", "f(ℓ) (log scale)", true);
    private final XYChart.Series<Number, Number> theoryF = Charts.series("f(ℓ)");
    private final MarkedLineChart theorySamples = Charts.chart("lag ℓ (steps, log scale)", "N(ℓ) (log scale)", true);
    private final XYChart.Series<Number, Number> theoryN = Charts.series("N(ℓ) = (ε/f)^κ_α");
    private final MarkedLineChart theoryWindow = Charts.chart("samples N (log scale)", "H_N (steps, log scale)", true);
    private final XYChart.Series<Number, Number> theoryH = Charts.series("closed form");
    private final XYChart.Series<Number, Number> theoryMeasured = Charts.series("training run, measured");

    private ChartPane enlarged;
    private Pane enlargedFrom;
    private int enlargedAt;
    private Node enlargedContent;
    private DiagnosticsReport drawnTraining;
    private int drawnCells = -1;

    /** The lab tab over {@code model}; chart exports go to {@code shared}. */
    public AntiCollapseView(AntiCollapseModel model, ChartPane.Actions shared) {
        this.m = model;
        this.shared = shared;
        getStyleClass().add("tl-anti-collapse");
        setLeft(controls());
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        views.getTabs().addAll(tab("sde-live-tab", "Live population", liveView()),
                tab("sde-phase-tab", "Phase diagram", phaseView()), tab("sde-theory-tab", "Theory", theoryView()));
        views.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (enlarged != null) {
                views.getTabs().get(a.intValue()).setContent(enlargedContent);
                enlargedFrom.getChildren().add(enlargedAt, enlarged);
                enlarged = null;
            }
            redraw(true);
        });
        setCenter(views);
        m.errorProperty().addListener((o, a, b) -> showError(error, b));
        m.theoryClassProperty().addListener((o, a, b) -> drawTheory());
        m.theoryParameterProperty().addListener((o, a, b) -> drawTheory());
        m.alphaProperty().addListener((o, a, b) -> drawTheory());
        m.colouringProperty().addListener((o, a, b) -> drawPhase());
        m.referenceNProperty().addListener((o, a, b) -> redraw(true));
        progress.progressProperty().bind(m.phaseProgressProperty());
        phaseStatus.textProperty().bind(m.phaseStatusProperty());
        phaseMap.setEmptyText("choose the grid on the right and press Compute");
        phaseMap.setOnCellClicked((row, col) -> {
            int k = row * m.phaseX().points() + col;
            if (k < m.cells().size()) {
                m.loadCell(m.cells().get(k));
            }
        });
        drawTheory();
    }

    private static Tab tab(String id, String title, Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        return t;
    }

    /** Redraws after the model drained; {@code changed}: something new arrived. */
    public void refresh(boolean changed) {
        if (changed) {
            redraw(false);
        }
    }

    private void redraw(boolean all) {
        SdeLab.View v = m.view();
        if (v != null) {
            drawLive(v);
        }
        if (all || m.cells().size() != drawnCells) {
            drawPhase();
        }
        if (all || m.training() != drawnTraining) {
            drawnTraining = m.training();
            drawPlane();
            drawTheory();
        }
    }

    // ---- controls -----------------------------------------------------------------------------

    private Node controls() {
        ChoiceBox<TimescaleSde.Drift> drift = new ChoiceBox<>();
        drift.getItems().setAll(TimescaleSde.Drift.values());
        drift.valueProperty().bindBidirectional(m.driftProperty());
        drift.setConverter(names());
        drift.setTooltip(new Tooltip("Pull towards short time scales: constant κ, saturating κ·tanh(θ(ζ*−ζ)/κ), "
                + "or Ornstein–Uhlenbeck −θ(ζ−ζ*)"));
        ChoiceBox<TimescaleSde.Jumps> jumps = new ChoiceBox<>();
        jumps.getItems().setAll(TimescaleSde.Jumps.values());
        jumps.valueProperty().bindBidirectional(m.jumpsProperty());
        jumps.setConverter(names());
        jumps.setTooltip(new Tooltip("Law of the jump sizes Y towards long τ: none, Exp(b), Pareto(α_J, y_m) "
                + "with optional cut-off, or one-sided α_J-stable"));
        Node kappa = live("Pull κ", "sde-kappa", "Constant pull towards τ = 1 (collapse), 0.05…5", 0.05, 5, m.kappaProperty());
        Node sigma = live("Diffusion σ", "sde-sigma", "Gaussian diffusion of ζ = −ln τ, 0…2", 0, 2, m.sigmaProperty());
        Node lambda = live("Jump rate λ", "sde-lambda", "Rate of the jumps towards long τ, 0…5", 0, 5, m.lambdaProperty());
        Node b = live("Exp rate b", "sde-b", "Exp(b) jump sizes, mean 1/b; 0.2…10", 0.2, 10, m.bProperty());
        Node alphaJ = live("Jump tail α_J", "sde-alphaJ", "Pareto or one-sided stable tail index (stable: below 1), 0.1…3",
                0.1, 3, m.alphaJProperty());
        Node yMin = live("Jump scale y_m", "sde-yMin", "Pareto minimum or stable scale, 0.05…5", 0.05, 5, m.yMinProperty());
        Node cutoff = live("Cut-off c", "sde-cutoff", "Exponential cut-off e^{−c·y} of the Pareto jumps (0: none), 0…5",
                0, 5, m.cutoffProperty());
        Node theta = live("Stiffness θ", "sde-theta", "Stiffness of the saturating and OU drifts, 0.05…5", 0.05, 5,
                m.thetaProperty());
        Node zetaStar = live("Target ζ*", "sde-zetaStar", "Target of the saturating and OU drifts (τ* = e^{−ζ*}), −10…0",
                -10, 0, m.zetaStarProperty());
        Runnable visibility = () -> {
            TimescaleSde.Jumps j = m.jumpsProperty().get();
            show(b, j == TimescaleSde.Jumps.EXPONENTIAL);
            show(alphaJ, j == TimescaleSde.Jumps.PARETO || j == TimescaleSde.Jumps.STABLE);
            show(yMin, j == TimescaleSde.Jumps.PARETO || j == TimescaleSde.Jumps.STABLE);
            show(cutoff, j == TimescaleSde.Jumps.PARETO);
            show(lambda, j != TimescaleSde.Jumps.NONE);
            boolean target = m.driftProperty().get() != TimescaleSde.Drift.CONSTANT;
            show(theta, target);
            show(zetaStar, target);
        };
        m.jumpsProperty().addListener((o, a, c) -> visibility.run());
        m.driftProperty().addListener((o, a, c) -> visibility.run());
        visibility.run();
        Setting.Slider tail = Settings.ALPHA.slider();
        Node alpha = LiveControl.create("Gradient-noise α", "sde-alpha", "Tail index of the gradient noise that sets "
                + "κ_α = α/(α−1) in the window · allowed " + Settings.ALPHA.range(), tail.min(), tail.max(), false, false,
                m.alphaProperty(), v -> m.alphaProperty().set(v), LiveControl.allowed(Settings.ALPHA), true);
        Node n = LiveControl.create("Samples N", "sde-n", "Sample size marked on the window charts (log scale, 10…10¹⁰)",
                1, 10, true, false, m.referenceNProperty(), v -> m.referenceNProperty().set(v),
                LiveControl.range(1, 10, true), true);
        ToggleButton run = new ToggleButton("Running");
        run.setId("sde-run");
        run.selectedProperty().bindBidirectional(m.runningProperty());
        run.textProperty().bind(javafx.beans.binding.Bindings.when(run.selectedProperty()).then("Pause").otherwise("Run"));
        run.setTooltip(new Tooltip("Pause or continue the live simulation (it also pauses while the tab is hidden "
                + "or a phase diagram is computed)"));
        Button reset = new Button("Reset population");
        reset.setTooltip(new Tooltip("Every particle back to τ = 1, time 0"));
        reset.setOnAction(e -> m.resetPopulation());
        HBox buttons = new HBox(6, run, reset);
        VBox dynamics = new VBox(4, LiveControl.labelled("Drift", drift), kappa, theta, zetaStar, sigma, LiveControl.labelled("Jumps", jumps),
                lambda, b, alphaJ, yMin, cutoff, error);
        VBox windowBox = new VBox(4, alpha, n);
        readout.setId("sde-readout");
        readout.setWrapText(true);
        readout.getStyleClass().add("tl-note");
        TitledPane dyn = new TitledPane("Dynamics of ζ = −ln τ", dynamics);
        TitledPane win = new TitledPane("Learnability window", windowBox);
        dyn.setCollapsible(false);
        win.setCollapsible(false);
        VBox box = new VBox(6, buttons, dyn, win, readout);
        box.setPadding(new Insets(6));
        return LiveControl.column(box, 300);
    }

    private static Node live(String label, String id, String tip, double min, double max, DoubleProperty p) {
        DoubleConsumer apply = p::set;
        return LiveControl.create(label, id, tip, min, max, false, false, p, apply, LiveControl.range(min, max, false), true);
    }

    private static void show(Node n, boolean on) {
        n.setVisible(on);
        n.setManaged(on);
    }

    private static void showError(Label label, String text) {
        label.setText(text);
        show(label, text != null && !text.isEmpty());
    }

    private static <E extends Enum<E>> StringConverter<E> names() {
        return label(e -> e.name().charAt(0) + e.name().substring(1).toLowerCase(Locale.ROOT).replace('_', '–'));
    }

    /** A display-only converter for choice boxes. */
    private static <T> StringConverter<T> label(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException("choice boxes do not parse");
            }
        };
    }

    // ---- live population -----------------------------------------------------------------------

    private Node liveView() {
        histogram.getData().add(histogramData);
        histogram.setLegendVisible(false);
        survival.getData().addAll(List.of(survivalData, survivalFit, survivalTheory));
        envelope.getData().addAll(List.of(envelopeData, envelopeFit));
        window.getData().add(windowData);
        window.setLegendVisible(false);
        for (MarkedLineChart c : List.of(survival, envelope)) {
            ((NumberAxis) c.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        }
        ((NumberAxis) window.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        return grid(2,
                new ChartPane("sde-histogram", "Spectrum p(log τ)", "the live population's time scales; first bin: the wall τ = 1",
                        Help.SDE_HISTOGRAM, histogram, () -> csv(histogram, "log10_tau", "fraction"), this),
                new ChartPane("sde-survival", "Survival function", "P(τ > x) on log-log axes with the fitted and the predicted tail",
                        Help.SDE_SURVIVAL, survival, () -> csv(survival, "log10_tau", "log10_survival"), this),
                new ChartPane("sde-envelope", "Envelope via Laplace", "f(ℓ) = mean e^{−ℓ/τ} and its decay-class fit",
                        Help.SDE_ENVELOPE, envelope, () -> csv(envelope, "log10_lag", "log10_f"), this),
                new ChartPane("sde-window", "Implied window H_N", "longest lag learnable from N samples at the gradient-noise α",
                        Help.SDE_WINDOW, window, () -> csv(window, "log10_N", "H_N"), this));
    }

    private void drawLive(SdeLab.View v) {
        List<XYChart.Data<Number, Number>> h = new ArrayList<>();
        double[] histogramValues = v.histogram();
        for (int i = 0; i < histogramValues.length; i++) {
            h.add(new XYChart.Data<>(i * v.binWidth(), histogramValues[i]));
            h.add(new XYChart.Data<>((i + 1) * v.binWidth(), histogramValues[i]));
        }
        histogramData.getData().setAll(h);
        Axes.linear((NumberAxis) histogram.getXAxis(), 0, Math.max(1, histogramValues.length * v.binWidth()));
        Axes.linear((NumberAxis) histogram.getYAxis(), 0, Math.max(0.05, Arrays.stream(histogramValues).max().orElse(0) * 1.1));

        List<XYChart.Data<Number, Number>> s = new ArrayList<>();
        double[] tau = v.survivalTau();
        double[] above = v.survival();
        for (int i = 0; i < tau.length; i++) {
            if (above[i] > 0) {
                s.add(new XYChart.Data<>(Math.log10(tau[i]), Math.log10(above[i])));
            }
        }
        survivalData.getData().setAll(s);
        double xMax = s.isEmpty() ? 1 : Math.max(1, s.get(s.size() - 1).getXValue().doubleValue());
        double yMin = Math.log10(1.0 / AntiCollapseModel.LIVE_PARTICLES);
        survivalFit.getData().setAll(powerLine(v.fit().ok() ? v.fit().beta() : Double.NaN, v.fit().amplitude(), xMax, yMin));
        survivalFit.setName(v.fit().ok() ? String.format("fitted: β = %.3g", v.fit().beta()) : "fit: too few points");
        double beta = v.predictedBeta();
        survivalTheory.getData().setAll(powerLine(beta, v.load() > 0 && v.params().sigma() == 0 ? v.load() : 1, xMax, yMin));
        survivalTheory.setName(Double.isFinite(beta) ? String.format("theory: β = %.3g", beta) : "theory: no closed form");
        Axes.log((NumberAxis) survival.getXAxis(), 0, xMax);
        Axes.log((NumberAxis) survival.getYAxis(), yMin, 0);

        envelopeData.getData().setAll(logLog(v.lags(), v.envelope()));
        EnvelopeFit.Model best = v.best();
        List<XYChart.Data<Number, Number>> fit = new ArrayList<>();
        if (best != null) {
            for (double l : v.lags()) {
                if (l >= 2) {
                    fit.add(new XYChart.Data<>(Math.log10(l), best.logAt(l) / Math.log(10)));
                }
            }
            envelopeFit.setName("fit: " + best.decayClass().label() + ", " + best.describe());
        } else {
            envelopeFit.setName("fit: too few points");
        }
        envelopeFit.getData().setAll(fit);
        double[] ey = Axes.range(List.of(envelopeData), false);
        Axes.log((NumberAxis) envelope.getXAxis(), 0, Math.log10(v.lags()[v.lags().length - 1]));
        Axes.log((NumberAxis) envelope.getYAxis(), Math.max(ey[0], -12), 0);
        double n = m.referenceNProperty().get();
        double hn = v.windowAt(n);
        envelope.setMarkers(hn > 0 ? List.of(new MarkedLineChart.Marker(true, Math.log10(hn),
                String.format("H_N = %.0f at N = %s", hn, LogScale.format(n)), "tl-threshold")) : List.of());

        List<XYChart.Data<Number, Number>> w = new ArrayList<>();
        double[] samples = v.samples();
        double[] windows = v.windows();
        for (int i = 0; i < samples.length; i++) {
            w.add(new XYChart.Data<>(Math.log10(samples[i]), windows[i]));
        }
        windowData.getData().setAll(w);
        Axes.log((NumberAxis) window.getXAxis(), Math.log10(v.samples()[0]), Math.log10(v.samples()[v.samples().length - 1]));
        Axes.linear((NumberAxis) window.getYAxis(), 0, Math.max(1, Arrays.stream(v.windows()).max().orElse(1) * 1.05));
        window.setMarkers(List.of(new MarkedLineChart.Marker(true, Math.log10(n), "N = " + LogScale.format(n), "tl-threshold")));

        readout.setText(String.format(Locale.ROOT, "t = %.1f   ·   ρ = %.3g   ·   wall mass %.3f%n"
                        + "tail β: theory %s   ·   fitted %s%nenvelope: %s%nH_N(%s) = %.0f   ·   %s%s",
                v.time(), v.load(), v.wallMass(), Double.isFinite(beta) ? String.format("%.3g", beta) : "–",
                v.fit().ok() ? String.format("%.3g", v.fit().beta()) : "–",
                best == null ? "–" : best.decayClass().label() + " (" + best.describe() + ")", LogScale.format(n), hn,
                v.windowLaw(), v.message().isEmpty() ? "" : "\n" + v.message()));
    }

    /** log₁₀ of L x^{−β} from x = 1 to 10^xMax, clipped below at 10^yMin; empty when β is not finite. */
    private static List<XYChart.Data<Number, Number>> powerLine(double beta, double amplitude, double xMax, double yMin) {
        List<XYChart.Data<Number, Number>> pts = new ArrayList<>();
        if (!Double.isFinite(beta) || !(amplitude > 0)) {
            return pts;
        }
        double y0 = Math.log10(amplitude);
        double xEnd = Math.min(xMax, (y0 - yMin) / beta);
        pts.add(new XYChart.Data<>(0, y0));
        pts.add(new XYChart.Data<>(xEnd, y0 - beta * xEnd));
        return pts;
    }

    private static List<XYChart.Data<Number, Number>> logLog(double[] x, double[] y) {
        List<XYChart.Data<Number, Number>> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (y[i] > 0) {
                pts.add(new XYChart.Data<>(Math.log10(x[i]), Math.log10(y[i])));
            }
        }
        return pts;
    }

    // ---- phase diagram -------------------------------------------------------------------------

    private Node phaseView() {
        ChoiceBox<PhaseDiagram.Axis> xAxis = axisChoice(m.xAxisProperty());
        ChoiceBox<PhaseDiagram.Axis> yAxis = axisChoice(m.yAxisProperty());
        ChoiceBox<AntiCollapseModel.Colouring> colour = new ChoiceBox<>();
        colour.getItems().setAll(AntiCollapseModel.Colouring.values());
        colour.valueProperty().bindBidirectional(m.colouringProperty());
        colour.setConverter(label(c -> c == AntiCollapseModel.Colouring.BETA ? "tail βˆ"
                : c == AntiCollapseModel.Colouring.CLASS ? "envelope class" : "H_N at N"));
        Button compute = new Button("Compute");
        compute.setId("phase-compute");
        compute.disableProperty().bind(m.phaseRunningProperty());
        compute.setOnAction(e -> showError(phaseError, m.computePhase()));
        Button cancel = new Button("Cancel");
        cancel.setId("phase-cancel");
        cancel.disableProperty().bind(m.phaseRunningProperty().not());
        cancel.setOnAction(e -> m.cancelPhase());
        progress.setId("phase-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        phaseStatus.setId("phase-status");
        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(4);
        form.addRow(0, new Label("x"), xAxis, number("phase-x-from", m.xFromProperty(), "first x value"),
                number("phase-x-to", m.xToProperty(), "last x value"));
        form.addRow(1, new Label("y"), yAxis, number("phase-y-from", m.yFromProperty(), "first y value"),
                number("phase-y-to", m.yToProperty(), "last y value"));
        form.addRow(2, new Label("cells"), integer("phase-points", m.gridPointsProperty(), 2, 48, "points per axis, 2…48"),
                new Label("particles"), integer("phase-particles", m.phaseParticlesProperty(), 500, 50_000,
                        "particles per cell, 500…50 000"));
        form.addRow(3, new Label("colour"), colour, compute, cancel);
        VBox side = new VBox(6, form, progress, phaseStatus, phaseError);
        side.setPadding(new Insets(6));
        plane.getData().add(planeData);
        plane.setCreateSymbols(true);
        NumberAxis alphaAxis = (NumberAxis) plane.getXAxis();
        alphaAxis.setAutoRanging(false);
        alphaAxis.setLowerBound(1.0);
        alphaAxis.setUpperBound(2.05);
        alphaAxis.setTickUnit(0.1);
        plane.setMarkers(List.of(new MarkedLineChart.Marker(true, 2.0, "α = 2 (Gaussian)", "tl-reference"),
                new MarkedLineChart.Marker(false, 1.0, "β = 1 (critical)", "tl-reference")));
        ChartPane map = new ChartPane("sde-phase", "Phase diagram", "each cell simulated to stationarity; click a cell to load it into the live population",
                Help.SDE_PHASE, phaseMap, this::phaseCsv, this);
        ChartPane planePane = new ChartPane("sde-plane", "Trained network (α̂, βˆ)",
                "the training tab's trajectory, for comparison", Help.SDE_PLANE, plane, () -> csv(plane, "alpha_hat", "beta_hat"), this);
        VBox right = new VBox(6, side, planePane);
        VBox.setVgrow(planePane, Priority.ALWAYS);
        GridPane g = grid(2, map);
        g.add(right, 1, 0);
        GridPane.setVgrow(right, Priority.ALWAYS);
        return g;
    }

    private static ChoiceBox<PhaseDiagram.Axis> axisChoice(javafx.beans.property.ObjectProperty<PhaseDiagram.Axis> p) {
        ChoiceBox<PhaseDiagram.Axis> c = new ChoiceBox<>();
        c.getItems().setAll(PhaseDiagram.Axis.values());
        c.valueProperty().bindBidirectional(p);
        c.setConverter(label(PhaseDiagram.Axis::symbol));
        return c;
    }


    private static Node number(String id, DoubleProperty p, String tip) {
        javafx.scene.control.TextField f = new javafx.scene.control.TextField(LogScale.format(p.get()));
        f.setId(id);
        f.setPrefColumnCount(5);
        f.setTooltip(new Tooltip(tip + " (a number; Enter applies)"));
        f.setOnAction(e -> {
            try {
                p.set(Numbers.parseDouble(f.getText().trim()));
                f.getStyleClass().remove("tl-invalid");
            } catch (NumberFormatException ex) {
                f.getStyleClass().add("tl-invalid");
            }
        });
        f.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                f.getStyleClass().remove("tl-invalid");
                f.setText(LogScale.format(p.get()));
            }
        });
        return f;
    }

    private static Node integer(String id, javafx.beans.property.IntegerProperty p, int min, int max, String tip) {
        javafx.scene.control.Spinner<Integer> s = new javafx.scene.control.Spinner<>(min, max, p.get());
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(90);
        s.setTooltip(new Tooltip(tip));
        s.valueProperty().addListener((o, a, b) -> p.set(b));
        return s;
    }

    private void drawPhase() {
        List<PhaseDiagram.Cell> cells = m.cells();
        drawnCells = cells.size();
        PhaseDiagram.Range x = m.phaseX();
        PhaseDiagram.Range y = m.phaseY();
        if (x == null) {
            return;
        }
        AntiCollapseModel.PhaseMap map = m.phaseMap();
        phaseMap.setTitles(x.parameter().symbol(), y.parameter().symbol());
        phaseMap.setShownCells(cells.size());
        phaseMap.setData(map.values(), y.points(), x.points(), map.low(), map.high(), map.scale(),
                new String[] {LogScale.format(x.from()), LogScale.format(x.to())},
                new String[] {LogScale.format(y.from()), LogScale.format(y.to())});
        List<Heatmap.Line> lines = new ArrayList<>();
        for (PhaseDiagram.Boundary bd : m.boundaries()) {
            lines.add(new Heatmap.Line(bd.label(), col(bd.x0(), x), col(bd.y0(), y), col(bd.x1(), x), col(bd.y1(), y),
                    bd.label().startsWith("ρ") ? FxColors.of(Palette.ALERT) : FxColors.of(Palette.TITLE)));
        }
        phaseMap.setOverlay(lines);
    }

    /** A value's position in cell units (cell i's centre at i + 0.5). */
    private static double col(double v, PhaseDiagram.Range r) {
        return (v - r.from()) / (r.to() - r.from()) * (r.points() - 1) + 0.5;
    }

    private void drawPlane() {
        Charts.drawTrajectory(m.trajectory(), planeData, (NumberAxis) plane.getYAxis());
    }

    private String phaseCsv() {
        return PhaseCsv.of(m.cells());
    }

    // ---- theory --------------------------------------------------------------------------------

    private Node theoryView() {
        ChoiceBox<EnvelopeFit.DecayClass> kind = new ChoiceBox<>();
        kind.setId("theory-class");
        kind.getItems().setAll(EnvelopeFit.DecayClass.EXPONENTIAL, EnvelopeFit.DecayClass.POWER,
                EnvelopeFit.DecayClass.LOGARITHMIC);
        kind.valueProperty().bindBidirectional(m.theoryClassProperty());
        kind.setConverter(label(EnvelopeFit.DecayClass::label));
        Node parameter = LiveControl.create("Parameter τ, β or γ", "theory-parameter",
                "τ of the exponential law (1…1000), β of the power law or γ of the logarithmic law (log slider 0.01…1000)",
                -2, 3, true, false, m.theoryParameterProperty(), v -> m.theoryParameterProperty().set(v),
                LiveControl.range(-2, 3, true), true);
        Label note = new Label("α is the tab's gradient-noise α (left); ε = 20.");
        HBox top = new HBox(12, LiveControl.labelled("Decay class", kind), parameter, note);
        HBox.setHgrow(parameter, Priority.ALWAYS);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6));
        theoryEnvelope.getData().add(theoryF);
        theorySamples.getData().add(theoryN);
        theoryWindow.getData().addAll(List.of(theoryH, theoryMeasured));
        theoryEnvelope.setLegendVisible(false);
        theorySamples.setLegendVisible(false);
        for (MarkedLineChart c : List.of(theoryEnvelope, theorySamples, theoryWindow)) {
            ((NumberAxis) c.getXAxis()).setTickLabelFormatter(LogScale.ticks());
        }
        GridPane g = grid(3,
                new ChartPane("theory-envelope", "Envelope f(ℓ)", "the chosen decay law", Help.THEORY_ENVELOPE,
                        theoryEnvelope, () -> csv(theoryEnvelope, "log10_lag", "log10_f"), this),
                new ChartPane("theory-samples", "Minimal samples N(ℓ)", "samples needed to detect lag ℓ",
                        Help.THEORY_SAMPLES, theorySamples, () -> csv(theorySamples, "log10_lag", "log10_N"), this),
                new ChartPane("theory-window", "Learnability window H_N", "closed form, with the training run's measured H_N",
                        Help.THEORY_WINDOW, theoryWindow, () -> csv(theoryWindow, "log10_N", "log10_H_N"), this));
        BorderPane pane = new BorderPane(g);
        pane.setTop(top);
        return pane;
    }

    private void drawTheory() {
        DecayLaw law = m.theoryLaw();
        double alpha = m.alphaProperty().get();
        if (law == null) {
            return;
        }
        double eps = Learnability.DEFAULT_THRESHOLD;
        List<XYChart.Data<Number, Number>> f = new ArrayList<>();
        List<XYChart.Data<Number, Number>> ns = new ArrayList<>();
        for (int i = 0; i <= 120; i++) {
            double l = Math.pow(10, 4.0 * i / 120);
            double fl = law.envelope(l);
            double nl = law.minimalSamples(l, alpha, eps);
            if (fl > 1e-300) {
                f.add(new XYChart.Data<>(Math.log10(l), Math.log10(fl)));
            }
            if (Double.isFinite(nl) && nl < 1e300) {
                ns.add(new XYChart.Data<>(Math.log10(l), Math.log10(nl)));
            }
        }
        theoryF.getData().setAll(f);
        theoryN.getData().setAll(ns);
        List<XYChart.Data<Number, Number>> h = new ArrayList<>();
        for (int i = 0; i <= 120; i++) {
            double n = Math.pow(10, 1 + 11.0 * i / 120);
            double w = law.window(n, alpha, eps);
            if (w >= 1 && w < 1e12) {
                h.add(new XYChart.Data<>(Math.log10(n), Math.log10(w)));
            }
        }
        theoryH.getData().setAll(h);
        theoryH.setName(String.format("closed form (%s, κ_α = %.3g)", law.decayClass().label(), Learnability.kappa(alpha)));
        List<XYChart.Data<Number, Number>> measured = new ArrayList<>();
        DiagnosticsReport d = m.training();
        if (d != null) {
            for (int i = 0; i < d.sampleSizes().length; i++) {
                if (d.windows()[i] >= 1) {
                    measured.add(new XYChart.Data<>(Math.log10(d.sampleSizes()[i]), Math.log10(d.windows()[i])));
                }
            }
        }
        theoryMeasured.getData().setAll(measured);
        theoryMeasured.setName(d == null ? "training run: no diagnostics yet" : "training run, measured");
        Axes.log((NumberAxis) theoryEnvelope.getXAxis(), 0, 4);
        Axes.log((NumberAxis) theorySamples.getXAxis(), 0, 4);
        Axes.log((NumberAxis) theoryWindow.getXAxis(), 1, 12);
        double[] fy = Axes.range(List.of(theoryF), false);
        Axes.log((NumberAxis) theoryEnvelope.getYAxis(), Math.max(fy[0], -30), 0);
        double[] ny = Axes.range(List.of(theoryN), false);
        Axes.log((NumberAxis) theorySamples.getYAxis(), ny[0], Math.min(ny[1], 60));
        double[] hy = Axes.range(List.of(theoryH, theoryMeasured), false);
        Axes.log((NumberAxis) theoryWindow.getYAxis(), 0, Math.max(1, Math.min(hy[1], 12)));
        theoryWindow.setMarkers(List.of(new MarkedLineChart.Marker(true, Math.log10(m.referenceNProperty().get()),
                "N = " + LogScale.format(m.referenceNProperty().get()), "tl-threshold")));
    }

    // ---- layout, export ------------------------------------------------------------------------

    private static GridPane grid(int columns, ChartPane... panes) {
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(6);
        g.setPadding(new Insets(6));
        for (int c = 0; c < columns; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            g.getColumnConstraints().add(cc);
        }
        for (int i = 0; i < panes.length; i++) {
            ChartPane p = panes[i];
            g.add(p, i % columns, i / columns);
            GridPane.setHgrow(p, Priority.ALWAYS);
            GridPane.setVgrow(p, Priority.ALWAYS);
            p.setMinSize(0, 0);
            p.setPrefSize(320, 400);
        }
        return g;
    }

    /** The plotted points of every series of a chart (in the axes' units), as CSV. */
    private static String csv(XYChart<Number, Number> chart, String x, String y) {
        Csv.Table t = Csv.table("series", x, y);
        for (XYChart.Series<Number, Number> s : chart.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                t.row(s.getName(), d.getXValue(), d.getYValue());
            }
        }
        return t.toString();
    }

    @Override
    public void toggleEnlarged(ChartPane pane) {
        Tab tab = views.getSelectionModel().getSelectedItem();
        if (enlarged == null) {
            enlargedFrom = (Pane) pane.getParent();
            enlargedAt = enlargedFrom.getChildren().indexOf(pane);
            enlargedContent = tab.getContent();
            enlargedFrom.getChildren().remove(pane);
            StackPane full = new StackPane(pane);
            full.setPadding(new Insets(6));
            tab.setContent(full);
            enlarged = pane;
        } else {
            ((StackPane) tab.getContent()).getChildren().clear();
            enlargedFrom.getChildren().add(enlargedAt, enlarged);
            tab.setContent(enlargedContent);
            enlarged = null;
        }
        redraw(true);
    }

    @Override
    public void exportPng(ChartPane pane) {
        shared.exportPng(pane);
    }

    @Override
    public void exportCsv(ChartPane pane) {
        shared.exportCsv(pane);
    }

    @Override
    public void showHelp(ChartPane pane) {
        shared.showHelp(pane);
    }

    /** Font size of the phase map (classroom mode). */
    public void setFontSize(double size) {
        phaseMap.setFontSize(size);
    }

    /** The lab's model. */
    public AntiCollapseModel model() {
        return m;
    }

    TabPane views() {
        return views;
    }
}
