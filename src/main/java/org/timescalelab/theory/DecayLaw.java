package org.timescalelab.theory;

/**
 * The closed forms of docs/envelope-and-window.md, "Decay class" for one decay class: the envelope f(ℓ), the minimal sample
 * size N(ℓ) = (ε/f(ℓ))^{κ_α} and its inverse, the learnability window H_N.
 *
 * <p>Our normalisation (the table fixes the laws only up to constants): the noise scale is the
 * unit of f, the threshold is ε, and for ℓ ≥ 1
 * <pre>
 *   exponential  f = e^{−ℓ/τ}          H_N = τ (ln N / κ_α − ln ε)
 *   power        f = ℓ^{−β}            H_N = (N^{1/κ_α} / ε)^{1/β}
 *   logarithmic  f = (1 + ln ℓ)^{−γ}   H_N = exp((N^{1/κ_α} / ε)^{1/γ} − 1)
 * </pre>
 * The logarithmic law is shifted by 1 inside the power so that it is finite at ℓ = 1; its tail is
 * the table's (ln ℓ)^{−γ}. H_N is 0 when even ℓ = 1 is not detectable. Immutable.
 *
 * @param decayClass exponential, power or logarithmic
 * @param parameter  τ, β or γ (&gt; 0)
 */
public record DecayLaw(EnvelopeFit.DecayClass decayClass, double parameter) {

    /** Validates the class and the parameter. */
    public DecayLaw {
        if (decayClass == null || decayClass == EnvelopeFit.DecayClass.TEMPERED) {
            throw new IllegalArgumentException("decay class must be exponential, power or logarithmic");
        }
        if (!(parameter > 0) || Double.isInfinite(parameter)) {
            throw new IllegalArgumentException("parameter = " + parameter + " is not allowed: expected > 0");
        }
    }

    /** f(ℓ), ℓ ≥ 1. */
    public double envelope(double lag) {
        switch (decayClass) {
            case EXPONENTIAL:
                return Math.exp(-lag / parameter);
            case POWER:
                return Math.pow(lag, -parameter);
            default:
                return Math.pow(1 + Math.log(lag), -parameter);
        }
    }

    /** N(ℓ) = (ε / f(ℓ))^{κ_α}, computed in log space (+∞ on overflow). */
    public double minimalSamples(double lag, double alpha, double threshold) {
        double log = Learnability.kappa(alpha) * (Math.log(threshold) - Math.log(envelope(lag)));
        return log > 700 ? Double.POSITIVE_INFINITY : Math.exp(log);
    }

    /** H_N: the largest ℓ ≥ 1 with N(ℓ) ≤ N, or 0 if none. */
    public double window(double samples, double alpha, double threshold) {
        double level = Math.pow(samples, 1 / Learnability.kappa(alpha)) / threshold;
        double lag;
        switch (decayClass) {
            case EXPONENTIAL:
                lag = parameter * Math.log(level);
                break;
            case POWER:
                lag = Math.pow(level, 1 / parameter);
                break;
            default:
                lag = Math.exp(Math.pow(level, 1 / parameter) - 1);
                break;
        }
        return lag >= 1 ? lag : 0;
    }
}
