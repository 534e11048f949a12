#!/usr/bin/env bash
# End-to-end check of a mediasoup-worker (DTLS with werift, PlainTransport
# forwarding, SRTP with every crypto suite): see check-worker.mjs.
#   bash infra/mediasoup-worker/verify/verify-worker.sh [path/to/mediasoup-worker]
# Without an argument it checks what provide-worker.sh provides. Installs
# node@24, mediasoup and werift into a scratch dir outside the work tree
# ($MS_CHECK_DIR, default $TMPDIR/ms-check); needs the npm registry.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="${MEDIASOUP_VERSION:-3.27.1}"
BIN="${1:-$(bash "$HERE/../provide-worker.sh" | tail -n1)}"
BIN="$(realpath -- "$BIN")"
SCRATCH="${MS_CHECK_DIR:-${TMPDIR:-/tmp}/ms-check}"

mkdir -p "$SCRATCH"
cd "$SCRATCH"
[[ -f package.json ]] || echo '{ "name": "ms-check", "private": true }' >package.json
# MEDIASOUP_WORKER_BIN makes mediasoup's postinstall skip its download/build.
MEDIASOUP_WORKER_BIN="$BIN" npm install --no-audit --no-fund --loglevel=error \
  node@24 "mediasoup@$VERSION" werift@0.25.2 >&2
MEDIASOUP_WORKER_BIN="$BIN" "$SCRATCH/node_modules/.bin/node" "$HERE/check-worker.mjs"
