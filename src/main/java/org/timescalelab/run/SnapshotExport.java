package org.timescalelab.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.Learner;
import org.timescalelab.nn.NamedArray;
import org.timescalelab.session.MetricsRow;
import org.timescalelab.theory.EffectiveRates;

/**
 * Writes one training batch of a freshly built model as NumPy files: every parameter, the batch,
 * the forward arrays, the loss and every gradient, with a {@code manifest.json} describing each.
 * Runs on the calling thread (which does all the ND4J work).
 */
public final class SnapshotExport {

    private SnapshotExport() {
    }

    /**
     * Builds the model of {@code config} and writes the snapshot into {@code out}.
     *
     * @return the arrays written, in manifest order
     */
    public static List<NamedArray> write(SessionConfig config, Path out) throws IOException {
        Learner learner = Learner.create(config.learnerSpec());
        List<NamedArray> arrays = new java.util.ArrayList<>(learner.inspect(config.seeds().data()));
        Learner.BatchTransport transport = learner.batchTransport(config.seeds().data(), config.diagnosticSettings().lags());
        arrays.addAll(transport.arrays());
        Csv.Table env = Csv.table("lag", "f", "f_gates");
        EffectiveRates.Result rates = transport.envelope();
        for (int i = 0; i < rates.lags().length; i++) {
            env.row(rates.lags()[i], MetricsRow.num(rates.envelope()[i]), MetricsRow.num(rates.gates()[i]));
        }
        AtomicFiles.write(out.resolve("envelope.csv"), env.toString());
        ObjectNode manifest = ConfigLoader.MAPPER.createObjectNode();
        manifest.put("format", "NumPy .npy, float64, C order; load with numpy.load(file)");
        manifest.put("conventions", "Row-vector batches: a batch×time×k array holds sequence b at step t in [b, t, :]. "
                + "Matrices keep the orientation of docs/models.md (U_h is H×H and multiplies h_{t−1} from the left). "
                + "The loss is L = (1/(B·|targets|)) Σ ½‖ŷ_t − y_t‖² over scored steps (has_target); "
                + "grad_X is ∂L/∂X. The batch is drawn without label noise. envelope.csv holds f(ℓ) and f_gates(ℓ) "
                + "of docs/envelope-and-window.md on this batch with the optimizer's current row-mean Λ (η for SGD).");
        manifest.set("config", ConfigLoader.MAPPER.valueToTree(config.resolved()));
        ArrayNode list = manifest.putArray("arrays");
        for (NamedArray a : arrays) {
            String file = a.name() + ".npy";
            Npy.write(out.resolve(file), a.shape(), a.data());
            ObjectNode e = list.addObject();
            e.put("name", a.name());
            e.put("file", file);
            ArrayNode shape = e.putArray("shape");
            for (int s : a.shape()) {
                shape.add(s);
            }
            e.put("dtype", "float64");
            e.put("meaning", a.meaning());
        }
        AtomicFiles.write(out.resolve("manifest.json"), ConfigLoader.MAPPER.writeValueAsString(manifest) + "\n");
        return arrays;
    }
}
