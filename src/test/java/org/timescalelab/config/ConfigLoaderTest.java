package org.timescalelab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.timescalelab.nn.Architecture;
import org.timescalelab.nn.OptimizerKind;

class ConfigLoaderTest {

    @Test
    void defaultsAreValidAndRoundTripThroughJson() {
        SessionConfig d = ConfigLoader.load(null, null, List.of());
        assertThat(d).isEqualTo(SessionConfig.defaults());
        assertThat(ConfigLoader.fromJson(ConfigLoader.toJson(d))).isEqualTo(d);
    }

    @Test
    void presetsDifferAsDocumented() {
        SessionConfig collapse = ConfigLoader.preset("collapse").config();
        assertThat(collapse.model().architecture()).isEqualTo(Architecture.CONST_GATE);
        assertThat(collapse.training().optimizer()).isEqualTo(OptimizerKind.SGD);
        assertThat(collapse.noise().alpha()).isEqualTo(2.0);
        SessionConfig anti = ConfigLoader.preset("anti-collapse").config();
        assertThat(anti.model().architecture()).isEqualTo(Architecture.DIAG_GATE);
        assertThat(anti.training().optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(anti.noise().alpha()).isEqualTo(1.5);
        assertThat(anti.noise().updateScale()).isPositive();
    }

    @Test
    void overridesParseByTheFieldsType() {
        SessionConfig c = ConfigLoader.load("demo", null,
                List.of("training.learningRate=0.003", "task.lags=4,8", "task.coefficients=1,0.5",
                        "model.architecture=GRU", "seeds.data=99"));
        assertThat(c.training().learningRate()).isEqualTo(0.003);
        assertThat(c.task().lags()).containsExactly(4, 8);
        assertThat(c.task().coefficients()).containsExactly(1.0, 0.5);
        assertThat(c.model().architecture()).isEqualTo(Architecture.GRU);
        assertThat(c.seeds().data()).isEqualTo(99);
    }

    @Test
    void partialFileOverlaysTheDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"model\": {\"width\": 12}, \"noise\": {\"alpha\": 1.7}}");
        SessionConfig c = ConfigLoader.load(null, f, List.of("model.width=16"));
        assertThat(c.model().width()).isEqualTo(16);
        assertThat(c.noise().alpha()).isEqualTo(1.7);
        assertThat(c.training()).isEqualTo(SessionConfig.defaults().training());
    }

    @ParameterizedTest(name = "{0}={1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "noise.alpha|1.0|(1, 2]",
        "noise.alpha|2.5|(1, 2]",
        "model.width|0|1..1024",
        "model.width|5000|1..1024",
        "training.learningRate|-0.1|(0, 10]",
        "training.learningRate|0|(0, 10]",
        "task.lags|4,8,200|1..127",
        "task.lag|128|1..127",
        "training.batchSize|0|1..4096",
        "model.gateInit|1|(0, 1)",
        "noise.updateScale|-1|[0, 100]",
        "training.beta2|1|[0, 1)",
        "engine.snapshotsPerSecond|0|(0, 240]",
        "task.sequenceLength|5|6..4096",
        "diagnostics.lagPoints|4|5..4096",
        "training.clipNorm|-2|[0, 1e12]",
        "model.inputSize|3|0 (from the task) or 4",
    })
    void rejectsOutOfRangeValuesNamingTheField(String key, String value, String allowed) {
        List<String> sets = key.equals("task.lag")
                ? List.of("task.type=DELAYED_RECALL", key + "=" + value) : List.of(key + "=" + value);
        assertThatThrownBy(() -> ConfigLoader.load(null, null, sets))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(allowed)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo(key));
    }

    @Test
    void rejectsALagGridTooSparseForTheEnvelopeFit() {
        // At T = 7 five log-spaced points are {1, 2, 4, 6}: three lags ≥ 2, one short of the fit.
        assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of("task.sequenceLength=7", "task.lags=2,4",
                "task.coefficients=0.5,0.5", "diagnostics.lagPoints=5")))
                .hasMessageContaining("diagnostics.lagPoints = 5").hasMessageContaining("6..4096 at task.sequenceLength = 7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"training.learningRate=0x1p-3", "training.learningRate=1d", "training.learningRate=NaN",
        "training.learningRate=Infinity", "training.steps=\u0661\u0662", "training.steps=1e3", "task.lags=4,null",
        "task.schedule=[null]", "model.width=+-3"})
    void numbersHaveOneStrictSyntax(String set) {
        // Arabic-Indic digits (written as escapes here) are digits to Long.parseLong, not to a person.
        assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of(set)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(set.substring(0, set.indexOf('=')))
                .hasMessageContaining("not allowed");
    }

    @Test
    void plainDecimalsAreAccepted() {
        assertThat(ConfigLoader.load(null, null, List.of("training.learningRate=.5e-2")).training().learningRate())
                .isEqualTo(0.005);
        assertThat(ConfigLoader.load(null, null, List.of("training.learningRate=+3E-3")).training().learningRate())
                .isEqualTo(0.003);
        assertThat(ConfigLoader.load(null, null, List.of("model.width=  48 ")).model().width()).isEqualTo(48);
    }

    @Test
    void rejectsMismatchedCoefficients() {
        assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of("task.lags=4,8")))
                .hasMessageContaining("task.coefficients").hasMessageContaining("one finite coefficient per lag (2)");
    }

    @Test
    void rejectsUnknownFieldsListingTheKnownOnes() {
        assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of("training.lerningRate=0.1")))
                .hasMessageContaining("unknown field 'training.lerningRate'").hasMessageContaining("learningRate");
        assertThatThrownBy(() -> ConfigLoader.fromJson("{\"modle\": {}}"))
                .hasMessageContaining("unknown field 'modle'");
    }

    @Test
    void rejectsWrongTypesNamingTheField() {
        assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of("model.width=abc")))
                .hasMessageContaining("model.width").hasMessageContaining("integer");
        assertThatThrownBy(() -> ConfigLoader.fromJson("{\"model\": {\"width\": 1.5}}"))
                .hasMessageContaining("model.width");
        assertThatThrownBy(() -> ConfigLoader.fromJson("{\"model\": {\"width\": \"64\"}}"))
                .hasMessageContaining("model.width");
        assertThatThrownBy(() -> ConfigLoader.load(null, null, List.of("model.architecture=RNN")))
                .hasMessageContaining("model.architecture").hasMessageContaining("DIAG_GATE");
    }

    @Test
    void rejectsUnknownPresetAndBothSources(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load("nope", null, List.of()))
                .hasMessageContaining("unknown preset 'nope'").hasMessageContaining("anti-collapse");
        assertThatThrownBy(() -> ConfigLoader.load("demo", dir.resolve("x.json"), List.of()))
                .hasMessageContaining("not both");
    }
}
