package org.timescalelab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.timescalelab.config.ConfigException;
import org.timescalelab.config.SessionConfig;

class SweepSpecTest {

    static SweepSpec parse(String axes, String more) {
        return SweepSpec.parse("{\"axes\": [" + axes + "]" + more + "}");
    }

    @Test
    void logRangeIsGeometricAndEndsExactlyAtTo() {
        SweepSpec s = parse("{\"field\": \"training.learningRate\", \"range\": {\"from\": 1e-4, \"to\": 1e-2, \"points\": 3, \"scale\": \"log\"}}", "");
        double[] v = s.axes().get(0).numbers();
        assertThat(v[0]).isEqualTo(1e-4);
        assertThat(v[1]).isCloseTo(1e-3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(v[2]).isEqualTo(1e-2);
    }

    @Test
    void integerFieldsRoundRangePointsAndRefuseCollisions() {
        SweepSpec s = parse("{\"field\": \"model.width\", \"range\": {\"from\": 16, \"to\": 64, \"points\": 4}}", "");
        assertThat(s.axes().get(0).values()).containsExactly("16", "32", "48", "64");
        assertThatThrownBy(() -> parse("{\"field\": \"model.width\", \"range\": {\"from\": 4, \"to\": 5, \"points\": 3}}", ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.width").hasMessageContaining("rounding");
    }

    @Test
    void productOrderHasTheLastAxisFastestAndSeedsTogether() {
        SweepSpec s = parse("{\"field\": \"noise.alpha\", \"values\": [1.5, 2]}, {\"field\": \"model.width\", \"values\": [8, 16, 32]}",
                ", \"seeds\": 2");
        assertThat(s.cells()).isEqualTo(6);
        List<SweepSpec.Run> runs = s.runs();
        assertThat(runs).hasSize(12);
        assertThat(runs.get(0).values()).containsExactly("1.5", "8");
        assertThat(runs.get(1)).isEqualTo(new SweepSpec.Run(0, 1, List.of("1.5", "8")));
        assertThat(runs.get(2).values()).containsExactly("1.5", "16");
        assertThat(runs.get(11).values()).containsExactly("2", "32");
    }

    @Test
    void aRunsConfigHasItsValuesAndItsSeedsShiftedByTheReplicate() {
        SweepSpec s = parse("{\"field\": \"noise.alpha\", \"values\": [1.5]}, {\"field\": \"model.architecture\", \"values\": [\"GRU\"]}",
                ", \"seeds\": [0, 7]");
        SessionConfig base = s.base();
        SessionConfig c = s.config(s.runs().get(1));
        assertThat(c.noise().alpha()).isEqualTo(1.5);
        assertThat(c.model().architecture().name()).isEqualTo("GRU");
        assertThat(c.seeds().model()).isEqualTo(base.seeds().model() + 7);
        assertThat(c.seeds().data()).isEqualTo(base.seeds().data() + 7);
        assertThat(c.seeds().noise()).isEqualTo(base.seeds().noise() + 7);
    }

    @Test
    void theCanonicalJsonReadsBackAsTheSameSweep() {
        SweepSpec s = SweepSpec.parse("{\"name\": \"n\", \"preset\": \"collapse\", \"config\": {\"model\": {\"width\": 12}},"
                + " \"axes\": [{\"field\": \"task.lags\", \"values\": [[2, 4, 8, 16, 32]]}], \"seeds\": 3, \"referenceN\": [50]}");
        SweepSpec back = SweepSpec.parse(s.toJson());
        assertThat(back.toJson()).isEqualTo(s.toJson());
        assertThat(back.base().model().width()).isEqualTo(12);
        assertThat(back.axes().get(0).values()).containsExactly("2,4,8,16,32");
        assertThat(back.referenceN()).containsExactly(50L);
    }

    /** A field of one switch is an axis (when the switch happens), and so is the whole schedule, as JSON lists. */
    @Test
    void taskScheduleFieldsAreAxes() {
        SweepSpec at = SweepSpec.parse("{\"preset\": \"continual\", \"axes\": [{\"field\": \"task.schedule[0].at\","
                + " \"values\": [1000, 2000]}, {\"field\": \"task.schedule[0].lags\", \"values\": [[32, 48, 64], [64, 80, 96]]}]}");
        List<SessionConfig> cells = at.runs().stream().map(at::config).toList();
        assertThat(cells).extracting(c -> c.task().schedule().get(0).at()).containsExactly(1000L, 1000L, 2000L, 2000L);
        assertThat(cells.get(1).stages().get(1).lags()).containsExactly(64, 80, 96);
        assertThat(cells).allMatch(c -> c.task().schedule().get(1).at() == 3000, "the second switch stays");
        SweepSpec whole = SweepSpec.parse("{\"preset\": \"continual\", \"axes\": [{\"field\": \"task.schedule\", \"values\": ["
                + "[{\"at\": 800, \"lags\": [32, 48, 64]}], [{\"at\": 800, \"lags\": [32, 48, 64]}, {\"at\": 1600, \"lags\": [4, 8, 16]}]]}]}");
        assertThat(whole.runs().stream().map(whole::config).map(c -> c.task().schedule().size()).toList()).containsExactly(1, 2);
        assertThat(SweepSpec.parse(whole.toJson()).toJson()).isEqualTo(whole.toJson());
        assertThatThrownBy(() -> SweepSpec.parse("{\"preset\": \"continual\", \"axes\": [{\"field\": \"task.schedule[5].at\","
                + " \"values\": [10]}]}")).hasMessageContaining("no entry 5");
        assertThatThrownBy(() -> SweepSpec.parse("{\"preset\": \"continual\", \"axes\": [{\"field\": \"task.schedule[0].at\","
                + " \"values\": [4000]}]}")).hasMessageContaining("task.schedule[1].at");
    }

    @Test
    void rejectsWhatTheConfigWouldRejectNamingTheField() {
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alpha\", \"values\": [1.5, 2.5]}", ""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("axes[0]").hasMessageContaining("noise.alpha = 2.5")
                .hasMessageContaining("(1, 2]");
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alfa\", \"values\": [1.5]}", ""))
                .hasMessageContaining("noise.alfa").hasMessageContaining("not a field");
        assertThatThrownBy(() -> parse("{\"field\": \"seeds.model\", \"values\": [1]}", "")).hasMessageContaining("seeds");
        assertThatThrownBy(() -> parse("{\"field\": \"model.architecture\", \"values\": [\"TRANSFORMER\"]}", ""))
                .hasMessageContaining("model.architecture").hasMessageContaining("GRU");
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alpha\", \"values\": [1.5]}, {\"field\": \"noise.alpha\", \"values\": [2]}", ""))
                .hasMessageContaining("swept twice");
    }

    @Test
    void rejectsMalformedSweeps() {
        assertThatThrownBy(() -> SweepSpec.parse("{\"axes\": [], \"axis\": 1}")).hasMessageContaining("unknown sweep field 'axis'");
        assertThatThrownBy(() -> SweepSpec.parse("{\"name\": \"x\"}")).hasMessageContaining("axes");
        assertThatThrownBy(() -> SweepSpec.parse("{\"axes\": [")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alpha\", \"range\": {\"from\": 0, \"to\": 2, \"points\": 3, \"scale\": \"log\"}}", ""))
                .hasMessageContaining("logarithmic");
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alpha\", \"range\": {\"from\": 1.5, \"to\": 2, \"points\": 1}}", ""))
                .hasMessageContaining("axes[0].range.points");
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alpha\", \"values\": [1.5], \"range\": {}}", ""))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alpha\", \"values\": [1.5]}", ", \"seeds\": 0"))
                .hasMessageContaining("seeds");
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alpha\", \"values\": [1.5]}", ", \"referenceN\": [10, 10]"))
                .hasMessageContaining("referenceN");
        assertThatThrownBy(() -> parse("{\"field\": \"noise.alpha\", \"values\": [1.5]}", ", \"preset\": \"nope\""))
                .hasMessageContaining("unknown preset");
    }
}
