#!/usr/bin/env bash
# plc vs C on the shared benchmark suite (docs/performance.md): builds plc, compiles each C reference with gcc -O2,
# runs C and both plc tiers (interpreted, compiled) for the same number of scans, checks that the checksums agree,
# and prints a table with the ratios and their geometric means.
# Usage: benchmarks/run.sh [BENCH_DIR] (default: ../shared/bench next to the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-../shared/bench}
[ -d "$bench/ref" ] || { echo "no benchmark suite at $bench (expected $bench/*.st and $bench/ref/*.c)" >&2; exit 2; }
command -v gcc >/dev/null || { echo "gcc is needed for the C references" >&2; exit 2; }
dotnet build cli/Plc.Cli -c Release -nologo -v q >/dev/null
plc=cli/Plc.Cli/bin/Release/net10.0/plc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Scans per run: about a second of plc time each, the same for C.
declare -A scans=([bool_logic]=300000 [fb_calls]=200000 [int_arith]=30000 [real_pid]=100000 [array_sort]=5000)

printf '%s\n' "plc vs C (gcc -O2), ns per scan; plc: median of 5 runs of plc bench, interpreted and compiled tier; C: median of 5 runs"
printf '%s\n' "| program | scans | C ns/scan | interpreted ns/scan | ratio | compiled ns/scan | ratio | alloc B/scan | checksum (all three) |"
printf '%s\n' "|---|---:|---:|---:|---:|---:|---:|---:|---|"
log_i=0; log_c=0; count=0; status=0
for name in bool_logic fb_calls int_arith real_pid array_sort; do
  n=${scans[$name]}
  gcc -O2 -DPROG="\"$name.c\"" -I "$bench/ref" "$bench/ref/main.c" -o "$tmp/$name"
  cns=$(for i in 1 2 3 4 5; do "$tmp/$name" "$n" | sed -n 's/^ns_per_scan=//p'; done | sort -g | sed -n 3p)
  csum=$("$tmp/$name" "$n" | sed -n 's/^checksum=//p')
  prog=$(grep -m1 '^PROGRAM' "$bench/$name.st" | awk '{print $2}')
  out_i=$("$plc" bench "$bench/$name.st" --cycles "$n" --print "$prog.checksum" --tier interpreted)
  out_c=$("$plc" bench "$bench/$name.st" --cycles "$n" --print "$prog.checksum" --tier compiled)
  ins=$(sed -n 's/^ns_per_scan=//p' <<<"$out_i"); cps=$(sed -n 's/^ns_per_scan=//p' <<<"$out_c")
  alloc_i=$(sed -n 's/^alloc_bytes_per_scan=//p' <<<"$out_i"); alloc_c=$(sed -n 's/^alloc_bytes_per_scan=//p' <<<"$out_c")
  isum=$(sed -n "s/^$prog.checksum = //p" <<<"$out_i"); psum=$(sed -n "s/^$prog.checksum = //p" <<<"$out_c")
  ri=$(awk -v p="$ins" -v c="$cns" 'BEGIN { printf "%.2f", p / c }')
  rc=$(awk -v p="$cps" -v c="$cns" 'BEGIN { printf "%.2f", p / c }')
  log_i=$(awk -v s="$log_i" -v r="$ri" 'BEGIN { printf "%.6f", s + log(r) }')
  log_c=$(awk -v s="$log_c" -v r="$rc" 'BEGIN { printf "%.6f", s + log(r) }')
  count=$((count + 1))
  # Equal as numbers (plc prints the shortest round-trip form of an LREAL, C 17 significant digits).
  if python3 -c "import sys; sys.exit(0 if float('$psum') == float('$csum') == float('$isum') else 1)" 2>/dev/null; then same="$psum"
  else same="DIFFERENT: interpreted $isum, compiled $psum, C $csum"; status=1; fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s / %s | %s |\n' "$name" "$n" "$cns" "$ins" "$ri" "$cps" "$rc" "$alloc_i" "$alloc_c" "$same"
done
awk -v i="$log_i" -v c="$log_c" -v n="$count" 'BEGIN { printf "\ngeometric mean of plc/C: interpreted %.2f, compiled %.2f\n", exp(i / n), exp(c / n) }'

# The project's own programs (benchmarks/programs): plc only, both tiers, same checksum required.
printf '\n%s\n' "project programs (benchmarks/programs), 20000 scans"
printf '%s\n' "| program | interpreted ns/scan | compiled ns/scan | speed-up | alloc B/scan | checksum (both tiers) |"
printf '%s\n' "|---|---:|---:|---:|---:|---|"
for file in benchmarks/programs/*.st; do
  name=$(basename "$file" .st)
  prog=$(grep -m1 '^PROGRAM' "$file" | awk '{print $2}')
  out_i=$("$plc" bench "$file" --cycles 20000 --print "$prog.checksum" --tier interpreted)
  out_c=$("$plc" bench "$file" --cycles 20000 --print "$prog.checksum" --tier compiled 2>&1)
  ins=$(sed -n 's/^ns_per_scan=//p' <<<"$out_i"); cps=$(sed -n 's/^ns_per_scan=//p' <<<"$out_c")
  alloc=$(sed -n 's/^alloc_bytes_per_scan=//p' <<<"$out_c")
  isum=$(sed -n "s/^$prog.checksum = //p" <<<"$out_i"); csum=$(sed -n "s/^$prog.checksum = //p" <<<"$out_c")
  speed=$(awk -v a="$ins" -v b="$cps" 'BEGIN { printf "%.1f", a / b }')
  if [ "$isum" = "$csum" ]; then same="$csum"; else same="DIFFERENT: interpreted $isum, compiled $csum"; status=1; fi
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$ins" "$cps" "$speed" "$alloc" "$same"
done
exit $status
