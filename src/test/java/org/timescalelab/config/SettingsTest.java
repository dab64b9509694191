package org.timescalelab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class SettingsTest {

    /** The schema holds every field of the config, once, in the config's order. */
    @Test
    void theSchemaDescribesEveryConfigFieldOnce() {
        assertThat(Settings.all()).extracting(Setting::key).containsExactlyElementsOf(ConfigLoader.keys().keySet());
    }

    /** Every default lies in its setting's range (a range that refused a default would lock the app out). */
    @Test
    void everyDefaultLiesInItsRange() {
        for (Setting s : Settings.all()) {
            if (s.range() != null) {
                double v = Double.parseDouble(ConfigLoader.keys().get(s.key()));
                assertThat(s.range().contains(v)).as(s.key() + " = " + v + " in " + s.range()).isTrue();
            }
        }
    }

    /** A range refuses exactly what its text says: the ends by their brackets, NaN always. */
    @Test
    void aRangeRefusesWhatItsTextSays() {
        Setting.Range lr = Settings.LEARNING_RATE.range();
        assertThat(lr).hasToString("(0, 10]");
        assertThat(lr.contains(0)).isFalse();
        assertThat(lr.contains(Double.MIN_VALUE)).isTrue();
        assertThat(lr.contains(10)).isTrue();
        assertThat(lr.contains(Math.nextUp(10.0))).isFalse();
        assertThat(lr.contains(Double.NaN)).isFalse();
        assertThat(Settings.get("training.momentum").range()).hasToString("[0, 1)");
        assertThat(Settings.get("task.trainSize").range()).hasToString("0..1000000");
        assertThat(Settings.get("engine.logEvery").range()).hasToString("1 or more");
        assertThat(Settings.CLIP_NORM.range()).hasToString("[0, 1e12]");
        assertThatThrownBy(() -> Settings.ALPHA.check(2.5)).isInstanceOf(ConfigException.class)
                .hasMessage("noise.alpha = 2.5 is not allowed: expected (1, 2]");
        assertThatThrownBy(() -> Settings.get("model.nonsense")).hasMessageContaining("config --keys");
        assertThat(Settings.WIDTH.checkNumber(64)).isEqualTo(64);
        assertThatThrownBy(() -> Settings.WIDTH.checkNumber(64.5)).hasMessage(
                "model.width = 64.5 is not allowed: expected an integer, 1..1024");
        assertThatThrownBy(() -> Settings.WIDTH.checkNumber(2048)).hasMessage(
                "model.width = 2048 is not allowed: expected 1..1024");
        assertThat(Settings.ALPHA.checkNumber(1.5)).isEqualTo(1.5);
    }

    /** The live settings are those a running session and {@code --resume --set} can change. */
    @Test
    void theLiveSettingsAreTheSessionsCommands() {
        assertThat(Settings.all().stream().filter(Setting::live).map(Setting::key).filter(k -> !k.startsWith("diagnostics.")))
                .containsExactlyInAnyOrder("model.width", "training.learningRate", "training.steps", "training.clipNorm",
                        "noise.alpha", "noise.updateScale", "noise.labelScale");
        assertThat(Settings.all().stream().filter(s -> s.slider() != null).map(Setting::key))
                .allMatch(k -> Settings.get(k).live());
    }

    /** docs/settings.md is the schema's table (regenerate it with the test's output when a setting changes). */
    @Test
    void theDocsTableIsTheSchema() throws Exception {
        String doc = Files.readString(Path.of("docs/settings.md"));
        String table = Settings.markdown();
        assertThat(doc).as("docs/settings.md must contain Settings.markdown():%n%s", table).contains(table);
        assertThat(List.of(doc.split("\n"))).filteredOn(l -> l.startsWith("| `")).hasSize(Settings.all().size());
    }
}
