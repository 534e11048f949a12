#!/usr/bin/env bash
# Makes a fresh clone runnable, idempotently and quickly on a second run: Debian packages,
# the mediasoup worker (downloaded, or built offline and cached outside the work tree), the
# npm dependencies (with Node 24 from the npm registry), and the worker where mediasoup looks.
# Run by `npm start` and `npm test` before they start anything. Usage: bootstrap.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

sets=(runtime)
[ "${1:-}" = --test ] && sets+=(test)

# A worker built elsewhere (air-gapped sites) is used as given; otherwise build or fetch one.
if [ -n "${MEDIASOUP_WORKER_BIN:-}" ]; then
  worker="$MEDIASOUP_WORKER_BIN"
  bash infra/system-packages.sh "${sets[@]}"
else
  bash infra/system-packages.sh build "${sets[@]}"
  worker="$(bash infra/mediasoup-worker/provide-worker.sh | tail -n 1)"
fi
[ -x "$worker" ] || { echo "bootstrap: mediasoup worker '$worker' is not executable" >&2; exit 1; }

# npm ci only when package-lock.json changed since the last install. MEDIASOUP_WORKER_BIN
# makes mediasoup's postinstall skip its GitHub download and its online build.
stamp=node_modules/.bootstrap-lock-sha256
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "bootstrap: installing npm dependencies" >&2
  MEDIASOUP_WORKER_BIN="$worker" npm ci --no-audit --no-fund >&2
  echo "$lock_sum" >"$stamp"
fi

# Put the worker where mediasoup looks by default, so no process needs an extra variable.
default_bin=node_modules/mediasoup/worker/out/Release/mediasoup-worker
if ! cmp -s "$worker" "$default_bin"; then
  mkdir -p "$(dirname "$default_bin")"
  cp "$worker" "$default_bin.tmp" && mv "$default_bin.tmp" "$default_bin"
fi

node_version="$(node_modules/.bin/node --version)"
case "$node_version" in
  v24.*) ;;
  *) echo "bootstrap: expected Node 24 in node_modules/.bin, found $node_version" >&2; exit 1 ;;
esac
echo "bootstrap: ready (Node $node_version, mediasoup worker $worker)" >&2
