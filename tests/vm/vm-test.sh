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

# "make check"'s kernel datapath test: brings the patched openvswitch.ko up
# to date (datapath/build-module.sh, a no-op when nothing changed) and runs
# tests/vm/vm-suite.sh (or VM_SCRIPT) in one VM (utilities/ovs-nat64-vm);
# arguments go to the script.  Exits 77 (skip)
# when qemu, busybox-static, the kernel image or the module cannot be had,
# or Open vSwitch is not built.  VM_TIMEOUT (default 1800) bounds the VM;
# VM_LINE=6.12 runs it on Debian 12's 6.12 kernel line (default 6.1);
# VM_EXTRA_MODULES=DIR adds DIR's *.ko to the VM's modules ("make bench-vm":
# Jool's, from tests/vm/build-jool.sh).
# VM_ICOUNT=yes runs the VM on qemu's instruction counter ("make
# bench-vm-icount"; ovs-nat64-vm --icount).
# VM_KERNEL=debug ("make check-vm-debug") boots the debug kernel of
# datapath/build-debug-kernel.sh (KASAN, UBSAN, KFENCE, DEBUG_NET; built
# once) with the module built against it, instead of Debian's.

top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
PATH=$PATH:/usr/sbin:/sbin

skip() {
    echo "vm-test: SKIP: $*"
    exit 77
}

command -v qemu-system-x86_64 > /dev/null \
    || skip "no qemu-system-x86_64 (apt-get install qemu-system-x86)"
dpkg-query -W -f='${db:Status-Abbrev}' busybox-static 2> /dev/null \
    | grep -q '^ii' \
    || skip "no busybox-static (apt-get install busybox-static)"
command -v depmod > /dev/null || skip "no kmod (apt-get install kmod)"
[ -x _build/ovs/vswitchd/ovs-vswitchd ] \
    || skip "Open vSwitch is not built (utilities/build-ovs.sh)"
line=${VM_LINE:-6.1}
abi=$(datapath/build-module.sh --line "$line" --print-abi 2> /dev/null) \
    || skip "apt knows no kernel image of the $line line (apt-get update)"

if [ "${VM_KERNEL:-debian}" = debug ]; then
    datapath/build-debug-kernel.sh || exit 1
    image=$(datapath/build-debug-kernel.sh --print-dir)
    datapath/build-module.sh --kernel-build _build/debug-kernel/build \
        || exit 1
    # KASAN's shadow memory and the slower sanitized kernel: more of both.
    exec utilities/ovs-nat64-vm --image "$image" \
        --module _build/kernel-debug/openvswitch.ko --memory 2048 \
        --timeout "${VM_TIMEOUT:-3600}" \
        --log _build/vm/logs/vm-suite-debug.log \
        "${VM_SCRIPT:-tests/vm/vm-suite.sh}" "$@"
fi

# The module: built here when the kernel sources can be had, so that the
# VM never runs a stale one; else whatever was built before, if anything.
# (6.12's headers are unpacked by build-module.sh itself.)
kbuild=_build/kernel
[ "$line" = 6.1 ] || kbuild=_build/kernel-$line
if [ -r "/usr/src/linux-source-$line.tar.xz" ] \
   && { [ "$line" != 6.1 ] || [ -d "/usr/src/linux-headers-$abi" ]; }; then
    datapath/build-module.sh --line "$line" || exit 1
elif [ ! -f $kbuild/openvswitch.ko ]; then
    skip "no $kbuild/openvswitch.ko and no linux-source-$line (and \
headers) to build it"
fi

icount=
[ "${VM_ICOUNT:-no}" = yes ] && icount=--icount
exec utilities/ovs-nat64-vm --line "$line" --timeout "${VM_TIMEOUT:-1800}" \
    ${VM_EXTRA_MODULES:+--extra-modules "$VM_EXTRA_MODULES"} $icount \
    "${VM_SCRIPT:-tests/vm/vm-suite.sh}" "$@"
