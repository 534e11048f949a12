#!/usr/bin/env bash
# Provides the mediasoup worker binary for media/ (see README.md beside this).
#
#   bash infra/mediasoup-worker/provide-worker.sh          # path = last stdout line
#   bash infra/mediasoup-worker/provide-worker.sh --print-cache-path
#
# Order: $MEDIASOUP_WORKER_BIN if set -> cache -> mediasoup's prebuilt release
# download -> offline build from the npm tarball against Debian packages.
# All progress goes to stderr; stdout carries only the resulting path.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="${MEDIASOUP_VERSION:-3.27.1}"
CACHE_ROOT="${CLICK_TO_CALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/click-to-call}/mediasoup-worker"
# Debian packages whose headers, libraries or tools go into the offline build.
DEB_PACKAGES=(libuv1-dev libssl-dev libsrtp2-dev libabsl-dev libflatbuffers-dev
  flatbuffers-compiler g++)
# Files of this directory that shape the built binary (README/tests/verify don't).
BUILD_FILES=(provide-worker.sh subprojects patches srtp3-on-srtp2/srtp3 srtp3-on-srtp2/srtp3_on_srtp2.c)

log() { printf '[provide-worker] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# What the cache key hashes: version, our build files, Debian package versions.
build_inputs() {
  printf 'mediasoup %s\narch %s\n' "$VERSION" "$(uname -m)"
  (cd "$HERE" && find "${BUILD_FILES[@]}" -type f -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum)
  local p
  for p in "${DEB_PACKAGES[@]}"; do
    printf '%s %s\n' "$p" "$(dpkg-query -W -f '${Version}' "$p" 2>/dev/null || echo missing)"
  done
}

# mediasoup's own postinstall check: without MEDIASOUP_VERSION in its
# environment a working worker exits with code 41 ("not my real father").
worker_runs() {
  local bin="$1" rc=0
  [[ -f "$bin" && -x "$bin" ]] || return 1
  env -i "$bin" >/dev/null 2>&1 || rc=$?
  [[ "$rc" == 41 ]]
}

INPUTS="$(build_inputs)"
KEY="$(printf '%s\n' "$INPUTS" | sha256sum | cut -c1-16)"
FINAL_DIR="$CACHE_ROOT/$VERSION-$KEY"
FINAL_BIN="$FINAL_DIR/mediasoup-worker"

if [[ "${1:-}" == "--print-cache-path" ]]; then
  printf '%s\n' "$FINAL_BIN"
  exit 0
elif [[ $# -gt 0 ]]; then
  die "unknown argument: $1 (only --print-cache-path is accepted)"
fi

# A binary built elsewhere wins (mediasoup itself reads the same variable).
if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
  bin="$(realpath -- "$MEDIASOUP_WORKER_BIN" 2>/dev/null || true)"
  worker_runs "$bin" || die "MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN is not a working mediasoup-worker"
  log "using MEDIASOUP_WORKER_BIN"
  printf '%s\n' "$bin"
  exit 0
fi

if worker_runs "$FINAL_BIN"; then
  printf '%s\n' "$FINAL_BIN"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
# One build per key at a time; whoever waited re-checks the cache afterwards.
exec 9>"$CACHE_ROOT/.lock-$VERSION-$KEY"
flock 9
if worker_runs "$FINAL_BIN"; then
  printf '%s\n' "$FINAL_BIN"
  exit 0
fi
[[ -e "$FINAL_DIR" ]] && rm -rf -- "$FINAL_DIR" # present but broken
# Leftovers of runs killed with SIGKILL (never mistaken for an entry).
find "$CACHE_ROOT" -maxdepth 1 -name '.stage-*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mediasoup-worker-$VERSION.XXXXXX")"
# Staged next to the cache so the final mv is an atomic rename on one
# filesystem: an interrupted run never leaves a half-written cache entry.
STAGE="$(mktemp -d "$CACHE_ROOT/.stage-$VERSION-$KEY.XXXXXX")"
trap 'rm -rf -- "$WORK" "$STAGE"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
LOG="$WORK/build.log"
: >"$LOG"

# Publishes $1 as the cache entry and prints its path.
publish() {
  local bin="$1" source="$2"
  # (may run where set -e is off, hence the explicit checks)
  cp -- "$bin" "$STAGE/mediasoup-worker" || die "cannot write $STAGE"
  chmod 0755 "$STAGE/mediasoup-worker" "$STAGE" || die "chmod failed"
  { printf 'source: %s\ndate: %s\n' "$source" "$(date -u +%FT%TZ)"; printf '%s\n' "$INPUTS"; } \
    >"$STAGE/build-inputs.txt" || die "cannot write $STAGE"
  gzip -c "$LOG" >"$STAGE/build.log.gz" || die "cannot write $STAGE"
  worker_runs "$STAGE/mediasoup-worker" || die "staged worker does not run"
  mv -T -- "$STAGE" "$FINAL_DIR" || die "cannot rename $STAGE to $FINAL_DIR"
  log "cached $FINAL_BIN ($source)"
  printf '%s\n' "$FINAL_BIN"
  exit 0
}

# 1. The prebuilt binary mediasoup's postinstall would fetch (npm-scripts.mjs:
# <repo>/releases/download/<v>/mediasoup-worker-<v>-<os>-<arch>-kernel<N>.tgz).
try_prebuilt() {
  [[ -n "${MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD:-}" ]] && { log "prebuilt download skipped by env"; return 1; }
  # The released binary lacks our worker patches (patches/): it would drop a PBX's RTP.
  compgen -G "$HERE/patches/*.patch" >/dev/null && { log "prebuilt skipped: this build carries patches/"; return 1; }
  local arch kernel base url
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) return 1 ;;
  esac
  kernel="$(uname -r | cut -d. -f1)"
  base="${MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL:-https://github.com/versatica/mediasoup/releases/download}"
  url="$base/$VERSION/mediasoup-worker-$VERSION-linux-$arch-kernel$kernel.tgz"
  log "trying prebuilt $url"
  mkdir -p "$WORK/prebuilt"
  if ! curl --fail --silent --show-error --location --connect-timeout 5 --max-time 120 \
      -o "$WORK/prebuilt.tgz" "$url" 2>>"$LOG"; then
    log "prebuilt download failed: $(tail -n1 "$LOG")"
    return 1
  fi
  tar -xzf "$WORK/prebuilt.tgz" -C "$WORK/prebuilt" mediasoup-worker 2>>"$LOG" || return 1
  if ! worker_runs "$WORK/prebuilt/mediasoup-worker"; then
    log "prebuilt binary does not run on this host"
    return 1
  fi
  publish "$WORK/prebuilt/mediasoup-worker" "prebuilt $url"
}

fail_build() {
  local keep="$CACHE_ROOT/last-build-failure.log"
  cp -- "$LOG" "$keep" 2>/dev/null || true
  log "ERROR: $1; last lines of the log (full log: $keep):"
  tail -n 40 "$LOG" >&2 || true
  exit 1
}

# 2. Offline build: mediasoup's worker sources from the npm tarball, every
# download-only subproject replaced by a shim over a Debian package.
build_offline() {
  local tarball src wrap name dir jobs start
  start=$SECONDS
  for tool in meson ninja pkg-config c++ flatc make; do
    command -v "$tool" >/dev/null || die "$tool not found (see README.md: apt packages)"
  done

  log "testing the libsrtp 3 -> 2 adapter"
  make -s -C "$HERE/srtp3-on-srtp2" test O="$WORK" >>"$LOG" 2>&1 ||
    fail_build "srtp3-on-srtp2 adapter test failed"

  if [[ -n "${MEDIASOUP_TARBALL:-}" ]]; then
    tarball="$MEDIASOUP_TARBALL"
  else
    log "npm pack mediasoup@$VERSION"
    (cd "$WORK" && npm pack --prefer-offline "mediasoup@$VERSION") >>"$LOG" 2>&1 ||
      fail_build "npm pack mediasoup@$VERSION failed"
    tarball="$WORK/mediasoup-$VERSION.tgz"
  fi
  mkdir -p "$WORK/src"
  tar -xzf "$tarball" -C "$WORK/src"
  src="$WORK/src/package/worker"
  [[ -f "$src/meson.build" ]] || die "no worker/meson.build in $tarball"

  local patch
  for patch in "$HERE"/patches/*.patch; do
    [[ -e "$patch" ]] || continue
    log "applying $(basename "$patch")"
    patch -p1 --forward --batch -d "$WORK/src/package" <"$patch" >>"$LOG" 2>&1 ||
      fail_build "$(basename "$patch") does not apply to mediasoup $VERSION"
  done

  for wrap in "$src"/subprojects/*.wrap; do
    name="$(basename "$wrap" .wrap)"
    dir="$(sed -n 's/^directory *= *//p' "$wrap" | head -n1)"
    dir="${dir:-$name}"
    if [[ -d "$HERE/subprojects/$name" ]]; then
      mkdir -p "$src/subprojects/$dir"
      cp -R "$HERE/subprojects/$name/." "$src/subprojects/$dir/"
    else
      # catch2 (tests) and wingetopt (Windows) are not used by this build.
      log "no shim for wrap '$name' (meson will say if it is needed)"
    fi
    # The libsrtp3 shim compiles the adapter kept in srtp3-on-srtp2/.
    if [[ "$name" == libsrtp3 ]]; then
      cp -R "$HERE/srtp3-on-srtp2/srtp3" "$HERE/srtp3-on-srtp2/srtp3_on_srtp2.c" \
        "$src/subprojects/$dir/"
    fi
  done

  log "meson setup (log: $LOG)"
  meson setup --wrap-mode=nodownload --buildtype release -Db_ndebug=true \
    "$WORK/build" "$src" >>"$LOG" 2>&1 || fail_build "meson setup failed"

  jobs="${MEDIASOUP_BUILD_JOBS:-$(nproc)}"
  log "ninja mediasoup-worker -j$jobs (about 7 minutes on 2 cores)"
  ninja -C "$WORK/build" -j"$jobs" mediasoup-worker >>"$LOG" 2>&1 ||
    fail_build "ninja failed"

  strip -o "$WORK/mediasoup-worker" "$WORK/build/mediasoup-worker"
  if ldd "$WORK/mediasoup-worker" | grep -q 'not found'; then
    ldd "$WORK/mediasoup-worker" >>"$LOG" 2>&1
    fail_build "built worker has unresolved shared libraries"
  fi
  worker_runs "$WORK/mediasoup-worker" || fail_build "built worker does not start"
  log "built in $((SECONDS - start)) s"
  publish "$WORK/mediasoup-worker" "built from npm mediasoup@$VERSION"
}

log "no cached worker for mediasoup $VERSION (key $KEY)"
try_prebuilt || true
build_offline
