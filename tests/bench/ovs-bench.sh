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

# Throughput benchmark of the nat64 action in the patched Open vSwitch
# (userspace datapath), against plain forwarding on the same bridge and
# against Debian's tayga translating between the same client and server
# ("make bench-ovs").  It prints figures and never fails on them.
#
# Topology (network namespaces ob64-*, every veth with "ethtool -K tx off"
# on both ends, so that both endpoints compute every checksum and send
# MTU-sized segments on every path: the userspace datapath needs it, and it
# keeps the client's and the server's work the same on every path):
#
#   ob64-cl (client)        ob64-sw (switch)            ob64-sv (server)
#   eth0 192.168.0.10/24 -- p-cl  br0 (netdev)  p-sv -- eth0 192.168.0.100/24
#        fd00:64::a/64      ofport 1         ofport 2       fd00:64::64/64
#                                                           fe80::c0a8:64/64
#                                                           2001:db8:64::c0a8:64/96
#   tg0  192.168.0.10/32 -- xl4 192.168.0.1/24          -- tg0 2001:db8:64::c0a8:64/128
#                           ob64-xl (translator)       /       fe80::2/64
#                           tayga, tun "nat64"   xl6 fe80::1/64
#
# One Open vSwitch instance (ovsdb-server + ovs-vswitchd from _build/ovs,
# private run directory, bridge br0 with datapath_type=netdev, fail-mode
# secure) switches between the client's and the server's eth0.  One iperf3
# server runs in ob64-sv for the whole run; the client is iperf3 in
# ob64-cl.  Each path is a set of flows (or, for tayga, routes), installed
# in turn; the client always connects to 192.168.0.100 (fd00:64::64 for
# plain IPv6):
#
#   plain IPv4, plain IPv6   in_port=1,actions=output:2 and back: the
#                            baseline, the same flow shape as below minus
#                            the translation.
#   ovs nat64 fe80::/96      in_port=1,ip and arp -> nat64:4toll6,output:2;
#                            in_port=2,ipv6 -> nat64:ll6to4,output:1 (the
#                            product's case: the server sees fe80::c0a8:a).
#   ovs nat64 <NSP>          the same with nat64(mode=4to6|6to4,prefix=
#                            2001:db8:64::/96): the server sees
#                            2001:db8:64::c0a8:a, as through tayga.
#   tayga <NSP>              the bridge is not used: the client routes
#                            192.168.0.100/32 via 192.168.0.1 on tg0 to the
#                            translator namespace, whose kernel routes it
#                            into tayga's tun (SIIT, prefix 2001:db8:64::/96,
#                            RFC 6052), and the IPv6 result on to the
#                            server's tg0; back the same way.  This is tayga
#                            replacing the switch (a Linux router with a
#                            userspace translator), not tayga behind it: a
#                            path through the bridge as well would charge
#                            tayga two extra Open vSwitch passes.
#
# The prefix of the last two is a network-specific prefix because tayga
# refuses the well-known 64:ff9b::/96 with private IPv4 addresses (RFC 6052
# section 3.1); Open vSwitch's nat64 would take either.
#
# Directions: "4->6" = the client (IPv4) sends the data, the server (IPv6)
# receives it; "6->4" = iperf3 -R, the server sends.  TCP acknowledgements
# and the iperf3 control connection go the other way, translated too.  For
# plain forwarding "c->s" and "s->c" mean the same.
#
# Measurements, each --seconds long (default 10), repeated --repeat times
# (default 3) and reported as the median; the repeats go round-robin over
# all the paths (round 1 of every path, then round 2, ...), so that a
# change in the machine's load hits every path alike:
#
#   TCP Gbit/s   iperf3 -c <server> -t N, one TCP stream, default MSS; the
#                receiver's goodput (iperf3's end.sum_received).  Through a
#                translator the MSS is the IPv6 end's (1440 bytes, against
#                1460 for plain IPv4), 1.4% less payload per packet.
#   small kpps   iperf3 -u -l 64 -b 0 -t N: one UDP stream of 64-byte
#                payloads (92-byte IPv4 / 112-byte IPv6 packets) sent as
#                fast as the sender can; the figure is the packets that
#                reach the receiving end's interface (rx_packets of its
#                eth0 or tg0, in thousands per second of the sender's
#                test time): the forwarding rate under overload,
#                independent of the iperf3 receiver, which on its own
#                takes ~100 kpps at most on this machine.  The progress
#                line also shows what the sender offered and what the
#                iperf3 receiver got.
#   CPU us/pkt   in the same small-packet runs, the user + system CPU time
#                (/proc/PID/stat) of the process that forwards, ovs-vswitchd
#                (all its threads; the userspace datapath runs in its main
#                thread) or tayga, divided by the packets delivered.  Less
#                sensitive to the other load on the machine than the rates,
#                but it falls as the rate rises (ovs-vswitchd reads and
#                writes batches of up to 32 packets per system call, tayga
#                one packet), so compare it between rows of similar rates.
#                Not the whole cost: in both cases the sender's context
#                pays for the first hop (veth -> AF_PACKET socket of
#                ovs-vswitchd, or veth -> routing -> tun queue of tayga), and
#                the forwarding process pays for the hop after it (veth ->
#                receiver's stack, softirq run when it re-enables bottom
#                halves), so the two are comparable.
#
# With --afxdp the switch's two ports are AF_XDP sockets (type=afxdp, the
# Open vSwitch of utilities/build-ovs.sh --afxdp): the kernel's XDP program
# on each veth end hands the frames to ovs-vswitchd's PMD thread through
# shared memory, native XDP mode where the veth driver takes it, else
# generic; the mode in use is printed.  The PMD thread polls without pause
# (one of the CPUs), so its CPU time says nothing there: the CPU us/pkt
# column is then the PMD thread's busy time per packet it received (its
# "processing cycles" over its "packets received", dpif-netdev/
# pmd-stats-show, cleared before each run, at the TSC frequency
# ovs-vswitchd estimated at start), which leaves out the polling of empty
# queues.  It can overstate the thread's cost: the CPUs are not
# isolated, and a busy iteration during which the thread was preempted
# counts the other task's time too.
#
# Ratios: nat64/plain = ovs nat64 fe80::/96 over plain IPv4, same direction
# (goal >= 0.97); nat64/tayga = ovs nat64 <NSP> over tayga <NSP>, same
# direction (goal >= 3).  Each is taken per round (the two runs were a
# minute or two apart, so that a slow change in the machine's load cancels)
# and printed as the median of the rounds with a confidence interval of
# that median (tests/lib/median-ci.sh: at least 95% from 6 rounds on).
# A goal is "met" when the whole interval is at or above it, "NOT met"
# when it is all below, "undecided" when it straddles it; never an error.
# The CPU/pkt column is the same ratio of the CPU figures, for information
# (there lower is cheaper: 1.05 = translating costs 5% more per packet).
# A last pair, plain IPv4 over tayga, is the bound of nat64/tayga: where
# the sender sets the rate (what it offers all arrives), a translator that
# cost nothing would stand that far above tayga and no further.
#
# Exit status: 0 after the table; 1 if the set-up fails (a path that does
# not answer ping counts as set-up failure) or an iperf3 run fails (the
# table is printed first); 130/143 when interrupted.  Everything it made is
# removed at the end, also on failure and on Ctrl-C, unless --keep.

set -u

PFX=ob64
NS_SW=$PFX-sw
NS_CL=$PFX-cl
NS_SV=$PFX-sv
NS_XL=$PFX-xl
CLIENT_IP=192.168.0.10
SERVER_IP=192.168.0.100
CLIENT_IP6=fd00:64::a
SERVER_IP6=fd00:64::64
SERVER_LL=fe80::c0a8:64
NSP=2001:db8:64::/96
CLIENT_NSP=2001:db8:64::c0a8:a
SERVER_NSP=2001:db8:64::c0a8:64
XL4_IP=192.168.0.1
XL6_LL=fe80::1
SV_TG_LL=fe80::2
TAYGA_IP4=192.168.255.1
TAYGA_TUN=nat64
PORT=5201
OF_CL=1
OF_SV=2
TMP_GLOB="/tmp/$PFX-bench.*"

me=$(basename "$0")
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
ovsdir=${OVS_BUILDDIR:-}
PY=/usr/bin/python3
PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
# shellcheck source=../lib/median-ci.sh
. "$top_srcdir/tests/lib/median-ci.sh"

usage() {
    cat <<EOF
Usage: $me [--seconds N] [--repeat N] [--afxdp [--xdp-mode MODE]] [--keep]
          [--cleanup] [--help]

Measures, in one run on the same bridge and namespaces ($PFX-*), TCP
throughput (iperf3) and the small-packet rate (iperf3 -u -l 64) through
the patched Open vSwitch (userspace datapath): plain IPv4 and IPv6
forwarding, the nat64 action (fe80::/96 and $NSP), both
directions, and the same client and server with Debian's tayga translating
instead of Open vSwitch.  Prints a progress line per step, a table of the
medians and the ratios against the goals (nat64 >= 0.97x plain, nat64 >= 3x
tayga).  Never fails on the figures.  The comment at the top of the script
says exactly what is measured.

  --seconds N   length of each measurement (default 10)
  --repeat N    measurements per figure; the table has the median (default 3)
  --afxdp       the switch's two ports are AF_XDP ports (type=afxdp, polled
                by a PMD thread) instead of AF_PACKET ones, with the Open
                vSwitch of utilities/build-ovs.sh --afxdp (_build/ovs-afxdp)
  --xdp-mode M  with --afxdp: the ports' options:xdp-mode, native, generic
                or best-effort (default: native first, else generic); the
                mode that ran is printed
  --keep        leave the set-up running afterwards (the last path
                configured: tayga); remove it with --cleanup
  --cleanup     remove the leftovers of an earlier run and exit
  --help        print this help and exit

Takes about 20 x R x (N + 0.5) seconds plus a few for the set-up: 10.5
minutes with the defaults.  On a busy machine the figures swing with the
other load; "nice -n -10 $me" gives the benchmark precedence over it
(every process it starts inherits the priority).
Environment: OVS_BUILDDIR (default $top_srcdir/_build/ovs, with --afxdp
$top_srcdir/_build/ovs-afxdp).
Needs root, the patched Open vSwitch (utilities/build-ovs.sh) and the Debian
packages iperf3, tayga, iproute2, iputils-ping, ethtool, procps, python3.
EOF
}

seconds=10
repeat=3
keep=no
cleanup_only=no
afxdp=no
xdp_mode=best-effort
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=${2-}; shift ;;
        --seconds=*) seconds=${1#--seconds=} ;;
        --repeat) repeat=${2-}; shift ;;
        --repeat=*) repeat=${1#--repeat=} ;;
        --afxdp) afxdp=yes ;;
        --xdp-mode) xdp_mode=${2-}; shift ;;
        --xdp-mode=*) xdp_mode=${1#--xdp-mode=} ;;
        --keep) keep=yes ;;
        --cleanup) cleanup_only=yes ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$me: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
case $seconds in
    ''|*[!0-9]*|0) echo "$me: --seconds needs a positive integer" >&2; exit 2 ;;
esac
case $repeat in
    ''|*[!0-9]*|0) echo "$me: --repeat needs a positive integer" >&2; exit 2 ;;
esac
case $xdp_mode in
    native|generic|best-effort) ;;
    *) echo "$me: --xdp-mode takes native, generic or best-effort" >&2; exit 2 ;;
esac
if [ -z "$ovsdir" ]; then
    if [ $afxdp = yes ]; then
        ovsdir=$top_srcdir/_build/ovs-afxdp
    else
        ovsdir=$top_srcdir/_build/ovs
    fi
fi
port_kind="AF_PACKET ports"

# ---------------------------------------------------------------------------
# Output.

say() { printf '%s\n' "$*"; }
step() { say "== $*"; }
since_start() { awk -v a="$start_time" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }'; }

# ---------------------------------------------------------------------------
# Set-up commands (run), namespaces, the Open vSwitch instance "sw" in
# $NS_SW (start_ovs, vsctl sw ..., remove_all): tests/lib/netns-ovs.sh.

# shellcheck source=../lib/netns-ovs.sh
. "$top_srcdir/tests/lib/netns-ovs.sh"
ovs_ns() { echo $NS_SW; }

# ---------------------------------------------------------------------------
# Exit.

finished=no
iperf_failures=0
on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    trap '' PIPE
    if [ -z "$tmp" ]; then
        exit $rc
    fi
    if [ $keep = yes ]; then
        cat <<EOF
--keep: the set-up is still running (path: ${current_path:-none}).  Temporary directory: $tmp
  . $tmp/sw/env.sh   # then: ovs-sw ovs-ofctl dump-flows br0
  ip netns exec $NS_CL iperf3 -c $SERVER_IP -t 5
Remove everything with: $0 --cleanup
EOF
        exit $rc
    fi
    say "== cleanup"
    for pid in $tayga_pid $iperf_pid; do
        kill -TERM "$pid" 2>/dev/null
    done
    stop_ovs sw
    if remove_all; then
        say "  nothing left: no namespace $PFX-*, no link $PFX*, no $TMP_GLOB"
    else
        ip netns list >&2
        [ $rc -eq 0 ] && rc=1
    fi
    if [ $finished = yes ]; then
        if [ $iperf_failures -gt 0 ]; then
            say "ovs-bench: done in $(since_start) s, $iperf_failures iperf3 run(s) failed"
        else
            say "ovs-bench: done in $(since_start) s"
        fi
    else
        case $rc in
            129|130|141|143) say "ovs-bench: interrupted by a signal after $(since_start) s" ;;
            *) say "ovs-bench: FAILED (set-up), after $(since_start) s" ;;
        esac
    fi
    exit $rc
}

# ---------------------------------------------------------------------------
# Preconditions.

if [ "$(id -u)" != 0 ]; then
    err "needs root (network namespaces, veth, tun)"
    exit 1
fi

if [ $cleanup_only = yes ]; then
    left=$(leftovers)
    if [ -z "$left" ]; then
        echo "$me: nothing to clean up"
        exit 0
    fi
    echo "$me: removing $(echo $left)"
    remove_all || exit 1
    echo "$me: done"
    exit 0
fi

for bin in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
           utilities/ovs-vsctl utilities/ovs-ofctl utilities/ovs-appctl; do
    if [ ! -x "$ovsdir/$bin" ]; then
        err "no $ovsdir/$bin: build the patched Open vSwitch first" \
            "(utilities/build-ovs.sh$([ $afxdp = yes ] && echo " --afxdp"))"
        exit 1
    fi
done
missing=
for tool in ip:iproute2 ping:iputils-ping ethtool:ethtool sysctl:procps \
            iperf3:iperf3 tayga:tayga; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
done
[ -x $PY ] || missing="$missing python3"
if [ -n "$missing" ]; then
    err "missing tools; install the Debian packages:$missing" \
        "(utilities/build.sh does)"
    exit 1
fi
if [ ! -c /dev/net/tun ]; then
    err "no /dev/net/tun (tayga needs the tun driver)"
    exit 1
fi

left=$(leftovers)
if [ -n "$left" ]; then
    err "leftovers of an earlier run (or a run in progress) exist:" \
        "$(echo $left)"
    err "refusing to start; remove them with: $0 --cleanup"
    exit 1
fi

start_time=$EPOCHREALTIME
tayga_pid=
iperf_pid=
current_path=
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

tmp=$(mktemp -d "/tmp/$PFX-bench.XXXXXX") || { tmp=; die "mktemp failed"; }
setup_log=$tmp/setup.log
: > "$setup_log"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------
# Set-up.

step "set-up (log: $setup_log)"

for ns in $NS_SW $NS_CL $NS_SV $NS_XL; do
    run ip netns add $ns
    run ip -n $ns link set lo up
done

# veth NS1 DEV1 NS2 DEV2: a veth pair, checksum offload off on both ends.
veth() {
    run ip -n "$1" link add "$2" type veth peer name "$4" netns "$3"
    run ip netns exec "$1" ethtool -K "$2" tx off
    run ip netns exec "$3" ethtool -K "$4" tx off
}
# v6_static NS DEV: no automatic IPv6 address (no EUI-64 link-local, no DAD):
# only the addresses given below.
v6_static() { run ip netns exec "$1" sysctl -q -w net.ipv6.conf.$2.addr_gen_mode=1; }
v6_off() { run ip netns exec "$1" sysctl -q -w net.ipv6.conf.$2.disable_ipv6=1; }

veth $NS_CL eth0 $NS_SW p-cl
veth $NS_SV eth0 $NS_SW p-sv
veth $NS_CL tg0 $NS_XL xl4
veth $NS_SV tg0 $NS_XL xl6

# Client.
v6_static $NS_CL eth0
run ip -n $NS_CL addr add $CLIENT_IP/24 dev eth0
run ip -n $NS_CL addr add $CLIENT_IP6/64 dev eth0 nodad
v6_off $NS_CL tg0
run ip -n $NS_CL addr add $CLIENT_IP/32 dev tg0

# Server.
v6_static $NS_SV eth0
run ip -n $NS_SV addr add $SERVER_IP/24 dev eth0
run ip -n $NS_SV addr add $SERVER_IP6/64 dev eth0 nodad
run ip -n $NS_SV addr add $SERVER_LL/64 dev eth0 nodad
run ip -n $NS_SV addr add $SERVER_NSP/96 dev eth0 nodad
v6_static $NS_SV tg0
run ip -n $NS_SV addr add $SV_TG_LL/64 dev tg0 nodad
run ip -n $NS_SV addr add $SERVER_NSP/128 dev tg0 nodad

# Translator (a router): tayga's tun comes later.
run ip netns exec $NS_XL sysctl -q -w net.ipv4.ip_forward=1
run ip netns exec $NS_XL sysctl -q -w net.ipv6.conf.all.forwarding=1
v6_off $NS_XL xl4
run ip -n $NS_XL addr add $XL4_IP/24 dev xl4
v6_static $NS_XL xl6
run ip -n $NS_XL addr add $XL6_LL/64 dev xl6 nodad

for dev in eth0 tg0; do
    run ip -n $NS_CL link set $dev up
    run ip -n $NS_SV link set $dev up
done
run ip -n $NS_XL link set xl4 up
run ip -n $NS_XL link set xl6 up
run ip -n $NS_SW link set p-cl up
run ip -n $NS_SW link set p-sv up

# The switch.
start_ovs sw
port_opts=
if [ $afxdp = yes ]; then
    port_opts="type=afxdp options:xdp-mode=$xdp_mode options:n_rxq=1"
fi
# shellcheck disable=SC2086
run vsctl sw -- add-br br0 \
    -- set bridge br0 datapath_type=netdev fail-mode=secure \
    -- add-port br0 p-cl -- set interface p-cl ofport_request=$OF_CL \
       $port_opts \
    -- add-port br0 p-sv -- set interface p-sv ofport_request=$OF_SV \
       $port_opts
run ofctl sw del-flows br0
if [ $afxdp = yes ]; then
    # The mode the kernel took, as the datapath reports it.
    for port in p-cl p-sv; do
        error=$(vsctl sw get interface $port error 2>/dev/null)
        [ -z "$error" ] || [ "$error" = '[]' ] \
            || die "AF_XDP port $port: $error"
    done
    modes=$(appctl sw dpctl/show 2>/dev/null \
            | sed -n 's/.*xdp-mode-in-use=\([a-z-]*\).*/\1/p' | sort -u \
            | tr '\n' ' ')
    [ -n "$modes" ] || die "no AF_XDP port in dpctl/show"
    port_kind="AF_XDP ports, XDP mode in use: ${modes% }"
    xdp_in_use=${modes% }
fi

# tayga: SIIT with the prefix alone (RFC 6052 mapping for both ends).
cat > "$tmp/tayga.conf" <<EOF
tun-device $TAYGA_TUN
ipv4-addr $TAYGA_IP4
prefix $NSP
EOF
ip netns exec $NS_XL tayga -n -c "$tmp/tayga.conf" > "$tmp/tayga.log" 2>&1 &
tayga_pid=$!
for i in $(seq 1 40); do
    ip -n $NS_XL link show $TAYGA_TUN >/dev/null 2>&1 && break
    kill -0 $tayga_pid 2>/dev/null || break
    sleep 0.25
done
if ! ip -n $NS_XL link show $TAYGA_TUN >/dev/null 2>&1; then
    # Without -d, tayga tells its reasons to syslog only.
    cat "$tmp/tayga.log" >&2
    ip netns exec $NS_XL timeout 3 tayga -d -c "$tmp/tayga.conf" 2>&1 \
        | head -n 5 | sed 's/^/    tayga -d: /' >&2
    die "tayga did not create its tun device $TAYGA_TUN"
fi
run ip -n $NS_XL link set $TAYGA_TUN up
run ip -n $NS_XL route add $SERVER_IP/32 dev $TAYGA_TUN
run ip -n $NS_XL route add $NSP dev $TAYGA_TUN
run ip -n $NS_XL route add $SERVER_NSP/128 dev xl6

# The iperf3 server, for the whole run (dual-stack socket on ::).
ip netns exec $NS_SV iperf3 -s -p $PORT > "$tmp/iperf3-server.log" 2>&1 &
iperf_pid=$!
for i in $(seq 1 40); do
    ip netns exec $NS_SV ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q . && break
    kill -0 $iperf_pid 2>/dev/null || break
    sleep 0.25
done
ip netns exec $NS_SV ss -Hltn "sport = :$PORT" | grep -q . \
    || die "the iperf3 server does not listen on port $PORT (see $tmp/iperf3-server.log)"

say "  ready after $(since_start) s: Open vSwitch $("$ovsdir/vswitchd/ovs-vswitchd" --version | awk 'NR==1 {print $NF}') (userspace datapath, $port_kind), $(iperf3 --version | awk 'NR==1 {print $1, $2}'), tayga $(dpkg-query -W -f='${Version}' tayga 2>/dev/null)"

# ---------------------------------------------------------------------------
# The paths.

nsp_act4="nat64(mode=4to6,prefix=$NSP)"
nsp_act6="nat64(mode=6to4,prefix=$NSP)"

set_flows() {
    printf '%s\n' "$@" > "$tmp/flows"
    run ofctl sw replace-flows br0 "$tmp/flows"
}

tayga_routes() {
    local op=$1
    ip -n $NS_CL route $op $SERVER_IP/32 via $XL4_IP dev tg0 onlink >> "$setup_log" 2>&1
    ip -n $NS_SV route $op $CLIENT_NSP/128 via $XL6_LL dev tg0 >> "$setup_log" 2>&1
}

flush_neigh() {
    local ns
    for ns in $NS_CL $NS_SV $NS_XL; do
        ip -n $ns neigh flush all >/dev/null 2>&1
        ip -n $ns -6 neigh flush all >/dev/null 2>&1
    done
}

# use_path NAME: configures the path.
use_path() {
    [ "$current_path" = tayga ] && tayga_routes del
    case $1 in
        plain)
            set_flows "priority=10,in_port=$OF_CL,actions=output:$OF_SV" \
                      "priority=10,in_port=$OF_SV,actions=output:$OF_CL" ;;
        ll)
            set_flows "priority=10,in_port=$OF_CL,ip,actions=nat64:4toll6,output:$OF_SV" \
                      "priority=10,in_port=$OF_CL,arp,actions=nat64:4toll6,output:$OF_SV" \
                      "priority=10,in_port=$OF_SV,ipv6,actions=nat64:ll6to4,output:$OF_CL" \
                      "priority=0,actions=drop" ;;
        nsp)
            set_flows "priority=10,in_port=$OF_CL,ip,actions=$nsp_act4,output:$OF_SV" \
                      "priority=10,in_port=$OF_CL,arp,actions=$nsp_act4,output:$OF_SV" \
                      "priority=10,in_port=$OF_SV,ipv6,actions=$nsp_act6,output:$OF_CL" \
                      "priority=0,actions=drop" ;;
        tayga)
            set_flows "priority=0,actions=drop"
            tayga_routes add ;;
    esac
    current_path=$1
    flush_neigh
}

# Rows of the table: key, path, label, target address, direction labels.
ROWS="plain4 plain6 ll nsp tayga"
row_path() { case $1 in plain4|plain6) echo plain ;; *) echo $1 ;; esac; }
row_label() {
    case $1 in
        plain4) echo "plain IPv4" ;;
        plain6) echo "plain IPv6" ;;
        ll) echo "ovs nat64 fe80::/96" ;;
        nsp) echo "ovs nat64 $NSP" ;;
        tayga) echo "tayga $NSP" ;;
    esac
}
row_xlator() { case $1 in tayga) echo tayga ;; *) echo ovs-vswitchd ;; esac; }
row_target() { case $1 in plain6) echo $SERVER_IP6 ;; *) echo $SERVER_IP ;; esac; }
dir_label() {
    case $1$2 in
        plain*fwd) echo "c->s" ;;
        plain*rev) echo "s->c" ;;
        *fwd) echo "4->6" ;;
        *rev) echo "6->4" ;;
    esac
}
# The interface on which the receiving end gets the data.
rx_point() {
    local ns dev
    [ $2 = fwd ] && ns=$NS_SV || ns=$NS_CL
    [ $1 = tayga ] && dev=tg0 || dev=eth0
    echo "$ns $dev"
}

# check_path ROW: one ping through the path, else a set-up failure.
check_path() {
    local row=$1 target out
    target=$(row_target $row)
    out=$(ip netns exec $NS_CL ping -c 3 -i 0.2 -W 2 -w 6 $target 2>&1)
    if ! printf '%s\n' "$out" | grep -q ' 0% packet loss\| [12] received'; then
        printf '%s\n' "$out" | sed 's/^/    /' >&2
        err "path '$(row_label $row)': client cannot ping $target"
        ofctl sw dump-flows br0 >&2
        appctl sw nat64/show-drops >&2
        exit 1
    fi
    printf '  [%*s %4ss] round %d  %-28s ping %s: %s\n' $((2 * ${#total} + 1)) "" \
        "$(since_start)" $round "$(row_label $row)" $target \
        "$(printf '%s\n' "$out" | sed -n 's/.*\(rtt .*\)/\1/p')"
}

# ---------------------------------------------------------------------------
# Measurements.

rx_packets() { ip netns exec $1 cat /sys/class/net/$2/statistics/rx_packets; }

# The process that forwards on ROW's path: ovs-vswitchd or tayga.
xlator_pid() {
    if [ $1 = tayga ]; then
        echo $tayga_pid
    else
        cat "$tmp/sw/ovs-vswitchd.pid"
    fi
}
# cpu_ticks PID: user + system time of the whole process, in clock ticks.
cpu_ticks() {
    local stat
    stat=$(cat /proc/$1/stat 2>/dev/null) || { echo 0; return; }
    set -- ${stat##*) }
    echo $((${12} + ${13}))
}
clk_tck=$(getconf CLK_TCK)

# logged_tsc_khz: the TSC frequency ovs-vswitchd logged when it made the
# datapath, in kHz.
logged_tsc_khz() {
    sed -n 's/.*\(Estimated\|DPDK provided\) TSC frequency: \([0-9]*\) KHz.*/\2/p' \
        "$tmp/sw/ovs-vswitchd.log" | tail -n 1
}
tsc_khz=
# pmd_busy_us_per_packet: the PMD threads' busy time per packet received
# since dpif-netdev/pmd-stats-clear, in microseconds, or "-"; needs
# $tsc_khz.
pmd_busy_us_per_packet() {
    appctl sw dpif-netdev/pmd-stats-show | awk -v khz="${tsc_khz:-0}" '
        /^pmd thread/ { pmd = 1; next }
        /^main thread/ { pmd = 0; next }
        pmd && /^ *packets received:/ { packets += $3 }
        pmd && /^ *processing cycles:/ { busy += $3 }
        END {
            if (packets > 0 && khz > 0) printf "%.3f\n", busy / packets / khz * 1000
            else print "-"
        }'
}

# iperf_run ROW DIR KIND: runs iperf3 once; sets $value (the figure),
# $cpu (UDP: the forwarding process's CPU microseconds per delivered
# packet, with --afxdp the switch's PMD busy time per packet, else -) and
# $detail (for the progress line), or returns 1 with $detail the error.
iperf_run() {
    local row=$1 dir=$2 kind=$3 target args json rx0 rx1 try out rc
    local rxns rxdev xpid cpu0 cpu1 pmd_stats pmd_us
    target=$(row_target $row)
    args="-c $target -p $PORT -t $seconds -J --connect-timeout 5000"
    [ $dir = rev ] && args="$args -R"
    [ $kind = udp ] && args="$args -u -l 64 -b 0"
    read -r rxns rxdev <<EOF
$(rx_point $row $dir)
EOF
    json=$tmp/iperf3-$row-$dir-$kind.json
    xpid=$(xlator_pid $row)
    pmd_stats=no
    if [ $afxdp = yes ] && [ $kind = udp ] && [ $row != tayga ]; then
        pmd_stats=yes
        [ -n "$tsc_khz" ] || tsc_khz=$(logged_tsc_khz)
    fi
    for try in 1 2 3 4 5 6 7 8 9 10; do
        rx0=$(rx_packets $rxns $rxdev)
        cpu0=$(cpu_ticks $xpid)
        [ $pmd_stats = no ] || appctl sw dpif-netdev/pmd-stats-clear > /dev/null
        timeout --foreground -s KILL $((seconds + 30)) \
            ip netns exec $NS_CL iperf3 $args > "$json" 2>> "$tmp/iperf3-client.err"
        rc=$?
        rx1=$(rx_packets $rxns $rxdev)
        cpu1=$(cpu_ticks $xpid)
        pmd_us=-
        [ $pmd_stats = no ] || pmd_us=$(pmd_busy_us_per_packet)
        # The server needs a moment between tests.
        if grep -q 'server is busy' "$json" 2>/dev/null; then
            sleep 1
            continue
        fi
        break
    done
    printf '=== %s %s %s: iperf3 %s (exit %s)\n' $row $dir $kind "$args" $rc \
        >> "$tmp/iperf3-all.json"
    cat "$json" >> "$tmp/iperf3-all.json" 2>/dev/null
    out=$($PY - "$json" $kind $((rx1 - rx0)) $((cpu1 - cpu0)) $clk_tck \
              "$(row_xlator $row)" "$pmd_us" <<'EOF'
import json, sys
path, kind, rx = sys.argv[1], sys.argv[2], int(sys.argv[3])
ticks, hz, xlator = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
pmd_us = sys.argv[7]
try:
    j = json.load(open(path))
except Exception as e:
    print("error no JSON from iperf3 (%s)" % e)
    sys.exit()
if j.get("error"):
    print("error iperf3: %s" % j["error"])
    sys.exit()
end = j.get("end", {})
sent, recv = end.get("sum_sent", {}), end.get("sum_received", {})
if kind == "tcp":
    bps = recv.get("bits_per_second")
    if not bps:
        print("error iperf3 reported no received throughput")
    else:
        print("ok %.3f - %.3f Gbit/s (retransmits %s)"
              % (bps / 1e9, bps / 1e9, sent.get("retransmits", "?")))
else:
    secs = sent.get("seconds") or 0
    if secs <= 0:
        print("error iperf3 reported no UDP test time")
        sys.exit()
    offered = sent.get("packets", 0) / secs / 1e3
    got = recv.get("bytes", 0) / 64 / secs / 1e3
    kpps = rx / secs / 1e3
    us = "%.2f" % (ticks * 1e6 / hz / rx) if rx > 0 else "-"
    if pmd_us != "-":
        us, xlator = pmd_us, "ovs-vswitchd PMD busy"
    print("ok %.1f %s %.1f kpps at the receiving interface (offered %.1f,"
          " iperf3 receiver got %.1f; %s CPU %s us/packet)"
          % (kpps, us, kpps, offered, got, xlator, us))
EOF
)
    set -- $out
    if [ "${1-}" = ok ]; then
        value=$2
        cpu=$3
        shift 3
        detail="$*"
        return 0
    fi
    shift
    detail="$* (exit $rc)"
    [ -s "$tmp/iperf3-client.err" ] && detail="$detail; $(tail -n 1 "$tmp/iperf3-client.err")"
    return 1
}

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) print "-";
              else if (NR % 2) print v[(NR + 1) / 2];
              else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Results: vals_<row>_<dir>_<kind> = space-separated values.
total=$((5 * 2 * 2 * repeat))
n=0
eta() { awk -v s=$seconds -v left=$1 'BEGIN { printf "%.0f", left * (s + 0.4) / 60 + 0.5 }'; }

step "measuring: $total runs of $seconds s (~$(eta $total) min), $repeat round(s) over 5 paths x 2 directions x {TCP, UDP 64 B}"
for round in $(seq 1 $repeat); do
    for path in plain ll nsp tayga; do
        use_path $path
        for row in $ROWS; do
            [ "$(row_path $row)" = $path ] || continue
            check_path $row
            for dir in fwd rev; do
                for kind in tcp udp; do
                    n=$((n + 1))
                    var=vals_${row}_${dir}_$kind
                    if iperf_run $row $dir $kind; then
                        printf -v $var '%s' "${!var-} $value"
                        if [ $kind = udp ]; then
                            var=vals_${row}_${dir}_cpu
                            printf -v $var '%s' "${!var-} $cpu"
                        fi
                        status=$detail
                    else
                        # "-" keeps the round's place in the lists.
                        printf -v $var '%s' "${!var-} -"
                        if [ $kind = udp ]; then
                            cpu_var=vals_${row}_${dir}_cpu
                            printf -v $cpu_var '%s' "${!cpu_var-} -"
                        fi
                        iperf_failures=$((iperf_failures + 1))
                        printf -v fail_$var '%s' "$detail"
                        status="FAILED: $detail"
                    fi
                    printf '  [%*d/%d %4ss] round %d  %-28s %s  %s: %s\n' \
                        ${#total} $n $total "$(since_start)" $round \
                        "$(row_label $row)" "$(dir_label $row $dir)" \
                        "$( [ $kind = tcp ] && echo 'TCP  ' || echo 'UDP64')" "$status"
                done
            done
        done
    done
done

# ---------------------------------------------------------------------------
# The table.

# figures ROW DIR KIND: the figures of the runs that gave one.
figures() {
    local var=vals_${1}_${2}_$3
    printf '%s\n' ${!var-} | grep -v '^-$'
}
# stats ROW DIR KIND: "median min max" of the runs, or "- - -".
stats() {
    local figs
    figs=$(figures "$@")
    if [ -z "$figs" ]; then
        echo "- - -"
        return
    fi
    median $figs | tr '\n' ' '
    printf '%s\n' $figs | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 }
        END { print lo, hi }'
}
# cell ROW DIR KIND DECIMALS: "median (min-max)", or the median alone for
# one run.
cell() {
    local m lo hi
    read -r m lo hi <<EOF
$(stats $1 $2 $3)
EOF
    if [ "$m" = - ]; then
        echo "-"
    elif [ $repeat -eq 1 ]; then
        printf "%.$4f" "$m"
    else
        printf "%.$4f (%.$4f-%.$4f)" "$m" "$lo" "$hi"
    fi
}
# round_ratios A B DIR KIND: row A's figure over row B's, one per round in
# which both gave one.
round_ratios() {
    local a=vals_${1}_${3}_$4 b=vals_${2}_${3}_$4
    paste -d' ' <(printf '%s\n' ${!a-}) <(printf '%s\n' ${!b-}) |
        awk '$1 != "-" && $2 != "-" && $2 > 0 { printf "%.4f\n", $1 / $2 }'
}

if [ $repeat -eq 1 ]; then
    step "results: one run of $seconds s each"
else
    step "results: median (min-max) of $repeat runs of $seconds s each"
fi
printf '  %-28s %-5s %-18s %-20s %s\n' "path" "dir" "TCP Gbit/s" \
    "small-packet kpps" "CPU us/packet (*)"
for row in $ROWS; do
    for dir in fwd rev; do
        printf '  %-28s %-5s %-18s %-20s %s\n' "$(row_label $row)" "$(dir_label $row $dir)" \
            "$(cell $row $dir tcp 2)" "$(cell $row $dir udp 1)" \
            "$(cell $row $dir cpu 2)"
    done
done
say "  (*) CPU time of the forwarding process (ovs-vswitchd; tayga for the"
say "      tayga rows) per packet delivered, in the small-packet runs: less"
say "      sensitive to the machine's load than the rates, but lower at"
say "      higher rates (ovs-vswitchd works in batches)"
if [ $afxdp = yes ]; then
    say "      With --afxdp a PMD thread polls the ports without pause: for"
    say "      the switch's rows the figure is its busy time per packet"
    say "      (dpif-netdev/pmd-stats-show), without the polling"
fi
say ""
say "  ratios per round, same direction: median (confidence interval of the"
say "  median over $repeat rounds, $(median_ci_coverage $repeat)) and the verdict against the goal"
printf '  %-40s %-5s %-4s %-26s %-26s %s\n' "" "dir" "goal" "TCP" "kpps" "CPU/pkt"
# The last pair is no goal but the bound of the one before: a translator
# that cost nothing would stand as far above tayga as plain forwarding.
for pair in "ll plain4 0.97 nat64/plain" "nsp tayga 3 nat64/tayga" \
            "plain4 tayga - bound"; do
    set -- $pair
    case $4 in
        nat64/plain) what="nat64/plain (fe80::/96 vs plain IPv4)" ;;
        nat64/tayga) what="nat64/tayga (both $NSP)" ;;
        bound) what="plain IPv4/tayga (the bound)" ;;
    esac
    goal=$3
    [ "$goal" != - ] || goal=
    for dir in fwd rev; do
        printf '  %-40s %-5s %-4s %-26s %-26s %s\n' \
            "$what" "$(dir_label ll $dir)" "$3" \
            "$(round_ratios $1 $2 $dir tcp | median_ci_cell $goal)" \
            "$(round_ratios $1 $2 $dir udp | median_ci_cell $goal)" \
            "$(round_ratios $1 $2 $dir cpu | median_ci_cell)"
    done
done
if [ $iperf_failures -gt 0 ]; then
    say ""
    say "  $iperf_failures iperf3 run(s) FAILED (their figures are missing above):"
    for row in $ROWS; do
        for dir in fwd rev; do
            for kind in tcp udp; do
                var=fail_vals_${row}_${dir}_$kind
                [ -n "${!var-}" ] && say "    $(row_label $row) $(dir_label $row $dir) $kind: ${!var}"
            done
        done
    done
fi

step "ovs-appctl nat64/show-drops (after the whole run)"
appctl sw nat64/show-drops 2>&1 | sed 's/^/  /'
say "  (expected: only the server's own IPv6 housekeeping -- MLD reports, RS,"
say "  ND for addresses outside the prefix -- that the 6to4 flows meet)"

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
step "caveat"
say "  $(nproc) CPU(s), shared with whatever else runs; load average at the"
say "  start $load_start, at the end $load_end.  The client, the server, the"
if [ $afxdp = yes ]; then
    say "  switch (a PMD thread of ovs-vswitchd polls the AF_XDP ports, XDP"
    say "  mode $xdp_in_use)"
else
    say "  switch (ovs-vswitchd's main thread polls veth ports through AF_PACKET)"
fi
say "  and tayga all compete for these CPUs: the figures are relative, for"
say "  comparing paths within one run, not absolute capacities."

finished=yes
[ $iperf_failures -gt 0 ] && exit 1
exit 0
