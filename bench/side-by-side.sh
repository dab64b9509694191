#!/usr/bin/env bash
# Runs the Java training step (./timescale-lab bench, SGD, float32) and the same model in PyTorch
# (bench/pytorch_step.py) one after the other on this machine, and prints the ratio per width.
# Needs Debian's python3-torch with OpenBLAS (see bench/pytorch_step.py). Writes
# bench/results/java.csv and bench/results/pytorch.csv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p bench/results
widths="${WIDTHS:-32 64 128 256}"
./timescale-lab bench --optimizer SGD --dtype FLOAT32 --no-diagnostics --width "${widths// /,}" \
  --csv bench/results/java.csv
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/pytorch_step.py --threads 2 --gru --width $widths \
  --csv bench/results/pytorch.csv
/usr/bin/python3 - <<'PY'
import csv
java = {int(r["width"]): float(r["median_ms"]) for r in csv.DictReader(open("bench/results/java.csv"))}
torch = {}
for r in csv.DictReader(open("bench/results/pytorch.csv")):
    torch.setdefault(r["model"], {})[int(r["width"])] = float(r["median_ms"])
print(f"{'H':>5} {'Java ms':>9} {'PyTorch cell ms':>16} {'nn.GRU ms':>10} {'Java ÷ cell':>12}")
for h in sorted(java):
    cell = torch.get("cell", {}).get(h, float("nan"))
    gru = torch.get("nn.GRU", {}).get(h, float("nan"))
    print(f"{h:>5} {java[h]:>9.2f} {cell:>16.2f} {gru:>10.2f} {java[h] / cell:>12.2f}")
PY
