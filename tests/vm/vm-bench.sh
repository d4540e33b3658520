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

# The kernel datapath benchmark, run in the VM by "make bench-vm"
# (utilities/ovs-nat64-vm tests/vm/vm-bench.sh): iperf3 TCP between a
# client (192.168.0.10) and a server (192.168.0.100 and fe80::c0a8:64) on
# br0, datapath_type=system, with the same two ports and namespaces for
#   plain4  in_port=c,actions=output:s and back, IPv4 on both sides;
#   plain6  the same flows, IPv6 link-local on both sides (the client also
#           has fe80::c0a8:a): the nat64 packets leave or reach the IPv6
#           stack, so this is the baseline without the translation's
#           IPv4/IPv6 mix;
#   nat64   the client's IPv4 -> nat64:4toll6 -> the server's IPv6 and back.
# 4->6: the client sends; 6->4: the server sends (iperf3 -R), so the data
# crosses ll6to4.  The configurations alternate, ROUNDS times each, and the
# medians are compared.  The VM runs under TCG: the absolute figures mean
# little, the ratio is the figure.  It prints figures; it never fails on
# them (only when the set-up or iperf3 fails).

set -u
NAME=vm-bench
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs
command -v iperf3 > /dev/null || fail "no iperf3 (apt-get install iperf3)"

SECONDS_PER_RUN=5
ROUNDS=3
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) ROUNDS=${2:?--rounds needs N}; shift ;;
        --seconds) SECONDS_PER_RUN=${2:?--seconds needs S}; shift ;;
        --help|-h)
            echo "Usage: $0 [--rounds N (3)] [--seconds S per run (5)]"
            exit 0 ;;
        *) fail "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
case $ROUNDS$SECONDS_PER_RUN in
    *[!0-9]*) fail "--rounds and --seconds take whole numbers" ;;
esac

vm_ovs_start
vm_port benchc c
vm_port benchs s
run ip -n benchc addr add 192.168.0.10/24 dev eth0
vm_ipv6_only benchc fe80::c0a8:a
run ip -n benchs addr add 192.168.0.100/24 dev eth0
vm_ipv6_only benchs fe80::c0a8:64
run ip -n benchc link set eth0 up
run ip -n benchs link set eth0 up

plain_flows='in_port=c,actions=output:s
in_port=s,actions=output:c'
nat64_flows='in_port=c,ip,actions=nat64:4toll6,output:s
in_port=c,arp,actions=nat64:4toll6,output:s
in_port=s,ipv6,actions=nat64:ll6to4,output:c'

set_flows() {
    printf '%s\n' "$1" > "$d/flows"
    run ovs-ofctl replace-flows br0 "$d/flows"
    # A fresh start for the neighbour caches, so that ARP (plain) or
    # ARP -> ND (nat64) really runs for each configuration.
    ip -n benchc neigh flush dev eth0
    ip -n benchs neigh flush dev eth0
    ip netns exec benchc ping -c 1 -W 5 "$(server_addr $2)" > /dev/null \
        || fail "no ping through the $2 flows"
}

ip netns exec benchs iperf3 -s -D --logfile "$d/iperf3-server.log" \
    || fail "iperf3 -s did not start"
vm_wait_listen benchs 5201

server_addr() {
    if [ "$1" = plain6 ]; then echo fe80::c0a8:64%eth0; else echo 192.168.0.100; fi
}

# mbps CONFIG DIR: one iperf3 run, prints Mbit/s received.
mbps() {
    local rev= out
    [ "$2" = 6to4 ] && rev=-R
    out=$(ip netns exec benchc iperf3 -c "$(server_addr $1)" -t "$SECONDS_PER_RUN" \
          -O 1 $rev -J 2> "$d/iperf3.err") \
        || fail "iperf3 $1 $2 failed: $(cat "$d/iperf3.err")"
    printf '%s\n' "$out" | $PY -c '
import json, sys
print("%.1f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e6))'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

say "iperf3 TCP, $ROUNDS rounds x $SECONDS_PER_RUN s per configuration and direction"
declare -A runs
for round in $(seq 1 "$ROUNDS"); do
    for config in plain4 plain6 nat64; do
        if [ $config = nat64 ]; then set_flows "$nat64_flows" $config
        else set_flows "$plain_flows" $config; fi
        for dir in 4to6 6to4; do
            r=$(mbps $config $dir)
            runs[$config-$dir]="${runs[$config-$dir]:-} $r"
            say "round $round $config $dir: $r Mbit/s"
        done
    done
done
ovs-appctl dpctl/dump-flows

echo
echo "kernel datapath (openvswitch.ko in the VM, TCG), iperf3 TCP, median of $ROUNDS x ${SECONDS_PER_RUN} s"
printf '%-9s %8s %8s %8s %12s %12s\n' direction plain4 plain6 nat64 nat64/plain4 nat64/plain6
echo "          (Mbit/s)"
ratio() { awk -v n="$1" -v p="$2" 'BEGIN { printf "%.2f", (p > 0) ? n / p : 0 }'; }
verdict4=met verdict6=met
for dir in 4to6 6to4; do
    p4=$(median ${runs[plain4-$dir]})
    p6=$(median ${runs[plain6-$dir]})
    n=$(median ${runs[nat64-$dir]})
    r4=$(ratio "$n" "$p4")
    r6=$(ratio "$n" "$p6")
    awk -v r="$r4" 'BEGIN { exit !(r >= 0.97) }' || verdict4="NOT met"
    awk -v r="$r6" 'BEGIN { exit !(r >= 0.97) }' || verdict6="NOT met"
    printf '%-9s %8s %8s %8s %12s %12s\n' "${dir/to/->}" "$p4" "$p6" "$n" "$r4" "$r6"
done
for config in plain4 plain6 nat64; do
    echo "runs $config: 4->6:${runs[$config-4to6]}; 6->4:${runs[$config-6to4]}"
done
echo "goal nat64 >= 0.97 x plain forwarding, both directions:" \
     "against plain IPv4 $verdict4, against plain IPv6 $verdict6"
