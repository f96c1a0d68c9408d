#!/usr/bin/env bash
# Regenerates the Structured Text parser (compiler/Plc.Compiler/Syntax/Generated/*.cs) from the grammars
# compiler/Plc.Compiler/Syntax/StructuredTextLexer.g4 and StructuredTextParser.g4. Commit the regenerated files
# together with the grammar change; tools/check-parser.sh (run by CI) fails while they differ.
#
# Usage: tools/generate-parser.sh [OUTDIR]   (default: the Generated folder; check-parser.sh passes a temp dir)
#
# Needs java (17+) and npm: the ANTLR tool jar is taken from the npm package antlr4ng-cli@2.0.0, fetched once into
# ${PLC_ANTLR_CACHE:-~/.cache/plc-antlr} and checked against its SHA-256. Output is deterministic: the grammars
# are passed by relative path, so the files do not depend on where the repository lives.
set -euo pipefail

readonly NPM_PACKAGE="antlr4ng-cli@2.0.0"
readonly JAR_NAME="antlr4-4.13.2-SNAPSHOT-complete.jar"
readonly JAR_SHA256="156a885bdaf847601d4b0350185dfaa5c4aee36c9a9c4c1632c31b0381360d39"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
syntax_dir="$root/compiler/Plc.Compiler/Syntax"
out_dir="${1:-$syntax_dir/Generated}"
cache_dir="${PLC_ANTLR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/plc-antlr}/$NPM_PACKAGE"
jar="$cache_dir/$JAR_NAME"

fail() { echo "generate-parser: $*" >&2; exit 2; }

sha256() { sha256sum "$1" | cut -d' ' -f1; }

fetch_jar() {
    command -v npm >/dev/null || fail "npm is needed to fetch the ANTLR tool ($NPM_PACKAGE)"
    local work
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' RETURN
    (cd "$work" && npm pack "$NPM_PACKAGE" --silent >/dev/null) || fail "npm pack $NPM_PACKAGE failed"
    tar -xzf "$work"/antlr4ng-cli-*.tgz -C "$work" || fail "cannot unpack $NPM_PACKAGE"
    [ -f "$work/package/$JAR_NAME" ] || fail "$JAR_NAME is not in $NPM_PACKAGE"
    [ "$(sha256 "$work/package/$JAR_NAME")" = "$JAR_SHA256" ] || fail "$JAR_NAME from $NPM_PACKAGE has an unexpected SHA-256"
    mkdir -p "$cache_dir"
    mv "$work/package/$JAR_NAME" "$jar.tmp.$$"
    mv "$jar.tmp.$$" "$jar"
}

command -v java >/dev/null || fail "java is needed to run ANTLR"
if [ ! -f "$jar" ] || [ "$(sha256 "$jar")" != "$JAR_SHA256" ]; then
    fetch_jar
fi

mkdir -p "$out_dir"
rm -f "$out_dir"/*.cs
(cd "$syntax_dir" && java -jar "$jar" -Dlanguage=CSharp -visitor -no-listener \
    -package Plc.Compiler.Syntax.Generated -o "$out_dir" -Xexact-output-dir \
    StructuredTextLexer.g4 StructuredTextParser.g4) || fail "ANTLR failed"
# Only the C# files are kept; the .interp and .tokens side files are not used by the build.
rm -f "$out_dir"/*.interp "$out_dir"/*.tokens
echo "generated parser in $out_dir"
