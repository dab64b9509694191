package org.timescalelab.ui.training;

import java.util.Arrays;
import java.util.List;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

import org.timescalelab.ui.chart.ChartPane;

/**
 * The Training tab: the controls on the left and the eight charts in a grid, any of them
 * enlarged to fill it; in classroom mode on a narrow window, two pages of four. FX thread only.
 */
public final class TrainingView extends BorderPane {

    private static final int COLUMNS = 4;
    /**
     * Below this width of the chart area, classroom mode shows the eight charts as two pages of four
     * (2 × 2): at 1280×720 four columns leave 240 px a chart, too narrow for 18 px titles, legends and
     * axis labels, so the secondary charts give way before the primary ones are clipped.
     */
    public static final double PAGED_BELOW = 1500;
    /** The two pages: the lesson's story (loss, spectrum, envelope, window), then the mechanics. */
    private static final int[][] PAGES = {{0, 2, 4, 6}, {1, 3, 5, 7}};

    private final TrainingViewModel vm;
    private final TrainingCharts charts;
    private final ControlsView controls;
    private final GridPane grid = new GridPane();
    private final StackPane center = new StackPane();
    /** The charts under their page bar; its width decides the paged layout. */
    private final BorderPane chartArea = new BorderPane();
    private final HBox pageBar = new HBox(6);
    private final ToggleGroup pageGroup = new ToggleGroup();
    private ChartPane enlarged;
    private boolean paged;
    private int page;

    /** The tab over {@code vm}; the charts' export and help actions go to {@code actions}. */
    public TrainingView(TrainingViewModel vm, ChartPane.Actions actions) {
        this.vm = vm;
        charts = new TrainingCharts(vm, actions);
        controls = new ControlsView(vm);
        layoutGrid();
        center.getChildren().add(grid);
        chartArea.setCenter(center);
        chartArea.setTop(createPageBar());
        chartArea.widthProperty().addListener((o, a, w) -> updatePaging(w.doubleValue()));
        setCenter(chartArea);
        setLeft(controls);
    }

    /** The charts. */
    public TrainingCharts charts() {
        return charts;
    }

    /** Whether {@code pane} is one of this tab's charts. */
    public boolean holds(ChartPane pane) {
        return charts.panes().contains(pane);
    }

    /** Enlarges a chart to fill the grid, or puts the enlarged one back. */
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

    /** Puts an enlarged chart back into the grid (nothing when none is enlarged). */
    public void restoreAll() {
        if (enlarged != null) {
            toggleEnlarged(enlarged);
        }
    }

    /** Classroom mode: fewer controls, larger type, two pages on a narrow window. */
    public void setClassroom(boolean on) {
        controls.setAdvancedVisible(!on);
        updatePaging(chartArea.getWidth());
        charts.setFontSize(on ? 16 : 11);
        charts.redraw(true);
    }

    /** Shows page 0 or 1 of the paged (classroom, narrow) layout. */
    public void showPage(int which) {
        page = which;
        pageGroup.selectToggle(pageGroup.getToggles().get(which));
        if (enlarged == null) {
            layoutGrid();
            charts.redraw(true);
        }
    }

    /** Turns to the other page; false when the charts are not paged. */
    public boolean turnPage() {
        if (paged) {
            showPage(1 - page);
        }
        return paged;
    }

    /** Whether the charts are shown as two pages of four. */
    public boolean isPaged() {
        return paged;
    }

    private HBox createPageBar() {
        String[] names = {"Loss · spectrum · envelope · window", "Gates · history · rates · phase"};
        for (int i = 0; i < names.length; i++) {
            int which = i;
            ToggleButton b = new ToggleButton(names[i]);
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

    private void layoutGrid() {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(6));
        List<ChartPane> all = charts.panes();
        List<ChartPane> panes = paged ? Arrays.stream(PAGES[page]).mapToObj(all::get).toList() : all;
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
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            grid.getColumnConstraints().add(cc);
        }
    }
}
