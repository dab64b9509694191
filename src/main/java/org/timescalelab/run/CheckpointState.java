package org.timescalelab.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.timescalelab.nn.LearnerState;

/**
 * A checkpoint's {@code state.json}, bound by Jackson: the step, the learner's scalars and
 * generator states (Base64, as Jackson writes {@code byte[]}), and the run's config (bound and
 * validated separately, strictly). The arrays live beside it in {@code .npy} files.
 *
 * @param step           steps taken
 * @param width          hidden width H
 * @param optimizerSteps steps the optimizer has taken (bias correction)
 * @param resizeCount    width changes so far
 * @param learningRate   η in force
 * @param clipNorm       the clipping threshold in force
 * @param alpha          the noise tail index in force
 * @param updateNoise    the update-noise scale in force
 * @param labelNoise     the label-noise scale in force
 * @param dataGenerator  the training-data generator's state
 * @param noiseGenerator the noise generator's state
 * @param config         the run's config, as JSON
 */
@JsonPropertyOrder({"step", "width", "optimizerSteps", "resizeCount", "learningRate", "clipNorm", "alpha", "updateNoise",
    "labelNoise", "dataGenerator", "noiseGenerator", "config"})
record CheckpointState(long step, int width, long optimizerSteps, int resizeCount, double learningRate, double clipNorm,
                       double alpha, double updateNoise, double labelNoise, byte[] dataGenerator, byte[] noiseGenerator,
                       JsonNode config) {

    /** The state of a learner at a step. */
    static CheckpointState of(long step, LearnerState s, JsonNode config) {
        return new CheckpointState(step, s.width(), s.optimizerSteps(), s.resizeCount(), s.learningRate(), s.clipNorm(),
                s.alpha(), s.updateNoise(), s.labelNoise(), s.dataGenerator(), s.noiseGenerator(), config);
    }

    /** The learner's state with its arrays. */
    LearnerState learner(double[] parameters, double[] firstMoment, double[] secondMoment) {
        return new LearnerState(width, parameters, firstMoment, secondMoment, optimizerSteps, dataGenerator, noiseGenerator,
                resizeCount, learningRate, clipNorm, alpha, updateNoise, labelNoise);
    }
}
