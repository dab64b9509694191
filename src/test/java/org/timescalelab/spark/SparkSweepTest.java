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
        SweepProgress end = new SparkSweep(cluster, "local[2]", false, false, parquet).run(() -> false, p -> { });

        assertThat(end.done()).isEqualTo(8);
        List<String> expected = local.rows().stream().map(SweepRow::reproducibleCsv).toList();
        List<String> actual = SweepDirectory.read(tmp.resolve("spark")).rows().stream().map(SweepRow::reproducibleCsv).toList();
        assertThat(actual).hasSize(8).isEqualTo(expected);

        SparkSession spark = SparkSession.builder().master("local[1]").appName("read").getOrCreate();
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
}
