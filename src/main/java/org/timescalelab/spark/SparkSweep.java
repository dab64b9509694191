package org.timescalelab.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.timescalelab.nn.Backend;
import org.timescalelab.sweep.SweepCell;
import org.timescalelab.sweep.SweepDirectory;
import org.timescalelab.sweep.SweepProgress;
import org.timescalelab.sweep.SweepRow;
import org.timescalelab.sweep.SweepSpec;

/**
 * Runs a sweep on Apache Spark: each pending run is one task, which trains it with the same
 * {@link SweepCell} code the local engine uses and sends back its {@code sweep.csv} line; the
 * driver records the rows in the same {@link SweepDirectory} (so {@code sweep.csv} is identical
 * but for wall times, and an interrupted sweep resumes the same way) and finally writes every row
 * as Parquet. Threading contract: {@link #run} blocks the calling (driver) thread.
 *
 * <p>Implementation notes. Runs go out in waves of twice the cluster's default parallelism, one
 * partition per run, so that rows reach {@code sweep.csv} while the sweep is going on (a single
 * job would record nothing until its last task). Each task caps ND4J at {@code spark.task.cpus}
 * threads. This is the only package that touches Spark; Spark is a {@code provided} dependency,
 * present under {@code spark-submit} and in the tests, absent from the desktop app.
 */
public final class SparkSweep {

    private final SweepDirectory dir;
    private final String master;
    private final boolean keepRuns;
    private final boolean retryFailed;
    private final String parquet;

    /**
     * @param dir         the sweep's folder on the driver
     * @param master      the Spark master URL, or null for the one spark-submit gives
     * @param keepRuns    whether each task writes its run directory (under the same path on the executor)
     * @param retryFailed whether runs recorded as failed are run again
     * @param parquet     where Spark writes the rows as Parquet (a path or URI every executor can reach)
     */
    public SparkSweep(SweepDirectory dir, String master, boolean keepRuns, boolean retryFailed, String parquet) {
        this.dir = dir;
        this.master = master;
        this.keepRuns = keepRuns;
        this.retryFailed = retryFailed;
        this.parquet = parquet;
    }

    /** Whether Spark's classes are on the class path (they are under spark-submit and in tests). */
    public static boolean available() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkSweep.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The network settings a sweep starts Spark with unless the user gave them (spark-submit
     * {@code --conf} sets them as system properties): no web UI (Spark's default opens one on port
     * 4040 of every interface, showing the sweep and its configs to anyone on the network), and on a
     * {@code local} master a driver bound to 127.0.0.1, so that its RPC and block-manager ports are
     * not reachable from other hosts. A cluster master keeps Spark's driver address, which its
     * executors must reach; securing it is the cluster's configuration (docs/sweeps.md, "Security").
     *
     * @param given the user's value of a setting, or null ({@code System::getProperty})
     */
    static java.util.Map<String, String> networkDefaults(String master, java.util.function.UnaryOperator<String> given) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            out.put("spark.driver.host", "127.0.0.1");
            out.put("spark.driver.bindAddress", "127.0.0.1");
        }
        out.keySet().removeIf(key -> given.apply(key) != null);
        return out;
    }

    /** Runs every pending run on the cluster, then writes the Parquet copy of all rows. */
    public SweepProgress run(BooleanSupplier stop, Consumer<SweepProgress> progress) throws IOException {
        SparkSession.Builder builder = SparkSession.builder().appName("timescale-lab sweep " + dir.spec().name());
        if (master != null) {
            builder = builder.master(master);
        }
        networkDefaults(master != null ? master : System.getProperty("spark.master", ""), System::getProperty)
                .forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<SweepSpec.Run> pending = dir.pending(retryFailed);
            long t0 = System.nanoTime();
            progress.accept(SweepProgress.of(dir, t0, 0, pending.size(), null));
            int wave = Math.max(1, 2 * jsc.defaultParallelism());
            int finished = 0;
            for (int from = 0; from < pending.size() && !stop.getAsBoolean(); from += wave) {
                List<SweepSpec.Run> batch = pending.subList(from, Math.min(pending.size(), from + wave));
                for (String line : runWave(jsc, batch)) {
                    SweepRow row = SweepRow.parse(line, dir.spec().axes().size(), dir.spec().referenceN().size());
                    dir.record(row);
                    finished++;
                    progress.accept(SweepProgress.of(dir, t0, finished, pending.size() - finished, row));
                }
            }
            writeParquet(spark);
            return SweepProgress.of(dir, t0, finished, pending.size() - finished, null);
        } finally {
            dir.flush();
            spark.stop();
        }
    }

    private List<String> runWave(JavaSparkContext jsc, List<SweepSpec.Run> batch) {
        String json = dir.spec().toJson();
        String runs = keepRuns ? dir.path().toAbsolutePath().resolve("runs").toString() : null;
        int cpus = jsc.getConf().getInt("spark.task.cpus", 1);
        List<int[]> keys = new ArrayList<>();
        batch.forEach(r -> keys.add(new int[] {r.cell(), r.seed()}));
        return jsc.parallelize(keys, keys.size()).map(key -> {
            Backend.limitThreads(cpus);
            SweepSpec spec = SweepSpec.parse(json);
            SweepSpec.Run run = new SweepSpec.Run(key[0], key[1], spec.cellValues(key[0]));
            Path runDir = runs == null ? null : Path.of(runs, run.id());
            return SweepCell.run(spec, run, runDir, () -> false).orElseThrow().toCsv();
        }).collect();
    }

    private void writeParquet(SparkSession spark) {
        SweepSpec spec = dir.spec();
        List<StructField> fields = new ArrayList<>();
        fields.add(field("cell", DataTypes.IntegerType));
        fields.add(field("seed", DataTypes.IntegerType));
        spec.axes().forEach(a -> fields.add(field(a.field().replace('.', '_'), DataTypes.StringType)));
        fields.add(field("status", DataTypes.StringType));
        fields.add(field("reason", DataTypes.StringType));
        fields.add(field("steps", DataTypes.LongType));
        fields.add(field("train_loss", DataTypes.DoubleType));
        fields.add(field("val_loss", DataTypes.DoubleType));
        spec.referenceN().forEach(n -> fields.add(field("h_n_" + n, DataTypes.DoubleType)));
        fields.add(field("envelope_class", DataTypes.StringType));
        for (String c : List.of("envelope_rate", "envelope_cutoff", "envelope_r2", "beta_hat", "beta_low", "beta_high",
                "alpha_hat_median", "wall_time_s")) {
            fields.add(field(c, DataTypes.DoubleType));
        }
        List<Row> rows = new ArrayList<>();
        for (SweepRow r : dir.rows()) {
            List<Object> v = new ArrayList<>(List.of(r.cell(), r.seed()));
            v.addAll(r.values());
            v.addAll(List.of(r.status(), r.reason(), r.steps(), r.trainLoss(), r.valLoss()));
            for (double w : r.windows()) {
                v.add(w);
            }
            v.addAll(List.of(r.envelopeClass(), r.envelopeRate(), r.envelopeCutoff(), r.envelopeR2(), r.betaHat(),
                    r.betaLow(), r.betaHigh(), r.alphaMedian(), r.wallSeconds()));
            rows.add(RowFactory.create(v.toArray()));
        }
        Dataset<Row> df = spark.createDataFrame(rows, new StructType(fields.toArray(new StructField[0])));
        df.coalesce(1).write().mode(SaveMode.Overwrite).parquet(parquet);
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
