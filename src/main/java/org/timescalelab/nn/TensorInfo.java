package org.timescalelab.nn;

/**
 * Where one named parameter tensor lives in a model's flat parameter vector.
 *
 * <p>Every parameter of a model is a row-major block of one flat vector θ; tensors of one kind
 * (for example the input matrices W_h and W_s) are stacked so that a single matrix product serves
 * all of them. A tensor's rows or columns are "hidden" when their count is the width H: those are
 * the axes that grow or shrink when the width changes.
 *
 * @param name       name in the notation of docs/models.md, e.g. {@code U_h}
 * @param offset     index of element (0, 0) in θ
 * @param rows       number of rows
 * @param cols       number of columns
 * @param hiddenRows whether the rows index hidden units
 * @param hiddenCols whether the columns index hidden units
 * @param meaning    orientation and role, e.g. "H×H, used as U_h·h_{t−1}"
 */
public record TensorInfo(String name, long offset, int rows, int cols,
                         boolean hiddenRows, boolean hiddenCols, String meaning) {

    /** Number of elements. */
    public int size() {
        return rows * cols;
    }
}
