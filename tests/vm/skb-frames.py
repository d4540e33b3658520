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

"""Offloaded skbs through the nat64 action (tests/vm/vm-skb.sh).

    skb-frames.py offload TAP_IN TAP_OUT
        Writes frames with a virtio-net header into TAP_IN (a tap device
        made with "ip tuntap ... vnet_hdr"), so that they enter the
        datapath as a guest's would: CHECKSUM_PARTIAL (NEEDS_CSUM), GSO
        (TCPV4 with ECN, TCPV6, UDP fragmentation offload) and QinQ.  Reads what comes out of TAP_OUT (a tap
        without a virtio-net header: the stack completes checksums and
        segments GSO packets before handing them over) and checks every
        frame with scapy, independently of lib/: the checksum of every
        layer, the lengths, the payload.  Cases whose frames must be
        dropped name the drop reason they must be counted under in
        /proc/net/ovs_nat64_drops.  Prints one line per case; exits 1 if
        any failed.

    skb-frames.py capture DEV SECONDS OUT.pcap READY
        Captures what arrives on DEV for SECONDS into OUT.pcap, and
        creates the file READY once it captures (scapy starts slowly).

    skb-frames.py fragments [--expect-frags N] [--source ADDR] CAPTURE.pcap
        Checks the IPv4 fragments from ADDR (192.168.0.20) that 6to4 made
        of one reassembled IPv6 datagram (conntrack, then nat64, then
        output refragments): at least N fragments, DF clear on all, one
        ID, offsets contiguous, and the datagram they make has valid
        checksums.

Needs python3-scapy.
"""

import argparse
import fcntl
import os
import re
import select
import socket
import struct
import subprocess
import sys
import time

from scapy.all import (Dot1AD, Dot1Q, ICMP, ICMPv6EchoReply,
                       ICMPv6EchoRequest, IP, IPv6,
                       IPv6ExtHdrDestOpt, Ether, Raw, TCP, UDP, rdpcap,
                       AsyncSniffer, defragment, wrpcap)

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
IFF_VNET_HDR = 0x4000

NEEDS_CSUM = 1
GSO_NONE, GSO_TCPV4, GSO_UDP, GSO_TCPV6, GSO_ECN = 0, 1, 3, 4, 0x80

MAC_IN = "02:00:00:00:00:04"
MAC_OUT = "02:00:00:00:00:06"
V4_SRC, V4_DST = "192.168.0.10", "192.168.0.20"
V6_SRC, V6_DST = "fe80::c0a8:14", "fe80::c0a8:a"
V6_SRC_AS_V4 = "192.168.0.20"


def open_tap(name, vnet_hdr):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    flags = IFF_TAP | IFF_NO_PI | (IFF_VNET_HDR if vnet_hdr else 0)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), flags))
    return fd


def vnet_hdr(flags=0, gso_type=GSO_NONE, hdr_len=0, gso_size=0,
             csum_start=0, csum_offset=0):
    return struct.pack("<BBHHHH", flags, gso_type, hdr_len, gso_size,
                       csum_start, csum_offset)


def ones_sum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def seed4(src, dst, proto, length):
    """The pseudo-header sum a CHECKSUM_PARTIAL field holds (IPv4)."""
    return ones_sum(socket.inet_pton(socket.AF_INET, src)
                    + socket.inet_pton(socket.AF_INET, dst)
                    + struct.pack("!BBH", 0, proto, length))


def seed6(src, dst, proto, length):
    return ones_sum(socket.inet_pton(socket.AF_INET6, src)
                    + socket.inet_pton(socket.AF_INET6, dst)
                    + struct.pack("!IxxxB", length, proto))


def partial(frame, l4_ofs, csum_ofs, seed):
    """'frame' with its L4 checksum field replaced by 'seed'."""
    at = l4_ofs + csum_ofs
    return frame[:at] + struct.pack("!H", seed) + frame[at + 2:]


def payload(n):
    return bytes((i * 7 + 3) & 0xff for i in range(n))


def checksums_ok(pkt):
    """Whether every checksum of 'pkt' (from its L3 header on) is the one
    scapy computes afresh."""
    fresh = pkt.copy()
    for layer, field in ((IP, "chksum"), (TCP, "chksum"), (UDP, "chksum"),
                         (ICMP, "chksum"), (ICMPv6EchoRequest, "cksum"),
                         (ICMPv6EchoReply, "cksum")):
        if layer in fresh:
            delattr(fresh[layer], field)
    return bytes(fresh) == bytes(pkt)


def cases():
    """(name, vnet header + frame, check, expected drop reason or None);
    check(frames) returns an error string or None."""
    out = []
    eth4 = Ether(src=MAC_IN, dst=MAC_OUT)
    eth6 = Ether(src=MAC_IN, dst=MAC_OUT)

    # ICMP echo with CHECKSUM_PARTIAL: the field holds a seed (ICMP has no
    # pseudo-header, so 0 here), not a checksum.  The core cannot update
    # such a seed into ICMPv6's; the glue completes it first.
    data = payload(100)
    f = bytes(eth4 / IP(src=V4_SRC, dst=V4_DST, ttl=64)
              / ICMP(type=8, id=7, seq=1, chksum=0) / Raw(data))
    out.append(("icmp4-checksum-partial",
                vnet_hdr(NEEDS_CSUM, csum_start=34, csum_offset=2) + f,
                expect_one(IPv6, ICMPv6EchoRequest, data), None))

    # ICMPv6 echo with CHECKSUM_PARTIAL: the seed is the pseudo-header's,
    # which ICMPv4 does not have.
    icmp6_len = 8 + len(data)
    f = bytes(eth6 / IPv6(src=V6_SRC, dst=V6_DST, hlim=64)
              / ICMPv6EchoRequest(id=7, seq=1, data=data))
    f = partial(f, 54, 2, seed6(V6_SRC, V6_DST, 58, icmp6_len))
    out.append(("icmp6-checksum-partial",
                vnet_hdr(NEEDS_CSUM, csum_start=54, csum_offset=2) + f,
                expect_one(IP, ICMP, data), None))

    # TCP with CHECKSUM_PARTIAL, as a virtio guest sends it: the seed is
    # updated, the stack completes it on the way out.
    data = payload(300)
    tcp_len = 20 + len(data)
    f = bytes(eth4 / IP(src=V4_SRC, dst=V4_DST) / TCP(sport=1, dport=2,
                                                      flags="PA") / Raw(data))
    f = partial(f, 34, 16, seed4(V4_SRC, V4_DST, 6, tcp_len))
    out.append(("tcp4-checksum-partial",
                vnet_hdr(NEEDS_CSUM, csum_start=34, csum_offset=16) + f,
                expect_one(IPv6, TCP, data), None))

    # UDP behind an IPv6 Destination Options header, CHECKSUM_PARTIAL:
    # the core seeds only TCP/UDP right behind the IPv6 header, so the
    # glue completes the checksum first.
    data = payload(200)
    udp_len = 8 + len(data)
    f = bytes(eth6 / IPv6(src=V6_SRC, dst=V6_DST) / IPv6ExtHdrDestOpt()
              / UDP(sport=3, dport=4) / Raw(data))
    f = partial(f, 62, 6, seed6(V6_SRC, V6_DST, 17, udp_len))
    out.append(("udp6-exthdr-checksum-partial",
                vnet_hdr(NEEDS_CSUM, csum_start=62, csum_offset=6) + f,
                expect_one(IP, UDP, data), None))

    # TSO, TCPV4 with ECN, 4 segments of 1000 bytes: TCPV6 after 4to6.
    data = payload(4000)
    f = bytes(eth4 / IP(src=V4_SRC, dst=V4_DST, flags="DF")
              / TCP(sport=5, dport=6, seq=1000, flags="PA") / Raw(data))
    f = partial(f, 34, 16, seed4(V4_SRC, V4_DST, 6, 20 + len(data)))
    out.append(("tcp4-gso-ecn",
                vnet_hdr(NEEDS_CSUM, GSO_TCPV4 | GSO_ECN, 54, 1000, 34, 16)
                + f, expect_segments(IPv6, data, 1000, 1000), None))

    # TSO, TCPV6, 4 segments of 1000 bytes: TCPV4 after 6to4.
    f = bytes(eth6 / IPv6(src=V6_SRC, dst=V6_DST)
              / TCP(sport=5, dport=6, seq=1000, flags="PA") / Raw(data))
    f = partial(f, 54, 16, seed6(V6_SRC, V6_DST, 6, 20 + len(data)))
    out.append(("tcp6-gso",
                vnet_hdr(NEEDS_CSUM, GSO_TCPV6, 74, 1000, 54, 16) + f,
                expect_segments(IP, data, 1000, 1000), None))

    # TSO behind an extension header: the seed is where the stack puts
    # it, behind the extension header.
    f = bytes(eth6 / IPv6(src=V6_SRC, dst=V6_DST) / IPv6ExtHdrDestOpt()
              / TCP(sport=5, dport=6, seq=1000, flags="PA") / Raw(data))
    f = partial(f, 62, 16, seed6(V6_SRC, V6_DST, 6, 20 + len(data)))
    out.append(("tcp6-exthdr-gso",
                vnet_hdr(NEEDS_CSUM, GSO_TCPV6, 82, 1000, 62, 16) + f,
                expect_segments(IP, data, 1000, 1000), None))

    # QinQ: the stack takes the outer (802.1ad) tag out of the frame into
    # the skb before the datapath sees it; the inner one stays in front of
    # the IPv4 header the action rewrites.  Both come out.
    data = payload(120)
    f = bytes(Ether(src=MAC_IN, dst=MAC_OUT, type=0x88a8)
              / Dot1AD(vlan=100, type=0x8100) / Dot1Q(vlan=200)
              / IP(src=V4_SRC, dst=V4_DST) / UDP(sport=11, dport=12)
              / Raw(data))
    out.append(("qinq-udp4", vnet_hdr() + f,
                expect_one(IPv6, UDP, data, vlans=(100, 200)), None))

    data = payload(4000)
    # UFO (SKB_GSO_UDP: IPv4 fragments of one datagram), which the stack
    # makes from a guest's VIRTIO_NET_HDR_GSO_UDP: the translation cannot
    # keep it right (IPv6 fragments need a Fragment header each): dropped
    # and counted.
    udp_len = 8 + len(data)
    f = bytes(eth4 / IP(src=V4_SRC, dst=V4_DST) / UDP(sport=7, dport=8)
              / Raw(data))
    f = partial(f, 34, 6, seed4(V4_SRC, V4_DST, 17, udp_len))
    out.append(("udp4-ufo",
                vnet_hdr(NEEDS_CSUM, GSO_UDP, 42, 1000, 34, 6) + f,
                expect_none, "gso_type_unsupported"))
    return out


def expect_one(l3, l4, data, vlans=()):
    def check(frames):
        if len(frames) != 1:
            return "%d frames out, expected 1" % len(frames)
        pkt = Ether(frames[0])
        got = tuple(layer.vlan for layer in (pkt.getlayer(Dot1AD),
                                             pkt.getlayer(Dot1Q))
                    if layer is not None)
        if got != tuple(vlans):
            return "VLANs %s, expected %s" % (got, vlans)
        if l3 not in pkt or l4 not in pkt:
            return "not %s/%s: %s" % (l3.__name__, l4.__name__,
                                      pkt.summary())
        if not checksums_ok(pkt[l3]):
            return "bad checksum: %s" % pkt.show2(dump=True)
        if not bytes(pkt[l3]).endswith(data):
            return "payload changed"
        return None
    return check


def expect_segments(l3, data, mss, first_seq):
    def check(frames):
        want = (len(data) + mss - 1) // mss
        if len(frames) != want:
            return "%d frames out, expected %d" % (len(frames), want)
        got = b""
        ids = set()
        for i, raw in enumerate(frames):
            pkt = Ether(raw)
            if l3 not in pkt or TCP not in pkt:
                return "segment %d: not %s/TCP: %s" % (i, l3.__name__,
                                                       pkt.summary())
            if not checksums_ok(pkt[l3]):
                return "segment %d: bad checksum" % i
            if pkt[TCP].seq != first_seq + len(got):
                return "segment %d: seq %d" % (i, pkt[TCP].seq)
            if l3 is IP:
                ids.add(pkt[IP].id)
            got += bytes(pkt[TCP].payload)
        if got != data:
            return "payload changed"
        if l3 is IP and len(ids) != want and not frames_have_df(frames):
            return "IPv4 IDs repeat without DF: %s" % sorted(ids)
        return None
    return check


def frames_have_df(frames):
    return all(Ether(f)[IP].flags.DF for f in frames)


def expect_none(frames):
    if frames:
        return "%d frames out, expected none: %s" % (
            len(frames), Ether(frames[0]).summary())
    return None


def read_drops():
    drops = {}
    with open("/proc/net/ovs_nat64_drops") as f:
        for line in f:
            if line.startswith("  "):
                name, count = line.split(":")
                drops[name.strip()] = int(count)
    return drops


def drain(fd, quiet=0.5, limit=5.0):
    frames = []
    end = time.time() + limit
    last = time.time()
    while time.time() < end and time.time() - last < quiet:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                frames.append(os.read(fd, 65536))
                last = time.time()
            except BlockingIOError:
                pass
    return frames


def kernel_flow_packets():
    """The packets of the datapath's nat64 flows, and how many there are."""
    out = subprocess.run(["ovs-appctl", "dpctl/dump-flows"], check=True,
                         capture_output=True, text=True).stdout
    counts = [int(m.group(1)) for line in out.splitlines()
              if "nat64(" in line
              for m in [re.search(r"packets:(\d+)", line)] if m]
    return sum(counts), len(counts)


def warm_up(tin, tout):
    """Installs the datapath flows with a plain frame for each: the first
    packet of a flow goes up to ovs-vswitchd, which segments GSO packets
    and completes checksums before the action sees them."""
    # The kernel's flow key calls a UFO packet a first fragment; a QinQ
    # frame has a flow of its own; 6to4 flows match the protocol (and the
    # ICMPv6 type), which tells Neighbor Discovery apart.
    eth = Ether(src=MAC_IN, dst=MAC_OUT)
    qinq = (Ether(src=MAC_IN, dst=MAC_OUT, type=0x88a8)
            / Dot1AD(vlan=100, type=0x8100) / Dot1Q(vlan=200))
    udp = UDP(sport=9, dport=9) / Raw(payload(64))
    warm = ((eth, IP(src=V4_SRC, dst=V4_DST), udp),
            (eth, IPv6(src=V6_SRC, dst=V6_DST), udp),
            (eth, IPv6(src=V6_SRC, dst=V6_DST),
             TCP(sport=9, dport=9) / Raw(payload(64))),
            (eth, IPv6(src=V6_SRC, dst=V6_DST),
             ICMPv6EchoRequest(id=7, seq=1, data=payload(64))),
            (eth, IP(src=V4_SRC, dst=V4_DST, flags="MF"), udp),
            (qinq, IP(src=V4_SRC, dst=V4_DST), udp))
    for l2, l3, l4 in warm:
        os.write(tin, vnet_hdr() + bytes(l2 / l3 / l4))
    drain(tout, quiet=0.2)
    for _ in range(100):
        if kernel_flow_packets()[1] >= len(warm):
            return True
        time.sleep(0.1)
    return False


def cmd_offload(args):
    tin = open_tap(args.tap_in, True)
    tout = open_tap(args.tap_out, False)
    drain(tout, quiet=0.2)
    if not warm_up(tin, tout):
        print("the datapath flows did not appear")
        return 1
    packets_before = kernel_flow_packets()[0]
    injected = 0
    failed = 0
    for name, frame, check, reason in cases():
        before = read_drops()
        try:
            os.write(tin, frame)
        except OSError as e:
            print("%-30s FAIL: the tap refused it: %s" % (name, e))
            failed += 1
            continue
        injected += 1
        frames = drain(tout)
        after = read_drops()
        delta = {k: after.get(k, 0) - before.get(k, 0) for k in after}
        delta = {k: v for k, v in delta.items() if v}
        err = check(frames)
        if kernel_flow_packets()[0] - packets_before != injected:
            err = "it did not go through the datapath's nat64 flows" \
                + (" (%s)" % err if err else "")
        want = {reason: 1} if reason else {}
        if not err and delta != want:
            err = "drops %s, expected %s" % (delta or "none", want or "none")
        print("%-30s %s" % (name, "ok" if not err else "FAIL: " + err))
        failed += bool(err)
    # Every frame went through the kernel's flows, none took an upcall.
    through_flows = kernel_flow_packets()[0] - packets_before
    if through_flows != injected:
        print("%d of the %d frames went through the datapath's nat64 flows"
              % (through_flows, injected))
        failed += 1
    return 1 if failed else 0


def cmd_capture(args):
    def started():
        with open(args.ready, "w"):
            pass
    sniffer = AsyncSniffer(iface=args.dev, started_callback=started)
    sniffer.start()
    time.sleep(args.seconds)
    wrpcap(args.out, sniffer.stop() or [], linktype=1)
    return 0


def cmd_fragments(args):
    errors = []
    # The capture sees both ways: only what comes from the IPv6 side.
    frags = [p for p in rdpcap(args.capture)
             if IP in p and p[IP].src == args.source]
    if len(frags) < args.expect_frags:
        print("%d IPv4 frames, expected at least %d fragments"
              % (len(frags), args.expect_frags))
        return 1
    for p in frags:
        hdr_ok = ones_sum(bytes(p[IP])[:p[IP].ihl * 4]) == 0xffff
        print("  IPv4 id %d flags %s offset %d length %d (%d bytes), header"
              " checksum %s: %s" % (
                  p[IP].id, p[IP].flags, p[IP].frag * 8, p[IP].len,
                  len(bytes(p[IP])), "ok" if hdr_ok else "BAD", p.summary()))
        if not hdr_ok:
            errors.append("bad header checksum")
    # What the receiver made of them: scapy reassembles, then the UDP
    # checksum of the whole datagram must hold.
    whole = [p for p in defragment(frags) if IP in p and UDP in p]
    for p in whole:
        ok = checksums_ok(p[IP])
        print("  reassembled: %s, checksums %s" % (p.summary(),
                                                   "ok" if ok else "BAD"))
        if not ok:
            errors.append("bad checksum after reassembly")
    if len(whole) != 1:
        errors.append("%d datagrams after reassembly" % len(whole))
    ids = {p[IP].id for p in frags}
    if len(ids) != 1:
        errors.append("IDs %s differ" % sorted(ids))
    offset = 0
    for p in sorted(frags, key=lambda p: p[IP].frag):
        if p[IP].flags.DF:
            errors.append("fragment at %d has DF" % (p[IP].frag * 8))
        if p[IP].frag * 8 != offset:
            errors.append("fragment at %d, expected %d"
                          % (p[IP].frag * 8, offset))
        offset = p[IP].frag * 8 + p[IP].len - p[IP].ihl * 4
    print("%d fragments, ID %s, %d bytes%s" % (
        len(frags), sorted(ids), offset,
        "" if not errors else ": " + "; ".join(errors)))
    return 1 if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("offload")
    p.add_argument("tap_in")
    p.add_argument("tap_out")
    p = sub.add_parser("capture")
    p.add_argument("dev")
    p.add_argument("seconds", type=float)
    p.add_argument("out")
    p.add_argument("ready")
    p = sub.add_parser("fragments")
    p.add_argument("--expect-frags", type=int, default=2)
    p.add_argument("--source", default=V6_SRC_AS_V4)
    p.add_argument("capture")
    args = parser.parse_args()
    return {"offload": cmd_offload, "capture": cmd_capture,
            "fragments": cmd_fragments}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
