#!/usr/bin/env bash
# Provides the pion-callers binary (the bench's WebRTC callers, media/bench/pion-callers.ts)
# and prints its path as the last stdout line; progress goes to stderr.
#   bash media/bench/pion-callers/provide-pion-callers.sh
# Built offline in GOPATH mode against Debian's Go packages (no module download), installed
# first by infra/system-packages.sh bench, then cached outside the work tree under
# ${CLICK_TO_CALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/click-to-call}/pion-callers/<key>/,
# <key> being a sha256 over the Go sources, this script and the Go toolchain and packages.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
# What the sources import (pion's WebRTC parts, G.711), as infra/system-packages.sh names them.
packages=(golang-go golang-github-pion-dtls.v2-dev golang-github-pion-srtp.v2-dev
  golang-github-pion-ice.v2-dev golang-github-pion-stun-dev golang-github-pion-sdp-dev
  golang-github-pion-rtp-dev golang-github-pion-rtcp-dev golang-github-zaf-g711-dev)
log() { printf '[pion-callers] %s\n' "$*" >&2; }

if ! bash "$repo/infra/system-packages.sh" bench; then
  log "cannot build without the Debian packages ${packages[*]} (infra/system-packages.sh bench failed)"
  exit 1
fi

cache_root="${CLICK_TO_CALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/click-to-call}/pion-callers"
inputs() {
  (cd "$here" && sha256sum go.mod ./*.go provide-pion-callers.sh)
  go version
  dpkg-query -W -f='${Package} ${Version}\n' "${packages[@]}"
}
key="$(inputs | sha256sum | cut -c1-16)"
entry="$cache_root/$key"
if [ -x "$entry/pion-callers" ]; then
  echo "$entry/pion-callers"
  exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock"
flock 9
if [ ! -x "$entry/pion-callers" ]; then
  log "building into $entry"
  build="$(mktemp -d "$cache_root/.build.XXXXXX")"
  trap 'rm -rf "$build"' EXIT
  # GOPATH mode: the go.mod beside the sources only lets the /vN imports resolve to Debian's
  # tree (Go's minimal module compatibility); nothing is fetched.
  mkdir -p "$build/gopath/src/pioncallers" "$build/entry"
  cp "$here"/go.mod "$here"/*.go "$build/gopath/src/pioncallers/"
  (cd "$build/gopath/src/pioncallers" &&
    GO111MODULE=off GOPATH="$build/gopath:/usr/share/gocode" GOCACHE="$cache_root/go-build" \
      GOFLAGS=-trimpath GOPROXY=off go build -o "$build/entry/pion-callers" .)
  inputs >"$build/entry/build-inputs.txt"
  # One rename publishes the whole entry: an interrupted build leaves nothing half-written.
  mv "$build/entry" "$entry"
fi
echo "$entry/pion-callers"
