#!/usr/bin/env bash
# The scale benchmark (issue 7): `tender evaluate` and `tender verify` (release build) against the
# floor (floor.sh: xmllint --schema, then sha256sum, over every file of the case, one core) on a
# synthetic case of N bids made by tender-bench-gen. Interleaved: each round runs every command
# once (hyperfine --runs 1, in the same order), ROUNDS rounds; medians over the rounds, ratios of
# medians, and the peak RSS of each command over its runs (GNU time, %M).
#
# usage: Benchmarks/run.sh N [ROUNDS]      (default 5 rounds; cases are kept in $BENCH_DIR,
#                                           default /tmp/tendertrail-bench, and reused)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: Benchmarks/run.sh N [ROUNDS]   (N bids, a positive whole number; see Benchmarks/README.md)" >&2
    exit 2
fi
count=$1
rounds=${2:-5}
command -v hyperfine >/dev/null || { echo "error: hyperfine is missing (apt-get install -y hyperfine)"; exit 2; }
[ -x /usr/bin/time ] || { echo "error: GNU time is missing (apt-get install -y time)"; exit 2; }
work=${BENCH_DIR:-/tmp/tendertrail-bench}
case_dir="$work/case-$count"
out="$work/run-$count-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

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
# Each command runs under GNU time, which appends its peak RSS (kB) to rss-<name>.txt: the RSS
# figures come from the timed runs themselves.
timed() { echo "/usr/bin/time -f %M -a -o $out/rss-$1.txt ${*:2}"; }
commands=(-n floor "$(timed floor Benchmarks/floor.sh "$case_dir")"
    -n "tender evaluate" "$(timed tender-evaluate "$bin/tender" evaluate "$case_dir")"
    -n "tender verify" "$(timed tender-verify "$bin/tender" verify "$case_dir" --quiet)")
if [ -n "${FLOOR_INPUTS:-}" ]; then # the floor over the input files only (no evidence/)
    commands+=(-n "floor (inputs only)" "$(timed floor-inputs Benchmarks/floor.sh "$case_dir" inputs)")
fi
# BASELINE_TENDER: another tender binary (say, the commit before the optimisations) timed in the
# same rounds, for before/after figures.
if [ -n "${BASELINE_TENDER:-}" ]; then
    commands+=(-n "evaluate (before)" "$(timed evaluate-before "$BASELINE_TENDER" evaluate "$case_dir")"
        -n "verify (before)" "$(timed verify-before "$BASELINE_TENDER" verify "$case_dir" --quiet)")
fi

if [ ! -d "$case_dir" ]; then
    echo "== generating $case_dir" >&2
    "$bin/tender-bench-gen" "$count" "$case_dir.tmp"
    mv "$case_dir.tmp" "$case_dir"
fi
if [ -z "${SKIP_CHECK:-}" ]; then
    echo "== checking: the case verifies, evaluate finds its evaluation recorded, the floor passes" >&2
    "$bin/tender" verify "$case_dir" --quiet
    "$bin/tender" evaluate "$case_dir" >/dev/null
    Benchmarks/floor.sh "$case_dir"
fi

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
    hyperfine --runs 1 --style basic --export-json "$out/round-$round.json" "${commands[@]}" >&2
done
echo "load after: $(uptime | sed 's/.*load average: //')" | tee -a "$out/machine.txt" >&2

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
times, cpu = {}, {}
for r in range(1, rounds + 1):
    for result in json.load(open(f"{out}/round-{r}.json"))["results"]:
        times.setdefault(result["command"], []).append(result["times"][0])
        cpu.setdefault(result["command"], []).append(result["user"] + result["system"])
rss_name = {"floor": "floor", "tender evaluate": "tender-evaluate", "tender verify": "tender-verify",
            "floor (inputs only)": "floor-inputs", "evaluate (before)": "evaluate-before",
            "verify (before)": "verify-before"}
def peak(name):
    try:
        values = [int(line) for line in open(f"{out}/rss-{rss_name[name]}.txt") if line.strip().isdigit()]
    except (KeyError, OSError):
        return "—"
    return f"{max(values) / 1024:.0f}" if values else "—"
floor = statistics.median(times["floor"])
floor_cpu = statistics.median(cpu["floor"])
lines = ["| command | median wall (s) | min (s) | max (s) | runs | wall × floor | median CPU user+sys (s) |"
         " CPU × floor | peak RSS (MB) |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
for name, values in times.items():
    median = statistics.median(values)
    work = statistics.median(cpu[name])
    lines.append(f"| {name} | {median:.3f} | {min(values):.3f} | {max(values):.3f} | {len(values)} |"
                 f" {median / floor:.2f} | {work:.2f} | {work / floor_cpu:.2f} | {peak(name)} |")
table = "\n".join(lines)
open(f"{out}/table.md", "w").write(table + "\n")
print(open(f"{out}/machine.txt").read() + "\n" + table)
PY
echo "(raw results in $out)" >&2
