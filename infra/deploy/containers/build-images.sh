#!/usr/bin/env bash
# Builds the project's images with podman, FROM the local Debian base (base-image.sh), tagged
# with the git commit: localhost/click-to-call/{api,gateway} and, for the single-host pilot
# (infra/deploy/compose/), localhost/click-to-call/{nginx,coturn,postgres}. An image whose tag
# exists is not built again, so a second run costs a few podman queries.
#
#   bash infra/deploy/containers/build-images.sh [--rebuild]   # stdout: NAME=IMAGE lines
#
# The tag is the commit (12 hex digits); with uncommitted changes in what goes into the images
# it is `<commit>-dirty-<hash of those files>`, so an image never claims a commit it is not.
# CTC_IMAGE_TAG overrides it. CTC_BUILD_NETNS: a network namespace (path) for the downloads
# (Debian's archive, the npm registry), when this runs in one that cannot reach them.
# --rebuild: build even when the tag exists (after `base-image.sh --refresh`, for instance).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cd "$repo"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"

log() { printf '[build-images] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

rebuild=false
case "${1:-}" in
  --rebuild) rebuild=true ;;
  '') ;;
  *) die "unknown argument: $1 (only --rebuild)" ;;
esac

# What goes into the images, for the dirty check.
inputs=(package.json package-lock.json patches tsconfig.json protocol api/src media/src widget
  embed infra/deploy/containers infra/deploy/coturn/run-coturn.sh .containerignore)

image_tag() {
  local commit changed sum
  commit="$(git rev-parse --short=12 HEAD)"
  changed="$(git status --porcelain --untracked-files=all -- "${inputs[@]}")"
  if [ -z "$changed" ]; then
    echo "$commit"
    return
  fi
  sum="$(git ls-files -z --cached --others --exclude-standard -- "${inputs[@]}" |
    LC_ALL=C sort -z | while IFS= read -r -d '' file; do
      [ -f "$file" ] && sha256sum -- "$file"
    done | sha256sum | cut -c1-10)"
  echo "$commit-dirty-$sum"
}

tag="${CTC_IMAGE_TAG:-$(image_tag)}"
# One build at a time (two test files may ask at once); a waiter then finds the images made.
cache="${CLICK_TO_CALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/click-to-call}/containers"
mkdir -p "$cache"
exec 8>"$cache/.build-images.lock"
flock 8
base="$(bash "$here/base-image.sh")"
network=host
[ -n "${CTC_BUILD_NETNS:-}" ] && network="ns:$CTC_BUILD_NETNS"

node_bin="$repo/node_modules/node/bin/node"
[ -x "$node_bin" ] || die "no $node_bin: run infra/bootstrap.sh (npm start/test do) first"
# The npm that runs here (its bin/npm-cli.js), wherever it is installed.
npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
[ -f "$npm_dir/bin/npm-cli.js" ] || die "no npm CLI at $npm_dir"
ca_bundle="${CTC_BUILD_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
[ -f "$ca_bundle" ] || die "no CA bundle at $ca_bundle (set CTC_BUILD_CA_BUNDLE)"

# build NAME CONTAINERFILE CONTEXT [podman build options...]
build() {
  local name="$1" containerfile="$2" context="$3" image="localhost/click-to-call/$1:$tag"
  shift 3
  if ! $rebuild && podman image exists "$image"; then
    log "$image exists"
  else
    log "building $image"
    local start=$SECONDS
    # Docker's image format: OCI's has no HEALTHCHECK, and podman would drop it.
    podman build --quiet --pull=never --network "$network" --format docker \
      --build-arg "BASE_IMAGE=$base" \
      --label "org.opencontainers.image.title=click-to-call $name" \
      --label "org.opencontainers.image.revision=$(git rev-parse HEAD)" \
      --label "org.opencontainers.image.version=$tag" \
      --label "org.opencontainers.image.licenses=MIT" \
      "$@" -f "$containerfile" -t "$image" "$context" >/dev/null
    log "built $image in $((SECONDS - start)) s"
  fi
  echo "$name=$image"
}

node_contexts=(--build-context "host-node=$(dirname "$node_bin")"
  --build-context "host-npm=$npm_dir" --secret "id=host-ca,src=$ca_bundle")
build api "$here/api.Containerfile" "$repo" "${node_contexts[@]}"
# The worker as provide-worker.sh gives it (its cache, or MEDIASOUP_WORKER_BIN), alone in a
# folder under a fixed name.
worker_dir="$(mktemp -d)"
trap 'rm -rf -- "$worker_dir"' EXIT
cp -- "$(bash infra/mediasoup-worker/provide-worker.sh | tail -n 1)" "$worker_dir/mediasoup-worker"
build gateway "$here/gateway.Containerfile" "$repo" "${node_contexts[@]}" \
  --build-context "worker=$worker_dir"
build postgres "$here/postgres.Containerfile" "$here"
build nginx "$here/nginx.Containerfile" "$here"
build coturn "$here/coturn.Containerfile" "$repo/infra/deploy/coturn"

# Images built from uncommitted changes replace the previous such builds, which would only pile
# up (a few hundred MB each). Commits' images stay: they are what a rollback goes back to.
if [[ "$tag" == *-dirty-* ]]; then
  podman images --format '{{.Repository}}:{{.Tag}}' --filter 'reference=localhost/click-to-call/*' |
    grep -e '-dirty-' | grep -v -e ":$tag\$" | xargs -r podman rmi >/dev/null 2>&1 || true
fi
