/*
 * Copyright (c) 2026 The ovs-nat64 authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* libFuzzer harness for nat64_4to6().  The input layout is described in
 * fuzz-common.h.  Beyond "no crash, no access outside the buffer" it
 * checks:
 *
 *   - the invariants of fuzz_translate() and fuzz_translate_checked();
 *   - on success, the IPv6 header: version 6, payload length matching the
 *     frame, traffic class, hop limit, addresses and Fragment header as
 *     the IPv4 header says; a valid TCP/UDP/ICMPv6 checksum when the input
 *     had a valid one; a valid ICMPv6 checksum and hop limit 255 for ARP;
 *   - round trip: an IPv4 TCP, UDP or ICMP echo packet translated to IPv6
 *     and back (nat64_6to4() with ipv4_id = the original ID) has its
 *     addresses, protocol, TTL, TOS, fragment fields and transport bytes
 *     back, the checksum included (in one's complement) unless it was a
 *     UDP checksum of zero;
 *   - translator fragmentation (RFC 7915 4.1): a packet is marked to be
 *     cut exactly when its DF is clear and its IPv6 form is longer than
 *     lowest-ipv6-mtu (ICMP errors never are); nat64_cut_plan() cuts it
 *     (or refuses only an offset past 13 bits), and the fragments are each
 *     no longer than that MTU, carry a multiple of 8 bytes but the last,
 *     continue each other's offsets from the packet's own, have M set but
 *     the last (which has the packet's), the same ID, headers and, put
 *     together, the packet's data;
 *   - round trip for ARP: ARP -> NDP -> ARP restores the sender's hardware
 *     address (for a probe: becomes the Ethernet source) and protocol
 *     address, the target protocol address and the operation (except for
 *     gratuitous ARP, which always comes back as a reply). */

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
is_arp(const struct fuzz_input *in)
{
    return in->l2_len && in->len >= in->l2_len
           && fuzz_ethertype(in->frame, in->l2_len) == 0x0806;
}

static void
check_ipv4_output(const struct fuzz_input *in, const struct fuzz_run *ref)
{
    const uint8_t *ip4 = in->frame + in->l2_len;
    const uint8_t *out = ref->pkt.data;
    const uint8_t *ip6 = out + in->l2_len;
    bool partial = in->flags & NAT64_PKT_L4_CSUM_PARTIAL;
    uint16_t frag = fuzz_be16(ip4 + 6);
    size_t l2_len = in->l2_len;
    struct fuzz_l4 l4_in, l4_out;
    uint8_t addr[16];
    unsigned int ttl;

    /* The input was IPv4, at least a header long. */
    FUZZ_CHECK(in->len >= l2_len + 20 && ip4[0] >> 4 == 4);

    ttl = ip4[8] - (in->config.ttl_mode == NAT64_TTL_DECREMENT);
    FUZZ_CHECK(ttl > 0);
    FUZZ_CHECK(ip6[0] == (0x60 | ip4[1] >> 4));
    FUZZ_CHECK(ip6[1] == (uint8_t) (ip4[1] << 4));
    FUZZ_CHECK(!ip6[2] && !ip6[3]);
    FUZZ_CHECK(ip6[7] == ttl);
    fuzz_addr_4to6(&in->config.prefix, ip4 + 12, addr);
    FUZZ_CHECK(!memcmp(ip6 + 8, addr, 16));
    fuzz_addr_4to6(&in->config.prefix, ip4 + 16, addr);
    FUZZ_CHECK(!memcmp(ip6 + 24, addr, 16));

    if ((frag & 0x3fff) || ref->pkt.cut) {
        /* A fragment, or a packet to cut: a Fragment header with ID,
         * offset and M. */
        const uint8_t *fh = ip6 + 40;

        FUZZ_CHECK(ref->pkt.len >= l2_len + 48);
        FUZZ_CHECK(ip6[6] == 44);
        FUZZ_CHECK(fh[0] == (ip4[9] == 1 ? 58 : ip4[9]));
        FUZZ_CHECK(fuzz_be16(fh + 2) == (((frag & 0x1fff) << 3)
                                         | !!(frag & 0x2000)));
        FUZZ_CHECK(!fh[4] && !fh[5] && !memcmp(fh + 6, ip4 + 4, 2));
        FUZZ_CHECK(ref->pkt.l4_ofs == l2_len + 48);
    } else {
        FUZZ_CHECK(ip6[6] == (ip4[9] == 1 ? 58 : ip4[9]));
        FUZZ_CHECK(ref->pkt.l4_ofs == l2_len + 40);
    }

    /* A valid checksum stays valid, through ICMP error translation and
     * truncation too. */
    if (in->fix_checksums
        && fuzz_l4_ipv4(in->frame, in->len, l2_len, &l4_in)) {
        FUZZ_CHECK(fuzz_l4_ipv6(out, ref->pkt.len, l2_len, &l4_out));
        FUZZ_CHECK(l4_out.proto == (l4_in.proto == 1 ? 58 : l4_in.proto));
        FUZZ_CHECK(fuzz_l4_valid(out, &l4_out, partial));
    }
}

static void
check_output(const struct fuzz_input *in, const struct fuzz_run *ref)
{
    const uint8_t *out = ref->pkt.data;
    size_t len = ref->pkt.len;
    size_t l2_len = in->l2_len;
    struct fuzz_l4 l4;

    FUZZ_CHECK(len >= l2_len + 40);
    if (l2_len) {
        FUZZ_CHECK(fuzz_ethertype(out, l2_len) == 0x86dd);
    }
    FUZZ_CHECK(out[l2_len] >> 4 == 6);
    FUZZ_CHECK(fuzz_be16(out + l2_len + 4) == len - l2_len - 40);

    if (is_arp(in)) {
        FUZZ_CHECK(out[l2_len + 7] == 255);
        FUZZ_CHECK(fuzz_l4_ipv6(out, len, l2_len, &l4));
        FUZZ_CHECK(l4.proto == 58 && l4.ofs == l2_len + 40);
        FUZZ_CHECK(fuzz_l4_valid(out, &l4, false));
    } else {
        check_ipv4_output(in, ref);
    }
}

static uint32_t
get_u32(const uint8_t *p)
{
    return (uint32_t) fuzz_be16(p) << 16 | fuzz_be16(p + 2);
}

/* ARP -> NDP -> ARP. */
static void
arp_round_trip(const struct fuzz_input *in, const struct fuzz_run *ref)
{
    const uint8_t *arp = in->frame + in->l2_len;
    const uint8_t *arp2;
    struct fuzz_run back;

    fuzz_translate(nat64_6to4, &in->config, ref->pkt.data, ref->pkt.len,
                   in->l2_len, in->flags, 0, 0, ref->pkt.len, &back);
    FUZZ_CHECK(back.reason == NAT64_OK);
    FUZZ_CHECK(back.pkt.len == in->l2_len + 28);
    FUZZ_CHECK(fuzz_ethertype(back.pkt.data, in->l2_len) == 0x0806);
    arp2 = back.pkt.data + in->l2_len;
    FUZZ_CHECK(!memcmp(arp2, arp, 6));                 /* Types, lengths. */
    FUZZ_CHECK(!memcmp(arp2 + 14, arp + 14, 4));       /* SPA. */
    if (get_u32(arp + 14)) {
        FUZZ_CHECK(!memcmp(arp2 + 8, arp + 8, 6));     /* SHA. */
    } else {
        /* A probe becomes a DAD NS, which carries no link-layer address
         * option (RFC 4861 7.2.2): the ARP probe coming back has the
         * Ethernet source as SHA. */
        FUZZ_CHECK(!memcmp(arp2 + 8, in->frame + 6, 6));
    }
    FUZZ_CHECK(!memcmp(arp2 + 24, arp + 24, 4));       /* TPA. */
    if (memcmp(arp + 14, arp + 24, 4)) {
        FUZZ_CHECK(!memcmp(arp2 + 6, arp + 6, 2));     /* Operation. */
    }
    fuzz_run_destroy(&back);
}

/* The fragments of a packet marked to be cut, and the mark itself. */
static void
check_cut(const struct fuzz_input *in, const struct fuzz_run *ref)
{
    const uint8_t *ip4 = in->frame + in->l2_len;
    size_t l2_len = in->l2_len, ip6_len = ref->pkt.len - l2_len;
    unsigned int mtu = in->config.ipv6_mtu;
    const uint8_t *whole = ref->pkt.data, *fh = whole + l2_len + 40;
    bool error = ip4[9] == 1 && in->len > l2_len + (ip4[0] & 15) * 4
                 && ip4[(ip4[0] & 15) * 4] != 0
                 && ip4[(ip4[0] & 15) * 4] != 8;
    size_t next = 0, hdr_len = l2_len + 48;
    struct nat64_packet pkt = ref->pkt;
    struct nat64_cut cut;
    uint8_t *frag;
    unsigned int i;

    if (!ref->pkt.cut) {
        FUZZ_CHECK(ip4[6] & 0x40 || ip6_len <= mtu || error);
        return;
    }
    FUZZ_CHECK(!(ip4[6] & 0x40) && ip6_len > mtu && !error);
    if (nat64_cut_plan(&pkt, mtu, &cut) != NAT64_OK) {
        FUZZ_CHECK(fuzz_be16(fh + 2) >> 3);
        return;
    }
    FUZZ_CHECK(cut.hdr_len == hdr_len && cut.n_frags >= 2);
    frag = malloc(hdr_len + cut.frag_len);
    FUZZ_CHECK(frag);
    for (i = 0; i < cut.n_frags; i++) {
        size_t len = nat64_cut_len(&cut, i);
        bool last = i + 1 == cut.n_frags;
        const uint8_t *f6 = frag + l2_len, *ffh = f6 + 40;

        nat64_cut_header(&cut, whole, i, frag);
        FUZZ_CHECK(len > 0 && 48 + len <= mtu);
        FUZZ_CHECK(last || len % 8 == 0);
        FUZZ_CHECK(!memcmp(frag, whole, l2_len + 4));
        FUZZ_CHECK(fuzz_be16(f6 + 4) == 8 + len);
        FUZZ_CHECK(!memcmp(f6 + 6, whole + l2_len + 6, 34));
        FUZZ_CHECK(ffh[0] == fh[0] && !ffh[1] && !memcmp(ffh + 4, fh + 4, 4));
        FUZZ_CHECK(fuzz_be16(ffh + 2) >> 3
                   == (fuzz_be16(fh + 2) >> 3) + next / 8);
        FUZZ_CHECK((fuzz_be16(ffh + 2) & 1) == (last ? (fh[3] & 1) : 1));
        FUZZ_CHECK(!(fuzz_be16(ffh + 2) & 6));
        next += len;
    }
    FUZZ_CHECK(hdr_len + next == ref->pkt.len);
    free(frag);
}

/* IPv4 -> IPv6 -> IPv4 for TCP, UDP and ICMP echo. */
static void
ip_round_trip(const struct fuzz_input *in, const struct fuzz_run *ref)
{
    size_t l2_len = in->l2_len;
    const uint8_t *ip4 = in->frame + l2_len;
    size_t ihl = (ip4[0] & 15) * 4;
    size_t tot = fuzz_be16(ip4 + 2);
    uint16_t frag = fuzz_be16(ip4 + 6);
    bool first = !(frag & 0x1fff);
    uint8_t proto = ip4[9];
    const uint8_t *out;
    struct fuzz_run back;
    size_t l4_len, csum_ofs = 0;
    bool skip_csum = false;
    unsigned int ttl;

    if (proto == 1) {
        if (frag & 0x3fff || tot < ihl + 8
            || (ip4[ihl] != 0 && ip4[ihl] != 8)) {
            return;
        }
    } else if (proto != 6 && proto != 17) {
        return;
    }

    fuzz_translate(nat64_6to4, &in->config, ref->pkt.data, ref->pkt.len,
                   l2_len, in->flags, fuzz_be16(ip4 + 4), 0, ref->pkt.len,
                   &back);
    ttl = ip4[8];
    if (in->config.ttl_mode == NAT64_TTL_DECREMENT) {
        if (ttl <= 2) {
            FUZZ_CHECK(back.reason == NAT64_TTL_EXPIRED);
            goto out;
        }
        ttl -= 2;
    }
    FUZZ_CHECK(back.reason == NAT64_OK);

    out = back.pkt.data;
    l4_len = tot - ihl;
    FUZZ_CHECK(back.pkt.len == l2_len + 20 + l4_len);
    FUZZ_CHECK(!memcmp(out, in->frame, l2_len));
    out += l2_len;
    FUZZ_CHECK(out[0] == 0x45);
    FUZZ_CHECK(out[1] == ip4[1]);
    if (frag & 0x3fff) {
        FUZZ_CHECK(!memcmp(out + 4, ip4 + 4, 2));
        FUZZ_CHECK((fuzz_be16(out + 6) & 0x3fff) == (frag & 0x3fff));
    } else if (20 + l4_len <= 1260) {
        FUZZ_CHECK(!memcmp(out + 4, ip4 + 4, 2));
    }
    FUZZ_CHECK(out[8] == ttl);
    FUZZ_CHECK(out[9] == proto);
    FUZZ_CHECK(!memcmp(out + 12, ip4 + 12, 8));

    if (first) {
        csum_ofs = proto == 6 ? 16 : proto == 17 ? 6 : 2;
        if (l4_len < csum_ofs + 2) {
            csum_ofs = 0;
        } else if (proto == 17 && !fuzz_be16(ip4 + ihl + 6)) {
            skip_csum = true;
        }
    }
    fuzz_check_l4_same(out + 20, ip4 + ihl, l4_len, csum_ofs, skip_csum);
out:
    fuzz_run_destroy(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in;
    struct fuzz_run ref;

    if (!fuzz_input_parse(data, size, &in)) {
        return 0;
    }
    fuzz_translate_checked(nat64_4to6, &in, &ref);
    if (ref.reason == NAT64_OK) {
        check_output(&in, &ref);
        if (!is_arp(&in)) {
            check_cut(&in, &ref);
        }
        if (is_arp(&in)) {
            arp_round_trip(&in, &ref);
        } else {
            ip_round_trip(&in, &ref);
        }
    }
    fuzz_run_destroy(&ref);
    fuzz_check_too_big(&in);
    fuzz_input_destroy(&in);
    return 0;
}
