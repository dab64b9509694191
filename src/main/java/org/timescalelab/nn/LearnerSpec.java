package org.timescalelab.nn;

/**
 * Everything a {@link Learner} is built from. The live values (learning rate, clipping, noise)
 * are only the starting values: a learner accepts changes to them between steps.
 *
 * @param model          the network
 * @param task           the task
 * @param optimizer      the optimizer
 * @param batchSize      sequences per training step B
 * @param trainSize      size of a fixed training set; 0 draws fresh sequences every step
 * @param validationSize sequences in the fixed validation set (clean targets)
 * @param probeSize      sequences in the fixed probe batch used for gate read-outs
 * @param learningRate   η
 * @param clipNorm       global gradient-norm threshold; 0 turns clipping off
 * @param alpha          tail index of the noise, 1 &lt; α ≤ 2
 * @param updateNoise    update-noise scale (multiplies RMS(Δθ) per tensor); 0 turns it off
 * @param labelNoise     label-noise scale; 0 turns it off
 * @param dataSeed       seed of the task and of every data set
 * @param noiseSeed      seed of the update and label noise
 */
public record LearnerSpec(ModelSpec model, TaskSpec task, OptimizerSpec optimizer, int batchSize, int trainSize,
                          int validationSize, int probeSize, double learningRate, double clipNorm, double alpha,
                          double updateNoise, double labelNoise, long dataSeed, long noiseSeed) {
}
