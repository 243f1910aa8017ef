#!/usr/bin/env bash
# Runs the whole lb-acme test suite on this machine, installing first whatever it needs
# (Debian: pebble, haproxy, ...; npm: azurite; NuGet restore). Exit code 0 only if every test passed.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh

ensure_apt pebble haproxy openssl keepalived iproute2 systemd zip util-linux prometheus publicsuffix
# The browser tests drive Debian's chromium (/usr/bin/chromium) through Playwright, which then downloads no browser.
ensure_apt chromium
ensure_npm
ensure_dotnet_restore

deps_log "checking formatting (dotnet format --verify-no-changes)"
dotnet format Serverless.sln --verify-no-changes --no-restore

deps_log "building"
dotnet build Serverless.sln -c Release --no-restore -nologo -v quiet
# The sidecar processes in the tests are the Native AOT binary the LBs run, not the JIT build.
ensure_sidecar_native

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
deps_log "running tests"
status=0
dotnet test Serverless.sln -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --logger trx --results-directory "$results" "$@" || status=$?

# One plain closing line over every test project: "tests: N passed, N failed, N skipped".
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get total) - $(get executed)))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit $status
