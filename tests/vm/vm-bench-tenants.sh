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

# The reference paper's figure 8 on the kernel datapath, in the VM ("make
# bench-vm" runs it after vm-bench.sh): the aggregate iperf3 TCP throughput
# of 1, 2, 4 and 8 tenants at once, each tenant a namespace behind its own
# GRE tunnel (gretap, its own key) to br0, all to one service namespace, br0
# configured by ovs-nat64-tenant (the paper's figure 5):
#   plain  the tenants' IPv6 link-local to the service's IPv6 port: GRE and
#          the same switch, no translation;
#   nat64  the tenants' IPv4 (192.168.0.10, the same in every tenant) to
#          192.168.0.100, translated to the service's fe80::c0a8:64.
# 4->6: the tenants send; 6->4: the service sends (iperf3 -R).  The paper's
# claim is that the translation adds nothing as tenants grow: the figure is
# the ratio nat64/plain per tenant count.  Under TCG the absolute figures
# mean little.  Prints the table and "figure8:" lines that
# tests/vm/bench-plot.sh draws on the host; never fails on the figures.

set -u
NAME=vm-bench-tenants
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs
command -v iperf3 > /dev/null || fail "no iperf3 (apt-get install iperf3)"

SECONDS_PER_RUN=5
ROUNDS=3
COUNTS="1 2 4 8"
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) ROUNDS=${2:?--rounds needs N}; shift ;;
        --seconds) SECONDS_PER_RUN=${2:?--seconds needs S}; shift ;;
        --tenants) COUNTS=${2:?--tenants needs a list}; shift ;;
        --help|-h)
            echo "Usage: $0 [--rounds N (3)] [--seconds S per run (5)]" \
                 "[--tenants 'COUNTS' (1 2 4 8)]"
            exit 0 ;;
        *) fail "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
case $ROUNDS$SECONDS_PER_RUN$(echo $COUNTS | tr -d ' ') in
    *[!0-9]*|"") fail "--rounds, --seconds and --tenants take whole numbers" ;;
esac
max=$(printf '%s\n' $COUNTS | sort -n | tail -n 1)

vm_ovs_start
run ovs-vsctl set bridge br0 fail-mode=secure
run ip netns add svc
vm_namespaces="$vm_namespaces svc"
run ip -n svc link set lo up
for k in $(seq 1 "$max"); do
    a=$((2 * k - 2)) b=$((2 * k - 1))
    # The service's two ports for tenant k, both fe80::c0a8:64 only.
    for n in $a $b; do
        run ip link add vnet$n type veth peer name em$n netns svc
        run ip netns exec svc sysctl -q -w net.ipv6.conf.em$n.addr_gen_mode=1
        run ip -n svc addr add fe80::c0a8:64/64 dev em$n nodad
        run ip -n svc link set em$n up
        run ip link set vnet$n up
    done
    # Tenant k: an underlay link to this host, and a gretap with key k.
    run ip netns add t$k
    vm_namespaces="$vm_namespaces t$k"
    run ip -n t$k link set lo up
    run ip link add ul$k type veth peer name ul0 netns t$k
    run ip addr add 10.99.$k.1/24 dev ul$k
    run ip link set ul$k up
    run ip -n t$k addr add 10.99.$k.2/24 dev ul0
    run ip -n t$k link set ul0 up
    run ip -n t$k link add eth0 type gretap local 10.99.$k.2 \
        remote 10.99.$k.1 key $k
    run ip -n t$k addr add 192.168.0.10/24 dev eth0
    # 1400: an IPv4 packet grows by 20 into IPv6, and the tunnel adds 42,
    # both within the ports' 1500 (nothing black-holed as too big).
    run ip -n t$k link set eth0 mtu 1400 up
    run env PYTHONPATH="$ovs/python" "$top/utilities/ovs-nat64-tenant" \
        add br0 tenant$k \
        --remote-ip 10.99.$k.2 --key $k --gre-port gre$k \
        --v4-port vnet$a --v6-port vnet$b > /dev/null
    ip netns exec svc iperf3 -s -D -p $((5200 + k)) \
        --logfile "$d/iperf3-server$k.log" || fail "iperf3 -s -p $((5200 + k))"
done
for k in $(seq 1 "$max"); do vm_wait_listen svc $((5200 + k)); done
say "$max tenants on br0 (ovs-nat64-tenant), one iperf3 server each"

server_addr() {
    if [ "$1" = plain ]; then echo fe80::c0a8:64%eth0; else echo 192.168.0.100; fi
}

# aggregate N CONFIG DIR: tenants 1..N at once; prints the sum of the
# Mbit/s their iperf3 runs received.
aggregate() {
    local n=$1 config=$2 rev= k pids= pid
    [ "$3" = 6to4 ] && rev=-R
    for k in $(seq 1 "$n"); do
        ip netns exec t$k ping -c 1 -W 5 "$(server_addr $config)" > /dev/null \
            || fail "tenant $k: no ping through $config"
    done
    for k in $(seq 1 "$n"); do
        ip netns exec t$k iperf3 -c "$(server_addr $config)" -p $((5200 + k)) \
            -t "$SECONDS_PER_RUN" -O 1 $rev -J > "$d/client$k.json" \
            2> "$d/client$k.err" &
        pids="$pids $!"
    done
    for pid in $pids; do
        wait "$pid" || fail "iperf3 $config $3 with $n tenants failed:" \
            "$(cat "$d"/client*.err)"
    done
    $PY -c '
import json, sys
print("%.1f" % (sum(json.load(open(f))["end"]["sum_received"]["bits_per_second"]
                    for f in sys.argv[1:]) / 1e6))' \
        $(for k in $(seq 1 "$n"); do echo "$d/client$k.json"; done)
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
spread() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }

say "iperf3 TCP, tenants $COUNTS, $ROUNDS rounds x $SECONDS_PER_RUN s," \
    "plain and nat64 alternating"
declare -A runs ratios
for n in $COUNTS; do
    for round in $(seq 1 "$ROUNDS"); do
        for dir in 4to6 6to4; do
            p=$(aggregate "$n" plain $dir)
            t=$(aggregate "$n" nat64 $dir)
            runs[plain-$n-$dir]="${runs[plain-$n-$dir]:-} $p"
            runs[nat64-$n-$dir]="${runs[nat64-$n-$dir]:-} $t"
            r=$(awk -v t="$t" -v p="$p" 'BEGIN { printf "%.2f", (p > 0) ? t / p : 0 }')
            ratios[$n-$dir]="${ratios[$n-$dir]:-} $r"
            say "$n tenants, round $round, $dir: plain $p, nat64 $t Mbit/s ($r)"
        done
    done
done
lost=$(lost_upcalls ovs-appctl) || say "note: $lost"

echo
echo "figure 8 (kernel datapath in the VM, TCG): aggregate iperf3 TCP of N" \
     "tenants at once, median of $ROUNDS x $SECONDS_PER_RUN s (Mbit/s)"
printf '%-8s %-5s %9s %9s %13s %11s\n' tenants dir plain nat64 nat64/plain spread
for n in $COUNTS; do
    for dir in 4to6 6to4; do
        p=$(median ${runs[plain-$n-$dir]})
        t=$(median ${runs[nat64-$n-$dir]})
        printf '%-8s %-5s %9s %9s %13s %11s\n' "$n" "${dir/to/->}" "$p" "$t" \
            "$(median ${ratios[$n-$dir]})" "$(spread ${ratios[$n-$dir]})"
    done
done
for n in $COUNTS; do
    for dir in 4to6 6to4; do
        echo "figure8: $n $dir $(median ${runs[plain-$n-$dir]})" \
             "$(median ${runs[nat64-$n-$dir]})"
    done
done
echo "(nat64/plain: the median of the per-round ratios, plain and nat64" \
     "measured back to back; spread: their lowest and highest)"
