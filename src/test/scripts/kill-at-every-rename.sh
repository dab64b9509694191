#!/usr/bin/env bash
# Kills a training run at every rename(2) it makes, twice in a row, and checks what the run
# directory's contract promises (docs/command-line.md, "A killed run always resumes"):
#
#   - every killed run is recoverable with the command the app names (train --resume DIR, or for a
#     set-up killed before its first checkpoint, train --out DIR again), and then ends with the same
#     parameters, bit for bit, and the same metrics rows as a run that was never killed;
#   - metrics.csv holds every step once: no gap, no duplicate;
#   - a command refused on a damaged run directory changes no file of it;
#   - --overwrite through a symbolic link, and a second writer, touch nothing outside the run.
#
# Usage (by hand: it needs strace, and takes about 3 s per JVM start):
#   src/test/scripts/kill-at-every-rename.sh [--every K] [WORKDIR]
# --every K kills at every K-th rename only (default 1: all of them). Exit status 0 when every
# count in the summary that must be zero is zero.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
every=1
if [ "${1:-}" = "--every" ]; then every="$2"; shift 2; fi
work="${1:-$(mktemp -d /tmp/timescale-kills.XXXXXX)}"
mkdir -p "$work"
command -v strace >/dev/null || { echo "needs strace (apt-get install strace)" >&2; exit 2; }

# Build once, then run a copy of the jars: an edit of the sources while this runs would make the
# launcher rebuild them half-way through.
"$here/timescale-lab" --version >/dev/null 2>&1 || { echo "cannot start $here/timescale-lab" >&2; exit 2; }
rm -rf "$work/app"; mkdir -p "$work/app"
cp -r "$here/target/timescale-lab.jar" "$here/target/lib" "$work/app/"
. "$here/jlink/native-env.sh"
launcher="$work/app/timescale-lab"
printf '#!/bin/sh\nexec java -XX:+UseG1GC --add-modules jdk.incubator.vector -cp "%s" org.timescalelab.Launcher "$@"\n' \
  "$work/app/timescale-lab.jar:$work/app/lib/*" > "$launcher"
chmod +x "$launcher"
app() { "$launcher" "$@"; }

cat > "$work/tiny.json" <<'EOF'
{"model": {"width": 8}, "task": {"sequenceLength": 16, "lags": [2, 3], "coefficients": [0.5, 0.5], "validationSize": 8},
 "training": {"steps": 20, "batchSize": 4}, "engine": {"probeSize": 4, "checkpointEvery": 4, "logEvery": 1},
 "diagnostics": {"every": 10, "sequences": 16, "envelopeSequences": 4, "directions": 2, "bootstrap": 20,
                 "gradientSamples": 0}}
EOF

# Files of the user's beside the runs, named like the app's own: nothing may touch them.
outside="$work/outside"
mkdir -p "$outside"
for f in parameters.npy state.json metrics.csv config.json envelope.csv; do echo "mine: $f" > "$outside/$f"; done
sums() { (cd "$1" && find . -type f ! -name '.timescale-lab.lock' -print0 | sort -z | xargs -0 -r sha256sum); }
outside_before="$(sums "$outside")"

# metrics.csv without the wall-clock column (steps_per_sec), which differs between any two runs.
rows() { cut -d, -f1-7,9- "$1/metrics.csv"; }
steps_ok() { # every step 1..20 exactly once, in order
  awk -F, 'NR > 1 { if ($1 != NR - 1) bad = 1 } END { exit (bad || NR != 21) }' "$1/metrics.csv"
}

ref="$work/reference"
rm -rf "$ref"
strace -f -qq -o "$work/reference.trace" -e trace=rename "$launcher" train --config "$work/tiny.json" --out "$ref" \
  >/dev/null 2>&1 || { echo "the reference run failed" >&2; exit 2; }
renames=$(grep -c 'rename(' "$work/reference.trace")
resume_renames=12
echo "reference run: $renames renames; killing at every ${every}. of them, then its resume at one of its first $resume_renames"

# Runs the app with a SIGKILL injected at its when-th rename; true when the kill happened.
killed_at() {
  local when=$1; shift
  { strace -f -qq -o /dev/null -e trace=rename -e inject=rename:signal=SIGKILL:when="$when" \
      "$launcher" "$@" >/dev/null 2>&1; } 2>/dev/null
  [ $? -eq 137 ]
}

kills=0; unrecoverable=0; mismatched=0; gaps=0; notes=""
for ((n = 1; n <= renames; n += every)); do
  d="$work/k$n"
  rm -rf "$d"
  killed_at "$n" train --config "$work/tiny.json" --out "$d" && kills=$((kills + 1))
  m=$(( (n * 5) % resume_renames + 1 ))
  killed_at "$m" train --resume "$d" && kills=$((kills + 1))
  if ! app train --resume "$d" >"$d.log" 2>&1; then
    if grep -q "has no checkpoint" "$d.log" && app train --config "$work/tiny.json" --out "$d" >>"$d.log" 2>&1; then
      :
    else
      unrecoverable=$((unrecoverable + 1)); notes="$notes\n  rename $n then $m: $(grep -v WARNING "$d.log" | tail -1)"
      continue
    fi
  fi
  if ! cmp -s "$ref/checkpoint/parameters.npy" "$d/checkpoint/parameters.npy" || [ "$(rows "$ref")" != "$(rows "$d")" ]; then
    mismatched=$((mismatched + 1)); notes="$notes\n  rename $n then $m: ends unlike the uninterrupted run"
  fi
  steps_ok "$d" || { gaps=$((gaps + 1)); notes="$notes\n  rename $n then $m: metrics.csv has a gap or a duplicate"; }
  rm -rf "$d" "$d.second" "$d.log"
done

# Damaged histories and values: refused (exit not 0), and no file of the run changed.
refused=0; accepted=0; rewrote=0
damage() { # name, then a shell snippet run in the copy's folder
  local c="$work/damage-$1"
  rm -rf "$c"; cp -a "$ref" "$c"
  (cd "$c" && eval "$2")
  local before; before="$(sums "$c")"
  if app train --resume "$c" >"$c.log" 2>&1; then
    accepted=$((accepted + 1)); notes="$notes\n  damage '$1' was accepted"
  else
    refused=$((refused + 1))
  fi
  [ "$before" = "$(sums "$c")" ] || { rewrote=$((rewrote + 1)); notes="$notes\n  damage '$1': a refused resume changed files"; }
  rm -rf "$c" "$c.log"
}
damage "rows 11-15 deleted" "sed -i '12,16d' metrics.csv"
damage "rows repeated" "tail -n 5 metrics.csv >> metrics.csv"
damage "metrics.csv deleted" "rm metrics.csv"
damage "step edited to 25" "sed -i 's/\"step\" : 20,/\"step\" : 25,/' checkpoint/state.json"
damage "learning rate -1" "sed -i 's/\"learningRate\" : 0.001,/\"learningRate\" : -1,/' checkpoint/state.json"
damage "learning rate NaN" "sed -i 's/\"learningRate\" : 0.001,/\"learningRate\" : \"NaN\",/' checkpoint/state.json"
damage "negative optimizer steps" "sed -i 's/\"optimizerSteps\" : 20,/\"optimizerSteps\" : -3,/' checkpoint/state.json"
damage "NaN parameter" "printf '\\x00\\x00\\x00\\x00\\x00\\x00\\xf8\\x7f' | dd of=checkpoint/parameters.npy bs=1 seek=\$((\$(stat -c %s checkpoint/parameters.npy) - 8)) conv=notrunc status=none"
damage "parameters are a FIFO" "rm checkpoint/parameters.npy && mkfifo checkpoint/parameters.npy"
damage "state.json not UTF-8" "printf '\\xff\\xfe' >> checkpoint/state.json"

# --overwrite through links: refused, and the user's folder untouched.
for link in checkpoint checkpoints diagnostics; do
  c="$work/link-$link"
  rm -rf "$c"; cp -a "$ref" "$c"
  rm -rf "$c/$link"; ln -s "$outside" "$c/$link"
  before="$(sums "$c")"
  if app train --config "$work/tiny.json" --out "$c" --overwrite >"$c.log" 2>&1; then
    accepted=$((accepted + 1)); notes="$notes\n  --overwrite through a link at $link/ was accepted"
  else
    refused=$((refused + 1))
  fi
  [ "$before" = "$(sums "$c")" ] || { rewrote=$((rewrote + 1)); notes="$notes\n  refused --overwrite ($link/ a link) changed files"; }
  rm -rf "$c" "$c.log"
done

# Two writers at once: the second is refused naming the first, and the run ends whole.
c="$work/two-writers"
rm -rf "$c"
app train --config "$work/tiny.json" --out "$c" --steps 2 >/dev/null 2>&1
app train --resume "$c" --steps 5000 >"$c.first" 2>&1 &
first=$!
for _ in $(seq 1 100); do grep -q "$first" "$c/.timescale-lab.lock" 2>/dev/null && break; sleep 0.1; done
app train --resume "$c" --steps 5000 >"$c.second" 2>&1; second=$?
wait $first; first_rc=$?
if [ $second -ne 0 ] && grep -q "in use by process" "$c.second" && [ $first_rc -eq 0 ]; then
  refused=$((refused + 1))
else
  accepted=$((accepted + 1)); notes="$notes\n  two writers: second exit $second, first exit $first_rc"
fi
awk -F, 'NR > 1 { if ($1 != NR - 1) bad = 1 } END { exit (bad || NR != 5001) }' "$c/metrics.csv" \
  || { gaps=$((gaps + 1)); notes="$notes\n  two writers: metrics.csv has a gap or a duplicate"; }
rm -rf "$c" "$c.first" "$c.second"

touched=$(diff <(echo "$outside_before") <(sums "$outside") | grep -c '^[<>]')

echo "kills injected: $kills (at $(( (renames + every - 1) / every )) renames of train, each followed by a killed resume)"
echo "unrecoverable runs: $unrecoverable"
echo "runs ending unlike the uninterrupted one: $mismatched"
echo "runs with gaps or duplicates in metrics.csv: $gaps"
echo "damaged or unsafe commands refused: $refused, accepted: $accepted"
echo "refused commands that changed a file: $rewrote"
echo "files outside the run directories touched: $touched"
[ -n "$notes" ] && printf "details:$notes\n"
[ $((unrecoverable + mismatched + gaps + accepted + rewrote + touched)) -eq 0 ]
