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
#   headroom    a UDP socket's frames over a veth have the headroom the
#               datapath asks its ports for: translated in place both
#               ways; ICMP errors, which grow more, get a new head.
#   ct-frags    conntrack reassembles IPv6 fragments, 6to4 translates,
#               output refragments: the IPv4 fragments have DF clear and
#               one ID, and reassemble at the receiver.
#   fraglist    UDP GRO with a frag list on the input veth: the frag-list
#               skb is dropped and counted, nothing malformed goes out.
#   encap-offload
#               a VXLAN device's GSO skb (skb->encapsulation) from an
#               internal port: dropped and counted.
#   checksum-complete
#               CHECKSUM_COMPLETE skbs from a gretap port (GRE checksum):
#               translated, and no "hw csum failure" at the receiver.
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
    ip link del gtc 2>/dev/null
    ip link del ul0 2>/dev/null
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

# drop_count REASON: how many packets /proc/net/ovs_nat64_drops counts
# for REASON.
drop_count() {
    awk -v r="$1:" '$1 == r { n = $2 } END { print n + 0 }' \
        /proc/net/ovs_nat64_drops
}

# side6's MAC address, for frames that come with no neighbour discovery.
side6_mac() {
    ip -n side6 link show eth0 | awk '$1 == "link/ether" { print $2 }'
}

# udp_count NS PORT SECONDS OUT: receives UDP datagrams on PORT in NS (a
# dual-stack socket: IPv6, and IPv4 as mapped addresses) in the background until none came for SECONDS after the first (or in
# 60 s); writes to OUT one line per datagram: its length and "intact" or
# "changed" (against the test pattern).
udp_count() {
    ip netns exec "$1" $PY -c '
import socket, sys
port, quiet = int(sys.argv[1]), float(sys.argv[2])
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("::", port))
s.settimeout(60)
data = bytes((i * 7 + 3) & 0xff for i in range(65536))
try:
    while True:
        got = s.recv(65536)
        s.settimeout(quiet)
        print(len(got), "intact" if data.startswith(got) else "changed",
              flush=True)
except socket.timeout:
    pass
' "$2" "$3" > "$4" 2>&1 &
    vm_wait_listen "$1" "$2" udp
}

# headroom: a UDP socket's frames leave a veth with LL_RESERVED_SPACE()
# less the Ethernet header: 2 bytes, unless the datapath asked the port
# for more (netdev_set_rx_headroom(): 34 once it asks for the 20 bytes
# nat64 4to6 adds).  Both ways they must be translated where they lie,
# copied into no new head.  ICMP errors grow by 40 bytes in 4to6 (two
# IPv6 headers for two IPv4 ones), more than that headroom: they must get
# a new head, which shows that the count sees the packets.
# Counted with a kprobe on pskb_expand_head() whose stack traces pass
# through ovs_nat64_execute() and the sendto() call, in the senders' own
# process (named hr4to6, hr6to4 or hrerr; a veth's receive runs in its
# sender's context), so that no other packet counts: not an MLD report of
# side6's, nor one that a timer or an interrupt sent while the sender ran
# (one new head of an unknown packet turned up once in 6to4 on Linux 6.12
# before this filter).  The UDP events that count are printed.
TRACEFS=/sys/kernel/tracing
KPROBE=$TRACEFS/events/kprobes/nat64_expand
HEADROOM_N=20
# headroom_send NS NAME DST PORT [icmp-error]: sends HEADROOM_N datagrams
# (or ICMP Port Unreachable errors, from a raw socket, quoting a datagram
# of DST's to PORT) from NS in a process named NAME, after one that
# installs the datapath flow.
headroom_send() {
    ip netns exec "$1" $PY -c '
import ctypes, socket, struct, sys, time
name, dst, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
kind = sys.argv[5] if len(sys.argv) > 5 else "udp"

def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s & 0xffff).to_bytes(2, "big")

data = bytes((i * 7 + 3) & 0xff for i in range(64))
if kind == "icmp-error":
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    me = socket.inet_aton("192.168.0.10")
    ip = struct.pack("!BBHHHBB2x4s4s", 0x45, 0, 20 + 8 + len(data), 1, 0,
                     64, socket.IPPROTO_UDP, socket.inet_aton(dst), me)
    ip = ip[:10] + csum(ip) + ip[12:]
    quoted = ip + struct.pack("!HHHH", 40000, port, 8 + len(data), 0x1234)
    icmp = bytes((3, 3, 0, 0, 0, 0, 0, 0)) + quoted
    data = icmp[:2] + csum(icmp) + icmp[4:]
    port = 0
else:
    s = socket.socket(socket.AF_INET6 if ":" in dst else socket.AF_INET,
                      socket.SOCK_DGRAM)
s.sendto(data, (dst, port))
time.sleep(1)
ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)   # PR_SET_NAME
for _ in range(n):
    s.sendto(data, (dst, port))
    time.sleep(0.05)
' "$2" "$3" "$4" $HEADROOM_N ${5:-}
}
# headroom_expansions NAME [print]: the pskb_expand_head() calls traced
# from ovs_nat64_execute() under sendto() in process NAME; with "print",
# their stack traces instead.
headroom_expansions() {
    awk -v who="^$1-" -v print_them="${2:-}" '
        function done() {
            if (mine && nat64 && sendto) {
                n++
                if (print_them)
                    printf "%s", stack
            }
            mine = nat64 = sendto = 0
            stack = ""
        }
        /nat64_expand: / { done(); mine = ($1 ~ who) }
        /=> ovs_nat64_execute/ { nat64 = 1 }
        /=> __sys_sendto/ { sendto = 1 }
        { stack = stack "  " $0 "\n" }
        END { done(); if (!print_them) print n + 0 }' $TRACEFS/trace
}
headroom() {
    local grown shrunk errors rc=0
    mountpoint -q $TRACEFS || mount -t tracefs nodev $TRACEFS || return 1
    echo 'p:nat64_expand pskb_expand_head' > $TRACEFS/kprobe_events \
        && echo stacktrace > $KPROBE/trigger && echo 1 > $KPROBE/enable \
        || return 1
    udp_count side6 7010 3 "$d/headroom6.out"
    udp_count side4 7011 3 "$d/headroom4.out"
    echo > $TRACEFS/trace
    headroom_send side4 hr4to6 192.168.0.20 7010 \
        && headroom_send side6 hr6to4 fe80::c0a8:a%eth0 7011 \
        && headroom_send side4 hrerr 192.168.0.20 7010 icmp-error || rc=1
    wait
    echo 0 > $KPROBE/enable
    grown=$(headroom_expansions hr4to6)
    shrunk=$(headroom_expansions hr6to4)
    errors=$(headroom_expansions hrerr)
    headroom_expansions hr4to6 print
    headroom_expansions hr6to4 print
    echo '!stacktrace' > $KPROBE/trigger
    echo > $TRACEFS/kprobe_events
    echo "new heads: UDP 4to6 $grown, 6to4 $shrunk, ICMP errors 4to6" \
         "$errors, of $HEADROOM_N each; UDP received intact: 4to6" \
         "$(grep -c '^64 intact$' "$d/headroom6.out"), 6to4" \
         "$(grep -c '^64 intact$' "$d/headroom4.out") of $((HEADROOM_N + 1))"
    [ $rc = 0 ] && [ "$grown" = 0 ] && [ "$shrunk" = 0 ] \
        && [ "$errors" -ge $HEADROOM_N ] \
        && [ "$(grep -c '^64 intact$' "$d/headroom6.out")" \
             = $((HEADROOM_N + 1)) ] \
        && [ "$(grep -c '^64 intact$' "$d/headroom4.out")" \
             = $((HEADROOM_N + 1)) ]
}
check headroom headroom

# fraglist: UDP GRO with a frag list (rx-gro-list on the port's veth)
# makes one skb of a burst of datagrams whose members keep their own,
# untranslated headers; skb_segment_list() would send them out with the
# translated skb's IPv6 ethertype in front of IPv4 headers.  The action
# drops such an skb and counts it; nothing malformed reaches side6.
fraglist() {
    local before after hdr_errors rc=0
    before=$(drop_count gso_type_unsupported)
    hdr_errors=$(ip netns exec side6 nstat -az Ip6InHdrErrors \
                 | awk '$1 == "Ip6InHdrErrors" { print $2 }')
    # veth runs NAPI (hence GRO) once GRO is switched on; the sender
    # segments in software, so the whole burst reaches v4's NAPI at once.
    run ethtool -K v4 gro off
    run ethtool -K v4 gro on rx-gro-list on
    run ip netns exec side4 ethtool -K eth0 tx-udp-segmentation off
    udp_count side6 7004 5 "$d/fraglist.out"
    ip netns exec side4 $PY -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(bytes((i * 7 + 3) & 0xff for i in range(1000)),
         ("192.168.0.20", 7004))
time.sleep(1)
s.setsockopt(socket.IPPROTO_UDP, 103, 1000)   # UDP_SEGMENT
for _ in range(3):
    s.sendto(bytes((i * 7 + 3) & 0xff for i in range(8000)),
             ("192.168.0.20", 7004))
' || rc=1
    wait
    run ethtool -K v4 rx-gro-list off gro off
    run ip netns exec side4 ethtool -K eth0 tx-udp-segmentation on
    after=$(drop_count gso_type_unsupported)
    echo "side6 received (length, pattern):"
    sed 's/^/  /' "$d/fraglist.out"
    echo "gso_type_unsupported: $before -> $after"
    [ $rc = 0 ] || return 1
    # The first datagram went alone: translated, whole.
    [ "$(head -n 1 "$d/fraglist.out")" = "1000 intact" ] || return 1
    # Every datagram that arrived is whole; at least one burst was dropped.
    ! grep -qv '^1000 intact$' "$d/fraglist.out" || return 1
    [ "$after" -gt "$before" ] || { echo "no frag-list skb was dropped:" \
        "did GRO make none?"; return 1; }
    [ "$(ip netns exec side6 nstat -az Ip6InHdrErrors \
         | awk '$1 == "Ip6InHdrErrors" { print $2 }')" = "$hdr_errors" ] \
        || { echo "side6 counted malformed IPv6 headers"; return 1; }
}
check fraglist fraglist

# encap-offload: a UDP_SEGMENT datagram sent through a VXLAN device whose
# underlay is an internal port reaches the datapath as one GSO skb with
# skb->encapsulation set, its GSO type and csum_start those of the inner
# packet.  Translating the outer header would leave them wrong: the
# action drops and counts it.  A datagram without GSO first goes through.
encap_offload() {
    local before after rc=0
    run ip netns add enc4
    vm_namespaces="$vm_namespaces enc4"
    run ovs-vsctl add-port br0 int4 -- set interface int4 type=internal
    run ip link set int4 netns enc4
    run ip -n enc4 addr add 192.168.0.30/24 dev int4
    run ip -n enc4 link set int4 up
    run ip -n enc4 neigh replace 192.168.0.20 lladdr "$(side6_mac)" \
        dev int4 nud permanent
    run ip -n enc4 link add vx0 type vxlan id 42 remote 192.168.0.20 \
        dstport 4789 dev int4
    # No IPv6 on vx0: its Router Solicitations would cross too.
    run ip netns exec enc4 sysctl -q -w net.ipv6.conf.vx0.disable_ipv6=1
    run ip -n enc4 addr add 10.9.0.1/24 dev vx0
    run ip -n enc4 link set vx0 up
    run ip -n enc4 neigh replace 10.9.0.2 lladdr 02:00:00:00:00:02 \
        dev vx0 nud permanent
    run ovs-ofctl add-flow br0 in_port=int4,ip,actions=nat64:4toll6,output:v6
    before=$(drop_count encapsulated_offload)
    udp_count side6 4789 5 "$d/encap.out"
    ip netns exec enc4 $PY -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"warm-up", ("10.9.0.2", 7005))
time.sleep(1)
s.setsockopt(socket.IPPROTO_UDP, 103, 1000)   # UDP_SEGMENT
s.sendto(bytes(3000), ("10.9.0.2", 7005))
' || rc=1
    wait
    after=$(drop_count encapsulated_offload)
    echo "side6 received on the VXLAN port (length, pattern):"
    sed 's/^/  /' "$d/encap.out"
    echo "encapsulated_offload: $before -> $after"
    [ $rc = 0 ] || return 1
    # The warm-up: VXLAN (8), Ethernet (14), IPv4 (20), UDP (8), 7 bytes.
    [ "$(awk '{ print $1 }' "$d/encap.out" | tr '\n' ' ')" = "57 " ] \
        || return 1
    [ "$after" = $((before + 1)) ]
}
check encap-offload encap_offload

# checksum-complete: a GRE packet with a checksum whose IPv4 layer the
# stack trusts (CHECKSUM_UNNECESSARY: a broadcast looped back by
# dev_loopback_xmit) gets CHECKSUM_COMPLETE from the GRE receive path, as
# from a NIC that sums whole packets (csum_complete_sw clear), and reaches
# nat64 through a gretap port.  (Open vSwitch's own GRE port, a
# collect_md device without "icsum", drops GRE packets with a checksum.)
# Were that sum left in place after the headers changed, side6's stack
# would find it wrong, check in software and log "hw csum failure" with a
# stack trace: a module without the fix fails here.
checksum_complete() {
    local rc=0
    # The underlay: a veth pair (the debug kernel has no dummy device).
    run ip link add ul0 type veth peer name ul1
    run ip addr add 10.99.0.1/24 dev ul0
    run ip link set ul1 up
    run ip link set ul0 up
    # "remote" set: with none the device would hand out tunnel metadata.
    run ip link add gtc type gretap local 10.99.0.255 remote 10.99.0.1 \
        key 77 icsum
    run ip link set gtc up
    run ovs-vsctl add-port br0 gtc
    run ovs-ofctl add-flow br0 in_port=gtc,ip,actions=nat64:4toll6,output:v6
    udp_count side6 7006 5 "$d/complete.out"
    $PY - "$(side6_mac)" <<'PY' || rc=1
import socket, sys, time
from scapy.all import GRE, Ether, IP, UDP
data = bytes((i * 7 + 3) & 0xff for i in range(1000))
inner = (Ether(src="02:00:00:00:00:40", dst=sys.argv[1]) /
         IP(src="192.168.0.40", dst="192.168.0.20") /
         UDP(sport=40006, dport=7006) / data)
gre = bytes(GRE(chksum_present=1, key_present=1, key=77, proto=0x6558) /
            inner)
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
for i in range(4):
    s.sendto(gre, ("10.99.0.255", 0))
    time.sleep(2 if i == 0 else 0.1)
PY
    wait
    echo "side6 received (length, pattern):"
    sed 's/^/  /' "$d/complete.out"
    # The last three went through the kernel's flow, not an upcall (whose
    # packet ovs-vswitchd sends back as a new skb, CHECKSUM_NONE).
    ovs-appctl dpctl/dump-flows | grep "in_port($(dp_port gtc))" \
        > "$d/complete.flow"
    echo "gtc's datapath flow:"
    sed 's/^/  /' "$d/complete.flow"
    ip -s link show gtc
    [ $rc = 0 ] || return 1
    [ "$(grep -c '^1000 intact$' "$d/complete.out")" = 4 ] || return 1
    [ "$(sed -n 's/.*packets:\([0-9]*\).*/\1/p' "$d/complete.flow")" -ge 3 ] \
        || { echo "the datagrams did not meet the kernel's flow"; return 1; }
    ! dmesg | sed -n "/$mark/,\$p" | grep 'hw csum failure'
}
check checksum-complete checksum_complete

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
