#!/usr/bin/env bash
# Builds everything (including the nanoFramework build of the runtime core) and runs the whole test suite.
# Ends with one line: "N passed, N failed". Exit status 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build Plc.sln -c Release --nologo -v quiet 2>&1 | tee "$log" | grep -E "error|Build succeeded|Warn" ; then :; fi
if grep -qE "^Build succeeded" "$log" || grep -qE " 0 Error\(s\)" "$log"; then
  :
else
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test tests/Plc.Tests -c Release --no-build --nologo 2>&1 | tee "$log"
passed=0; failed=0
while read -r f p; do
  passed=$((passed + p)); failed=$((failed + f))
done < <(sed -nE 's/.*Failed: *([0-9]+), *Passed: *([0-9]+),.*/\1 \2/p' "$log")
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "no test results found"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
