#!/usr/bin/env bash
# The combined Modbus + MQTT soak of docs/performance.md ("Modbus and MQTT together"): runs
# tests/Plc.Tests/Connectivity/ConnectivitySoakTests.cs for SECONDS (default 120) with a 1 ms task instead of the
# suite's 12 s with a 10 ms task, after a run of the same program without Modbus and MQTT (the baseline), and prints
# the report: scans, overruns, cycle and jitter of the task from `plc run --stats`, the Modbus requests answered and
# checked, the MQTT messages received and the MQTT writes applied, and the load average.
# Needs mosquitto and mosquitto-clients (apt-get install mosquitto mosquitto-clients). Builds Release first.
# Usage: tools/connectivity-soak.sh [SECONDS [PLC-RUN-OPTIONS]]   e.g. tools/connectivity-soak.sh 120 "--rt-priority 50"
# PLC_CONNECTIVITY_SOAK_PERIOD_MS sets another period (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
dotnet build tests/Plc.Tests -c Release --nologo -v quiet >/dev/null
status=0
PLC_CONNECTIVITY_SOAK_SECONDS="$seconds" PLC_CONNECTIVITY_SOAK_PERIOD_MS="${PLC_CONNECTIVITY_SOAK_PERIOD_MS:-1}" \
  PLC_CONNECTIVITY_SOAK_ARGS="${2:-}" PLC_CONNECTIVITY_SOAK_BASELINE=before PLC_CONNECTIVITY_SOAK_REPORT="$report" \
  dotnet test tests/Plc.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~ConnectivitySoakTests" >&2 || status=$?
echo "machine: $(nproc) CPUs, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
if [ -s "$report" ]; then cat "$report"; else echo "no report: the test was skipped or failed before its figures (see above)"; fi
exit "$status"
