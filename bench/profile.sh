#!/usr/bin/env bash
# Profiles the training step with Java Flight Recorder and prints where the time and the heap
# allocations go. Usage: bench/profile.sh [WIDTH] [STEPS]   (defaults 32 and 400; SGD, float32,
# B = 32, T = 128, the model of bench/pytorch_step.py). The recording stays in
# target/profile-<WIDTH>.jfr for JDK Mission Control.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
width="${1:-32}"
steps="${2:-400}"
jfr_file="target/profile-$width.jfr"
mkdir -p target
TIMESCALE_JAVA_OPTS="${TIMESCALE_JAVA_OPTS:--XX:+UseG1GC} -XX:StartFlightRecording=filename=$jfr_file,settings=profile" \
  ./timescale-lab bench --width "$width" --dtype FLOAT32 --optimizer SGD --no-diagnostics \
  --warmup 50 --repeats "$steps" >&2
jfr print --json --stack-depth 64 \
  --events jdk.ExecutionSample,jdk.NativeMethodSample,jdk.ObjectAllocationSample "$jfr_file" \
  | /usr/bin/python3 "$root/bench/profile_summary.py"
