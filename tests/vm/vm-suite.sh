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

# The kernel datapath's tests, one after the other in one VM boot
# (tests/vm/vm-test.sh runs "utilities/ovs-nat64-vm tests/vm/vm-suite.sh"):
#   smoke      stock forwarding, then nat64 ping/ARP/HTTP (vm-smoke.sh)
#   scenario   the paper's three GRE tenants, gretap edge boxes, the cloud
#              switch on the kernel datapath (nat64-scenario.sh)
#   tso        GSO packets through the action, bytes intact (vm-tso.sh)
#   netlink    malformed nat64 actions refused by the kernel (vm-netlink.sh)
#   torture    malformed packets, every drop counted (vm-torture.sh)
#   skb        offloaded skbs (CHECKSUM_PARTIAL, TSO, UDP GSO, frag lists,
#              tunnels, CHECKSUM_COMPLETE), conntrack reassembly then
#              refragmentation, ct and userspace() after nat64 (vm-skb.sh)
#   too-big    path MTU discovery across the translation: nat64 mode
#              too-big's ICMP errors, TCP transfers (vm-too-big.sh)
#   rmmod      openvswitch.ko removed and loaded again while nat64 drops a
#              flood of packets (vm-rmmod.sh)
#   stock      Debian's own openvswitch.ko: nat64 flows refused, the rest
#              works (vm-stock.sh; it swaps the module and back)
#   selftest   the nat64 test of upstream's Open vSwitch selftests
#              (vm-selftest.sh nat64; without arguments it runs all of
#              openvswitch.sh); Linux 6.12 only, 6.1 has none
# With arguments, runs only the named tests.  Exits 1 when one failed,
# else 77 when one was skipped (exit 77: a prerequisite is missing, so
# the suite as a whole did not run: "make check" reports it as skipped and
# tests/run-all.sh as failed), else 0.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/../.." && pwd)}

all="smoke scenario tso netlink torture skb too-big rmmod stock selftest"
# Upstream's Open vSwitch selftests came with Linux 6.3: none on 6.1.
case $(uname -r) in
    6.1.*) default=${all% selftest} ;;
    *) default=$all ;;
esac
tests=${*:-$default}

command_of() {
    case $1 in
        smoke) echo "$here/vm-smoke.sh" ;;
        scenario) echo "$top/tests/scenario/nat64-scenario.sh --datapath system" ;;
        tso) echo "$here/vm-tso.sh" ;;
        netlink) echo "$here/vm-netlink.sh" ;;
        torture) echo "$here/vm-torture.sh" ;;
        skb) echo "$here/vm-skb.sh" ;;
        too-big) echo "$here/vm-too-big.sh" ;;
        rmmod) echo "$here/vm-rmmod.sh" ;;
        stock) echo "$here/vm-stock.sh" ;;
        # Ours: each takes minutes under TCG (every ovs-dpctl.py command
        # loads python and pyroute2 anew, about 20 s), all eleven over
        # half an hour, too long for every CI run.
        selftest) echo "$here/vm-selftest.sh nat64" ;;
        *) return 1 ;;
    esac
}

for t in $tests; do
    command_of "$t" > /dev/null || {
        echo "vm-suite: unknown test '$t' (known: $all)" >&2
        exit 2
    }
done

passed= skipped= failed=
for t in $tests; do
    start=$(cut -d' ' -f1 /proc/uptime)
    echo "vm-suite: ======== $t: $(command_of "$t")"
    # shellcheck disable=SC2046
    bash $(command_of "$t")
    rc=$?
    took=$(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" \
           'BEGIN { printf "%.0f", b - a }')
    case $rc in
        0) passed="$passed $t"; echo "vm-suite: ======== $t: PASS (${took} s)" ;;
        77) skipped="$skipped $t"; echo "vm-suite: ======== $t: SKIP (${took} s)" ;;
        *) failed="$failed $t"; echo "vm-suite: ======== $t: FAIL, exit $rc (${took} s)" ;;
    esac
done
echo "vm-suite: passed:${passed:- none}; skipped:${skipped:- none};" \
     "failed:${failed:- none}"
[ -z "$failed" ] || exit 1
[ -z "$skipped" ] || exit 77
exit 0
