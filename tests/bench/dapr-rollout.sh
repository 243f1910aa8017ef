#!/usr/bin/env bash
# Dapr rollout latency: one LB (a real HAProxy with its Runtime API, the Native AOT lb-sidecar with Store=dapr and
# events on) beside the in-process Dapr double, which stands in for daprd with the component and subscription files
# `lb-sidecar render dapr` wrote for the LB. A request loop of fresh TLS connections runs against HAProxy throughout.
#   events:     poll Interval 300 s; each sample imports a new version into the secret store and publishes its Key
#               Vault CertificateNewVersionCreated through the double (as Event Grid -> Service Bus -> daprd would),
#               and times import -> HAProxy presenting the new serial (a handshake probe every 20 ms).
#   event lost: the sidecar restarted with Interval 5 s; import only, at a random point of the poll cycle.
# Not included: Key Vault's own import time and Event Grid -> Service Bus -> daprd delivery in Azure (seconds at most,
# not measurable here). Lines:
#   dapr rollout, events: median X s, p90 Y s, max Z s (N samples, ...); target < 2 s median
#   dapr rollout, event lost (Interval I s): median X s, max Y s (N samples); bound Interval + 1 s = B s, ...
#   handshakes during swaps: H, failed F
#   HAProxy PID P at start, P at end (unchanged)
# Usage: tests/bench/dapr-rollout.sh [--samples 20] [--interval 300] [--lost-samples 10] [--lost-interval 5] [--probe-ms 20] [--gap 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/deps.sh
ensure_apt haproxy
ensure_dotnet_restore
dotnet build tools/DaprRollout/LbAcme.DaprRollout.csproj -c Release --no-restore -nologo -v quiet >/dev/null
ensure_sidecar_native
# exec: Ctrl-C reaches the bench itself, which stops HAProxy and the sidecar.
exec dotnet tools/DaprRollout/bin/Release/net10.0/lb-acme-dapr-rollout.dll "$@"
