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

# Shell functions for the in-VM tests (sourced, not run): messages with the
# guest's uptime, a private Open vSwitch from _build/ovs on the kernel
# datapath, namespaces with one veth port each on br0, and a cleanup trap.
# The sourcing script sets NAME (its name in messages) first.

here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/../.." && pwd)}
ovs=${OVS_BUILDDIR:-$top/_build/ovs}
PATH=$ovs/utilities:$ovs/vswitchd:$ovs/ovsdb:$PATH
PY=/usr/bin/python3
# shellcheck source=../lib/lost-upcalls.sh
. "$top/tests/lib/lost-upcalls.sh"

say() {
    echo "$NAME: [$(cut -d' ' -f1 /proc/uptime) s] $*"
}
fail() {
    echo "$NAME: FAIL: $*" >&2
    for f in "${d:-/nonexistent}"/*.log; do
        [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
    done
    exit 1
}
run() {
    "$@" || fail "$* (exit status $?)"
}

vm_require_ovs() {
    local bin
    for bin in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
               utilities/ovs-vsctl utilities/ovs-ofctl utilities/ovs-appctl; do
        if [ ! -x "$ovs/$bin" ]; then
            echo "$NAME: SKIP: no $ovs/$bin (run utilities/build-ovs.sh)"
            exit 77
        fi
    done
    [ -d /sys/module/openvswitch ] || fail "openvswitch.ko is not loaded"
}

# vm_ovs_start [--any-module] [--as-at-boot]: ovsdb-server and
# ovs-vswitchd with a private directory $d, and bridge br0 on the kernel
# datapath, which must have the nat64 action unless --any-module.
# --as-at-boot starts ovs-vswitchd as systemd does at boot, in the first
# seconds of the monotonic clock: in a time namespace (unshare --time)
# whose CLOCK_MONOTONIC reads 2 s, whatever the VM's uptime; Open vSwitch
# 3.1.0 counted no CPUs then, so it made no upcall handlers (the reason for
# patches/ovs/0001 and 0002).  vm_cleanup stops them, at exit, then runs
# $vm_at_exit if set.
vm_namespaces=
vm_ports=
vm_ovs_start() {
    local any_module=no as_at_boot=no at_boot= up
    while [ $# -gt 0 ]; do
        case $1 in
            --any-module) any_module=yes ;;
            --as-at-boot) as_at_boot=yes ;;
            *) fail "vm_ovs_start: unknown option $1" ;;
        esac
        shift
    done
    d=$(mktemp -d "/tmp/$NAME.XXXXXX") || fail "mktemp"
    export OVS_RUNDIR="$d" OVS_DBDIR="$d" OVS_LOGDIR="$d" \
           OVS_PKGDATADIR="$d" OVS_SYSCONFDIR="$d"
    trap 'vm_cleanup; ${vm_at_exit:-}' EXIT
    run cp "$ovs/vswitchd/vswitch.ovsschema" "$d/"
    run ovsdb-tool create "$d/conf.db" "$d/vswitch.ovsschema"
    run ovsdb-server "$d/conf.db" --remote=punix:"$d/db.sock" \
        --pidfile --log-file --detach --no-chdir
    run ovs-vsctl --no-wait init
    if [ $as_at_boot = yes ]; then
        up=$(cut -d. -f1 /proc/uptime)
        [ "$up" -gt 2 ] && at_boot="unshare --time --monotonic=-$((up - 2))"
    fi
    run $at_boot ovs-vswitchd --pidfile --log-file --detach --no-chdir
    if [ $as_at_boot = yes ]; then
        say "ovs-vswitchd started as at boot: ${at_boot:-no offset needed}" \
            "(its monotonic clock read 2 s or less)"
    else
        say "ovs-vswitchd started"
    fi
    run ovs-vsctl add-br br0 -- set bridge br0 datapath_type=system
    [ $any_module = yes ] || ovs-appctl dpif/show-dp-features br0 \
        | grep -q "Stateless NAT64 action: Yes" \
        || fail "the datapath lacks nat64 (is the patched module loaded?)"
    run ovs-ofctl del-flows br0
}

# vm_port NS PORT: namespace NS with eth0, whose peer PORT is on br0.
vm_port() {
    local ns=$1 port=$2
    run ip netns add "$ns"
    vm_namespaces="$vm_namespaces $ns"
    run ip -n "$ns" link set lo up
    run ip link add "$port" type veth peer name eth0 netns "$ns"
    vm_ports="$vm_ports $port"
    run ip link set "$port" up
    run ovs-vsctl add-port br0 "$port"
}

# vm_ipv6_only NS ADDR: eth0 in NS gets only ADDR/64 (no EUI-64 address).
vm_ipv6_only() {
    run ip netns exec "$1" sysctl -q -w net.ipv6.conf.eth0.addr_gen_mode=1
    run ip -n "$1" addr add "$2/64" dev eth0 nodad
}

# vm_wait_listen NS PORT [udp]: waits (up to 30 s: python starts slowly
# under TCG) until something listens on TCP (or UDP) PORT in NS.
vm_wait_listen() {
    local i=0 kind=t
    [ "${3:-tcp}" = udp ] && kind=u
    until ip netns exec "$1" ss -Hl${kind}n "sport = :$2" | grep -q .; do
        i=$((i + 1))
        [ $i -le 60 ] || fail "nothing listens on ${3:-tcp} port $2 in $1"
        sleep 0.5
    done
}

# vm_check_upcalls: fails when the kernel datapath lost an upcall since
# vm_ovs_start made it (vm_cleanup deletes it, so each test starts from 0),
# naming the counter; says how many handler threads ovs-vswitchd made.
vm_check_upcalls() {
    local lost handlers
    handlers=$(sed -n 's/.*Overriding n-handler-threads to \([0-9]*\).*/\1/p' \
               "$d/ovs-vswitchd.log" | tr '\n' ' ')
    lost=$(lost_upcalls ovs-appctl) || {
        case " $handlers" in
            *" 0 "*) lost="$lost; ovs-vswitchd ran with 0 upcall handlers" \
                     "(handler counts it set: $handlers)" ;;
        esac
        fail "$lost"
    }
    say "no upcall lost ($(ovs-appctl dpctl/show | grep -o 'lookups:.*'));" \
        "upcall handler threads: ${handlers:-none set}"
}

vm_cleanup() {
    local ns pids port
    for ns in $vm_namespaces; do
        pids=$(ip netns pids "$ns" 2>/dev/null)
        [ -n "$pids" ] && kill $pids 2>/dev/null
    done
    ovs-appctl -t ovs-vswitchd exit --cleanup 2>/dev/null
    ovs-appctl -t ovsdb-server exit 2>/dev/null
    # The veths first: a deleted namespace's devices go later, from a
    # work queue, and the next test may want their names at once.
    for port in $vm_ports; do ip link del "$port" 2>/dev/null; done
    for ns in $vm_namespaces; do ip netns del "$ns" 2>/dev/null; done
}
