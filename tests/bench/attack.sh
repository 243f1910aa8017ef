#!/usr/bin/env bash
# Attack bench: three lb-sidecar processes (the Native AOT binary the .deb ships, default settings except a peer
# allow-list of the three LB addresses) on 127.{p}.200.1-3, one attack at a time from attacker addresses on
# 127.66.0.0/16, while a legitimate client on 127.77.0.1 asks LB0 20 times a second (in groups of three at once, as a CA
# validating from several perspectives does) for a token only LB1 holds (the fan-out), LB0's own token and a page
# that redirects, checking status and body (or Location) of every answer. It is measured once the attack is in force.
# Attacks: peer-idle public-idle control-chars miss-flood hung-peer hostile-peer slowloris redirect-flood
# (tools/AttackBench/Attacks). Per attack: legitimate success rate and p99, the sidecars' RSS (largest of the three)
# before, at peak and one minute after, and the bytes they logged. Last line:
#   attack: legit success X%, worst legit p99 Y ms, RSS after Z MB
# (X the lowest success rate of any attack, Y the highest p99, Z the highest RSS one minute after).
# Usage: tests/bench/attack.sh [all | list | ATTACK...]   (default all: 8 x (15 s + 60 s) plus build-ups, about 12 minutes)
# Environment: ATTACK_QUICK=1 (smoke run: 5 s attacks, sizes / 10, RSS read 5 s after), ATTACK_SECONDS,
# ATTACK_AFTER_SECONDS, ATTACK_LEGIT_RATE.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/deps.sh
ensure_apt clang zlib1g-dev
ensure_dotnet_restore
dotnet build tools/AttackBench/LbAcme.AttackBench.csproj -c Release --no-restore -nologo -v quiet >/dev/null
ensure_sidecar_native

# 20,000 held connections on each side of loopback: the bench and the sidecars (its children) need the file
# descriptors. Raising the hard limit needs root; without it the soft limit goes as high as the hard one allows.
[ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge 65536 ] || ulimit -Hn 65536 2>/dev/null || true
ulimit -Sn "$(ulimit -Hn)"

# exec: Ctrl-C and SIGTERM reach the bench itself, which closes its sockets and stops the sidecars.
exec dotnet tools/AttackBench/bin/Release/net10.0/lb-acme-attack.dll "$@"
