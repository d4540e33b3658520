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

# The kinds of skb the nat64 action meets besides plain linear frames (in
# the VM: utilities/ovs-nat64-vm tests/vm/vm-skb.sh), on br0 (kernel
# datapath):
#   offload     a guest's frames through a tap with a virtio-net header:
#               CHECKSUM_PARTIAL ICMP, ICMPv6, TCP and UDP behind an IPv6
#               extension header; TSO (TCPV4 with ECN, TCPV6, and behind
#               an IPv6 extension header) both ways; QinQ (the outer tag
#               out of band); UFO, which the translation cannot keep
#               right, dropped and counted.
#               Every frame that comes out is checked with scapy
#               (tests/vm/skb-frames.py), not with lib/.
#   udp-gso     UDP_SEGMENT (UDP_L4 GSO) from a socket, 4to6: every
#               datagram arrives whole.
#   ct-frags    conntrack reassembles IPv6 fragments, 6to4 translates,
#               output refragments: the IPv4 fragments have DF clear and
#               one ID, and reassemble at the receiver.
#   ct-after    "nat64,ct" in one action list is refused by the kernel
#               (conntrack would take the family from the stale key);
#               "nat64" alone is accepted.
#   userspace   a userspace() action after nat64 sends the key of the
#               translated packet, not the IPv4 key.
# Exits 0 on success, 77 when Open vSwitch or scapy is missing, 1 on
# failure.

set -u
NAME=vm-skb
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs
if ! $PY -c 'import scapy' 2>/dev/null; then
    echo "$NAME: SKIP: $PY has no scapy (Debian: python3-scapy)"
    exit 77
fi
frames_py=$here/skb-frames.py
failed=

mark="$NAME: start $$ $(cut -d' ' -f1 /proc/uptime)"
echo "$mark" > /dev/kmsg
vm_ovs_start
skb_cleanup() {
    ip link del tin 2>/dev/null
    ip link del tout 2>/dev/null
}
vm_at_exit=skb_cleanup
# Datapath flows live a minute: each case must meet the kernel's flow, not
# the upcall path (which segments GSO packets and completes checksums).
run ovs-vsctl set Open_vSwitch . other_config:max-idle=60000
# Two VLAN tags parsed, for the QinQ case.
run ovs-vsctl set Open_vSwitch . other_config:vlan-limit=2

# check NAME COMMAND...: runs a case, records its failure.
check() {
    local name=$1
    shift
    say "---- $name"
    if "$@"; then
        say "$name: ok"
    else
        echo "$NAME: $name: FAILED"
        failed="$failed $name"
    fi
}

# ---- offload: two taps, no IPv6 and no ARP of their own.
run modprobe tun
if [ ! -c /dev/net/tun ]; then
    run mkdir -p /dev/net
    run mknod /dev/net/tun c 10 200
fi
for tap in tin tout; do
    if [ $tap = tin ]; then flags=vnet_hdr; else flags=; fi
    run ip tuntap add dev $tap mode tap $flags
    run sysctl -q -w net.ipv6.conf.$tap.disable_ipv6=1
    run ip link set $tap mtu 9000 arp off up
    run ovs-vsctl add-port br0 $tap
done
run ovs-ofctl add-flow br0 in_port=tin,ip,actions=nat64:4toll6,output:tout
run ovs-ofctl add-flow br0 in_port=tin,ipv6,actions=nat64:ll6to4,output:tout
check offload $PY "$frames_py" offload tin tout

# ---- Two namespaces: side4 (192.168.0.10) and side6 (fe80::c0a8:14,
# 192.168.0.20 as IPv4 sees it); IPv6 through conntrack before 6to4.
vm_port side4 v4
vm_port side6 v6
run ip -n side4 addr add 192.168.0.10/24 dev eth0
run ip -n side4 link set eth0 up
run ip -n side6 link set eth0 mtu 1280
vm_ipv6_only side6 fe80::c0a8:14
run ip -n side6 link set eth0 up
run ovs-ofctl add-flow br0 in_port=v4,ip,actions=nat64:4toll6,output:v6
run ovs-ofctl add-flow br0 in_port=v4,arp,actions=nat64:4toll6,output:v6
run ovs-ofctl add-flow br0 in_port=v6,ipv6,actions=ct\(table=1\)
run ovs-ofctl add-flow br0 \
    table=1,in_port=v6,ipv6,actions=nat64:ll6to4,output:v4
run ip netns exec side4 ping -c 2 -i 0.2 -W 5 192.168.0.20
say "side4 -> side6 ping through nat64 passed"

# udp_receive NS FAMILY PORT COUNT OUT: receives COUNT datagrams (or what
# comes in 30 s) in the background; writes to OUT the bytes received after
# each, then whether they are the test pattern.
udp_receive() {
    ip netns exec "$1" $PY -c '
import socket, sys
family, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET6 if family == "6" else socket.AF_INET,
                  socket.SOCK_DGRAM)
s.bind(("::" if family == "6" else "0.0.0.0", port))
s.settimeout(30)
data = bytes((i * 7 + 3) & 0xff for i in range(65536))
got = b""
try:
    for _ in range(count):
        got += s.recv(65536)
        print(len(got), flush=True)
except socket.timeout:
    print("timeout", flush=True)
print("intact" if data.startswith(got) else "changed")
' "$2" "$3" "$4" > "$5" 2>&1 &
    vm_wait_listen "$1" "$3" udp
}

# Drops but those of the Router Solicitations and MLD reports that side6
# sends when it likes.
drops_but_ndp() {
    awk '/^  / && $1 != "ndp_unsupported_type:" { n += $2 } END { print n + 0 }' \
        /proc/net/ovs_nat64_drops
}

udp_gso() {
    local before
    before=$(drops_but_ndp)
    udp_receive side6 6 7001 3 "$d/udp-gso.out"
    # A plain datagram first installs the datapath flow: the first packet
    # of a flow goes up to ovs-vswitchd, which segments GSO packets.
    ip netns exec side4 $PY -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"warm-up", ("192.168.0.20", 7000))
time.sleep(1)
s.setsockopt(socket.IPPROTO_UDP, 103, 1000)   # UDP_SEGMENT
s.sendto(bytes((i * 7 + 3) & 0xff for i in range(3000)),
         ("192.168.0.20", 7001))
' || return 1
    wait
    cat "$d/udp-gso.out"
    [ "$(drops_but_ndp)" = "$before" ] || { cat /proc/net/ovs_nat64_drops; \
        return 1; }
    [ "$(echo $(cat "$d/udp-gso.out"))" = "1000 2000 3000 intact" ]
}
check udp-gso udp_gso

ct_frags() {
    local before after i=0
    before=$(drops_but_ndp)
    ip netns exec side4 $PY "$frames_py" capture eth0 8 \
        "$d/ct-frags.pcap" "$d/ct-frags.ready" &
    until [ -e "$d/ct-frags.ready" ]; do
        i=$((i + 1))
        [ $i -le 300 ] || { echo "the capture did not start"; return 1; }
        sleep 0.2
    done
    udp_receive side4 4 7002 1 "$d/ct-frags.out"
    # 3000 bytes over an MTU of 1280: three IPv6 fragments.
    ip netns exec side6 $PY -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.sendto(bytes((i * 7 + 3) & 0xff for i in range(3000)),
         ("fe80::c0a8:a%eth0", 7002))
' || return 1
    wait
    after=$(drops_but_ndp)
    cat "$d/ct-frags.out"
    [ "$before" = "$after" ] || { echo "nat64 drops: $before -> $after"; \
        cat /proc/net/ovs_nat64_drops; return 1; }
    ovs-appctl dpctl/dump-flows | grep -v arp | sed 's/^/  /'
    echo "side4's IP and UDP counters:"
    ip netns exec side4 nstat -az 2>/dev/null \
        | grep -E '^(IpInHdrErrors|IpInAddrErrors|IpReasm|UdpIn|UdpNoPorts|UdpInCsum)' \
        | sed 's/^/  /'
    $PY "$frames_py" fragments --expect-frags 3 "$d/ct-frags.pcap" \
        && [ "$(echo $(cat "$d/ct-frags.out"))" = "3000 intact" ]
}
check ct-frags ct_frags

# The datapath's port number of PORT.
dp_port() {
    ovs-appctl dpctl/show | sed -n "s/^ *port \([0-9]*\): $1\$/\1/p"
}
nat64_4to6='nat64(mode=4to6,prefix=fe80::/96,ttl=copy)'

ct_after() {
    local key out
    key="in_port($(dp_port tin)),eth(),eth_type(0x0800),ipv4(frag=no)"
    run ovs-appctl dpctl/del-flows
    if out=$(ovs-appctl dpctl/add-flow "$key" "$nat64_4to6,ct(commit)" \
             2>&1); then
        echo "accepted: $nat64_4to6,ct(commit)"
        return 1
    fi
    echo "refused: $out"
    case $out in
        *"Invalid argument"*) ;;
        *) echo "refused, but not as invalid"; return 1 ;;
    esac
    dmesg | sed -n "/$mark/,\$p" | grep 'ct after nat64 needs recirculation' \
        || { echo "no kernel log line says why"; return 1; }
    # The same without ct: accepted (the refusal is about ct).
    ovs-appctl dpctl/add-flow "$key" "$nat64_4to6,2" || return 1
    ovs-appctl dpctl/del-flows
}
check ct-after ct_after

userspace_key() {
    local key
    run ovs-appctl revalidator/pause
    run ovs-appctl vlog/set dpif:file:dbg
    run ovs-appctl dpctl/del-flows
    key="in_port($(dp_port v4)),eth(),eth_type(0x0800),ipv4(frag=no)"
    # The kernel wants a pid; with per-CPU upcall dispatch it sends the
    # upcall to the handler of the CPU instead.
    ovs-appctl dpctl/add-flow "$key" "$nat64_4to6,userspace(pid=1)" \
        || { ovs-appctl revalidator/resume; return 1; }
    ip -n side4 neigh replace 192.168.0.20 lladdr 02:00:00:00:00:20 \
        dev eth0 nud permanent
    ip netns exec side4 $PY -c '
import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
    b"to userspace", ("192.168.0.20", 7003))
'
    sleep 1
    ovs-appctl dpctl/del-flows
    ovs-appctl vlog/set dpif:file:info
    ovs-appctl revalidator/resume
    # dpif logs each upcall's key on the line after "action upcall:".
    grep -A1 'action upcall:' "$d/ovs-vswitchd.log" | tail -n 1 \
        > "$d/userspace.key"
    cat "$d/userspace.key"
    grep -q 'eth_type(0x86dd),ipv6(src=fe80::c0a8:a,dst=fe80::c0a8:14,.*proto=17' \
        "$d/userspace.key"
}
check userspace userspace_key

echo "--- /proc/net/ovs_nat64_drops"
cat /proc/net/ovs_nat64_drops
echo "--- kernel log lines of openvswitch since the start, if any"
dmesg | sed -n "/$mark/,\$p" | grep -E 'openvswitch' | tail -n 20

[ -z "$failed" ] || fail "failed:$failed"
vm_check_upcalls
say "PASS"
exit 0
