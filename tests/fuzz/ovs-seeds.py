#!/usr/bin/python3
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

"""Writes seed corpora with nat64 in them for Open vSwitch's libFuzzer
targets (tests/oss-fuzz/ in the Open vSwitch tree), one directory per
target under OUTDIR, in each target's own input format:

  odp_target           datapath flow keys and actions as text, NUL-ended
  ofctl_parse_target   a flow-mod command byte, then an ovs-ofctl flow,
                       NUL-ended
  ofp_print_target     OpenFlow messages (flow mods, a group mod and a
                       packet-out with the NXAST_NAT64 action)
  flow_extract_target  Ethernet frames of the kinds nat64 translates

Usage: ovs-seeds.py OUTDIR
"""

import os
import struct
import sys

from scapy.all import (ARP, Ether, ICMP, ICMPv6DestUnreach, ICMPv6EchoRequest,
                       ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6ND_RS,
                       ICMPv6NDOptDstLLAddr, ICMPv6NDOptSrcLLAddr,
                       ICMPv6PacketTooBig, IP, IPv6, IPv6ExtHdrFragment,
                       IPv6ExtHdrRouting, TCP, UDP, Dot1Q, fragment)

MAC1 = "50:54:00:00:00:05"
MAC2 = "50:54:00:00:00:07"
V4A, V4B = "192.168.0.10", "192.168.0.100"
LLA, LLB = "fe80::c0a8:a", "fe80::c0a8:64"

# The OpenFlow argument of nat64 (ofp-actions.at has the same encodings):
# NXAST_NAT64 (200): mode, ttl mode, prefix length, 3 bytes zero, prefix.
NAT64_ARGS = [
    (1, 0, 96, "fe80::"),            # nat64:4toll6
    (2, 0, 96, "fe80::"),            # nat64:ll6to4
    (0, 0, 96, "fe80::"),            # nat64:normal
    (1, 1, 96, "64:ff9b::"),         # WKP, ttl=decrement
    (2, 0, 32, "2001:db8::"),
    (1, 1, 56, "2001:db8:122:300::"),
    (3, 0, 96, "fe80::"),            # bad mode
    (1, 2, 96, "fe80::"),            # bad TTL mode
    (1, 0, 97, "fe80::"),            # bad prefix length
    (1, 0, 96, "fe80::1"),           # bits past the prefix
]

ODP_SEEDS = [
    "nat64(mode=4to6,prefix=fe80::/96,ttl=copy)",
    "nat64(mode=6to4,prefix=fe80::/96,ttl=copy),1",
    "nat64(mode=4to6,prefix=64:ff9b::/96,ttl=decrement),2",
    "nat64(mode=6to4,prefix=2001:db8::/32,ttl=copy)",
    "nat64(mode=4to6,prefix=2001:db8:100::/40,ttl=copy)",
    "nat64(mode=4to6,prefix=2001:db8:122::/48,ttl=copy)",
    "nat64(mode=4to6,prefix=2001:db8:122:300::/56,ttl=decrement)",
    "nat64(mode=6to4,prefix=2001:db8:122:344::/64,ttl=copy)",
    "clone(nat64(mode=4to6,prefix=fe80::/96,ttl=copy),2),3",
    "check_pkt_len(size=1280,gt(nat64(mode=6to4,prefix=fe80::/96,"
    "ttl=copy),1),le(2))",
    "nat64(mode=4to6,prefix=fe80::/96,ttl=copy),recirc(0x1)",
    "set(eth(src=50:54:00:00:00:05)),nat64(mode=4to6,prefix=fe80::/96,"
    "ttl=copy),2",
    "nat64(mode=4to6,prefix=fe80::/97,ttl=copy)",
    "nat64(mode=5to6,prefix=fe80::/96,ttl=copy)",
    "nat64(mode=4to6,prefix=fe80::1/96,ttl=copy)",
    "nat64(mode=4to6,prefix=fe80::/96,ttl=keep)",
    "nat64(mode=4to6)",
    # Flow keys of what nat64 matches.
    "in_port(1),eth(src=%s,dst=%s),eth_type(0x0800),ipv4(src=%s,dst=%s,"
    "proto=17,tos=0,ttl=64,frag=no),udp(src=1234,dst=53)"
    % (MAC1, MAC2, V4A, V4B),
    "in_port(2),eth(src=%s,dst=%s),eth_type(0x86dd),ipv6(src=%s,dst=%s,"
    "label=0,proto=58,tclass=0,hlimit=255,frag=no),icmpv6(type=135,code=0),"
    "nd(target=%s,sll=%s)" % (MAC2, MAC1, LLB, LLA, LLA, MAC2),
    "in_port(1),eth(src=%s,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),"
    "arp(sip=%s,tip=%s,op=1,sha=%s,tha=00:00:00:00:00:00)"
    % (MAC1, V4A, V4B, MAC1),
    "in_port(2),eth(src=%s,dst=%s),eth_type(0x86dd),ipv6(src=%s,dst=%s,"
    "proto=44,tclass=0,hlimit=64,frag=first),udp(src=53,dst=1234)"
    % (MAC2, MAC1, LLB, LLA),
]

OFCTL_FLOWS = [
    "ip,actions=nat64:4toll6,output:2",
    "arp,actions=nat64:4toll6,output:2",
    "ipv6,actions=nat64:ll6to4,output:1",
    "ip,actions=nat64:normal",
    "ip,actions=nat64(mode=4to6,prefix=64:ff9b::/96,ttl=decrement),output:2",
    "ipv6,actions=nat64(mode=6to4,prefix=2001:db8::/32),output:1",
    "ip,actions=clone(nat64:4toll6,output:2),output:3",
    "ip,actions=write_actions(nat64:4toll6,output:2)",
    "ip,actions=nat64:4toll6,mod_dl_dst:50:54:00:00:00:07,output:2",
    "ip,actions=nat64:4toll6,ct(commit,zone=2),output:2",
    "ip,actions=nat64(mode=4to6,prefix=fe80::/97)",
    "ip,actions=nat64:4to6",
    "in_port=1,actions=nat64:4toll6",
    "packet_type=(1,0x800),actions=nat64:4toll6",
]


def nxast_nat64(mode, ttl_mode, plen, prefix):
    import ipaddress
    return (struct.pack("!HHIHBBB3x", 0xffff, 32, 0x2320, 200, mode,
                        ttl_mode, plen)
            + ipaddress.IPv6Address(prefix).packed)


def of_output(port):
    return struct.pack("!HHIH6x", 0, 16, port, 0xffff)


def of_header(msg_type, body, xid):
    return struct.pack("!BBHI", 4, msg_type, 8 + len(body), xid) + body


def of13_match_eth_type(eth_type):
    oxm = struct.pack("!IH", 0x80000a02, eth_type)
    match = struct.pack("!HH", 1, 4 + len(oxm)) + oxm
    return match + bytes(-len(match) % 8)


def of13_flow_mod(actions, eth_type, xid):
    inst = struct.pack("!HH4x", 4, 8 + len(actions)) + actions
    body = (struct.pack("!QQBBHHHIIIH2x", 0, 0, 0, 0, 0, 0, 0x8000,
                        0xffffffff, 0xffffffff, 0xffffffff, 0)
            + of13_match_eth_type(eth_type) + inst)
    return of_header(14, body, xid)


def of13_group_mod(actions, xid):
    bucket = struct.pack("!HHII4x", 16 + len(actions), 1, 0xffffffff,
                         0xffffffff) + actions
    body = struct.pack("!HBxI", 0, 1, 1) + bucket
    return of_header(15, body, xid)


def of13_packet_out(actions, packet, xid):
    body = (struct.pack("!IIH6x", 0xffffffff, 0xfffffffd, len(actions))
            + actions + packet)
    return of_header(13, body, xid)


def frames():
    eth4 = Ether(src=MAC1, dst=MAC2)
    eth6 = Ether(src=MAC2, dst=MAC1)
    big = UDP(sport=1234, dport=53) / (b"x" * 3000)
    yield eth4 / IP(src=V4A, dst=V4B) / UDP(sport=1234, dport=53) / b"hello"
    yield eth4 / IP(src=V4A, dst=V4B) / TCP(sport=1234, dport=80, flags="S")
    yield eth4 / IP(src=V4A, dst=V4B) / ICMP() / b"ping"
    yield (eth4 / IP(src=V4A, dst=V4B) / ICMP(type=3, code=4, nexthopmtu=1400)
           / IP(src=V4B, dst=V4A) / UDP(sport=53, dport=1234))
    for frag in fragment(IP(src=V4A, dst=V4B, id=7) / big, fragsize=1400):
        yield eth4 / frag
    yield eth4 / IP(src=V4A, dst=V4B, options=b"\x94\x04\x00\x00") / UDP()
    yield Ether(src=MAC1, dst="ff:ff:ff:ff:ff:ff") / ARP(
        op=1, hwsrc=MAC1, psrc=V4A, pdst=V4B)
    yield eth4 / ARP(op=2, hwsrc=MAC1, psrc=V4A, hwdst=MAC2, pdst=V4B)
    yield (Ether(src=MAC1, dst=MAC2) / Dot1Q(vlan=100)
           / IP(src=V4A, dst=V4B) / UDP(sport=1, dport=2))
    yield eth6 / IPv6(src=LLB, dst=LLA) / UDP(sport=53, dport=1234) / b"world"
    yield eth6 / IPv6(src=LLB, dst=LLA) / ICMPv6EchoRequest(id=1, seq=1)
    yield (eth6 / IPv6(src=LLB, dst="ff02::1:ffa8:a")
           / ICMPv6ND_NS(tgt=LLA) / ICMPv6NDOptSrcLLAddr(lladdr=MAC2))
    yield (eth6 / IPv6(src=LLB, dst=LLA, hlim=255)
           / ICMPv6ND_NA(tgt=LLB, R=0, S=1, O=1)
           / ICMPv6NDOptDstLLAddr(lladdr=MAC2))
    yield (Ether(src=MAC2, dst="33:33:00:00:00:02")
           / IPv6(src=LLB, dst="ff02::2", hlim=255) / ICMPv6ND_RS())
    yield (eth6 / IPv6(src=LLB, dst=LLA) / ICMPv6PacketTooBig(mtu=1280)
           / IPv6(src=LLA, dst=LLB) / UDP(sport=1234, dport=53))
    yield (eth6 / IPv6(src=LLB, dst=LLA) / ICMPv6DestUnreach(code=4)
           / IPv6(src=LLA, dst=LLB) / UDP(sport=1234, dport=53))
    yield (eth6 / IPv6(src=LLB, dst=LLA)
           / IPv6ExtHdrFragment(id=9, offset=0, m=1) / big)
    yield (eth6 / IPv6(src=LLB, dst=LLA)
           / IPv6ExtHdrFragment(id=9, offset=0, m=0)
           / UDP(sport=53, dport=1234))
    yield (eth6 / IPv6(src=LLB, dst=LLA)
           / IPv6ExtHdrRouting(addresses=[], segleft=0)
           / UDP(sport=53, dport=1234))


def write(outdir, target, seeds):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    for i, seed in enumerate(seeds):
        with open(os.path.join(d, "seed-%03d" % i), "wb") as f:
            f.write(seed)
    return len(seeds)


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    outdir = sys.argv[1]

    counts = {}
    counts["odp_target"] = write(outdir, "odp_target",
                                 [s.encode() + b"\0" for s in ODP_SEEDS])
    counts["ofctl_parse_target"] = write(
        outdir, "ofctl_parse_target",
        [bytes([command]) + flow.encode() + b"\0"
         for flow in OFCTL_FLOWS for command in (0, 3)])

    packet = bytes(next(frames()))
    messages = []
    for i, args in enumerate(NAT64_ARGS):
        actions = nxast_nat64(*args) + of_output(2)
        eth_type = 0x86dd if args[0] == 2 else 0x0800
        messages.append(of13_flow_mod(actions, eth_type, i))
    messages.append(of13_group_mod(nxast_nat64(*NAT64_ARGS[0])
                                   + of_output(2), 100))
    messages.append(of13_packet_out(nxast_nat64(*NAT64_ARGS[0])
                                    + of_output(2), packet, 101))
    messages.append(b"".join(messages[:3]))
    counts["ofp_print_target"] = write(outdir, "ofp_print_target", messages)

    counts["flow_extract_target"] = write(outdir, "flow_extract_target",
                                          [bytes(f) for f in frames()])
    for target, n in sorted(counts.items()):
        print("%s: %d seeds" % (target, n))


if __name__ == "__main__":
    main()
