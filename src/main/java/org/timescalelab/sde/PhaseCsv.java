package org.timescalelab.sde;

import java.util.List;

import org.timescalelab.run.Csv;
import org.timescalelab.theory.PhaseDiagram;

/** A phase diagram's cells as CSV ({@code phase.csv} and the lab's export). Stateless. */
public final class PhaseCsv {

    private PhaseCsv() {
    }

    /** The cells as CSV: x, y, beta_hat with its interval, class, rho, stationary. */
    public static String of(List<PhaseDiagram.Cell> cells) {
        Csv.Table t = Csv.table("x", "y", "beta_hat", "beta_low", "beta_high", "class", "rho", "stationary");
        cells.forEach(c -> t.row(c.x(), c.y(), c.betaHat(), c.betaLow(), c.betaHigh(), c.decayClass(), c.rho(), c.stationary()));
        return t.toString();
    }
}
