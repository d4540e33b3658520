#!/bin/bash
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

# The packages of "make deb" (_build/debs/), used as an operator would, in
# a VM whose root is the host's under a writable overlay
# (utilities/ovs-nat64-vm --overlay tests/vm/vm-packages.sh; the
# tests/vm/packages-test.sh test),
# "vm-packages.sh [--kernel-debs DIR] [DEBIAN_DEBS_DIR]":
#
#   0. first, as on an operator's host: with --kernel-debs, Debian's
#      packages of the running kernel from DIR (linux-image-<abi>,
#      linux-headers-<abi> and what the headers need that the host lacks),
#      for a kernel whose headers cannot be on the host (6.12's depend on
#      its image); with DEBIAN_DEBS_DIR, Debian's own Open vSwitch
#      packages from there;
#   1. apt-get install ./_build/debs/*.deb, offline (every dependency is on
#      the host), over Debian's; DKMS builds openvswitch-nat64 for the
#      running kernel; the tools run and have their man pages;
#   2. modprobe openvswitch loads DKMS's module (modinfo says which file,
#      the loaded module's GNU build ID says it is that file);
#   3. the paper's scenario on the installed programs, on the kernel
#      datapath, Open vSwitch started by the package's own ovs-ctl with its
#      default database and paths (nat64-scenario.sh --installed);
#   4. apt-get remove openvswitch-nat64-dkms: after modprobe -r and
#      modprobe, the kernel's own openvswitch.ko is loaded, a nat64 flow is
#      refused with NXBAC_NAT64_DATAPATH_SUPPORT and the switch still
#      forwards (a ping through a NORMAL bridge);
#   5. with DEBIAN_DEBS_DIR: back to Debian's packages, as the README says.

set -u
NAME=vm-packages
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/../.." && pwd)}
debs=${OVS_NAT64_DEBS:-$top/_build/debs}
kernel_debs=
if [ "${1:-}" = --kernel-debs ]; then
    kernel_debs=${2:?--kernel-debs needs a directory}
    shift 2
fi
debian_debs=${1:-}
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
# shellcheck source=../lib/lost-upcalls.sh
. "$top/tests/lib/lost-upcalls.sh"

say() {
    echo "$NAME: [$(cut -d' ' -f1 /proc/uptime) s] $*"
}
fail() {
    echo "$NAME: FAIL: $*" >&2
    for f in /var/log/openvswitch/*.log; do
        [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
    done
    exit 1
}
run() {
    "$@" || fail "$* (exit status $?)"
}
# The GNU build ID of module file $1 (.ko or, as 6.12's, .ko.xz), and of
# the loaded openvswitch (the modules have no srcversion: Debian's kernel
# does not set CONFIG_MODULE_SRCVERSION_ALL).
build_id() {
    case $1 in
        *.xz) xz -dc "$1" > /tmp/build-id.ko || return
              set -- /tmp/build-id.ko ;;
    esac
    readelf -n "$1" 2> /dev/null \
        | sed -n 's/^ *Build ID: *\([0-9a-f]*\).*/\1/p'
}
loaded_build_id() {
    od -An -v -tx1 /sys/module/openvswitch/notes/.note.gnu.build-id \
        | tr -d ' \n'
}
# is_loaded FILE: the loaded openvswitch is FILE.
is_loaded() {
    local id
    id=$(build_id "$1")
    [ -n "$id" ] || fail "$1 has no build ID"
    case $(loaded_build_id) in
        *"$id") return 0 ;;
    esac
    return 1
}

abi=$(uname -r)
[ -w / ] || fail "the root is read-only: run with utilities/ovs-nat64-vm --overlay"
ls "$debs"/*.deb > /dev/null 2>&1 || fail "no packages in $debs (make deb)"
for pkg in openvswitch-common openvswitch-switch python3-openvswitch \
           openvswitch-nat64-dkms ovs-nat64; do
    ls "$debs/${pkg}_"*.deb > /dev/null 2>&1 || fail "no $pkg in $debs"
done
if [ -n "$debian_debs" ]; then
    ls "$debian_debs"/openvswitch-switch_*.deb > /dev/null 2>&1 \
        || fail "no Debian packages in $debian_debs"
fi
if [ -n "$kernel_debs" ]; then
    for pkg in linux-image-$abi linux-headers-$abi; do
        ls "$kernel_debs/${pkg}_"*.deb > /dev/null 2>&1 \
            || fail "no $pkg in $kernel_debs"
    done
fi

# apt_get LOG ARG...: apt-get, non-interactive, its output in LOG and, on
# failure, on the console.
apt_get() {
    local log=$1
    shift
    DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 \
        -o APT::Sandbox::User=root "$@" > "$log" 2>&1 || {
        tail -n 40 "$log"
        fail "apt-get $* failed"
    }
}
# check_versions DIR PACKAGE...: each PACKAGE is installed at the version
# of its .deb in DIR.
check_versions() {
    local dir=$1 pkg version deb
    shift
    for pkg in "$@"; do
        version=$(dpkg-query -W -f='${Version}' "$pkg" 2> /dev/null)
        deb=$(ls "$dir/${pkg}_"*.deb)
        [ "$version" = "$(dpkg-deb -f "$deb" Version)" ] \
            || fail "$pkg is at '$version', not the one in $deb"
        say "    $pkg $version"
    done
}

[ ! -d /sys/module/openvswitch ] || fail "openvswitch is loaded already"

# Under TCG a man-db trigger takes minutes, and no service may start before
# the test starts it: as in a container image.
rm -f /var/lib/man-db/auto-update
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d \
    && chmod 755 /usr/sbin/policy-rc.d || fail "cannot write policy-rc.d"

if [ -n "$kernel_debs" ]; then
    kernel_pkgs=$(cd "$kernel_debs" && ls *.deb | sed 's/_.*//')
    say "0. the running kernel's packages: $(echo $kernel_pkgs)"
    # The package brings the image's modules itself: not those that
    # tests/vm/vm-run.sh put on /lib/modules/$abi.
    umount "/lib/modules/$abi/kernel" && rm -rf "/lib/modules/$abi" \
        || fail "cannot take the image's modules off /lib/modules/$abi"
    # INITRD=No: the VM boots its own initramfs; building the image's
    # takes minutes under TCG and nothing would use it.
    start=$(cut -d. -f1 /proc/uptime)
    INITRD=No apt_get /tmp/apt-kernel.log install --no-install-recommends \
        "$kernel_debs"/*.deb
    say "    installed in $(($(cut -d. -f1 /proc/uptime) - start)) s"
    # shellcheck disable=SC2086
    check_versions "$kernel_debs" $kernel_pkgs
    [ -d "/lib/modules/$abi/build/" ] \
        || fail "linux-headers-$abi gave no /lib/modules/$abi/build"
fi

# The modules the image has, for comparing with DKMS's.
stock=$(ls /lib/modules/"$abi"/kernel/net/openvswitch/openvswitch.ko* \
        2> /dev/null | head -n 1)
[ -f "$stock" ] || fail "no openvswitch.ko in /lib/modules/$abi/kernel \
(the image's modules are not on /lib/modules)"
stock_id=$(build_id "$stock")
[ -n "$stock_id" ] || fail "$stock has no build ID"

debian_pkgs=
if [ -n "$debian_debs" ]; then
    debian_pkgs=$(cd "$debian_debs" && ls *.deb | sed 's/_.*//')
    say "0. Debian's packages first: $(echo $debian_pkgs)"
    apt_get /tmp/apt-debian.log install "$debian_debs"/*.deb
    # shellcheck disable=SC2086
    check_versions "$debian_debs" $debian_pkgs
fi

say "1. apt-get install $(cd "$debs" && echo *.deb)"
start=$(cut -d. -f1 /proc/uptime)
apt_get /tmp/apt-install.log install "$debs"/*.deb
grep -E '^(Setting up|Unpacking)|dkms|DKMS|Building|Installing|rror' \
    /tmp/apt-install.log | sed 's/^/    /'
say "installed in $(($(cut -d. -f1 /proc/uptime) - start)) s"
check_versions "$debs" openvswitch-common openvswitch-switch \
    openvswitch-switch-dpdk python3-openvswitch openvswitch-nat64-dkms \
    ovs-nat64
for tool in ovs-nat64-tenant nat64-xlate; do
    run /usr/bin/$tool --help > /dev/null
done
for page in man1/nat64-xlate.1.gz man8/ovs-nat64-tenant.8.gz; do
    [ -s /usr/share/man/$page ] || fail "no /usr/share/man/$page"
done
unit=/lib/systemd/system/ovs-nat64-tenant.service
grep -qx 'ExecStart=/usr/bin/ovs-nat64-tenant repair' $unit \
    || fail "$unit does not run /usr/bin/ovs-nat64-tenant repair"
case $(readlink /etc/systemd/system/ovs-vswitchd.service.wants/ovs-nat64-tenant.service) in
    /lib/systemd/system/ovs-nat64-tenant.service) ;;
    /usr/lib/systemd/system/ovs-nat64-tenant.service) ;;
    *) fail "ovs-nat64-tenant.service is not enabled (wanted by ovs-vswitchd.service)" ;;
esac
say "    $unit, enabled: ovs-vswitchd's start starts it"
ovs-vsctl --version | grep -q 'Open vSwitch) 3\.1\.0' \
    || fail "ovs-vsctl --version: $(ovs-vsctl --version | head -n 1)"

status=$(dkms status openvswitch-nat64 -k "$abi")
echo "    dkms status: $status"
case $status in
    *"$abi"*": installed"*) ;;
    *) fail "DKMS did not build and install openvswitch-nat64 for $abi" ;;
esac

say "2. modprobe openvswitch"
file=$(modinfo -n openvswitch) || fail "modinfo openvswitch"
case $file in
    "/lib/modules/$abi/updates/dkms/openvswitch.ko"*) ;;
    *) fail "modprobe would load $file, not DKMS's (updates/dkms)" ;;
esac
run modprobe openvswitch
is_loaded "$file" || fail "the loaded openvswitch is not $file"
! is_loaded "$stock" || fail "DKMS's openvswitch.ko is the kernel's"
say "    loaded $file (build ID $(build_id "$file"); the kernel's is $stock_id)"
modinfo "$file" | grep -E '^(filename|vermagic|signer):' | sed 's/^/    /'
run modprobe -r openvswitch

say "3. the paper's scenario on the installed packages"
rm -f /usr/sbin/policy-rc.d
bash "$top/tests/scenario/nat64-scenario.sh" --installed \
    || fail "the scenario failed on the installed packages"
[ ! -e /var/run/openvswitch/ovs-vswitchd.pid ] \
    || fail "the scenario left ovs-vswitchd running"

say "4. apt-get remove openvswitch-nat64-dkms"
apt_get /tmp/apt-remove.log remove openvswitch-nat64-dkms
[ -z "$(ls /lib/modules/"$abi"/updates/dkms/openvswitch.ko* 2> /dev/null)" ] \
    || fail "DKMS's openvswitch.ko is still in updates/dkms"
check_versions "$debs" openvswitch-common openvswitch-switch \
    python3-openvswitch ovs-nat64
for m in vport_gre vport_vxlan vport_geneve openvswitch; do
    [ -d /sys/module/$m ] && run modprobe -r $m
done
run modprobe openvswitch
file=$(modinfo -n openvswitch)
[ "$file" = "$stock" ] && is_loaded "$stock" \
    || fail "after the removal, openvswitch is $file, not the kernel's $stock"
say "    the kernel's own module is back: $file (build ID $stock_id)"

run "$OVS_CTL" start --system-id=random
trap '"$OVS_CTL" stop > /dev/null 2>&1; ip netns del pk1 2> /dev/null;
      ip netns del pk2 2> /dev/null' EXIT
run ovs-vsctl add-br br0 -- set bridge br0 datapath_type=system
ovs-appctl dpif/show-dp-features br0 | grep -q "Stateless NAT64 action: No" \
    || fail "the probe does not say the kernel's module lacks nat64"
for k in 1 2; do
    run ip netns add pk$k
    run ip link add p$k type veth peer name eth0 netns pk$k
    run ip link set p$k up
    run ip -n pk$k link set eth0 up
    run ip -n pk$k addr add 10.65.0.$k/24 dev eth0
    run ovs-vsctl add-port br0 p$k
done
if out=$(ovs-ofctl add-flow br0 in_port=p1,ip,actions=nat64:4toll6,output:p2 2>&1); then
    fail "a nat64 flow was accepted on the kernel's own module"
fi
printf '%s\n' "$out" | sed 's/^/    /'
printf '%s\n' "$out" | grep -q NXBAC_NAT64_DATAPATH_SUPPORT \
    || fail "the refusal does not name NXBAC_NAT64_DATAPATH_SUPPORT"
run ovs-ofctl add-flow br0 actions=normal
run ip netns exec pk1 ping -c 2 -i 0.3 -W 5 10.65.0.2
lost=$(lost_upcalls ovs-appctl) || fail "$lost"
say "    nat64 refused, NORMAL forwards, no upcall lost"
run ovs-vsctl del-br br0
run "$OVS_CTL" stop

if [ -n "$debian_debs" ]; then
    say "5. back to Debian's packages"
    apt_get /tmp/apt-back.log install --allow-downgrades "$debian_debs"/*.deb
    # shellcheck disable=SC2086
    check_versions "$debian_debs" $debian_pkgs
fi
say "PASS"
