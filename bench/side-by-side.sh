#!/usr/bin/env bash
# Runs the Java training step (./timescale-lab bench, SGD, float32) of all five architectures and
# the same models in PyTorch (bench/pytorch_step.py: the custom-cell loop for the gate family,
# nn.GRU and nn.LSTM) one after the other on this machine, both on THREADS threads (default 2),
# and prints, per architecture and width, both medians, the speed-up (PyTorch ÷ Java) and the
# Java step's share of the machine's fp32 peak. Needs Debian's python3-torch with OpenBLAS (see
# bench/pytorch_step.py). Writes bench/results/java-<ARCH>.csv and bench/results/pytorch.csv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p bench/results
widths="${WIDTHS:-32 64 128 256}"
threads="${THREADS:-2}"
archs="${ARCHS:-CONST_GATE SHARED_GATE DIAG_GATE GRU LSTM}"
for arch in $archs; do
  ./timescale-lab bench --arch "$arch" --optimizer SGD --dtype FLOAT32 --no-diagnostics --width "${widths// /,}" \
    --threads "$threads" --warmup 40 --repeats 30 --csv "bench/results/java-$arch.csv"
done
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/pytorch_step.py --threads "$threads" --arch $archs --width $widths \
  --csv bench/results/pytorch.csv
ARCHS="$archs" /usr/bin/python3 - <<'PY'
import csv, os
torch = {(r["model"], int(r["width"])): float(r["median_ms"]) for r in csv.DictReader(open("bench/results/pytorch.csv"))}
peer = {"GRU": "nn.GRU", "LSTM": "nn.LSTM"}
print(f"{'arch':<12} {'H':>5} {'Java ms':>9} {'PyTorch ms':>11} {'PyTorch peer':<14} {'speed-up':>9} {'Java % peak':>12}")
for arch in os.environ["ARCHS"].split():
    for r in csv.DictReader(open(f"bench/results/java-{arch}.csv")):
        h = int(r["width"])
        j = float(r["median_ms"])
        t = torch.get((arch, h), float("nan"))
        print(f"{arch:<12} {h:>5} {j:>9.2f} {t:>11.2f} {peer.get(arch, 'custom cell'):<14} {t / j:>8.2f}× "
              f"{float(r['percent_of_peak']):>11.1f}%")
PY
