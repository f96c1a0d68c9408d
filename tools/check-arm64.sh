#!/usr/bin/env bash
# Checks that the Raspberry Pi build really starts and computes what the desktop build computes:
#   1. publishes `plc` self-contained for linux-arm64 (the Pi build) and framework-dependent for this machine;
#   2. runs the arm64 `plc` under qemu user-mode emulation (qemu-aarch64-static, called explicitly: binfmt_misc is
#      not needed) and compares, case by case, its stdout and exit status with the x64 build's:
#        - `plc sim` of the examples traffic_light, tank_fill and motor_start_stop from their sources,
#        - `plc sim` on arm64 of an image built by `plc build` on x64 (images are portable),
#        - `plc build` on arm64 of the same sources: the image must be byte-identical to the x64 one.
# Exit 0 when everything matches, 1 on a difference or a failed run, 2 when the check could not be set up
# (publish failed, qemu or the arm64 libraries could not be installed).
#
# Missing Debian packages (qemu-user-static, libc6-arm64-cross, libstdc++6-arm64-cross, libgcc-s1-arm64-cross) are
# installed with apt-get (needs root). The publish output is cached in $PLC_ARM64_CACHE (default
# ${TMPDIR:-/tmp}/plc-check-arm64), keyed by a hash of the sources and the SDK version, so a second run with
# unchanged sources skips the publish. Build intermediates go there too (--artifacts-path), never into the
# source tree's obj/ folders.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${PLC_ARM64_CACHE:-${TMPDIR:-/tmp}/plc-check-arm64}"
sysroot=/usr/aarch64-linux-gnu
started=$(date +%s)
cd "$root" || exit 2

say() { echo "check-arm64: $*"; }
fail_setup() { echo "check-arm64: $*" >&2; exit 2; }

# --- 1. qemu and the arm64 C/C++ runtime libraries (the .NET host needs libc, libstdc++, libgcc_s) ---
packages=(qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
have_tools() {
    command -v qemu-aarch64-static >/dev/null 2>&1 &&
        [ -e "$sysroot/lib/ld-linux-aarch64.so.1" ] && [ -e "$sysroot/lib/libstdc++.so.6" ] &&
        [ -e "$sysroot/lib/libgcc_s.so.1" ]
}
if ! have_tools; then
    missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ "${#missing[@]}" -gt 0 ] || missing=("${packages[@]}")   # installed but broken: reinstall all
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Update the package lists only when the install fails without it (an empty or stale list).
    if ! apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
        { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 ||
            fail_setup "could not install ${missing[*]} (apt-get failed; are we root?)"
    fi
    have_tools || fail_setup "qemu-aarch64-static or the arm64 libraries are still missing after the install"
fi

# --- 2. publish (cached by a hash of everything that goes into the plc binary) ---
key=$( { dotnet --version; git ls-files -co --exclude-standard -- cli compiler runtime hardware stdlib testing connectivity web \
           Directory.Build.props | grep -v -E '(^|/)(bin|obj)/' | sort | while IFS= read -r f; do
           [ -f "$f" ] && sha256sum -- "$f"; done; } | sha256sum | cut -c1-16)
[ -n "$key" ] || fail_setup "could not compute the cache key"
out="$cache/$key"
if [ -x "$out/arm64/plc" ] && [ -f "$out/x64/plc.dll" ]; then
    say "using the cached publish output $out (sources unchanged)"
else
    mkdir -p "$cache" || fail_setup "cannot create $cache"
    # Keep only the current key: each publish output is about 100 MB.
    find "$cache" -mindepth 1 -maxdepth 1 -type d ! -name build -exec rm -rf {} + 2>/dev/null
    tmpout="$cache/$key.partial"
    rm -rf "$tmpout"
    log="$cache/publish.log"
    t0=$(date +%s)
    say "publishing linux-arm64 (self-contained) and x64 to $out ..."
    if ! timeout 1200 dotnet publish cli/Plc.Cli -c Release -r linux-arm64 --self-contained \
            --artifacts-path "$cache/build" -o "$tmpout/arm64" --nologo >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        fail_setup "dotnet publish -r linux-arm64 --self-contained failed (log: $log)"
    fi
    if ! timeout 1200 dotnet publish cli/Plc.Cli -c Release \
            --artifacts-path "$cache/build" -o "$tmpout/x64" --nologo >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        fail_setup "dotnet publish (x64) failed (log: $log)"
    fi
    mv "$tmpout" "$out" || fail_setup "cannot move the publish output to $out"
    say "published in $(( $(date +%s) - t0 )) s"
fi
arm64="$out/arm64"; x64="$out/x64"

# The Pi binary must really be an AArch64 ELF executable (e_machine 0xB7 at offset 18).
machine=$(od -An -tx1 -j18 -N2 "$arm64/plc" | tr -d ' \n')
[ "$machine" = "b700" ] || fail_setup "$arm64/plc is not an AArch64 executable (ELF e_machine $machine)"
say "$arm64/plc is an AArch64 ELF executable, $(du -sh "$arm64" | cut -f1) self-contained"

# --- 3. run and compare ---
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
run_x64() { timeout 300 dotnet "$x64/plc.dll" "$@"; }
run_arm64() { timeout 600 qemu-aarch64-static -L "$sysroot" "$arm64/plc" "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
compared=0; differences=0

# compare LABEL ARGS... : runs `plc ARGS` on both builds and compares stdout and exit status.
compare() {
    local label="$1"; shift
    local t0 rcx rca
    t0=$(date +%s)
    run_x64 "$@" >"$work/x64.out" 2>"$work/x64.err"; rcx=$?
    run_arm64 "$@" >"$work/arm64.out" 2>"$work/arm64.err"; rca=$?
    compared=$((compared + 1))
    if [ "$rcx" -eq 0 ] && [ "$rca" -eq 0 ] && [ -s "$work/x64.out" ] && cmp -s "$work/x64.out" "$work/arm64.out"; then
        say "same on x64 and arm64 ($(( $(date +%s) - t0 )) s): $label"
        say "  plc $*"
        sed 's/^/    /' "$work/arm64.out"
    else
        differences=$((differences + 1))
        echo "check-arm64: DIFFERENT: $label" >&2
        echo "  plc $*" >&2
        echo "  x64 (exit $rcx):" >&2; sed 's/^/    /' "$work/x64.out" "$work/x64.err" >&2
        echo "  arm64 (exit $rca):" >&2; sed 's/^/    /' "$work/arm64.out" "$work/arm64.err" >&2
    fi
}

compare "examples/traffic_light (README's first command)" sim \
    examples/traffic_light/pedestrian.st examples/traffic_light/traffic_light.st \
    --cycle-time T#100ms --duration T#28s --print TrafficLight.State,TrafficLight.Cycles,TrafficLight.Timer.ET
compare "examples/tank_fill (REAL arithmetic)" sim examples/tank_fill/control.st examples/tank_fill/plant.st \
    --cycles 300 --print TankPlant.Level,TankPlant.LevelSensor,TankControl.Level,TankControl.Filling,TankControl.FillCycles
compare "examples/motor_start_stop" sim examples/motor_start_stop/operator.st examples/motor_start_stop/starter.st \
    --cycles 120 --print Motor.Contactor,Motor.FaultLamp,Motor.Starter.Starts,Motor.RunTime
compare "examples/motor_start_stop unit tests (plc test)" test \
    examples/motor_start_stop/starter.st examples/motor_start_stop/starter_test.st

# An image built on x64, run on arm64.
if run_x64 build examples/tank_fill/control.st examples/tank_fill/plant.st -o "$work/tank_fill.plcx" >/dev/null 2>"$work/build.err"; then
    compare "tank_fill image built by plc build on x64 ($(stat -c %s "$work/tank_fill.plcx") bytes)" sim "$work/tank_fill.plcx" \
        --cycles 300 --print TankPlant.Level,TankPlant.LevelSensor,TankControl.Level,TankControl.Filling,TankControl.FillCycles
    # The compiler itself on arm64: the same sources give the same bytes.
    compared=$((compared + 1)); t0=$(date +%s)
    if run_arm64 build examples/tank_fill/control.st examples/tank_fill/plant.st -o "$work/tank_fill.arm64.plcx" \
            >/dev/null 2>"$work/build.err" && cmp -s "$work/tank_fill.plcx" "$work/tank_fill.arm64.plcx"; then
        say "same on x64 and arm64 ($(( $(date +%s) - t0 )) s): plc build of examples/tank_fill gives a byte-identical image"
    else
        differences=$((differences + 1))
        echo "check-arm64: DIFFERENT: plc build of examples/tank_fill on arm64 does not give the x64 image" >&2
        sed 's/^/    /' "$work/build.err" >&2
    fi
else
    compared=$((compared + 1)); differences=$((differences + 1))
    echo "check-arm64: plc build of examples/tank_fill failed on x64:" >&2
    sed 's/^/    /' "$work/build.err" >&2
fi

elapsed=$(( $(date +%s) - started ))
if [ "$differences" -eq 0 ]; then
    say "all $compared comparisons of the linux-arm64 build (under qemu) with the x64 build match (${elapsed} s)"
    exit 0
fi
echo "check-arm64: $differences of $compared comparisons differ or failed (${elapsed} s)" >&2
exit 1
