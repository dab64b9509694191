package org.timescalelab.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.function.DoubleUnaryOperator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class EnvelopeFitTest {

    static double[] lags(int max) {
        double[] l = new double[max];
        for (int i = 0; i < max; i++) {
            l[i] = i + 1;
        }
        return l;
    }

    /** f(ℓ) with 2% multiplicative log-normal noise. */
    static double[] noisy(double[] lags, DoubleUnaryOperator f, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] y = new double[lags.length];
        for (int i = 0; i < lags.length; i++) {
            double u = rng.nextDouble() - 0.5;
            y[i] = f.applyAsDouble(lags[i]) * Math.exp(0.04 * u);
        }
        return y;
    }

    @Test
    void recognisesAnExponentialEnvelope() {
        double[] l = lags(200);
        EnvelopeFit.Result r = EnvelopeFit.fit(l, noisy(l, x -> 3 * Math.exp(-x / 25), 1));
        assertThat(r.best().decayClass()).isEqualTo(EnvelopeFit.DecayClass.EXPONENTIAL);
        assertThat(1 / r.best().rate()).isCloseTo(25, offset(0.5));
        assertThat(r.best().r2()).isGreaterThan(0.99);
    }

    @Test
    void recognisesAPowerLawEnvelope() {
        double[] l = lags(500);
        EnvelopeFit.Result r = EnvelopeFit.fit(l, noisy(l, x -> 2 * Math.pow(x, -0.7), 2));
        assertThat(r.best().decayClass()).isIn(EnvelopeFit.DecayClass.POWER, EnvelopeFit.DecayClass.TEMPERED);
        assertThat(r.model(EnvelopeFit.DecayClass.POWER).rate()).isCloseTo(0.7, offset(0.01));
        assertThat(r.model(EnvelopeFit.DecayClass.POWER).aic())
                .isLessThan(r.model(EnvelopeFit.DecayClass.EXPONENTIAL).aic());
    }

    @Test
    void recognisesALogarithmicEnvelope() {
        double[] l = lags(2000);
        EnvelopeFit.Result r = EnvelopeFit.fit(l, noisy(l, x -> Math.pow(Math.log(x), -1.5), 3));
        assertThat(r.best().decayClass()).isEqualTo(EnvelopeFit.DecayClass.LOGARITHMIC);
        assertThat(r.best().rate()).isCloseTo(1.5, offset(0.03));
    }

    @Test
    void recognisesATemperedPowerLaw() {
        double[] l = lags(1000);
        EnvelopeFit.Result r = EnvelopeFit.fit(l, noisy(l, x -> Math.pow(x, -0.5) * Math.exp(-x / 200), 4));
        assertThat(r.best().decayClass()).isEqualTo(EnvelopeFit.DecayClass.TEMPERED);
        assertThat(r.best().rate()).isCloseTo(0.5, offset(0.02));
        assertThat(1 / r.best().cutoff()).isCloseTo(200, offset(10.0));
        assertThat(r.best().describe()).startsWith("β = 0.").contains("τmax = 2");
    }

    @Test
    void growthLawsFollowTheSeedTable() {
        EnvelopeFit.Model exp = new EnvelopeFit.Model(EnvelopeFit.DecayClass.EXPONENTIAL, 0, 1.0 / 30, 0, 0, 0, 1, 10);
        assertThat(EnvelopeFit.growthExponent(exp, 3)).isCloseTo(10, offset(1e-12));
        assertThat(EnvelopeFit.growthLaw(exp, 3)).contains("10.0·ln N");
        EnvelopeFit.Model pow = new EnvelopeFit.Model(EnvelopeFit.DecayClass.POWER, 0, 0.5, 0, 0, 0, 1, 10);
        assertThat(EnvelopeFit.growthExponent(pow, 2)).isCloseTo(1.0, offset(1e-12));
    }

    @Test
    void theTemperedCutOffIsNeverNegative() {
        // A power law bending upwards: unconstrained least squares would put 1/τ_max < 0.
        double[] lags = new double[60];
        double[] f = new double[60];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = Math.pow(10, 4.0 * i / (lags.length - 1));
            f[i] = Math.pow(lags[i], -0.8) * Math.exp(lags[i] / 5000);
        }
        EnvelopeFit.Result r = EnvelopeFit.fit(lags, f);
        EnvelopeFit.Model tempered = r.model(EnvelopeFit.DecayClass.TEMPERED);
        EnvelopeFit.Model power = r.model(EnvelopeFit.DecayClass.POWER);
        assertThat(tempered.cutoff()).isZero();
        assertThat(tempered.rate()).isEqualTo(power.rate());
        assertThat(tempered.aic()).isCloseTo(power.aic() + 2, offset(1e-9));
        assertThat(r.best().decayClass()).isNotEqualTo(EnvelopeFit.DecayClass.TEMPERED);
    }
}
