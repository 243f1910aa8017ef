#!/usr/bin/env bash
# Benchmark: lb-sidecar against the nginx setup it replaces, same loopback layout, same run.
#   nginx fleet    127.0.2.1-3  (public :8080, peers :31080; config exactly as the reference design)
#   sidecar fleet  127.0.1.1-3  (public :8080, peers :31080; the Native AOT binary the .deb ships, default timeouts)
# Each scenario runs wrk for a bounded time against LB0 of each fleet; the token lives where the scenario says.
# Prints one table (requests/s, p50, p99 per scenario and server, idle and loaded RSS) and, last:
#   fanout: worst rps ratio vs nginx X.XX, blackholed-peer p99 Y ms, sidecar RSS Z MB
# Usage: tests/bench/fanout.sh [seconds-per-scenario (default 5)] [connections (default 32)]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-5}"
CONNECTIONS="${2:-32}"
. scripts/deps.sh
ensure_apt nginx wrk python3

WORK=$(mktemp -d /tmp/lbacme-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers run as nobody and must read the webroots
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for i in 1 2 3; do [ -f "$WORK/nginx$i/nginx.pid" ] && kill "$(cat "$WORK/nginx$i/nginx.pid")" 2>/dev/null || true; done
  sleep 0.3
  rm -rf "$WORK"
}
trap cleanup EXIT

ensure_sidecar_native
mkdir -p "$WORK/sidecar" && cp "$LBACME_SIDECAR_EXE" "$WORK/sidecar/lb-sidecar"

# ---------- nginx fleet: the reference configuration ----------
start_nginx() { # $1 = 1..3
  local i=$1 dir="$WORK/nginx$1"
  mkdir -p "$dir/webroot" "$dir/logs"
  cat > "$dir/nginx.conf" <<NGINX
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream acme-backend {
    server 127.0.2.1:31080 fail_timeout=5s;
    server 127.0.2.2:31080 fail_timeout=5s;
    server 127.0.2.3:31080 fail_timeout=5s;
  }
  server {
    listen 127.0.2.$i:31080;
    location /.well-known/acme-challenge/ {
      alias $dir/webroot/;
      default_type text/plain;
    }
    location / { deny all; }
  }
  server {
    listen 127.0.2.$i:8080;
    location /.well-known/acme-challenge/ {
      proxy_pass http://acme-backend;
      proxy_next_upstream error timeout invalid_header http_500 http_502 http_503 http_504 http_403 http_404;
      proxy_connect_timeout 5s;
      proxy_read_timeout 5s;
    }
    location / { return 301 https://\$host\$request_uri; }
  }
}
NGINX
  nginx -p "$dir" -e "$dir/logs/error.log" -c "$dir/nginx.conf"
}

# ---------- sidecar fleet ----------
cat > "$WORK/fleet.json" <<JSON
{
  "Fleet": {
    "Names": ["svc.example.test"],
    "AcmeDirectoryUrl": "https://acme-staging-v02.api.letsencrypt.org/directory",
    "LoadBalancers": [
      { "Name": "lb0", "Address": "127.0.1.1", "PeerPort": 31080, "HttpPort": 8080 },
      { "Name": "lb1", "Address": "127.0.1.2", "PeerPort": 31080, "HttpPort": 8080 },
      { "Name": "lb2", "Address": "127.0.1.3", "PeerPort": 31080, "HttpPort": 8080 }
    ]
  }
}
JSON
declare -A SIDECAR_PID
start_sidecar() { # $1 = 1..3
  local i=$1 dir="$WORK/sidecar$1"
  mkdir -p "$dir/webroot"
  # As the .deb runs it: the Native AOT binary with no extra environment.
  "$WORK/sidecar/lb-sidecar" run --config "$WORK/fleet.json" \
    --Sidecar:LoadBalancer="lb$((i-1))" --Sidecar:ListenAddress="127.0.1.$i" \
    --Sidecar:Webroot="$dir/webroot" --Sidecar:MetricsEndpoint="127.0.0.1:$((9180+i))" \
    --Logging:LogLevel:Default=Warning > "$dir/log.txt" 2>&1 &
  SIDECAR_PID[$i]=$!
  PIDS+=($!)
}

wait_port() { # host port
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1:$2" >&2; exit 1
}

for i in 1 2 3; do start_nginx "$i"; start_sidecar "$i"; done
for i in 1 2 3; do wait_port "127.0.2.$i" 8080; wait_port "127.0.2.$i" 31080; wait_port "127.0.1.$i" 8080; wait_port "127.0.1.$i" 31080; done

# Tokens: T_LB0 only on LB0, T_LB1 only on LB1, T_LB2 only on LB2 (in both fleets' webroots).
T_LB0=benchTokenOnLb0AAAAAAAAAAAAAAAAAAAAAAAAAAAA
T_LB1=benchTokenOnLb1AAAAAAAAAAAAAAAAAAAAAAAAAAAA
T_LB2=benchTokenOnLb2AAAAAAAAAAAAAAAAAAAAAAAAAAAA
T_NONE=benchTokenNowhereAAAAAAAAAAAAAAAAAAAAAAAAAA
for i in 1 2 3; do
  t_var="T_LB$((i-1))"
  printf '%s.thumbprintXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' "${!t_var}" > "$WORK/nginx$i/webroot/${!t_var}"
  printf '%s.thumbprintXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' "${!t_var}" > "$WORK/sidecar$i/webroot/${!t_var}"
done

# RSS in MB: the sidecar process; nginx master plus its workers.
rss_sidecar() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/${SIDECAR_PID[1]}/status"; }
# Private part: anonymous + shmem pages; the rest of RSS is the shared .NET runtime files, mapped once per machine.
private_sidecar() { awk '/RssAnon|RssShmem/ {s+=$2} END {printf "%.1f", s/1024}' "/proc/${SIDECAR_PID[1]}/status"; }
rss_nginx() {
  local master; master=$(cat "$WORK/nginx1/nginx.pid")
  ps -o rss= -p "$master" --ppid "$master" | awk '{s+=$1} END {printf "%.1f", s/1024}'
}
to_ms() { # wrk latency like 1.23ms / 456.00us / 5.01s -> ms
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}
declare -A RESULT
run_wrk() { # name server url
  local out; out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$3" 2>&1)
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
  RESULT["$1|$2"]="$rps $p50 $p99 $non2xx"
}
scenario() { # name nginx-url sidecar-url
  run_wrk "$1" nginx "$2"
  RSS_NGINX_MAX=$(awk -v a="$RSS_NGINX_MAX" -v b="$(rss_nginx)" 'BEGIN {print (b>a)?b:a}')
  run_wrk "$1" sidecar "$3"
  RSS_SIDECAR_MAX=$(awk -v a="$RSS_SIDECAR_MAX" -v b="$(rss_sidecar)" 'BEGIN {print (b>a)?b:a}')
  PRIV_SIDECAR_MAX=$(awk -v a="$PRIV_SIDECAR_MAX" -v b="$(private_sidecar)" 'BEGIN {print (b>a)?b:a}')
}
challenge() { echo "http://$1/.well-known/acme-challenge/$2"; }

sleep 1
RSS_SIDECAR_IDLE=$(rss_sidecar); RSS_NGINX_IDLE=$(rss_nginx); PRIV_SIDECAR_IDLE=$(private_sidecar)
RSS_SIDECAR_MAX=0; RSS_NGINX_MAX=0; PRIV_SIDECAR_MAX=0

deps_log "warming up (connection pools, nginx caches)"
wrk -t1 -c"$CONNECTIONS" -d3s "$(challenge 127.0.1.1:8080 $T_LB1)" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d1s "$(challenge 127.0.1.1:31080 $T_LB0)" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d1s "$(challenge 127.0.2.1:8080 $T_LB1)" >/dev/null

SCENARIOS=("local hit :31080" ":80 hit via fan-out" "token only on 3rd LB" "miss everywhere" "one peer stopped" "one peer blackholed")
deps_log "scenario: ${SCENARIOS[0]}"; scenario "${SCENARIOS[0]}" "$(challenge 127.0.2.1:31080 $T_LB0)" "$(challenge 127.0.1.1:31080 $T_LB0)"
deps_log "scenario: ${SCENARIOS[1]}"; scenario "${SCENARIOS[1]}" "$(challenge 127.0.2.1:8080 $T_LB1)" "$(challenge 127.0.1.1:8080 $T_LB1)"
deps_log "scenario: ${SCENARIOS[2]}"; scenario "${SCENARIOS[2]}" "$(challenge 127.0.2.1:8080 $T_LB2)" "$(challenge 127.0.1.1:8080 $T_LB2)"
deps_log "scenario: ${SCENARIOS[3]}"; scenario "${SCENARIOS[3]}" "$(challenge 127.0.2.1:8080 $T_NONE)" "$(challenge 127.0.1.1:8080 $T_NONE)"

# LB1 goes away in both fleets; the token asked for lives on LB2.
kill "$(cat "$WORK/nginx2/nginx.pid")"; kill "${SIDECAR_PID[2]}"; sleep 0.5
deps_log "scenario: ${SCENARIOS[4]}"; scenario "${SCENARIOS[4]}" "$(challenge 127.0.2.1:8080 $T_LB2)" "$(challenge 127.0.1.1:8080 $T_LB2)"

# LB1's peer address now accepts connections and never answers.
python3 - "$WORK/blackhole.ready" <<'PY' &
import socket, sys, time
held = []
servers = []
for host in ("127.0.2.2", "127.0.1.2"):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 31080)); s.listen(4096); s.setblocking(False); servers.append(s)
open(sys.argv[1], "w").close()
deadline = time.time() + 600
while time.time() < deadline:
    for s in servers:
        try:
            while True:
                held.append(s.accept()[0])
        except BlockingIOError:
            pass
    time.sleep(0.01)
PY
PIDS+=($!)
for _ in $(seq 1 50); do [ -f "$WORK/blackhole.ready" ] && break; sleep 0.1; done
deps_log "scenario: ${SCENARIOS[5]}"; scenario "${SCENARIOS[5]}" "$(challenge 127.0.2.1:8080 $T_LB2)" "$(challenge 127.0.1.1:8080 $T_LB2)"

# ---------- report ----------
printf '\n%-22s | %-33s | %-33s | %s\n' "scenario" "nginx   rps     p50 ms    p99 ms" "sidecar rps     p50 ms    p99 ms" "rps ratio"
printf -- '-%.0s' $(seq 1 110); echo
WORST=999
for s in "${SCENARIOS[@]}"; do
  read -r nr n50 n99 nerr <<<"${RESULT["$s|nginx"]}"
  read -r sr s50 s99 serr <<<"${RESULT["$s|sidecar"]}"
  ratio=$(awk -v a="$sr" -v b="$nr" 'BEGIN {printf "%.2f", (b>0)?a/b:0}')
  WORST=$(awk -v a="$WORST" -v b="$ratio" 'BEGIN {print (b<a)?b:a}')
  printf '%-22s | %9s %9s %9s     | %9s %9s %9s     | %s\n' "$s" "$nr" "$n50" "$n99" "$sr" "$s50" "$s99" "$ratio"
  [ "$nerr" != 0 ] || [ "$serr" != 0 ] && printf '%-22s   (non-2xx: nginx %s, sidecar %s)\n' "" "$nerr" "$serr"
done
echo
printf 'RSS MB        idle    loaded (max after a scenario)\n'
printf 'nginx      %7s   %7s   (master + workers of LB0)\n' "$RSS_NGINX_IDLE" "$RSS_NGINX_MAX"
printf 'sidecar    %7s   %7s   (lb-sidecar of LB0)\n' "$RSS_SIDECAR_IDLE" "$RSS_SIDECAR_MAX"
printf '  private  %7s   %7s   (anon + shmem: RSS minus the shared runtime files)\n' "$PRIV_SIDECAR_IDLE" "$PRIV_SIDECAR_MAX"
read -r _ _ BLACKHOLE_P99 _ <<<"${RESULT["${SCENARIOS[5]}|sidecar"]}"
echo
printf 'fanout: worst rps ratio vs nginx %.2f, blackholed-peer p99 %.0f ms, sidecar RSS %.0f MB\n' "$WORST" "$BLACKHOLE_P99" "$RSS_SIDECAR_MAX"
