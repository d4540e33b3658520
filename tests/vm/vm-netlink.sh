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

# Malformed nat64 actions, sent straight to the kernel datapath (in the VM:
# utilities/ovs-nat64-vm tests/vm/vm-netlink.sh).  Runs tests/vm/
# ovs-nl-refuse, a libnl-3 client that makes its own datapath and sends
# well-formed nat64 actions (accepted) and malformed ones (truncated,
# wrong lengths, unknown modes, bad prefix lengths, ...: each refused with
# EINVAL, no flow installed), then shows the kernel's log lines
# (OVS_NLERR, "openvswitch: netlink: ...") for the refusals: each reason
# the nat64 validation gives must be there.  Needs no ovs-vswitchd, only the loaded module.  The
# console check of utilities/ovs-nat64-vm catches an oops or a WARN.
# Exits 0 on success, 77 when ovs-nl-refuse is not built (configure found
# no libnl-genl-3.0) or the module is not loaded, 1 on failure.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/../.." && pwd)}
builddir=${top_builddir:-$top}
prog=$builddir/tests/vm/ovs-nl-refuse

say() {
    echo "vm-netlink: [$(cut -d' ' -f1 /proc/uptime) s] $*"
}
fail() {
    echo "vm-netlink: FAIL: $*" >&2
    exit 1
}

if [ ! -x "$prog" ]; then
    echo "vm-netlink: SKIP: no $prog (configure found no libnl-genl-3.0;" \
         "Debian: libnl-genl-3-dev, then make)"
    exit 77
fi
if [ ! -d /sys/module/openvswitch ]; then
    echo "vm-netlink: SKIP: openvswitch.ko is not loaded"
    exit 77
fi
say "kernel $(uname -r), openvswitch taint flags" \
    "$(cat /sys/module/openvswitch/taint)"

# OVS_NLERR is rate-limited by net_ratelimit() (net.core.message_cost,
# message_burst: 10 lines per 5 s).  Lift the limit for the run so that
# each refusal can be seen; the test does not depend on it.
cost=$(sysctl -n net.core.message_cost 2>/dev/null)
[ -n "$cost" ] && sysctl -q -w net.core.message_cost=0
mark="vm-netlink: start $$ $(cut -d' ' -f1 /proc/uptime)"
echo "$mark" > /dev/kmsg

"$prog"
rc=$?

[ -n "$cost" ] && sysctl -q -w net.core.message_cost="$cost"
log=$(dmesg | sed -n "/$mark/,\$p" | sed 1d)
nlerr=$(printf '%s\n' "$log" | grep -c 'openvswitch: netlink: ')
nat64=$(printf '%s\n' "$log" | grep -c 'openvswitch: netlink: nat64: ')
echo "--- kernel log of the run (OVS_NLERR, netlink attribute warnings):"
printf '%s\n' "$log" | grep -E 'openvswitch: netlink: |netlink: ' \
    | sed 's/^\[ *[0-9.]*\] /  /'
say "$nlerr OVS_NLERR lines, $nat64 of them from the nat64 validation"

case $rc in
    0) ;;
    77) echo "vm-netlink: SKIP: the Open vSwitch netlink families are missing"
        exit 77 ;;
    *) fail "ovs-nl-refuse exited with status $rc" ;;
esac
# Each reason the kernel's nat64 validation gives an operator must have
# been logged at least once.  (A payload of the wrong length is refused
# by the action length table before it, with no log line.)
missing=
for why in "nat64: unknown mode" "nat64: unknown TTL mode" \
           "nat64: flags " "nat64: prefix length 33 is not" \
           "nat64: prefix has bits set past its length or in the u-octet" \
           "nat64: cannot translate eth_type 0x86dd with mode 1" \
           "nat64: cannot translate eth_type 0x0800 with mode 2" \
           "nat64: needs an Ethernet header" \
           "nat64: too-big: eth_type 0x0806 is not IP" \
           "nat64: too-big: mtu 1279 is too small for eth_type 0x0800" \
           "nat64: too-big: mtu 67 is too small for eth_type 0x86dd" \
           "nat64: 4to6: mtu 1279 is below IPv6's minimum"; do
    printf '%s\n' "$log" | grep -q "openvswitch: netlink: $why" \
        || missing="$missing
  $why"
done
[ -z "$missing" ] || fail "reasons never logged by the kernel:$missing"
# The datapath must be gone again.
[ -e /sys/class/net/n64nl ] && fail "datapath n64nl was left behind"
say "PASS"
exit 0
