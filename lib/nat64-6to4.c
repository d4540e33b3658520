/*
 * Copyright (c) 2026 The ovs-nat64 authors.
 *
 * SPDX-License-Identifier: Apache-2.0 OR GPL-2.0-only
 *
 * This file is dual licensed: it is compiled into Open vSwitch (Apache
 * License, Version 2.0) and into the Linux openvswitch module (GNU General
 * Public License, version 2).  You may use it under either license:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *     https://www.gnu.org/licenses/old-licenses/gpl-2.0.html
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under these licenses is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 */

/* RFC 7915 section 5: translating from IPv6 to IPv4.
 *
 * In the section's order: 5.1 the IP header (extension headers and the
 * Fragment header, 5.1.1), 5.2 ICMPv6 messages, 5.3 the packet inside an
 * ICMPv6 error, 5.5 transport-layer checksums.  Neighbor Discovery goes to
 * nat64-nd.c. */

#include "nat64-private.h"

/* An IPv6 header and its extension headers, parsed. */
struct ipv6_info {
    size_t l3;              /* Offset of the header from pkt->data. */
    size_t l4;              /* Offset of the upper-layer header. */
    unsigned int payload_len;
    uint32_t frag_id;
    uint16_t frag_off;      /* In 8-byte units. */
    bool has_frag;          /* A Fragment header, not an atomic one. */
    bool atomic_frag;       /* An atomic Fragment header, skipped. */
    bool mf;
    uint8_t tclass;
    uint8_t hop_limit;
    uint8_t nh;             /* Upper-layer protocol. */
    uint32_t addr_sum;      /* Checksum sum of both addresses, for ICMP. */
    uint8_t v4_addrs[8];    /* The embedded IPv4 source and destination. */
};

/* RFC 7915 5.1: DF is set on packets longer than this. */
#define IPV4_DF_THRESHOLD 1260
#define IPV4_DF 0x4000
#define IPV4_MF 0x2000

/* The two reserved bits of the IPv6 Fragment header's offset word. */
#define IPV6_FRAG_RES_MASK 0x0006

#define ICMP6_DEST_UNREACH 1
#define ICMP6_PACKET_TOO_BIG 2
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_PARAM_PROBLEM 4
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define ICMP6_NDP_FIRST 133     /* Router Solicitation. */
#define ICMP6_NS 135
#define ICMP6_NA 136
#define ICMP6_NDP_LAST 137      /* Redirect. */

#define ICMP4_ECHO_REPLY 0
#define ICMP4_DEST_UNREACH 3
#define ICMP4_ECHO_REQUEST 8
#define ICMP4_TIME_EXCEEDED 11
#define ICMP4_PARAM_PROBLEM 12

static inline bool
icmp6_is_error(uint8_t type)
{
    return type < 128;
}

static inline bool
icmp6_is_ndp_or_mld(uint8_t type)
{
    return (type >= 130 && type <= ICMP6_NDP_LAST) || type == 143;
}

static inline unsigned int
ipv4_total_len_for(const struct ipv6_info *ip)
{
    return ip->payload_len - (ip->l4 - ip->l3 - IPV6_HDR_LEN)
           + IPV4_HDR_LEN;
}

/* RFC 7915 5.1 and 5.1.1: parses the IPv6 header at 'l3' and walks the
 * extension headers to the upper layer.  Hop-by-hop options, destination
 * options and routing headers with no segments left are skipped; a
 * Fragment header is remembered.  Nothing past the Fragment header of a
 * non-first fragment is parsed: it is that fragment's data.  The copy
 * inside an ICMPv6 error ('inner') may end anywhere after its extension
 * headers. */
static NAT64_INLINE enum nat64_drop_reason
parse_ipv6(struct nat64_packet *pkt, size_t l3, size_t limit, bool inner,
           struct ipv6_info *ip)
{
    enum nat64_drop_reason bad = inner ? NAT64_ICMP_INNER_BAD
                                       : NAT64_V6_BAD_EXT_HEADER;
    enum nat64_drop_reason r;
    const uint8_t *p;
    size_t off, ext_limit;
    bool seen_frag;
    uint8_t nh;

    r = need_bytes(pkt, l3 + IPV6_HDR_LEN, limit,
                   inner ? NAT64_ICMP_INNER_BAD : NAT64_V6_TRUNCATED);
    if (r) {
        return r;
    }
    p = pkt->data + l3;
    ip->l3 = l3;
    ip->payload_len = get_be16(p + 4);
    if (p[0] >> 4 != 6
        || (!ip->payload_len && (inner || p[6] == IPPROTO_HOPOPTS_))) {
        /* A zero Payload Length with a Hop-by-Hop header means a jumbogram
         * (RFC 2675); otherwise an empty payload (No Next Header, or
         * truncated, which the upper layer's checks find). */
        return inner ? NAT64_ICMP_INNER_BAD : NAT64_V6_BAD_HEADER;
    }
    if (!inner && l3 + IPV6_HDR_LEN + ip->payload_len > limit) {
        return NAT64_V6_TRUNCATED;
    }
    ext_limit = l3 + IPV6_HDR_LEN + ip->payload_len;
    if (ext_limit > limit) {
        ext_limit = limit;
    }

    ip->tclass = (uint8_t) (get_be16(p) >> 4);
    ip->hop_limit = p[7];
    ip->has_frag = false;
    ip->mf = false;
    ip->frag_off = 0;
    ip->frag_id = 0;
    ip->atomic_frag = false;
    seen_frag = false;

    nh = p[6];
    off = l3 + IPV6_HDR_LEN;
    for (;;) {
        const uint8_t *ext = pkt->data + off;
        size_t len;

        if (nh == IPPROTO_HOPOPTS_ || nh == IPPROTO_DSTOPTS_
            || nh == IPPROTO_ROUTING_) {
            if (nh == IPPROTO_HOPOPTS_ && off != l3 + IPV6_HDR_LEN) {
                return bad;     /* RFC 8200 4.1: only first. */
            }
            if (ip->has_frag) {
                /* Part of the fragmentable part: stripping it from the
                 * first fragment would shift every later fragment's
                 * offset.  IPv4 has no place for it (RFC 7915 5.1.1). */
                return inner ? NAT64_ICMP_INNER_BAD
                             : NAT64_V6_EXT_AFTER_FRAG;
            }
            r = need_bytes(pkt, off + 8, ext_limit, bad);
            if (r) {
                return r;
            }
            len = (ext[1] + 1) * 8;
            r = need_bytes(pkt, off + len, ext_limit, bad);
            if (r) {
                return r;
            }
            if (nh == IPPROTO_ROUTING_ && ext[3]) {
                return NAT64_V6_SEGMENTS_LEFT;
            }
        } else if (nh == IPPROTO_FRAGMENT_) {
            uint16_t off_m;

            r = need_bytes(pkt, off + IPV6_FRAG_HDR_LEN, ext_limit, bad);
            if (r) {
                return r;
            }
            if (seen_frag) {
                return bad;
            }
            seen_frag = true;
            off_m = get_be16(ext + 2);
            len = IPV6_FRAG_HDR_LEN;
            /* An atomic fragment, offset 0 and M clear, is not a fragment
             * (RFC 6946 4, RFC 8021): it is translated as the packet it
             * holds, its Fragment header skipped. */
            ip->atomic_frag = !(off_m & ~IPV6_FRAG_RES_MASK);
            if (!ip->atomic_frag) {
                ip->has_frag = true;
                ip->frag_off = off_m >> 3;
                ip->mf = off_m & 1;
                ip->frag_id = get_be32(ext + 4);
            }
        } else {
            break;
        }
        nh = ext[0];
        off += len;
        if (ip->frag_off) {
            /* A later fragment: what follows is data, but a next header
             * that names an extension header says the first fragment
             * carried one, which we drop (above). */
            if (nh == IPPROTO_HOPOPTS_ || nh == IPPROTO_DSTOPTS_
                || nh == IPPROTO_ROUTING_ || nh == IPPROTO_FRAGMENT_) {
                return inner ? NAT64_ICMP_INNER_BAD
                             : NAT64_V6_EXT_AFTER_FRAG;
            }
            break;
        }
    }
    ip->nh = nh;
    ip->l4 = off;
    if (ipv4_total_len_for(ip) > 0xffff) {
        return inner ? NAT64_ICMP_INNER_BAD : NAT64_V4_TOO_BIG;
    }
    return NAT64_OK;
}

/* RFC 7915 5.1: the embedded IPv4 addresses of both ends. */
static NAT64_INLINE enum nat64_drop_reason
map_addresses(const struct nat64_config *config, const uint8_t *ip6,
              struct ipv6_info *ip)
{
    if (!addr_6to4(&config->prefix, ip6 + 8, ip->v4_addrs)) {
        return NAT64_SRC_NOT_IN_PREFIX;
    }
    if (!addr_6to4(&config->prefix, ip6 + 24, ip->v4_addrs + 4)) {
        return NAT64_DST_NOT_IN_PREFIX;
    }
    return NAT64_OK;
}

/* RFC 7915 5.1, for a packet without a Fragment header: DF set and ID 0
 * when it is longer than 1260 bytes, unless the caller refragments; else
 * DF clear and the caller's 'id'.  Returns the IPv4 header's second word:
 * the ID, then the flags and fragment offset. */
static inline uint32_t
ipv4_id_frag_by_size(unsigned int total_len, bool refragment, uint16_t id)
{
    if (total_len > IPV4_DF_THRESHOLD && !refragment) {
        return IPV4_DF;
    }
    return (uint32_t) id << 16;
}

/* Writes at 'p' an IPv4 header without options and its checksum:
 * 'id_frag' is its second word (the ID, then the flags and fragment
 * offset), 'src' and 'dst' the addresses as they lie in memory. */
static NAT64_INLINE void
put_ipv4_header(uint8_t *p, uint8_t tos, unsigned int total_len,
                uint32_t id_frag, unsigned int ttl, uint8_t proto,
                uint32_t src, uint32_t dst)
{
    /* The header's words in memory order, summed before they are
     * written. */
    uint32_t w0 = NAT64_BE32(0x45000000 | (uint32_t) tos << 16 | total_len);
    uint32_t w1 = NAT64_BE32(id_frag);
    uint16_t ttl_proto = NAT64_BE16(ttl << 8 | proto);
    uint64_t s = (uint64_t) w0 + w1 + ttl_proto + src + dst;

    memcpy(p, &w0, 4);
    memcpy(p + 4, &w1, 4);
    store16(p + 8, ttl_proto);
    store16(p + 10, csum_finish(csum_add((uint32_t) s, (uint32_t) (s >> 32))));
    memcpy(p + 12, &src, 4);
    memcpy(p + 16, &dst, 4);
}

/* RFC 7915 5.1: writes the IPv4 header for 'ip' at 'p'.  'id' is used
 * when there is no Fragment header and DF is clear.  DF is never set when
 * the caller refragments ('refragment'). */
static NAT64_INLINE void
write_ipv4_header(uint8_t *p, const struct ipv6_info *ip,
                  unsigned int total_len, unsigned int ttl, uint16_t id,
                  bool refragment)
{
    uint32_t id_frag;

    if (ip->has_frag) {
        id_frag = ((uint32_t) (uint16_t) ip->frag_id << 16 | ip->frag_off
                   | (ip->mf ? IPV4_MF : 0));
    } else {
        id_frag = ipv4_id_frag_by_size(total_len, refragment, id);
    }
    put_ipv4_header(p, ip->tclass, total_len, id_frag, ttl,
                    ip->nh == IPPROTO_ICMPV6_ ? IPPROTO_ICMP_ : ip->nh,
                    load32(ip->v4_addrs), load32(ip->v4_addrs + 4));
}

/* RFC 7915 5.2 -------------------------------------------------------- */

struct icmp_header {
    uint8_t type;
    uint8_t code;
    uint8_t rest[4];
};

/* RFC 7915 figure 6: the IPv4 header field that an IPv6 Parameter Problem
 * pointer points into, or -1 when it has no counterpart. */
static int
param_pointer_6to4(uint32_t ptr)
{
    if (ptr <= 1) {
        return ptr;                     /* Version/Traffic Class. */
    } else if (ptr == 4 || ptr == 5) {
        return 2;                       /* Payload Length. */
    } else if (ptr == 6) {
        return 9;                       /* Next Header. */
    } else if (ptr == 7) {
        return 8;                       /* Hop Limit. */
    } else if (ptr >= 8 && ptr <= 23) {
        return 12;                      /* Source Address. */
    } else if (ptr >= 24 && ptr <= 39) {
        return 16;                      /* Destination Address. */
    }
    return -1;
}

/* RFC 7915 5.2: the ICMPv4 header for the ICMPv6 header 'icmp'. */
static NAT64_INLINE enum nat64_drop_reason
icmp_header_6to4(const uint8_t *icmp, struct icmp_header *out)
{
    uint8_t type = icmp[0], code = icmp[1];
    uint32_t mtu;
    int ptr;

    memset(out, 0, sizeof *out);
    switch (type) {
    case ICMP6_ECHO_REQUEST:
    case ICMP6_ECHO_REPLY:
        out->type = type == ICMP6_ECHO_REQUEST ? ICMP4_ECHO_REQUEST
                                               : ICMP4_ECHO_REPLY;
        out->code = code;
        memcpy(out->rest, icmp + 4, 4);
        return NAT64_OK;

    case ICMP6_DEST_UNREACH:
        out->type = ICMP4_DEST_UNREACH;
        switch (code) {
        case 0: case 2: case 3:
            out->code = 1;              /* Host unreachable. */
            return NAT64_OK;
        case 1:
            out->code = 10;             /* Communication prohibited. */
            return NAT64_OK;
        case 4:
            out->code = 3;              /* Port unreachable. */
            return NAT64_OK;
        default:
            return NAT64_ICMP_UNTRANSLATABLE;
        }

    case ICMP6_PACKET_TOO_BIG:
        /* Fragmentation needed, the MTU shrunk by the header size
         * difference; 8 more if the packet in error has a Fragment header
         * (see xlat_icmp()). */
        out->type = ICMP4_DEST_UNREACH;
        out->code = 4;
        mtu = get_be32(icmp + 4);
        mtu = mtu < IPV6_HDR_LEN - IPV4_HDR_LEN
              ? 0 : mtu - (IPV6_HDR_LEN - IPV4_HDR_LEN);
        put_be16(out->rest + 2, mtu > 0xffff ? 0xffff : mtu);
        return NAT64_OK;

    case ICMP6_TIME_EXCEEDED:
        out->type = ICMP4_TIME_EXCEEDED;
        out->code = code;
        return NAT64_OK;

    case ICMP6_PARAM_PROBLEM:
        if (code == 1) {
            /* Unrecognized Next Header: protocol unreachable. */
            out->type = ICMP4_DEST_UNREACH;
            out->code = 2;
            return NAT64_OK;
        } else if (code != 0) {
            return NAT64_ICMP_UNTRANSLATABLE;
        }
        ptr = param_pointer_6to4(get_be32(icmp + 4));
        if (ptr < 0) {
            return NAT64_ICMP_BAD_POINTER;
        }
        out->type = ICMP4_PARAM_PROBLEM;
        out->code = 0;
        out->rest[0] = ptr;
        return NAT64_OK;

    default:
        return icmp6_is_ndp_or_mld(type) ? NAT64_NDP_UNSUPPORTED
                                         : NAT64_ICMP_UNTRANSLATABLE;
    }
}

/* RFC 7915 5.5 and 5.2: the transport checksum, or an echo's type and
 * checksum, of the packet inside an ICMPv6 error, updated when present in
 * the copy; 'outer_sum' follows every change. */
static NAT64_INLINE void
xlat_inner_l4(uint8_t *l4, size_t avail, const struct ipv6_info *ip,
              uint64_t *outer_sum)
{
    uint32_t diff = csum_sub(csum_8_bytes(ip->v4_addrs), ip->addr_sum);
    uint16_t old, new;

    if (ip->frag_off) {
        return;
    }
    if (ip->nh == IPPROTO_TCP_ && avail >= TCP_CSUM_OFS + 2) {
        l4 += TCP_CSUM_OFS;
    } else if (ip->nh == IPPROTO_UDP_ && avail >= UDP_CSUM_OFS + 2
               && load16(l4 + UDP_CSUM_OFS)) {
        l4 += UDP_CSUM_OFS;
    } else if (ip->nh == IPPROTO_ICMPV6_ && avail >= 4
               && (l4[0] == ICMP6_ECHO_REQUEST
                   || l4[0] == ICMP6_ECHO_REPLY)) {
        uint16_t old_tc = load16(l4);
        uint32_t pseudo = csum_add(ip->addr_sum,
                                   csum_word(ipv4_total_len_for(ip)
                                             - IPV4_HDR_LEN));

        pseudo = csum_add(pseudo, csum_word(IPPROTO_ICMPV6_));
        l4[0] = l4[0] == ICMP6_ECHO_REQUEST ? ICMP4_ECHO_REQUEST
                                            : ICMP4_ECHO_REPLY;
        *outer_sum = csum64_sub(*outer_sum, old_tc) + load16(l4);
        diff = csum_sub(csum_sub(load16(l4), old_tc), pseudo);
        l4 += 2;
    } else {
        return;
    }
    old = load16(l4);
    new = l4_csum_update(l4, diff, ip->nh == IPPROTO_UDP_, false);
    *outer_sum = csum64_sub(*outer_sum, old) + new;
}

/* What an ICMPv6 message becomes, as xlat_icmp() planned it from its
 * checks: icmp_rewrite() carries the plan out. */
struct icmp_plan {
    struct ipv6_info inner;     /* The packet in error, if 'error'. */
    bool error;
    bool zero_header;           /* See xlat_icmp(). */
    struct icmp_layout layout;
};

/* RFC 7915 5.2 and 5.3: rewrites the ICMPv6 message of 'ip' as 'plan'
 * says, with the ICMPv4 header 'h', once everything is checked.  The
 * ICMPv4 checksum follows from the ICMPv6 one: out go the sums of what
 * changes (the pseudo-header too), in those of what replaces it. */
static NAT64_INLINE void
icmp_rewrite(struct nat64_packet *pkt, const struct ipv6_info *ip,
             unsigned int ttl, const struct icmp_header *h,
             const struct icmp_plan *plan)
{
    size_t icmp = ip->l4;
    size_t end = ip->l3 + IPV6_HDR_LEN + ip->payload_len;
    unsigned int icmp_len = end - icmp;
    const struct icmp_layout *layout = &plan->layout;
    size_t tail = layout->tail, keep = layout->keep;
    size_t ext_len = layout->ext_len;
    size_t new_end = tail + keep + ext_len;
    const struct ipv6_info *inner = &plan->inner;
    uint8_t *base = pkt->data;
    uint8_t *kept = base + tail - layout->fit.pad;
    uint8_t *p4, *icmp4;
    uint64_t sum;
    uint16_t csum;

    sum = (uint16_t) ~load16(base + icmp + 2);
    sum = csum64_sub(sum, csum_icmp_header(base + icmp));
    /* The pseudo-header. */
    sum = csum64_sub(sum, ip->addr_sum);
    sum = csum64_sub(sum, csum_word(icmp_len) + csum_word(IPPROTO_ICMPV6_));
    if (plan->error) {
        /* The embedded IPv6 header and its extension headers: the
         * addresses' sum is known. */
        sum = csum64_sub(sum, csum_8_bytes(base + inner->l3));
        sum = csum64_sub(sum, inner->addr_sum);
        if (tail > inner->l3 + IPV6_HDR_LEN) {
            sum = csum64_sub(sum, nat64_csum_bytes(base + inner->l3
                                                   + IPV6_HDR_LEN,
                                                   tail - inner->l3
                                                   - IPV6_HDR_LEN));
        }
    }
    if (end - ext_len > tail + keep) {
        /* What the cut takes off (nothing, for most messages). */
        sum = csum64_sub(sum, nat64_csum_bytes(base + tail + keep,
                                               end - ext_len
                                               - (tail + keep)));
    }

    p4 = kept - (plan->error ? IPV4_HDR_LEN : 0) - ICMP_HDR_LEN
         - IPV4_HDR_LEN;
    nat64_reframe(pkt, p4 - pkt->l2_len, new_end, ETH_TYPE_IPV4);
    /* After the L2 header moved: padding may move the kept bytes over
     * its old place. */
    nat64_icmp_ext_place(base, tail, keep, &layout->ext, &layout->fit);

    icmp4 = p4 + IPV4_HDR_LEN;
    if (plan->error) {
        uint8_t *inner4 = icmp4 + ICMP_HDR_LEN;

        /* The embedded packet keeps its hop limit and gets no ID.  With
         * its checksum, its header sums to 0xffff, which adds nothing to
         * the ICMP checksum: it is not summed. */
        write_ipv4_header(inner4, inner, ipv4_total_len_for(inner),
                          inner->hop_limit, 0, false);
        xlat_inner_l4(kept, keep, inner, &sum);
    }
    write_ipv4_header(p4, ip, base + new_end - p4, ttl, pkt->ipv4_id,
                      pkt->flags & NAT64_PKT_REFRAGMENT);
    icmp4[0] = h->type;
    icmp4[1] = h->code;
    memcpy(icmp4 + 4, h->rest, 4);
    sum += csum_icmp_header(icmp4);
    csum = csum_finish(csum64_fold(sum));
    if (!csum && plan->zero_header
        && !nat64_csum_bytes(icmp4 + ICMP_HDR_LEN,
                             base + new_end - icmp4 - ICMP_HDR_LEN)) {
        csum = 0xffff;
    }
    store16(icmp4 + 2, csum);

    pkt->l4_ofs = pkt->l2_len + IPV4_HDR_LEN;
}

/* RFC 7915 5.2 and 5.3: an ICMPv6 message other than Neighbor Discovery,
 * the packet inside an error included, and its RFC 4884 extension
 * structure. */
static enum nat64_drop_reason
xlat_icmp(struct nat64_packet *pkt, const struct nat64_config *config,
          struct ipv6_info *ip, unsigned int ttl)
{
    size_t icmp = ip->l4;
    size_t end = ip->l3 + IPV6_HDR_LEN + ip->payload_len;
    uint8_t *base = pkt->data;
    struct icmp_plan plan;
    struct icmp_header h;
    enum nat64_drop_reason r;
    long growth;

    plan.error = icmp6_is_error(base[icmp]);
    icmp_layout_init(&plan.layout, end);
    ip->addr_sum = csum_32_bytes(base + ip->l3 + 8);
    r = icmp_header_6to4(base + icmp, &h);
    if (r) {
        return r;
    }
    /* One's complement has two zeros and the incremental update may land
     * on the wrong one: a message of all zeros must carry 0xffff (RFC 1624
     * section 3).  ICMPv4 is the only checksum here without a pseudo-header,
     * so the only one that can cover nothing but zeros: an echo reply with
     * a zero header and payload.  Such a payload is checked whole. */
    plan.zero_header = (!plan.error && !h.type && !h.code && !h.rest[0]
                        && !h.rest[1] && !h.rest[2] && !h.rest[3]);
    if (plan.zero_header) {
        r = need_bytes(pkt, end, end, NAT64_L4_TRUNCATED);
        if (r) {
            return r;
        }
    }

    if (!plan.error) {
        plan.layout.tail = icmp + ICMP_HDR_LEN;
    } else {
        /* RFC 4884 section 4.2: the ICMPv6 errors with a Length
         * attribute, in 64-bit words; their ICMPv4 translations
         * (Destination Unreachable, Time Exceeded) have one in 32-bit
         * words. */
        bool has_length = base[icmp] == ICMP6_DEST_UNREACH
                          || base[icmp] == ICMP6_TIME_EXCEEDED;
        struct ipv6_info *inner = &plan.inner;
        size_t odg_end, tail;

        if (has_length) {
            r = nat64_icmp_ext_find(pkt, icmp + ICMP_HDR_LEN, end,
                                    base[icmp + 4], 8, &plan.layout.ext);
            if (r) {
                return r;
            }
        }
        odg_end = plan.layout.ext.odg_end;
        r = parse_ipv6(pkt, icmp + ICMP_HDR_LEN, odg_end, true, inner);
        if (r) {
            return r;
        }
        r = map_addresses(config, base + inner->l3, inner);
        if (r) {
            return r;
        }
        inner->addr_sum = csum_32_bytes(base + inner->l3 + 8);
        tail = inner->l4;
        if (h.type == ICMP4_DEST_UNREACH && h.code == 4 && inner->has_frag) {
            /* RFC 7915 5.2: the MTU counts the 8 bytes of a Fragment
             * header that the IPv4 packet will not have. */
            uint16_t mtu = get_be16(h.rest + 2);

            put_be16(h.rest + 2, mtu < IPV6_FRAG_HDR_LEN
                                 ? 0 : mtu - IPV6_FRAG_HDR_LEN);
        }
        if (inner->nh == IPPROTO_ICMPV6_ && !inner->frag_off
            && tail < odg_end) {
            r = need_bytes(pkt, tail + 1, odg_end, NAT64_ICMP_INNER_BAD);
            if (r) {
                return r;
            }
            if (icmp6_is_error(base[tail])) {
                return NAT64_ICMP_ERROR_IN_ERROR;
            }
        }
        r = need_bytes(pkt, odg_end < tail + 18 ? odg_end : tail + 18,
                       odg_end, NAT64_ICMP_INNER_BAD);
        if (r) {
            return r;
        }
        nat64_icmp_ext_fit(&plan.layout.ext, IPV4_HDR_LEN, odg_end - tail,
                           has_length ? NAT64_ICMP4_ERROR_MAX - IPV4_HDR_LEN
                                        - ICMP_HDR_LEN : 0,
                           4, &plan.layout.fit);
        if (has_length) {
            h.rest[1] = plan.layout.fit.length;
        }
        plan.layout.tail = tail;
    }

    /* An error is cut so that it fits in 576 bytes.  Cuts are at even
     * offsets of both messages, and padding and cutting move bytes by
     * multiples of 4, which leaves their sum in the checksum as it is. */
    r = icmp_layout_finish(pkt, &plan.layout, end,
                           (plan.error
                            ? NAT64_ICMP4_ERROR_MAX - 2 * IPV4_HDR_LEN
                              - ICMP_HDR_LEN
                            : (size_t) -1));
    if (r) {
        return r;
    }
    /* The headers shrink, but padding a short datagram to 128 bytes may
     * need more room in front. */
    growth = (long) ((plan.error ? IPV4_HDR_LEN : 0) + ICMP_HDR_LEN
                     + IPV4_HDR_LEN)
             - ((long) (plan.layout.tail - ip->l3)
                - (long) plan.layout.fit.pad);
    if (growth > 0 && (size_t) growth > pkt->headroom) {
        pkt->need = growth;
        return NAT64_NO_HEADROOM;
    }

    icmp_rewrite(pkt, ip, ttl, &h, &plan);
    return NAT64_OK;
}

/* The one-pass paths ------------------------------------------------
 *
 * The common packets are checked and translated in one go, between
 * addresses in a /96 prefix other than the Well-Known one
 * (config->fast96): a TCP or UDP packet, and an ICMPv6 error about one,
 * neither with extension headers.  They make the same packet as the
 * general path (the unit tests and the fuzzers check both); anything
 * else, drops included, returns false and takes the general path, which
 * says why. */

/* Fills 'ip' for the IPv6 header at 'p', offset 'l3', as parse_ipv6() and
 * map_addresses() would when it has no extension headers and both its
 * addresses lie in the prefix (config->fast96), with their sum. */
static NAT64_INLINE void
ipv6_info_fast96(const struct nat64_config *config, const uint8_t *p,
                 size_t l3, struct ipv6_info *ip)
{
    ip->l3 = l3;
    ip->l4 = l3 + IPV6_HDR_LEN;
    ip->payload_len = get_be16(p + 4);
    ip->frag_id = 0;
    ip->frag_off = 0;
    ip->has_frag = false;
    ip->atomic_frag = false;
    ip->mf = false;
    ip->tclass = (uint8_t) (get_be16(p) >> 4);
    ip->hop_limit = p[7];
    ip->nh = p[6];
    memcpy(ip->v4_addrs, p + 20, 4);
    memcpy(ip->v4_addrs + 4, p + 36, 4);
    ip->addr_sum = csum_add(csum_8_bytes(ip->v4_addrs), config->prefix96_sum);
}

/* The checks of xlat_ipv6() that an IPv6 header without extension headers
 * can fail, for the one-pass paths, which have seen the header and 20
 * more bytes in the linear data: the TTL for the IPv4 header, or 0 for the
 * general path. */
static NAT64_INLINE unsigned int
fast_ipv6_header(const struct nat64_config *config,
                 const struct nat64_packet *pkt, size_t l3)
{
    size_t l4 = l3 + IPV6_HDR_LEN;
    const uint8_t *p = pkt->data + l3;
    unsigned int payload_len, ttl;

    if (!config->fast96 || p[0] >> 4 != 6
        || (l3 && (l3 < 2 || get_be16(p - 2) != ETH_TYPE_IPV6))
        || !both_in_prefix96(&config->prefix, p + 8)
        || ipv4_source_forbidden(p + 20)) {
        return 0;
    }
    payload_len = get_be16(p + 4);
    ttl = nat64_next_ttl(config, p[7]);
    if (l4 + payload_len > pkt->len) {
        return 0;
    }
    return ttl;
}

/* The common ICMPv6 error: one without an RFC 4884 extension structure
 * (a zero Length attribute), whole in the linear data and within 576
 * bytes once translated (no cut), about a TCP or UDP packet without
 * extension headers between addresses in the prefix.  What xlat_icmp()
 * plans for it is known: nothing is cut, padded or moved. */
static NAT64_INLINE bool
xlat_icmp_error_fast(const struct nat64_config *config,
                     struct nat64_packet *pkt)
{
    size_t l3 = pkt->l2_len, icmp = l3 + IPV6_HDR_LEN;
    size_t tail = icmp + ICMP_HDR_LEN + IPV6_HDR_LEN, end;
    const uint8_t *p = pkt->data + l3, *icmp6 = p + IPV6_HDR_LEN;
    const uint8_t *in = icmp6 + ICMP_HDR_LEN;
    unsigned int payload_len, ttl;
    struct icmp_plan plan;
    struct icmp_header h;
    struct ipv6_info ip;

    if (tail > pkt->linear || p[6] != IPPROTO_ICMPV6_
        || !icmp6_is_error(icmp6[0])) {
        return false;
    }
    ttl = fast_ipv6_header(config, pkt, l3);
    payload_len = get_be16(p + 4);
    end = icmp + payload_len;
    if (!ttl || end < tail || end > pkt->linear
        || payload_len > NAT64_ICMP4_ERROR_MAX
        || ((icmp6[0] == ICMP6_DEST_UNREACH
             || icmp6[0] == ICMP6_TIME_EXCEEDED) && icmp6[4])
        || in[0] >> 4 != 6 || !get_be16(in + 4)
        || get_be16(in + 4) + IPV4_HDR_LEN > 0xffff
        || (in[6] != IPPROTO_TCP_ && in[6] != IPPROTO_UDP_)
        || !both_in_prefix96(&config->prefix, in + 8)
        || icmp_header_6to4(icmp6, &h)) {
        return false;
    }

    ipv6_info_fast96(config, p, l3, &ip);
    ipv6_info_fast96(config, in, icmp + ICMP_HDR_LEN, &plan.inner);
    plan.error = true;
    plan.zero_header = false;
    icmp_layout_whole(&plan.layout, tail, end);
    icmp_rewrite(pkt, &ip, ttl, &h, &plan);
    return true;
}

/* The common TCP or UDP packet, with a checksum unless it is offloaded.
 * The order of the steps keeps few values live at once, so that the path
 * needs few saved registers. */
static NAT64_INLINE bool
xlat_ipv6_fast(const struct nat64_config *config, struct nat64_packet *pkt,
               size_t l3, uint8_t nh)
{
    size_t l4 = l3 + IPV6_HDR_LEN;
    uint8_t *p = pkt->data + l3, *p4 = p + IPV6_HDR_LEN - IPV4_HDR_LEN;
    unsigned int min_len = fast_l4_hdr_len(nh);
    unsigned int payload_len, total_len, ttl;
    uint32_t src, dst, id_frag;
    uint8_t tclass;

    /* At least the transport header, and an IPv4 datagram of at most
     * 65535 bytes. */
    payload_len = get_be16(p + 4);
    if (payload_len - min_len > 0xffff - IPV4_HDR_LEN - min_len) {
        return false;
    }
    if (!fast_l4_has_csum(pkt, p + IPV6_HDR_LEN, nh)) {
        return false;
    }
    ttl = fast_ipv6_header(config, pkt, l3);
    if (!ttl) {
        return false;
    }

    /* The transport checksum first: its slot stays in place. */
    l4_csum_update(p + IPV6_HDR_LEN + fast_l4_csum_ofs(nh),
                   config->prefix96_fold_neg, nh == IPPROTO_UDP_,
                   pkt->flags & NAT64_PKT_L4_CSUM_PARTIAL);

    /* Then the IPv4 header, over the end of the IPv6 one, and only then
     * the L2 header, over its start: the old L2 header stays in place
     * until it has moved. */
    tclass = (uint8_t) (get_be16(p) >> 4);
    src = load32(p + 20);
    dst = load32(p + 36);
    total_len = payload_len + IPV4_HDR_LEN;
    id_frag = ipv4_id_frag_by_size(total_len,
                                   pkt->flags & NAT64_PKT_REFRAGMENT,
                                   pkt->ipv4_id);
    put_ipv4_header(p4, tclass, total_len, id_frag, ttl, nh, src, dst);
    nat64_move_l2(p4 - l3, p - l3, l3, ETH_TYPE_IPV4);
    nat64_shift_frame(pkt, IPV6_HDR_LEN - IPV4_HDR_LEN, l4 + payload_len);
    pkt->l4_ofs = l3 + IPV4_HDR_LEN;
    return true;
}

/* RFC 7915 5.1 and 5.5: an IPv6 packet. */
static enum nat64_drop_reason
xlat_ipv6(const struct nat64_config *config, struct nat64_packet *pkt)
{
    bool partial = (pkt->flags & NAT64_PKT_L4_CSUM_PARTIAL) != 0;
    size_t end, csum_ofs = 0;
    struct ipv6_info ip;
    enum nat64_drop_reason r;
    unsigned int ttl;
    uint8_t *base, *p4;
    uint32_t diff;

    r = parse_ipv6(pkt, pkt->l2_len, pkt->len, false, &ip);
    if (r) {
        return r;
    }
    base = pkt->data;
    end = ip.l3 + IPV6_HDR_LEN + ip.payload_len;

    if (ip.nh == IPPROTO_ICMPV6_) {
        if (ip.has_frag) {
            return NAT64_ICMP_FRAGMENTED;
        }
        r = need_bytes(pkt, ip.l4 + ICMP_HDR_LEN, end, NAT64_L4_TRUNCATED);
        if (r) {
            return r;
        }
        if (base[ip.l4] == ICMP6_NS || base[ip.l4] == ICMP6_NA) {
            if (ip.atomic_frag) {
                /* RFC 6980 5: Neighbor Discovery in a fragment, even an
                 * atomic one, is ignored. */
                return NAT64_NDP_MALFORMED;
            }
            return nat64_ndp_to_arp(config, pkt, ip.l4, end - ip.l4);
        } else if (icmp6_is_ndp_or_mld(base[ip.l4])) {
            /* Multicast or link-local by nature: refused as what they
             * are, before their addresses are. */
            return NAT64_NDP_UNSUPPORTED;
        }
    }

    r = map_addresses(config, base + ip.l3, &ip);
    if (r) {
        return r;
    }
    r = check_ipv4_addrs(&config->prefix, ip.v4_addrs, ip.v4_addrs + 4);
    if (r) {
        return r;
    }
    ttl = nat64_next_ttl(config, ip.hop_limit);
    if (!ttl) {
        return NAT64_TTL_EXPIRED;
    }
    if (ip.nh == IPPROTO_ICMPV6_) {
        return xlat_icmp(pkt, config, &ip, ttl);
    }

    if (!ip.frag_off) {
        if (ip.nh == IPPROTO_TCP_) {
            r = need_bytes(pkt, ip.l4 + 20, end, NAT64_L4_TRUNCATED);
            csum_ofs = ip.l4 + TCP_CSUM_OFS;
        } else if (ip.nh == IPPROTO_UDP_) {
            r = need_bytes(pkt, ip.l4 + UDP_HDR_LEN, end,
                           NAT64_L4_TRUNCATED);
            csum_ofs = ip.l4 + UDP_CSUM_OFS;
            if (!r && !partial && !load16(base + csum_ofs)) {
                return NAT64_UDP_ZERO_CSUM_V6;
            }
        }
        if (r) {
            return r;
        }
    }

    if (ip.nh == IPPROTO_NONE_ && !ip.has_frag) {
        /* No Next Header: whatever follows is ignored (RFC 8200 4.7), so
         * the IPv4 packet of protocol 59 is empty. */
        end = ip.l4;
        ip.payload_len = ip.l4 - ip.l3 - IPV6_HDR_LEN;
    }

    /* The pseudo-header change, while the IPv6 addresses are there. */
    diff = ~csum_addrs_4to6(config, ip.v4_addrs, base + ip.l3 + 8);
    p4 = base + ip.l4 - IPV4_HDR_LEN;
    nat64_reframe(pkt, p4 - pkt->l2_len, end, ETH_TYPE_IPV4);
    write_ipv4_header(p4, &ip, ipv4_total_len_for(&ip), ttl, pkt->ipv4_id,
                      pkt->flags & NAT64_PKT_REFRAGMENT);
    if (csum_ofs) {
        l4_csum_update(base + csum_ofs, diff, ip.nh == IPPROTO_UDP_,
                       partial);
    }
    pkt->l4_ofs = pkt->l2_len + IPV4_HDR_LEN;
    return NAT64_OK;
}

/* The general path, from the L2 header on. */
static NAT64_SLOW_PATH enum nat64_drop_reason
xlat_frame_6to4(const struct nat64_config *config, struct nat64_packet *pkt)
{
    enum nat64_drop_reason r;

    if (pkt->l2_len) {
        if (pkt->l2_len < 2) {
            return NAT64_L2_TRUNCATED;
        }
        r = need_bytes(pkt, pkt->l2_len, pkt->len, NAT64_L2_TRUNCATED);
        if (r) {
            return r;
        }
        if (get_be16(pkt->data + pkt->l2_len - 2) != ETH_TYPE_IPV6) {
            return NAT64_WRONG_L3;
        }
    } else {
        r = need_bytes(pkt, 1, pkt->len, NAT64_V6_TRUNCATED);
        if (r) {
            return r;
        }
        if (pkt->data[0] >> 4 != 6) {
            return NAT64_WRONG_L3;
        }
    }
    return xlat_ipv6(config, pkt);
}

/* The TCP and UDP one-pass path, for the frames the nat64 action sees:
 * Ethernet, with one 802.1Q tag or none.  Each L2 length and protocol
 * gets its own copy of the path, with both constants: fewer registers and
 * branches, and the L2 header moves as fixed words. */
static NAT64_INLINE bool
xlat_ipv6_fast_l2(const struct nat64_config *config,
                  struct nat64_packet *pkt, size_t l3)
{
    switch (pkt->data[l3 + 6]) {
    case IPPROTO_TCP_:
        return xlat_ipv6_fast(config, pkt, l3, IPPROTO_TCP_);
    case IPPROTO_UDP_:
        return xlat_ipv6_fast(config, pkt, l3, IPPROTO_UDP_);
    default:
        return false;
    }
}

static NAT64_INLINE bool
xlat_ipv6_fast_eth(const struct nat64_config *config, struct nat64_packet *pkt)
{
    switch (pkt->l2_len) {
    case ETH_HDR_LEN:
        return xlat_ipv6_fast_l2(config, pkt, ETH_HDR_LEN);
    case ETH_HDR_LEN + VLAN_HDR_LEN:
        return xlat_ipv6_fast_l2(config, pkt, ETH_HDR_LEN + VLAN_HDR_LEN);
    default:
        return false;
    }
}

/* An ICMPv6 packet: the common error in one pass, anything else by the
 * general path.  A function of its own, so that the TCP and UDP one-pass
 * path, which makes no calls, saves few registers. */
static NAT64_SLOW_PATH enum nat64_drop_reason
xlat_frame_icmp_6to4(const struct nat64_config *config,
                     struct nat64_packet *pkt)
{
    if (xlat_icmp_error_fast(config, pkt)) {
        return NAT64_OK;
    }
    return xlat_frame_6to4(config, pkt);
}

enum nat64_drop_reason
nat64_6to4(const struct nat64_config *config, struct nat64_packet *pkt)
{
    size_t l3 = pkt->l2_len;

    /* What every one-pass path reads at least: the IPv6 header and 20
     * more bytes. */
    if (l3 + IPV6_HDR_LEN + TCP_HDR_LEN <= pkt->linear) {
        if (pkt->data[l3 + 6] == IPPROTO_ICMPV6_) {
            return xlat_frame_icmp_6to4(config, pkt);
        }
        if (xlat_ipv6_fast_eth(config, pkt)) {
            return NAT64_OK;
        }
    }
    return xlat_frame_6to4(config, pkt);
}

bool
nat64_6to4_needs_ipv4_id(const struct nat64_packet *pkt)
{
    const uint8_t *ip6 = pkt->data + pkt->l2_len;
    uint8_t nh;

    if (pkt->flags & NAT64_PKT_REFRAGMENT
        || pkt->linear < pkt->l2_len + IPV6_HDR_LEN) {
        return true;
    }
    /* Anything else may carry a Fragment header or be an ICMPv6 error,
     * whose sizes are decided later. */
    nh = ip6[6];
    if (nh != IPPROTO_TCP_ && nh != IPPROTO_UDP_) {
        return true;
    }
    return IPV6_HDR_LEN + get_be16(ip6 + 4) <= NAT64_IPV4_ID_MAX_LEN;
}
