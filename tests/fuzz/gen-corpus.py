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

"""Writes the seed corpora of the fuzzers, tests/fuzz/corpus-4to6/ and
tests/fuzz/corpus-6to4/, as small binary files.

Each file is the 8 option bytes the harnesses read first (see
fuzz-common.h), a 14-byte Ethernet header and the L3 packet.  The files are
committed; run this (Debian: python3-scapy) after changing it:

    /usr/bin/python3 tests/fuzz/gen-corpus.py [DIR]

DIR defaults to the directory of this script.
"""

import ipaddress
import logging
import os
import shutil
import struct
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.all import (ARP, ICMP, IP, TCP, UDP, Ether, ICMPv6DestUnreach,  # noqa: E402
                       ICMPv6EchoReply, ICMPv6EchoRequest,
                       ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6NDOptDstLLAddr,
                       ICMPv6NDOptSrcLLAddr, ICMPv6PacketTooBig,
                       ICMPv6ParamProblem, ICMPv6TimeExceeded, IPOption_RR,
                       IPOption_LSRR, IPv6, IPv6ExtHdrDestOpt,
                       IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
                       IPv6ExtHdrRouting, Raw, fragment)

# Byte 0 bits 2-4 of the options: the prefixes of fuzz-common.c.
PREFIXES = [
    ("fe80::", 96),
    ("64:ff9b::", 96),
    ("2001:db8::", 32),
    ("2001:db8:100::", 40),
    ("2001:db8:122::", 48),
    ("2001:db8:122:300::", 56),
    ("2001:db8:122:344::", 64),
]

CLIENT_MAC = "52:54:00:00:00:0a"
SERVER_MAC = "52:54:00:00:00:64"
CLIENT4 = "192.168.0.10"
SERVER4 = "192.168.0.100"
PAYLOAD = b"0123456789abcdefghijklmnopqrstuv"


def opts(l2=1, prefix=0, decrement=False, partial=False, cut=None,
         headroom=64, tci=0x0064, ipv4_id=0x1234, raw_csum=False,
         refragment=False, ipv6_mtu=1280):
    """The 8 option bytes: l2 0 raw, 1 Ethernet, 2 Ethernet + 802.1Q;
    'ipv6_mtu' (lowest-ipv6-mtu) from 1280 to 2288 in steps of 16."""
    b0 = l2 | prefix << 2
    if decrement:
        b0 |= 0x20
    if partial:
        b0 |= 0x40
    if cut is not None:
        b0 |= 0x80
    return struct.pack("!BBBHHB", b0, headroom, cut or 0, tci, ipv4_id,
                       (1 if raw_csum else 0) | (2 if refragment else 0)
                       | (ipv6_mtu - 1280) // 16 << 2)


def embed(v4, prefix=0):
    """RFC 6052 section 2.2: the IPv6 address embedding 'v4' in a prefix
    of PREFIXES."""
    p, plen = PREFIXES[prefix]
    v6 = bytearray(ipaddress.IPv6Address(p).packed)
    pos = plen // 8
    for b in ipaddress.IPv4Address(v4).packed:
        if pos == 8:
            pos += 1
        v6[pos] = b
        pos += 1
    return str(ipaddress.IPv6Address(bytes(v6)))


def solicited(v6):
    low = ipaddress.IPv6Address(v6).packed[13:]
    return (str(ipaddress.IPv6Address(bytes.fromhex("ff020000000000000000"
                                                     "0001ff") + low)),
            "33:33:ff:%02x:%02x:%02x" % tuple(low))


def eth4(src=CLIENT_MAC, dst=SERVER_MAC):
    return Ether(src=src, dst=dst, type=0x0800)


def eth6(src=SERVER_MAC, dst=CLIENT_MAC):
    return Ether(src=src, dst=dst, type=0x86dd)


def ip4(**kw):
    args = dict(src=CLIENT4, dst=SERVER4, ttl=64, tos=0x10, id=0x1234)
    args.update(kw)
    return IP(**args)


def ip6(prefix=0, **kw):
    args = dict(src=embed(SERVER4, prefix), dst=embed(CLIENT4, prefix),
                hlim=64, tc=0x10)
    args.update(kw)
    return IPv6(**args)


def ext_structure(obj_class, ctype, data):
    """An RFC 4884 extension structure with one object, its checksum
    set."""
    ext = bytearray(struct.pack("!BBHHBB", 0x20, 0, 0, 4 + len(data),
                                obj_class, ctype) + data)
    total = sum(struct.unpack("!%dH" % (len(ext) // 2), bytes(ext)))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    struct.pack_into("!H", ext, 2, ~total & 0xffff)
    return bytes(ext)


# An MPLS label stack object (RFC 4950): label 16, bottom of stack, TTL 1.
MPLS_EXT = ext_structure(1, 1, struct.pack("!I", (16 << 12) | 0x101))


def corpus_4to6():
    c = {}
    tcp = ip4() / TCP(sport=40000, dport=80, flags="PA", seq=1, ack=1) \
        / PAYLOAD
    c["tcp"] = opts() + bytes(eth4() / tcp)
    c["tcp-vlan"] = opts(l2=2) + bytes(eth4() / tcp)
    c["tcp-raw"] = opts(l2=0) + bytes(eth4() / tcp)
    c["tcp-partial"] = opts(partial=True) + bytes(eth4() / tcp)
    c["tcp-decrement"] = opts(decrement=True) + bytes(eth4() / tcp)
    c["tcp-no-headroom"] = opts(headroom=0) + bytes(eth4() / tcp)
    c["tcp-short-linear"] = opts(cut=40) + bytes(eth4() / tcp)
    c["tcp-ipv4-options"] = opts() + bytes(
        eth4() / ip4(options=[IPOption_RR(routers=["10.0.0.1"])])
        / TCP(sport=40000, dport=80, flags="S"))
    c["tcp-ipv4-lsrr"] = opts() + bytes(
        eth4() / ip4(options=[IPOption_LSRR(routers=["10.0.0.1"])])
        / TCP(sport=40000, dport=80, flags="S"))

    udp = ip4() / UDP(sport=40000, dport=53) / PAYLOAD
    c["udp"] = opts() + bytes(eth4() / udp)
    c["udp-prefix-64ff9b"] = opts(prefix=1) + bytes(eth4() / udp)
    c["udp-prefix-32"] = opts(prefix=2) + bytes(eth4() / udp)
    c["udp-prefix-40"] = opts(prefix=3) + bytes(eth4() / udp)
    c["udp-prefix-64"] = opts(prefix=6) + bytes(eth4() / udp)
    c["udp-zero-csum"] = opts() + bytes(
        eth4() / ip4() / UDP(sport=40000, dport=53, chksum=0) / PAYLOAD)
    c["udp-padded"] = opts() + bytes(
        eth4() / ip4() / UDP(sport=40000, dport=53) / b"x") + bytes(12)
    c["udp-zero-csum-short-udp-length"] = opts() + bytes(
        eth4() / ip4() / UDP(sport=40000, dport=53, chksum=0, len=8)
        / PAYLOAD)

    c["icmp-echo"] = opts() + bytes(
        eth4() / ip4(proto=1) / ICMP(type=8, id=7, seq=1) / PAYLOAD)

    # DF clear and longer than lowest-ipv6-mtu once translated: cut.
    big = PAYLOAD * 63
    c["udp-cut"] = opts() + bytes(
        eth4() / ip4() / UDP(sport=40000, dport=53) / big)
    c["tcp-cut-mtu-1500"] = opts(ipv6_mtu=1504) + bytes(
        eth4() / ip4() / TCP(sport=40000, dport=80, flags="PA") / big)
    c["tcp-df-not-cut"] = opts() + bytes(
        eth4() / ip4(flags="DF") / TCP(sport=40000, dport=80) / big)
    c["icmp-echo-cut"] = opts(l2=0) + bytes(
        eth4() / ip4() / ICMP(type=8, id=7, seq=1) / big)
    c["udp-fragment-cut"] = opts(l2=2) + bytes(
        eth4() / ip4(flags="MF", frag=100, proto=17) / big)
    c["icmp-echo-reply"] = opts() + bytes(
        eth4() / ip4() / ICMP(type=0, id=7, seq=1) / PAYLOAD)

    inner_udp = bytes(ip4(src=CLIENT4, dst=SERVER4)
                      / UDP(sport=40000, dport=53) / PAYLOAD)
    inner_tcp = bytes(ip4(src=CLIENT4, dst=SERVER4)
                      / TCP(sport=40000, dport=80, flags="S"))
    inner_echo = bytes(ip4(src=CLIENT4, dst=SERVER4)
                       / ICMP(type=8, id=7, seq=1) / PAYLOAD)
    err = ip4(src=SERVER4, dst=CLIENT4)
    c["icmp-error-port-unreach"] = opts() + bytes(
        eth4() / err / ICMP(type=3, code=3) / Raw(inner_udp))
    c["icmp-error-frag-needed"] = opts() + bytes(
        eth4() / err / ICMP(type=3, code=4, nexthopmtu=1400)
        / Raw(inner_tcp))
    c["icmp-error-time-exceeded"] = opts() + bytes(
        eth4() / err / ICMP(type=11, code=0) / Raw(inner_echo))
    # Translated, longer than 1280 bytes: cut to the IPv6 minimum MTU.
    c["icmp-error-long"] = opts() + bytes(
        eth4() / err / ICMP(type=3, code=1)
        / Raw(bytes(ip4(src=CLIENT4, dst=SERVER4)
                    / UDP(sport=40000, dport=53) / (PAYLOAD * 40))))
    c["icmp-error-param-problem"] = opts() + bytes(
        eth4() / err / ICMP(type=12, code=0, ptr=8) / Raw(inner_udp))
    # RFC 4884: 128 bytes of datagram (Length 32 words), then an extension
    # structure; and a sender's short one (Length 12), padded to 128.
    c["icmp-error-extension"] = opts() + bytes(
        eth4() / err / ICMP(type=11, code=0, length=32)
        / Raw(inner_udp.ljust(128, b"\0") + MPLS_EXT))
    c["icmp-error-extension-short"] = opts() + bytes(
        eth4() / err / ICMP(type=3, code=3, length=12)
        / Raw(inner_udp[:48] + MPLS_EXT))

    frags = fragment(ip4(flags=0) / UDP(sport=40000, dport=53)
                     / (PAYLOAD * 4), fragsize=64)
    c["udp-fragment-first"] = opts() + bytes(eth4() / frags[0])
    c["udp-fragment-last"] = opts() + bytes(eth4() / frags[-1])

    arp = dict(hwsrc=CLIENT_MAC, psrc=CLIENT4, pdst=SERVER4)
    bcast = "ff:ff:ff:ff:ff:ff"
    c["arp-request"] = opts() + bytes(
        Ether(src=CLIENT_MAC, dst=bcast) / ARP(op=1, **arp))
    c["arp-request-padded"] = opts() + bytes(
        Ether(src=CLIENT_MAC, dst=bcast) / ARP(op=1, **arp)) + bytes(18)
    c["arp-request-vlan"] = opts(l2=2) + bytes(
        Ether(src=CLIENT_MAC, dst=bcast) / ARP(op=1, **arp))
    c["arp-reply"] = opts() + bytes(
        Ether(src=SERVER_MAC, dst=CLIENT_MAC)
        / ARP(op=2, hwsrc=SERVER_MAC, psrc=SERVER4, hwdst=CLIENT_MAC,
              pdst=CLIENT4))
    c["arp-gratuitous"] = opts() + bytes(
        Ether(src=CLIENT_MAC, dst=bcast)
        / ARP(op=1, hwsrc=CLIENT_MAC, psrc=CLIENT4, pdst=CLIENT4))
    c["arp-probe"] = opts() + bytes(
        Ether(src=CLIENT_MAC, dst=bcast)
        / ARP(op=1, hwsrc=CLIENT_MAC, psrc="0.0.0.0", pdst=CLIENT4))
    return c


def corpus_6to4():
    c = {}
    tcp = ip6() / TCP(sport=80, dport=40000, flags="PA", seq=1, ack=1) \
        / PAYLOAD
    c["tcp"] = opts() + bytes(eth6() / tcp)
    c["tcp-vlan"] = opts(l2=2) + bytes(eth6() / tcp)
    c["tcp-raw"] = opts(l2=0) + bytes(eth6() / tcp)
    c["tcp-partial"] = opts(partial=True) + bytes(eth6() / tcp)
    c["tcp-decrement"] = opts(decrement=True) + bytes(eth6() / tcp)
    c["tcp-short-linear"] = opts(cut=40) + bytes(eth6() / tcp)
    # Longer than 1260 bytes as IPv4: DF set, ID 0.
    c["tcp-long"] = opts() + bytes(
        eth6() / ip6() / TCP(sport=80, dport=40000, flags="A")
        / (PAYLOAD * 40))
    c["tcp-prefix-64ff9b"] = opts(prefix=1) + bytes(
        eth6() / ip6(prefix=1) / TCP(sport=80, dport=40000, flags="SA"))
    c["tcp-prefix-48"] = opts(prefix=4) + bytes(
        eth6() / ip6(prefix=4) / TCP(sport=80, dport=40000, flags="SA"))

    udp = UDP(sport=53, dport=40000) / PAYLOAD
    c["udp"] = opts() + bytes(eth6() / ip6() / udp)
    c["udp-big-refragment"] = opts(refragment=True) + bytes(
        eth6() / ip6() / UDP(sport=53, dport=40000) / (PAYLOAD * 48))
    c["udp-prefix-32"] = opts(prefix=2) + bytes(eth6() / ip6(prefix=2) / udp)
    c["udp-prefix-56"] = opts(prefix=5) + bytes(eth6() / ip6(prefix=5) / udp)
    c["udp-hop-by-hop"] = opts() + bytes(
        eth6() / ip6() / IPv6ExtHdrHopByHop() / udp)
    c["udp-dest-opts"] = opts() + bytes(
        eth6() / ip6() / IPv6ExtHdrDestOpt() / udp)
    c["udp-routing"] = opts() + bytes(
        eth6() / ip6() / IPv6ExtHdrRouting(segleft=0, addresses=[]) / udp)
    c["udp-fragment-first"] = opts() + bytes(
        eth6() / ip6() / IPv6ExtHdrFragment(id=0xabcd, m=1, offset=0)
        / UDP(sport=53, dport=40000, len=200, chksum=0x1234) / PAYLOAD)
    c["udp-fragment-last"] = opts() + bytes(
        eth6() / ip6() / IPv6ExtHdrFragment(id=0xabcd, m=0, offset=5, nh=17)
        / PAYLOAD)
    c["udp-fragment-then-destopts"] = opts() + bytes(
        eth6() / ip6() / IPv6ExtHdrFragment(id=0xabcd, m=1, offset=0)
        / IPv6ExtHdrDestOpt() / udp)
    c["udp-fragment-later-nh-destopts"] = opts() + bytes(
        eth6() / ip6() / IPv6ExtHdrFragment(id=0xabcd, m=0, offset=5, nh=60)
        / PAYLOAD)
    c["udp-padded"] = opts() + bytes(
        eth6() / ip6() / UDP(sport=53, dport=40000) / b"x") + bytes(6)

    c["icmp6-echo"] = opts() + bytes(
        eth6() / ip6() / ICMPv6EchoRequest(id=7, seq=1, data=PAYLOAD))
    c["icmp6-echo-reply"] = opts() + bytes(
        eth6() / ip6() / ICMPv6EchoReply(id=7, seq=1, data=PAYLOAD))

    inner_udp = bytes(ip6(src=embed(CLIENT4), dst=embed(SERVER4))
                      / UDP(sport=40000, dport=53) / PAYLOAD)
    inner_tcp = bytes(ip6(src=embed(CLIENT4), dst=embed(SERVER4))
                      / TCP(sport=40000, dport=80, flags="S"))
    inner_echo = bytes(ip6(src=embed(CLIENT4), dst=embed(SERVER4))
                       / ICMPv6EchoRequest(id=7, seq=1, data=PAYLOAD))
    c["icmp6-error-port-unreach"] = opts() + bytes(
        eth6() / ip6() / ICMPv6DestUnreach(code=4) / Raw(inner_udp))
    c["icmp6-error-packet-too-big"] = opts() + bytes(
        eth6() / ip6() / ICMPv6PacketTooBig(mtu=1400) / Raw(inner_tcp))
    c["icmp6-error-time-exceeded"] = opts() + bytes(
        eth6() / ip6() / ICMPv6TimeExceeded(code=0) / Raw(inner_echo))
    c["icmp6-error-param-problem"] = opts() + bytes(
        eth6() / ip6() / ICMPv6ParamProblem(code=0, ptr=7) / Raw(inner_udp))
    # RFC 4884: 128 bytes of datagram (Length 16 64-bit words), then an
    # extension structure.
    c["icmp6-error-extension"] = opts() + bytes(
        eth6() / ip6() / ICMPv6TimeExceeded(code=0, length=16)
        / Raw(inner_udp.ljust(128, b"\0") + MPLS_EXT))

    client6 = embed(CLIENT4)
    server6 = embed(SERVER4)
    snm, snm_mac = solicited(server6)
    c["ndp-ns"] = opts() + bytes(
        Ether(src=CLIENT_MAC, dst=snm_mac)
        / IPv6(src=client6, dst=snm, hlim=255) / ICMPv6ND_NS(tgt=server6)
        / ICMPv6NDOptSrcLLAddr(lladdr=CLIENT_MAC))
    c["ndp-ns-vlan"] = opts(l2=2) + bytes(
        Ether(src=CLIENT_MAC, dst=snm_mac)
        / IPv6(src=client6, dst=snm, hlim=255) / ICMPv6ND_NS(tgt=server6)
        / ICMPv6NDOptSrcLLAddr(lladdr=CLIENT_MAC))
    c["ndp-ns-dad"] = opts() + bytes(
        Ether(src=CLIENT_MAC, dst=snm_mac)
        / IPv6(src="::", dst=snm, hlim=255) / ICMPv6ND_NS(tgt=server6))
    c["ndp-na"] = opts() + bytes(
        Ether(src=SERVER_MAC, dst=CLIENT_MAC)
        / IPv6(src=server6, dst=client6, hlim=255)
        / ICMPv6ND_NA(tgt=server6, R=0, S=1, O=1)
        / ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC))
    c["ndp-na-unsolicited"] = opts() + bytes(
        Ether(src=SERVER_MAC, dst="33:33:00:00:00:01")
        / IPv6(src=server6, dst="ff02::1", hlim=255)
        / ICMPv6ND_NA(tgt=server6, R=0, S=0, O=1)
        / ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC))
    return c


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2
                             and sys.argv[1].startswith("-")):
        sys.stdout.write(__doc__)
        sys.exit(0 if sys.argv[1] in ("-h", "--help") else 2)
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    for name, corpus in (("corpus-4to6", corpus_4to6()),
                         ("corpus-6to4", corpus_6to4())):
        d = os.path.join(top, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for fname, data in sorted(corpus.items()):
            with open(os.path.join(d, fname), "wb") as f:
                f.write(data)
        print("%s: %d files" % (d, len(corpus)))


if __name__ == "__main__":
    main()
