#!/usr/bin/env bash
# Installs the Debian packages the project needs, and only those still missing, so a second
# run costs a dpkg query. Usage: system-packages.sh [build] [runtime] [test] [bench]
set -euo pipefail

# To build the mediasoup worker offline (infra/mediasoup-worker/); meson >= 1.1 comes from
# bookworm-backports, bookworm's own 1.0 is too old for mediasoup 3.27. podman-compose too:
# bookworm's 1.0.3 cannot run a host-network service (infra/deploy/compose/), 1.0.6 can; on a
# fresh machine the test set's 1.0.3 goes in first and this upgrades it.
build_packages=(build-essential pkg-config libuv1-dev libssl-dev libsrtp2-dev libabsl-dev
  libflatbuffers-dev flatbuffers-compiler)
backports_packages=(meson ninja-build podman-compose)
# What a built worker links against at run time, and the demo's local SIP agent.
runtime_packages=(libuv1 libsrtp2-1 libabsl20220623 baresip-core kamailio sox)
# Real peers and tools for the test suite: Chromium and Firefox ESR (the journey runs in both;
# puppeteer-core drives Firefox over WebDriver BiDi; headless, Firefox has audio only through
# a sound server: pulseaudio with a null sink), kamailio + baresip, captures, nftables
# for imposed loss, iproute2/util-linux for the private network namespace, wrk for bench:api.
# Containers (infra/deploy/): podman run as root on runc (crun fails here) with netavark and
# aardvark-dns (compose services find each other by name; netavark drives iptables), catatonit
# (the init of the pods' infra containers, built locally: no registry), the compose front-end,
# mmdebstrap for the local base image, minica for test TLS.
# coturn: the TURN server (and its turnutils_uclient) the locked-down visitor's calls relay on.
# nginx: the reference TLS reverse proxy (infra/deploy/nginx/), tested with a minica CA.
# haproxy: a layer-4 load balancer sending the PROXY protocol (v1 and v2) the services accept.
# sip-tester: SIPp, playing the PBX's scripted behaviours (tests/support/sipp/scenarios/).
# kamailio-tls-modules: kamailio requiring SIP over TLS of the gateway (trunk-tls-srtp.test.ts).
test_packages=(chromium firefox-esr pulseaudio fonts-dejavu-core kamailio kamailio-tls-modules baresip-core sox tcpdump tshark nftables
  iproute2 util-linux procps postgresql wrk
  podman runc netavark aardvark-dns iptables catatonit podman-compose mmdebstrap minica coturn nginx haproxy
  sip-tester)
# `npm run bench:call -- --peer`: the reference peer the gateway is measured against, kamailio
# with its WebSocket transport in front of rtpengine (userspace; media/bench/peer-rtpengine/).
# Go and pion's WebRTC parts (built offline in GOPATH mode): the bench's callers,
# media/bench/pion-callers/.
bench_packages=(kamailio kamailio-websocket-modules rtpengine-daemon tcpdump tshark
  golang-go golang-github-pion-dtls.v2-dev golang-github-pion-srtp.v2-dev golang-github-pion-ice.v2-dev
  golang-github-pion-stun-dev golang-github-pion-sdp-dev golang-github-pion-rtp-dev
  golang-github-pion-rtcp-dev golang-github-zaf-g711-dev)

missing() {
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      echo "$package"
  done
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else
    echo "system-packages: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

wanted=() wanted_backports=()
for set in "$@"; do
  case "$set" in
    build) wanted+=("${build_packages[@]}"); wanted_backports+=("${backports_packages[@]}") ;;
    runtime) wanted+=("${runtime_packages[@]}") ;;
    test) wanted+=("${test_packages[@]}") ;;
    bench) wanted+=("${bench_packages[@]}") ;;
    *) echo "system-packages: unknown set '$set' (build, runtime, test, bench)" >&2; exit 2 ;;
  esac
done

mapfile -t todo < <(missing "${wanted[@]}" | sort -u)
mapfile -t todo_backports < <(missing "${wanted_backports[@]}" | sort -u)
# meson and podman-compose from backports count only if new enough (bookworm's own are not).
if [ ${#todo_backports[@]} = 0 ] && [ ${#wanted_backports[@]} != 0 ] && {
  ! meson --version 2>/dev/null | grep -qE '^(1\.([1-9]|[1-9][0-9])|[2-9])\.' ||
    dpkg --compare-versions "$(dpkg-query -W -f='${Version}' podman-compose 2>/dev/null)" lt 1.0.6
}; then
  todo_backports=("${backports_packages[@]}")
fi
[ ${#todo[@]} = 0 ] && [ ${#todo_backports[@]} = 0 ] && exit 0

echo "system-packages: installing ${todo[*]} ${todo_backports[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if [ ${#todo_backports[@]} != 0 ]; then
  . /etc/os-release
  list=/etc/apt/sources.list.d/bookworm-backports.list
  if ! grep -rqs "${VERSION_CODENAME}-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "deb http://deb.debian.org/debian ${VERSION_CODENAME}-backports main" | as_root tee "$list" >/dev/null
  fi
fi
as_root apt-get update -qq
[ ${#todo[@]} = 0 ] || as_root apt-get install -y -qq --no-install-recommends "${todo[@]}" >&2
[ ${#todo_backports[@]} = 0 ] ||
  as_root apt-get install -y -qq --no-install-recommends -t "${VERSION_CODENAME}-backports" "${todo_backports[@]}" >&2
