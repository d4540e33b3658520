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

"""Malformed-packet torture of the nat64 action (tests/vm/vm-torture.sh).

    torture-frames.py write [--seed N] [--fuzz-dir DIR] OUTDIR
        Writes OUTDIR/side4.pcap (IPv4 and ARP frames, for nat64 4to6) and
        OUTDIR/side6.pcap (IPv6 frames, for 6to4), Ethernet, with
        OUTDIR/side4.names and side6.names (one frame name per line).  The
        same seed gives the same bytes.  The frames: well-formed ones,
        truncations at every byte of a few, bad IHL, bad lengths, bad
        checksums, IPv4 options, odd fragments, ICMP errors inside ICMP
        errors, truncated inner packets, IPv6 extension header chains, ARP
        and ND oddities, TTL and hop limit edges, seeded random byte
        mutations and the fuzzers' seed corpus (tests/fuzz/corpus-*).

    torture-frames.py inject [--gap SECONDS] SEND_NS SEND_DEV RECV_NS
                             RECV_DEV IN.pcap OUT.pcap
        Sends every frame of IN.pcap on SEND_DEV in network namespace
        SEND_NS (AF_PACKET), one at a time, and captures what arrives on
        RECV_DEV in RECV_NS into OUT.pcap (VLAN tags the kernel took off
        put back), until nothing more arrives and the kernel's nat64 drop
        counters are still.  Prints "sent N received M noise K", K being
        frames that RECV_NS itself sent (there should be none).

    torture-frames.py compare --direction 4to6|6to4 --sent N
                              [--sent-pcap SENT.pcap]
                              XLATE_LOG XLATE.pcap BEFORE AFTER RECEIVED.pcap
        Compares what nat64-xlate made of the frames (its summary on
        standard error, XLATE_LOG, and its output XLATE.pcap) with what the
        kernel did: the per-reason deltas of /proc/net/ovs_nat64_drops
        (BEFORE and AFTER, two copies of it) and the translated frames
        that arrived (RECEIVED.pcap, compared byte for byte, the IPv4 ID
        of 6to4 output masked, the kernel picks IDs at random, and the
        header checksum recomputed where it was right).  With SENT.pcap,
        also decodes every translated frame with scapy, independently of
        lib/: header checksums, lengths, and L4 checksums that were right
        before translation.  Prints a table; exits 1 on any difference.

Needs python3-scapy for "write" and "compare --sent-pcap".
"""

import argparse
import ctypes
import os
import random
import select
import socket
import struct
import sys
import time

PCAP_HDR = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)

CLIENT_MAC = "52:54:00:00:00:0a"
SERVER_MAC = "52:54:00:00:00:64"
BCAST = "ff:ff:ff:ff:ff:ff"
CLIENT4 = "192.168.0.10"
SERVER4 = "192.168.0.100"
CLIENT6 = "fe80::c0a8:a"
SERVER6 = "fe80::c0a8:64"
PAYLOAD = b"0123456789abcdefghijklmnopqrstuv"

MIN_FRAME = 14          # AF_PACKET refuses less than an Ethernet header.
MAX_FRAME = 9000        # The veths' MTU in vm-torture.sh, headers aside.


# ---------------------------------------------------------------------------
# pcap files.

def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(PCAP_HDR)
        for i, frame in enumerate(frames):
            f.write(struct.pack("<IIII", i, 0, len(frame), len(frame)))
            f.write(frame)


def read_pcap(path, with_index=False):
    """The frames of a classic pcap file; with 'with_index', (index,
    frame) pairs, the index being the record's seconds (write_pcap numbers
    its frames so; nat64-xlate keeps the timestamps of what it
    translates)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        endian = "<"
    elif magic in (0xd4c3b2a1, 0x4d3cb2a1):
        endian = ">"
    else:
        raise SystemExit("%s: not a classic pcap file" % path)
    frames = []
    ofs = 24
    while ofs + 16 <= len(data):
        sec, _, caplen, _ = struct.unpack(endian + "IIII",
                                          data[ofs:ofs + 16])
        frame = data[ofs + 16:ofs + 16 + caplen]
        frames.append((sec, frame) if with_index else frame)
        ofs += 16 + caplen
    return frames


# ---------------------------------------------------------------------------
# "write": the frames.

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def patch(frame, ofs, data):
    return frame[:ofs] + data + frame[ofs + len(data):]


def icmp_ext(*objects):
    """An RFC 4884 extension structure: version 2, its checksum, then the
    objects (class, C-type, payload)."""
    body = b"".join(struct.pack("!HBB", 4 + len(data), cls, ctype) + data
                    for cls, ctype, data in objects)
    ext = b"\x20\x00\x00\x00" + body
    return patch(ext, 2, struct.pack("!H", csum(ext)))


# An MPLS label stack object (RFC 4950): label 16, bottom of stack, TTL 1.
MPLS_EXT = icmp_ext((1, 1, struct.pack("!I", (16 << 12) | 0x101)))


def fix_ip4_csum(frame, l3=14):
    """Recomputes the IPv4 header checksum at 'l3' (as far as the frame
    holds the header)."""
    ihl = (frame[l3] & 0x0f) * 4
    hdr = bytearray(frame[l3:l3 + ihl])
    if len(hdr) < 12:
        return frame
    hdr[10:12] = b"\0\0"
    return patch(frame, l3 + 10, struct.pack("!H", csum(bytes(hdr))))


def set_ip4(frame, ofs, fmt, value, l3=14, fix=True):
    """Sets a field of the IPv4 header at 'l3' (offset 'ofs', struct
    format 'fmt') and, unless 'fix' is false, fixes the checksum."""
    frame = patch(frame, l3 + ofs, struct.pack("!" + fmt, value))
    return fix_ip4_csum(frame, l3) if fix else frame


def with_ip4_options(frame, options, l3=14):
    """Inserts raw IPv4 'options' (a multiple of 4 bytes) after the 20-byte
    header at 'l3', fixing IHL, total length and checksum."""
    total = struct.unpack("!H", frame[l3 + 2:l3 + 4])[0] + len(options)
    frame = (frame[:l3] + bytes([0x45 + len(options) // 4])
             + frame[l3 + 1:l3 + 20] + options + frame[l3 + 20:])
    return set_ip4(frame, 2, "H", total, l3)


class Frames:
    """An ordered list of named frames."""

    def __init__(self):
        self.items = []

    def add(self, name, frame):
        frame = bytes(frame)
        if MIN_FRAME <= len(frame) <= MAX_FRAME:
            self.items.append((name, frame))

    def cuts(self, name, frame, start=MIN_FRAME, fixlen=None):
        """Adds 'frame' cut after every byte from 'start' on.  With
        'fixlen' ("ip4" or "ip6"), the IP length field (and IPv4 header
        checksum) are made to agree with each cut, which then truncates
        what follows the IP header instead."""
        frame = bytes(frame)
        for n in range(start, len(frame)):
            f = frame[:n]
            if fixlen == "ip4":
                if n < 14 + 20:
                    continue
                f = set_ip4(f, 2, "H", n - 14)
            elif fixlen == "ip6":
                if n < 14 + 40:
                    continue
                f = patch(f, 18, struct.pack("!H", n - 54))
            self.add("%s/cut%d%s" % (name, n, "-len" if fixlen else ""), f)


def build_side4(S, corpus, rng):
    (ARP, Dot1Q, Ether, ICMP, IP, IPOption_LSRR, IPOption_NOP, IPOption_RR,
     IPOption_Router_Alert, IPOption_SSRR, IPOption_Timestamp, Raw, TCP,
     UDP) = S
    fr = Frames()
    eth = Ether(src=CLIENT_MAC, dst=SERVER_MAC, type=0x0800)
    ethb = Ether(src=CLIENT_MAC, dst=BCAST)

    def ip(**kw):
        args = dict(src=CLIENT4, dst=SERVER4, ttl=64, id=0x1234)
        args.update(kw)
        return IP(**args)

    udp = eth / ip() / UDP(sport=40000, dport=53) / PAYLOAD
    tcp_syn = eth / ip() / TCP(sport=40000, dport=80, flags="S", seq=1000,
                               options=[("MSS", 1460), ("SAckOK", b""),
                                        ("Timestamp", (1, 0)),
                                        ("WScale", 7), ("NOP", None)])
    tcp = eth / ip() / TCP(sport=40000, dport=80, flags="PA", seq=1,
                           ack=1) / PAYLOAD
    echo = eth / ip() / ICMP(type=8, id=7, seq=1) / PAYLOAD
    inner_udp = bytes(ip(src=SERVER4, dst=CLIENT4)
                      / UDP(sport=53, dport=40000) / PAYLOAD)
    inner_tcp = bytes(ip(src=SERVER4, dst=CLIENT4)
                      / TCP(sport=80, dport=40000, flags="S"))
    inner_echo = bytes(ip(src=SERVER4, dst=CLIENT4)
                       / ICMP(type=8, id=7, seq=1) / PAYLOAD)
    err = ip(src="10.0.0.1")
    port_unreach = eth / err / ICMP(type=3, code=3) / Raw(inner_udp)
    arp_req = ethb / ARP(op=1, hwsrc=CLIENT_MAC, psrc=CLIENT4, pdst=SERVER4)
    arp_rep = Ether(src=CLIENT_MAC, dst=SERVER_MAC) / ARP(
        op=2, hwsrc=CLIENT_MAC, psrc=CLIENT4, hwdst=SERVER_MAC, pdst=SERVER4)

    # Well-formed.
    fr.add("udp", udp)
    fr.add("udp-big", eth / ip() / UDP(sport=40000, dport=53)
           / (PAYLOAD * 44))
    fr.add("udp-zero-csum", eth / ip() / UDP(sport=40000, dport=53,
                                              chksum=0) / PAYLOAD)
    fr.add("udp-padded", bytes(eth / ip() / UDP(sport=1, dport=2) / b"x")
           + bytes(20))
    fr.add("tcp-syn", tcp_syn)
    fr.add("tcp", tcp)
    fr.add("icmp-echo", echo)
    fr.add("icmp-echo-reply", eth / ip() / ICMP(type=0, id=7, seq=1)
           / PAYLOAD)
    fr.add("icmp-port-unreach", port_unreach)
    fr.add("icmp-frag-needed", eth / err / ICMP(type=3, code=4,
                                                 nexthopmtu=1400)
           / Raw(inner_tcp))
    fr.add("icmp-time-exceeded", eth / err / ICMP(type=11, code=0)
           / Raw(inner_echo))
    fr.add("icmp-param-problem", eth / err / ICMP(type=12, code=0, ptr=8)
           / Raw(inner_udp))
    fr.add("icmp-error-long", eth / err / ICMP(type=3, code=1)
           / Raw(bytes(ip(src=SERVER4, dst=CLIENT4) / UDP(sport=53,
                                                          dport=4)
                       / (PAYLOAD * 45))))
    fr.add("arp-request", arp_req)
    fr.add("arp-reply", arp_rep)
    fr.add("arp-request-padded", bytes(arp_req) + bytes(18))
    fr.add("arp-gratuitous", ethb / ARP(op=1, hwsrc=CLIENT_MAC,
                                        psrc=CLIENT4, pdst=CLIENT4))
    fr.add("arp-probe", ethb / ARP(op=1, hwsrc=CLIENT_MAC, psrc="0.0.0.0",
                                   pdst=CLIENT4))
    fr.add("vlan-udp", Ether(src=CLIENT_MAC, dst=SERVER_MAC)
           / Dot1Q(vlan=100) / ip() / UDP(sport=40000, dport=53) / PAYLOAD)
    fr.add("vlan-arp", Ether(src=CLIENT_MAC, dst=BCAST) / Dot1Q(vlan=100)
           / ARP(op=1, hwsrc=CLIENT_MAC, psrc=CLIENT4, pdst=SERVER4))
    fr.add("vlan-icmp-error", Ether(src=CLIENT_MAC, dst=SERVER_MAC)
           / Dot1Q(vlan=7, prio=5) / err / ICMP(type=3, code=3)
           / Raw(inner_udp))
    for tos in (0x01, 0x02, 0x03, 0xfc, 0xff):
        fr.add("tos-%#x" % tos, eth / ip(tos=tos) / UDP(sport=1, dport=2)
               / PAYLOAD)
    fr.add("df", eth / ip(flags="DF") / UDP(sport=1, dport=2) / PAYLOAD)
    for proto in (2, 47, 50, 132, 253, 255, 0, 41, 58):
        fr.add("proto-%d" % proto, eth / ip(proto=proto) / PAYLOAD)

    # TTL edges (TTL copied: nothing expires).
    for ttl in (0, 1, 2, 255):
        fr.add("udp-ttl%d" % ttl, eth / ip(ttl=ttl) / UDP(sport=1, dport=2)
               / PAYLOAD)
        fr.add("icmp-error-ttl%d" % ttl, eth / ip(src="10.0.0.1", ttl=ttl)
               / ICMP(type=11) / Raw(inner_udp))
        fr.add("inner-ttl%d" % ttl, eth / err / ICMP(type=11)
               / Raw(bytes(ip(src=SERVER4, dst=CLIENT4, ttl=ttl)
                           / UDP(sport=53, dport=1) / PAYLOAD)))

    # Truncation at every byte, with the IP length as it was, and with
    # the IP length following the cut.
    for name, f in (("udp", udp), ("tcp-syn", tcp_syn),
                    ("icmp-port-unreach", port_unreach),
                    ("arp-request", arp_req)):
        fr.cuts(name, f)
    for name, f in (("udp", udp), ("tcp-syn", tcp_syn), ("echo", echo),
                    ("icmp-port-unreach", port_unreach)):
        fr.cuts(name, f, fixlen="ip4")

    # Bad IHL.
    u = bytes(udp)
    for ihl in range(0, 16):
        if ihl == 5:
            continue
        fr.add("ihl%d" % ihl, fix_ip4_csum(patch(u, 14, bytes([0x40 | ihl]))))
    fr.add("ihl15-nops", fix_ip4_csum(bytes(eth / ip(
        options=[IPOption_NOP()] * 40) / UDP(sport=1, dport=2) / PAYLOAD)))
    fr.add("ihl6-len22", set_ip4(patch(u, 14, b"\x46"), 2, "H", 22))
    for v in (0, 1, 3, 5, 6, 15):
        fr.add("version%d" % v, fix_ip4_csum(patch(u, 14,
                                                   bytes([v << 4 | 5]))))

    # Bad total length.
    total = len(u) - 14
    for tl in (0, 1, 19, 20, 21, 27, 28, total - 1, total + 1, total + 100,
               0xffff):
        fr.add("totlen%d" % tl, set_ip4(u, 2, "H", tl))
    fr.add("totlen24-ihl6", set_ip4(patch(u, 14, b"\x46"), 2, "H", 23))

    # Bad header checksum.
    for name, f in (("udp", udp), ("icmp-port-unreach", port_unreach),
                    ("tcp", tcp)):
        b = bytes(f)
        fr.add("bad-ip-csum-" + name, patch(b, 24, bytes([b[24] ^ 0x5a])))
        fr.add("zero-ip-csum-" + name, patch(b, 24, b"\0\0"))

    # IPv4 options.
    opts = {
        "nop4": [IPOption_NOP()] * 4,
        "rr": [IPOption_RR(routers=["10.0.0.1", "10.0.0.2"])],
        "ts": [IPOption_Timestamp(flg=0, timestamp=1)],
        "router-alert": [IPOption_Router_Alert()],
        "lsrr": [IPOption_LSRR(routers=["10.0.0.1"])],
        "ssrr": [IPOption_SSRR(routers=["10.0.0.1"])],
        "lsrr-used": [IPOption_LSRR(routers=["10.0.0.1"], pointer=8)],
    }
    for name, o in sorted(opts.items()):
        fr.add("opt-" + name, eth / ip(options=o) / UDP(sport=1, dport=2)
               / PAYLOAD)
    for name, raw in (("eol", b"\x00\x00\x00\x00"),
                      ("len0", b"\x07\x00\x00\x00"),
                      ("len1", b"\x07\x01\x00\x00"),
                      ("len-past", b"\x07\x09\x04\x00"),
                      ("len-past-ihl", b"\x01\x44\x0b\x00"),
                      ("unknown", b"\x99\x04\x00\x00"),
                      ("lsrr-len0", b"\x83\x00\x00\x00"),
                      ("ssrr-past", b"\x89\x0b\x04\x00"),
                      ("nop-then-len0", b"\x01\x88\x00\x00")):
        f = bytes(eth / ip() / UDP(sport=1, dport=2) / PAYLOAD)
        fr.add("opt-" + name, with_ip4_options(f, raw))
    fr.add("inner-opt-lsrr", eth / err / ICMP(type=3, code=3)
           / Raw(bytes(ip(src=SERVER4, dst=CLIENT4,
                          options=[IPOption_LSRR(routers=["10.0.0.9"])])
                       / UDP(sport=53, dport=1) / PAYLOAD)))
    fr.add("inner-opt-rr", eth / err / ICMP(type=3, code=3)
           / Raw(bytes(ip(src=SERVER4, dst=CLIENT4,
                          options=[IPOption_RR(routers=["10.0.0.9"])])
                       / UDP(sport=53, dport=1) / PAYLOAD)))

    # Translator fragmentation (RFC 7915 4.1): DF clear and longer than
    # 1280 bytes once translated, so sent as IPv6 fragments.
    big = bytes(range(256)) * 32
    fr.add("cut-udp", eth / ip() / UDP(sport=1, dport=2) / big[:2000])
    fr.add("cut-udp-1281", eth / ip() / UDP(sport=1, dport=2) / big[:1233])
    fr.add("cut-udp-1280-whole", eth / ip() / UDP(sport=1, dport=2)
           / big[:1232])
    fr.add("cut-tcp", eth / ip() / TCP(sport=40000, dport=80, flags="PA")
           / big[:3000])
    fr.add("cut-icmp-echo", eth / ip() / ICMP(type=8, id=7, seq=1)
           / big[:1500])
    fr.add("cut-udp-zero-csum", eth / ip() / UDP(sport=1, dport=2, chksum=0)
           / big[:1500])
    fr.add("cut-vlan", Ether(src=CLIENT_MAC, dst=SERVER_MAC)
           / Dot1Q(vlan=100) / ip() / UDP(sport=1, dport=2) / big[:1500])
    fr.add("cut-8000", eth / ip() / UDP(sport=1, dport=2) / big[:7972])
    fr.add("cut-fragment", eth / ip(flags="MF", frag=100, proto=17)
           / big[:1480])
    fr.add("cut-last-fragment", eth / ip(frag=200, proto=17) / big[:2001])
    fr.add("cut-offset-overflow", eth / ip(frag=8100, proto=17)
           / big[:1400])
    fr.add("cut-not-df", eth / ip(flags="DF") / UDP(sport=1, dport=2)
           / big[:2000])

    # Fragments.
    def frag(name, flags, offset, proto=17, payload=PAYLOAD, **kw):
        fr.add("frag-" + name, eth / ip(flags=flags, frag=offset, proto=proto,
                                        **kw) / payload)
    frag("first", "MF", 0, payload=bytes(UDP(sport=1, dport=2,
                                             len=200, chksum=0x1234))
         + PAYLOAD)
    frag("middle", "MF", 5)
    frag("last", 0, 9)
    frag("odd-offset1", "MF", 1)
    frag("odd-offset3", 0, 3)
    frag("offset-max", 0, 8191)
    frag("offset-max-mf", "MF", 8191)
    frag("mf-odd-len", "MF", 0, payload=b"1234567")
    frag("first-short-udp", "MF", 0, payload=b"\x00\x01\x00")
    frag("first-short-tcp", "MF", 0, proto=6, payload=b"\x00\x01\x00\x02"
         b"\0\0\0\0\0\0\0\0")
    frag("first-empty", "MF", 0, payload=b"")
    frag("udp-zero-csum-first", "MF", 0,
         payload=bytes(UDP(sport=1, dport=2, len=100, chksum=0)) + PAYLOAD)
    frag("udp-zero-csum-last", 0, 10,
         payload=bytes(UDP(sport=1, dport=2, len=100, chksum=0)) + PAYLOAD)
    frag("icmp-first", "MF", 0, proto=1,
         payload=bytes(ICMP(type=8, id=1, seq=1)) + PAYLOAD)
    frag("icmp-last", 0, 4, proto=1)
    frag("icmp-error-first", "MF", 0, proto=1,
         payload=bytes(ICMP(type=3, code=3)) + inner_udp[:24])
    frag("df-and-mf", 3, 0)
    frag("evil-bit", 4, 0, payload=bytes(UDP(sport=1, dport=2)) + PAYLOAD)
    frag("evil-bit-df", 6, 0, payload=bytes(UDP(sport=1, dport=2)) + PAYLOAD)
    frag("tcp-middle", "MF", 2, proto=6)
    frag("proto0-first", "MF", 0, proto=0)

    # ICMPv4 errors: errors in errors, inner packets truncated or odd.
    def icmp_err(name, inner, t=3, c=3, **kw):
        fr.add("icmp-" + name, eth / err / ICMP(type=t, code=c, **kw)
               / Raw(bytes(inner)))
    icmp_err("error-in-error-unreach",
             ip(src=SERVER4, dst=CLIENT4) / ICMP(type=3, code=1)
             / Raw(inner_udp[:28]))
    icmp_err("error-in-error-time", ip(src=SERVER4, dst=CLIENT4)
             / ICMP(type=11) / Raw(inner_udp[:28]), t=11, c=0)
    icmp_err("error-in-error-param", ip(src=SERVER4, dst=CLIENT4)
             / ICMP(type=12, ptr=1) / Raw(inner_udp[:28]), t=12, c=0, ptr=0)
    icmp_err("error-in-error-redirect", ip(src=SERVER4, dst=CLIENT4)
             / ICMP(type=5) / Raw(inner_udp[:28]))
    icmp_err("error-in-error-frag", ip(src=SERVER4, dst=CLIENT4,
                                       flags="MF") / ICMP(type=3, code=3))
    icmp_err("error-in-error-short", ip(src=SERVER4, dst=CLIENT4)
             / b"\x03")
    icmp_err("inner-echo-reply", ip(src=SERVER4, dst=CLIENT4)
             / ICMP(type=0) / PAYLOAD)
    icmp_err("inner-unknown-icmp", ip(src=SERVER4, dst=CLIENT4)
             / ICMP(type=42) / PAYLOAD)
    for n in range(0, len(inner_udp)):
        icmp_err("inner-udp-cut%d" % n, inner_udp[:n])
    for n in (0, 8, 19, 20, 21, 24, 27, 28):
        icmp_err("inner-tcp-cut%d" % n, inner_tcp[:n], c=4, nexthopmtu=1400)
        icmp_err("inner-echo-cut%d" % n, inner_echo[:n], t=11, c=0)
    for ihl in (0, 3, 4, 6, 15):
        icmp_err("inner-ihl%d" % ihl, patch(inner_udp, 0,
                                            bytes([0x40 | ihl])))
    icmp_err("inner-version6", patch(inner_udp, 0, b"\x65"))
    for tl in (0, 19, 20, 29, 200, 0xffff):
        icmp_err("inner-totlen%d" % tl, patch(inner_udp, 2,
                                              struct.pack("!H", tl)))
    icmp_err("inner-frag", ip(src=SERVER4, dst=CLIENT4, flags="MF", frag=3)
             / PAYLOAD)
    icmp_err("inner-icmp-frag", ip(src=SERVER4, dst=CLIENT4, frag=3,
                                   proto=1) / PAYLOAD)
    icmp_err("inner-bad-csum", patch(inner_udp, 10, b"\xde\xad"))
    for t, c in ((3, 0), (3, 1), (3, 2), (3, 4), (3, 5), (3, 6), (3, 9),
                 (3, 10), (3, 11), (3, 12), (3, 13), (3, 14), (3, 15),
                 (3, 16), (3, 255), (4, 0), (5, 0), (5, 1), (11, 1),
                 (11, 7), (12, 1), (12, 2), (12, 3)):
        icmp_err("type%d-code%d" % (t, c), inner_udp, t=t, c=c)
    for ptr in (0, 1, 2, 3, 4, 6, 8, 9, 10, 12, 16, 19, 20, 100, 255):
        icmp_err("param-ptr%d" % ptr, inner_udp, t=12, c=0, ptr=ptr)

    # RFC 4884 extension structures (Length in 32-bit words): kept, padded
    # (by up to 80 bytes for a short datagram field: more headroom than
    # the action reserves), cut, removed, refused.
    d128 = inner_udp.ljust(128, b"\0")
    icmp_err("ext-time", d128 + MPLS_EXT, t=11, c=0, length=32)
    icmp_err("ext-unreach-short", inner_udp[:48] + MPLS_EXT, length=12)
    icmp_err("ext-unreach-long", inner_udp.ljust(1020, b"\0")
             + icmp_ext((2, 1, bytes(296))), c=1, length=255)
    icmp_err("ext-param", d128 + MPLS_EXT, t=12, c=0, ptr=9, length=32)
    icmp_err("ext-length0", d128 + MPLS_EXT, t=11, c=0)
    icmp_err("ext-not-v2", d128 + b"\x10" + bytes(11), t=11, c=0,
             length=32)
    icmp_err("ext-bad-length", d128 + MPLS_EXT, t=11, c=0, length=60)
    icmp_err("ext-bad-object", d128 + b"\x20\0\0\0\0\x03\x01\x01",
             t=11, c=0, length=32)
    for mtu in (0, 67, 68, 1279, 1280, 1500, 65535):
        icmp_err("frag-needed-mtu%d" % mtu, inner_udp, c=4, nexthopmtu=mtu)
    for t in (4, 6, 9, 10, 13, 14, 15, 16, 17, 18, 30, 37, 40, 42, 200,
              255):
        # (Timestamps fixed: scapy fills them with the time of day.)
        fr.add("icmp-type%d" % t, eth / ip() / ICMP(type=t, ts_ori=1,
                                                    ts_rx=2, ts_tx=3)
               / PAYLOAD)
    fr.add("icmp-echo-code1", eth / ip() / ICMP(type=8, code=1) / PAYLOAD)
    fr.add("icmp-echo-bad-csum", patch(bytes(echo), 36, b"\xbe\xef"))
    fr.add("icmp-echo-zero", eth / ip() / ICMP(type=8, id=0, seq=0))
    fr.add("icmp-4-bytes", eth / ip(proto=1) / b"\x08\x00\xf7\xff")
    fr.add("icmp-error-no-inner", eth / err / ICMP(type=3, code=3))
    fr.add("icmp-error-big", eth / err / ICMP(type=3, code=3)
           / Raw(bytes(ip(src=SERVER4, dst=CLIENT4)
                       / UDP(sport=53, dport=1) / (PAYLOAD * 60))))

    # ARP oddities.
    a = bytes(arp_req)
    for name, ofs, fmt, v in (("htype6", 14, "H", 6),
                              ("htype0", 14, "H", 0),
                              ("ptype-ipv6", 16, "H", 0x86dd),
                              ("hlen0", 18, "B", 0), ("hlen5", 18, "B", 5),
                              ("hlen7", 18, "B", 7), ("hlen255", 18, "B", 255),
                              ("plen0", 19, "B", 0), ("plen3", 19, "B", 3),
                              ("plen5", 19, "B", 5), ("plen16", 19, "B", 16),
                              ("op0", 20, "H", 0), ("op3", 20, "H", 3),
                              ("op4", 20, "H", 4), ("op255", 20, "H", 255),
                              ("op-ffff", 20, "H", 0xffff)):
        fr.add("arp-" + name, patch(a, ofs, struct.pack("!" + fmt, v)))
    fr.add("arp-hlen8-long", patch(a, 18, b"\x08") + bytes(8))
    fr.add("arp-sender-bcast", ethb / ARP(op=1, hwsrc=BCAST, psrc=CLIENT4,
                                          pdst=SERVER4))
    fr.add("arp-sender-mcast-ip", ethb / ARP(op=1, hwsrc=CLIENT_MAC,
                                             psrc="224.0.0.1",
                                             pdst=SERVER4))
    fr.add("arp-target-bcast", ethb / ARP(op=1, hwsrc=CLIENT_MAC,
                                          psrc=CLIENT4,
                                          pdst="255.255.255.255"))
    fr.add("arp-reply-to-bcast", ethb / ARP(op=2, hwsrc=CLIENT_MAC,
                                            psrc=CLIENT4, hwdst=BCAST,
                                            pdst=SERVER4))

    # Frames longer than a page: AF_PACKET then puts all but the Ethernet
    # header in page fragments, so the action must pull what it reads.
    big = PAYLOAD * 200                                 # 6400 bytes
    bu = bytes(eth / ip() / UDP(sport=1, dport=2) / big)
    fr.add("big-udp", bu)
    fr.add("big-tcp", eth / ip() / TCP(sport=1, dport=2, flags="A") / big)
    fr.add("big-echo", eth / ip() / ICMP(type=8, id=1, seq=1) / big)
    fr.add("big-opts-udp", eth / ip(options=[IPOption_RR(
        routers=["10.0.0.%d" % i for i in range(1, 10)])])
           / UDP(sport=1, dport=2) / big)
    fr.add("big-frag-first", eth / ip(flags="MF") / UDP(sport=1, dport=2,
                                                        len=9000) / big)
    fr.add("big-frag-later", eth / ip(frag=100, proto=17) / big)
    fr.add("big-icmp-error", eth / err / ICMP(type=3, code=3)
           / Raw(bytes(ip(src=SERVER4, dst=CLIENT4) / UDP(sport=53, dport=1)
                       / big)))
    fr.add("big-icmp-error-opts", eth / err / ICMP(type=3, code=4,
                                                    nexthopmtu=1500)
           / Raw(bytes(ip(src=SERVER4, dst=CLIENT4, options=[IPOption_RR(
               routers=["10.0.0.1"])]) / UDP(sport=53, dport=1) / big)))
    fr.add("big-icmp-error-in-error", eth / err / ICMP(type=11)
           / Raw(bytes(ip(src=SERVER4, dst=CLIENT4) / ICMP(type=3)
                       / Raw(inner_udp) / big)))
    fr.add("big-ihl15", fix_ip4_csum(patch(bu, 14, b"\x4f")))
    fr.add("big-ihl4", fix_ip4_csum(patch(bu, 14, b"\x44")))
    fr.add("big-totlen-short", set_ip4(bu, 2, "H", 28))
    fr.add("big-totlen-long", set_ip4(bu, 2, "H", 0xffff))
    fr.add("big-bad-csum", patch(bu, 24, b"\x12\x34"))
    fr.add("big-opt-len0", with_ip4_options(bu, b"\x07\x00\x00\x00"))
    fr.add("big-lsrr", with_ip4_options(
        bu, b"\x83\x07\x04\x0a\x00\x00\x01\x00"))
    fr.add("big-arp-padded", bytes(arp_req) + bytes(6000))
    fr.add("big-arp-hlen7", patch(bytes(arp_req), 18, b"\x07") + bytes(6000))
    fr.add("big-udp-ttl0", eth / ip(ttl=0) / UDP(sport=1, dport=2) / big)

    # Seeded random mutations of well-formed frames (past Ethernet).
    bases = [bytes(f) for f in (udp, tcp_syn, tcp, echo, port_unreach,
                                arp_req, arp_rep)]
    for i in range(150):
        f = bytearray(rng.choice(bases))
        for _ in range(rng.randint(1, 4)):
            f[rng.randrange(14, len(f))] = rng.randrange(256)
        if rng.random() < 0.3:
            del f[rng.randrange(15, len(f) + 1):]
        if rng.random() < 0.5 and f[12:14] == b"\x08\x00":
            f = bytearray(fix_ip4_csum(bytes(f)))
        fr.add("random%d" % i, f)

    for name, f in corpus:
        if f[12:14] in (b"\x08\x00", b"\x08\x06"):
            fr.add("corpus-" + name, f)
    return fr


def build_side6(S, corpus, rng):
    (Dot1Q, Ether, ICMPv6DestUnreach, ICMPv6EchoReply, ICMPv6EchoRequest,
     ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6ND_Redirect, ICMPv6ND_RS, ICMPv6ND_RA,
     ICMPv6NDOptDstLLAddr, ICMPv6NDOptMTU, ICMPv6NDOptSrcLLAddr,
     ICMPv6PacketTooBig, ICMPv6ParamProblem, ICMPv6TimeExceeded,
     ICMPv6MLQuery, ICMPv6MLReport, ICMPv6Unknown, IPv6, IPv6ExtHdrDestOpt,
     IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting, PadN, Raw,
     TCP, UDP, Jumbo, HBHOptUnknown, RouterAlert) = S
    fr = Frames()
    eth = Ether(src=SERVER_MAC, dst=CLIENT_MAC, type=0x86dd)

    def ip6(**kw):
        args = dict(src=SERVER6, dst=CLIENT6, hlim=64)
        args.update(kw)
        return IPv6(**args)

    udp = eth / ip6() / UDP(sport=53, dport=40000) / PAYLOAD
    tcp = eth / ip6() / TCP(sport=80, dport=40000, flags="PA", seq=1,
                            ack=1) / PAYLOAD
    echo = eth / ip6() / ICMPv6EchoRequest(id=7, seq=1, data=PAYLOAD)
    inner_udp = bytes(ip6(src=CLIENT6, dst=SERVER6)
                      / UDP(sport=40000, dport=53) / PAYLOAD)
    inner_tcp = bytes(ip6(src=CLIENT6, dst=SERVER6)
                      / TCP(sport=40000, dport=80, flags="S"))
    inner_echo = bytes(ip6(src=CLIENT6, dst=SERVER6)
                       / ICMPv6EchoRequest(id=7, seq=1, data=PAYLOAD))
    unreach = eth / ip6() / ICMPv6DestUnreach(code=4) / Raw(inner_udp)
    snm = "ff02::1:ffa8:64"
    snm_mac = "33:33:ff:a8:00:64"
    ns = (Ether(src=CLIENT_MAC, dst=snm_mac)
          / IPv6(src=CLIENT6, dst=snm, hlim=255)
          / ICMPv6ND_NS(tgt=SERVER6) / ICMPv6NDOptSrcLLAddr(lladdr=CLIENT_MAC))
    na = (Ether(src=SERVER_MAC, dst=CLIENT_MAC)
          / IPv6(src=SERVER6, dst=CLIENT6, hlim=255)
          / ICMPv6ND_NA(tgt=SERVER6, R=0, S=1, O=1)
          / ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC))
    hbh_udp = (eth / ip6() / IPv6ExtHdrHopByHop() / UDP(sport=53, dport=1)
               / PAYLOAD)

    # Well-formed.
    fr.add("udp", udp)
    fr.add("udp-big", eth / ip6() / UDP(sport=53, dport=1) / (PAYLOAD * 44))
    fr.add("udp-padded", bytes(eth / ip6() / UDP(sport=1, dport=2) / b"x")
           + bytes(6))
    fr.add("udp-zero-csum", eth / ip6() / UDP(sport=1, dport=2, chksum=0)
           / PAYLOAD)
    fr.add("tcp", tcp)
    fr.add("tcp-syn-opts", eth / ip6() / TCP(
        sport=80, dport=40000, flags="SA", options=[("MSS", 1440),
                                                    ("SAckOK", b""),
                                                    ("WScale", 7)]))
    fr.add("icmp6-echo", echo)
    fr.add("icmp6-echo-reply", eth / ip6() / ICMPv6EchoReply(id=7, seq=1,
                                                              data=PAYLOAD))
    fr.add("icmp6-unreach", unreach)
    fr.add("icmp6-ptb", eth / ip6() / ICMPv6PacketTooBig(mtu=1400)
           / Raw(inner_tcp))
    fr.add("icmp6-time-exceeded", eth / ip6() / ICMPv6TimeExceeded(code=0)
           / Raw(inner_echo))
    fr.add("icmp6-param-problem", eth / ip6() / ICMPv6ParamProblem(
        code=0, ptr=7) / Raw(inner_udp))
    fr.add("ndp-ns", ns)
    fr.add("ndp-na", na)
    fr.add("ndp-ns-dad", Ether(src=CLIENT_MAC, dst=snm_mac)
           / IPv6(src="::", dst=snm, hlim=255) / ICMPv6ND_NS(tgt=SERVER6))
    fr.add("ndp-na-unsolicited", Ether(src=SERVER_MAC, dst="33:33:00:00:00:01")
           / IPv6(src=SERVER6, dst="ff02::1", hlim=255)
           / ICMPv6ND_NA(tgt=SERVER6, R=0, S=0, O=1)
           / ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC))
    fr.add("hbh-udp", hbh_udp)
    fr.add("dstopt-udp", eth / ip6() / IPv6ExtHdrDestOpt()
           / UDP(sport=53, dport=1) / PAYLOAD)
    fr.add("routing0-udp", eth / ip6() / IPv6ExtHdrRouting(segleft=0,
                                                            addresses=[])
           / UDP(sport=53, dport=1) / PAYLOAD)
    fr.add("vlan-udp", Ether(src=SERVER_MAC, dst=CLIENT_MAC)
           / Dot1Q(vlan=100) / ip6() / UDP(sport=53, dport=1) / PAYLOAD)
    fr.add("vlan-ns", Ether(src=CLIENT_MAC, dst=snm_mac) / Dot1Q(vlan=100)
           / IPv6(src=CLIENT6, dst=snm, hlim=255)
           / ICMPv6ND_NS(tgt=SERVER6)
           / ICMPv6NDOptSrcLLAddr(lladdr=CLIENT_MAC))
    for tc in (0x01, 0x03, 0xff):
        fr.add("tclass-%#x" % tc, eth / ip6(tc=tc, fl=0x12345)
               / UDP(sport=1, dport=2) / PAYLOAD)
    for nh in (0, 41, 47, 50, 51, 59, 132, 135, 139, 253, 255, 4):
        fr.add("nh-%d" % nh, eth / ip6(nh=nh) / PAYLOAD)

    # Hop limit edges (copied: nothing expires).
    for hl in (0, 1, 2, 255):
        fr.add("udp-hlim%d" % hl, eth / ip6(hlim=hl) / UDP(sport=1, dport=2)
               / PAYLOAD)
        fr.add("icmp6-error-hlim%d" % hl, eth / ip6(hlim=hl)
               / ICMPv6TimeExceeded() / Raw(inner_udp))
        fr.add("inner-hlim%d" % hl, eth / ip6() / ICMPv6TimeExceeded()
               / Raw(bytes(ip6(src=CLIENT6, dst=SERVER6, hlim=hl)
                           / UDP(sport=1, dport=53) / PAYLOAD)))
        fr.add("ndp-ns-hlim%d" % hl, Ether(src=CLIENT_MAC, dst=snm_mac)
               / IPv6(src=CLIENT6, dst=snm, hlim=hl)
               / ICMPv6ND_NS(tgt=SERVER6)
               / ICMPv6NDOptSrcLLAddr(lladdr=CLIENT_MAC))

    # Truncation at every byte, with the payload length as it was and
    # following the cut.
    for name, f in (("udp", udp), ("icmp6-unreach", unreach), ("ndp-ns", ns),
                    ("hbh-udp", hbh_udp)):
        fr.cuts(name, f)
    for name, f in (("udp", udp), ("tcp", tcp), ("echo", echo),
                    ("icmp6-unreach", unreach), ("ndp-na", na)):
        fr.cuts(name, f, fixlen="ip6")

    # Version and payload length.
    u = bytes(udp)
    for v in (0, 4, 5, 7, 15):
        fr.add("version%d" % v, patch(u, 14, bytes([v << 4 | (u[14] & 15)])))
    plen = len(u) - 54
    for pl in (0, 1, 7, 8, plen - 1, plen + 1, plen + 100, 0xffff):
        fr.add("plen%d" % pl, patch(u, 18, struct.pack("!H", pl)))
    fr.add("jumbo-hbh", eth / ip6(plen=0) / IPv6ExtHdrHopByHop(
        options=[Jumbo(jumboplen=100)])
           / UDP(sport=1, dport=2) / PAYLOAD)

    # Extension header chains.
    def ext(name, chain, l4=None):
        pkt = eth / ip6()
        for h in chain:
            pkt = pkt / h
        pkt = pkt / (l4 if l4 is not None else UDP(sport=1, dport=2)
                     / PAYLOAD)
        fr.add("ext-" + name, pkt)
    ext("long-chain", [IPv6ExtHdrHopByHop(), IPv6ExtHdrDestOpt(),
                       IPv6ExtHdrRouting(segleft=0, addresses=[]),
                       IPv6ExtHdrFragment(m=0, offset=0, id=5),
                       IPv6ExtHdrDestOpt()])
    ext("hbh-not-first", [IPv6ExtHdrDestOpt(), IPv6ExtHdrHopByHop()])
    ext("two-frag", [IPv6ExtHdrFragment(id=1), IPv6ExtHdrFragment(id=2)])
    ext("routing-segleft1", [IPv6ExtHdrRouting(segleft=1,
                                               addresses=["fe80::1"])])
    ext("routing-type2", [IPv6ExtHdrRouting(type=2, segleft=1,
                                            addresses=["fe80::1"])])
    ext("routing-type4-left0", [IPv6ExtHdrRouting(type=4, segleft=0,
                                                  addresses=[])])
    ext("dstopt-248", [IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 244)])])
    ext("hbh-64-dst-120",
        [IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0" * 60)]),
         IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 116)])])
    ext("dstopt-unknown-opt", [IPv6ExtHdrDestOpt(
        options=[HBHOptUnknown(otype=0xc9, optdata=b"\0\0")])])
    ext("hbh-router-alert", [IPv6ExtHdrHopByHop(options=[RouterAlert()])])
    ext("frag-atomic", [IPv6ExtHdrFragment(m=0, offset=0, id=7)])
    ext("frag-first", [IPv6ExtHdrFragment(m=1, offset=0, id=7)],
        l4=UDP(sport=1, dport=2, len=300) / PAYLOAD)
    ext("frag-odd-len", [IPv6ExtHdrFragment(m=1, offset=0, id=7)],
        l4=bytes(UDP(sport=1, dport=2)) + b"odd")
    ext("frag-last", [IPv6ExtHdrFragment(m=0, offset=9, id=7, nh=17)],
        l4=PAYLOAD)
    ext("frag-first-then-dstopt", [IPv6ExtHdrFragment(m=1, offset=0, id=7),
                                   IPv6ExtHdrDestOpt()])
    ext("frag-later-nh-dstopt", [IPv6ExtHdrFragment(m=0, offset=9, id=7,
                                                    nh=60)], l4=PAYLOAD)
    ext("frag-offset-max", [IPv6ExtHdrFragment(m=0, offset=8191, id=7,
                                               nh=17)], l4=PAYLOAD)
    ext("frag-first-short-udp", [IPv6ExtHdrFragment(m=1, offset=0, id=7,
                                                    nh=17)], l4=b"\x00\x01")
    ext("frag-first-short-tcp", [IPv6ExtHdrFragment(m=1, offset=0, id=7,
                                                    nh=6)], l4=b"\x00" * 12)
    ext("frag-icmp6", [IPv6ExtHdrFragment(m=1, offset=0, id=7)],
        l4=ICMPv6EchoRequest(id=1, seq=1, data=PAYLOAD))
    ext("frag-icmp6-last", [IPv6ExtHdrFragment(m=0, offset=3, id=7, nh=58)],
        l4=PAYLOAD)
    ext("frag-udp-zero-csum", [IPv6ExtHdrFragment(m=1, offset=0, id=7)],
        l4=UDP(sport=1, dport=2, len=100, chksum=0) / PAYLOAD)
    ext("frag-reserved-bits", [IPv6ExtHdrFragment(m=0, offset=0, id=7,
                                                  res1=0xff, res2=3)])
    ext("nonext-after-hbh", [IPv6ExtHdrHopByHop(nh=59)], l4=PAYLOAD)
    ext("esp-after-dst", [IPv6ExtHdrDestOpt(nh=50)], l4=PAYLOAD)
    ext("hbh-hbh-hbh", [IPv6ExtHdrHopByHop(), IPv6ExtHdrHopByHop(),
                        IPv6ExtHdrHopByHop()])
    # Chains with lengths that lie, and cut inside each header.
    chain = bytes(eth / ip6() / IPv6ExtHdrHopByHop()
                  / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 12)])
                  / IPv6ExtHdrFragment(m=0, offset=0, id=9)
                  / UDP(sport=1, dport=2) / PAYLOAD)
    fr.cuts("ext-chain", chain, start=54)
    fr.cuts("ext-chain", chain, start=54, fixlen="ip6")
    for hlen in (1, 2, 5, 31, 255):
        fr.add("ext-hbh-len%d" % hlen, patch(chain, 55, bytes([hlen])))
        fr.add("ext-dst-len%d" % hlen, patch(chain, 63, bytes([hlen])))

    # ICMPv6 errors: errors in errors, inner packets truncated or odd.
    def icmp_err(name, inner, cls=ICMPv6DestUnreach, **kw):
        fr.add("icmp6-" + name, eth / ip6() / cls(**kw) / Raw(bytes(inner)))
    icmp_err("error-in-error-unreach", ip6(src=CLIENT6, dst=SERVER6)
             / ICMPv6DestUnreach() / Raw(inner_udp[:48]))
    # RFC 4884 extension structures (Length in 64-bit words).
    icmp_err("ext-time", inner_udp.ljust(128, b"\0") + MPLS_EXT,
             cls=ICMPv6TimeExceeded, length=16)
    icmp_err("ext-unreach-short", inner_udp[:48] + MPLS_EXT, length=6)
    icmp_err("ext-unreach-long", inner_udp.ljust(1000, b"\0")
             + icmp_ext((2, 1, bytes(96))), length=125)
    icmp_err("ext-bad-length", inner_udp.ljust(128, b"\0") + MPLS_EXT,
             length=40)
    icmp_err("error-in-error-ptb", ip6(src=CLIENT6, dst=SERVER6)
             / ICMPv6PacketTooBig() / Raw(inner_udp[:48]),
             cls=ICMPv6TimeExceeded)
    icmp_err("error-in-error-time", ip6(src=CLIENT6, dst=SERVER6)
             / ICMPv6TimeExceeded() / Raw(inner_udp[:48]),
             cls=ICMPv6PacketTooBig, mtu=1300)
    icmp_err("error-in-error-param", ip6(src=CLIENT6, dst=SERVER6)
             / ICMPv6ParamProblem(ptr=6) / Raw(inner_udp[:48]),
             cls=ICMPv6ParamProblem, code=0, ptr=6)
    icmp_err("error-in-error-unknown-error", ip6(src=CLIENT6, dst=SERVER6)
             / ICMPv6Unknown(type=100) / PAYLOAD)
    icmp_err("error-in-error-behind-ext", ip6(src=CLIENT6, dst=SERVER6)
             / IPv6ExtHdrDestOpt() / ICMPv6DestUnreach()
             / Raw(inner_udp[:48]))
    icmp_err("error-in-error-short", ip6(src=CLIENT6, dst=SERVER6, nh=58)
             / b"\x01")
    icmp_err("inner-ns", ip6(src=CLIENT6, dst=SERVER6, hlim=255)
             / ICMPv6ND_NS(tgt=SERVER6))
    icmp_err("inner-echo-reply", ip6(src=CLIENT6, dst=SERVER6)
             / ICMPv6EchoReply(data=PAYLOAD))
    icmp_err("inner-mld", ip6(src=CLIENT6, dst=SERVER6) / ICMPv6MLReport())
    for n in range(0, len(inner_udp)):
        icmp_err("inner-udp-cut%d" % n, inner_udp[:n])
    for n in (0, 8, 39, 40, 41, 44, 47, 48, 59, 60):
        icmp_err("inner-tcp-cut%d" % n, inner_tcp[:n],
                 cls=ICMPv6PacketTooBig, mtu=1400)
        icmp_err("inner-echo-cut%d" % n, inner_echo[:n],
                 cls=ICMPv6TimeExceeded)
    for v in (0, 4, 7):
        icmp_err("inner-version%d" % v, patch(inner_udp, 0, bytes([v << 4])))
    for pl in (0, 7, 8, 39, 41, 0xffff):
        icmp_err("inner-plen%d" % pl, patch(inner_udp, 4,
                                            struct.pack("!H", pl)))
    icmp_err("inner-frag", ip6(src=CLIENT6, dst=SERVER6)
             / IPv6ExtHdrFragment(m=1, offset=0, id=3)
             / UDP(sport=1, dport=53) / PAYLOAD)
    icmp_err("inner-frag-later", ip6(src=CLIENT6, dst=SERVER6)
             / IPv6ExtHdrFragment(m=0, offset=3, id=3, nh=17) / PAYLOAD)
    icmp_err("inner-hbh-dst", ip6(src=CLIENT6, dst=SERVER6)
             / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt()
             / UDP(sport=1, dport=53) / PAYLOAD)
    icmp_err("inner-routing-left", ip6(src=CLIENT6, dst=SERVER6)
             / IPv6ExtHdrRouting(segleft=1, addresses=["fe80::1"])
             / UDP(sport=1, dport=53) / PAYLOAD)
    icmp_err("inner-ext-cut", bytes(ip6(src=CLIENT6, dst=SERVER6)
                                    / IPv6ExtHdrDestOpt(
                                        options=[PadN(optdata=b"\0" * 20)])
                                    / UDP(sport=1, dport=53))[:52])
    icmp_err("inner-not-in-prefix", ip6(src="2001:db8::1", dst=SERVER6)
             / UDP(sport=1, dport=53) / PAYLOAD)
    icmp_err("inner-big", ip6(src=CLIENT6, dst=SERVER6)
             / UDP(sport=1, dport=53) / (PAYLOAD * 40))
    for code in range(0, 9):
        icmp_err("unreach-code%d" % code, inner_udp, code=code)
    for code in (0, 1, 2):
        icmp_err("time-code%d" % code, inner_udp, cls=ICMPv6TimeExceeded,
                 code=code)
    for code in (0, 1, 2, 3, 4, 255):
        for ptr in (0, 1, 4, 5, 6, 7, 8, 23, 24, 39, 40, 1000):
            icmp_err("param-code%d-ptr%d" % (code, ptr), inner_udp,
                     cls=ICMPv6ParamProblem, code=code, ptr=ptr)
    for mtu in (0, 68, 1279, 1280, 1500, 65535, 0xffffffff):
        icmp_err("ptb-mtu%d" % mtu, inner_udp, cls=ICMPv6PacketTooBig,
                 mtu=mtu)
    icmp_err("ptb-code1", inner_udp, cls=ICMPv6PacketTooBig, code=1)
    for t in (5, 100, 101, 127, 128, 129, 139, 140, 143, 144, 200, 255):
        fr.add("icmp6-type%d" % t, eth / ip6() / ICMPv6Unknown(type=t)
               / PAYLOAD)
    fr.add("icmp6-echo-code1", eth / ip6()
           / ICMPv6EchoRequest(code=1, data=PAYLOAD))
    fr.add("icmp6-echo-bad-csum", patch(bytes(echo), 56, b"\xbe\xef"))
    fr.add("icmp6-4-bytes", eth / ip6(nh=58) / b"\x80\x00\x00\x00")
    fr.add("icmp6-error-no-inner", eth / ip6() / ICMPv6DestUnreach())
    fr.add("icmp6-behind-hbh", eth / ip6() / IPv6ExtHdrHopByHop()
           / ICMPv6EchoRequest(data=PAYLOAD))

    # Neighbor Discovery and its neighbours.
    def nd(name, pkt, src=CLIENT6, dst=snm, hlim=255, mac=snm_mac):
        fr.add("ndp-" + name, Ether(src=CLIENT_MAC, dst=mac)
               / IPv6(src=src, dst=dst, hlim=hlim) / pkt)
    slla = ICMPv6NDOptSrcLLAddr(lladdr=CLIENT_MAC)
    nd("ns-code1", ICMPv6ND_NS(code=1, tgt=SERVER6) / slla)
    nd("ns-target-mcast", ICMPv6ND_NS(tgt="ff02::1") / slla)
    nd("ns-target-outside", ICMPv6ND_NS(tgt="2001:db8::1") / slla)
    nd("ns-no-options", ICMPv6ND_NS(tgt=SERVER6))
    nd("ns-opt-len0", ICMPv6ND_NS(tgt=SERVER6) / Raw(b"\x01\x00" + bytes(6)))
    nd("ns-opt-len-past", ICMPv6ND_NS(tgt=SERVER6)
       / Raw(b"\x01\x03" + bytes(6)))
    nd("ns-opt-half", ICMPv6ND_NS(tgt=SERVER6) / Raw(b"\x01\x01\x52\x54"))
    nd("ns-two-slla", ICMPv6ND_NS(tgt=SERVER6) / slla
       / ICMPv6NDOptSrcLLAddr(lladdr="52:54:00:00:00:0b"))
    nd("ns-slla-len2", ICMPv6ND_NS(tgt=SERVER6)
       / Raw(b"\x01\x02\x52\x54\x00\x00\x00\x0a" + bytes(8)))
    nd("ns-nonce-then-slla", ICMPv6ND_NS(tgt=SERVER6)
       / Raw(b"\x0e\x01\x01\x02\x03\x04\x05\x06") / slla)
    nd("ns-tlla", ICMPv6ND_NS(tgt=SERVER6)
       / ICMPv6NDOptDstLLAddr(lladdr=CLIENT_MAC))
    nd("ns-mtu-opt", ICMPv6ND_NS(tgt=SERVER6) / ICMPv6NDOptMTU() / slla)
    nd("ns-truncated-target", Raw(bytes(ICMPv6ND_NS(tgt=SERVER6))[:16]))
    nd("ns-unicast", ICMPv6ND_NS(tgt=SERVER6) / slla, dst=SERVER6,
       mac=SERVER_MAC)
    nd("ns-from-outside", ICMPv6ND_NS(tgt=SERVER6) / slla,
       src="2001:db8::1")
    nd("ns-bad-csum", ICMPv6ND_NS(tgt=SERVER6, cksum=0x1234) / slla)
    nd("na-bad-csum", ICMPv6ND_NA(tgt=SERVER6, cksum=0x1234)
       / ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC), dst=CLIENT6,
       mac=CLIENT_MAC, src=SERVER6)
    nd("na-router", ICMPv6ND_NA(tgt=SERVER6, R=1, S=1)
       / ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC), dst=CLIENT6,
       src=SERVER6, mac=CLIENT_MAC)
    nd("na-no-tlla", ICMPv6ND_NA(tgt=SERVER6, S=1), dst=CLIENT6,
       src=SERVER6, mac=CLIENT_MAC)
    nd("na-tlla-len0", ICMPv6ND_NA(tgt=SERVER6, S=1)
       / Raw(b"\x02\x00" + bytes(6)), dst=CLIENT6, src=SERVER6,
       mac=CLIENT_MAC)
    nd("na-slla", ICMPv6ND_NA(tgt=SERVER6, S=1)
       / ICMPv6NDOptSrcLLAddr(lladdr=SERVER_MAC), dst=CLIENT6,
       src=SERVER6, mac=CLIENT_MAC)
    nd("na-to-all-nodes", ICMPv6ND_NA(tgt=SERVER6, S=1)
       / ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC), dst="ff02::1",
       src=SERVER6, mac="33:33:00:00:00:01")
    nd("na-target-mcast", ICMPv6ND_NA(tgt="ff02::1", S=1)
       / ICMPv6NDOptDstLLAddr(lladdr=SERVER_MAC), dst=CLIENT6,
       src=SERVER6, mac=CLIENT_MAC)
    nd("rs", ICMPv6ND_RS() / slla, dst="ff02::2", mac="33:33:00:00:00:02")
    nd("ra", ICMPv6ND_RA() / slla, dst="ff02::1", mac="33:33:00:00:00:01")
    nd("redirect", ICMPv6ND_Redirect(tgt=SERVER6, dst=CLIENT6), dst=CLIENT6,
       mac=CLIENT_MAC)
    nd("mld-query", ICMPv6MLQuery(), dst="ff02::1", hlim=1,
       mac="33:33:00:00:00:01")
    nd("mld-report", ICMPv6MLReport(), dst="ff02::16", hlim=1,
       mac="33:33:00:00:00:16")
    nd("mldv2-report", ICMPv6Unknown(type=143) / bytes(4), dst="ff02::16",
       hlim=1, mac="33:33:00:00:00:16")
    fr.add("ndp-ns-behind-hbh", Ether(src=CLIENT_MAC, dst=snm_mac)
           / IPv6(src=CLIENT6, dst=snm, hlim=255) / IPv6ExtHdrHopByHop()
           / ICMPv6ND_NS(tgt=SERVER6) / slla)
    fr.add("ndp-ns-frag", Ether(src=CLIENT_MAC, dst=snm_mac)
           / IPv6(src=CLIENT6, dst=snm, hlim=255)
           / IPv6ExtHdrFragment(m=0, offset=0, id=1)
           / ICMPv6ND_NS(tgt=SERVER6) / slla)

    # Addresses outside the prefix.
    for name, src, dst in (("src-global", "2001:db8::1", CLIENT6),
                           ("dst-global", SERVER6, "2001:db8::a"),
                           ("src-fe80-iid", "fe80::1:0:1", CLIENT6),
                           ("dst-fe80-iid", SERVER6, "fe80::ff:0:a"),
                           ("dst-mcast", SERVER6, "ff02::1"),
                           ("src-mcast", "ff02::1", CLIENT6),
                           ("src-unspec", "::", CLIENT6),
                           ("dst-loopback", SERVER6, "::1"),
                           ("src-v4mapped", "::ffff:192.168.0.100", CLIENT6)):
        fr.add("addr-" + name, eth / IPv6(src=src, dst=dst)
               / UDP(sport=1, dport=2) / PAYLOAD)

    # Frames longer than a page (see build_side4()).
    big = PAYLOAD * 200
    bu = bytes(eth / ip6() / UDP(sport=1, dport=2) / big)
    fr.add("big-udp", bu)
    fr.add("big-tcp", eth / ip6() / TCP(sport=1, dport=2, flags="A") / big)
    fr.add("big-echo", eth / ip6() / ICMPv6EchoRequest(data=big))
    fr.add("big-ext-chain", eth / ip6() / IPv6ExtHdrHopByHop(
        options=[PadN(optdata=b"\0" * 100)]) / IPv6ExtHdrDestOpt(
            options=[PadN(optdata=b"\0" * 200)])
           / IPv6ExtHdrRouting(segleft=0, addresses=[]) / UDP(sport=1, dport=2)
           / big)
    fr.add("big-dstopt-2k", eth / ip6() / IPv6ExtHdrDestOpt(
        options=[PadN(optdata=b"\0" * 250)] * 8) / UDP(sport=1, dport=2)
           / big)
    fr.add("big-frag-first", eth / ip6() / IPv6ExtHdrFragment(m=1, id=3)
           / UDP(sport=1, dport=2, len=9000) / big)
    fr.add("big-frag-later", eth / ip6() / IPv6ExtHdrFragment(
        m=1, offset=100, id=3, nh=17) / big)
    fr.add("big-icmp6-error", eth / ip6() / ICMPv6DestUnreach()
           / Raw(bytes(ip6(src=CLIENT6, dst=SERVER6) / UDP(sport=1, dport=53)
                       / big)))
    fr.add("big-icmp6-error-ext", eth / ip6() / ICMPv6PacketTooBig(mtu=1500)
           / Raw(bytes(ip6(src=CLIENT6, dst=SERVER6) / IPv6ExtHdrDestOpt(
               options=[PadN(optdata=b"\0" * 200)]) / UDP(sport=1, dport=53)
                       / big)))
    fr.add("big-icmp6-error-in-error", eth / ip6() / ICMPv6TimeExceeded()
           / Raw(bytes(ip6(src=CLIENT6, dst=SERVER6) / ICMPv6DestUnreach()
                       / Raw(inner_udp) / big)))
    fr.add("big-plen-short", patch(bu, 18, struct.pack("!H", 8)))
    fr.add("big-plen-long", patch(bu, 18, b"\xff\xff"))
    fr.add("big-version4", patch(bu, 14, b"\x40"))
    fr.add("big-routing-left", eth / ip6() / IPv6ExtHdrRouting(
        segleft=1, addresses=["fe80::1"]) / UDP(sport=1, dport=2) / big)
    fr.add("big-src-outside", eth / ip6(src="2001:db8::1")
           / UDP(sport=1, dport=2) / big)
    fr.add("big-ns-padded", bytes(ns) + bytes(6000))
    fr.add("big-ns-long-options", Ether(src=CLIENT_MAC, dst=snm_mac)
           / IPv6(src=CLIENT6, dst=snm, hlim=255) / ICMPv6ND_NS(tgt=SERVER6)
           / Raw(b"\x0e\xff" + bytes(2038)) / ICMPv6NDOptSrcLLAddr(
               lladdr=CLIENT_MAC))
    fr.add("big-udp-hlim0", eth / ip6(hlim=0) / UDP(sport=1, dport=2) / big)

    # Seeded random mutations of well-formed frames (past Ethernet).
    bases = [bytes(f) for f in (udp, tcp, echo, unreach, ns, na, hbh_udp)]
    for i in range(150):
        f = bytearray(rng.choice(bases))
        for _ in range(rng.randint(1, 4)):
            f[rng.randrange(14, len(f))] = rng.randrange(256)
        if rng.random() < 0.3:
            del f[rng.randrange(15, len(f) + 1):]
        fr.add("random%d" % i, f)

    for name, f in corpus:
        if f[12:14] == b"\x86\xdd":
            fr.add("corpus-" + name, f)
    return fr


def read_corpus(d):
    """The fuzzers' seed corpus: 8 option bytes, then an Ethernet frame
    (tests/fuzz/fuzz-common.h)."""
    out = []
    if d and os.path.isdir(d):
        for name in sorted(os.listdir(d)):
            with open(os.path.join(d, name), "rb") as f:
                data = f.read()
            if len(data) > 8 + 14:
                out.append((name, data[8:]))
    return out


def cmd_write(args):
    import logging
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    import scapy.all as s

    rng4 = random.Random(args.seed)
    rng6 = random.Random(args.seed + 1)
    fuzz = args.fuzz_dir
    side4 = build_side4(
        (s.ARP, s.Dot1Q, s.Ether, s.ICMP, s.IP, s.IPOption_LSRR,
         s.IPOption_NOP, s.IPOption_RR, s.IPOption_Router_Alert,
         s.IPOption_SSRR, s.IPOption_Timestamp, s.Raw, s.TCP, s.UDP),
        read_corpus(fuzz and os.path.join(fuzz, "corpus-4to6")), rng4)
    side6 = build_side6(
        (s.Dot1Q, s.Ether, s.ICMPv6DestUnreach, s.ICMPv6EchoReply,
         s.ICMPv6EchoRequest, s.ICMPv6ND_NA, s.ICMPv6ND_NS,
         s.ICMPv6ND_Redirect, s.ICMPv6ND_RS, s.ICMPv6ND_RA,
         s.ICMPv6NDOptDstLLAddr, s.ICMPv6NDOptMTU, s.ICMPv6NDOptSrcLLAddr,
         s.ICMPv6PacketTooBig, s.ICMPv6ParamProblem, s.ICMPv6TimeExceeded,
         s.ICMPv6MLQuery, s.ICMPv6MLReport, s.ICMPv6Unknown, s.IPv6,
         s.IPv6ExtHdrDestOpt, s.IPv6ExtHdrFragment, s.IPv6ExtHdrHopByHop,
         s.IPv6ExtHdrRouting, s.PadN, s.Raw, s.TCP, s.UDP, s.Jumbo,
         s.HBHOptUnknown, s.RouterAlert),
        read_corpus(fuzz and os.path.join(fuzz, "corpus-6to4")), rng6)
    os.makedirs(args.outdir, exist_ok=True)
    for name, fr in (("side4", side4), ("side6", side6)):
        write_pcap(os.path.join(args.outdir, name + ".pcap"),
                   [f for _, f in fr.items])
        with open(os.path.join(args.outdir, name + ".names"), "w") as f:
            for n, _ in fr.items:
                f.write(n + "\n")
        print("%s: %d frames" % (name, len(fr.items)))


# ---------------------------------------------------------------------------
# "inject".

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_STATISTICS = 6
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40
CLONE_NEWNET = 0x40000000


def setns(path_or_fd):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = (os.open(path_or_fd, os.O_RDONLY) if isinstance(path_or_fd, str)
          else path_or_fd)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "setns: %s" % os.strerror(e))
    if isinstance(path_or_fd, str):
        os.close(fd)


def drops_total():
    try:
        with open("/proc/net/ovs_nat64_drops") as f:
            return f.readline().strip()
    except OSError:
        return None


def cmd_inject(args):
    frames = read_pcap(args.pcap)
    home = os.open("/proc/self/ns/net", os.O_RDONLY)

    setns("/var/run/netns/" + args.recv_ns)
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(ETH_P_ALL))
    rx.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)   # SO_RCVBUFFORCE
    rx.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    rx.bind((args.recv_dev, ETH_P_ALL))
    rx.setblocking(False)

    setns("/var/run/netns/" + args.send_ns)
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    tx.bind((args.send_dev, 0))
    setns(home)                     # For /proc/net/ovs_nat64_drops.

    received = []
    noise = 0

    def drain():
        nonlocal noise
        n = 0
        while True:
            try:
                data, anc, _, addr = rx.recvmsg(65536, socket.CMSG_SPACE(20))
            except BlockingIOError:
                return n
            if addr[2] == PACKET_OUTGOING:
                noise += 1
                continue
            for level, typ, cdata in anc:
                if level == SOL_PACKET and typ == PACKET_AUXDATA:
                    status, _, _, _, _, tci, tpid = struct.unpack(
                        "IIIHHHH", cdata[:20])
                    if status & TP_STATUS_VLAN_VALID:
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        data = (data[:12] + struct.pack("!HH", tpid, tci)
                                + data[12:])
            received.append(data)
            n += 1

    errors = 0
    for i, frame in enumerate(frames):
        try:
            tx.send(frame)
        except OSError as e:
            errors += 1
            print("send of frame %d (%d bytes) failed: %s"
                  % (i, len(frame), e), file=sys.stderr)
        time.sleep(args.gap)
        drain()

    # Until nothing arrives and the drop counters stand still for a while
    # (the first frame of each datapath flow takes the upcall path).
    last = (len(received), drops_total())
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < args.quiet:
        select.select([rx], [], [], 0.2)
        drain()
        now = (len(received), drops_total())
        if now != last:
            last = now
            quiet_since = time.monotonic()

    stats = rx.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
    _, rx_drops = struct.unpack("II", stats)
    write_pcap(args.out, received)
    print("sent %d received %d noise %d send-errors %d capture-drops %d"
          % (len(frames) - errors, len(received), noise, errors, rx_drops))
    return 1 if errors or rx_drops else 0


# ---------------------------------------------------------------------------
# "compare".

def parse_counts(path, first_re):
    """Reads "name: count" lines (nat64-xlate's summary or
    /proc/net/ovs_nat64_drops) into a dict; the first line's numbers go to
    the keys of 'first_re'."""
    import re
    counts = {}
    with open(path) as f:
        for line in f:
            m = re.match(first_re[0], line.strip())
            if m:
                for key, val in zip(first_re[1], m.groups()):
                    counts[key] = int(val)
                continue
            m = re.match(r"^\s+([a-z0-9_]+): (\d+)$", line.rstrip("\n"))
            if m:
                counts[m.group(1)] = int(m.group(2))
    return counts


def ipv4_header_at(frame):
    """The offset of the IPv4 header of an Ethernet frame (after any VLAN
    tags), or None."""
    ofs = 12
    while frame[ofs:ofs + 2] in (b"\x81\x00", b"\x88\xa8"):
        ofs += 4
    if frame[ofs:ofs + 2] != b"\x08\x00" or len(frame) < ofs + 2 + 20:
        return None
    return ofs + 2


def mask_ipv4_id(frame):
    """The frame with IPv4 ID 0 and the header checksum that goes with it:
    the kernel takes IDs at random, nat64-xlate counts.  The checksum the
    frame came with must be right: else the frame is returned as it is,
    and so differs."""
    l3 = ipv4_header_at(frame)
    if l3 is None:
        return frame
    ihl = (frame[l3] & 0xf) * 4
    if csum(frame[l3:l3 + ihl]) != 0:
        return frame
    hdr = bytearray(frame[l3:l3 + ihl])
    hdr[4:6] = b"\0\0"
    hdr[10:12] = b"\0\0"
    hdr[10:12] = struct.pack("!H", csum(bytes(hdr)))
    return frame[:l3] + bytes(hdr) + frame[l3 + ihl:]


def checksum_state(frame):
    """Decodes an Ethernet frame with scapy, independently of lib/: returns
    (problems, l4_valid), 'problems' listing wrong IPv4 header checksums
    and lengths that disagree with the frame, 'l4_valid' whether the
    TCP, UDP, ICMP or ICMPv6 checksum right after the IP header (and
    IPv6 extension headers) is right, or None when it cannot be told: a
    fragment, a truncated or undecodable packet, ARP."""
    from scapy.all import Ether, IP, IPv6, IPv6ExtHdrFragment
    problems = []
    try:
        pkt = Ether(frame)
    except Exception:
        return ["undecodable"], None
    if IP in pkt:
        l3 = pkt[IP]
        at = len(frame) - len(bytes(l3))
        size = l3.len
        if csum(frame[at:at + l3.ihl * 4]) != 0:
            problems.append("IPv4 header checksum")
    elif IPv6 in pkt:
        l3 = pkt[IPv6]
        at = len(frame) - len(bytes(l3))
        size = 40 + l3.plen
    else:
        return problems, None
    # The frame ends where the L3 header says, or is padded to 60 bytes.
    if not (len(frame) - at == size
            or (len(frame) == 60 and len(frame) - at > size)):
        problems.append("L3 length %d, %d bytes" % (size, len(frame) - at))
    if IP in pkt and (l3.flags.MF or l3.frag
                      or any(o.option in (3, 9) for o in l3.options)):
        # A fragment has no checksum to check; with a source route the
        # pseudo-header's destination is not the header's (scapy takes
        # the route's last hop, right only before the first hop).
        return problems, None
    if IPv6ExtHdrFragment in pkt:
        return problems, None
    l4 = l3.payload
    while l4.__class__.__name__.startswith("IPv6ExtHdr"):
        l4 = l4.payload
    field = next((f.name for f in l4.fields_desc
                  if f.name in ("chksum", "cksum")), None)
    if field is None or problems:
        return problems, None
    if l4.__class__.__name__ == "UDP" and IP in pkt and l4.chksum == 0:
        return problems, True       # No checksum: IPv4 allows it.
    if l4.__class__.__name__.startswith("ICMP"):
        # Summed over the message's bytes as they are: scapy's rebuild
        # leaves out what it takes for padding after the packet inside an
        # error (an RFC 4884 datagram field is padded with zeros).
        start = len(frame) - len(bytes(l4))
        msg = frame[start:at + size]
        if IPv6 in pkt:
            msg = (frame[at + 8:at + 40] + struct.pack("!I3xB", len(msg), 58)
                   + msg)
        return problems, csum(msg) == 0
    fresh = pkt.copy()
    layer = fresh[l4.__class__]
    setattr(layer, field, None)
    try:
        return problems, bytes(fresh) == frame
    except Exception:
        return problems, None


def check_independently(sent_pcap, xlate_pcap):
    """Every translated frame decoded with scapy: no wrong header checksum
    or length, and a valid L4 checksum wherever the frame it came from had
    one.  Returns the number of frames that fail."""
    sent = dict(read_pcap(sent_pcap, with_index=True))
    bad = 0
    checked = 0
    for index, out in read_pcap(xlate_pcap, with_index=True):
        problems, out_valid = checksum_state(out)
        _, in_valid = checksum_state(sent.get(index, b""))
        if in_valid and out_valid is False:
            problems.append("L4 checksum wrong, right before translation")
        if out_valid is not None:
            checked += 1
        if problems:
            bad += 1
            if bad <= 10:
                print("    frame %d: %s" % (index, "; ".join(problems)))
    print("  scapy on the translated frames: %d with a problem, %d L4 "
          "checksums checked%s" % (bad, checked, "" if not bad
                                   else "   <-- not zero"))
    return bad


def cmd_compare(args):
    xlate = parse_counts(args.xlate_log, (
        r"^(\d+) packets read, (\d+) translated, (\d+) dropped$",
        ("read", "translated", "dropped")))
    before = parse_counts(args.before, (r"^nat64 drops: (\d+)$", ("total",)))
    after = parse_counts(args.after, (r"^nat64 drops: (\d+)$", ("total",)))
    special = ("read", "translated", "dropped", "total")
    reasons = sorted(set(k for k in list(xlate) + list(after)
                         if k not in special))
    ok = True
    label = args.label or args.direction
    print("%s (%s): %d frames sent" % (label, args.direction, args.sent))
    print("  %-34s %11s %8s" % ("drop reason", "nat64-xlate", "datapath"))
    for r in reasons:
        want = xlate.get(r, 0)
        got = after.get(r, 0) - before.get(r, 0)
        if not want and not got:
            continue
        mark = "" if want == got else "   <-- differs"
        ok = ok and want == got
        print("  %-34s %11d %8d%s" % (r, want, got, mark))
    kdrop = after.get("total", 0) - before.get("total", 0)
    received = read_pcap(args.received)
    print("  %-34s %11d %8d%s" % ("total dropped", xlate.get("dropped", 0),
                                  kdrop, "" if xlate.get("dropped", 0) == kdrop
                                  else "   <-- differs"))
    want = read_pcap(args.xlate_pcap)
    # A translated frame may leave as several IPv6 fragments (RFC 7915
    # 4.1): frames are counted as written.
    print("  %-34s %11d %8d%s" % ("frames out (datapath: arrived)",
                                  len(want), len(received),
                                  "" if len(want) == len(received)
                                  else "   <-- differs"))
    ok = ok and xlate.get("dropped", 0) == kdrop
    ok = ok and len(want) == len(received)
    if xlate.get("read") != args.sent:
        print("  nat64-xlate read %s frames, %d were sent"
              % (xlate.get("read"), args.sent))
        ok = False
    unaccounted = args.sent - xlate.get("translated", 0) - kdrop
    print("  sent - translated - dropped by the datapath = %d%s"
          % (unaccounted, "" if not unaccounted else "   <-- not zero"))
    ok = ok and unaccounted == 0
    mask = mask_ipv4_id if args.direction == "6to4" else (lambda f: f)
    a = sorted(mask(f) for f in want)
    b = sorted(mask(f) for f in received)
    same = 0
    bi = 0
    for f in a:
        while bi < len(b) and b[bi] < f:
            bi += 1
        if bi < len(b) and b[bi] == f:
            same += 1
            bi += 1
    print("  arrived frames equal to nat64-xlate's output: %d of %d%s%s"
          % (same, len(want),
             " (IPv4 ID masked, header checksum recomputed if right)"
             if args.direction == "6to4" else "",
             "" if same == len(want) == len(received)
             else "   <-- differs"))
    ok = ok and same == len(want) == len(received)
    if args.sent_pcap:
        ok = check_independently(args.sent_pcap, args.xlate_pcap) == 0 and ok
    return 0 if ok else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("--seed", type=int, default=64)
    w.add_argument("--fuzz-dir", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "fuzz"))
    w.add_argument("outdir")
    i = sub.add_parser("inject")
    i.add_argument("--gap", type=float, default=0.002)
    i.add_argument("--quiet", type=float, default=3.0)
    i.add_argument("send_ns")
    i.add_argument("send_dev")
    i.add_argument("recv_ns")
    i.add_argument("recv_dev")
    i.add_argument("pcap")
    i.add_argument("out")
    c = sub.add_parser("compare")
    c.add_argument("--direction", choices=("4to6", "6to4"), required=True)
    c.add_argument("--sent", type=int, required=True)
    c.add_argument("--label")
    c.add_argument("--sent-pcap")
    c.add_argument("xlate_log")
    c.add_argument("xlate_pcap")
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("received")
    args = p.parse_args()
    return {"write": cmd_write, "inject": cmd_inject,
            "compare": cmd_compare}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
