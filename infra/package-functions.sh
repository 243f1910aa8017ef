#!/usr/bin/env bash
# Builds the renewal function's deploy package: the custom handler published self-contained for linux-x64,
# laid out as the Functions host expects (host.json and one folder per function at the root of the zip,
# the handler executable next to them, as host.json's defaultExecutablePath names it).
#
#   infra/package-functions.sh [OUTPUT.zip]        default: artifacts/lb-acme-functions.zip
#
# Deploy it with the command in infra/README.md (az functionapp deployment source config-zip ...).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
output=$(realpath -m "${1:-$repo/artifacts/lb-acme-functions.zip}")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# Self-contained: the Linux workers carry no .NET 10 runtime for a custom handler. Not trimmed: the Azure
# SDK and configuration binding use reflection, and a trimmed build fails at run time, not at publish.
dotnet publish "$repo/functions/App/LbAcme.Functions.csproj" -c Release -r linux-x64 --self-contained \
  -p:PublishTrimmed=false -o "$stage" -nologo -v quiet

# Symbols and XML docs help nobody on the worker.
find "$stage" -maxdepth 1 \( -name '*.pdb' -o -name 'LbAcme.*.xml' \) -delete
cp "$repo/host.json" "$stage/"
for function in "$repo"/*/function.json; do
  name=$(basename "$(dirname "$function")")
  mkdir -p "$stage/$name"
  cp "$function" "$stage/$name/"
done

executable=$(sed -n 's/.*"defaultExecutablePath": *"\([^"]*\)".*/\1/p' "$stage/host.json")
if [ ! -f "$stage/$executable" ]; then
  echo "package-functions: host.json names '$executable' but the publish has no such file" >&2
  exit 1
fi
chmod 0755 "$stage/$executable"

mkdir -p "$(dirname "$output")"
rm -f "$output"
# zip keeps the Unix mode bits, so the handler stays executable on the Linux worker.
(cd "$stage" && zip -q -r -X "$output" .)
echo "$output"
