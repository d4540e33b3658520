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

# Malformed-packet torture of the kernel datapath's nat64 action (in the
# VM: utilities/ovs-nat64-vm tests/vm/vm-torture.sh).  Bridge br0 on the
# kernel datapath with two veth ports, v4 and v6, whose peers are eth0 in
# namespaces side4 and side6; flows
#   in_port=v4,ip  and  in_port=v4,arp  ->  nat64:4toll6,output:v6
#   in_port=v6,ipv6                     ->  nat64:ll6to4,output:v4
# tests/vm/torture-frames.py writes some two thousand frames (fixed seed):
# truncations at every byte, bad IHL, bad lengths, bad checksums, IPv4
# options, odd fragments, ICMP errors inside ICMP errors, truncated inner
# packets, IPv6 extension header chains, ARP and ND oddities, TTL and hop
# limit edges, random mutations and the fuzzers' seed corpus.  IPv4/ARP
# frames go in on side4's eth0, IPv6 ones on side6's, one at a time
# (AF_PACKET), and whatever comes out on the other side is captured.
#
# The same frames go through utilities/nat64-xlate (the same lib/, offline)
# for the expected result.  Per direction, the test fails unless
#   - the per-reason deltas of /proc/net/ovs_nat64_drops equal nat64-xlate's
#     drop counts, reason by reason;
#   - the frames that arrive are nat64-xlate's output frames, byte for
#     byte (6to4: the IPv4 ID masked, the kernel picks IDs at random, and
#     the header checksum recomputed only where it was right; 4to6: a
#     packet with DF clear longer than 1280 bytes once translated arrives
#     as nat64-xlate's IPv6 fragments, RFC 7915 4.1), and translated +
#     dropped == sent: every frame reached the action and every drop was
#     counted;
#   - decoded with scapy, not lib/, no translated frame has a wrong IPv4
#     header checksum or a length that disagrees with the frame, and every
#     frame whose TCP, UDP, ICMP or ICMPv6 checksum was right before is
#     right after;
#   - no upcall was lost and nothing else sent on the veths.
# utilities/ovs-nat64-vm fails the run on an Oops, BUG, WARNING, KASAN or
# UBSAN on the console.  Exits 0 on success, 77 when Open vSwitch,
# nat64-xlate or scapy is missing, 1 on failure.

set -u
NAME=vm-torture
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs

builddir=${top_builddir:-$top}
xlate=$builddir/utilities/nat64-xlate
if [ ! -x "$xlate" ]; then
    echo "$NAME: SKIP: no $xlate (run make)"
    exit 77
fi
if ! $PY -c 'import scapy' 2>/dev/null; then
    echo "$NAME: SKIP: $PY has no scapy (Debian: python3-scapy)"
    exit 77
fi
frames_py=$here/torture-frames.py

mark="$NAME: start $$ $(cut -d' ' -f1 /proc/uptime)"
echo "$mark" > /dev/kmsg
vm_ovs_start

# torture_port NS PORT: namespace NS with eth0, whose peer PORT is on br0;
# jumbo MTU (translation grows frames), no IPv6 and no ARP on either end,
# so that nothing but the test's frames crosses the bridge.
torture_port() {
    local ns=$1 port=$2
    run ip netns add "$ns"
    vm_namespaces="$vm_namespaces $ns"
    run ip link add "$port" mtu 9000 type veth peer name eth0 netns "$ns" \
        mtu 9000
    vm_ports="$vm_ports $port"
    run sysctl -q -w "net.ipv6.conf.$port.disable_ipv6=1"
    run ip netns exec "$ns" sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=1
    run ip -n "$ns" link set eth0 arp off
    run ip link set "$port" arp off
    run ip -n "$ns" link set eth0 up
    run ip link set "$port" up
    run ovs-vsctl add-port br0 "$port"
}
torture_port side4 v4
torture_port side6 v6
run ovs-ofctl add-flow br0 in_port=v4,ip,actions=nat64:4toll6,output:v6
run ovs-ofctl add-flow br0 in_port=v4,arp,actions=nat64:4toll6,output:v6
run ovs-ofctl add-flow br0 in_port=v6,ipv6,actions=nat64:ll6to4,output:v4
say "br0 (system datapath): side4/eth0 - v4, side6/eth0 - v6"

run $PY "$frames_py" write "$d/frames"
say "frames written"
for side in 4 6; do
    if [ $side = 4 ]; then dir=4to6; else dir=6to4; fi
    "$xlate" --direction $dir "$d/frames/side$side.pcap" \
        "$d/xlate$side.pcap" 2> "$d/xlate$side.log" \
        || fail "nat64-xlate: $(cat "$d/xlate$side.log")"
done

failed=
for side in 4 6; do
    if [ $side = 4 ]; then
        dir=4to6 from=side4 to=side6
    else
        dir=6to4 from=side6 to=side4
    fi
    sent=$(wc -l < "$d/frames/side$side.names")
    say "$from -> $to ($dir): injecting $sent frames"
    run cp /proc/net/ovs_nat64_drops "$d/before$side"
    out=$($PY "$frames_py" inject "$from" eth0 "$to" eth0 \
          "$d/frames/side$side.pcap" "$d/received$side.pcap") \
        || fail "inject: $out"
    run cp /proc/net/ovs_nat64_drops "$d/after$side"
    # Upcalls that never reached ovs-vswitchd: their packets never reached
    # the action (tests/lib/lost-upcalls.sh, via vm-lib.sh).
    lost=$(lost_upcalls ovs-appctl) || {
        echo "$NAME: $lost"
        failed="$failed $dir-lost-upcalls"
    }
    say "$out"
    case $out in
        "sent $sent received "*" noise 0 send-errors 0 capture-drops 0") ;;
        *) failed="$failed $dir"; echo "$NAME: unexpected: $out" ;;
    esac
    echo "datapath flows (packets that took the upcall path are not in" \
         "their statistics):"
    ovs-appctl dpctl/dump-flows | sed 's/^/  /'
    $PY "$frames_py" compare --direction $dir --sent "$sent" \
        --sent-pcap "$d/frames/side$side.pcap" \
        --label "$from -> $to" "$d/xlate$side.log" "$d/xlate$side.pcap" \
        "$d/before$side" "$d/after$side" "$d/received$side.pcap" \
        || failed="$failed $dir"
done

echo "--- /proc/net/ovs_nat64_drops"
cat /proc/net/ovs_nat64_drops
echo "--- kernel log lines of openvswitch since the start, if any"
dmesg | sed -n "/$mark/,\$p" | grep -E 'openvswitch|veth|netlink' | tail -n 20

if [ -n "$failed" ]; then
    fail "differences in:$failed (frames in $d/frames, names in" \
         "side4.names and side6.names)"
fi
vm_check_upcalls
say "PASS"
exit 0
