#!/usr/bin/env bash
# The floor for a case folder (issue 7): what libxml2 and SHA-256 alone cost on one core.
# `xmllint --noout --schema` over every XML file of the case against its schema, then `sha256sum`
# over every file of the case (inputs and evidence, signatures included): the files that
# `tender evaluate` and `tender verify` read. Exit status non-zero if any file is invalid.
#
# usage: Benchmarks/floor.sh CASE [inputs]   ("inputs": the input files only, no evidence/)
set -euo pipefail
case_dir=$1
scope=${2:-all}
schemas="$(cd "$(dirname "$0")/.." && pwd)/Sources/TenderDocuments/Schemas/TenderTrail"
cd "$case_dir"
validate() { # schema, then find arguments
    local schema=$1; shift
    find "$@" -type f -name '*.xml' -print0 2>/dev/null \
        | xargs -0 -r -n 2000 xmllint --noout --nonet --schema "$schemas/$schema" 2>/dev/null
}
validate tender.xsd tender.xml
validate bid.xsd bids
validate score-sheet.xsd scores
validate declaration.xsd declarations
validate moderation.xsd moderation
if [ "$scope" = all ]; then
    validate tender.xsd evidence/plans
    validate trail.xsd evidence/trail evidence/checkpoints
    validate results.xsd evidence/results.xml
    find . -type f ! -name '.lock' -print0 | xargs -0 -r -n 2000 sha256sum >/dev/null
else
    find . -path ./evidence -prune -o -type f -print0 | xargs -0 -r -n 2000 sha256sum >/dev/null
fi
