package org.timescalelab.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rollback rule on a run of synthetic steps, each state named by its step. */
class GoodStatesTest {

    /** Keeps states as the session does: before each step, every SPACING steps, with steady norms. */
    private static GoodStates<Long> steadyRun(long steps) {
        GoodStates<Long> g = new GoodStates<>();
        for (long s = 0; s < steps; s++) {
            if (g.due(s)) {
                g.keep(s, s);
            }
            g.recordNorm(s + 1, 1.0 + 0.1 * (s % 3));
        }
        return g;
    }

    @Test
    void aRecentChangeIsBlamed() {
        GoodStates<Long> g = steadyRun(47);
        g.keepBeforeChange(47, 47L, "the learning rate change at step 47");
        for (long s = 47; s < 52; s++) {
            g.recordNorm(s + 1, 1.0);
        }
        GoodStates.Target<Long> t = g.target(52);
        assertThat(t.step()).isEqualTo(47);
        assertThat(t.state()).isEqualTo(47L);
        assertThat(t.why()).isEqualTo("before the learning rate change at step 47");
    }

    @Test
    void aChangeOutsideTheSpanIsNotBlamedButASpikeIs() {
        GoodStates<Long> g = new GoodStates<>();
        g.keepBeforeChange(0, 0L, "the width change at step 0");
        for (long s = 0; s < 700; s++) {
            if (g.due(s)) {
                g.keep(s, s);
            }
            g.recordNorm(s + 1, s + 1 == 685 ? 50.0 : 1.0);
        }
        GoodStates.Target<Long> t = g.target(699);
        // The norm of the step reaching 685 was measured at state 684: the newest state before that.
        assertThat(t.step()).isEqualTo(680);
        assertThat(t.why()).contains("gradient norm jumped at step 685");
    }

    @Test
    void withoutACauseTheStateBeforeTheLastGoodOneIsTaken() {
        GoodStates<Long> g = steadyRun(100);
        GoodStates.Target<Long> t = g.target(100);
        assertThat(t.step()).isEqualTo(90);
        assertThat(g.target(90).step()).isEqualTo(80);
    }

    @Test
    void theRingIsShortAndARollbackForgetsWhatCameAfter() {
        GoodStates<Long> g = steadyRun(1000);
        GoodStates.Target<Long> t = g.target(941);
        assertThat(t.step()).isEqualTo(940);
        // Six states were kept (940 … 990); after rolling back to 940 only 940 remains.
        assertThat(g.target(940).step()).isEqualTo(940);
        assertThat(new GoodStates<Long>().target(5)).isNull();
    }
}
