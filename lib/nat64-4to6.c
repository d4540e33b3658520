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

/* RFC 7915 section 4: translating from IPv4 to IPv6.
 *
 * The functions follow the section's order: 4.1 the IP header, 4.2 ICMPv4
 * messages, 4.3 the packet inside an ICMPv4 error, 4.5 transport-layer
 * checksums.  4.4 (generating ICMPv4 errors) is a router's job and not done
 * here: a refused packet is dropped and counted. */

#include "nat64-private.h"

/* An IPv4 header, parsed. */
struct ipv4_info {
    size_t l3;              /* Offset of the header from pkt->data. */
    unsigned int ihl;       /* Header length in bytes. */
    unsigned int total_len;
    uint16_t id;
    uint16_t frag_off;      /* Fragment offset, in 8-byte units. */
    bool mf;                /* More fragments. */
    uint8_t tos;
    uint8_t ttl;
    uint8_t proto;
    uint8_t addrs[8];       /* Source, then destination. */
};

#define IPV4_DF 0x4000
#define IPV4_MF 0x2000
#define IPV4_FRAG_OFF_MASK 0x1fff
#define IPOPT_EOL 0
#define IPOPT_NOP 1
#define IPOPT_LSRR 131
#define IPOPT_SSRR 137

static inline bool
ipv4_is_fragment(const struct ipv4_info *ip)
{
    return ip->mf || ip->frag_off;
}

/* RFC 7915 4.1: a fragment gets a Fragment header, and so does a packet
 * to be sent as fragments. */
static inline unsigned int
ipv6_hdr_len(bool frag_hdr)
{
    return IPV6_HDR_LEN + (frag_hdr ? IPV6_FRAG_HDR_LEN : 0);
}

/* RFC 7915 4.1: an IPv4 packet with DF clear that would become an IPv6
 * packet longer than lowest-ipv6-mtu is sent as fragments.  'ip6_len' is
 * the IPv6 packet's length without a Fragment header; the DF flag is read
 * from the header at 'base' + ip->l3, which parse_ipv4() checked. */
static inline bool
ipv4_is_cut(const struct nat64_config *config, const struct ipv4_info *ip,
            const uint8_t *base, unsigned int ip6_len)
{
    return !(get_be16(base + ip->l3 + 6) & IPV4_DF)
           && ip6_len + (ipv4_is_fragment(ip) ? IPV6_FRAG_HDR_LEN : 0)
              > config->ipv6_mtu;
}

/* RFC 7915 4.1, "IPv4 options": options are not translated, but a packet
 * with an unexpired source route option is dropped.  Also refuses options
 * that overrun the header. */
static enum nat64_drop_reason
check_ipv4_options(const uint8_t *opt, unsigned int len)
{
    unsigned int i = 0;

    while (i < len) {
        unsigned int type = opt[i], opt_len;

        if (type == IPOPT_EOL) {
            break;
        } else if (type == IPOPT_NOP) {
            i++;
            continue;
        }
        if (i + 2 > len) {
            return NAT64_V4_BAD_OPTIONS;
        }
        opt_len = opt[i + 1];
        if (opt_len < 2 || i + opt_len > len) {
            return NAT64_V4_BAD_OPTIONS;
        }
        if (type == IPOPT_LSRR || type == IPOPT_SSRR) {
            /* RFC 791: the route is used up when the pointer (1-based)
             * exceeds the option's length. */
            if (opt_len < 3) {
                return NAT64_V4_BAD_OPTIONS;
            }
            if (opt[i + 2] <= opt_len) {
                return NAT64_V4_SOURCE_ROUTE;
            }
        }
        i += opt_len;
    }
    return NAT64_OK;
}

/* Parses the IPv4 header at offset 'l3'.  An outer header ('inner' false)
 * must be whole and valid; the copy inside an ICMP error ('inner' true) is
 * usually truncated after its header and is checked less (RFC 7915 4.3). */
static NAT64_INLINE enum nat64_drop_reason
parse_ipv4(struct nat64_packet *pkt, size_t l3, size_t limit, bool inner,
           struct ipv4_info *ip)
{
    enum nat64_drop_reason bad = inner ? NAT64_ICMP_INNER_BAD
                                       : NAT64_V4_BAD_HEADER;
    enum nat64_drop_reason r;
    const uint8_t *p;
    uint16_t frag;

    r = need_bytes(pkt, l3 + IPV4_HDR_LEN, limit,
                   inner ? NAT64_ICMP_INNER_BAD : NAT64_V4_TRUNCATED);
    if (r) {
        return r;
    }
    p = pkt->data + l3;
    ip->l3 = l3;
    ip->ihl = (p[0] & 0x0f) * 4;
    ip->total_len = get_be16(p + 2);
    if (p[0] >> 4 != 4 || ip->ihl < IPV4_HDR_LEN
        || ip->total_len < ip->ihl) {
        return bad;
    }
    r = need_bytes(pkt, l3 + ip->ihl, limit,
                   inner ? NAT64_ICMP_INNER_BAD : NAT64_V4_TRUNCATED);
    if (r) {
        return r;
    }
    if (!inner) {
        if (l3 + ip->total_len > limit) {
            return NAT64_V4_TRUNCATED;
        }
        if (!ipv4_header_csum_ok(p, ip->ihl)) {
            return NAT64_V4_BAD_CHECKSUM;
        }
        if (ip->ihl > IPV4_HDR_LEN) {
            r = check_ipv4_options(p + IPV4_HDR_LEN,
                                   ip->ihl - IPV4_HDR_LEN);
            if (r) {
                return r;
            }
        }
    }

    frag = get_be16(p + 6);
    ip->id = get_be16(p + 4);
    ip->mf = (frag & IPV4_MF) != 0;
    ip->frag_off = frag & IPV4_FRAG_OFF_MASK;
    ip->tos = p[1];
    ip->ttl = p[8];
    ip->proto = p[9];
    memcpy(ip->addrs, p + 12, 8);
    return NAT64_OK;
}

/* RFC 7915 4.1: writes the IPv6 header for 'ip' at 'p', and a Fragment
 * header if 'frag' (a fragment, or a packet to cut).  'payload_len'
 * excludes the Fragment header; 'nh' is the upper-layer protocol. */
static NAT64_INLINE void
write_ipv6_header(uint8_t *p, const struct ipv4_info *ip,
                  const struct nat64_prefix *prefix, unsigned int hop_limit,
                  unsigned int payload_len, uint8_t nh, bool frag)
{
    /* Traffic Class = TOS, Flow Label = 0. */
    put_be32(p, 0x60000000 | (uint32_t) ip->tos << 20);
    put_be16(p + 4, payload_len + (frag ? IPV6_FRAG_HDR_LEN : 0));
    p[6] = frag ? IPPROTO_FRAGMENT_ : nh;
    p[7] = hop_limit;
    addrs_4to6(prefix, ip->addrs, p + 8);
    if (frag) {
        uint8_t *fh = p + IPV6_HDR_LEN;

        /* Fragment header: the IPv4 ID zero-extended, offset and M. */
        fh[0] = nh;
        fh[1] = 0;
        put_be16(fh + 2, (uint16_t) (ip->frag_off << 3 | ip->mf));
        put_be32(fh + 4, ip->id);
    }
}

static inline uint8_t
proto_4to6(uint8_t proto)
{
    return proto == IPPROTO_ICMP_ ? IPPROTO_ICMPV6_ : proto;
}

/* RFC 7915 4.2 -------------------------------------------------------- */

#define ICMP4_ECHO_REPLY 0
#define ICMP4_DEST_UNREACH 3
#define ICMP4_ECHO_REQUEST 8
#define ICMP4_TIME_EXCEEDED 11
#define ICMP4_PARAM_PROBLEM 12

#define ICMP6_DEST_UNREACH 1
#define ICMP6_PACKET_TOO_BIG 2
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_PARAM_PROBLEM 4
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129

static inline bool
icmp4_is_error(uint8_t type)
{
    /* Every ICMPv4 error type, translatable or not (RFC 792, 1812). */
    return type == ICMP4_DEST_UNREACH || type == 4 || type == 5
           || type == ICMP4_TIME_EXCEEDED || type == ICMP4_PARAM_PROBLEM;
}

/* An ICMP header's new type, code and second word. */
struct icmp_header {
    uint8_t type;
    uint8_t code;
    uint8_t rest[4];
};

/* RFC 1191 section 7: the plateau below 'len', for routers that report an
 * MTU of zero. */
static unsigned int
mtu_plateau(unsigned int len)
{
    static const uint16_t plateaus[] = {
        65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68,
    };
    size_t i;

    for (i = 0; i < sizeof plateaus / sizeof plateaus[0]; i++) {
        if (plateaus[i] < len) {
            return plateaus[i];
        }
    }
    return 68;
}

/* RFC 7915 figure 3: the IPv6 header field that an IPv4 Parameter Problem
 * pointer points into, or -1 when it has no counterpart. */
static int
param_pointer_4to6(uint8_t ptr)
{
    switch (ptr) {
    case 0: return 0;                   /* Version/IHL. */
    case 1: return 1;                   /* Type of Service. */
    case 2: case 3: return 4;           /* Total Length. */
    case 8: return 7;                   /* Time to Live. */
    case 9: return 6;                   /* Protocol. */
    case 12: case 13: case 14: case 15:
        return 8;                       /* Source Address. */
    case 16: case 17: case 18: case 19:
        return 24;                      /* Destination Address. */
    default: return -1;
    }
}

/* RFC 7915 4.2: the ICMPv6 header for the ICMPv4 header 'icmp'.
 * 'inner' is the packet inside an error, NULL for other messages. */
static NAT64_INLINE enum nat64_drop_reason
icmp_header_4to6(const uint8_t *icmp, const struct ipv4_info *inner,
                 struct icmp_header *out)
{
    uint8_t type = icmp[0], code = icmp[1];
    unsigned int mtu;
    int ptr;

    memset(out, 0, sizeof *out);
    switch (type) {
    case ICMP4_ECHO_REQUEST:
    case ICMP4_ECHO_REPLY:
        out->type = type == ICMP4_ECHO_REQUEST ? ICMP6_ECHO_REQUEST
                                               : ICMP6_ECHO_REPLY;
        out->code = code;
        memcpy(out->rest, icmp + 4, 4);     /* Identifier, sequence. */
        return NAT64_OK;

    case ICMP4_DEST_UNREACH:
        out->type = ICMP6_DEST_UNREACH;
        switch (code) {
        case 0: case 1: case 5: case 6: case 7: case 8: case 11: case 12:
            out->code = 0;                  /* No route to destination. */
            return NAT64_OK;
        case 9: case 10: case 13: case 15:
            out->code = 1;                  /* Administratively prohibited. */
            return NAT64_OK;
        case 3:
            out->code = 4;                  /* Port unreachable. */
            return NAT64_OK;
        case 2:
            /* Protocol unreachable: a Parameter Problem pointing at the
             * Next Header field. */
            out->type = ICMP6_PARAM_PROBLEM;
            out->code = 1;
            put_be32(out->rest, 6);
            return NAT64_OK;
        case 4:
            /* Fragmentation needed: Packet Too Big, the MTU grown by what
             * the translation adds to the packet in error (20 bytes, 28
             * with a Fragment header, less its IPv4 options), and never
             * below the IPv6 minimum MTU, under which hosts ignore it
             * (RFC 8201 section 4). */
            if (!inner) {
                return NAT64_ICMP_INNER_BAD;
            }
            out->type = ICMP6_PACKET_TOO_BIG;
            mtu = get_be16(icmp + 6);
            if (!mtu) {
                mtu = mtu_plateau(inner->total_len);
            }
            mtu += ipv6_hdr_len(ipv4_is_fragment(inner)) - inner->ihl;
            put_be32(out->rest, mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU : mtu);
            return NAT64_OK;
        default:
            return NAT64_ICMP_UNTRANSLATABLE;
        }

    case ICMP4_TIME_EXCEEDED:
        out->type = ICMP6_TIME_EXCEEDED;
        out->code = code;
        return NAT64_OK;

    case ICMP4_PARAM_PROBLEM:
        if (code != 0 && code != 2) {
            return NAT64_ICMP_UNTRANSLATABLE;
        }
        ptr = param_pointer_4to6(icmp[4]);
        if (ptr < 0) {
            return NAT64_ICMP_BAD_POINTER;
        }
        out->type = ICMP6_PARAM_PROBLEM;
        out->code = 0;
        put_be32(out->rest, ptr);
        return NAT64_OK;

    default:
        return NAT64_ICMP_UNTRANSLATABLE;
    }
}

static NAT64_INLINE void
write_icmp_header(uint8_t *p, const struct icmp_header *h)
{
    p[0] = h->type;
    p[1] = h->code;
    memcpy(p + 4, h->rest, 4);
}

/* RFC 7915 4.5 and 4.2: the pseudo-header change of a TCP or UDP checksum,
 * or the type change and new pseudo-header of an ICMP echo, inside an
 * ICMPv4 error, whose addresses' sum grew by 'addrs_diff'.  Checksums
 * there are updated, never verified, and only if they are within the
 * copy; 'outer_sum' follows every change. */
static NAT64_INLINE void
xlat_inner_l4(uint8_t *l4, size_t avail, const struct ipv4_info *ip,
              uint32_t addrs_diff, uint64_t *outer_sum)
{
    uint32_t diff = addrs_diff;
    uint16_t old, new;

    if (ip->frag_off) {
        return;                             /* No transport header. */
    }
    if (ip->proto == IPPROTO_TCP_ && avail >= TCP_CSUM_OFS + 2) {
        l4 += TCP_CSUM_OFS;
    } else if (ip->proto == IPPROTO_UDP_ && avail >= UDP_CSUM_OFS + 2
               && load16(l4 + UDP_CSUM_OFS)) {
        l4 += UDP_CSUM_OFS;
    } else if (ip->proto == IPPROTO_ICMP_ && avail >= 4
               && (l4[0] == ICMP4_ECHO_REQUEST
                   || l4[0] == ICMP4_ECHO_REPLY)) {
        uint16_t old_tc = load16(l4);

        l4[0] = l4[0] == ICMP4_ECHO_REQUEST ? ICMP6_ECHO_REQUEST
                                            : ICMP6_ECHO_REPLY;
        *outer_sum = csum64_sub(*outer_sum, old_tc) + load16(l4);
        diff = csum_add(csum_sub(load16(l4), old_tc),
                        csum_pseudo6_from(csum_add(csum_8_bytes(ip->addrs),
                                                   addrs_diff),
                                          ip->total_len - ip->ihl,
                                          IPPROTO_ICMPV6_));
        l4 += 2;
    } else {
        return;
    }
    old = load16(l4);
    new = l4_csum_update(l4, diff, ip->proto == IPPROTO_UDP_, false);
    *outer_sum = csum64_sub(*outer_sum, old) + new;
}

/* RFC 7915 4.1: gives the ICMPv6 echo just written in 'pkt', which must be
 * cut, the Fragment header of a whole packet (offset 0, M clear, the IPv4
 * Identification), in front of the ICMPv6 header: the L2 and IPv6
 * headers move 8 bytes into the headroom.  Apart so that the common path
 * keeps its constant header lengths. */
static NAT64_SLOW_PATH void
add_frag_hdr(struct nat64_packet *pkt, uint16_t id)
{
    uint8_t *p6, *fh;

    memmove(pkt->data - IPV6_FRAG_HDR_LEN, pkt->data,
            pkt->l2_len + IPV6_HDR_LEN);
    pkt->data -= IPV6_FRAG_HDR_LEN;
    pkt->len += IPV6_FRAG_HDR_LEN;
    pkt->linear += IPV6_FRAG_HDR_LEN;
    pkt->headroom -= IPV6_FRAG_HDR_LEN;
    pkt->l4_ofs += IPV6_FRAG_HDR_LEN;
    pkt->cut = true;

    p6 = pkt->data + pkt->l2_len;
    fh = p6 + IPV6_HDR_LEN;
    fh[0] = p6[6];
    fh[1] = 0;
    put_be16(fh + 2, 0);
    put_be32(fh + 4, id);
    p6[6] = IPPROTO_FRAGMENT_;
    put_be16(p6 + 4, get_be16(p6 + 4) + IPV6_FRAG_HDR_LEN);
}

/* RFC 4884: the ICMPv4 errors with a Length attribute. */
static inline bool
icmp4_has_length(uint8_t type)
{
    return type == ICMP4_DEST_UNREACH || type == ICMP4_TIME_EXCEEDED
           || type == ICMP4_PARAM_PROBLEM;
}

/* What an ICMPv4 message becomes, as xlat_icmp() planned it from its
 * checks: icmp_rewrite() carries the plan out. */
struct icmp_plan {
    struct ipv4_info inner;     /* The packet in error, if 'inner_hdr6'. */
    unsigned int inner_hdr6;    /* Its IPv6 header's length; 0 if none. */
    struct icmp_layout layout;
    bool cut;                   /* An echo to send as fragments. */
};

/* RFC 7915 4.2 and 4.3: rewrites the ICMPv4 message of 'ip' as 'plan'
 * says, with the ICMPv6 header 'h', once everything is checked.  The
 * ICMPv6 checksum follows from the ICMPv4 one: out go the sums of what
 * changes, in those of what replaces it.  Addresses stay, and their IPv6
 * forms add csum_addrs_4to6() to the sum. */
static NAT64_INLINE void
icmp_rewrite(const struct nat64_config *config, struct nat64_packet *pkt,
             const struct ipv4_info *ip, unsigned int hop_limit,
             const struct icmp_header *h, const struct icmp_plan *plan)
{
    size_t icmp = ip->l3 + ip->ihl;
    size_t end = ip->l3 + ip->total_len;
    const struct icmp_layout *layout = &plan->layout;
    size_t tail = layout->tail, keep = layout->keep;
    size_t ext_len = layout->ext_len;
    unsigned int inner_hdr6 = plan->inner_hdr6;
    uint8_t *base = pkt->data;
    uint8_t *kept = base + tail - layout->fit.pad;
    unsigned int icmp6_len = ICMP_HDR_LEN + inner_hdr6 + keep
                             + layout->fit.pad + ext_len;
    uint8_t *p6, *icmp6;
    uint64_t sum;

    sum = (uint16_t) ~load16(base + icmp + 2);
    sum = csum64_sub(sum, csum_icmp_header(base + icmp));
    if (inner_hdr6) {
        sum = csum64_sub(sum, csum_ipv4_header_but_addrs(
                                  base + plan->inner.l3, plan->inner.ihl));
    }
    if (end - ext_len > tail + keep) {
        /* What the cut takes off (nothing, for most messages). */
        sum = csum64_sub(sum, nat64_csum_bytes(base + tail + keep,
                                               end - ext_len
                                               - (tail + keep)));
    }

    p6 = kept - inner_hdr6 - ICMP_HDR_LEN - IPV6_HDR_LEN;
    nat64_reframe(pkt, p6 - pkt->l2_len, tail + keep + ext_len,
                  ETH_TYPE_IPV6);
    /* After the L2 header moved: padding may move the kept bytes over
     * its old place. */
    nat64_icmp_ext_place(base, tail, keep, &layout->ext, &layout->fit);

    icmp6 = p6 + IPV6_HDR_LEN;
    if (inner_hdr6) {
        const struct ipv4_info *inner = &plan->inner;
        uint8_t *inner6 = icmp6 + ICMP_HDR_LEN;
        uint32_t addrs_diff;

        write_ipv6_header(inner6, inner, &config->prefix, inner->ttl,
                          inner->total_len - inner->ihl,
                          proto_4to6(inner->proto), ipv4_is_fragment(inner));
        addrs_diff = csum_addrs_4to6(config, inner->addrs, inner6 + 8);
        xlat_inner_l4(kept, keep, inner, addrs_diff, &sum);
        sum += (uint64_t) load32(inner6) + load32(inner6 + 4) + addrs_diff;
        if (inner_hdr6 > IPV6_HDR_LEN) {
            sum += (uint64_t) load32(inner6 + IPV6_HDR_LEN)
                   + load32(inner6 + IPV6_HDR_LEN + 4);
        }
    }
    write_ipv6_header(p6, ip, &config->prefix, hop_limit, icmp6_len,
                      IPPROTO_ICMPV6_, false);
    write_icmp_header(icmp6, h);
    sum += csum_icmp_header(icmp6);
    /* The pseudo-header. */
    sum += (uint64_t) load32(ip->addrs) + load32(ip->addrs + 4)
           + csum_addrs_4to6(config, ip->addrs, p6 + 8)
           + csum_word(icmp6_len) + csum_word(IPPROTO_ICMPV6_);
    store16(icmp6 + 2, csum_finish(csum64_fold(sum)));

    pkt->l4_ofs = pkt->l2_len + IPV6_HDR_LEN;
    if (plan->cut) {
        add_frag_hdr(pkt, ip->id);
    }
}

/* RFC 7915 4.2 and 4.3: an ICMPv4 message, the packet inside an error
 * included, and its RFC 4884 extension structure. */
static enum nat64_drop_reason
xlat_icmp(const struct nat64_config *config, struct nat64_packet *pkt,
          const struct ipv4_info *ip, unsigned int hop_limit)
{
    size_t icmp = ip->l3 + ip->ihl;
    size_t end = ip->l3 + ip->total_len;
    struct icmp_plan plan;
    struct icmp_header h;
    uint8_t *base = pkt->data;
    enum nat64_drop_reason r;
    long growth;

    if (ipv4_is_fragment(ip)) {
        return NAT64_ICMP_FRAGMENTED;
    }
    r = need_bytes(pkt, icmp + ICMP_HDR_LEN, end, NAT64_L4_TRUNCATED);
    if (r) {
        return r;
    }

    icmp_layout_init(&plan.layout, end);
    plan.inner_hdr6 = 0;
    plan.cut = false;
    if (!icmp4_is_error(base[icmp])) {
        r = icmp_header_4to6(base + icmp, NULL, &h);
        if (r) {
            return r;
        }
        plan.layout.tail = icmp + ICMP_HDR_LEN;
        /* An echo may have to be cut; an error is made to fit 1280. */
        plan.cut = ipv4_is_cut(config, ip, base,
                               IPV6_HDR_LEN + ip->total_len - ip->ihl);
    } else {
        struct ipv4_info *inner = &plan.inner;
        size_t inner_l4, odg_end, room = 0;

        if (icmp4_has_length(base[icmp])) {
            r = nat64_icmp_ext_find(pkt, icmp + ICMP_HDR_LEN, end,
                                    base[icmp + 5], 4, &plan.layout.ext);
            if (r) {
                return r;
            }
        }
        odg_end = plan.layout.ext.odg_end;
        r = parse_ipv4(pkt, icmp + ICMP_HDR_LEN, odg_end, true, inner);
        if (r) {
            return r;
        }
        inner_l4 = inner->l3 + inner->ihl;
        if (inner->proto == IPPROTO_ICMP_ && !inner->frag_off
            && inner_l4 < odg_end) {
            r = need_bytes(pkt, inner_l4 + 1, odg_end, NAT64_ICMP_INNER_BAD);
            if (r) {
                return r;
            }
            if (icmp4_is_error(base[inner_l4])) {
                return NAT64_ICMP_ERROR_IN_ERROR;
            }
        }
        r = icmp_header_4to6(base + icmp, inner, &h);
        if (r) {
            return r;
        }
        /* The inner transport fields updated below must be linear. */
        r = need_bytes(pkt, odg_end < inner_l4 + 18 ? odg_end
                                                    : inner_l4 + 18,
                       odg_end, NAT64_ICMP_INNER_BAD);
        if (r) {
            return r;
        }
        plan.inner_hdr6 = ipv6_hdr_len(ipv4_is_fragment(inner));
        plan.layout.tail = inner_l4;

        /* RFC 4884 section 4.2: only these ICMPv6 errors have a Length
         * attribute, in 64-bit words. */
        if (h.type == ICMP6_DEST_UNREACH
            || h.type == ICMP6_TIME_EXCEEDED) {
            room = NAT64_ICMP6_ERROR_MAX - IPV6_HDR_LEN - ICMP_HDR_LEN;
        }
        nat64_icmp_ext_fit(&plan.layout.ext, plan.inner_hdr6,
                           odg_end - inner_l4, room, 8, &plan.layout.fit);
        if (room) {
            h.rest[0] = plan.layout.fit.length;
        }
    }

    /* An error stays within the IPv6 minimum MTU (RFC 7915 4.2). */
    r = icmp_layout_finish(pkt, &plan.layout, end,
                           (plan.inner_hdr6
                            ? NAT64_ICMP6_ERROR_MAX - IPV6_HDR_LEN
                              - ICMP_HDR_LEN - plan.inner_hdr6
                            : (size_t) -1));
    if (r) {
        return r;
    }

    /* Padding moves the kept bytes towards the front, cutting moves the
     * extension structure: both by multiples of 4 bytes, which leave the
     * checksum's sum of them as it is. */
    growth = (long) (IPV6_HDR_LEN + ICMP_HDR_LEN + plan.inner_hdr6)
             - ((long) (plan.layout.tail - ip->l3)
                - (long) plan.layout.fit.pad);
    if (plan.cut) {
        growth += IPV6_FRAG_HDR_LEN;        /* add_frag_hdr() */
    }
    if (growth > 0 && (size_t) growth > pkt->headroom) {
        pkt->need = growth;
        return NAT64_NO_HEADROOM;
    }

    icmp_rewrite(config, pkt, ip, hop_limit, &h, &plan);
    return NAT64_OK;
}

/* The one-pass paths ------------------------------------------------
 *
 * The common packets are checked and translated in one go, with a /96
 * prefix other than the Well-Known one (config->fast96): an unfragmented
 * TCP or UDP packet, and an ICMPv4 error about one, neither with IPv4
 * options.  They make the same packet as the general path (the unit tests
 * and the fuzzers check both); anything else, drops included, returns
 * false and takes the general path, which says why. */

/* The checks of xlat_ipv4() that an IPv4 header without options can
 * fail, for the one-pass paths, which have seen the header and 20 more
 * bytes in the linear data: the hop limit for the IPv6 header, or 0 for
 * the general path. */
static NAT64_INLINE unsigned int
fast_ipv4_header(const struct nat64_config *config,
                 const struct nat64_packet *pkt, size_t l3)
{
    const uint8_t *p = pkt->data + l3;
    unsigned int hop_limit;

    if (p[0] != 0x45 || !config->fast96
        || (l3 && (l3 < 2 || get_be16(p - 2) != ETH_TYPE_IPV4))) {
        return 0;
    }
    hop_limit = nat64_next_ttl(config, p[8]);
    if (l3 + get_be16(p + 2) > pkt->len
        || !ipv4_header_csum_ok(p, IPV4_HDR_LEN)
        || ipv4_source_forbidden(p + 12)) {
        return 0;
    }
    return hop_limit;
}

/* The common ICMPv4 error: one without an RFC 4884 extension structure
 * (a zero Length attribute), not a fragment, whole in the linear data and
 * within the IPv6 minimum MTU once translated, about an unfragmented TCP
 * or UDP packet without options.  What xlat_icmp() plans for it is known:
 * nothing is cut, padded or moved. */
static NAT64_INLINE bool
xlat_icmp_error_fast(const struct nat64_config *config,
                     struct nat64_packet *pkt)
{
    size_t l3 = pkt->l2_len, icmp = l3 + IPV4_HDR_LEN;
    size_t tail = icmp + ICMP_HDR_LEN + IPV4_HDR_LEN, end;
    const uint8_t *p = pkt->data + l3;
    unsigned int total_len, hop_limit;
    struct icmp_plan plan;
    struct icmp_header h;
    struct ipv4_info ip;

    if (tail > pkt->linear || p[9] != IPPROTO_ICMP_
        || !icmp4_is_error(p[IPV4_HDR_LEN])) {
        return false;
    }
    hop_limit = fast_ipv4_header(config, pkt, l3);
    total_len = get_be16(p + 2);
    end = l3 + total_len;
    if (!hop_limit || end < tail || end > pkt->linear
        || total_len + 2 * (IPV6_HDR_LEN - IPV4_HDR_LEN)
           > NAT64_ICMP6_ERROR_MAX
        || pkt->headroom < 2 * (IPV6_HDR_LEN - IPV4_HDR_LEN)
        || get_be16(p + 6) & (IPV4_MF | IPV4_FRAG_OFF_MASK)
        || p[IPV4_HDR_LEN + 5]
        || parse_ipv4(pkt, icmp + ICMP_HDR_LEN, end, true, &plan.inner)
        || plan.inner.ihl != IPV4_HDR_LEN || ipv4_is_fragment(&plan.inner)
        || (plan.inner.proto != IPPROTO_TCP_
            && plan.inner.proto != IPPROTO_UDP_)
        || icmp_header_4to6(p + IPV4_HDR_LEN, &plan.inner, &h)) {
        return false;
    }

    ip.l3 = l3;
    ip.ihl = IPV4_HDR_LEN;
    ip.total_len = total_len;
    ip.id = get_be16(p + 4);
    ip.frag_off = 0;
    ip.mf = false;
    ip.tos = p[1];
    ip.ttl = p[8];
    ip.proto = IPPROTO_ICMP_;
    memcpy(ip.addrs, p + 12, 8);

    plan.inner_hdr6 = IPV6_HDR_LEN;
    icmp_layout_whole(&plan.layout, tail, end);
    plan.cut = false;
    icmp_rewrite(config, pkt, &ip, hop_limit, &h, &plan);
    return true;
}

/* The common TCP or UDP packet, with a checksum unless it is offloaded,
 * not a fragment and not to be cut.  The order of the steps keeps few
 * values live at once, so that the path needs few saved registers. */
static NAT64_INLINE bool
xlat_ipv4_fast(const struct nat64_config *config, struct nat64_packet *pkt,
               size_t l3, uint8_t proto)
{
    uint8_t *p = pkt->data + l3, *p6 = p - (IPV6_HDR_LEN - IPV4_HDR_LEN);
    unsigned int total_len, hop_limit;
    uint32_t word0, word1;
    uint8_t prefix[12];
    uint64_t addrs;
    uint16_t frag;

    hop_limit = fast_ipv4_header(config, pkt, l3);
    total_len = get_be16(p + 2);
    /* Not a fragment, and not to be cut (ipv4_is_cut()). */
    frag = get_be16(p + 6) & (IPV4_DF | IPV4_MF | IPV4_FRAG_OFF_MASK);
    if (!hop_limit || pkt->headroom < IPV6_HDR_LEN - IPV4_HDR_LEN
        || (frag != IPV4_DF
            && (frag || total_len + (IPV6_HDR_LEN - IPV4_HDR_LEN)
                        > config->ipv6_mtu))) {
        return false;
    }
    if (total_len < IPV4_HDR_LEN + fast_l4_hdr_len(proto)
        || !fast_l4_has_csum(pkt, p + IPV4_HDR_LEN, proto)) {
        return false;
    }

    /* The transport checksum first: its slot stays in place. */
    l4_csum_update(p + IPV4_HDR_LEN + fast_l4_csum_ofs(proto),
                   config->prefix96_fold, proto == IPPROTO_UDP_,
                   pkt->flags & NAT64_PKT_L4_CSUM_PARTIAL);

    /* Then everything the IPv6 header takes from the IPv4 one, which it
     * overwrites, and the new frame's bounds. */
    word0 = 0x60000000 | (uint32_t) p[1] << 20;
    word1 = (total_len - IPV4_HDR_LEN) << 16 | (uint32_t) proto << 8
            | hop_limit;
    memcpy(&addrs, p + 12, 8);
    nat64_shift_frame(pkt, -(IPV6_HDR_LEN - IPV4_HDR_LEN), l3 + total_len);
    pkt->l4_ofs = l3 + IPV6_HDR_LEN;

    nat64_move_l2(p6 - l3, p - l3, l3, ETH_TYPE_IPV6);
    /* Loaded once: after a store to the packet the compiler would load it
     * again for the second address. */
    memcpy(prefix, config->prefix.addr, 12);
    put_be32(p6, word0);
    put_be32(p6 + 4, word1);
    memcpy(p6 + 8, prefix, 12);
    memcpy(p6 + 20, &addrs, 4);
    memcpy(p6 + 24, prefix, 12);
    memcpy(p6 + 36, (uint8_t *) &addrs + 4, 4);
    return true;
}

/* RFC 7915 4.1 and 4.5: an IPv4 packet. */
static enum nat64_drop_reason
xlat_ipv4(const struct nat64_config *config, struct nat64_packet *pkt)
{
    bool partial = (pkt->flags & NAT64_PKT_L4_CSUM_PARTIAL) != 0;
    size_t l4, end, csum_ofs = 0;
    bool udp_zero_csum = false;
    bool cut, frag_hdr;
    unsigned int hop_limit, hdr6;
    struct ipv4_info ip;
    uint8_t *base, *p6;
    enum nat64_drop_reason r;
    uint16_t csum;

    r = parse_ipv4(pkt, pkt->l2_len, pkt->len, false, &ip);
    if (r) {
        return r;
    }
    r = check_ipv4_addrs(&config->prefix, ip.addrs, ip.addrs + 4);
    if (r) {
        return r;
    }
    hop_limit = nat64_next_ttl(config, ip.ttl);
    if (!hop_limit) {
        return NAT64_TTL_EXPIRED;
    }
    if (ip.proto == IPPROTO_ICMP_) {
        return xlat_icmp(config, pkt, &ip, hop_limit);
    }

    base = pkt->data;
    l4 = ip.l3 + ip.ihl;
    end = ip.l3 + ip.total_len;
    if (!ip.frag_off) {
        if (ip.proto == IPPROTO_TCP_) {
            r = need_bytes(pkt, l4 + 20, end, NAT64_L4_TRUNCATED);
            csum_ofs = l4 + TCP_CSUM_OFS;
        } else if (ip.proto == IPPROTO_UDP_) {
            r = need_bytes(pkt, l4 + UDP_HDR_LEN, end, NAT64_L4_TRUNCATED);
            csum_ofs = l4 + UDP_CSUM_OFS;
            if (!r && !partial && !load16(base + csum_ofs)) {
                /* RFC 7915 4.5: IPv6 forbids a zero UDP checksum. */
                if (ip.mf) {
                    return NAT64_UDP_ZERO_CSUM_FRAG;
                }
                udp_zero_csum = true;
                r = need_bytes(pkt, end, end, NAT64_L4_TRUNCATED);
                /* The checksum covers the datagram as its length says:
                 * one that disagrees with the IPv4 packet gets none. */
                if (!r && (get_be16(base + l4 + 4) < UDP_HDR_LEN
                           || get_be16(base + l4 + 4) > end - l4)) {
                    return NAT64_UDP_BAD_LENGTH;
                }
            }
        }
        if (r) {
            return r;
        }
    }

    cut = ipv4_is_cut(config, &ip, base,
                      IPV6_HDR_LEN + ip.total_len - ip.ihl);
    frag_hdr = cut || ipv4_is_fragment(&ip);
    hdr6 = ipv6_hdr_len(frag_hdr);
    if (hdr6 > ip.ihl && hdr6 - ip.ihl > pkt->headroom) {
        pkt->need = hdr6 - ip.ihl;
        return NAT64_NO_HEADROOM;
    }

    p6 = base + l4 - hdr6;
    nat64_reframe(pkt, p6 - pkt->l2_len, end, ETH_TYPE_IPV6);
    write_ipv6_header(p6, &ip, &config->prefix, hop_limit,
                      ip.total_len - ip.ihl, proto_4to6(ip.proto), frag_hdr);

    if (udp_zero_csum) {
        unsigned int udp_len = get_be16(base + l4 + 4);
        uint32_t sum = csum_pseudo6(p6 + 8, udp_len, IPPROTO_UDP_);

        sum = csum_add(sum, nat64_csum_bytes(base + l4, udp_len));
        csum = csum_finish(sum);
        store16(base + csum_ofs, csum ? csum : 0xffff);
    } else if (csum_ofs) {
        uint32_t diff = csum_addrs_4to6(config, ip.addrs, p6 + 8);

        l4_csum_update(base + csum_ofs, diff, ip.proto == IPPROTO_UDP_,
                       partial);
    }
    pkt->l4_ofs = pkt->l2_len + hdr6;
    pkt->cut = cut;
    return NAT64_OK;
}

/* The general path, from the L2 header on. */
static NAT64_SLOW_PATH enum nat64_drop_reason
xlat_frame_4to6(const struct nat64_config *config, struct nat64_packet *pkt)
{
    enum nat64_drop_reason r;

    if (pkt->l2_len) {
        uint16_t ethertype;

        if (pkt->l2_len < 2) {
            return NAT64_L2_TRUNCATED;
        }
        r = need_bytes(pkt, pkt->l2_len, pkt->len, NAT64_L2_TRUNCATED);
        if (r) {
            return r;
        }
        ethertype = get_be16(pkt->data + pkt->l2_len - 2);
        if (ethertype == ETH_TYPE_ARP) {
            return nat64_arp_to_ndp(config, pkt);
        } else if (ethertype != ETH_TYPE_IPV4) {
            return NAT64_WRONG_L3;
        }
    } else {
        r = need_bytes(pkt, 1, pkt->len, NAT64_V4_TRUNCATED);
        if (r) {
            return r;
        }
        if (pkt->data[0] >> 4 != 4) {
            return NAT64_WRONG_L3;
        }
    }
    return xlat_ipv4(config, pkt);
}

/* The TCP and UDP one-pass path, for the frames the nat64 action sees:
 * Ethernet, with one 802.1Q tag or none.  Each L2 length and protocol
 * gets its own copy of the path, with both constants: fewer registers and
 * branches, and the L2 header moves as fixed words. */
static NAT64_INLINE bool
xlat_ipv4_fast_l2(const struct nat64_config *config,
                  struct nat64_packet *pkt, size_t l3)
{
    switch (pkt->data[l3 + 9]) {
    case IPPROTO_TCP_:
        return xlat_ipv4_fast(config, pkt, l3, IPPROTO_TCP_);
    case IPPROTO_UDP_:
        return xlat_ipv4_fast(config, pkt, l3, IPPROTO_UDP_);
    default:
        return false;
    }
}

static NAT64_INLINE bool
xlat_ipv4_fast_eth(const struct nat64_config *config, struct nat64_packet *pkt)
{
    switch (pkt->l2_len) {
    case ETH_HDR_LEN:
        return xlat_ipv4_fast_l2(config, pkt, ETH_HDR_LEN);
    case ETH_HDR_LEN + VLAN_HDR_LEN:
        return xlat_ipv4_fast_l2(config, pkt, ETH_HDR_LEN + VLAN_HDR_LEN);
    default:
        return false;
    }
}

/* An ICMPv4 packet: the common error in one pass, anything else by the
 * general path.  A function of its own, so that the TCP and UDP one-pass
 * path, which makes no calls, saves few registers. */
static NAT64_SLOW_PATH enum nat64_drop_reason
xlat_frame_icmp_4to6(const struct nat64_config *config,
                     struct nat64_packet *pkt)
{
    if (xlat_icmp_error_fast(config, pkt)) {
        return NAT64_OK;
    }
    return xlat_frame_4to6(config, pkt);
}

enum nat64_drop_reason
nat64_4to6(const struct nat64_config *config, struct nat64_packet *pkt)
{
    size_t l3 = pkt->l2_len;

    pkt->cut = false;
    /* What every one-pass path reads at least: the IPv4 header and 20
     * more bytes. */
    if (l3 + IPV4_HDR_LEN + TCP_HDR_LEN <= pkt->linear) {
        if (pkt->data[l3 + 9] == IPPROTO_ICMP_) {
            return xlat_frame_icmp_4to6(config, pkt);
        }
        if (xlat_ipv4_fast_eth(config, pkt)) {
            return NAT64_OK;
        }
    }
    return xlat_frame_4to6(config, pkt);
}
