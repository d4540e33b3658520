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

# Path MTU discovery across the translation on the kernel datapath (in the
# VM: utilities/ovs-nat64-vm tests/vm/vm-too-big.sh).  side4 (IPv4,
# 192.168.0.10) and side6 (IPv6 only, fe80::c0a8:14) keep MTU 1500; the
# switch's ports towards them are lowered, so the hosts' MSS does not
# protect them and full-size packets grow too big once translated.
#   black hole   nat64 alone: a TCP transfer from side4 (TSO off) stalls,
#                its packets dropped at the output port, side4 told
#                nothing.
#   4to6         check_pkt_larger and nat64(mode=too-big,mtu=1400): side4
#                gets Fragmentation Needed for 1380 (its route cache says
#                so) and the transfer completes, TSO off, then on (the
#                error made of a GSO packet whose segments are too big).
#   6to4         the same from side6 (TSO on) with the IPv4 port at 1300:
#                Packet Too Big for 1320.
# Exits 0 on success, 77 when Open vSwitch is missing, 1 on failure.

set -u
NAME=vm-too-big
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs

mark="$NAME: start $$ $(cut -d' ' -f1 /proc/uptime)"
echo "$mark" > /dev/kmsg
vm_ovs_start
vm_port side4 v4
vm_port side6 v6
run ip -n side4 addr add 192.168.0.10/24 dev eth0
run ip -n side4 link set eth0 up
vm_ipv6_only side6 fe80::c0a8:14
run ip -n side6 link set eth0 up
run ip link set v6 mtu 1400

BYTES=300000

# transfer FROM_NS TO_NS ADDR PORT SECONDS: sends BYTES over TCP from
# FROM_NS to a server in TO_NS on ADDR, PORT; succeeds if all arrive
# within SECONDS.
transfer() {
    local out=$d/transfer.$4
    ip netns exec "$2" $PY "$top/tests/lib/tcp-transfer.py" receive \
        "$([ "$2" = side6 ] && echo 6 || echo 4)" "$4" "$5" > "$out" 2>&1 &
    vm_wait_listen "$2" "$4"
    ip netns exec "$1" timeout "$5" $PY "$top/tests/lib/tcp-transfer.py" \
        send "$3" "$4" "$BYTES"
    wait
    say "received $(sed -n 2p "$out") of $BYTES bytes"
    [ "$(sed -n 2p "$out")" = "$BYTES" ]
}

# The too-big flows: packets that grow past MTU once translated (frames
# longer than LIMIT) go back to their sender as the ICMP error.
add_too_big_flows() {
    local in=$1 out=$2 dl_type=$3 limit=$4 mtu=$5 mode=$6 table=$7
    run ovs-ofctl add-flow br0 "in_port=$in,$dl_type,actions=check_pkt_larger($limit)->reg0[0],resubmit(,$table)"
    run ovs-ofctl add-flow br0 "table=$table,in_port=$in,$dl_type,reg0=1/1,actions=nat64(mode=too-big,mtu=$mtu),in_port"
    run ovs-ofctl add-flow br0 "table=$table,in_port=$in,$dl_type,reg0=0/1,actions=nat64:$mode,output:$out"
}

run ovs-ofctl add-flow br0 in_port=v4,arp,actions=nat64:4toll6,output:v6
run ovs-ofctl add-flow br0 in_port=v6,ipv6,actions=nat64:ll6to4,output:v4
run ovs-ofctl add-flow br0 in_port=v4,ip,actions=nat64:4toll6,output:v6
run ip netns exec side4 ping -c 2 -i 0.2 -W 5 192.168.0.20
say "side4 -> side6 ping through nat64 passed"

say "---- black hole: nat64 alone, v6 at MTU 1400"
# GSO packets pass an output port whatever its MTU: without TSO every
# full-size packet is one the port drops.
run ip netns exec side4 ethtool -K eth0 tso off gso off
if transfer side4 side6 192.168.0.20 7101 15; then
    fail "the transfer completed though v6 drops what grows past 1400"
fi
ip -n side4 route get 192.168.0.20 | grep -q ' mtu ' \
    && fail "side4 learned an MTU without an error: $(ip -n side4 route get 192.168.0.20)"
say "black hole: ok (stalled, as without the too-big flows)"

say "---- 4to6: Fragmentation Needed"
run ovs-ofctl del-flows br0 in_port=v4,ip
# IPv4 frames longer than 14 + 1380 become IPv6 packets over 1400.
add_too_big_flows v4 v6 ip 1394 1400 4toll6 1
port=7102
for tso in off on; do
    port=$((port + 1))
    run ip -n side4 route flush cache
    run ip netns exec side4 ethtool -K eth0 tso $tso gso $tso
    if ! transfer side4 side6 192.168.0.20 $port 60; then
        ovs-appctl dpctl/dump-flows | sed 's/^/  /'
        cat /proc/net/ovs_nat64_drops
        fail "4to6, TSO $tso: the transfer did not complete"
    fi
    route=$(ip -n side4 route get 192.168.0.20)
    say "side4, TSO $tso: $route"
    case $route in
        *" mtu 1380 "*|*" mtu 1380") ;;
        *) fail "side4 did not learn MTU 1380" ;;
    esac
done
ovs-appctl dpctl/dump-flows > "$d/flows.4to6"
grep -q 'nat64(mode=too-big,mtu=1400)' "$d/flows.4to6" \
    || { cat "$d/flows.4to6"; fail "no kernel flow with nat64(mode=too-big)"; }
say "4to6: ok"

say "---- 6to4: Packet Too Big"
run ip link set v6 mtu 1500
run ip link set v4 mtu 1300
run ovs-ofctl del-flows br0 in_port=v6,ipv6
# IPv6 frames longer than 14 + 1320 become IPv4 packets over 1300.
add_too_big_flows v6 v4 ipv6 1334 1300 ll6to4 2
if ! transfer side6 side4 fe80::c0a8:a%eth0 7105 60; then
    ovs-appctl dpctl/dump-flows | sed 's/^/  /'
    cat /proc/net/ovs_nat64_drops
    fail "6to4: the transfer did not complete"
fi
route=$(ip -n side6 -6 route get fe80::c0a8:a dev eth0)
say "side6: $route"
case $route in
    *" mtu 1320 "*|*" mtu 1320") ;;
    *) fail "side6 did not learn MTU 1320" ;;
esac
say "6to4: ok"

echo "--- /proc/net/ovs_nat64_drops"
cat /proc/net/ovs_nat64_drops
vm_check_upcalls
say "PASS"
exit 0
