#!/usr/bin/env bash
# Renewal wall time for fleets of N = 1, 10, 50 LBs (override: --sizes 1,5,20; --rounds 3): for each N a fresh local
# fleet (N real lb-sidecar processes, Azurite, Pebble with PEBBLE_VA_NOSLEEP=1 and PEBBLE_AUTHZREUSE=0),
# then 3 timed runs through the function app's stand-in host and Azurite's real queue (the first fires the timer and
# issues, the others force renewal through the Renew function; each must renew every LB, one RenewLb invocation per LB).
# Fleet start-up is not timed. Figures are the medians: a single run moves by up to the sidecars' 2 s poll.
# Then the many-certificates line: one fleet of L LBs with C certificates each (Fleet:Certificates; default 10x5,
# override: --many 3x3; --many 0 skips it), the same timed runs, each renewing all L x C (LB, certificate) pairs.
# Lines: "renewal: N=1 A s, N=10 B s, N=50 C s" (target: N=50 within 3x the time of N=1), then
# "renewal, many certificates (LBs x certificates): 10x5 (50 certificates) D s".
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/deps.sh
ensure_apt pebble openssl publicsuffix
ensure_npm
ensure_dotnet_restore
dotnet build tools/LocalRun/LbAcme.LocalRun.csproj -c Release --no-restore -nologo -v quiet >/dev/null
ensure_sidecar_native
many=10x5
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --many) many="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
bench() { dotnet tools/LocalRun/bin/Release/net10.0/lb-acme-local.dll bench "$@"; }
status=0
bench "${args[@]}" || status=$?
if [ "$many" != 0 ]; then
  lbs="${many%x*}"; certificates="${many#*x}"
  rounds=()
  for ((i = 0; i < ${#args[@]}; i++)); do
    [ "${args[$i]}" = --rounds ] && rounds=(--rounds "${args[$((i + 1))]}")
  done
  bench --sizes "$lbs" --certificates "$certificates" "${rounds[@]}" || status=$?
fi
exit "$status"
