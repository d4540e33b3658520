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
# "utilities/ovs-nat64-vm tests/vm/vm-smoke.sh" (tests/vm/vm-suite.sh does):
# the built openvswitch.ko is loaded; starts the patched Open vSwitch from
# _build/ovs with a private run directory, makes bridge br0 on the kernel
# datapath (datapath_type=system) with two veth ports whose peers sit in
# two network namespaces, and pings across with actions=normal; then the
# same with nat64 flows: ping, ARP through ND, HTTP from IPv4 to IPv6.
# Exits 0 on success, 77 when Open vSwitch is not built, 1 on failure.

set -u
NAME=vm-smoke
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs

say "kernel $(uname -r)"
lsmod | grep -E '^(Module|openvswitch|nf_conntrack|nsh) ' \
    || fail "openvswitch.ko is not loaded"
echo "openvswitch taint flags: $(cat /sys/module/openvswitch/taint)" \
     "(O: built out of tree, E: unsigned)"

vm_ovs_start --as-at-boot
say "ovsdb-server and ovs-vswitchd started, bridge br0"
for i in 1 2; do
    vm_port smoke$i v$i
    run ip -n smoke$i addr add 10.64.0.$i/24 dev eth0
    run ip -n smoke$i link set eth0 up
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
vm_wait_listen smoke2 80
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

vm_check_upcalls
say "PASS"
