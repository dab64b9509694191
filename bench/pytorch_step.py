#!/usr/bin/python3
"""The same training step as `./timescale-lab bench --optimizer SGD`, in PyTorch, for a side-by-side.

One model per architecture of docs/models.md, "Architectures", each as a researcher would write it:
- CONST_GATE, SHARED_GATE, DIAG_GATE: the leaky-integrator cell h_t = h_{t-1} + s_t * (tanh(a_t) - h_{t-1})
  written as a Python loop over time with autograd (a custom cell: PyTorch has no such module),
  with s fixed at 0.05, one scalar sigmoid gate, or one sigmoid gate per unit; the gate rows are
  stacked under the candidate's so each step is one matrix product, as in the Java kernel;
- GRU and LSTM: torch.nn.GRU and torch.nn.LSTM (their fused C++ loops).
A linear readout at every step, mean squared error, one SGD update; float32. Shapes default to the
Java bench's: batch 32, length 128, input 4 (the demo task's D), output 1.

Needs Debian's python3-torch with OpenBLAS (apt-get install -y python3-torch
libopenblas0-pthread: without OpenBLAS torch falls back to the reference BLAS and is several
times slower, which would flatter the Java side). Run it with the threads the comparison wants:
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/pytorch_step.py --threads 2 --csv bench/pytorch.csv
(Debian's own python3: a python3 from pyenv or a venv does not see the python3-torch package.)
Timing: median and interquartile range of --repeats steps after --warmup untimed ones.
"""
import argparse
import os
import statistics
import sys
import time

import torch


def sgd(loss, params, lr):
    """Backpropagates the loss and takes one plain SGD step on params."""
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad


ARCHITECTURES = ["CONST_GATE", "SHARED_GATE", "DIAG_GATE", "GRU", "LSTM"]


def step_fn(arch, h_size, batch, length, inputs, outputs, lr):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(length, batch, inputs, generator=g)
    y = torch.randn(length, batch, outputs, generator=g)
    if arch in ("GRU", "LSTM"):
        rnn = (torch.nn.GRU if arch == "GRU" else torch.nn.LSTM)(inputs, h_size)
        readout = torch.nn.Linear(h_size, outputs)
        params = list(rnn.parameters()) + list(readout.parameters())

        def step():
            out, _ = rnn(x)
            sgd(0.5 * ((readout(out) - y) ** 2).sum(-1).mean(), params, lr)
        return step

    gate_rows = {"CONST_GATE": 0, "SHARED_GATE": 1, "DIAG_GATE": h_size}[arch]
    rows = h_size + gate_rows
    scale = 1.0 / (h_size ** 0.5)
    w_in = (torch.randn(inputs, rows, generator=g) * scale).requires_grad_()
    u = (torch.randn(h_size, rows, generator=g) * scale).requires_grad_()
    b = torch.zeros(rows).requires_grad_()
    w_out = (torch.randn(h_size, outputs, generator=g) * scale).requires_grad_()
    b_out = torch.zeros(outputs).requires_grad_()
    params = [w_in, u, b, w_out, b_out]

    def step():
        # One GEMM for the inputs of all steps, split once: indexing projected[t] inside the loop
        # would make autograd build a full-size zero gradient per step (O(T²) in the backward pass).
        projected = (x @ w_in + b).unbind(0)
        h = torch.zeros(batch, h_size)
        states = []
        for t in range(length):
            pre = projected[t] + h @ u
            cand = torch.tanh(pre[:, :h_size])
            s = 0.05 if gate_rows == 0 else torch.sigmoid(pre[:, h_size:])
            h = h + s * (cand - h)
            states.append(h)
        out = torch.stack(states) @ w_out + b_out
        sgd(0.5 * ((out - y) ** 2).sum(-1).mean(), params, lr)
    return step


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--width", type=int, nargs="+", default=[32, 64, 128, 256])
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--length", type=int, default=128)
    ap.add_argument("--inputs", type=int, default=4)
    ap.add_argument("--outputs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--arch", nargs="+", default=ARCHITECTURES, choices=ARCHITECTURES)
    ap.add_argument("--csv", help="also write the table as CSV")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    blas = ", ".join(os.path.basename(os.path.dirname(l)) + "/" + os.path.basename(l) for l in libs) or "no BLAS library found"
    print(f"torch {torch.__version__} ({blas}), {a.threads} threads, OMP_WAIT_POLICY="
          f"{os.environ.get('OMP_WAIT_POLICY', 'unset')}; batch {a.batch}, length {a.length}, "
          f"inputs {a.inputs}, float32, SGD")
    print(f"{'model':<12} {'H':>5} {'median ms':>10} {'IQR ms':>18}")
    rows = ["model,width,batch,length,median_ms,q1_ms,q3_ms"]
    for model in a.arch:
        for h in a.width:
            step = step_fn(model, h, a.batch, a.length, a.inputs, a.outputs, 1e-3)
            for _ in range(a.warmup):
                step()
            ms = []
            for _ in range(a.repeats):
                t0 = time.perf_counter()
                step()
                ms.append((time.perf_counter() - t0) * 1e3)
            q = statistics.quantiles(ms, n=4)
            med = statistics.median(ms)
            print(f"{model:<12} {h:>5} {med:>10.2f} {q[0]:>8.2f} – {q[2]:<7.2f}")
            sys.stdout.flush()
            rows.append(f"{model},{h},{a.batch},{a.length},{med:.4f},{q[0]:.4f},{q[2]:.4f}")
    if a.csv:
        with open(a.csv + ".tmp", "w") as f:
            f.write("\n".join(rows) + "\n")
        os.replace(a.csv + ".tmp", a.csv)


if __name__ == "__main__":
    main()
