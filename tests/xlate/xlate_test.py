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

"""Tests of nat64-xlate, the offline pcap translator.

Builds pcap files with scapy, runs nat64-xlate on them and checks the
result with scapy, an implementation independent of lib/: addresses,
headers, checksums recomputed by scapy, Neighbor Discovery fields; then
translates back and compares with the original packets.  Also checks that
bad input and bad options are refused with a clear message and no crash.

Run by tests/xlate/translate.sh and tests/xlate/refusals.sh, or by hand:
    python3 tests/xlate/xlate_test.py [--xlate PATH] [--group NAME] [-v]
Everything is offline: files in a temporary directory, no network.
"""

import argparse
import ipaddress
import logging
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import traceback

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.all import (  # noqa: E402
    ARP, Dot1Q, Ether, ICMP, IP, IPv6, Raw, TCP, UDP,
    fragment)
from scapy.layers.inet6 import (  # noqa: E402
    IPv6ExtHdrFragment, defragment6, in6_chksum)

LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101

MAC_C = "02:00:00:00:00:0a"     # The tenant's client.
MAC_S = "02:00:00:00:00:64"     # The service.
IP_C = "192.168.0.10"
IP_S = "192.168.0.100"
BROADCAST = "ff:ff:ff:ff:ff:ff"

XLATE = None
VALGRIND = None
WORKDIR = None
VERBOSE = False


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def check_eq(got, want, what):
    if got != want:
        raise Failure("%s: got %r, want %r" % (what, got, want))


# ---------------------------------------------------------------------------
# pcap files, written and read here byte by byte so that the byte order,
# timestamp precision and link type are under the test's control.

def write_pcap(name, frames, linktype=LINKTYPE_ETHERNET, endian="<",
               nsec=False, snaplen=65535, records=None):
    """Writes 'frames' (scapy packets or bytes) to WORKDIR/name.
    'records', if given, is a list of raw (caplen, origlen, data) tuples
    written instead of 'frames'.  Returns the path."""
    path = os.path.join(WORKDIR, name)
    magic = 0xa1b23c4d if nsec else 0xa1b2c3d4
    with open(path, "wb") as f:
        f.write(struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen,
                            linktype))
        if records is None:
            records = [(len(bytes(fr)), len(bytes(fr)), bytes(fr))
                       for fr in frames]
        for i, (caplen, origlen, data) in enumerate(records):
            f.write(struct.pack(endian + "IIII", 1700000000 + i,
                                123456 + i, caplen, origlen))
            f.write(data)
    return path


class Pcap:
    def __init__(self, path):
        data = open(path, "rb").read()
        check(len(data) >= 24, "%s: short pcap file" % path)
        if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
            self.endian = "<"
        elif data[:4] in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
            self.endian = ">"
        else:
            raise Failure("%s: bad magic %s" % (path, data[:4].hex()))
        self.header = data[:24]
        (self.magic, self.major, self.minor, _, _, self.snaplen,
         self.linktype) = struct.unpack(self.endian + "IHHiIII", data[:24])
        self.records = []       # (sec, frac, caplen, origlen, data)
        ofs = 24
        while ofs < len(data):
            check(ofs + 16 <= len(data), "%s: truncated record" % path)
            sec, frac, caplen, origlen = struct.unpack(
                self.endian + "IIII", data[ofs:ofs + 16])
            check(ofs + 16 + caplen <= len(data),
                  "%s: truncated record data" % path)
            check(caplen <= self.snaplen,
                  "%s: caplen %d > snaplen %d" % (path, caplen, self.snaplen))
            self.records.append((sec, frac, caplen, origlen,
                                 data[ofs + 16:ofs + 16 + caplen]))
            ofs += 16 + caplen

    @property
    def frames(self):
        return [r[4] for r in self.records]


# ---------------------------------------------------------------------------
# Running nat64-xlate.

SUMMARY_RE = re.compile(r"^(\d+) packets read, (\d+) translated, "
                        r"(\d+) dropped$", re.M)
REASON_RE = re.compile(r"^  ([a-z0-9_]+): (\d+)$", re.M)


class Result:
    def __init__(self, proc, out_path):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.out_path = out_path

    def summary(self):
        m = SUMMARY_RE.search(self.stderr)
        check(m, "no summary line in stderr: %r" % self.stderr)
        reasons = {k: int(v) for k, v in REASON_RE.findall(self.stderr)}
        return tuple(int(x) for x in m.groups()), reasons

    def pcap(self):
        return Pcap(self.out_path)


def run(args, valgrind=False, stdin=None, binary=False):
    cmd = [XLATE] + list(args)
    if valgrind and VALGRIND:
        cmd = [VALGRIND, "-q", "--error-exitcode=99", "--leak-check=full",
               "--errors-for-leak-kinds=definite"] + cmd
    if VERBOSE:
        print("  $ " + " ".join(cmd))
    proc = subprocess.run(cmd, stdin=stdin, capture_output=True,
                          timeout=300)
    if not binary:
        proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    if VERBOSE and proc.stderr:
        print("    " + proc.stderr.rstrip().replace("\n", "\n    "))
    check(proc.returncode >= 0,
          "nat64-xlate killed by signal %d: %s\n%s"
          % (-proc.returncode, " ".join(cmd), proc.stderr))
    check(proc.returncode != 99 or not valgrind,
          "valgrind found errors: %s\n%s" % (" ".join(cmd), proc.stderr))
    return proc


def xlate(in_path, args=(), out_name=None, valgrind=False):
    """Runs nat64-xlate ARGS IN OUT, expects success, returns a Result."""
    out_path = os.path.join(
        WORKDIR, out_name or os.path.basename(in_path) + ".out")
    proc = run(list(args) + [in_path, out_path], valgrind=valgrind)
    check(proc.returncode == 0,
          "nat64-xlate %s failed (exit %d): %s"
          % (" ".join(args), proc.returncode, proc.stderr))
    return Result(proc, out_path)


def refused(args, want_rc, want_msg):
    """Runs nat64-xlate with 'args', expects exit status 'want_rc' and
    'want_msg' (a regular expression) in stderr."""
    proc = run(args)
    check(proc.returncode == want_rc,
          "nat64-xlate %s: exit %d, want %d (stderr: %r)"
          % (" ".join(args), proc.returncode, want_rc, proc.stderr))
    check(re.search(want_msg, proc.stderr),
          "nat64-xlate %s: stderr %r does not match %r"
          % (" ".join(args), proc.stderr, want_msg))
    check(proc.stderr.startswith("nat64-xlate: "),
          "nat64-xlate %s: message does not start with the program: %r"
          % (" ".join(args), proc.stderr))
    return proc


# ---------------------------------------------------------------------------
# Address mapping (RFC 6052 section 2.2), written independently of lib/.

def embed(prefix, v4):
    """Returns the IPv6 address (text) embedding IPv4 'v4' in 'prefix'
    ("P/LEN")."""
    net = ipaddress.IPv6Network(prefix)
    p = net.network_address.packed
    v = ipaddress.IPv4Address(v4).packed
    plen = net.prefixlen // 8
    a = bytearray(p[:plen])
    for b in v:
        if len(a) == 8:         # Bits 64-71: the u-octet, zero.
            a.append(0)
        a.append(b)
    a += bytes(16 - len(a))
    return str(ipaddress.IPv6Address(bytes(a)))


def ip6(text):
    return str(ipaddress.IPv6Address(text))


def solicited_node(addr):
    low = ipaddress.IPv6Address(addr).packed[13:]
    return str(ipaddress.IPv6Address(
        bytes.fromhex("ff0200000000000000000001ff") + low))


def solicited_node_mac(addr):
    low = ipaddress.IPv6Address(addr).packed[13:]
    return "33:33:ff:" + ":".join("%02x" % b for b in low)


# ---------------------------------------------------------------------------
# IPv6 packets taken apart by hand, with the checksums recomputed by scapy.

class V6:
    """An IPv6 packet (bytes from the IPv6 header on)."""

    def __init__(self, b):
        check(len(b) >= 40, "IPv6 packet too short (%d bytes)" % len(b))
        check(b[0] >> 4 == 6, "not IPv6 (version %d)" % (b[0] >> 4))
        self.raw = b
        self.tc = ((b[0] & 0xf) << 4) | (b[1] >> 4)
        self.flow = ((b[1] & 0xf) << 16) | (b[2] << 8) | b[3]
        self.plen, self.nh, self.hlim = struct.unpack("!HBB", b[4:8])
        self.src = str(ipaddress.IPv6Address(b[8:24]))
        self.dst = str(ipaddress.IPv6Address(b[24:40]))
        self.frag = None
        self.proto = self.nh
        ofs = 40
        if self.nh == 44:
            check(len(b) >= 48, "truncated Fragment header")
            nh, res, offm, ident = struct.unpack("!BBHI", b[40:48])
            self.frag = dict(nh=nh, res=res, offset=offm >> 3,
                             res2=(offm >> 1) & 3, m=offm & 1, id=ident)
            self.proto = nh
            ofs = 48
        self.l4 = b[ofs:]
        self.l4_ofs = ofs

    def l4_csum_ok(self, proto=None, l4=None):
        """Recomputes the TCP, UDP or ICMPv6 checksum with scapy's
        in6_chksum and compares it with the packet's."""
        proto = self.proto if proto is None else proto
        l4 = self.l4 if l4 is None else l4
        ofs = {6: 16, 17: 6, 58: 2}[proto]
        have = struct.unpack("!H", l4[ofs:ofs + 2])[0]
        zeroed = l4[:ofs] + b"\0\0" + l4[ofs + 2:]
        want = in6_chksum(proto, IPv6(self.raw[:40]), zeroed)
        if proto == 17 and want == 0:
            want = 0xffff
        return have == want, have, want


def check_l4_csum6(v6, what):
    ok, have, want = v6.l4_csum_ok()
    check(ok, "%s: L4 checksum 0x%04x, scapy computes 0x%04x"
          % (what, have, want))


def check_scapy_rebuild(frame, layer, what):
    """The brief's independent check: scapy recomputes the checksum of
    'layer' (TCP or UDP) after 'del', which must equal the packet's."""
    p = Ether(frame)
    have = p[layer].chksum
    del p[layer].chksum
    want = Ether(bytes(p))[layer].chksum
    check_eq(have, want, "%s: %s checksum (scapy rebuild)"
             % (what, layer.__name__))


def split_ether(frame):
    """Returns (dst, src, [vlan tags], ethertype, payload)."""
    dst = ":".join("%02x" % b for b in frame[0:6])
    src = ":".join("%02x" % b for b in frame[6:12])
    ofs, tags = 12, []
    etype = struct.unpack("!H", frame[ofs:ofs + 2])[0]
    while etype in (0x8100, 0x88a8):
        tags.append(frame[ofs:ofs + 4])
        ofs += 4
        etype = struct.unpack("!H", frame[ofs:ofs + 2])[0]
    return dst, src, tags, etype, frame[ofs + 2:]


def normalize_v4(frame, linktype=LINKTYPE_ETHERNET, inner=False):
    """Returns 'frame' with its IPv4 Identification and DF zeroed and the
    header checksum recomputed (RFC 7915 does not carry them for
    unfragmented packets), and, with 'inner', the same done to the IPv4
    packet embedded in an ICMP error."""
    p = Ether(frame) if linktype == LINKTYPE_ETHERNET else IP(frame)
    ip = p[IP]
    if not (ip.flags.MF or ip.frag):
        ip.id = 0
        ip.flags = int(ip.flags) & ~2
    del ip.chksum
    if inner and ICMP in p and p[ICMP].type in (3, 11, 12):
        ip.payload.payload = Raw(normalize_v4(
            bytes(ip.payload.payload), LINKTYPE_RAW))
        del p[ICMP].chksum
    return bytes(p)


# ---------------------------------------------------------------------------
# The packets.

def eth(src=MAC_C, dst=MAC_S):
    return Ether(src=src, dst=dst)


def c2s(**kw):
    return IP(src=IP_C, dst=IP_S, ttl=64, tos=0x10, id=0x4242, flags="DF",
              **kw)


def s2c(**kw):
    return IP(src=IP_S, dst=IP_C, ttl=63, id=0x0101, **kw)


PAYLOAD = b"GET / HTTP/1.0\r\nHost: service\r\n\r\n"


def basic_packets():
    """The unfragmented IP packets, by name, as Ethernet frames."""
    inner_udp = (IP(src=IP_C, dst=IP_S, ttl=63, id=0x77)
                 / UDP(sport=5353, dport=53) / Raw(b"hello udp"))
    inner_tcp = (IP(src=IP_C, dst=IP_S, ttl=62, id=0x78, flags="DF")
                 / TCP(sport=40000, dport=80, seq=1000, flags="S"))
    return {
        "tcp": eth() / c2s() / TCP(sport=40000, dport=80, seq=1000,
                                   ack=2000, flags="PA") / Raw(PAYLOAD),
        "udp": eth() / c2s() / UDP(sport=5353, dport=53)
        / Raw(b"hello udp"),
        "udp0": eth() / c2s() / UDP(sport=5353, dport=53, chksum=0)
        / Raw(b"zero checksum"),
        "echo-request": eth() / c2s() / ICMP(type=8, id=0x1234, seq=7)
        / Raw(b"ping" * 8),
        "echo-reply": eth(MAC_S, MAC_C) / s2c() / ICMP(type=0, id=0x1234,
                                                      seq=7)
        / Raw(b"ping" * 8),
        "port-unreach": eth(MAC_S, MAC_C) / s2c()
        / ICMP(type=3, code=3) / inner_udp,
        "frag-needed": eth(MAC_S, MAC_C) / s2c()
        / ICMP(type=3, code=4, nexthopmtu=1400) / inner_tcp,
        "time-exceeded": eth(MAC_S, MAC_C) / s2c()
        / ICMP(type=11, code=0) / inner_udp,
        "vlan-tcp": eth() / Dot1Q(vlan=10, prio=3) / c2s()
        / TCP(sport=40001, dport=80, flags="S"),
        "gre": eth() / c2s(proto=47) / Raw(b"\x00\x00\x08\x00opaque"),
    }


def fragments():
    big = (IP(src=IP_C, dst=IP_S, ttl=64, id=0x1234)
           / UDP(sport=1111, dport=2222) / Raw(bytes(range(256)) * 12))
    return [eth() / f for f in fragment(big, fragsize=1024)]


def arp_packets():
    return {
        "arp-request": Ether(src=MAC_C, dst=BROADCAST)
        / ARP(op=1, hwsrc=MAC_C, psrc=IP_C, hwdst="00:00:00:00:00:00",
              pdst=IP_S),
        "arp-reply": Ether(src=MAC_S, dst=MAC_C)
        / ARP(op=2, hwsrc=MAC_S, psrc=IP_S, hwdst=MAC_C, pdst=IP_C),
        "arp-gratuitous": Ether(src=MAC_C, dst=BROADCAST)
        / ARP(op=2, hwsrc=MAC_C, psrc=IP_C, hwdst="00:00:00:00:00:00",
              pdst=IP_C),
        "arp-probe": Ether(src=MAC_C, dst=BROADCAST)
        / ARP(op=1, hwsrc=MAC_C, psrc="0.0.0.0", hwdst="00:00:00:00:00:00",
              pdst=IP_C),
    }


# ---------------------------------------------------------------------------
# Checks of single translated packets.

def check_l2(orig, out, what, dst=None):
    o_dst, o_src, o_tags, _, _ = split_ether(orig)
    n_dst, n_src, n_tags, n_type, _ = split_ether(out)
    check_eq(n_type, 0x86dd, what + ": ethertype")
    check_eq(n_src, o_src, what + ": Ethernet source")
    check_eq(n_dst, dst or o_dst, what + ": Ethernet destination")
    check_eq(n_tags, o_tags, what + ": VLAN tags")


def check_v6_header(orig, v6, prefix, what, hlim=None):
    ip = Ether(orig)[IP]
    check_eq(v6.src, embed(prefix, ip.src), what + ": IPv6 source")
    check_eq(v6.dst, embed(prefix, ip.dst), what + ": IPv6 destination")
    check_eq(v6.hlim, ip.ttl if hlim is None else hlim, what + ": hop limit")
    check_eq(v6.tc, ip.tos, what + ": traffic class")
    check_eq(v6.flow, 0, what + ": flow label")
    check_eq(v6.plen, len(v6.raw) - 40, what + ": payload length")


def check_icmp_error(name, orig, v6, prefix, want_type, want_code,
                     want_word=0):
    what = name
    check_eq(v6.proto, 58, what + ": next header")
    check_l4_csum6(v6, what + ": ICMPv6")
    typ, code = v6.l4[0], v6.l4[1]
    check_eq((typ, code), (want_type, want_code), what + ": type/code")
    check_eq(struct.unpack("!I", v6.l4[4:8])[0], want_word,
             what + ": ICMPv6 word 2 (MTU/pointer/unused)")
    inner_orig = Ether(orig)[ICMP].payload
    inner_ip = IP(bytes(inner_orig))
    inner = V6(v6.l4[8:])
    check_eq(inner.src, embed(prefix, inner_ip.src), what + ": inner source")
    check_eq(inner.dst, embed(prefix, inner_ip.dst),
             what + ": inner destination")
    check_eq(inner.nh, inner_ip.proto, what + ": inner next header")
    check_eq(inner.hlim, inner_ip.ttl, what + ": inner hop limit")
    check_eq(inner.plen, inner_ip.len - inner_ip.ihl * 4,
             what + ": inner payload length")
    orig_l4 = bytes(inner_ip.payload)
    check_eq(len(inner.l4), len(orig_l4), what + ": inner L4 length")
    if inner_ip.proto == 17:
        check_eq(inner.l4[:6], orig_l4[:6], what + ": inner UDP header")
        check_eq(inner.l4[8:], orig_l4[8:], what + ": inner UDP data")
        check_l4_csum6(inner, what + ": inner UDP")
    elif inner_ip.proto == 6:
        check_eq(inner.l4[:16], orig_l4[:16], what + ": inner TCP header")
        check_l4_csum6(inner, what + ": inner TCP")


def check_4to6_packet(name, orig, out, prefix="fe80::/96", hlim=None):
    """Checks the translation of one of basic_packets()."""
    what = name
    check_l2(orig, out, what)
    _, _, _, _, l3 = split_ether(out)
    v6 = V6(l3)
    check_v6_header(orig, v6, prefix, what, hlim)
    check(v6.frag is None, what + ": unexpected Fragment header")
    ip = Ether(orig)[IP]
    orig_l4 = bytes(ip.payload)
    if name in ("tcp", "vlan-tcp"):
        check_eq(v6.nh, 6, what + ": next header")
        check_eq(v6.l4[:16], orig_l4[:16], what + ": TCP header")
        check_eq(v6.l4[18:], orig_l4[18:], what + ": TCP options and data")
        check_l4_csum6(v6, what + ": TCP")
        check_scapy_rebuild(out, TCP, what)
    elif name in ("udp", "udp0"):
        check_eq(v6.nh, 17, what + ": next header")
        check_eq(v6.l4[:6], orig_l4[:6], what + ": UDP header")
        check_eq(v6.l4[8:], orig_l4[8:], what + ": UDP data")
        check(v6.l4[6:8] != b"\0\0", what + ": UDP checksum is zero")
        check_l4_csum6(v6, what + ": UDP")
        check_scapy_rebuild(out, UDP, what)
    elif name in ("echo-request", "echo-reply"):
        check_eq(v6.nh, 58, what + ": next header")
        check_eq(v6.l4[0], 128 if name == "echo-request" else 129,
                 what + ": ICMPv6 type")
        check_eq(v6.l4[1], 0, what + ": ICMPv6 code")
        check_eq(v6.l4[4:], orig_l4[4:], what + ": id, sequence, data")
        check_l4_csum6(v6, what + ": ICMPv6")
    elif name == "port-unreach":
        check_icmp_error(name, orig, v6, prefix, 1, 4)
    elif name == "frag-needed":
        check_icmp_error(name, orig, v6, prefix, 2, 0, 1400 + 20)
    elif name == "time-exceeded":
        check_icmp_error(name, orig, v6, prefix, 3, 0)
    elif name == "gre":
        check_eq(v6.nh, 47, what + ": next header")
        check_eq(v6.l4, orig_l4, what + ": payload")
    else:
        raise Failure("no check for " + name)


def parse_nd_options(data):
    opts = []
    while data:
        check(len(data) >= 8 and data[1], "bad ND option")
        opts.append((data[0], data[2:data[1] * 8]))
        data = data[data[1] * 8:]
    return opts


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def check_nd_packet(name, orig, out):
    what = name
    arp = Ether(orig)[ARP]
    p = "fe80::/96"
    spa6, tpa6 = embed(p, arp.psrc), embed(p, arp.pdst)
    if name == "arp-request":
        want = dict(dst_mac=solicited_node_mac(tpa6), src=spa6,
                    dst=solicited_node(tpa6), type=135, tgt=tpa6,
                    flags=0, opts=[(1, mac_bytes(arp.hwsrc))])
    elif name == "arp-reply":
        want = dict(dst_mac=Ether(orig).dst, src=spa6, dst=tpa6, type=136,
                    tgt=spa6, flags=0x60, opts=[(2, mac_bytes(arp.hwsrc))])
    elif name == "arp-gratuitous":
        want = dict(dst_mac="33:33:00:00:00:01", src=spa6, dst="ff02::1",
                    type=136, tgt=spa6, flags=0x20,
                    opts=[(2, mac_bytes(arp.hwsrc))])
    elif name == "arp-probe":
        want = dict(dst_mac=solicited_node_mac(tpa6), src="::",
                    dst=solicited_node(tpa6), type=135, tgt=tpa6,
                    flags=0, opts=[])
    else:
        raise Failure("no check for " + name)

    check_l2(orig, out, what, dst=want["dst_mac"])
    _, _, _, _, l3 = split_ether(out)
    v6 = V6(l3)
    check_eq(v6.src, ip6(want["src"]), what + ": IPv6 source")
    check_eq(v6.dst, ip6(want["dst"]), what + ": IPv6 destination")
    check_eq(v6.hlim, 255, what + ": hop limit")
    check_eq(v6.nh, 58, what + ": next header")
    check_eq(v6.plen, len(l3) - 40, what + ": payload length")
    check_eq(v6.l4[0], want["type"], what + ": ICMPv6 type")
    check_eq(v6.l4[1], 0, what + ": ICMPv6 code")
    check_eq(v6.l4[4], want["flags"], what + ": R/S/O flags")
    check_eq(v6.l4[5:8], b"\0\0\0", what + ": reserved")
    check_eq(str(ipaddress.IPv6Address(v6.l4[8:24])), ip6(want["tgt"]),
             what + ": target")
    check_eq(parse_nd_options(v6.l4[24:]), want["opts"],
             what + ": options")
    check_l4_csum6(v6, what + ": ICMPv6")


# ---------------------------------------------------------------------------
# Test cases.  Each is a function; @case registers it in a group.

CASES = []


def case(group):
    def register(fn):
        CASES.append((group, fn))
        return fn
    return register


def check_v4_checksums(frame, what, linktype=LINKTYPE_ETHERNET):
    """Checks the IPv4 header checksum and, for an unfragmented packet, the
    TCP, UDP or ICMP checksum as scapy recomputes them, and in an ICMP
    error the embedded IPv4 header's checksum."""
    def parse(b):
        return (Ether(b) if linktype == LINKTYPE_ETHERNET else IP(b))[IP]

    ip = parse(frame)
    have = ip.chksum
    del ip.chksum
    check_eq(have, IP(bytes(ip)).chksum, what + ": IPv4 header checksum")
    ip = parse(frame)
    if ip.flags.MF or ip.frag or ip.proto not in (1, 6, 17):
        return
    have = ip.payload.chksum
    del ip.payload.chksum
    check_eq(have, IP(bytes(ip)).payload.chksum, what + ": L4 checksum")
    ip = parse(frame)
    if ip.proto == 1 and ip.payload.type in (3, 11, 12):
        inner = bytes(ip.payload.payload)
        if len(inner) >= 20:
            check_eq(in4_csum(inner[:(inner[0] & 15) * 4]), 0,
                     what + ": inner IPv4 header checksum")


def in4_csum(b):
    """RFC 1071 sum of 'b', complemented: 0 for a header with a valid
    checksum."""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def roundtrip_check(names, origs, backs, what, exact=()):
    check_eq(len(backs), len(origs), what + ": packets back")
    for name, orig, back in zip(names, origs, backs):
        if not name.startswith("arp"):
            check_v4_checksums(back, "%s %s" % (what, name))
        if name in exact:
            check_eq(back.hex(), orig.hex(), "%s %s: round trip"
                     % (what, name))
            continue
        o, b = normalize_v4(orig, inner=True), normalize_v4(back, inner=True)
        if name == "udp0":
            # The zero checksum comes back computed.
            p = Ether(o)
            del p[UDP].chksum
            o = bytes(p)
        check_eq(b.hex(), o.hex(), "%s %s: round trip (ID, DF normalized)"
                 % (what, name))


@case("translate")
def test_basic_4to6_and_back():
    """IPv4 TCP, UDP, UDP with zero checksum, ICMP echo and errors, VLAN,
    another protocol: 4to6 checked field by field, then back."""
    pkts = basic_packets()
    names = list(pkts)
    frames = [bytes(pkts[n]) for n in names]
    path = write_pcap("basic.pcap", frames)
    res = xlate(path, ["--direction", "4to6"], valgrind=True)
    (nread, ntrans, ndrop), reasons = res.summary()
    check_eq((nread, ntrans, ndrop), (len(frames), len(frames), 0),
             "summary (read, translated, dropped)")
    out = res.pcap()
    check_eq(len(out.frames), len(frames), "records written")
    for name, orig, new in zip(names, frames, out.frames):
        check_4to6_packet(name, orig, new)

    back = xlate(res.out_path, ["--direction", "6to4"], "basic.back",
                 valgrind=True)
    check_eq(back.summary()[0], (len(frames),) * 2 + (0,),
             "6to4 summary")
    roundtrip_check(names, frames, back.pcap().frames, "6to4")


@case("translate")
def test_ipv4_id_counter():
    """6to4 without a Fragment header: small packets get DF clear and IDs
    from a counter that starts at 1."""
    pkts = basic_packets()
    frames = [bytes(pkts["udp"])] * 3
    res = xlate(write_pcap("ids.pcap", frames), ["-d", "4to6"])
    back = xlate(res.out_path, ["-d", "6to4"], "ids.back").pcap()
    ids = [Ether(f)[IP].id for f in back.frames]
    check_eq(ids, [1, 2, 3], "IPv4 IDs")
    for f in back.frames:
        check_eq(int(Ether(f)[IP].flags), 0, "IPv4 flags (DF clear)")


@case("translate")
def test_fragments():
    """IPv4 fragments (first and later) get an IPv6 Fragment header; the
    reassembled IPv6 datagram has a valid UDP checksum; back is exact."""
    frames = [bytes(f) for f in fragments()]
    check(len(frames) >= 3, "scapy made %d fragments" % len(frames))
    res = xlate(write_pcap("frag.pcap", frames), valgrind=True)
    out = res.pcap()
    check_eq(len(out.frames), len(frames), "fragments translated")
    v6s = []
    for i, (orig, new) in enumerate(zip(frames, out.frames)):
        what = "fragment %d" % i
        check_l2(orig, new, what)
        ip = Ether(orig)[IP]
        v6 = V6(split_ether(new)[4])
        check_v6_header(orig, v6, "fe80::/96", what)
        check_eq(v6.nh, 44, what + ": next header")
        check(v6.frag is not None, what + ": no Fragment header")
        check_eq(v6.frag["nh"], 17, what + ": fragment next header")
        check_eq(v6.frag["offset"], ip.frag, what + ": fragment offset")
        check_eq(v6.frag["m"], 1 if ip.flags.MF else 0, what + ": M flag")
        check_eq(v6.frag["id"], 0x1234, what + ": identification")
        check_eq((v6.frag["res"], v6.frag["res2"]), (0, 0),
                 what + ": reserved")
        data = bytes(ip.payload)
        if ip.frag == 0:
            check_eq(v6.l4[:6], data[:6], what + ": UDP header")
            check_eq(v6.l4[8:], data[8:], what + ": data")
        else:
            check_eq(v6.l4, data, what + ": data")
        v6s.append(IPv6(v6.raw))
    whole = defragment6(v6s)
    check(UDP in whole, "scapy did not reassemble the fragments")
    have = whole[UDP].chksum
    del whole[UDP].chksum
    want = IPv6(bytes(whole))[UDP].chksum
    check_eq(have, want, "reassembled UDP checksum")

    back = xlate(res.out_path, [], "frag.back").pcap()
    roundtrip_check(["f%d" % i for i in range(len(frames))], frames,
                    back.frames, "fragments",
                    exact=["f%d" % i for i in range(len(frames))])


@case("translate")
def test_arp_nd():
    """ARP request, reply, gratuitous ARP and probe become NS/NA with the
    right addresses, flags, options and 33:33:.. destinations; back is
    exact."""
    pkts = arp_packets()
    names = list(pkts)
    frames = [bytes(pkts[n]) for n in names]
    res = xlate(write_pcap("arp.pcap", frames), valgrind=True)
    out = res.pcap()
    check_eq(len(out.frames), len(frames), "ARP packets translated")
    for name, orig, new in zip(names, frames, out.frames):
        check_nd_packet(name, orig, new)
    back = xlate(res.out_path, [], "arp.back").pcap()
    roundtrip_check(names, frames, back.frames, "NDP to ARP", exact=names)


@case("translate")
def test_drops_counted():
    """Packets the translator refuses are not written and are counted by
    reason; other ethertypes are wrong_l3_protocol."""
    good = bytes(basic_packets()["udp"])
    bad_csum = bytearray(good)
    bad_csum[14 + 10] ^= 0xff                   # IPv4 header checksum.
    lldp = bytes(Ether(src=MAC_C, dst="01:80:c2:00:00:0e", type=0x88cc)
                 / Raw(b"\0" * 40))
    frames = [good, bytes(bad_csum), lldp, good]
    res = xlate(write_pcap("drops.pcap", frames))
    summary, reasons = res.summary()
    check_eq(summary, (4, 2, 2), "summary")
    check_eq(reasons, {"ipv4_bad_checksum": 1, "wrong_l3_protocol": 1},
             "drop reasons")
    check_eq(len(res.pcap().frames), 2, "records written")

    # A forced direction drops the other family.
    v6 = xlate(res.out_path, ["-d", "4to6"], "drops.v6")
    summary, reasons = v6.summary()
    check_eq(summary, (2, 0, 2), "4to6 on IPv6: summary")
    check_eq(reasons, {"wrong_l3_protocol": 2}, "4to6 on IPv6: reasons")
    v4 = xlate(write_pcap("drops4.pcap", [good]), ["-d", "6to4"])
    check_eq(v4.summary(), ((1, 0, 1), {"wrong_l3_protocol": 1}),
             "6to4 on IPv4")


@case("translate")
def test_ttl_decrement():
    """--ttl decrement: hop limit = TTL - 1, TTL 1 dropped."""
    frames = [bytes(eth() / IP(src=IP_C, dst=IP_S, ttl=ttl)
                    / UDP(sport=1, dport=2)) for ttl in (64, 1)]
    res = xlate(write_pcap("ttl.pcap", frames), ["--ttl", "decrement"])
    check_eq(res.summary(), ((2, 1, 1), {"ttl_expired": 1}), "summary")
    v6 = V6(split_ether(res.pcap().frames[0])[4])
    check_eq(v6.hlim, 63, "hop limit")
    back = xlate(res.out_path, ["--ttl", "decrement"], "ttl.back").pcap()
    check_eq(Ether(back.frames[0])[IP].ttl, 62, "TTL back")
    copy = xlate(write_pcap("ttl2.pcap", frames[:1]), ["--ttl", "copy"])
    check_eq(V6(split_ether(copy.pcap().frames[0])[4]).hlim, 64,
             "hop limit (copy)")


def prefix_roundtrip(prefix):
    pkts = basic_packets()
    names = ["tcp", "udp", "echo-request", "echo-reply", "port-unreach"]
    frames = [bytes(pkts[n]) for n in names]
    tag = prefix.replace(":", "_").replace("/", "-")
    res = xlate(write_pcap("pfx%s.pcap" % tag, frames),
                ["--prefix", prefix])
    check_eq(res.summary()[0], (len(frames), len(frames), 0),
             prefix + ": 4to6 summary")
    for name, orig, new in zip(names, frames, res.pcap().frames):
        try:
            check_4to6_packet(name, orig, new, prefix)
        except Failure as e:
            raise Failure("%s: %s" % (prefix, e))
    back = xlate(res.out_path, ["--prefix", prefix], "pfx%s.back" % tag)
    roundtrip_check(names, frames, back.pcap().frames, prefix)
    if prefix != "fe80::/96":
        # Not in the default prefix.
        other = xlate(res.out_path, [], "pfx%s.other" % tag)
        summary, reasons = other.summary()
        check_eq(summary[1], 0, prefix + ": translated with fe80::/96")


# RFC 4884 multi-part ICMP errors, built byte by byte here and checked with
# an independent parse: RFC 7915 4.2 and 5.2 say the translator keeps the
# extension structure and adjusts the Length attribute.

def icmp_ext_structure(*objects):
    """An RFC 4884 extension structure: version 2, its checksum, then the
    objects (class, C-type, payload)."""
    body = b"".join(struct.pack("!HBB", 4 + len(data), cls, ctype) + data
                    for cls, ctype, data in objects)
    ext = bytearray(b"\x20\x00\x00\x00" + body)
    struct.pack_into("!H", ext, 2, in4_csum(bytes(ext)))
    return bytes(ext)


# An MPLS label stack entry (RFC 4950: class 1, C-type 1): label 16, S, TTL 1.
MPLS_EXT = icmp_ext_structure((1, 1, struct.pack("!I", (16 << 12) | 0x101)))


def icmp4_msg(typ, code, word, payload):
    m = bytearray(struct.pack("!BBHI", typ, code, 0, word) + payload)
    struct.pack_into("!H", m, 2, in4_csum(bytes(m)))
    return bytes(m)


def icmp6_msg(src, dst, typ, code, word, payload):
    m = bytearray(struct.pack("!BBHI", typ, code, 0, word) + payload)
    pseudo = (ipaddress.IPv6Address(src).packed
              + ipaddress.IPv6Address(dst).packed
              + struct.pack("!I3xB", len(m), 58))
    struct.pack_into("!H", m, 2, in4_csum(pseudo + bytes(m)))
    return bytes(m)


def padded(b, n):
    check(len(b) <= n, "test bug: %d bytes do not fit in %d" % (len(b), n))
    return b + bytes(n - len(b))


def inner4(data=b"hello udp", ident=0x77):
    return bytes(IP(src=IP_C, dst=IP_S, ttl=63, id=ident)
                 / UDP(sport=5353, dport=53) / Raw(data))


def error4(typ, code, word, payload):
    return bytes(eth(MAC_S, MAC_C) / s2c(proto=1)
                 / Raw(icmp4_msg(typ, code, word, payload)))


def check_ext_4to6(what, out, want_type, want_len, want_ext, inner_orig):
    """The ICMPv6 error in 'out': type, Length attribute (byte 4, 64-bit
    words), the translated datagram padded with zeros, the extension
    structure unchanged, the checksum, the 1280-byte limit."""
    v6 = V6(split_ether(out)[4])
    check_eq(v6.proto, 58, what + ": next header")
    check_l4_csum6(v6, what + ": ICMPv6")
    check(len(v6.raw) <= 1280, what + ": %d bytes, over 1280" % len(v6.raw))
    check_eq(v6.l4[0], want_type, what + ": ICMPv6 type")
    check_eq(v6.l4[4], want_len, what + ": Length attribute")
    field = v6.l4[8:8 + want_len * 8] if want_len else v6.l4[8:]
    if want_len:
        check(len(field) >= 128, what + ": datagram field under 128 bytes")
        check_eq(v6.l4[8 + want_len * 8:].hex(), want_ext.hex(),
                 what + ": extension structure")
    inner = V6(field)
    ip = IP(inner_orig)
    check_eq(inner.src, embed("fe80::/96", ip.src), what + ": inner source")
    check_eq(inner.nh, ip.proto, what + ": inner next header")
    check_eq(inner.plen, ip.len - 20, what + ": inner payload length")
    l4 = bytes(ip.payload)
    kept = inner.l4[:len(l4)]
    check_eq(kept[:6], l4[:6][:len(kept)], what + ": inner UDP header")
    check_eq(kept[8:], l4[8:len(kept)], what + ": inner UDP data")
    return v6, field


def check_ext_6to4(what, out, want_type, want_len, want_ext):
    """The ICMPv4 error in 'out': Length attribute in byte 5 (32-bit
    words), the extension structure unchanged, checksums, 576 bytes."""
    ip = Ether(out)[IP]
    raw = bytes(ip)
    check(len(raw) <= 576, what + ": %d bytes, over 576" % len(raw))
    check_eq(in4_csum(raw[:20]), 0, what + ": IPv4 header checksum")
    icmp = raw[20:]
    check_eq(in4_csum(icmp), 0, what + ": ICMPv4 checksum")
    check_eq(icmp[0], want_type, what + ": ICMPv4 type")
    check_eq(icmp[5], want_len, what + ": Length attribute")
    if want_len:
        check(want_len * 4 >= 128, what + ": datagram field under 128")
        check_eq(icmp[8 + want_len * 4:].hex(), want_ext.hex(),
                 what + ": extension structure")
    return icmp


@case("translate")
def test_icmp_extensions():
    """RFC 4884 extensions of ICMP errors (RFC 7915 4.2, 5.2): kept after
    the translated datagram, padded to the new unit and to 128 bytes, cut
    to 1280 / 576 bytes, dropped where the new type has no Length
    attribute or no room; Length 0 and no extension structure translate
    as plain errors; a Length past the message and malformed objects are
    counted drops."""
    d128 = padded(inner4(), 128)
    frames = {
        # Time Exceeded, 128 bytes of datagram (Length 32), one object.
        "te": error4(11, 0, 32 << 16, d128 + MPLS_EXT),
        # Length 0: whatever follows is taken as the datagram.
        "len0": error4(11, 0, 0, d128 + MPLS_EXT),
        # Not an extension structure (version 1): as if Length were 0.
        "notext": error4(3, 3, 32 << 16, d128 + b"\x10" + bytes(11)),
        # Parameter Problem (pointer 9, protocol): ICMPv6's has no Length.
        "pp": error4(12, 0, (9 << 24) | (32 << 16), d128 + MPLS_EXT),
        # The longest datagram (255 words) and a 304-byte structure: cut.
        "big": error4(3, 1, 255 << 16,
                      padded(inner4(bytes(range(256)) * 3), 1020)
                      + icmp_ext_structure((2, 1, bytes(296)))),
        # A structure too big to leave 128 bytes of datagram: it goes.
        "hugeext": error4(3, 1, 32 << 16,
                          d128 + icmp_ext_structure((2, 1, bytes(1196)))),
        # A sender that breaks RFC 4884's 128 bytes (Length 12).
        "short": error4(11, 0, 12 << 16, padded(inner4(), 48) + MPLS_EXT),
        # Drops: a Length past the message, an object shorter than its
        # own header.
        "badlen": error4(11, 0, 60 << 16, d128 + MPLS_EXT),
        "badobj": error4(11, 0, 32 << 16,
                         d128 + b"\x20\x00\x00\x00\x00\x03\x01\x01"),
    }
    names = list(frames)
    res = xlate(write_pcap("ext4.pcap", [frames[n] for n in names]),
                ["-d", "4to6"], valgrind=True)
    check_eq(res.summary(), ((9, 7, 2), {"icmp_extension_bad_length": 1,
                                         "icmp_extension_malformed": 1}),
             "4to6 summary")
    out = dict(zip(names[:7], res.pcap().frames))

    v6, field = check_ext_4to6("te", out["te"], 3, 19, MPLS_EXT, inner4())
    check_eq(field[40 + 108:], bytes(4), "te: 4 bytes of padding")
    check_ext_4to6("len0", out["len0"], 3, 0, b"", inner4())
    check_eq(V6(split_ether(out["len0"])[4]).l4[-12:], MPLS_EXT,
             "len0: the bytes after the datagram carried in it")
    check_ext_4to6("notext", out["notext"], 1, 0, b"", inner4())
    v6, _ = check_ext_4to6("pp", out["pp"], 4, 0, b"", inner4())
    check_eq(len(v6.l4), 8 + 40 + 108, "pp: datagram only, no extension")
    big_ext = icmp_ext_structure((2, 1, bytes(296)))
    v6, field = check_ext_4to6("big", out["big"], 1, 116, big_ext,
                               inner4(bytes(range(256)) * 3))
    check_eq(len(v6.raw), 1280, "big: cut to 1280 bytes")
    v6, _ = check_ext_4to6("hugeext", out["hugeext"], 1, 0, b"", inner4())
    check_eq(len(v6.l4), 8 + 40 + 108, "hugeext: the structure went")
    v6, field = check_ext_4to6("short", out["short"], 3, 16, MPLS_EXT,
                               inner4())
    check_eq(field[40 + 28:], bytes(60), "short: padded to 128 bytes")

    # Back to IPv4: the same structure, a Length in 32-bit words.
    back = xlate(res.out_path, ["-d", "6to4"], "ext4.back", valgrind=True)
    check_eq(back.summary()[0], (7, 7, 0), "6to4 summary")
    bk = dict(zip(names[:7], back.pcap().frames))
    icmp = check_ext_6to4("te back", bk["te"], 11, 33, MPLS_EXT)
    check_eq(icmp[8:8 + len(d128)].hex(), padded(inner4(ident=0), 128).hex(),
             "te back: the datagram as it was (ID 0), zeros after it")
    icmp = check_ext_6to4("big back", bk["big"], 3, 61, big_ext)
    check_eq(len(icmp) + 20, 576, "big back: cut to 576 bytes")
    check_ext_6to4("short back", bk["short"], 11, 32, MPLS_EXT)
    check_ext_6to4("len0 back", bk["len0"], 11, 0, b"")

    # From IPv6: 6to4 of errors built as IPv6.
    def error6(typ, code, word, payload):
        src, dst = "fe80::c0a8:64", "fe80::c0a8:a"
        return bytes(eth(MAC_S, MAC_C)
                     / IPv6(src=src, dst=dst, hlim=63, nh=58)
                     / Raw(icmp6_msg(src, dst, typ, code, word, payload)))
    inner6 = bytes(IPv6(src="fe80::c0a8:a", dst="fe80::c0a8:64", hlim=63)
                   / UDP(sport=5353, dport=53) / Raw(b"hello udp"))
    frames6 = {
        "te6": error6(3, 0, 16 << 24, padded(inner6, 128) + MPLS_EXT),
        "big6": error6(1, 4, 125 << 24, padded(inner6, 1000)
                       + icmp_ext_structure((2, 1, bytes(96)))),
        "hugeext6": error6(1, 4, 16 << 24, padded(inner6, 128)
                           + icmp_ext_structure((2, 1, bytes(500)))),
        "badlen6": error6(3, 0, 40 << 24, padded(inner6, 128) + MPLS_EXT),
    }
    names6 = list(frames6)
    res6 = xlate(write_pcap("ext6.pcap", [frames6[n] for n in names6]),
                 ["-d", "6to4"], valgrind=True)
    check_eq(res6.summary(), ((4, 3, 1), {"icmp_extension_bad_length": 1}),
             "6to4 summary")
    o6 = dict(zip(names6[:3], res6.pcap().frames))
    icmp = check_ext_6to4("te6", o6["te6"], 11, 32, MPLS_EXT)
    check_eq(icmp[8 + 20 + 17:8 + 128], bytes(128 - 37),
             "te6: zeros after the datagram")
    icmp = check_ext_6to4("big6", o6["big6"], 3, 111,
                          icmp_ext_structure((2, 1, bytes(96))))
    check_eq(len(icmp) + 20, 576, "big6: cut to 576 bytes")
    icmp = check_ext_6to4("hugeext6", o6["hugeext6"], 3, 0, b"")
    check_eq(len(icmp), 8 + 20 + 88, "hugeext6: the structure went")


@case("translate")
def test_prefix_well_known():
    """--prefix 64:ff9b::/96: global addresses round trip; the tenants'
    private ones, and other non-global ones, are dropped (RFC 6052 3.1)."""
    wkp = "64:ff9b::/96"
    g_c, g_s = "198.41.0.4", "192.5.5.241"      # Global unicast.
    frames = [bytes(eth() / IP(src=g_c, dst=g_s, ttl=64)
                    / UDP(sport=40000, dport=53) / PAYLOAD),
              bytes(eth() / IP(src=g_c, dst=g_s, ttl=64)
                    / TCP(sport=40001, dport=80, flags="S"))]
    res = xlate(write_pcap("wkp-global.pcap", frames), ["--prefix", wkp])
    check_eq(res.summary()[0], (2, 2, 0), wkp + ": global, 4to6 summary")
    for name, orig, new in zip(("udp", "tcp"), frames, res.pcap().frames):
        check_4to6_packet(name, orig, new, wkp)
    back = xlate(res.out_path, ["--prefix", wkp], "wkp-global.back")
    roundtrip_check(["udp", "tcp"], frames, back.pcap().frames, wkp)

    non_global = ["192.168.0.10", "10.1.2.3", "172.16.0.1", "100.64.0.1",
                  "169.254.1.1", "192.0.2.33", "198.51.100.10",
                  "203.0.113.5", "198.18.0.1", "192.0.0.8"]
    frames = []
    for a in non_global:
        frames.append(bytes(eth() / IP(src=a, dst=g_s) / UDP() / PAYLOAD))
        frames.append(bytes(eth() / IP(src=g_c, dst=a) / UDP() / PAYLOAD))
    res = xlate(write_pcap("wkp-non-global.pcap", frames), ["--prefix", wkp])
    summary, reasons = res.summary()
    check_eq(summary, (len(frames), 0, len(frames)),
             wkp + ": non-global, 4to6 summary")
    check_eq(reasons.get("wkp_non_global_address"), len(frames),
             wkp + ": drop reason")


@case("translate")
def test_source_forbidden():
    """Sources no router forwards (0/8, 127/8, multicast, reserved,
    broadcast) are dropped both ways, whatever the prefix (RFC 7915 4.1,
    5.1; RFC 1812 5.3.7); a broadcast or multicast destination is not a
    reason."""
    bad = ["0.0.0.0", "0.1.2.3", "127.0.0.1", "224.0.0.1", "239.1.2.3",
           "240.0.0.1", "255.255.255.255"]
    frames = [bytes(eth() / IP(src=a, dst=IP_S) / UDP() / PAYLOAD)
              for a in bad]
    res = xlate(write_pcap("src-forbidden4.pcap", frames))
    summary, reasons = res.summary()
    check_eq(summary, (len(bad), 0, len(bad)), "4to6 summary")
    check_eq(reasons.get("source_address_illegal"), len(bad), "4to6 reason")

    frames = [bytes(eth() / IPv6(src=embed("fe80::/96", a),
                                 dst=embed("fe80::/96", IP_C))
                    / UDP() / PAYLOAD) for a in bad]
    res = xlate(write_pcap("src-forbidden6.pcap", frames),
                ["--direction", "6to4"])
    summary, reasons = res.summary()
    check_eq(summary, (len(bad), 0, len(bad)), "6to4 summary")
    check_eq(reasons.get("source_address_illegal"), len(bad), "6to4 reason")

    frames = [bytes(eth() / IP(src=IP_C, dst=a) / UDP() / PAYLOAD)
              for a in ("255.255.255.255", "224.0.0.251")]
    res = xlate(write_pcap("dst-broadcast.pcap", frames))
    check_eq(res.summary()[0], (2, 2, 0), "broadcast/multicast destination")


@case("translate")
def test_too_big():
    """--too-big MTU answers packets too big for a translated path of MTU
    bytes (RFC 7915 4.1, 5.1): IPv4 with DF set gets Fragmentation Needed
    (RFC 1191) for MTU - 20, at most 576 bytes (RFC 1812 4.3.2.3); IPv6
    gets Packet Too Big for MTU + 20 (at least 1280, RFC 8201), at most
    1280 bytes.  Each from the packet's destination to its source, the
    Ethernet addresses swapped; checked field by field with scapy."""
    data = bytes(range(256)) * 6
    big4 = eth() / c2s() / TCP(sport=40000, dport=80, flags="A") / data[:1460]
    big6 = (eth(src=MAC_S, dst=MAC_C)
            / IPv6(src=embed("fe80::/96", IP_S), dst=embed("fe80::/96", IP_C),
                   hlim=61)
            / UDP(sport=53, dport=40000) / data[:1452])
    fits4 = eth() / c2s() / TCP() / data[:1340]        # 1380 bytes: fits
    fits6 = (eth(src=MAC_S, dst=MAC_C)
             / IPv6(src=embed("fe80::/96", IP_S),
                    dst=embed("fe80::/96", IP_C))
             / UDP() / data[:1372])                    # 1420: fits 1400
    df_clear = eth() / IP(src=IP_C, dst=IP_S) / UDP() / data[:1472]
    echo_err = eth() / c2s() / ICMP(type=3, code=1) / data[:1472]
    frames = [bytes(f) for f in (big4, big6, fits4, fits6, df_clear,
                                 echo_err)]
    res = xlate(write_pcap("too-big.pcap", frames), ["--too-big", "1400"],
                valgrind=True)
    summary, reasons = res.summary()
    check_eq(summary, (6, 2, 4), "too-big summary")
    check_eq(reasons, {"not_too_big": 2, "too_big_df_clear": 1,
                       "too_big_no_error": 1}, "too-big reasons")
    out = [Ether(b) for b in res.pcap().frames]

    err4 = out[0]
    check_eq((err4.src, err4.dst), (MAC_S, MAC_C), "Frag Needed: MACs")
    ip4 = err4[IP]
    check_eq((ip4.src, ip4.dst, ip4.proto, ip4.ttl, ip4.len, ip4.flags.DF),
             (IP_S, IP_C, 1, 64, 576, True), "Frag Needed: IPv4 header")
    icmp = ip4[ICMP]
    check_eq((icmp.type, icmp.code, icmp.nexthopmtu), (3, 4, 1380),
             "Frag Needed: type, code, next-hop MTU")
    check_eq(bytes(icmp.payload), bytes(big4[IP])[:548],
             "Frag Needed: the quoted packet")
    check_v4_checksums(bytes(err4), "Frag Needed")

    err6 = out[1]
    check_eq((err6.src, err6.dst), (MAC_C, MAC_S), "Packet Too Big: MACs")
    v6 = err6[IPv6]
    check_eq((v6.src, v6.dst, v6.nh, v6.hlim, v6.plen),
             (embed("fe80::/96", IP_C), embed("fe80::/96", IP_S), 58, 64,
              1240), "Packet Too Big: IPv6 header")
    ptb = bytes(v6.payload)
    check_eq((ptb[0], ptb[1], struct.unpack("!I", ptb[4:8])[0]),
             (2, 0, 1420), "Packet Too Big: type, code, MTU")
    check_eq(ptb[8:], bytes(big6[IPv6])[:1232],
             "Packet Too Big: the quoted packet")
    zeroed = ptb[:2] + b"\0\0" + ptb[4:]
    check_eq(in6_chksum(58, v6, zeroed), struct.unpack("!H", ptb[2:4])[0],
             "Packet Too Big: ICMPv6 checksum")

    # An IPv4 side below 1260: the MTU said is still 1280.
    res = xlate(write_pcap("too-big-576.pcap", [bytes(big6)]),
                ["--too-big", "576", "--direction", "6to4"])
    ptb = bytes(Ether(res.pcap().frames[0])[IPv6].payload)
    check_eq(struct.unpack("!I", ptb[4:8])[0], 1280, "PTB MTU floor")

    # --direction picks the family that is answered.
    res = xlate(write_pcap("too-big-dir.pcap", frames[:2]),
                ["--too-big", "1400", "--direction", "4to6"])
    check_eq(res.summary()[0], (2, 1, 1), "--direction 4to6")


def cut_train(out, what, mtu, want_id, want_offset=0, want_m=False):
    """Checks that the frames 'out' are one IPv6 fragment train cut for
    'mtu' (RFC 7915 4.1, RFC 8200 4.5) and returns its data, put
    together, and the first fragment."""
    data = b""
    offset = want_offset * 8
    for i, frame in enumerate(out):
        f = Ether(frame)
        last = i == len(out) - 1
        w = "%s, fragment %d of %d" % (what, i + 1, len(out))
        check(IPv6ExtHdrFragment in f, w + ": no Fragment header")
        fh = f[IPv6ExtHdrFragment]
        check(len(bytes(f[IPv6])) <= mtu,
              "%s: %d bytes, more than %d" % (w, len(bytes(f[IPv6])), mtu))
        check_eq(f[IPv6].nh, 44, w + ": next header")
        check_eq((fh.id, fh.offset * 8, fh.m),
                 (want_id, offset, want_m if last else 1),
                 w + ": ID, offset, M")
        chunk = bytes(fh.payload)
        check(last or len(chunk) % 8 == 0, w + ": not a multiple of 8")
        check(last or len(bytes(f[IPv6])) > mtu - 8,
              w + ": shorter than the MTU allows")
        data += chunk
        offset += len(chunk)
    return data, Ether(out[0])


@case("translate")
def test_cut():
    """RFC 7915 4.1: an IPv4 packet with DF clear that would become an
    IPv6 packet longer than --mtu (lowest-ipv6-mtu, default 1280) is
    written as IPv6 fragments of at most that many bytes, carrying the
    IPv4 ID; put together they are what scapy makes of the IPv4 packet.
    DF set: whole, however long."""
    data = bytes(range(256)) * 12
    udp = (eth() / IP(src=IP_C, dst=IP_S, ttl=64, id=0xabcd)
           / UDP(sport=1111, dport=2222) / data[:3000])
    tcp_df = (eth() / IP(src=IP_C, dst=IP_S, id=7, flags="DF")
              / TCP(sport=40000, dport=80, flags="A") / data[:2000])
    want_udp = bytes(IPv6(src=embed("fe80::/96", IP_C),
                          dst=embed("fe80::/96", IP_S), hlim=64)
                     / UDP(sport=1111, dport=2222) / data[:3000])[40:]
    for mtu, n in ((None, 3), (1500, 3), (3048, 1)):
        args = ["--mtu", str(mtu)] if mtu else []
        what = "--mtu %s" % mtu
        res = xlate(write_pcap("cut.pcap", [bytes(udp), bytes(tcp_df)]),
                    args, valgrind=True)
        check_eq(res.summary()[0], (2, 2, 0), what + ": summary")
        out = res.pcap().frames
        check_eq(len(out), n + 1, what + ": frames written")
        if n > 1:
            check("1 translated packets written as %d IPv6 fragments" % n
                  in res.stderr, what + ": summary of fragments")
            got, first = cut_train(out[:n], what, mtu or 1280, 0xabcd)
            check_eq(got, want_udp, what + ": the fragments' data")
            check_l2(bytes(udp), out[0], what)
            check_v6_header(bytes(udp), V6(split_ether(out[0])[4]),
                            "fe80::/96", what)
        else:
            check(IPv6ExtHdrFragment not in Ether(out[0]),
                  what + ": 3048 bytes whole")
        whole = Ether(out[n])
        check(IPv6ExtHdrFragment not in whole and TCP in whole,
              what + ": DF set, not cut")
        check_eq(len(bytes(whole[IPv6])), 2060, what + ": DF set, length")

    # IPv4 fragments too big once translated: their pieces continue their
    # offsets; the last piece keeps the fragment's MF.
    big = (IP(src=IP_C, dst=IP_S, ttl=64, id=0x4242)
           / UDP(sport=1111, dport=2222) / data[:3000])
    frags = [eth() / f for f in fragment(big, fragsize=1480)]
    check_eq(len(frags), 3, "scapy's fragments")
    res = xlate(write_pcap("cut-frag.pcap", [bytes(f) for f in frags]),
                valgrind=True)
    out = res.pcap().frames
    check_eq(len(out), 2 + 2 + 1, "fragments of fragments")
    got1, _ = cut_train(out[0:2], "first fragment", 1280, 0x4242, 0, True)
    got2, _ = cut_train(out[2:4], "second fragment", 1280, 0x4242,
                        frags[1][IP].frag, True)
    got3, _ = cut_train(out[4:5], "last fragment", 1280, 0x4242,
                        frags[2][IP].frag, False)
    v6s = [IPv6(bytes(Ether(f)[IPv6])) for f in out]
    whole = defragment6(v6s)
    check(UDP in whole, "scapy did not reassemble the pieces")
    have = whole[UDP].chksum
    del whole[UDP].chksum
    check_eq(have, IPv6(bytes(whole))[UDP].chksum,
             "the reassembled datagram's UDP checksum")
    check_eq(bytes(whole[UDP].payload), data[:3000],
             "the reassembled datagram's data")


@case("translate")
def test_prefix_32():
    """--prefix 2001:db8::/32, round trip."""
    prefix_roundtrip("2001:db8::/32")


@case("translate")
def test_prefix_other_lengths():
    """--prefix /40 /48 /56 /64 (the u-octet in the middle), round trip."""
    for p in ("2001:db8:100::/40", "2001:db8:122::/48",
              "2001:db8:122:300::/56", "2001:db8:122:344::/64"):
        prefix_roundtrip(p)


@case("translate")
def test_file_formats():
    """Big- and little-endian, microsecond and nanosecond pcaps, raw IP:
    the output keeps magic, byte order, link type and timestamps."""
    pkts = basic_packets()
    eth_frames = [bytes(pkts[n]) for n in ("tcp", "udp", "echo-request")]
    raw_frames = [bytes(Ether(f)[IP]) for f in eth_frames]
    for endian in ("<", ">"):
        for nsec in (False, True):
            for linktype, frames in ((LINKTYPE_ETHERNET, eth_frames),
                                     (LINKTYPE_RAW, raw_frames)):
                what = "%s-endian %s link type %d" % (
                    "little" if endian == "<" else "big",
                    "nsec" if nsec else "usec", linktype)
                name = "fmt-%s-%d-%d.pcap" % (
                    "le" if endian == "<" else "be", nsec, linktype)
                path = write_pcap(name, frames, linktype, endian, nsec,
                                  snaplen=1500)
                inp = Pcap(path)
                res = xlate(path)
                out = res.pcap()
                check_eq(out.header[:4], inp.header[:4], what + ": magic")
                check_eq(out.endian, endian, what + ": byte order")
                check_eq((out.major, out.minor, out.linktype),
                         (2, 4, linktype), what + ": version, link type")
                check_eq(out.snaplen, 1500 + 64, what + ": snaplen")
                check_eq([r[:2] for r in out.records],
                         [r[:2] for r in inp.records],
                         what + ": timestamps")
                check_eq([r[2] for r in out.records],
                         [r[3] for r in out.records],
                         what + ": caplen == len")
                for orig, new in zip(frames, out.frames):
                    v6 = V6(new if linktype == LINKTYPE_RAW
                            else split_ether(new)[4])
                    check_eq(v6.src, "fe80::c0a8:a", what + ": source")
                    check_l4_csum6(v6, what)
                back = xlate(res.out_path, [], name + ".back").pcap()
                check_eq(back.header[:4], inp.header[:4],
                         what + ": magic back")
                for orig, new in zip(frames, back.frames):
                    check_eq(normalize_v4(new, linktype).hex(),
                             normalize_v4(orig, linktype).hex(),
                             what + ": round trip")


@case("translate")
def test_raw_ip_ndp():
    """Raw IP: no ARP without Ethernet (ndp_without_ethernet)."""
    ns = Ether(arp_packets()["arp-request"])
    res = xlate(write_pcap("arp-eth.pcap", [bytes(ns)]))
    v6 = split_ether(res.pcap().frames[0])[4]
    raw = xlate(write_pcap("ndp-raw.pcap", [v6], LINKTYPE_RAW))
    check_eq(raw.summary(), ((1, 0, 1), {"ndp_without_ethernet": 1}),
             "raw NS")


@case("translate")
def test_stdin_stdout():
    """IN and OUT "-": standard input and output."""
    frames = [bytes(f) for f in basic_packets().values()]
    path = write_pcap("stdio.pcap", frames)
    ref = xlate(path)
    want = open(ref.out_path, "rb").read()
    with open(path, "rb") as f:
        proc = run(["-", "-"], stdin=f, binary=True)
    check_eq(proc.returncode, 0, "exit status")
    check(SUMMARY_RE.search(proc.stderr), "summary: %r" % proc.stderr)
    check(proc.stdout == want, "output on stdout differs from OUT.pcap")
    with open(path, "rb") as f:
        proc = run(["-", os.path.join(WORKDIR, "stdin.out")], stdin=f)
    check_eq(proc.returncode, 0, "exit status (stdin)")
    check(open(os.path.join(WORKDIR, "stdin.out"), "rb").read() == want,
          "output from stdin differs")


@case("translate")
def test_truncated_capture():
    """A packet cut short by the capture (caplen < len) is handed to the
    translator, which translates or drops it; nothing crashes."""
    full = bytes(basic_packets()["tcp"])
    recs = [(n, len(full), full[:n]) for n in (14, 30, 34, 40, 54, 60)]
    res = xlate(write_pcap("cut.pcap", None, records=recs, snaplen=60),
                valgrind=True)
    summary, reasons = res.summary()
    check_eq(summary[0], len(recs), "packets read")
    for sec, frac, caplen, origlen, data in res.pcap().records:
        check(origlen >= caplen, "orig len < caplen")


@case("translate")
def test_garbage_never_crashes():
    """Random frames and mutated valid frames: exit 0, a summary, records
    that add up (under valgrind when available)."""
    rng = random.Random(6052)
    valid = ([bytes(p) for p in basic_packets().values()]
             + [bytes(p) for p in arp_packets().values()]
             + [bytes(f) for f in fragments()])
    v6 = xlate(write_pcap("valid.pcap", valid)).pcap().frames
    valid += v6
    frames = []
    for i in range(600):
        kind = rng.randrange(4)
        if kind == 0:
            frames.append(bytes(rng.randrange(256)
                                for _ in range(rng.randrange(80))))
        elif kind == 1:
            etype = rng.choice([b"\x08\x00", b"\x86\xdd", b"\x08\x06",
                                b"\x81\x00"])
            frames.append(bytes(12) + etype
                          + bytes(rng.randrange(256)
                                  for _ in range(rng.randrange(120))))
        else:
            f = bytearray(rng.choice(valid))
            for _ in range(rng.randrange(1, 4)):
                pos = rng.randrange(min(len(f), 90))
                f[pos] = rng.randrange(256)
            if rng.randrange(3) == 0:
                f = f[:rng.randrange(len(f) + 1)]
            frames.append(bytes(f))
    for linktype in (LINKTYPE_ETHERNET, LINKTYPE_RAW):
        fr = frames if linktype == LINKTYPE_ETHERNET else [
            f[14:] for f in frames]
        res = xlate(write_pcap("garbage%d.pcap" % linktype, fr, linktype),
                    valgrind=True)
        (nread, ntrans, ndrop), reasons = res.summary()
        check_eq(nread, len(fr), "packets read")
        check_eq(ntrans + ndrop, nread, "translated + dropped")
        check_eq(sum(reasons.values()), ndrop, "drop reasons add up")
        out = res.pcap()
        check_eq(len(out.records), ntrans, "records written")
        for i, frame in enumerate(out.frames):
            check_well_formed(frame, linktype, "garbage output %d" % i)


def check_well_formed(frame, linktype, what):
    """Checks that a translated frame is consistent: IPv6 payload length,
    IPv4 total length and header checksum, ARP length."""
    if linktype == LINKTYPE_ETHERNET:
        check(len(frame) >= 14, what + ": short frame")
        _, _, _, etype, l3 = split_ether(frame)
    else:
        l3 = frame
        check(len(l3) >= 1, what + ": empty packet")
        etype = {4: 0x0800, 6: 0x86dd}.get(l3[0] >> 4)
    if etype == 0x86dd:
        check(len(l3) >= 40, what + ": short IPv6 packet")
        check_eq(struct.unpack("!H", l3[4:6])[0], len(l3) - 40,
                 what + ": IPv6 payload length")
    elif etype == 0x0800:
        check(len(l3) >= 20, what + ": short IPv4 packet")
        check_eq(l3[0] >> 4, 4, what + ": IPv4 version")
        check_eq(struct.unpack("!H", l3[2:4])[0], len(l3),
                 what + ": IPv4 total length")
        check_eq(in4_csum(l3[:(l3[0] & 15) * 4]), 0,
                 what + ": IPv4 header checksum")
    elif etype == 0x0806:
        check_eq(len(l3), 28, what + ": ARP length")
    else:
        raise Failure("%s: translated to ethertype %r" % (what, etype))


# Refusals ------------------------------------------------------------------

def pcap_header(linktype=LINKTYPE_ETHERNET, snaplen=65535, endian="<"):
    return struct.pack(endian + "IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snaplen,
                       linktype)


def raw_file(name, data):
    path = os.path.join(WORKDIR, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


@case("refusals")
def test_not_pcap():
    """A text file, an empty file, a pcapng file."""
    out = os.path.join(WORKDIR, "never.pcap")
    refused([raw_file("text.pcap", b"hello, this is not a capture\n"), out],
            1, r"not a pcap file \(bad magic 0x68656c6c\)")
    refused([raw_file("empty.pcap", b""), out], 1, r"empty\.pcap: .*not a "
            "pcap file")
    refused([raw_file("tiny.pcap", b"\xd4\xc3"), out], 1, r"not a pcap file")
    shb = (struct.pack("<IIIHHq", 0x0a0d0d0a, 28, 0x1a2b3c4d, 1, 0, -1)
           + struct.pack("<I", 28))
    refused([raw_file("ng.pcapng", shb), out], 1,
            r"pcapng is not supported; convert with `editcap -F pcap")
    check(not os.path.exists(out), "output created for a bad input")


@case("refusals")
def test_truncated():
    """Truncated file header, record header, record data."""
    good = bytes(basic_packets()["udp"])
    hdr = pcap_header()
    rec = struct.pack("<IIII", 1, 2, len(good), len(good)) + good
    out = os.path.join(WORKDIR, "trunc.out")
    refused([raw_file("t1.pcap", hdr[:10]), out], 1,
            r"truncated pcap file header \(10 of 24 bytes\)")
    refused([raw_file("t2.pcap", hdr + rec[:9]), out], 1,
            r"truncated record 1 at offset 24\b")
    refused([raw_file("t3.pcap", hdr + rec + rec[:30]), out], 1,
            r"truncated record 2 at offset %d\b" % (24 + len(rec)))
    # What was translated before the error is a valid pcap file.
    check_eq(len(Pcap(out).records), 1, "records before the error")


@case("refusals")
def test_bad_records():
    """Link types other than Ethernet and raw IP, oversized records,
    an unsupported version."""
    out = os.path.join(WORKDIR, "bad.out")
    refused([raw_file("sll.pcap", pcap_header(113)), out], 1,
            r"sll\.pcap: link type 113 not supported \(only Ethernet \(1\) "
            r"and raw IP \(101\)\)")
    big = struct.pack("<IIII", 1, 2, 2000, 2000) + bytes(2000)
    refused([raw_file("snap.pcap", pcap_header(snaplen=1500) + big), out],
            1, r"record 1 at offset 24: captured length 2000 is larger "
            r"than the snapshot length 1500")
    huge = struct.pack("<IIII", 1, 2, 300000, 300000)
    refused([raw_file("huge.pcap", pcap_header(snaplen=0) + huge), out], 1,
            r"captured length 300000 is larger than the maximum 262144")
    refused([raw_file("huge-be.pcap", pcap_header(snaplen=0, endian=">")
                      + struct.pack(">IIII", 1, 2, 0xffffffff, 0)), out],
            1, r"captured length 4294967295")
    v1 = struct.pack("<IHHiIII", 0xa1b2c3d4, 1, 0, 0, 0, 65535, 1)
    refused([raw_file("v1.pcap", v1), out], 1, r"version 1\.0")


@case("refusals")
def test_bad_files():
    """Unreadable input, unwritable output, input == output."""
    good = write_pcap("good.pcap", [bytes(basic_packets()["udp"])])
    refused([os.path.join(WORKDIR, "missing.pcap"),
             os.path.join(WORKDIR, "x.pcap")], 1,
            r"missing\.pcap: cannot open for reading: No such file")
    refused([good, os.path.join(WORKDIR, "no", "such", "dir.pcap")], 1,
            r"dir\.pcap: cannot open for writing")
    before = open(good, "rb").read()
    refused([good, good], 1, r"same file")
    check_eq(open(good, "rb").read(), before, "input clobbered")


@case("refusals")
def test_bad_options():
    """Bad --prefix, --ttl, --direction values: exit 1 and a message."""
    good = write_pcap("opt.pcap", [bytes(basic_packets()["udp"])])
    out = os.path.join(WORKDIR, "opt.out")
    allowed = r"allowed: 32 40 48 56 64 96"
    for prefix, msg in (("foo/96", r"'foo' is not an IPv6 address"),
                        ("64:ff9b::", r"expected ADDRESS/LENGTH"),
                        ("/96", r"is not an IPv6 address"),
                        ("64:ff9b::/33", r"length 33 is not allowed \("
                         + allowed + r"\)"),
                        ("64:ff9b::/128", allowed),
                        ("64:ff9b::/0", allowed),
                        ("64:ff9b::/", allowed),
                        ("64:ff9b::/9x", allowed),
                        ("64:ff9b::/-96", allowed),
                        ("64:ff9b::/00000096", allowed),
                        ("64:ff9b::1/64", r"bits past /64 must be zero "
                         r"\(did you mean 64:ff9b::/64\?\)"),
                        ("2001:db8::1:0/96", r"bits past /96"),
                        ("1.2.3.4/96", r"not an IPv6 address"),
                        ("x" * 300 + "/96", r"not an IPv6 address")):
        refused(["--prefix", prefix, good, out], 1,
                r"bad prefix '.*': .*" + msg)
    refused(["--ttl", "keep", good, out], 1,
            r"bad --ttl 'keep' \(expected copy or decrement\)")
    refused(["--direction", "both", good, out], 1,
            r"bad --direction 'both' \(expected auto, 4to6 or 6to4\)")
    for mtu in ("67", "65536", "-1", "1400x", ""):
        refused(["--too-big", mtu, good, out], 1,
                r"bad --too-big '%s' \(expected an MTU from 68 to 65535\)"
                % re.escape(mtu))
    for mtu in ("1279", "65536", "-1", "1500x", ""):
        refused(["--mtu", mtu, good, out], 1,
                r"bad --mtu '%s' \(expected an IPv6 MTU from 1280 to 65535\)"
                % re.escape(mtu))
    check(not os.path.exists(out), "output created despite a bad option")


@case("refusals")
def test_usage():
    """Missing or extra arguments, unknown options: exit 2; --help and
    --version: exit 0."""
    good = write_pcap("usage.pcap", [bytes(basic_packets()["udp"])])
    refused([good], 2, r"expected two file names.*got 1"
            r"(.|\n)*Try 'nat64-xlate --help'")
    refused([], 2, r"got 0")
    refused([good, good + ".a", good + ".b"], 2, r"got 3")
    refused(["--frobnicate", good, good + ".out"], 2,
            r"(unrecognized|unknown) option(.|\n)*--help")
    refused([good, good + ".out", "--prefix"], 2, r"requires an argument")
    proc = run(["--help"])
    check_eq(proc.returncode, 0, "--help exit status")
    check("Usage: nat64-xlate" in proc.stdout, "--help prints the usage")
    check("--prefix" in proc.stdout and "--direction" in proc.stdout
          and "--ttl" in proc.stdout, "--help lists the options")
    proc = run(["--version"])
    check_eq(proc.returncode, 0, "--version exit status")
    check(re.match(r"nat64-xlate \(ovs-nat64\) \d", proc.stdout),
          "--version output: %r" % proc.stdout)


# ---------------------------------------------------------------------------

def main():
    global XLATE, VALGRIND, WORKDIR, VERBOSE

    top_builddir = os.environ.get("top_builddir", ".")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--xlate", default=os.path.join(
        top_builddir, "utilities", "nat64-xlate"),
        help="the nat64-xlate binary")
    ap.add_argument("--group", choices=sorted({g for g, _ in CASES}),
                    help="run only this group of cases")
    ap.add_argument("--valgrind", default=os.environ.get("VALGRIND"),
                    help="run some cases under this valgrind "
                    "(default: $VALGRIND; '' to disable)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the work directory")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    XLATE = os.path.abspath(args.xlate)
    VALGRIND = args.valgrind or None
    VERBOSE = args.verbose
    if not os.access(XLATE, os.X_OK):
        print("%s: not built" % XLATE)
        return 99
    WORKDIR = tempfile.mkdtemp(prefix="nat64-xlate-test.")

    failed = 0
    cases = [(g, fn) for g, fn in CASES if not args.group or g == args.group]
    for group, fn in cases:
        try:
            fn()
            print("ok   %s: %s" % (fn.__name__, " ".join(fn.__doc__.split())))
        except Failure as e:
            failed += 1
            print("FAIL %s: %s" % (fn.__name__, e))
        except Exception:
            failed += 1
            print("FAIL %s: exception" % fn.__name__)
            traceback.print_exc(file=sys.stdout)
    print("%d of %d cases failed" % (failed, len(cases)))
    if failed or args.keep:
        print("work files kept in %s" % WORKDIR)
    else:
        shutil.rmtree(WORKDIR)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
