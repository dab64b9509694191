package org.timescalelab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The flat layout θ = [W_in | U_rec | b | W_out | b_out] shared by every architecture.
 *
 * <p>{@code W_in} stacks the input matrices of all blocks (R×D), {@code U_rec} the recurrent ones
 * (R×H), {@code b} their biases (R), where R is the total number of stacked rows (H per gate or
 * candidate block, 1 for the shared scalar gate). Stacking lets one matrix product serve every
 * gate of a step, and the flat vector lets the optimizer update all parameters in a few
 * element-wise operations.
 */
final class ParameterLayout {

    /**
     * One stacked block of rows: an input matrix, a recurrent matrix and a bias.
     *
     * @param zeroWeights whether the block's matrices start at zero (gate-family gates) rather
     *                    than Glorot-uniform (input) and orthogonal (recurrent)
     * @param biasInit    the initial value of every bias entry
     */
    record Block(String input, String recurrent, String bias, int rows, boolean hidden, String role,
                 boolean zeroWeights, double biasInit) {
    }

    private final List<Block> blocks;
    private final List<TensorInfo> tensors;
    private final int width;
    private final int inputSize;
    private final int outputSize;
    private final int stackedRows;

    ParameterLayout(List<Block> blocks, int width, int inputSize, int outputSize) {
        this.blocks = List.copyOf(blocks);
        this.width = width;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.stackedRows = blocks.stream().mapToInt(Block::rows).sum();
        this.tensors = Collections.unmodifiableList(buildTensors());
    }

    private List<TensorInfo> buildTensors() {
        int d = inputSize;
        int h = width;
        List<TensorInfo> list = new ArrayList<>();
        long offset = inputOffset();
        for (Block b : blocks) {
            list.add(new TensorInfo(b.input(), offset, b.rows(), d, b.hidden(), false,
                    rowsText(b) + "×D, used as " + b.input() + "·x_t (" + b.role() + ")"));
            offset += (long) b.rows() * d;
        }
        for (Block b : blocks) {
            list.add(new TensorInfo(b.recurrent(), offset, b.rows(), h, b.hidden(), true,
                    rowsText(b) + "×H, used as " + b.recurrent() + "·h_{t−1} (" + b.role() + ")"));
            offset += (long) b.rows() * h;
        }
        for (Block b : blocks) {
            list.add(new TensorInfo(b.bias(), offset, 1, b.rows(), false, b.hidden(),
                    "1×" + rowsText(b) + ", bias of the " + b.role()));
            offset += b.rows();
        }
        list.add(new TensorInfo("W_out", offset, outputSize, h, false, true,
                "O×H, used as ŷ_t = W_out·h_t + b_out"));
        offset += (long) outputSize * h;
        list.add(new TensorInfo("b_out", offset, 1, outputSize, false, false, "1×O, readout bias"));
        return list;
    }

    private static String rowsText(Block b) {
        return b.hidden() ? "H" : String.valueOf(b.rows());
    }

    List<Block> blocks() {
        return blocks;
    }

    List<TensorInfo> tensors() {
        return tensors;
    }

    /** Whether a tensor is a per-unit bias vector (1×H: its columns are the units themselves). */
    boolean isBias(String name) {
        return blocks().stream().anyMatch(b -> b.bias().equals(name));
    }

    TensorInfo tensor(String name) {
        for (TensorInfo t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no parameter named " + name);
    }

    int stackedRows() {
        return stackedRows;
    }

    long inputOffset() {
        return 0;
    }

    long recurrentOffset() {
        return (long) stackedRows * inputSize;
    }

    long biasOffset() {
        return recurrentOffset() + (long) stackedRows * width;
    }

    long readoutOffset() {
        return biasOffset() + stackedRows;
    }

    long readoutBiasOffset() {
        return readoutOffset() + (long) outputSize * width;
    }

    long size() {
        return readoutBiasOffset() + outputSize;
    }
}
