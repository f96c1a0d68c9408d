#!/usr/bin/env bash
# The MQTT soak of docs/performance.md ("MQTT soak"): runs tests/Plc.Tests/Mqtt/MqttSoakTests.cs for SECONDS
# (default 60) instead of the suite's 15 s, after a run of the same program without MQTT (the baseline), and prints
# the report: scans, overruns and jitter of the 1 ms task from `plc run --stats`, and the MQTT traffic.
# Needs mosquitto and mosquitto-clients (apt-get install mosquitto mosquitto-clients). Builds Release first.
# Usage: tools/mqtt-soak.sh [SECONDS [PLC-RUN-OPTIONS]]   e.g. tools/mqtt-soak.sh 60 "--rt-priority 50"
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
dotnet build tests/Plc.Tests -c Release --nologo -v quiet >/dev/null
PLC_MQTT_SOAK_SECONDS="$seconds" PLC_MQTT_SOAK_ARGS="${2:-}" PLC_MQTT_SOAK_BASELINE=1 PLC_MQTT_SOAK_REPORT="$report" \
  dotnet test tests/Plc.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~MqttSoakTests" >&2
echo "machine: $(nproc) CPUs, $(uname -m), load average (1/5/15 min) $(cut -d' ' -f1-3 /proc/loadavg) after the run"
cat "$report"
