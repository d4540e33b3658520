#!/bin/sh
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

# The kernel datapath's smoke test, run inside the VM by
# "utilities/ovs-nat64-vm tests/vm/vm-smoke.sh" (tests/vm/vm-test.sh does):
# the built openvswitch.ko is loaded; starts the patched Open vSwitch from
# _build/ovs with a private run directory, makes bridge br0 on the kernel
# datapath (datapath_type=system) with two veth ports whose peers sit in
# two network namespaces, and pings across with actions=normal.
# Exits 0 on success, 77 when Open vSwitch is not built, 1 on failure.
# Needs root; meant for the VM (it loads nothing and removes nothing).

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$(cd "$here/../.." && pwd)}
ovs=${OVS_BUILDDIR:-$top/_build/ovs}
PATH=$ovs/utilities:$ovs/vswitchd:$ovs/ovsdb:$PATH

say() {
    echo "vm-smoke: [$(cut -d' ' -f1 /proc/uptime) s] $*"
}
fail() {
    echo "vm-smoke: FAIL: $*" >&2
    for f in "${d:-/nonexistent}"/*.log; do
        [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
    done
    exit 1
}
run() {
    "$@" || fail "$* (exit status $?)"
}

for bin in vswitchd/ovs-vswitchd ovsdb/ovsdb-server ovsdb/ovsdb-tool \
           utilities/ovs-vsctl utilities/ovs-ofctl utilities/ovs-appctl; do
    if [ ! -x "$ovs/$bin" ]; then
        echo "vm-smoke: SKIP: no $ovs/$bin (run utilities/build-ovs.sh)"
        exit 77
    fi
done

say "kernel $(uname -r)"
lsmod | grep -E '^(Module|openvswitch|nf_conntrack|nsh) ' \
    || fail "openvswitch.ko is not loaded"
[ -d /sys/module/openvswitch ] || fail "openvswitch.ko is not loaded"
echo "openvswitch taint flags: $(cat /sys/module/openvswitch/taint)" \
     "(O: built out of tree, E: unsigned)"

d=$(mktemp -d /tmp/vm-smoke.XXXXXX) || fail "mktemp"
export OVS_RUNDIR="$d" OVS_DBDIR="$d" OVS_LOGDIR="$d" OVS_PKGDATADIR="$d" \
       OVS_SYSCONFDIR="$d"
run cp "$ovs/vswitchd/vswitch.ovsschema" "$d/"
run ovsdb-tool create "$d/conf.db" "$d/vswitch.ovsschema"
run ovsdb-server "$d/conf.db" --remote=punix:"$d/db.sock" \
    --pidfile --log-file --detach --no-chdir
run ovs-vsctl --no-wait init
say "ovsdb-server started"
run ovs-vswitchd --pidfile --log-file --detach --no-chdir
say "ovs-vswitchd started"

run ovs-vsctl add-br br0 -- set bridge br0 datapath_type=system
for i in 1 2; do
    run ip netns add smoke$i
    run ip link add v$i type veth peer name eth0 netns smoke$i
    run ip link set v$i up
    run ip -n smoke$i addr add 10.64.0.$i/24 dev eth0
    run ip -n smoke$i link set eth0 up
    run ip -n smoke$i link set lo up
    run ovs-vsctl add-port br0 v$i
done
run ovs-ofctl del-flows br0
run ovs-ofctl add-flow br0 actions=normal
run ovs-vsctl show
run ovs-appctl dpctl/show
echo "datapath features (nat64 appears once the module has it):"
ovs-appctl dpif/show-dp-features br0 | grep -i -E 'nat64|check_pkt_len'
say "bridge br0 (system datapath) with v1, v2"

run ip netns exec smoke1 ping -c 3 -i 0.2 -W 5 10.64.0.2
say "ping smoke1 -> smoke2 across br0 passed"
run ovs-ofctl dump-flows br0
run ovs-appctl dpctl/dump-flows

# The nat64 action in the kernel datapath: smoke1 speaks IPv4 only, smoke2
# has fe80::c0a8:64 only (192.168.0.100 as IPv4 sees it).
ovs-appctl dpif/show-dp-features br0 | grep -q "Stateless NAT64 action: Yes" \
    || fail "the datapath does not support nat64 (is the patched module loaded?)"
run ip -n smoke1 addr flush dev eth0
run ip -n smoke1 addr add 192.168.0.10/24 dev eth0
run ip -n smoke2 addr flush dev eth0
run ip netns exec smoke2 sysctl -q -w net.ipv6.conf.eth0.addr_gen_mode=1
run ip -n smoke2 link set eth0 down
run ip -n smoke2 link set eth0 up
run ip -n smoke2 addr add fe80::c0a8:64/64 dev eth0 nodad
run ovs-ofctl del-flows br0
run ovs-ofctl add-flow br0 in_port=v1,ip,actions=nat64:4toll6,output:v2
run ovs-ofctl add-flow br0 in_port=v1,arp,actions=nat64:4toll6,output:v2
run ovs-ofctl add-flow br0 in_port=v2,ipv6,actions=nat64:ll6to4,output:v1
run ovs-ofctl dump-flows br0
run ip netns exec smoke1 ping -c 3 -i 0.2 -W 5 192.168.0.100
say "nat64: ping 192.168.0.100 (IPv4) -> fe80::c0a8:64 (IPv6) passed"
ip netns exec smoke1 ip neigh show 192.168.0.100 | grep -q lladdr \
    || fail "nat64: ARP did not resolve 192.168.0.100"
say "nat64: ARP resolved 192.168.0.100 through Neighbor Discovery"

# TCP: an IPv6-only server answers an IPv4 client.
mkdir -p "$d/www" && echo "hello from fe80::c0a8:64" > "$d/www/index.html"
ip netns exec smoke2 /usr/bin/python3 -c '
import http.server, socket, sys, os
os.chdir(sys.argv[1])
class S(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6
S(("::", 80), http.server.SimpleHTTPRequestHandler).serve_forever()
' "$d/www" > "$d/http.log" 2>&1 &
server=$!
# Python starts slowly in a TCG guest: wait for the listening socket.
i=0
until ip netns exec smoke2 ss -ltn | grep -q ':80 '; do
    i=$((i + 1))
    [ $i -le 60 ] || fail "nat64: the HTTP server did not start"
    sleep 0.5
done
answer=$(ip netns exec smoke1 curl -s --retry 3 --max-time 20 \
         http://192.168.0.100/)
kill $server 2>/dev/null
if [ "$answer" != "hello from fe80::c0a8:64" ]; then
    ovs-appctl dpctl/dump-flows
    cat /proc/net/ovs_nat64_drops
    fail "nat64: HTTP over TCP answered '$answer'"
fi
say "nat64: HTTP (TCP) from IPv4 to an IPv6-only server passed"
ovs-appctl dpctl/dump-flows | grep nat64 \
    || fail "nat64: no datapath flow with the nat64 action"
echo "--- /proc/net/ovs_nat64_drops"
cat /proc/net/ovs_nat64_drops || fail "no /proc/net/ovs_nat64_drops"
run ovs-appctl nat64/show-drops

ovs-appctl -t ovs-vswitchd exit --cleanup
ovs-appctl -t ovsdb-server exit
say "PASS"
exit 0
