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

# The reference paper's scenario (its figure 5 recipe, figure 7 answers),
# from nothing, with the patched Open vSwitch: three tenant LANs, all
# 192.168.0.10/24, each behind its own edge bridge (the paper's Cloud
# Junction Box) and GRE tunnel (key 10, 20, 30) to the cloud switch br0,
# which translates each tenant's IPv4 into link-local IPv6 onto its own port
# of the service VM (em0, em2, em4) and passes its native IPv6 untouched onto
# another (em1, em3, em5).  One web server in the service VM answers each
# tenant with its tenant number, found by the IPv6 scope ID.
#
# Tenant 3's service port (vnet4) has MTU 1400, so its full-size IPv4
# packets grow too big once translated: added with --mtu 1400, it is told
# so (ICMPv4 Fragmentation Needed) and its TCP transfers adapt; its IPv4
# fragments leave as IPv6 fragments that fit.
#
#   n64-t1..t3          n64-edge               n64-sw              n64-svc
#   eth0 192.168.0.10 - lan1..3 in cjb1..3     br0: gre1..3,       em0..em5
#                       + gre1..3 (key 10k)    vnet0..5 ---------- fe80::c0a8:64
#                       10.99.0.2              10.99.0.1           scope-server.py
#                           ul-edge ---------------- ul-sw
#
# The cloud switch runs on the userspace datapath (--datapath netdev, the
# default; native tunnelling through bridge br-phy) or on the kernel
# datapath (--datapath system, the patched openvswitch.ko; inside the VM,
# see tests/vm/).  The edge boxes are a second Open vSwitch instance with
# GRE ports (--edge ovs, the default on the userspace datapath: the hosts
# here have no GRE module) or Linux bridges with gretap devices (--edge
# gretap, the default on the kernel datapath).  The tenants' flows are
# installed by utilities/ovs-nat64-tenant.
#
# Everything lives in network namespaces named n64-*; the Open vSwitch
# instances run from the build tree with a private directory under a
# mktemp directory.  Everything is removed at the end, on failure and on
# Ctrl-C too (unless --keep).  Needs root, the patched Open vSwitch in
# _build/ovs (utilities/build-ovs.sh) and the Debian packages iproute2,
# curl, iputils-ping, ethtool, procps and python3.

set -u

PFX=n64
NS_SW=$PFX-sw
NS_EDGE=$PFX-edge
NS_SVC=$PFX-svc
TENANTS="1 2 3"
UL_SW_IP=10.99.0.1
UL_EDGE_IP=10.99.0.2
CLIENT_IP=192.168.0.10
SERVER_IP=192.168.0.100
SERVER_LL=fe80::c0a8:64
CLIENT_LL=fe80::c0a8:a
OTHER_IP=192.168.0.20          # only in tenant 2: must stay unreachable
PROBE_PORT=9999
UPLOAD_PORT=9998
MTU_TENANT=3                    # its v4 port's link has a lower MTU:
SERVICE_MTU=1400                # added with --mtu, it gets ICMP errors
TMP_GLOB="/tmp/$PFX-scenario.*"

me=$(basename "$0")
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
ovsdir=${OVS_BUILDDIR:-$top_srcdir/_build/ovs}
PY=/usr/bin/python3

usage() {
    cat <<EOF
Usage: $me [--datapath netdev|system] [--edge ovs|gretap] [--installed]
       [--keep] [--quiet] [--cleanup] [--help]

Sets up the reference paper's scenario (figure 5) with the patched Open
vSwitch in network namespaces named $PFX-*, checks it (figure 7's answers,
ping, dynamic ARP/ND, isolation between tenants), prints what the paper
prints and removes everything it made.  Exits 0 only if every check passes.

  --datapath netdev   the cloud switch on the userspace datapath (default)
  --datapath system   the cloud switch on the kernel datapath: needs the
                      patched openvswitch.ko loaded (inside the VM:
                      utilities/ovs-nat64-vm tests/scenario/nat64-scenario.sh
                      --datapath system)
  --edge ovs          the tenants' edge boxes are a second Open vSwitch
                      (userspace datapath, GRE ports); default with netdev
  --edge gretap       the edge boxes are Linux bridges with gretap devices;
                      needs the kernel's ip_gre; default with system
  --installed the cloud switch is the installed Open vSwitch (the packages
              of make deb, with openvswitch-nat64-dkms): /usr/bin's
              programs and ovs-nat64-tenant, started in $PFX-sw by the
              package's ovs-ctl with its default database and paths;
              implies --datapath system
  --keep      leave the set-up running afterwards, for debugging (prints how
              to reach both Open vSwitch instances; remove it with --cleanup)
  --quiet     print only failures and the summary line
  --cleanup   remove the leftovers of an earlier run (namespaces $PFX-*,
              links $PFX*, their processes, $TMP_GLOB) and exit
  --help      print this help and exit

Environment: OVS_BUILDDIR (default $top_srcdir/_build/ovs).
Needs root.  Refuses to start while leftovers of an earlier run exist.
EOF
}

keep=no
quiet=no
cleanup_only=no
ovs_installed=no
datapath=netdev
edge=
while [ $# -gt 0 ]; do
    arg=$1
    shift
    case $arg in
        --datapath|--edge)
            [ $# -gt 0 ] || { echo "$me: $arg needs a value" >&2; exit 2; }
            set -- "$arg=$1" "${@:2}"
            continue ;;
        --datapath=netdev|--datapath=system) datapath=${arg#*=} ;;
        --datapath=*)
            echo "$me: unknown datapath '${arg#*=}' (netdev or system)" >&2
            exit 2 ;;
        --edge=ovs|--edge=gretap) edge=${arg#*=} ;;
        --edge=*)
            echo "$me: unknown edge '${arg#*=}' (ovs or gretap)" >&2
            exit 2 ;;
        --installed) ovs_installed=yes; datapath=system ;;
        --keep) keep=yes ;;
        --quiet|-q) quiet=yes ;;
        --cleanup) cleanup_only=yes ;;
        --help|-h) usage; exit 0 ;;
        *) echo "$me: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done
if [ -z "$edge" ]; then
    if [ $datapath = system ]; then edge=gretap; else edge=ovs; fi
fi

# ---------------------------------------------------------------------------
# Output; set-up commands (run), namespaces and Open vSwitch instances
# (start_ovs, vsctl, ..., remove_all) come from tests/lib/netns-ovs.sh.

# shellcheck source=../lib/netns-ovs.sh
. "$top_srcdir/tests/lib/netns-ovs.sh"

say() { [ $quiet = yes ] || printf '%s\n' "$*"; }
step() { say "== $*"; }

# Seconds since the start, one decimal.
since_start() { awk -v a="$start_time" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

passed=0
failed=0
failures=
check_ok() {
    passed=$((passed + 1))
    say "  [ok] $1"
}
check_fail() {
    failed=$((failed + 1))
    failures="$failures
  - $1"
    printf '  [FAIL] %s\n' "$1"
    [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/         /'
}

# ---------------------------------------------------------------------------
# The two Open vSwitch instances: "sw" (the cloud switch, in n64-sw) and
# "edge" (the tenants' Cloud Junction Boxes, in n64-edge).

ovs_ns() { case $1 in sw) echo $NS_SW ;; edge) echo $NS_EDGE ;; esac; }

# The tenant recipe tool, against the cloud switch.
tenant_tool() {
    if [ $ovs_installed = yes ]; then
        in_ovs sw /usr/bin/ovs-nat64-tenant "$@"
        return
    fi
    in_ovs sw env PATH="$ovsdir/utilities:$ovsdir/ovsdb:$PATH" \
        PYTHONPATH="$ovsdir/python${PYTHONPATH:+:$PYTHONPATH}" \
        "$top_srcdir/utilities/ovs-nat64-tenant" "$@"
}

# ---------------------------------------------------------------------------
# Exit: cleanup (trap).

# The summary line, printed last, after the cleanup.
checks_done=no
summary() {
    local rc=$1 elapsed
    elapsed=$(since_start)
    if [ $checks_done = yes ] && [ $failed = 0 ]; then
        echo "scenario: $passed checks passed (${elapsed} s)"
    elif [ $checks_done = yes ]; then
        echo "scenario: $failed of $((passed + failed)) checks FAILED" \
             "(${elapsed} s):$failures"
    else
        case $rc in
            129|130|141|143) why="interrupted by a signal" ;;
            *) why="set-up or check aborted (see above)" ;;
        esac
        echo "scenario: FAILED, $why after $passed checks passed," \
             "$failed failed (${elapsed} s)${failures:+:$failures}"
    fi
}

server_pid=
on_exit() {
    local rc=$?
    trap - EXIT INT TERM HUP
    trap '' PIPE        # a closed stdout must not stop the cleanup
    if [ -z "$tmp" ]; then
        exit $rc
    fi
    if [ $keep = yes ]; then
        summary $rc
        cat <<EOF
--keep: the set-up is still running.  Temporary directory: $tmp
  . $tmp/sw/env.sh     # then: ovs-sw ovs-vsctl show; ovs-sw ovs-ofctl dump-flows br0
  . $tmp/edge/env.sh   # --edge ovs: then ovs-edge ovs-appctl tnl/arp/show
  ip -n $NS_EDGE -d link show   # --edge gretap: the gretap devices
  ip netns exec $NS_SVC tail $tmp/scope-server.log
  ip netns exec $PFX-t1 curl -s http://$SERVER_IP/
Remove everything with: $0 --cleanup
EOF
        exit $rc
    fi
    say "== cleanup"
    [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null
    stop_ovs sw
    stop_ovs edge
    if remove_all; then
        say "  nothing left: no namespace $PFX-*, no link $PFX*, no $TMP_GLOB"
    else
        ip netns list >&2
        ip -br link >&2
        [ $rc -eq 0 ] && rc=1
    fi
    summary $rc
    exit $rc
}

# ---------------------------------------------------------------------------
# Preconditions.

if [ "$(id -u)" != 0 ]; then
    err "needs root (network namespaces, veth)"
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

if [ $ovs_installed = yes ]; then
    [ $edge = gretap ] || { err "--installed needs --edge gretap"; exit 1; }
    for bin in ovs-vswitchd ovsdb-server ovsdb-tool ovs-vsctl ovs-ofctl \
               ovs-appctl ovs-nat64-tenant; do
        path=$(ovs_bin $bin)
        [ -x "$path" ] && continue
        case $bin in
            ovs-nat64-tenant) err "no $path: install the ovs-nat64 package" ;;
            *) err "no $path: install the Open vSwitch packages" ;;
        esac
        err "(make deb builds them into _build/debs/)"
        exit 1
    done
    [ -x "$OVS_CTL" ] || { err "no $OVS_CTL (openvswitch-common)"; exit 1; }
fi
for bin in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
           utilities/ovs-vsctl utilities/ovs-ofctl utilities/ovs-appctl; do
    [ $ovs_installed = no ] || break
    if [ ! -x "$ovsdir/$bin" ]; then
        err "no $ovsdir/$bin: build the patched Open vSwitch first" \
            "(utilities/build-ovs.sh)"
        exit 1
    fi
done
missing=
for tool in ip:iproute2 ss:iproute2 curl:curl ping:iputils-ping \
            ethtool:ethtool sysctl:procps; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
done
[ -x $PY ] || missing="$missing python3"
if [ -n "$missing" ]; then
    err "missing tools; install the Debian packages:$missing" \
        "(utilities/build.sh does)"
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
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

tmp=$(mktemp -d "/tmp/$PFX-scenario.XXXXXX") || { tmp=; die "mktemp failed"; }
setup_log=$tmp/setup.log
: > "$setup_log"

# ---------------------------------------------------------------------------
# Set-up.

step "set-up (log: $setup_log)"

for ns in $NS_SW $NS_EDGE $NS_SVC $(for k in $TENANTS; do echo $PFX-t$k; done); do
    run ip netns add $ns
    run ip -n $ns link set lo up
done

# veth_tx_off NS DEV: no checksum offload on a veth whose peer the userspace
# datapath reads (else TCP arrives with partial checksums, which the
# userspace datapath cannot complete on veth).  The kernel datapath keeps
# every offload: GSO packets cross the translation whole.
sw_user=no edge_user=no
[ $datapath = netdev ] && sw_user=yes
[ $edge = ovs ] && edge_user=yes
veth_tx_off() {
    [ "$1" = yes ] || return 0
    run ip netns exec "$2" ethtool -K "$3" tx off
}

# Underlay between the two switches.  Jumbo MTU: GRE adds 38 to 42 bytes.
run ip -n $NS_SW link add ul-sw mtu 1600 type veth \
    peer name ul-edge mtu 1600 netns $NS_EDGE
ul_user=no
[ $sw_user = yes ] || [ $edge_user = yes ] && ul_user=yes
veth_tx_off $ul_user $NS_SW ul-sw
veth_tx_off $ul_user $NS_EDGE ul-edge
run ip -n $NS_SW link set ul-sw up
run ip -n $NS_EDGE link set ul-edge up

# Service VM: em0..em5 <-> vnet0..vnet5 in the cloud switch.
for k in $TENANTS; do
    for n in $((2 * k - 2)) $((2 * k - 1)); do
        run ip -n $NS_SVC link add em$n type veth peer name vnet$n netns $NS_SW
        veth_tx_off $sw_user $NS_SVC em$n
        veth_tx_off $sw_user $NS_SW vnet$n
        # IPv6 only, and only fe80::c0a8:64: no EUI-64 address.
        run ip netns exec $NS_SVC sysctl -q -w net.ipv6.conf.em$n.addr_gen_mode=1
        run ip -n $NS_SVC addr add $SERVER_LL/64 dev em$n nodad
        run ip -n $NS_SVC link set em$n up
        run ip -n $NS_SW link set vnet$n up
    done
done

# Tenants: eth0 <-> lan$k in the edge box.
for k in $TENANTS; do
    ns=$PFX-t$k
    run ip -n $ns link add eth0 type veth peer name lan$k netns $NS_EDGE
    veth_tx_off $edge_user $ns eth0
    veth_tx_off $edge_user $NS_EDGE lan$k
    run ip -n $ns addr add $CLIENT_IP/24 dev eth0
    [ $k = 2 ] && run ip -n $ns addr add $OTHER_IP/24 dev eth0
    run ip -n $NS_EDGE link set lan$k up
done

say "  namespaces and links made ($(since_start) s)"

# The Open vSwitch instances.
if [ $datapath = system ]; then start_ovs sw --system; else start_ovs sw; fi
[ $edge = ovs ] && start_ovs edge
say "  Open vSwitch started ($(since_start) s)"

# Native tunnelling (Documentation/howto/userspace-tunneling.rst): br-phy
# holds the underlay port; its internal port (a tap) has the tunnel
# endpoint address, so that OVS learns the route and ARP from the kernel.
# The kernel datapath and gretap use the kernel's own routing instead.
setup_underlay() {
    local inst=$1 port=$2 ip=$3 user=$4 ns
    ns=$(ovs_ns $inst)
    if [ $user = no ]; then
        run ip -n $ns addr add $ip/24 dev $port
        return
    fi
    run vsctl $inst -- add-br br-phy \
        -- set bridge br-phy datapath_type=netdev fail-mode=standalone \
        -- add-port br-phy $port
    run ip -n $ns addr add $ip/24 dev br-phy
    run ip -n $ns link set br-phy up
}
setup_underlay sw ul-sw $UL_SW_IP $sw_user
setup_underlay edge ul-edge $UL_EDGE_IP $edge_user

# The cloud switch: figure 5, once per tenant, by the tenant tool.  No
# NORMAL flow: what no tenant flow matches is dropped, not flooded to the
# other tenants.
run vsctl sw add-br br0 -- set bridge br0 datapath_type=$datapath \
    fail-mode=secure
run ofctl sw del-flows br0
for k in $TENANTS; do
    mtu_opt=()
    if [ $k = $MTU_TENANT ]; then
        # Only the switch's end: the service VM's em4 keeps MTU 1500, so its
        # MSS does not keep the tenant's packets small.
        run ip -n $NS_SW link set vnet$((2 * k - 2)) mtu $SERVICE_MTU
        mtu_opt=(--mtu $SERVICE_MTU)
    fi
    run tenant_tool add br0 tenant$k --remote-ip $UL_EDGE_IP --key $((k * 10)) \
        --gre-port gre$k --v4-port vnet$((2 * k - 2)) --v6-port vnet$((2 * k - 1)) \
        "${mtu_opt[@]}"
done

say "  br0 ($datapath datapath): 3 tenants added by ovs-nat64-tenant ($(since_start) s)"

# The edge boxes: per tenant, the LAN port and a GRE tunnel bridged.
for k in $TENANTS; do
    if [ $edge = ovs ]; then
        run vsctl edge -- add-br cjb$k -- set bridge cjb$k datapath_type=netdev \
            -- add-port cjb$k lan$k \
            -- add-port cjb$k gre$k \
            -- set interface gre$k type=gre options:remote_ip=$UL_SW_IP \
               options:key=$((k * 10))
    else
        run ip -n $NS_EDGE link add gre$k type gretap local $UL_EDGE_IP \
            remote $UL_SW_IP key $((k * 10))
        run ip -n $NS_EDGE link add cjb$k type bridge
        run ip -n $NS_EDGE link set lan$k master cjb$k
        run ip -n $NS_EDGE link set gre$k master cjb$k
        run ip -n $NS_EDGE link set gre$k up
        run ip -n $NS_EDGE link set cjb$k up
    fi
done

# Tunnel routes of the userspace datapath: learned from the kernel; added
# by hand if they are not.
for inst in sw edge; do
    case $inst in
        sw) [ $sw_user = yes ] || continue ;;
        edge) [ $edge_user = yes ] || continue ;;
    esac
    ok=no
    for i in $(seq 1 20); do
        if appctl $inst ovs/route/show 2>/dev/null | grep -q "10.99.0.0/24 dev br-phy"; then
            ok=yes
            break
        fi
        sleep 0.25
    done
    if [ $ok = no ]; then
        run appctl $inst ovs/route/add 10.99.0.0/24 br-phy
    fi
done

# Underlay check (also fills the kernels' ARP caches).
run ip netns exec $NS_SW ping -c 1 -W 2 $UL_EDGE_IP
run ip netns exec $NS_EDGE ping -c 1 -W 2 $UL_SW_IP

# The server.
server_log=$tmp/scope-server.log
tenant_table=
for k in $TENANTS; do
    tenant_table="$tenant_table --tenant em$((2 * k - 2))=$k --tenant em$((2 * k - 1))=$k"
done
ip netns exec $NS_SVC $PY "$here/scope-server.py" --port 80 --log "$server_log" \
    $tenant_table >> "$setup_log" 2>&1 &
server_pid=$!
for i in $(seq 1 40); do
    ip netns exec $NS_SVC ss -Hltn 'sport = :80' 2>/dev/null | grep -q . && break
    kill -0 $server_pid 2>/dev/null || die "scope-server.py exited; see $server_log"
    sleep 0.25
done
ip netns exec $NS_SVC ss -Hltn 'sport = :80' | grep -q . \
    || die "scope-server.py does not listen on port 80"

# Tenants up last; wait for their link-local addresses (DAD).
for k in $TENANTS; do
    run ip -n $PFX-t$k link set eth0 up
done
for k in $TENANTS; do
    ok=no
    for i in $(seq 1 40); do
        if ip -n $PFX-t$k -6 addr show dev eth0 scope link -tentative \
                | grep -q inet6; then
            ok=yes
            break
        fi
        sleep 0.25
    done
    [ $ok = yes ] || die "tenant $k: no IPv6 link-local address on eth0"
done
tenant_ll() {
    ip -n $PFX-t$1 -6 addr show dev eth0 scope link \
        | awk '/inet6/ { sub("/.*", "", $2); print $2; exit }'
}
mac_of() { ip -n "$1" -o link show dev "$2" | sed 's/.*link\/ether \([^ ]*\).*/\1/'; }

# The userspace datapath counts as lost the packets that reach a port before
# ovs-vswitchd's translation knows it (tests/lib/lost-upcalls.sh); the
# service VM's router solicitations and MLD reports, tunnelled to the edge
# while its bridges are being added, can be such packets.  Losses count
# from here on, when no port is added any more.
setup_counts_sw= setup_counts_edge= setup_losses_sw= setup_losses_edge=
if [ $sw_user = yes ]; then
    setup_counts_sw=$(upcall_loss_counts appctl sw) || die "$setup_counts_sw"
    setup_losses_sw=$(lost_upcalls appctl sw)
fi
if [ $edge_user = yes ]; then
    setup_counts_edge=$(upcall_loss_counts appctl edge) || die "$setup_counts_edge"
    setup_losses_edge=$(lost_upcalls appctl edge)
fi

if [ $edge = ovs ]; then edges="edge Open vSwitch (GRE ports)"; else edges="edge Linux bridges (gretap)"; fi
say "  3 tenants, cloud switch on the $datapath datapath, $edges," \
    "ready after $(since_start) s"

# ---------------------------------------------------------------------------
# Figure 5, as the switch has it.

step "figure 5: the tenants (ovs-nat64-tenant list) and the flows of br0"
listing=$(tenant_tool list br0 2>&1)
[ $quiet = yes ] || printf '%s\n' "$listing" | sed 's/^/  /'
dump=$(ofctl sw --no-stats --names dump-flows br0 2>&1)
[ $quiet = yes ] || printf '%s\n' "$dump" | sed 's/^ */  /'
# The recipe, as OVS prints it back (protocol first, then in_port).
expected_flows=
for k in $TENANTS; do
    a=vnet$((2 * k - 2)) b=vnet$((2 * k - 1)) g=gre$k
    if [ $k = $MTU_TENANT ]; then
        t="nat64(mode=4to6,mtu=$SERVICE_MTU)"
        expected_flows="$expected_flows
priority=P,ip,reg0=0/0x2,in_port=$g,nw_frag=no actions=load:0x1->NXM_NX_REG0[1],check_pkt_larger($((14 + SERVICE_MTU - 20)))->NXM_NX_REG0[0],resubmit(,0)
priority=P,ip,reg0=0x2/0x3,in_port=$g,nw_frag=no actions=$t,output:$a
priority=P,ip,reg0=0x3/0x3,in_port=$g,nw_frag=no actions=nat64(mode=too-big,mtu=$SERVICE_MTU),IN_PORT
priority=P,ip,in_port=$g,nw_frag=yes actions=$t,output:$a"
    else
        expected_flows="$expected_flows
priority=P,ip,in_port=$g actions=nat64:4toll6,output:$a"
    fi
    expected_flows="$expected_flows
priority=P,arp,in_port=$g actions=nat64:4toll6,output:$a
priority=P,ipv6,in_port=$a actions=nat64:ll6to4,output:$g
priority=P,ipv6,in_port=$g actions=output:$b
priority=P,ipv6,in_port=$b actions=output:$g"
done
got_flows=$(printf '%s\n' "$dump" | grep 'actions=' \
    | sed -e 's/^ *//' -e 's/^cookie=[^ ]* //' -e 's/priority=[0-9]*/priority=P/' \
    | sort)
want_flows=$(printf '%s\n' "$expected_flows" | grep . | sort)
cookies=$(printf '%s\n' "$dump" | grep -o 'cookie=0x[0-9a-f]*' | sort -u | wc -l)
if [ "$got_flows" = "$want_flows" ] && [ "$cookies" = 3 ]; then
    check_ok "br0 has exactly the recipe's 18 flows (tenant $MTU_TENANT: 8, with --mtu), one cookie per tenant"
else
    printf '%s\n' "$want_flows" > "$tmp/flows.want"
    printf '%s\n' "$got_flows" > "$tmp/flows.got"
    check_fail "br0's flows are not the recipe's (or not one cookie per tenant)" \
        "$(diff "$tmp/flows.want" "$tmp/flows.got"; echo "cookies: $cookies")"
fi
out=$(tenant_tool check br0 2>&1)
if [ $? = 0 ]; then
    check_ok "ovs-nat64-tenant check: OVSDB and the flow table match the recipe"
else
    check_fail "ovs-nat64-tenant check finds differences" "$out"
fi

# ---------------------------------------------------------------------------
# Figure 7.

# figure7 [LABEL]: each tenant fetches the page over IPv4 and IPv6 and
# gets its own.
figure7() {
    local label=${1:-} k ns v url n expect got rc
    for k in $TENANTS; do
        ns=$PFX-t$k
        [ $k = 1 ] || say "-----"
        for v in 4 6; do
            if [ $v = 4 ]; then
                url=http://$SERVER_IP/
                n=$((2 * k - 2))
            else
                url="http://[$SERVER_LL%eth0]/"
                n=$((2 * k - 1))
            fi
            expect="<html><body>This Tenant $k of em$n.</body></html>"
            say "Vm$k% curl -s --max-time 5 -g \"$url\""
            got=$(ip netns exec $ns curl -s --max-time 5 -g "$url" 2>&1)
            rc=$?
            [ $quiet = yes ] || printf '%s\n' "$got"
            if [ $rc = 0 ] && [ "$got" = "$expect" ]; then
                check_ok "${label}tenant $k over IPv$v reaches em$n"
            else
                check_fail "${label}tenant $k over IPv$v: curl $url" \
                    "exit $rc, expected: $expect"
            fi
        done
    done
}
step "figure 7: one server, each tenant sees its own answer"
figure7

# ---------------------------------------------------------------------------
# Ping (ICMPv4 echo <-> ICMPv6 echo).

step "ping 192.168.0.100 from every tenant (answered by the service VM over ICMPv6)"
for k in $TENANTS; do
    out=$(ip netns exec $PFX-t$k ping -c 2 -W 2 $SERVER_IP 2>&1)
    rc=$?
    [ $quiet = yes ] || printf '%s\n' "$out" | grep -E 'bytes from|transmitted' \
        | sed "s/^/  Vm$k% /"
    if [ $rc = 0 ]; then
        check_ok "tenant $k: ping $SERVER_IP"
    else
        check_fail "tenant $k: ping $SERVER_IP" "$out"
    fi
done

# ---------------------------------------------------------------------------
# Neighbour tables: learned, not configured.

step "neighbours: ARP in the tenants, NDP in the service VM, all dynamic"
for k in $TENANTS; do
    na=$((2 * k - 2)) nb=$((2 * k - 1))
    em_mac=$(mac_of $NS_SVC em$na)
    t_mac=$(mac_of $PFX-t$k eth0)
    t_ll=$(tenant_ll $k)

    line=$(ip -n $PFX-t$k neigh show $SERVER_IP dev eth0)
    say "  Vm$k% ip neigh show: $line"
    if printf '%s\n' "$line" | grep -qE "lladdr $em_mac (REACHABLE|STALE|DELAY|PROBE)"; then
        check_ok "tenant $k: $SERVER_IP resolved by ARP to em$na's MAC"
    else
        check_fail "tenant $k: $SERVER_IP not resolved to em$na's MAC $em_mac"
    fi

    line=$(ip -n $NS_SVC -6 neigh show $CLIENT_LL dev em$na)
    say "  svc% ip -6 neigh show dev em$na: $line"
    if printf '%s\n' "$line" | grep -qE "lladdr $t_mac (REACHABLE|STALE|DELAY|PROBE)"; then
        check_ok "service VM: $CLIENT_LL on em$na resolved by ND to tenant $k's MAC"
    else
        check_fail "service VM: $CLIENT_LL on em$na not resolved to tenant $k's MAC $t_mac"
    fi

    line=$(ip -n $NS_SVC -6 neigh show "$t_ll" dev em$nb)
    say "  svc% ip -6 neigh show dev em$nb: $line"
    if [ -n "$t_ll" ] && printf '%s\n' "$line" \
            | grep -qE "lladdr $t_mac (REACHABLE|STALE|DELAY|PROBE)"; then
        check_ok "service VM: tenant $k's own $t_ll on em$nb resolved by ND"
    else
        check_fail "service VM: tenant $k's own link-local '$t_ll' on em$nb not resolved"
    fi
done
permanent=$(for ns in $NS_SVC $(for k in $TENANTS; do echo $PFX-t$k; done); do
                ip -n $ns neigh show nud permanent | sed "s/^/$ns: /"
                ip -n $ns -6 neigh show nud permanent | sed "s/^/$ns: /"
            done)
if [ -z "$permanent" ]; then
    check_ok "no static (PERMANENT) neighbour entry in the tenants or the service VM"
else
    check_fail "static (PERMANENT) neighbour entries exist" "$permanent"
fi

# ---------------------------------------------------------------------------
# Isolation.

step "isolation: no tenant reaches another"
# Listeners in tenants 2 and 3: every UDP datagram and TCP connection, IPv4
# and IPv6, on port $PROBE_PORT, logged.
listener='
import select, socket, sys
out = open(sys.argv[1], "a", buffering=1)
port = int(sys.argv[2])
def sock(kind):
    s = socket.socket(socket.AF_INET6, kind)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    return s
u = sock(socket.SOCK_DGRAM)
t = sock(socket.SOCK_STREAM)
t.listen(16)
out.write("ready\n")
while True:
    r, _, _ = select.select([u, t], [], [])
    if u in r:
        data, a = u.recvfrom(4096)
        out.write("udp from %s: %s\n" % (a[0], data.decode("ascii", "replace")))
    if t in r:
        c, a = t.accept()
        out.write("tcp from %s\n" % a[0])
        c.close()
'
prober='
import socket, sys
port = int(sys.argv[1])
for target in sys.argv[2:]:
    fam = socket.AF_INET6 if ":" in target else socket.AF_INET
    addr = socket.getaddrinfo(target, port, fam, socket.SOCK_DGRAM)[0][4]
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"eth0")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    try:
        s.sendto(b"probe from tenant 1 to " + target.encode(), addr)
    except OSError as e:
        print("udp %s: %s" % (target, e))
    s.close()
    c = socket.socket(fam, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"eth0")
    c.settimeout(1)
    try:
        c.connect(addr)
        print("tcp %s: CONNECTED" % target)
    except OSError as e:
        print("tcp %s: %s" % (target, e))
    c.close()
'
listener_pids=
for k in 2 3; do
    : > "$tmp/listener-t$k.log"
    ip netns exec $PFX-t$k $PY -c "$listener" "$tmp/listener-t$k.log" $PROBE_PORT \
        >> "$setup_log" 2>&1 &
    listener_pids="$listener_pids $!"
done
for k in 2 3; do
    for i in $(seq 1 40); do
        grep -q ready "$tmp/listener-t$k.log" && break
        sleep 0.25
    done
    grep -q ready "$tmp/listener-t$k.log" || die "tenant $k: listener did not start"
done
# Control: tenant 2's listener sees tenant 2's own datagram.
ip netns exec $PFX-t2 $PY -c '
import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"control", ("'$OTHER_IP'", '$PROBE_PORT'))
'

t2_ll=$(tenant_ll 2)
t3_ll=$(tenant_ll 3)
for target in $OTHER_IP; do
    out=$(ip netns exec $PFX-t1 ping -c 2 -W 1 $target 2>&1)
    if [ $? = 0 ]; then
        check_fail "tenant 1 can ping $target (configured only in tenant 2)" "$out"
    else
        check_ok "tenant 1 cannot ping $target (configured only in tenant 2)"
    fi
done
out=$(ip netns exec $PFX-t1 ping -c 2 -W 1 "$t2_ll%eth0" 2>&1)
if [ $? = 0 ]; then
    check_fail "tenant 1 can ping tenant 2's link-local $t2_ll" "$out"
else
    check_ok "tenant 1 cannot ping tenant 2's link-local $t2_ll"
fi
# UDP and TCP from tenant 1 to tenant 2's and 3's addresses, broadcast and
# all-nodes multicast.
targets="$OTHER_IP 192.168.0.255 255.255.255.255 ff02::1%eth0 $t2_ll%eth0 $t3_ll%eth0"
probe_out=$(ip netns exec $PFX-t1 $PY -c "$prober" $PROBE_PORT $targets 2>&1)
printf '%s\n' "$probe_out" >> "$setup_log"
sleep 1
for k in 2 3; do
    foreign=$(grep -E '^(udp|tcp) from' "$tmp/listener-t$k.log" | grep -v ': control$')
    if [ -z "$foreign" ]; then
        check_ok "nothing from tenant 1 arrived in tenant $k (UDP and TCP to $(echo $targets | wc -w) addresses)"
    else
        check_fail "tenant 1's probes arrived in tenant $k" "$foreign"
    fi
done
if grep -q ': control$' "$tmp/listener-t2.log"; then
    check_ok "tenant 2's listener works (its own datagram arrived)"
else
    check_fail "tenant 2's listener got not even its own datagram"
fi
for pid in $listener_pids; do kill $pid 2>/dev/null; done

# ---------------------------------------------------------------------------
# Path MTU discovery across the translation.

# upload K SECONDS: tenant K sends UPLOAD_BYTES over TCP to the service VM
# (192.168.0.100, port $UPLOAD_PORT, full-size segments: em4's MSS is
# 1500's); succeeds if all arrive within SECONDS.
UPLOAD_BYTES=300000
transfer=$top_srcdir/tests/lib/tcp-transfer.py
upload() {
    local k=$1 secs=$2 got
    ip netns exec $NS_SVC timeout $((secs + 5)) $PY "$transfer" receive 6 \
        $UPLOAD_PORT "$secs" > "$tmp/upload.out" 2>&1 &
    local receiver=$!
    for i in $(seq 1 40); do
        grep -q ready "$tmp/upload.out" && break
        sleep 0.1
    done
    ip netns exec $PFX-t$k timeout "$secs" $PY "$transfer" send $SERVER_IP \
        $UPLOAD_PORT $UPLOAD_BYTES >> "$setup_log" 2>&1
    wait $receiver
    got=$(sed -n 2p "$tmp/upload.out")
    say "  tenant $k sends $UPLOAD_BYTES bytes; the service VM received ${got:-none}"
    [ "$got" = $UPLOAD_BYTES ]
}
# learned_mtu K: the path MTU tenant K's kernel learned for the server.
learned_mtu() {
    ip -n $PFX-t$1 route get $SERVER_IP | sed -n 's/.* mtu \([0-9]*\).*/\1/p'
}

step "path MTU: the service ports of tenants 1 and $MTU_TENANT at MTU $SERVICE_MTU"
# Without TSO every full-size segment is a packet the port drops (the
# kernel datapath lets a GSO packet through whatever its segments' size).
# Control: tenant 1, added without --mtu, is told nothing.
run ip netns exec $PFX-t1 ethtool -K eth0 tso off gso off
# The kernel's GRE receive path would merge (GRO) what the tenant sends
# into GSO packets, which pass an output port whatever its MTU: off, so
# that every full-size packet is one vnet0 drops.
if [ $datapath = system ]; then
    run ip netns exec $NS_SW ethtool -K gre_sys gro off
fi
run ip -n $NS_SW link set vnet0 mtu $SERVICE_MTU
if upload 1 6; then
    check_fail "tenant 1 (no --mtu): the upload completed though vnet0 drops what grows past $SERVICE_MTU"
elif [ -n "$(learned_mtu 1)" ]; then
    check_fail "tenant 1 (no --mtu) learned an MTU: $(ip -n $PFX-t1 route get $SERVER_IP)"
else
    check_ok "tenant 1 (no --mtu): the upload stalls, the tenant is told nothing (a black hole)"
fi
run ip -n $NS_SW link set vnet0 mtu 1500
[ $datapath = system ] && run ip netns exec $PFX-t1 ethtool -K eth0 tso on gso on
want_mtu=$((SERVICE_MTU - 20))
if upload $MTU_TENANT 60 && [ "$(learned_mtu $MTU_TENANT)" = $want_mtu ]; then
    check_ok "tenant $MTU_TENANT (--mtu $SERVICE_MTU): Fragmentation Needed taught it MTU $want_mtu, the upload completed"
else
    check_fail "tenant $MTU_TENANT (--mtu $SERVICE_MTU): upload failed or MTU $want_mtu not learned" \
        "$(ip -n $PFX-t$MTU_TENANT route get $SERVER_IP; appctl sw nat64/show-drops)"
fi

# A UDP datagram of 3000 bytes from tenant 3: its kernel sends IPv4
# fragments (DF clear) of 1500 bytes, which the switch sends on as IPv6
# fragments of at most 1400 (RFC 7915 4.1); the service VM reassembles.
ip netns exec $NS_SVC timeout 10 $PY -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("::", int(sys.argv[1])))
s.settimeout(8)
print("ready", flush=True)
data, addr = s.recvfrom(65536)
print(len(data), "%s%%%s" % (addr[0], socket.if_indextoname(addr[3])))
' $((UPLOAD_PORT - 1)) > "$tmp/udp-big.out" 2>&1 &
udp_receiver=$!
for i in $(seq 1 40); do grep -q ready "$tmp/udp-big.out" && break; sleep 0.1; done
ip netns exec $PFX-t$MTU_TENANT $PY -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(bytes(3000), (sys.argv[1], int(sys.argv[2])))
' $SERVER_IP $((UPLOAD_PORT - 1)) >> "$setup_log" 2>&1
wait $udp_receiver
got=$(sed -n 2p "$tmp/udp-big.out")
if [ "$got" = "3000 fe80::c0a8:a%em$((2 * MTU_TENANT - 2))" ]; then
    check_ok "tenant $MTU_TENANT's 3000-byte UDP datagram (IPv4 fragments) arrived whole on em$((2 * MTU_TENANT - 2))"
else
    check_fail "tenant $MTU_TENANT's 3000-byte UDP datagram did not arrive whole" \
        "$(cat "$tmp/udp-big.out"; appctl sw nat64/show-drops)"
fi

# ---------------------------------------------------------------------------
# The server's view and the drop counters.

step "the server's log"
[ $quiet = yes ] || grep -E ' -> [0-9]+ tenant' "$server_log" | sed 's/^[^ ]* [^ ]* /  /'
step "ovs-appctl nat64/show-drops (cloud switch)"
drops=$(appctl sw nat64/show-drops 2>&1)
rc=$?
[ $quiet = yes ] || printf '%s\n' "$drops" | sed 's/^/  /'
say "  (ndp_unsupported_type: the service VM's Router Solicitations and MLD"
say "  reports on em0/em2/em4, which have no ARP equivalent, as designed)"
if [ $rc = 0 ]; then
    check_ok "nat64/show-drops answers"
else
    check_fail "ovs-appctl nat64/show-drops failed" "$drops"
fi

step "lost upcalls"
instances=sw
[ $edge = ovs ] && instances="sw edge"
for inst in $instances; do
    eval "since=\$setup_counts_$inst setup_losses=\$setup_losses_$inst"
    since_opt=()
    if [ -n "$since" ]; then
        since_opt=(--since "$since")
        [ -z "$setup_losses" ] \
            || say "  ($inst, during the set-up, not counted: ports were being added:" \
                   "$(printf '%s' "$setup_losses" | tr '\n' ' ' | sed 's/ $//'))"
    fi
    if out=$(lost_upcalls "${since_opt[@]}" appctl $inst); then
        check_ok "$inst: no upcall lost${since:+ after the set-up} ($(appctl $inst dpctl/show \
                  | grep -o 'lookups:.*' | tr '\n' ' '| sed 's/ $//'))"
    else
        check_fail "$inst: upcalls were lost" "$out"
    fi
done

# ---------------------------------------------------------------------------
# ovs-vswitchd restarts: OVSDB keeps the tenants, ovs-vswitchd forgets
# their flows; ovs-nat64-tenant.service puts them back.

# The command ovs-nat64-tenant.service runs (its ExecStart=), as systemd
# would run it once ovs-vswitchd has started.
run_tenant_unit() {
    local unit line
    unit=$top_srcdir/utilities/ovs-nat64-tenant.service.in
    [ $ovs_installed = yes ] && unit=/lib/systemd/system/ovs-nat64-tenant.service
    line=$(sed -n 's/^ExecStart=//p' "$unit")
    say "  (ovs-nat64-tenant.service) ExecStart=$line"
    set -- $line
    case ${1:-} in
        */ovs-nat64-tenant) shift ;;
        *) die "$unit runs '${1:-}', not ovs-nat64-tenant" ;;
    esac
    tenant_tool "$@"
}

step "ovs-vswitchd killed (kill -9) and started again"
kill_vswitchd sw
if [ $datapath = system ]; then start_vswitchd sw --system; else start_vswitchd sw; fi
n=$(ofctl sw dump-flows br0 | grep -c 'cookie=')
if [ "$n" = 0 ]; then
    check_ok "the new ovs-vswitchd has no flow in br0"
else
    check_fail "the new ovs-vswitchd has $n flows in br0 already"
fi
out=$(run_tenant_unit 2>&1)
rc=$?
[ $quiet = yes ] || printf '%s\n' "$out" | sed 's/^/  /'
if [ $rc = 0 ] && printf '%s\n' "$out" | grep -q "of 3 tenants"; then
    check_ok "ovs-nat64-tenant.service's command reinstalled the 3 tenants' flows"
else
    check_fail "ovs-nat64-tenant.service's command failed (exit $rc)" "$out"
fi
out=$(tenant_tool check br0 2>&1)
if [ $? = 0 ]; then
    check_ok "after the restart, ovs-nat64-tenant check: everything matches"
else
    check_fail "after the restart, ovs-nat64-tenant check finds differences" "$out"
fi
figure7 "after the restart: "

checks_done=yes
[ $failed = 0 ] && exit 0
exit 1
