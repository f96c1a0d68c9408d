#!/usr/bin/env bash
# Checks that the committed generated parser (compiler/Plc.Compiler/Syntax/Generated/*.cs) matches the grammars:
# regenerates it with tools/generate-parser.sh into a temporary folder and compares.
# Exit 0 when up to date, 1 when stale (run tools/generate-parser.sh and commit the result), 2 when ANTLR could
# not be run.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
committed="$root/compiler/Plc.Compiler/Syntax/Generated"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if ! "$root/tools/generate-parser.sh" "$tmp/Generated" >"$tmp/log.txt" 2>&1; then
    cat "$tmp/log.txt" >&2
    echo "check-parser: could not regenerate the parser to compare it" >&2
    exit 2
fi

# The folder's .editorconfig is written by hand, not generated.
if diff -r -u --exclude=.editorconfig "$committed" "$tmp/Generated" >"$tmp/diff.txt"; then
    echo "check-parser: the generated parser is up to date"
    exit 0
fi

echo "check-parser: the generated parser in compiler/Plc.Compiler/Syntax/Generated is stale: it does not match" >&2
echo "the grammars. Run tools/generate-parser.sh and commit the result. Differences (first lines):" >&2
head -n 40 "$tmp/diff.txt" >&2
exit 1
