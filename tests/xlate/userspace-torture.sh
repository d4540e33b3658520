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

# The malformed-packet torture of tests/vm/vm-torture.sh, on the userspace
# datapath: the same two thousand frames (tests/vm/torture-frames.py,
# fixed seed), the same flows, the same comparison with nat64-xlate.
# Bridge br0 (datapath_type=netdev) in namespace n64u-sw with two veth
# ports, v4 and v6, whose peers are eth0 in n64u-side4 and n64u-side6;
#   in_port=v4,ip  and  in_port=v4,arp  ->  nat64:4toll6,output:v6
#   in_port=v6,ipv6                     ->  nat64:ll6to4,output:v4
# Frames go in one at a time (AF_PACKET) and whatever comes out on the
# other side is captured.  Per direction, the test fails unless the drops
# by reason (ovs-appctl nat64/show-drops) equal nat64-xlate's, the frames
# that arrive are nat64-xlate's output frames byte for byte (a packet with
# DF clear longer than 1280 bytes once translated: its IPv6 fragments,
# RFC 7915 4.1; 6to4: the IPv4 ID masked), translated + dropped == sent,
# scapy finds no wrong header or checksum, and no upcall was lost.
# Everything is removed at the end.  Needs root, the patched Open vSwitch
# (utilities/build-ovs.sh), utilities/nat64-xlate and python3-scapy.
# Exits 0 on success, 77 when one is missing, 1 on failure.

set -u

PFX=n64u
NS_SW=$PFX-sw
TMP_GLOB="/tmp/$PFX-torture.*"
me=userspace-torture.sh
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
ovsdir=${OVS_BUILDDIR:-$top_srcdir/_build/ovs}
PY=/usr/bin/python3
xlate=$top_builddir/utilities/nat64-xlate
frames_py=$top_srcdir/tests/vm/torture-frames.py

case ${1:-} in
    --help|-h)
        sed -n '/^# The malformed/,/^# Exits/p' "$0" | sed 's/^# \{0,1\}//'
        exit 0 ;;
    "") ;;
    *) echo "$me: unknown argument '$1' (--help)" >&2; exit 2 ;;
esac

if [ ! -x "$ovsdir/vswitchd/ovs-vswitchd" ]; then
    echo "$me: SKIP: no patched Open vSwitch in $ovsdir (utilities/build-ovs.sh)"
    exit 77
fi
if [ ! -x "$xlate" ]; then
    echo "$me: SKIP: no $xlate (run make)"
    exit 77
fi
if ! $PY -c 'import scapy' 2>/dev/null; then
    echo "$me: SKIP: $PY has no scapy (Debian: python3-scapy)"
    exit 77
fi
if [ "$(id -u)" != 0 ]; then
    echo "$me: SKIP: not root (network namespaces need it)"
    exit 77
fi

# shellcheck source=../lib/netns-ovs.sh
. "$top_srcdir/tests/lib/netns-ovs.sh"
ovs_ns() { echo $NS_SW; }
say() { printf '%s: %s\n' "$me" "$*"; }

on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$tmp" ]; then
        stop_ovs sw
        remove_all || rc=1
    fi
    exit $rc
}
[ -z "$(leftovers)" ] || { err "leftovers of an earlier run: $(leftovers | xargs)"; exit 1; }
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
tmp=$(mktemp -d "/tmp/$PFX-torture.XXXXXX") || { tmp=; exit 1; }
setup_log=$tmp/setup.log

run ip netns add $NS_SW
run ip -n $NS_SW link set lo up
start_ovs sw
run vsctl sw add-br br0 -- set bridge br0 datapath_type=netdev \
    fail-mode=secure

# torture_port SIDE PORT: namespace n64u-SIDE with eth0, whose peer PORT is
# on br0; jumbo MTU (translation grows frames), no IPv6 and no ARP on
# either end, so that nothing but the test's frames crosses the bridge.
torture_port() {
    local ns=$PFX-$1 port=$2
    run ip netns add "$ns"
    run ip -n "$ns" link set lo up
    run ip -n $NS_SW link add "$port" mtu 9000 type veth peer name eth0 \
        netns "$ns" mtu 9000
    run ip netns exec $NS_SW sysctl -q -w "net.ipv6.conf.$port.disable_ipv6=1"
    run ip netns exec "$ns" sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=1
    run ip -n "$ns" link set eth0 arp off
    run ip -n $NS_SW link set "$port" arp off
    run ip -n "$ns" link set eth0 up
    run ip -n $NS_SW link set "$port" up
    run vsctl sw add-port br0 "$port"
}
torture_port side4 v4
torture_port side6 v6
run ofctl sw add-flow br0 in_port=v4,ip,actions=nat64:4toll6,output:v6
run ofctl sw add-flow br0 in_port=v4,arp,actions=nat64:4toll6,output:v6
run ofctl sw add-flow br0 in_port=v6,ipv6,actions=nat64:ll6to4,output:v4
say "br0 (userspace datapath): $PFX-side4/eth0 - v4, $PFX-side6/eth0 - v6"

run $PY "$frames_py" write "$tmp/frames"
for side in 4 6; do
    if [ $side = 4 ]; then dir=4to6; else dir=6to4; fi
    "$xlate" --direction $dir "$tmp/frames/side$side.pcap" \
        "$tmp/xlate$side.pcap" 2> "$tmp/xlate$side.log" \
        || die "nat64-xlate: $(cat "$tmp/xlate$side.log")"
done

# drops FILE: the userspace datapath's nat64 drops, in the format of the
# kernel's /proc/net/ovs_nat64_drops that torture-frames.py compares.
drops() {
    appctl sw nat64/show-drops > "$tmp/show-drops" \
        || die "ovs-appctl nat64/show-drops failed"
    sed -n '1s/^userspace datapath nat64 drops:/nat64 drops:/p
            1,/^[^ ]/{/^  /p}' "$tmp/show-drops" > "$1"
    grep -q '^nat64 drops: ' "$1" \
        || die "unexpected nat64/show-drops output: $(cat "$tmp/show-drops")"
}

failed=
for side in 4 6; do
    if [ $side = 4 ]; then
        dir=4to6 from=side4 to=side6
    else
        dir=6to4 from=side6 to=side4
    fi
    sent=$(wc -l < "$tmp/frames/side$side.names")
    say "$from -> $to ($dir): injecting $sent frames"
    drops "$tmp/before$side"
    out=$($PY "$frames_py" inject "$PFX-$from" eth0 "$PFX-$to" eth0 \
          "$tmp/frames/side$side.pcap" "$tmp/received$side.pcap") \
        || die "inject: $out"
    drops "$tmp/after$side"
    lost=$(lost_upcalls appctl sw) || {
        say "$lost"
        failed="$failed $dir-lost-upcalls"
    }
    say "$out"
    case $out in
        "sent $sent received "*" noise 0 send-errors 0 capture-drops 0") ;;
        *) failed="$failed $dir"; say "unexpected: $out" ;;
    esac
    $PY "$frames_py" compare --direction $dir --sent "$sent" \
        --sent-pcap "$tmp/frames/side$side.pcap" \
        --label "$from -> $to, userspace" "$tmp/xlate$side.log" \
        "$tmp/xlate$side.pcap" "$tmp/before$side" "$tmp/after$side" \
        "$tmp/received$side.pcap" \
        || failed="$failed $dir"
done

if [ -n "$failed" ]; then
    echo "--- ovs-appctl nat64/show-drops"
    cat "$tmp/show-drops"
    echo "--- datapath flows"
    appctl sw dpctl/dump-flows | head -n 40
    say "FAILED: differences in:$failed"
    exit 1
fi
say "PASS"
exit 0
