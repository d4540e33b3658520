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

# The "packages" test: the Debian packages of "make deb", installed with
# apt-get in a VM (Debian's kernel, the host's root under a writable
# overlay) and used as an operator would: tests/vm/vm-packages.sh says
# what is checked.  Builds the packages first when they are missing or
# older than their sources (utilities/build-debs.sh), and downloads
# Debian's own Open vSwitch packages (the VM starts from them).  Exits 77
# (skipped) without qemu or the packages' build dependencies.
#
# VM_LINE=6.12 runs it on Debian 12's 6.12 kernel line (default 6.1).
# That line's headers depend on its image, which is never installed on
# the host, so the VM installs both from their .debs first, downloaded
# here into _build/vm/kernel-debs-<abi>/.

top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
PATH=$PATH:/usr/sbin:/sbin

skip() {
    echo "packages-test: SKIP: $*"
    exit 77
}

command -v qemu-system-x86_64 > /dev/null \
    || skip "no qemu-system-x86_64 (apt-get install qemu-system-x86)"
command -v dpkg-buildpackage > /dev/null \
    || skip "no dpkg-buildpackage (utilities/build.sh installs it)"
line=${VM_LINE:-6.1}
abi=$(datapath/build-module.sh --line "$line" --print-abi 2> /dev/null) \
    || skip "apt knows no kernel image of the $line line (apt-get update)"

# The packages, rebuilt when a source is newer (build-debs.sh keeps the
# Open vSwitch ones unless their own inputs changed).
newest=$(find debian lib datapath patches utilities -type f -newer \
         _build/debs/lintian.log 2> /dev/null | head -n 1)
if [ ! -f _build/debs/lintian.log ] || [ -n "$newest" ]; then
    echo "packages-test: building the packages (utilities/build-debs.sh)"
    utilities/build-debs.sh || exit 1
fi

# 6.12: the kernel's packages, at the version of the image the VM boots,
# downloaded once: the image, its headers and what the headers need that
# comes from the same source (their -common part, linux-kbuild).
kdebs=
kernel_args=
kernel_pkgs=
if [ "$line" != 6.1 ]; then
    kversion=$(apt-cache policy "linux-image-$abi" 2> /dev/null \
               | sed -n 's/^ *Candidate: //p')
    case $kversion in
        ''|'(none)') skip "apt knows no linux-image-$abi (apt-get update)" ;;
    esac
    kernel_pkgs="linux-image-$abi $(datapath/build-module.sh --line "$line" \
        --print-header-debs) " || exit 1
    kdebs=_build/vm/kernel-debs-$abi
    if [ "$(cat "$kdebs/.complete" 2> /dev/null)" != "$kversion" ]; then
        rm -rf "$kdebs" && mkdir -p "$kdebs" || exit 1
        echo "packages-test: apt-get download $kernel_pkgs($kversion)"
        for pkg in $kernel_pkgs; do
            (cd "$kdebs" && apt-get download -q "$pkg=$kversion" 2>&1 \
                | grep -v -e '^W: Download is performed unsandboxed' \
                          -e '^Get:' -e "^Fetched")
        done
        [ "$(ls "$kdebs"/*.deb 2> /dev/null | wc -l)" = \
          "$(echo $kernel_pkgs | wc -w)" ] \
            || { echo "packages-test: apt-get download failed" >&2; exit 1; }
        echo "$kversion" > "$kdebs/.complete"
    fi
    kernel_args="--kernel-debs $top/$kdebs"
fi

# The host must have what the packages depend on: the VM has no network.
# shellcheck disable=SC2046
missing=$(apt-get install -s --no-install-recommends ./_build/debs/*.deb \
          ${kdebs:+$(ls ./"$kdebs"/*.deb)} \
          2> /dev/null | sed -n 's/^Inst \([^ ]*\) .*/\1/p' \
          | grep -v -x -e openvswitch-common -e openvswitch-switch \
                -e openvswitch-switch-dpdk -e python3-openvswitch \
                -e openvswitch-nat64-dkms -e ovs-nat64 \
                $(for pkg in $kernel_pkgs; do echo "-e $pkg"; done) \
          | tr '\n' ' ')
[ -z "$missing" ] || skip "the packages' dependencies are not on the host:" \
    "$missing(utilities/build.sh installs them)"

# Debian's own Open vSwitch packages, which the VM installs first and goes
# back to at the end: the version in Debian's archive (not an installed
# one of ours), downloaded once.
version=$(apt-cache madison openvswitch-switch 2> /dev/null \
          | awk -F' *[|] *' '$2 !~ /nat64/ { print $2; exit }')
[ -n "$version" ] || skip "apt knows no openvswitch-switch (apt-get update)"
debian=_build/vm/debian-ovs/$version
if [ ! -f "$debian/.complete" ]; then
    rm -rf "$debian" && mkdir -p "$debian" || exit 1
    echo "packages-test: apt-get download Debian's Open vSwitch $version"
    (cd "$debian" && apt-get download -q openvswitch-common="$version" \
        openvswitch-switch="$version" openvswitch-switch-dpdk="$version" \
        python3-openvswitch="$version" 2>&1 \
        | grep -v -e '^W: Download is performed unsandboxed' -e '^Get:' \
                  -e "^Fetched")
    [ "$(ls "$debian"/*.deb 2> /dev/null | wc -l)" = 4 ] \
        || { echo "packages-test: apt-get download failed" >&2; exit 1; }
    touch "$debian/.complete"
fi

# shellcheck disable=SC2086
exec utilities/ovs-nat64-vm --line "$line" --overlay --memory 3072 \
    --timeout "${VM_TIMEOUT:-2400}" tests/vm/vm-packages.sh $kernel_args \
    "$top/$debian"
