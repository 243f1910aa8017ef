#!/usr/bin/env bash
# Builds the LB package: lb-sidecar as one self-contained linux-x64 file, its systemd unit (rendered by that
# very binary from the sample configuration), the sample configuration, the keepalived VIP cleanup script,
# the sysctl and tmpfiles snippets the unit relies on, and the maintainer scripts (maintainer/): the service
# user (named by the rendered unit's User=), its directories, enable/start/restart/stop and purge.
#
#   infra/packaging/build-deb.sh [OUTPUT.deb] [VERSION]     default: artifacts/lb-acme-sidecar_VERSION_amd64.deb
#
# Install on an LB: apt install ./lb-acme-sidecar_*.deb, then see infra/README.md (LB side).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=${2:-0.1.0}
output=$(realpath -m "${1:-$repo/artifacts/lb-acme-sidecar_${version}_amd64.deb}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
publish="$work/publish"
root="$work/root"

# One file, Native AOT: no .NET runtime on the LB, no JIT warm-up, about half the memory of a JIT build
# (tests/bench/fanout.sh measures it). Needs clang and zlib1g-dev on the build machine.
dotnet publish "$repo/lb-sidecar/LbAcme.Sidecar.csproj" -c Release -r linux-x64 -o "$publish" -nologo -v quiet

install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/lb-acme" "$root/lib/systemd/system" \
  "$root/etc/lb-acme" "$root/usr/lib/sysctl.d" "$root/usr/lib/tmpfiles.d"
install -m 0755 "$publish/lb-sidecar" "$root/usr/lib/lb-acme/lb-sidecar"
ln -s ../lib/lb-acme/lb-sidecar "$root/usr/bin/lb-sidecar"
install -m 0755 "$here/keepalived-vip-cleanup" "$root/usr/lib/lb-acme/keepalived-vip-cleanup"
install -m 0755 "$here/keepalived-haproxy-check" "$root/usr/lib/lb-acme/keepalived-haproxy-check"
install -m 0644 "$here/fleet.json.example" "$root/etc/lb-acme/fleet.json.example"
install -m 0644 "$here/lb-acme.sysctl.conf" "$root/usr/lib/sysctl.d/60-lb-acme.conf"
install -m 0644 "$here/lb-acme.tmpfiles.conf" "$root/usr/lib/tmpfiles.d/lb-acme.conf"
# The packaged unit takes the LB from /etc/lb-acme/fleet.json (Sidecar:LoadBalancer), so it renders without --lb.
"$publish/lb-sidecar" render systemd --config "$here/fleet.json.example" --out "$root/lib/systemd/system/lb-sidecar.service"
chmod 0644 "$root/lib/systemd/system/lb-sidecar.service"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: lb-acme-sidecar
Version: $version
Architecture: amd64
Maintainer: lb-acme maintainers <ops@example.com>
Installed-Size: $size
Depends: adduser, libc6, libgcc-s1, libstdc++6, libssl3, zlib1g, iproute2, ca-certificates
Recommends: haproxy, keepalived
Section: net
Priority: optional
Description: lb-acme sidecar for HAProxy load balancers
 Answers ACME HTTP-01 challenges for the whole fleet (asking its peers for tokens
 it does not hold) and keeps this load balancer's certificate in HAProxy.
 Renders haproxy.cfg, keepalived.conf and its own systemd unit from fleet.json.
CONTROL
echo "/etc/lb-acme/fleet.json.example" > "$root/DEBIAN/conffiles"
# One name for the service user: the unit's User=, which the renderer defines; the scripts create and name that one.
user=$(sed -n 's/^User=//p' "$root/lib/systemd/system/lb-sidecar.service")
[ -n "$user" ] || { echo "build-deb.sh: the rendered unit has no User=" >&2; exit 1; }
for script in postinst prerm postrm; do
  sed "s/#SERVICE_USER#/$user/g" "$here/maintainer/$script" > "$root/DEBIAN/$script"
  chmod 0755 "$root/DEBIAN/$script"
done

mkdir -p "$(dirname "$output")"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$output" >/dev/null
echo "$output"
