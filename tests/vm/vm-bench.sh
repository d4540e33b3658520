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
# (utilities/ovs-nat64-vm tests/vm/vm-benchmarks.sh): the same client
# (namespace benchc, 192.168.0.10, fe80::c0a8:a) and server (benchs,
# 192.168.0.100, fe80::c0a8:64, 2001:db8:64::c0a8:64) with their veth
# peers c and s, forwarded or translated by each of
#   plain4     br0 (datapath_type=system), in_port=c,actions=output:s and
#              back, IPv4 on both sides;
#   plain6     the same flows, IPv6 link-local on both sides: the baseline
#              without the IPv4/IPv6 mix;
#   nat64      the client's IPv4 -> nat64:4toll6 -> the server's
#              fe80::c0a8:64 and back (the product's case);
#   nat64-nsp  the same with nat64(mode=4to6|6to4,prefix=2001:db8:64::/96):
#              the server sees 2001:db8:64::c0a8:a, as through the next two;
#   jool       c and s leave br0 for namespace benchj, where Jool SIIT
#              (Debian's jool-dkms, built by tests/vm/build-jool.sh for this
#              kernel; netfilter instance, pool6 2001:db8:64::/96) translates
#              between them: the client routes 192.168.0.100 via
#              192.168.0.1 (c), the server 2001:db8:64::c0a8:a via fe80::1
#              (s);
#   tayga      the same with Debian's tayga (SIIT, the same prefix, tun
#              "nat64") in namespace bencht.
# The prefix is a network-specific one: RFC 6052 3.1 forbids private IPv4
# addresses under 64:ff9b::/96, and both anchors and nat64 refuse them.
# Jool and tayga replace the switch (a router with a translator), as the
# kernel's own translator would be deployed, rather than hang behind it.
#
# Each configuration, each round: iperf3 TCP 4->6 (the client sends) and
# 6->4 (iperf3 -R), with TSO on the endpoints' eth0 (the default: the
# datapath and the translators see 64 KB GSO packets) and with TSO off
# (MTU-sized segments); then UDP with 64-byte payloads, as fast as iperf3
# sends (-b 0), counted as packets per second reaching the receiver's eth0.
# The configurations alternate, ROUNDS times; each ratio is taken per round
# (the two configurations ran minutes apart) and printed as the median of
# the rounds with a confidence interval of that median
# (tests/lib/median-ci.sh: at least 95% from 6 rounds on).  A goal is
# "met" when the whole interval is at or above it, "not met" when it is
# all below, "undecided" when it straddles the goal.  The VM runs under
# TCG: the absolute figures mean little, the ratios are the figures.  On
# TCG's wall clock (two vCPUs) they vary by tens of percent from round to
# round with the host's speed; "make bench-vm-icount" runs the VM on
# qemu's instruction counter (ovs-nat64-vm --icount: one vCPU, the guest's
# clock 4 ns per instruction while it runs, no kernel preemption), where a
# rate is per guest instruction and repeats to within 2%.  It never fails
# on them (only when the set-up fails).

set -u
NAME=vm-bench
. "$(dirname "$0")/vm-lib.sh"
# shellcheck source=../lib/median-ci.sh
. "$top/tests/lib/median-ci.sh"
vm_require_ovs
command -v iperf3 > /dev/null || fail "no iperf3 (apt-get install iperf3)"

SECONDS_PER_RUN=5
ROUNDS=3
CONFIGS="plain4 plain6 nat64 nat64-nsp jool tayga"
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) ROUNDS=${2:?--rounds needs N}; shift ;;
        --seconds) SECONDS_PER_RUN=${2:?--seconds needs S}; shift ;;
        --configs) CONFIGS=${2:?--configs needs a list}; shift ;;
        --help|-h)
            echo "Usage: $0 [--rounds N (3)] [--seconds S per run (5)]" \
                 "[--configs 'LIST' ($CONFIGS)]"
            exit 0 ;;
        *) fail "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
case $ROUNDS$SECONDS_PER_RUN in
    *[!0-9]*) fail "--rounds and --seconds take whole numbers" ;;
esac
for config in $CONFIGS; do
    case " plain4 plain6 nat64 nat64-nsp jool tayga " in
        *" $config "*) ;;
        *) fail "unknown configuration '$config' (see --help)" ;;
    esac
done

NSP=2001:db8:64::/96
CLIENT_NSP=2001:db8:64::c0a8:a
SERVER_NSP=2001:db8:64::c0a8:64
ROUTER4=192.168.0.1
ROUTER6=fe80::1
JOOL_SIIT=$top/_build/jool/root/usr/bin/jool_siit
case " $CONFIGS " in
    *" jool "*)
        [ -x "$JOOL_SIIT" ] || fail "no $JOOL_SIIT (run tests/vm/build-jool.sh)"
        run modprobe jool_siit ;;
esac
case " $CONFIGS " in
    *" tayga "*)
        command -v tayga > /dev/null || fail "no tayga (apt-get install tayga)" ;;
esac

vm_ovs_start
vm_port benchc c
vm_port benchs s
run ip -n benchc addr add 192.168.0.10/24 dev eth0
vm_ipv6_only benchc fe80::c0a8:a
run ip -n benchs addr add 192.168.0.100/24 dev eth0
vm_ipv6_only benchs fe80::c0a8:64
run ip -n benchs addr add $SERVER_NSP/96 dev eth0 nodad
run ip -n benchc link set eth0 up
run ip -n benchs link set eth0 up

# The translators' namespaces, forwarding on; c and s, and the routes to
# both ends, join them only while their configuration runs
# (ports_to_router).
for ns in benchj bencht; do
    run ip netns add $ns
    vm_namespaces="$vm_namespaces $ns"
    run ip -n $ns link set lo up
    run ip netns exec $ns sysctl -q -w net.ipv4.conf.all.forwarding=1 \
        net.ipv6.conf.all.forwarding=1
done
case " $CONFIGS " in
    *" jool "*)
        run ip netns exec benchj "$JOOL_SIIT" instance add --netfilter \
            --pool6 $NSP > /dev/null ;;
esac
case " $CONFIGS " in
    *" tayga "*)
        # /dev/net/tun appears when the module registers it.
        run modprobe tun
        printf 'tun-device nat64\nipv4-addr 192.168.255.1\nprefix %s\n' \
            $NSP > "$d/tayga.conf"
        ip netns exec bencht tayga -n -c "$d/tayga.conf" \
            > "$d/tayga.log" 2>&1 &
        for i in $(seq 1 40); do
            ip -n bencht link show nat64 > /dev/null 2>&1 && break
            sleep 0.25
        done
        ip -n bencht link show nat64 > /dev/null 2>&1 || {
            # Without -d, tayga tells its reasons to syslog only.
            ip netns exec bencht timeout 3 tayga -d -c "$d/tayga.conf" 2>&1 \
                | head -n 5 >&2
            fail "tayga made no tun device"
        }
        run ip -n bencht link set nat64 up
        run ip -n bencht route add 192.168.0.100/32 dev nat64
        run ip -n bencht route add $NSP dev nat64 ;;
esac

plain_flows='in_port=c,actions=output:s
in_port=s,actions=output:c'
nat64_flows='in_port=c,ip,actions=nat64:4toll6,output:s
in_port=c,arp,actions=nat64:4toll6,output:s
in_port=s,ipv6,actions=nat64:ll6to4,output:c'
nsp4="nat64(mode=4to6,prefix=$NSP)"
nsp6="nat64(mode=6to4,prefix=$NSP)"
nsp_flows="in_port=c,ip,actions=$nsp4,output:s
in_port=c,arp,actions=$nsp4,output:s
in_port=s,ipv6,actions=$nsp6,output:c"

# The ports c and s are on br0 (ports_ns empty) or in a translator's
# namespace.
ports_ns=
ports_to_switch() {
    [ -n "$ports_ns" ] || return 0
    run ip netns exec benchc ip route del 192.168.0.100/32
    run ip netns exec benchs ip route del $CLIENT_NSP/128
    run ip -n $ports_ns link set c netns 1
    run ip -n $ports_ns link set s netns 1
    run ip link set c up
    run ip link set s up
    run ovs-vsctl add-port br0 c -- add-port br0 s
    ports_ns=
}
ports_to_router() {
    local ns=$1
    [ "$ports_ns" = "$ns" ] && return 0
    ports_to_switch
    run ovs-vsctl del-port br0 c -- del-port br0 s
    run ip link set c netns $ns
    run ip link set s netns $ns
    run ip -n $ns addr add $ROUTER4/32 dev c
    run ip -n $ns addr add $ROUTER6/64 dev s nodad
    run ip -n $ns link set c up
    run ip -n $ns link set s up
    run ip -n $ns route add 192.168.0.10/32 dev c
    run ip -n $ns route add $SERVER_NSP/128 dev s
    run ip -n benchc route add 192.168.0.100/32 via $ROUTER4 dev eth0
    run ip -n benchs route add $CLIENT_NSP/128 via $ROUTER6 dev eth0
    ports_ns=$ns
}

use_config() {
    case $1 in
        jool) ports_to_router benchj ;;
        tayga) ports_to_router bencht ;;
        *)
            ports_to_switch
            case $1 in
                plain*) printf '%s\n' "$plain_flows" ;;
                nat64) printf '%s\n' "$nat64_flows" ;;
                nat64-nsp) printf '%s\n' "$nsp_flows" ;;
            esac > "$d/flows"
            run ovs-ofctl replace-flows br0 "$d/flows" ;;
    esac
    # A fresh start for the neighbour caches, so that ARP (plain), ARP ->
    # ND (nat64) or the router's neighbours really resolve each time.
    for ns in benchc benchs benchj bencht; do
        ip -n $ns neigh flush all 2> /dev/null
        ip -n $ns -6 neigh flush all 2> /dev/null
    done
    ip netns exec benchc ping -c 1 -W 5 "$(server_addr $1)" > /dev/null \
        || fail "no ping through $1"
}

ip netns exec benchs iperf3 -s -D --logfile "$d/iperf3-server.log" \
    || fail "iperf3 -s did not start"
vm_wait_listen benchs 5201

server_addr() {
    if [ "$1" = plain6 ]; then echo fe80::c0a8:64%eth0; else echo 192.168.0.100; fi
}

set_tso() {
    run ip netns exec benchc ethtool -K eth0 tso $1
    run ip netns exec benchs ethtool -K eth0 tso $1
}

rx_packets() { ip netns exec $1 cat /sys/class/net/eth0/statistics/rx_packets; }

# measure CONFIG TEST DIR: one iperf3 run; prints Mbit/s received (TCP) or
# thousands of packets per second reaching the receiver's eth0 (UDP), or 0
# when iperf3 failed (said on stderr: a translator that cannot carry the
# traffic scores 0 rather than stopping the benchmark).
measure() {
    local args="-t $SECONDS_PER_RUN -J" rx_ns=benchs out rx0 rx1
    [ "$3" = 6to4 ] && { args="$args -R"; rx_ns=benchc; }
    case $2 in
        udp) args="$args -u -l 64 -b 0" ;;
        *) args="$args -O 1" ;;
    esac
    rx0=$(rx_packets $rx_ns)
    out=$(timeout -s KILL $((SECONDS_PER_RUN + 30)) ip netns exec benchc \
          iperf3 -c "$(server_addr $1)" --connect-timeout 5000 $args \
          2> "$d/iperf3.err") || {
        say "iperf3 $1 $2 $3 failed: $(printf '%s\n' "$out" \
             | sed -n 's/.*"error": *//p') $(cat "$d/iperf3.err")" >&2
        echo 0
        return
    }
    rx1=$(rx_packets $rx_ns)
    if [ "$2" = udp ]; then
        awk -v n=$((rx1 - rx0)) -v s="$SECONDS_PER_RUN" \
            'BEGIN { printf "%.2f\n", n / s / 1000 }'
    else
        printf '%s\n' "$out" | $PY -c '
import json, sys
print("%.1f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e6))'
    fi
}

TESTS="tcp-tso tcp udp"
say "$ROUNDS rounds of: $CONFIGS; each: TCP with TSO, TCP without TSO, UDP" \
    "64-byte packets; ${SECONDS_PER_RUN} s per run and direction"
declare -A runs
for round in $(seq 1 "$ROUNDS"); do
    for config in $CONFIGS; do
        use_config $config
        for test in $TESTS; do
            case $test in
                tcp-tso) set_tso on ;;
                *) set_tso off ;;
            esac
            for dir in 4to6 6to4; do
                r=$(measure $config $test $dir)
                runs[$config-$test-$dir]="${runs[$config-$test-$dir]:-} $r"
                say "round $round $config $test $dir: $r" \
                    "$([ $test = udp ] && echo kpps || echo Mbit/s)"
            done
        done
    done
done
ports_to_switch
ovs-appctl dpctl/dump-flows
ovs-appctl nat64/show-drops 2> /dev/null

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# ratios A B: the per-round ratios of the runs of key A over those of B.
ratios() {
    local -a a b
    read -r -a a <<< "${runs[$1]:-}"
    read -r -a b <<< "${runs[$2]:-}"
    local i
    for i in "${!a[@]}"; do
        awk -v n="${a[$i]}" -v p="${b[$i]:-0}" \
            'BEGIN { if (p > 0) printf "%.2f\n", n / p }'
    done
}
# ratio_cell A B [GOAL]: the median of the per-round ratios, its
# confidence interval and the verdict against GOAL (tests/lib/median-ci.sh).
ratio_cell() {
    ratios "$1" "$2" | median_ci_cell "${3:-}"
}

echo
# ovs-nat64-vm --icount says so on the kernel command line.
clock="TCG, wall clock, 2 vCPUs"
grep -qw ovs_nat64_clock=icount /proc/cmdline \
    && clock="TCG, icount: 1 vCPU, preempt=none, 1 s = 250 million guest instructions"
echo "kernel datapath (openvswitch.ko in the VM, $clock): median of" \
     "$ROUNDS rounds x ${SECONDS_PER_RUN} s"
for test in $TESTS; do
    case $test in
        tcp-tso) title="iperf3 TCP, TSO on the endpoints, Mbit/s" ;;
        tcp) title="iperf3 TCP, TSO off, Mbit/s" ;;
        udp) title="UDP 64-byte payloads, kpps reaching the receiver" ;;
    esac
    echo
    echo "$title"
    printf '%-6s' dir
    for config in $CONFIGS; do printf ' %10s' "$config"; done
    echo
    for dir in 4to6 6to4; do
        printf '%-6s' "${dir/to/->}"
        for config in $CONFIGS; do
            printf ' %10s' "$(median ${runs[$config-$test-$dir]})"
        done
        echo
    done
done

echo
echo "ratios per round: median (confidence interval of the median over" \
     "$ROUNDS rounds, $(median_ci_coverage $ROUNDS)) and the goal"
has() { case " $CONFIGS " in *" $1 "*) return 0 ;; esac; return 1; }
# The last column is no goal but its bound: a translator as fast as plain
# forwarding would stand that far above tayga, and no further.
printf '%-8s %-5s %-32s %-32s %-32s %-32s %s\n' test dir \
    "nat64/plain6 (goal 0.97)" "nat64/plain4" \
    "nat64-nsp/jool (goal 1.0)" "nat64-nsp/tayga (goal 10)" \
    "plain6/tayga (bound)"
for test in $TESTS; do
    for dir in 4to6 6to4; do
        c1=- c2=- c3=- c4=- c5=-
        has nat64 && has plain6 \
            && c1=$(ratio_cell nat64-$test-$dir plain6-$test-$dir 0.97)
        has nat64 && has plain4 \
            && c2=$(ratio_cell nat64-$test-$dir plain4-$test-$dir)
        has nat64-nsp && has jool \
            && c3=$(ratio_cell nat64-nsp-$test-$dir jool-$test-$dir 1.0)
        has nat64-nsp && has tayga \
            && c4=$(ratio_cell nat64-nsp-$test-$dir tayga-$test-$dir 10)
        has plain6 && has tayga \
            && c5=$(ratio_cell plain6-$test-$dir tayga-$test-$dir)
        printf '%-8s %-5s %-32s %-32s %-32s %-32s %s\n' $test \
            "${dir/to/->}" "$c1" "$c2" "$c3" "$c4" "$c5"
    done
done
echo
for config in $CONFIGS; do
    for test in $TESTS; do
        echo "runs $config $test: 4->6:${runs[$config-$test-4to6]};" \
             "6->4:${runs[$config-$test-6to4]}"
    done
done
