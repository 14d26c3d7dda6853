#!/usr/bin/env bash
# Builds TenderTrail's libFuzzer targets and runs each for a bounded time, one after another.
#
#   Fuzzing/run.sh SECONDS [TARGET…]
#
# SECONDS is the time per target (libFuzzer's -max_total_time). TARGETs default to every reader:
# plan bid score-sheet moderation declaration notice trail. The seed corpus of each target is built
# at run time from the repository (tenders/, Tests/*/Fixtures, Fuzzing/Seeds/<target>/) and from
# ../shared/corpus when it exists; the working corpus is kept in Fuzzing/.corpus/<target>/ (not
# committed) and grows across runs. Crashes, timeouts and out-of-memory inputs go to
# Fuzzing/Findings/<target>-*; one summary line per target goes to stdout and to
# Fuzzing/.logs/summary.txt, libFuzzer's full log to Fuzzing/.logs/<target>.log.
#
# Limits for every input: -max_len (64 KiB; 256 KiB for eForms notices), -rss_limit_mb=2048,
# -timeout=10 (seconds for one input). Runs at low priority (nice 15), one target at a time.
# Needs a Swift toolchain that ships the libFuzzer runtime (Linux: /opt/swift/usr/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds="${1:?usage: Fuzzing/run.sh SECONDS [TARGET…]}"
shift
all=(plan bid score-sheet moderation declaration notice trail)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

flags=(-c release -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library)
rss=2048
variant=""
suffix=""
if [ "${ASAN:-0}" = 1 ]; then
    flags=(-c release --scratch-path .build-asan -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
    rss=4096
    variant=" (ASan)"
    suffix="-asan"
fi
cd "$here"
echo "== building the fuzz targets (release, ${flags[*]})" >&2
nice -n 15 swift build "${flags[@]}" 2>&1 | grep -E "error|Compiling fuzz|Build complete" >&2 || true
bin="$(swift build "${flags[@]}" --show-bin-path)"

# The namespace (or root) that marks a file as a seed for each target.
pattern() {
    case "$1" in
    plan) echo 'urn:tendertrail:tender:1' ;;
    bid) echo 'urn:tendertrail:bid:1' ;;
    score-sheet) echo 'urn:tendertrail:score-sheet:1' ;;
    moderation) echo 'urn:tendertrail:moderation:1' ;;
    declaration) echo 'urn:tendertrail:declaration:1' ;;
    notice) echo 'urn:oasis:names:specification:ubl:schema:xsd:(ContractNotice|ContractAwardNotice|PriorInformationNotice)-2' ;;
    trail) echo 'urn:tendertrail:trail:1' ;;
    *) echo "unknown target $1" >&2; exit 64 ;;
    esac
}

max_len() { [ "$1" = notice ] && echo 262144 || echo 65536; }

mkdir -p "$here/.logs" "$here/Findings"
summary="$here/.logs/summary.txt"
for target in "${targets[@]}"; do
    executable="$bin/fuzz-$target"
    [ -x "$executable" ] || { echo "error: $executable was not built" >&2; exit 1; }
    corpus="$here/.corpus/$target"
    seeds="$here/.seeds/$target"
    rm -rf "$seeds"
    mkdir -p "$corpus" "$seeds"
    sources=("$root/tenders" "$root/Tests")
    [ -d "$here/Seeds/$target" ] && sources+=("$here/Seeds/$target")
    [ -d "$root/../shared/corpus" ] && sources+=("$root/../shared/corpus")
    # Copy each matching XML file under its content hash, so equal files count once.
    grep -rlE --include='*.xml' "$(pattern "$target")" "${sources[@]}" 2>/dev/null | while read -r file; do
        cp "$file" "$seeds/$(sha256sum "$file" | cut -c1-16).xml"
    done
    if [ -d "$here/Seeds/$target" ]; then cp "$here/Seeds/$target"/* "$seeds/" 2>/dev/null || true; fi
    count=$(find "$seeds" -type f | wc -l)
    log="$here/.logs/$target$suffix.log"
    echo "== fuzz-$target: $seconds s, $count seeds" >&2
    started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    status=0
    nice -n 15 "$executable" "$corpus" "$seeds" \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -rss_limit_mb="$rss" -timeout=10 \
        -dict="$here/xml.dict" -artifact_prefix="$here/Findings/$target-" -print_final_stats=1 >"$log" 2>&1 || status=$?
    executions=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    peak=$(grep -oE 'stat::peak_rss_mb: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    slowest=$(grep -oE 'stat::slowest_unit_time_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || echo "cov: ? ft: ?")
    units=$(find "$corpus" -type f | wc -l)
    findings=$(find "$here/Findings" -name "$target-*" -type f | wc -l)
    line="$started fuzz-$target$variant: ${seconds}s, ${executions} executions, ${coverage}, corpus ${units},"
    line+=" peak RSS ${peak} MB, slowest input ${slowest} s, exit ${status}, findings ${findings}"
    echo "$line" | tee -a "$summary"
done
