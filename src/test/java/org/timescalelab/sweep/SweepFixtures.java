package org.timescalelab.sweep;

/** Tiny sweeps for the engine and cluster tests: a few seconds each. */
public final class SweepFixtures {

    private SweepFixtures() {
    }

    /** A sweep over the given axes JSON on a 6-unit network, 12 steps, a small diagnostics pass. */
    public static SweepSpec tiny(String axes, int seeds) {
        return SweepSpec.parse("{\"name\": \"tiny\", \"config\": {"
                + "\"model\": {\"width\": 6, \"dtype\": \"FLOAT64\"},"
                + "\"task\": {\"sequenceLength\": 24, \"lags\": [2, 4], \"coefficients\": [0.6, 0.4], \"validationSize\": 8},"
                + "\"training\": {\"steps\": 12, \"batchSize\": 4, \"validateEvery\": 4},"
                + "\"engine\": {\"probeSize\": 2},"
                + "\"diagnostics\": {\"sequences\": 32, \"envelopeSequences\": 8, \"directions\": 2, \"bootstrap\": 50,"
                + " \"gradientSamples\": 0, \"exactLags\": 2, \"exactSequences\": 1}},"
                + "\"axes\": [" + axes + "], \"seeds\": " + seeds + ", \"referenceN\": [100, 10000]}");
    }

    /** learning rate × noise tail index, 2 × 2 cells. */
    public static SweepSpec twoByTwo(int seeds) {
        return tiny("{\"field\": \"training.learningRate\", \"values\": [0.001, 0.01]},"
                + "{\"field\": \"noise.alpha\", \"values\": [1.5, 2.0]}", seeds);
    }
}
