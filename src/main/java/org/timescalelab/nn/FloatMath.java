package org.timescalelab.nn;

/**
 * exp in float from basic IEEE operations only, for the float32 recurrent kernel: the Cephes
 * single-precision scheme (round y·log₂e to an integer n, reduce r = y − n·ln 2 in two parts, a
 * degree-7 polynomial for e^r, scale by 2ⁿ through the exponent bits), accurate to about 2 ulp.
 * Because it uses only +, ×, fma and exact conversions, it gives the same bits interpreted or
 * compiled, scalar or in {@link VectorRows} — unlike the Vector API's own exp, whose interpreted
 * fallback rounds differently from its intrinsic. Stateless.
 */
final class FloatMath {

    static final float LOWEST = -87f;
    static final float LOG2E = 1.44269504088896341f;
    static final float ROUND = 12582912f;
    static final float MINUS_LN2_HI = -0.693359375f;
    static final float MINUS_LN2_LO = 2.12194440e-4f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;
    /** Below this |x|, tanh x is its odd series to x⁷ (the exp form would lose relative accuracy). */
    static final float SMALL = 0.0625f;
    static final float T1 = -1f / 3;
    static final float T2 = 2f / 15;
    static final float T3 = -17f / 315;

    private FloatMath() {
    }

    /** e^y for y ≤ 0 (y below −87 gives e^−87, about 1.6e−38, in place of a subnormal). */
    static float exp(float y) {
        float c = Math.max(y, LOWEST);
        float n = c * LOG2E + ROUND - ROUND;
        float r = Math.fma(n, MINUS_LN2_HI, c);
        r = Math.fma(n, MINUS_LN2_LO, r);
        float poly = ((((((r * P0 + P1) * r + P2) * r + P3) * r + P4) * r + P5) * (r * r) + r) + 1f;
        return poly * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    /** tanh x from {@link #exp}. */
    static float tanh(float x) {
        float ax = Math.abs(x);
        float t;
        if (ax < SMALL) {
            float x2 = ax * ax;
            t = (((x2 * T3 + T2) * x2 + T1) * x2 + 1f) * ax;
        } else {
            float e2 = exp(ax * -2f);
            t = (-e2 + 1f) / (e2 + 1f);
        }
        return x < 0 ? -t : t;
    }

    /** σ(x) = 1/(1 + e^−x) from {@link #exp}, without overflow. */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float onePlus = e + 1f;
        return x < 0 ? e / onePlus : 1f / onePlus;
    }
}
