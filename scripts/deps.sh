# Sourced by ./test.sh and ./run-local.sh: installs what is missing, and only that.
# Debian packages via apt-get, Azurite via npm from package-lock.json, NuGet via dotnet restore.

deps_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# ensure_apt PKG...: installs the Debian packages that are not installed yet.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  deps_log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts packaged daemons on install; our tests start their own on loopback ports.
  for svc in haproxy nginx keepalived prometheus; do
    if printf '%s\n' "${missing[@]}" | grep -qx "$svc"; then
      $sudo systemctl disable --now "$svc" >/dev/null 2>&1 || $sudo service "$svc" stop >/dev/null 2>&1 || true
    fi
  done
}

# ensure_npm: installs package-lock.json's exact tree (Azurite) when node_modules is missing or stale.
ensure_npm() {
  command -v npm >/dev/null || ensure_apt nodejs npm
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    deps_log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

# ensure_dotnet_restore: NuGet restore of the whole solution.
ensure_dotnet_restore() {
  deps_log "restoring NuGet packages"
  dotnet restore Serverless.sln --verbosity quiet
}

# ensure_sidecar_native: publishes lb-sidecar as the Native AOT binary the LBs run (the .deb ships the same build)
# to artifacts/lb-sidecar/ and names it in LBACME_SIDECAR_EXE, which the test fixtures and the local fleet start.
# Needs clang (the AOT linker driver) and zlib1g-dev; incremental, so a second call costs seconds.
ensure_sidecar_native() {
  ensure_apt clang zlib1g-dev
  deps_log "publishing lb-sidecar (Native AOT)"
  dotnet publish lb-sidecar/LbAcme.Sidecar.csproj -c Release -r linux-x64 -o artifacts/lb-sidecar -nologo -v quiet >/dev/null
  export LBACME_SIDECAR_EXE="$PWD/artifacts/lb-sidecar/lb-sidecar"
}
