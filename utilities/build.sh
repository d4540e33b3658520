#!/bin/sh
# Copyright (c) 2026 The ovs-nat64 authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# Set-up and build on a fresh Debian 12: installs the Debian packages the
# build and the tests need (as root, only those missing), then runs
# ./boot.sh, ./configure and make in the top of the source tree.  Safe to run
# again: steps already done are skipped, make rebuilds what changed.

set -u

PACKAGES="build-essential autoconf automake libtool pkg-config patch
libcmocka-dev clang libclang-rt-14-dev valgrind python3 python3-scapy
python3-pytest python3-pyroute2 iputils-arping netcat-openbsd
openvswitch-source libssl-dev libcap-ng-dev libunbound-dev
python3-sortedcontainers iproute2 curl iputils-ping ethtool procps wget
linux-source-6.1 linux-source-6.12 linux-headers-amd64 xz-utils kmod
qemu-system-x86
busybox-static iperf3 tayga libnl-genl-3-dev bc bison flex libelf-dev
dpkg-dev debhelper dh-dkms dkms lintian fakeroot
tcpdump libc++-14-dev libc++abi-14-dev gnuplot-nox
dwarves libxdp-dev libbpf-dev"
# dwarves: pahole, which linux-kbuild-6.12 depends on; the packages test on
# 6.12 installs that line's headers in the VM, offline.  libxdp-dev and
# libbpf-dev: the AF_XDP build of make bench-ovs.

# The build dependencies of the Debian packages (utilities/build-debs.sh):
# Debian's openvswitch source package's and debian/control's.
OVS_TARBALL=/usr/src/openvswitch/openvswitch.tar.gz
# Kept at apt's candidate version, not only installed: see step 1.
KERNEL_PACKAGES="linux-source-6.1 linux-source-6.12 linux-headers-amd64"

usage() {
    cat <<EOF
Usage: $0 [--no-install] [--no-ovs] [--no-kernel] [--no-debs] [--help]
Installs the Debian packages ovs-nat64 needs (only the missing ones, with
apt-get, as root), then builds: ./boot.sh, ./configure (once), make -j2,
the patched Open vSwitch (utilities/build-ovs.sh, in _build/ovs), the
patched openvswitch.ko for both kernel lines (datapath/build-module.sh, in
_build/kernel for 6.1 and _build/kernel-6.12) and
the Debian packages (utilities/build-debs.sh, in _build/debs), then
installs what those packages depend on, for the packages test (it
installs them in a VM that has no network).

  --no-install   do not install packages (fail if one is missing)
  --no-ovs       do not build the patched Open vSwitch
  --no-kernel    do not build the patched kernel module
  --no-debs      do not build the Debian packages
  --help         print this help and exit

Environment: MAKE_JOBS (default 2) sets make's -j; CONFIGURE_FLAGS are
passed to ./configure.
EOF
}

install=yes
ovs=yes
kernel=yes
debs=yes
for arg in "$@"; do
    case $arg in
        --no-install) install=no ;;
        --no-ovs) ovs=no ;;
        --no-kernel) kernel=no ;;
        --no-debs) debs=no ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$0: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.." || exit 1
top=$(pwd)

step=0
steps=9
start_step() {
    step=$((step + 1))
    step_name=$1
    echo "[$step/$steps] $step_name..."
}
fail() {
    echo "build.sh: step $step/$steps ($step_name) failed${1:+: $1}" >&2
    exit 1
}

# 1. Debian packages.
start_step "installing Debian packages"
missing=
for pkg in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)
    case $status in
        *" installed") ;;
        *) missing="$missing $pkg" ;;
    esac
done
# The kernel packages follow Debian's kernel updates: when apt has a newer
# linux-headers-amd64 or linux-source-6.1 than the installed one (a new
# kernel ABI, 6.1.0-56 -> 6.1.0-57), they are upgraded too, so that the
# module is built for the kernel linux-image-amd64 names today.
for pkg in $KERNEL_PACKAGES; do
    case " $missing " in *" $pkg "*) continue ;; esac
    installed=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null)
    candidate=$(apt-cache policy "$pkg" 2>/dev/null \
                | sed -n 's/^ *Candidate: //p')
    if [ -n "$candidate" ] && [ "$candidate" != "(none)" ] \
       && [ "$installed" != "$candidate" ]; then
        echo "      $pkg $installed is installed, apt has $candidate"
        missing="$missing $pkg"
    fi
done
# install_missing WHAT PACKAGE...: installs those PACKAGEs (the missing
# ones), or fails saying what is missing.
updated=no
install_missing() {
    local what=$1
    shift
    if [ $# = 0 ]; then
        echo "      all present"
    elif [ $install = no ]; then
        fail "missing or outdated $what: $* (run without --no-install, as \
root)"
    elif [ "$(id -u)" != 0 ]; then
        fail "missing or outdated $what: $*; run as root to install them"
    else
        echo "      installing: $*"
        export DEBIAN_FRONTEND=noninteractive
        if [ $updated = no ]; then
            apt-get update -q || fail "apt-get update"
            updated=yes
        fi
        apt-get install -y -q --no-install-recommends "$@" \
            || fail "apt-get install $*"
    fi
}
# shellcheck disable=SC2086
install_missing packages $missing

# 2. The Debian packages' build dependencies.
start_step "installing the Debian packages' build dependencies"
# The Build-Depends of both source packages, as "apt-get satisfy" takes
# them; what it would install is what is missing.
build_depends() {
    sed -n '/^Build-Depends:/,/^[A-Z]/{/^Build-Depends:/d;/^[A-Z]/d;p}' \
        | tr -d '\n' | sed 's/,[ ]*$//'
}
if [ $debs = no ]; then
    echo "      skipped: --no-debs"
else
    ovs_control=$(tar -xzOf "$OVS_TARBALL" --wildcards '*/debian/control') \
        || fail "cannot read debian/control in $OVS_TARBALL"
    deps="$(echo "$ovs_control" | build_depends), \
$(build_depends < debian/control)"
    plan=$(apt-get satisfy -s --no-install-recommends "$deps" 2>&1) \
        || fail "apt cannot satisfy the build dependencies (apt-get update \
first?): $(echo "$plan" | grep '^E:' | head -n 3)"
    # shellcheck disable=SC2046
    install_missing "build dependencies" \
        $(echo "$plan" | sed -n 's/^Inst \([^ ]*\) .*/\1/p')
fi

# 3. ./boot.sh, once: afterwards make reruns autoconf/automake itself when
# configure.ac or a Makefile.am fragment changes.
start_step "generating ./configure (./boot.sh)"
if [ -x configure ] && [ -f Makefile.in ]; then
    echo "      skipped: ./configure exists"
else
    ./boot.sh || fail "./boot.sh"
fi

# 4. ./configure, once.
start_step "configuring (./configure)"
if [ -f Makefile ] && [ -f config.status ]; then
    echo "      skipped: already configured (rm config.status to redo)"
else
    # shellcheck disable=SC2086
    ./configure ${CONFIGURE_FLAGS:-} \
        || fail "./configure, see $top/config.log"
fi

# 5. make.
start_step "building (make -j${MAKE_JOBS:-2})"
make -j"${MAKE_JOBS:-2}" || fail "make"

# 6. The patched Open vSwitch.
start_step "building the patched Open vSwitch (utilities/build-ovs.sh)"
if [ $ovs = no ]; then
    echo "      skipped: --no-ovs"
else
    utilities/build-ovs.sh || fail "utilities/build-ovs.sh"
fi

# 7. The patched kernel module, for the VM tests.
start_step "building the patched openvswitch.ko (datapath/build-module.sh)"
if [ $kernel = no ]; then
    echo "      skipped: --no-kernel"
else
    datapath/build-module.sh --line 6.1 \
        || fail "datapath/build-module.sh --line 6.1"
    datapath/build-module.sh --line 6.12 \
        || fail "datapath/build-module.sh --line 6.12"
fi

# 8. The Debian packages, and 9. what they need installed, for the
# packages test.
start_step "building the Debian packages (utilities/build-debs.sh)"
if [ $debs = no ]; then
    echo "      skipped: --no-debs"
else
    utilities/build-debs.sh || fail "utilities/build-debs.sh"
fi

start_step "installing what the Debian packages depend on"
if [ $debs = no ]; then
    echo "      skipped: --no-debs"
else
    # What "apt-get install ./_build/debs/*.deb" would install besides the
    # packages themselves: the packages test installs them offline.
    # shellcheck disable=SC2046
    install_missing "dependencies of _build/debs" $(apt-get install -s \
        --no-install-recommends ./_build/debs/*.deb 2> /dev/null \
        | sed -n 's/^Inst \([^ ]*\) .*/\1/p' \
        | grep -v -x -e openvswitch-common -e openvswitch-switch \
              -e openvswitch-switch-dpdk -e python3-openvswitch \
              -e openvswitch-nat64-dkms -e ovs-nat64)
fi

echo "build.sh: done; run tests/run-all.sh for the tests"
