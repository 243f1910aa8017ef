#!/usr/bin/env bash
# The main job on this machine: a fleet of load balancers on loopback (lb-sidecar per LB), Azurite as the
# shared store, Pebble as the CA resolving names like round-robin DNS, and the renewal function's local
# runner fired once. Installs what it needs first, like ./test.sh. Options: --lbs N (default 3), --certificates C
# (C certificates per LB, c{i}.svc.lbacme.example, HAProxy on a crt-list; default: the one-certificate Names shorthand), --keep.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh

ensure_apt pebble haproxy openssl publicsuffix
ensure_npm
ensure_dotnet_restore
deps_log "building"
dotnet build tools/LocalRun/LbAcme.LocalRun.csproj -c Release --no-restore -nologo -v quiet
ensure_sidecar_native
exec dotnet tools/LocalRun/bin/Release/net10.0/lb-acme-local.dll run "$@"
