#!/usr/bin/env bash
# Makes the local Debian bookworm image every project image starts FROM: no container registry
# is reachable here, so it comes from Debian's archive with mmdebstrap (about 75 s) and is
# imported into podman. Idempotent: skipped when the image exists; `--refresh` rebuilds it
# (to take in Debian's security updates before rebuilding the service images).
#
#   bash infra/deploy/containers/base-image.sh [--refresh]     # prints the image name
#
# CTC_DEBIAN_MIRROR / CTC_DEBIAN_SECURITY_MIRROR: a local Debian mirror (air-gapped sites).
# CTC_BUILD_NETNS: a network namespace (path) to download in, when this runs in one that
# cannot reach the archive (the test suite runs in a private namespace holding only lo).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
image="${CTC_BASE_IMAGE:-localhost/click-to-call/bookworm:base}"
mirror="${CTC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security="${CTC_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
cache="${CLICK_TO_CALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/click-to-call}/containers"

log() { printf '[base-image] %s\n' "$*" >&2; }

case "${1:-}" in
  --refresh) ;;
  '') if podman image exists "$image"; then echo "$image"; exit 0; fi ;;
  *) log "unknown argument: $1 (only --refresh)"; exit 2 ;;
esac

online=()
[ -n "${CTC_BUILD_NETNS:-}" ] && online=(nsenter "--net=$CTC_BUILD_NETNS")

mkdir -p "$cache"
# One build at a time; whoever waited finds the image made.
exec 9>"$cache/.base-image.lock"
flock 9
if [ "${1:-}" != --refresh ] && podman image exists "$image"; then echo "$image"; exit 0; fi

tarball="$(mktemp "$cache/bookworm-minbase.XXXXXX.tar")"
trap 'rm -f -- "$tarball"' EXIT
log "mmdebstrap bookworm minbase from $mirror (about 75 s)"
start=$SECONDS
# Documentation, manual pages and translations serve nobody inside a container.
"${online[@]}" mmdebstrap --quiet --variant=minbase \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  bookworm "$tarball" \
  "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
  "deb $security bookworm-security main" >&2
podman import --quiet --change 'CMD ["/bin/bash"]' \
  --change 'ENV LANG=C.UTF-8' "$tarball" "$image" >/dev/null
log "made $image in $((SECONDS - start)) s"
echo "$image"
