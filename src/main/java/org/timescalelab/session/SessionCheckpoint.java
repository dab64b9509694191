package org.timescalelab.session;

import org.timescalelab.config.SessionConfig;
import org.timescalelab.nn.LearnerState;

/**
 * Everything needed to continue a session bit-identically. Immutable once made (its arrays are
 * not shared with the live session).
 *
 * @param config  the session's config
 * @param step    steps taken
 * @param learner the learner's parameters, optimizer moments, generator states and live settings
 */
public record SessionCheckpoint(SessionConfig config, long step, LearnerState learner) {
}
