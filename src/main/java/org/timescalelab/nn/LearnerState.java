package org.timescalelab.nn;

/**
 * Everything needed to continue a learner bit-identically: parameters, optimizer moments,
 * generator states and the live settings.
 *
 * @param width          hidden width H of {@code parameters}
 * @param parameters     θ
 * @param firstMoment    the optimizer's m (zeros when unused)
 * @param secondMoment   the optimizer's v (zeros when unused)
 * @param optimizerSteps steps the optimizer has taken (bias correction)
 * @param dataGenerator  state of the training-data generator
 * @param noiseGenerator state of the noise generator
 * @param resizeCount    width changes so far (seeds the fresh units of the next one)
 * @param learningRate   current η
 * @param clipNorm       current clipping threshold
 * @param alpha          current noise tail index
 * @param updateNoise    current update-noise scale
 * @param labelNoise     current label-noise scale
 */
public record LearnerState(int width, double[] parameters, double[] firstMoment, double[] secondMoment,
                           long optimizerSteps, byte[] dataGenerator, byte[] noiseGenerator, int resizeCount,
                           double learningRate, double clipNorm, double alpha, double updateNoise, double labelNoise) {
}
