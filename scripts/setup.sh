#!/usr/bin/env bash
# Installs what Relais needs to build and test: Debian packages through one local metapackage,
# then the web app's npm packages. Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

control=packaging/relais-build-deps/control
want_version=$(awk '/^Version:/ {print $2}' "$control")
have=$(dpkg-query -W -f='${Version} ${db:Status-Status}' relais-build-deps 2>/dev/null || true)

if [[ "$have" != "$want_version installed" ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/pkg/DEBIAN"
  cp "$control" "$work/pkg/DEBIAN/control"
  dpkg-deb --build --root-owner-group "$work/pkg" "$work/relais-build-deps.deb" >/dev/null
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when the install cannot find what it needs.
  if ! $sudo apt-get install -y --no-install-recommends "$work/relais-build-deps.deb"; then
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "$work/relais-build-deps.deb"
  fi
fi

# Vite 8 needs Node.js 20.19 or later (Debian 12's own nodejs is 18).
node_ok=$(node -e 'const [a, b] = process.versions.node.split(".").map(Number);
  console.log(a > 20 || (a === 20 && b >= 19) ? "yes" : "no")' 2>/dev/null || echo no)
if [[ $node_ok != yes ]] || ! command -v npm >/dev/null; then
  echo "setup: the web app needs Node.js 20.19 or later with npm; found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

# npm ci only when the lockfile changed since the last install.
lock_sum=$(sha256sum web/package-lock.json | cut -d' ' -f1)
stamp=web/node_modules/.relais-lock-sha256
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_sum" ]]; then
  (cd web && npm ci --no-audit --no-fund)
  echo "$lock_sum" >"$stamp"
fi
