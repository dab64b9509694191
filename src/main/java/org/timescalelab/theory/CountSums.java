package org.timescalelab.theory;

import java.util.stream.IntStream;

/**
 * Count-weighted column sums of one table for every bootstrap draw at once:
 * out[d][j] = Σ_i counts[d][i] · rows[i][j] (docs/envelope-and-window.md, "Uncertainty": a resample
 * is a vector of counts over the sequences, so a resample's mean is one such sum).
 *
 * <p>Implementation notes: the product is blocked over {@value #BLOCK} draws, so each table row is
 * read once per block instead of once per draw (a draw-at-a-time loop over a 2048-row table streamed
 * it from memory 201 times per direction: the bootstrap's main cost), and within a block four draws
 * share each load of a row element. The inner loop runs along a row, element by element, which the
 * JIT vectorizes. Blocks run in parallel on the common pool; each
 * sum is taken in row order whatever the scheduling, so the result is deterministic. Stateless.
 */
final class CountSums {

    /** Draws per block: 8 draws × a 400-column row of sums stay in the first-level cache. */
    private static final int BLOCK = 8;

    private CountSums() {
    }

    /**
     * @param counts [draw][row], how often each row is drawn
     * @param rows   [row][column]; every row of one length
     * @return [draw][column]
     */
    static double[][] of(int[][] counts, double[][] rows) {
        int draws = counts.length;
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[][] out = new double[draws][cols];
        int blocks = (draws + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int d0 = b * BLOCK;
            int d1 = Math.min(draws, d0 + BLOCK);
            for (int i = 0; i < rows.length; i++) {
                double[] row = rows[i];
                int d = d0;
                // Four draws per sweep of the row: one load of row[j] feeds four sums.
                for (; d + 4 <= d1; d += 4) {
                    double w0 = counts[d][i];
                    double w1 = counts[d + 1][i];
                    double w2 = counts[d + 2][i];
                    double w3 = counts[d + 3][i];
                    double[] o0 = out[d];
                    double[] o1 = out[d + 1];
                    double[] o2 = out[d + 2];
                    double[] o3 = out[d + 3];
                    for (int j = 0; j < cols; j++) {
                        double v = row[j];
                        o0[j] += w0 * v;
                        o1[j] += w1 * v;
                        o2[j] += w2 * v;
                        o3[j] += w3 * v;
                    }
                }
                for (; d < d1; d++) {
                    double w = counts[d][i];
                    double[] o = out[d];
                    for (int j = 0; j < cols; j++) {
                        o[j] += w * row[j];
                    }
                }
            }
        });
        return out;
    }
}
