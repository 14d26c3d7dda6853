#!/usr/bin/env bash
# The scale benchmark (issue 7): `tender evaluate` and `tender verify` (release build) against the
# floor (floor.sh: xmllint --schema, then sha256sum, over every file of the case, one core) on a
# synthetic case of N bids made by tender-bench-gen. Interleaved: each round runs every command
# once (hyperfine --runs 1, in the same order), ROUNDS rounds; medians over the rounds, ratios of
# medians, and peak RSS of each command (/usr/bin/time -v, one run each after the rounds).
#
# usage: Benchmarks/run.sh N [ROUNDS]      (default 5 rounds; cases are kept in $BENCH_DIR,
#                                           default /tmp/tendertrail-bench, and reused)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:?usage: Benchmarks/run.sh N [ROUNDS]}
rounds=${2:-5}
work=${BENCH_DIR:-/tmp/tendertrail-bench}
case_dir="$work/case-$count"
out="$work/run-$count-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
command -v hyperfine >/dev/null || { echo "error: hyperfine is missing (apt-get install -y hyperfine)"; exit 2; }
[ -x /usr/bin/time ] || { echo "error: GNU time is missing (apt-get install -y time)"; exit 2; }

# Swift 6.3.1's optimiser crashes on some of the package's functions in release builds
# (CopyPropagation, "Found outside of lifetime use", signal 6: RankReversal.check,
# RankingTable.render); copy propagation is turned off for the whole release build instead.
build=(swift build -c release -Xswiftc -Xfrontend -Xswiftc -enable-copy-propagation=false)
if [ -n "${BENCH_BIN:-}" ]; then
    bin=$BENCH_BIN # prebuilt tender and tender-bench-gen (release)
else
    "${build[@]}" --product tender >&2
    "${build[@]}" --product tender-bench-gen >&2
    bin=$("${build[@]}" --show-bin-path)
fi
# BASELINE_TENDER: another tender binary (say, the commit before the optimisations) timed in the
# same rounds, for before/after figures.
baseline=()
if [ -n "${BASELINE_TENDER:-}" ]; then
    baseline=(-n "evaluate (before)" "$BASELINE_TENDER evaluate $case_dir"
        -n "verify (before)" "$BASELINE_TENDER verify $case_dir --quiet")
fi
if [ ! -d "$case_dir" ]; then
    echo "== generating $case_dir" >&2
    "$bin/tender-bench-gen" "$count" "$case_dir.tmp"
    mv "$case_dir.tmp" "$case_dir"
fi
echo "== checking: the case verifies, evaluate finds its evaluation recorded" >&2
"$bin/tender" verify "$case_dir" --quiet
"$bin/tender" evaluate "$case_dir" >/dev/null
Benchmarks/floor.sh "$case_dir"

files=$(find "$case_dir" -type f ! -name .lock | wc -l)
bytes=$(du -sb "$case_dir" | cut -f1)
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "load before: $(uptime | sed 's/.*load average: //')"
    echo "case: $case_dir, N=$count, $files files, $bytes bytes"
} | tee "$out/machine.txt" >&2

for round in $(seq 1 "$rounds"); do
    echo "== round $round/$rounds" >&2
    hyperfine --runs 1 --style basic --export-json "$out/round-$round.json" \
        -n floor "Benchmarks/floor.sh $case_dir" \
        -n "tender evaluate" "$bin/tender evaluate $case_dir" \
        -n "tender verify" "$bin/tender verify $case_dir --quiet" \
        -n "floor (inputs only)" "Benchmarks/floor.sh $case_dir inputs" "${baseline[@]}" >&2
done
echo "load after: $(uptime | sed 's/.*load average: //')" | tee -a "$out/machine.txt" >&2

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }
{
    echo "floor $(rss Benchmarks/floor.sh "$case_dir")"
    echo "tender-evaluate $(rss "$bin/tender" evaluate "$case_dir")"
    echo "tender-verify $(rss "$bin/tender" verify "$case_dir" --quiet)"
    if [ -n "${BASELINE_TENDER:-}" ]; then
        echo "evaluate-before $(rss "$BASELINE_TENDER" evaluate "$case_dir")"
        echo "verify-before $(rss "$BASELINE_TENDER" verify "$case_dir" --quiet)"
    fi
} >"$out/rss.txt"

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
times = {}
for r in range(1, rounds + 1):
    for result in json.load(open(f"{out}/round-{r}.json"))["results"]:
        times.setdefault(result["command"], []).append(result["times"][0])
rss = dict(line.split() for line in open(f"{out}/rss.txt"))
rss_name = {"floor": "floor", "tender evaluate": "tender-evaluate", "tender verify": "tender-verify",
            "evaluate (before)": "evaluate-before", "verify (before)": "verify-before"}
floor = statistics.median(times["floor"])
lines = ["| command | median (s) | min (s) | max (s) | runs | × floor | peak RSS (MB) |",
         "|---|---:|---:|---:|---:|---:|---:|"]
for name, values in times.items():
    median = statistics.median(values)
    peak = rss.get(rss_name.get(name, ""), "")
    peak = f"{int(peak) / 1024:.0f}" if peak else "—"
    lines.append(f"| {name} | {median:.3f} | {min(values):.3f} | {max(values):.3f} | {len(values)} |"
                 f" {median / floor:.2f} | {peak} |")
table = "\n".join(lines)
open(f"{out}/table.md", "w").write(table + "\n")
print(open(f"{out}/machine.txt").read() + "\n" + table)
PY
echo "(raw results in $out)" >&2
