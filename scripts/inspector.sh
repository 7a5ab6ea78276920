#!/usr/bin/env bash
# Drives `stem4d serve` through the MCP Inspector's command-line mode (a standard MCP client):
# lists the tools, lists the scans, runs one analysis of a generated scan, reads its status and log,
# shows its results, and sends one invalid call. Needs Node.js 20+ (npx downloads the Inspector
# 0.15 on first use) and a built stem-mcp/target/stem4d.jar (run ./stem4d --version once).
#
# Usage: scripts/inspector.sh [DATA_ROOT]
#   DATA_ROOT defaults to a temporary folder that receives a small generated scan.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/stem-mcp/target/stem4d.jar"
inspector="@modelcontextprotocol/inspector@0.15"

if [[ ! -f "$jar" ]]; then
    echo "inspector.sh: $jar is missing; build it with ./stem4d --version or mvn -B -DskipTests package" >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/stem4d-inspector.XXXXXX")"
trap 'rm -rf "$work"' EXIT
data_root="${1:-$work/data}"
mkdir -p "$data_root" "$work/results"
if [[ $# -eq 0 ]]; then
    java -jar "$jar" generate --out "$data_root/inspector_scan.npy" --scan-shape 16x16 --detector 64 \
        --regions 3 --seed 1 >&2
fi

server=(java -jar "$jar" serve --data-root "$data_root" --output-root "$work/results"
        --lock-file "$work/analysis.lock")

# Each call starts a fresh server process; results persist in $work/results between calls.
inspect() {
    echo "== $*" >&2
    npx -y "$inspector" --cli "${server[@]}" "$@"
}

inspect --method tools/list
inspect --method tools/call --tool-name list_scans
if [[ $# -eq 0 ]]; then
    inspect --method tools/call --tool-name analyze_scan_tool \
        --tool-arg scan_identifier=inspector_scan --tool-arg k_clusters=3 --tool-arg wait_seconds=120
    inspect --method tools/call --tool-name show_analysis_results \
        --tool-arg scan_identifier=inspector_scan --tool-arg max_clusters=1
fi
inspect --method tools/call --tool-name check_analysis_status
echo "== expected error: scan outside the data roots" >&2
inspect --method tools/call --tool-name analyze_scan_tool --tool-arg scan_identifier=../../etc/passwd || true
