package org.timescalelab.ui.widget;

/**
 * The short explanations behind each chart's "?"; the longer story is under docs/. Formulas use
 * the markup {@link MathText} sets: {@code x^{−β}}, {@code τ_q}, {@code f_{gates}}.
 *
 * <p>Displayed text writes the estimate of β as βˆ (the spacing modifier circumflex): JavaFX's
 * text rendering drops a combining circumflex over tall letters (β̂ showed as a bare β, while α̂
 * and τ̂ render), so the whole UI package uses the spacing form for β.
 */
public final class Help {

    /** The loss chart. */
    public static final String LOSS = "Mean squared error L = (1/(B·|targets|)) Σ ½‖ŷ_t − y_t‖².\n"
            + "Train: the loss of each step's batch (faint) and its exponential moving average (slider).\n"
            + "Validation: the loss on a fixed, noise-free validation set.\n"
            + "Vertical lines mark live changes (learning rate, width, noise, α), task switches and divergences.\n"
            + "Under a task schedule (or after \"Switch task\"), every task keeps its own validation set and curve: an "
            + "earlier task's rising curve is its forgetting. A red line marks where an earlier task broke down: its "
            + "loss reached halfway between what it had learned and an untrained network's loss (one that outputs "
            + "zero), with the change of βˆ and H_N from the last pass before the switch to the first pass after.\n"
            + "After a switch the spectrum, envelope, window and phase charts overlay that last pass before it, dashed "
            + "(View → Overlay the regime before the last task switch).";

    /** The gate heatmap. */
    public static final String GATES = "Update fraction s_{t,q} of every unit q along one probe sequence: the gate s of the "
            + "gate family, z of the GRU, 1 − f of the LSTM, so that a constant gate means a time scale "
            + "τ = −1/ln(1 − s) ≈ 1/s.\nUnits are sorted by their mean gate (long time scales at the top).\n"
            + "Right: the fraction of saturated gates (s < 0.1: slow memory; s > 0.9: overwritten every step).";

    /** The time-scale spectrum. */
    public static final String SPECTRUM = "Time-scale spectrum p(τ): each unit's τ_q = −1/b_q from the least-squares slope "
            + "b_q of mean ln|μ^(q)(m,ℓ)| against ℓ (before the first diagnostics pass: the gate proxy "
            + "τ_q = −1/ln(1 − s̄_q)).\nHistogram over log₁₀ τ, or the complementary CDF P(τ' > τ) on log-log axes with the "
            + "tail fit P(τ > x) ≈ L x^{−β} between the 75% and 99.5% quantiles and its 90% bootstrap interval.\n"
            + "β < 1: a broad, heavy-tailed spectrum (long memory); β ≫ 1: collapsed onto one time scale.";

    /** The spectrum over training. */
    public static final String HISTORY = "The spectrum over training (gate proxy τ_q = −1/ln(1 − s̄_q)): each column is a "
            + "snapshot, each row a bin of log₁₀ τ, the colour the fraction of units in it — the way TensorBoard shows "
            + "histograms over time. Watch it spread (anti-collapse) or stay in one band (collapse).";

    /** The envelope f(ℓ). */
    public static final String ENVELOPE = "Envelope f(ℓ) = mean over sequences and window starts of Σ_q |μ^(q)(m,ℓ)|, with "
            + "μ^(q) = Λ^(q)(γ0 + γ1), γ0 = Π_j a_j^(q) (gates only), γ1 = γ0 Σ_j r_j/a_j.\n"
            + "f_{gates} uses γ0 only. Laplace: f_{pred}(ℓ) = Σ_q A_q e^{−ℓ/τ_q} from the units' fits.\n"
            + "Fit: the decay class chosen by weighted least squares and AIC, with ties (ΔAIC < 2) going to the simpler "
            + "law; a tempered power law counts as a power law only when its β is clearly above 0 and at least 8 lags "
            + "lie before its cut-off, else as exponential. The legend names the class; its rate with the 90% "
            + "interval is in the plot's top right, or \"cannot tell\" when fewer than 80% of bootstrap resamples of the sequences agree on the class.\n"
            + "The vertical line is H_N at the chosen N: lags beyond it are not detectable from N samples.";

    /** The effective learning rates. */
    public static final String RATES = "Per-unit, per-lag effective learning rates μ̄^(q)(ℓ) = mean |μ^(q)(m,ℓ)|: "
            + "how strongly an error at lag ℓ moves unit q's parameters. Log colour scale; units sorted by τ_q.\n"
            + "Gates turn one learning rate η into this whole map: slow units keep large rates at long lags.";

    /** The learnability window. */
    public static final String WINDOW = "Learnability window: along each of K random parameter directions, each diagnostic "
            + "sequence's whole update gives one α-stable noise fit (α̂, σ̂): the noise training sees, the same for every "
            + "lag. Each lag's matched statistic ψ_n(ℓ) gives its signal m̄(ℓ), the mean over directions of |mean_n ψ|. "
            + "Lag ℓ is detectable from N samples when m̄(ℓ) N^{1/κ}/σ̂ > ε (ε = 20, κ = α̂/(α̂−1), α̂ the median over "
            + "directions). A lag is resolved when the diagnostic sequences themselves see it (its own signal-to-noise "
            + "≥ 3 at their count); the dotted line marks the first unresolved lag. H_N is the first crossing: the lag "
            + "before the first one that is not detectable at N. It means somewhere in [H_N, next grid lag), and the "
            + "label says what bounds it: the data (learnability), the end of the sequence (sequence-bound), the "
            + "task's longest lag, or \"cannot tell\" where the crossing lies beyond what the sequences resolve "
            + "(a lower bound, ≥, orange).\n"
            + "Band: the 90% interval from resampling the sequences and the directions; a band to the top edge means "
            + "the sample cannot tell. Dashed: the window the envelope alone implies, N(ℓ) ∝ f(ℓ)^{−κ}, anchored at the "
            + "first resolved lag — where it parts from the measured curve the lags' signal does not follow f. "
            + "Overlay: the growth the envelope class predicts (exponential → H_N ∝ ln N, power → N^{1/(κβ)}), drawn "
            + "only where the class holds.\nToggles: \"paper's\" adds the window of the paper's code (noise fitted to "
            + "each lag's own samples, so the envelope cancels from it); α̂ shows each direction's tail index with its "
            + "interval (2 = Gaussian).";

    /** The (α̂, β̂) phase plane of the run. */
    public static final String PHASE = "The run's trajectory in the plane of the gradient-noise tail index α̂ (median over directions) "
            + "and the spectrum tail exponent βˆ, one point per diagnostics pass. Reference lines: α = 2 "
            + "(Gaussian noise) and β = 1 (critical spectrum). P3's picture: heavy-tailed noise (α̂ < 2) can hold βˆ "
            + "near or below 1 (anti-collapse); Gaussian noise lets the spectrum collapse (βˆ large).";

    /** The Compare tab's test of the talk's claim. */
    public static final String COMPARE_CLAIM = "The talk's comparative claim: an envelope that decays more slowly gives a larger "
            + "learnability window. Each run is one point: x = f(32)/f(1), how much of the summed effective learning rate "
            + "is left at lag 32 (log scale; higher is slower decay), y = H_N at N = 10⁷ (the window of every preset is 0 at N = 10⁴ against the whole update's noise; see docs/envelope-and-window.md).\n"
            + "Spearman's ρ over the runs (rank correlation, −1…1) measures whether the order agrees: ρ > 0 supports "
            + "the claim, ρ ≈ 0 or < 0 does not. With a handful of runs ρ is coarse (six runs: steps of 1/35), and "
            + "runs whose H_N is 0 tie. One seed per architecture says nothing about the spread between seeds.";

    /** The lab's time-scale histogram. */
    public static final String SDE_HISTOGRAM = "The live population of time scales: N particles ζ = −ln τ ≤ 0 follow "
            + "dζ = F(ζ) dt + σ dW − dJ with a wall at τ = 1; F is the pull towards short τ (collapse), σ the diffusion "
            + "and J compound-Poisson jumps (rate λ) towards long τ. The histogram is over log₁₀ τ in bins of 0.1 "
            + "decades, as a fraction of all particles; the first bin holds the mass at the wall.";

    /** The lab's survival function. */
    public static final String SDE_SURVIVAL = "Survival function P(τ > x) on log-log axes: a power-law tail P(τ > x) ≈ L x^{−β} "
            + "is a straight line of slope −β. βˆ is the least-squares slope between the 75% and 99.5% quantiles. "
            + "The dashed line is docs/timescale-sde.md's closed form where one exists: β = 2κ/σ² without jumps; β = b − λ/κ for "
            + "Exp(b) jumps without diffusion; in general the positive root of −κs + ½σ²s² + λ(E[e^{sY}] − 1) = 0.";

    /** The lab's implied envelope. */
    public static final String SDE_ENVELOPE = "The envelope the spectrum implies (Laplace): f(ℓ) = mean_i e^{−ℓ/τ_i}. A broad "
            + "spectrum (β < 1) gives a slow power-law decay f ~ L Γ(1+β) ℓ^{−β}; a collapsed one decays exponentially. "
            + "The dashed line is the selected decay-class fit (by AIC, ties to the simpler law).";

    /** The lab's implied window. */
    public static final String SDE_WINDOW = "Implied learnability window: with the noise scale as the unit of f, lag ℓ is "
            + "detectable from N samples when f(ℓ) N^{1/κ_α} > ε (ε = 20, κ_α = α/(α−1)), so N(ℓ) = (ε/f(ℓ))^{κ_α} "
            + "and H_N is the first crossing: the lag before the first one that is not detectable (60 lags from 1 to "
            + "10⁴; the envelope decreases, so this is the largest detectable lag). Heavier gradient noise (smaller α) raises κ_α "
            + "and shrinks the window.";

    /** The Sweeps tab's plot. */
    public static final String SWEEP = "Sweep results: every cell of the axis product is trained once per seed with the "
            + "Training tab's settings and the cell's values, then diagnosed once. The plot shows one column of "
            + "sweep.csv averaged over seeds: H_N at a reference N (the longest lag learnable from N samples), "
            + "βˆ (spectrum tail), the median α̂ (gradient-noise tail), the losses, or the fitted envelope rate "
            + "(1/τ, β or γ of the winning decay class). Two axes: heatmap; one axis: line with the lowest and "
            + "highest seed. Failed and diverged runs have no value.";

    /** The lab's phase diagram. */
    public static final String SDE_PHASE = "Phase diagram: each cell is a population simulated to stationarity (or t = 50) "
            + "with the two axis parameters set, coloured by the fitted tail βˆ (log colour, 0.1…10), the envelope class, "
            + "or H_N at the chosen N. Grey: no stationary law (ρ = λE[Y]/κ ≥ 1) or no fit. Dashed, for Exp(b) jumps "
            + "over λ/κ and b: ρ = 1 (λ/κ = b) and β = 1 (λ/κ = (b − 1)(1 − σ²/2κ)). Click a cell to load it into "
            + "the live simulation.";

    /** The lab's view of the trained network in the phase plane. */
    public static final String SDE_PLANE = "The trained network's counterpart of the phase diagram (P3): the training run's "
            + "trajectory in (α̂, βˆ), gradient-noise tail index against spectrum tail, one point per diagnostics pass. "
            + "Reference lines α = 2 (Gaussian) and β = 1 (critical). Empty until the training tab has run diagnostics.";

    /** The theory explorer's envelope. */
    public static final String THEORY_ENVELOPE = "Closed forms of each decay class (normalised to f(1) ≈ 1): exponential f = e^{−ℓ/τ}, power "
            + "f = ℓ^{−β}, logarithmic f = (1 + ln ℓ)^{−γ}.";

    /** The theory explorer's minimal sample sizes. */
    public static final String THEORY_SAMPLES = "Minimal sample size N(ℓ) = (ε / f(ℓ))^{κ_α} (ε = 20): exponential "
            + "∝ e^{κ_α ℓ/τ}, power ∝ ℓ^{κ_α β}, logarithmic ∝ (ln ℓ)^{κ_α γ}.";

    /** The theory explorer's window. */
    public static final String THEORY_WINDOW = "Learnability window H_N, the inverse of N(ℓ): exponential τ (ln N/κ_α − ln ε) "
            + "(logarithmic growth), power (N^{1/κ_α}/ε)^{1/β} (polynomial), logarithmic exp((N^{1/κ_α}/ε)^{1/γ} − 1) "
            + "(stretched exponential). Points: the training run's measured H_N(N) (its own signal and noise scale).";

    /** The keyboard shortcuts (Help → Keyboard shortcuts). */
    public static final String SHORTCUTS = "Space  start / pause\nS  one step\nR  reset to the same start (asks first once trained)\n"
            + "Page Up / Page Down  the other page of charts (classroom mode, narrow window)\n"
            + "Ctrl+E  export the dashboard as PNG\nCtrl+S  save run…\nCtrl+O  open run…\nCtrl+Q  quit (offers to save)\n"
            + "Ctrl+L  classroom mode\nDouble-click a chart  enlarge / restore\nEsc  restore an enlarged chart";

    private Help() {
    }
}
