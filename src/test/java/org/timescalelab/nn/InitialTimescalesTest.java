package org.timescalelab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** model.gateSpread: the initial time scales of the per-unit gate spread evenly over about that many decades. */
class InitialTimescalesTest {

    /** τ of each unit at initialisation, from its gate bias alone (the weights are zero or small). */
    private static double[] initialTau(Architecture a, double spread) {
        RecurrentNet net = RecurrentNet.create(new ModelSpec(a, 32, 2, 1, Readout.EVERY_STEP, 0.05, spread,
                Precision.FLOAT64, 7));
        String name = a == Architecture.LSTM ? "b_f" : a == Architecture.GRU ? "b_z" : "b_s";
        double[] b = net.tensor(name).toDoubleVector();
        double[] tau = new double[b.length];
        for (int q = 0; q < b.length; q++) {
            double sigma = 1 / (1 + Math.exp(-b[q]));
            double keep = a == Architecture.LSTM ? sigma : 1 - sigma;
            tau[q] = -1 / Math.log(keep);
        }
        return tau;
    }

    @Test
    void twoDecadesAroundTauZeroForEveryGatedArchitecture() {
        double tau0 = -1 / Math.log(1 - 0.05);
        for (Architecture a : new Architecture[] {Architecture.DIAG_GATE, Architecture.GRU, Architecture.LSTM}) {
            double[] tau = initialTau(a, 2);
            double span = Math.log10(tau[0] / tau[tau.length - 1]);
            assertThat(span).as("%s: decades spanned", a).isBetween(1.6, 2.0);
            for (int q = 1; q < tau.length; q++) {
                assertThat(tau[q]).as("%s: τ falls with the unit index", a).isLessThan(tau[q - 1]);
            }
            double logMean = java.util.Arrays.stream(tau).map(Math::log10).average().orElseThrow();
            assertThat(logMean).as("%s: centred on τ₀", a).isCloseTo(Math.log10(tau0), org.assertj.core.data.Offset.offset(0.15));
        }
    }

    @Test
    void noSpreadIsTheUsualInitialisation() {
        ModelSpec plain = new ModelSpec(Architecture.DIAG_GATE, 16, 2, 1, Readout.EVERY_STEP, 0.05, Precision.FLOAT64, 3);
        ModelSpec zero = new ModelSpec(Architecture.DIAG_GATE, 16, 2, 1, Readout.EVERY_STEP, 0.05, 0, Precision.FLOAT64, 3);
        assertThat(RecurrentNet.create(zero).parameters()).isEqualTo(RecurrentNet.create(plain).parameters());
        assertThat(initialTau(Architecture.DIAG_GATE, 0)).containsOnly(initialTau(Architecture.DIAG_GATE, 0)[0]);
    }
}
