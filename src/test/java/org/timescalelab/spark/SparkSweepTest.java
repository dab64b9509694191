package org.timescalelab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.timescalelab.sweep.LocalSweep;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepFixtures;
import org.timescalelab.sweep.SweepProgress;
import org.timescalelab.sweep.SweepRow;
import org.timescalelab.sweep.SweepSpec;

/** The cluster engine in Spark's local mode against the local engine, same sweep, same seeds. */
class SparkSweepTest {

    @Test
    void sparkInLocalModeWritesTheSameSweepCsvAsTheLocalEngineAndParquet(@TempDir Path tmp) throws Exception {
        SweepSpec spec = SweepFixtures.twoByTwo(2);
        SweepDirectory local = SweepDirectory.open(tmp.resolve("local"), spec);
        new LocalSweep(local, 2, false, false).run(() -> false, p -> { });

        SweepDirectory cluster = SweepDirectory.open(tmp.resolve("spark"), spec);
        String parquet = tmp.resolve("spark").resolve("sweep.parquet").toUri().toString();
        List<String> network = new java.util.ArrayList<>();
        SweepProgress end = new SparkSweep(cluster, "local[2]", false, false, parquet).run(() -> false, p -> {
            if (network.isEmpty()) {
                SparkSession active = SparkSession.active();
                network.add(active.conf().get("spark.driver.host"));
                network.add(active.conf().get("spark.driver.bindAddress"));
                network.add(String.valueOf(active.sparkContext().uiWebUrl().isDefined()));
            }
        });
        assertThat(network).as("driver on the loopback interface, no web UI").containsExactly("127.0.0.1", "127.0.0.1",
                "false");

        assertThat(end.done()).isEqualTo(8);
        List<String> expected = local.rows().stream().map(SweepRow::reproducibleCsv).toList();
        List<String> actual = SweepDirectory.read(tmp.resolve("spark")).rows().stream().map(SweepRow::reproducibleCsv).toList();
        assertThat(actual).hasSize(8).isEqualTo(expected);

        SparkSession spark = SparkSession.builder().master("local[1]").appName("read")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            Dataset<Row> df = spark.read().parquet(parquet);
            assertThat(df.count()).isEqualTo(8);
            Row first = df.orderBy("cell", "seed").first();
            SweepRow row = local.rows().get(0);
            assertThat(first.<String>getAs("training_learningRate")).isEqualTo(row.values().get(0));
            assertThat(first.<Double>getAs("val_loss")).isEqualTo(row.valLoss());
            assertThat(first.<Double>getAs("h_n_10000")).isEqualTo(row.windows()[1]);
        } finally {
            spark.stop();
        }
    }

    /** A cluster master keeps the driver address its executors reach; the user's own settings win. */
    @Test
    void networkDefaultsBindLocalModeToLoopbackAndLeaveTheUsersSettings() {
        assertThat(SparkSweep.networkDefaults("spark://head:7077", key -> null))
                .containsExactly(java.util.Map.entry("spark.ui.enabled", "false"));
        assertThat(SparkSweep.networkDefaults("local[4]", key -> null)).containsKeys("spark.ui.enabled",
                "spark.driver.host", "spark.driver.bindAddress");
        assertThat(SparkSweep.networkDefaults("local[4]", key -> key.equals("spark.ui.enabled") ? "true" : null))
                .doesNotContainKey("spark.ui.enabled").containsKey("spark.driver.host");
    }
}
