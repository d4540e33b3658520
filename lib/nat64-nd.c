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

/* ARP (RFC 826) <-> IPv6 Neighbor Discovery (RFC 4861), so that neither
 * side needs static neighbour entries.  Requests become Neighbor
 * Solicitations to the target's solicited-node group, replies Neighbor
 * Advertisements, gratuitous ARP unsolicited advertisements and ARP probes
 * Duplicate Address Detection solicitations (RFC 4862 5.4), and back. */

#include "nat64-private.h"

#define ARP_HTYPE_ETHERNET 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

#define ND_NS 135
#define ND_NA 136
#define ND_HDR_LEN 24           /* Type to target address. */
#define ND_OPT_SOURCE_LLADDR 1
#define ND_OPT_TARGET_LLADDR 2
#define ND_OPT_LLADDR_LEN 8     /* An Ethernet address option. */
#define ND_HOP_LIMIT 255        /* RFC 4861 7.1: anything else is forged. */
#define ND_NA_FLAG_SOLICITED 0x40
#define ND_NA_FLAG_OVERRIDE 0x20

static const uint8_t all_nodes[16] = {
    0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
};
static const uint8_t unspecified[16];
static const uint8_t eth_broadcast[ETH_ADDR_LEN] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* RFC 4291 2.7.1: ff02::1:ffXX:XXXX for the low 24 bits of 'addr'. */
static void
solicited_node(const uint8_t addr[16], uint8_t group[16])
{
    memset(group, 0, 16);
    group[0] = 0xff;
    group[1] = 0x02;
    group[11] = 0x01;
    group[12] = 0xff;
    memcpy(group + 13, addr + 13, 3);
}

/* RFC 2464 7: the Ethernet address of IPv6 multicast group 'group'. */
static void
multicast_eth_addr(const uint8_t group[16], uint8_t eth[ETH_ADDR_LEN])
{
    eth[0] = 0x33;
    eth[1] = 0x33;
    memcpy(eth + 2, group + 12, 4);
}

/* ARP to NDP ---------------------------------------------------------- */

enum nat64_drop_reason
nat64_arp_to_ndp(const struct nat64_config *config, struct nat64_packet *pkt)
{
    size_t l3 = pkt->l2_len, end = l3 + ARP_ETH_IPV4_LEN;
    uint8_t sha[ETH_ADDR_LEN], spa[4], tpa[4];
    uint8_t src[16], dst[16], target[16];
    const uint8_t *arp;
    uint8_t *p6, *nd, *eth_dst;
    unsigned int op, nd_len, type, flags = 0, option;
    enum nat64_drop_reason r;
    uint32_t sum;

    if (pkt->l2_len < ETH_HDR_LEN) {
        return NAT64_L2_TRUNCATED;
    }
    r = need_bytes(pkt, end, pkt->len, NAT64_ARP_MALFORMED);
    if (r) {
        return r;
    }
    arp = pkt->data + l3;
    op = get_be16(arp + 6);
    if (get_be16(arp) != ARP_HTYPE_ETHERNET
        || get_be16(arp + 2) != ETH_TYPE_IPV4
        || arp[4] != ETH_ADDR_LEN || arp[5] != 4
        || (op != ARP_OP_REQUEST && op != ARP_OP_REPLY)) {
        return NAT64_ARP_MALFORMED;
    }
    memcpy(sha, arp + 8, ETH_ADDR_LEN);
    memcpy(spa, arp + 14, 4);
    memcpy(tpa, arp + 24, 4);

    if (!get_be32(spa)) {
        if (op != ARP_OP_REQUEST) {
            return NAT64_ARP_MALFORMED;
        }
        /* Probe: Duplicate Address Detection, no link-layer option. */
        type = ND_NS;
        memcpy(src, unspecified, 16);
        addr_4to6(&config->prefix, tpa, target);
        solicited_node(target, dst);
        option = 0;
    } else if (!memcmp(spa, tpa, 4)) {
        /* Gratuitous ARP: an unsolicited advertisement to all nodes. */
        type = ND_NA;
        flags = ND_NA_FLAG_OVERRIDE;
        addr_4to6(&config->prefix, spa, src);
        memcpy(dst, all_nodes, 16);
        memcpy(target, src, 16);
        option = ND_OPT_TARGET_LLADDR;
    } else if (op == ARP_OP_REQUEST) {
        type = ND_NS;
        addr_4to6(&config->prefix, spa, src);
        addr_4to6(&config->prefix, tpa, target);
        if (pkt->data[0] & 1) {
            solicited_node(target, dst);
        } else {
            /* A unicast request (Linux's reachability probe) is a unicast
             * solicitation to the target, Ethernet destination kept (RFC
             * 4861 7.2.2, 7.3.3). */
            memcpy(dst, target, 16);
        }
        option = ND_OPT_SOURCE_LLADDR;
    } else {
        type = ND_NA;
        flags = ND_NA_FLAG_SOLICITED | ND_NA_FLAG_OVERRIDE;
        addr_4to6(&config->prefix, spa, src);
        addr_4to6(&config->prefix, tpa, dst);
        memcpy(target, src, 16);
        option = ND_OPT_TARGET_LLADDR;
    }

    nd_len = ND_HDR_LEN + (option ? ND_OPT_LLADDR_LEN : 0);
    if (IPV6_HDR_LEN + nd_len - ARP_ETH_IPV4_LEN > pkt->headroom) {
        pkt->need = IPV6_HDR_LEN + nd_len - ARP_ETH_IPV4_LEN;
        return NAT64_NO_HEADROOM;
    }

    p6 = pkt->data + end - nd_len - IPV6_HDR_LEN;
    nat64_reframe(pkt, p6 - l3, end, ETH_TYPE_IPV6);

    eth_dst = pkt->data;
    if (dst[0] == 0xff) {
        multicast_eth_addr(dst, eth_dst);
    }
    put_be32(p6, 0x60000000);
    put_be16(p6 + 4, nd_len);
    p6[6] = IPPROTO_ICMPV6_;
    p6[7] = ND_HOP_LIMIT;
    memcpy(p6 + 8, src, 16);
    memcpy(p6 + 24, dst, 16);

    nd = p6 + IPV6_HDR_LEN;
    nd[0] = type;
    nd[1] = 0;
    store16(nd + 2, 0);
    put_be32(nd + 4, (uint32_t) flags << 24);
    memcpy(nd + 8, target, 16);
    if (option) {
        nd[24] = option;
        nd[25] = ND_OPT_LLADDR_LEN / 8;
        memcpy(nd + 26, sha, ETH_ADDR_LEN);
    }
    sum = csum_pseudo6(p6 + 8, nd_len, IPPROTO_ICMPV6_);
    sum = csum_add(sum, nat64_csum_bytes(nd, nd_len));
    store16(nd + 2, csum_finish(sum));

    pkt->l4_ofs = l3 + IPV6_HDR_LEN;
    return NAT64_OK;
}

/* NDP to ARP ---------------------------------------------------------- */

/* Finds the link-layer address option 'type' in the 'len' bytes of options
 * at 'opt'.  Returns false if the options are malformed (RFC 4861 4.6: a
 * zero length, or one that overruns the message). */
static bool
find_lladdr_option(const uint8_t *opt, size_t len, unsigned int type,
                   const uint8_t **lladdr)
{
    size_t i = 0;

    *lladdr = NULL;
    while (i < len) {
        size_t opt_len;

        if (len - i < 2) {
            return false;
        }
        opt_len = opt[i + 1] * 8;
        if (!opt_len || opt_len > len - i) {
            return false;
        }
        if (opt[i] == type && opt_len == ND_OPT_LLADDR_LEN) {
            *lladdr = opt + i + 2;
        }
        i += opt_len;
    }
    return true;
}

enum nat64_drop_reason
nat64_ndp_to_arp(const struct nat64_config *config, struct nat64_packet *pkt,
                 size_t icmp, size_t icmp_len)
{
    size_t l3 = pkt->l2_len;
    uint8_t sha[ETH_ADDR_LEN], tha[ETH_ADDR_LEN], spa[4], tpa[4];
    const uint8_t *ip6, *nd, *lladdr, *src, *dst;
    uint8_t group[16];
    uint8_t *arp;
    enum nat64_drop_reason r;
    unsigned int op;
    bool multicast;

    if (pkt->l2_len < ETH_HDR_LEN) {
        return NAT64_NDP_NO_ETHERNET;
    }
    r = need_bytes(pkt, icmp + icmp_len, pkt->len, NAT64_NDP_MALFORMED);
    if (r) {
        return r;
    }
    ip6 = pkt->data + l3;
    nd = pkt->data + icmp;
    src = ip6 + 8;
    dst = ip6 + 24;
    multicast = dst[0] == 0xff;
    if (ip6[7] != ND_HOP_LIMIT || nd[1] != 0 || icmp_len < ND_HDR_LEN) {
        return NAT64_NDP_MALFORMED;
    }
    if (csum_fold(csum_add(csum_pseudo6(src, icmp_len, IPPROTO_ICMPV6_),
                           nat64_csum_bytes(nd, icmp_len))) != 0xffff) {
        return NAT64_NDP_BAD_CHECKSUM;
    }

    memset(tha, 0, sizeof tha);
    if (nd[0] == ND_NS) {
        op = ARP_OP_REQUEST;
        if (!addr_6to4(&config->prefix, nd + 8, tpa)) {
            return NAT64_DST_NOT_IN_PREFIX;
        }
        if (!find_lladdr_option(nd + ND_HDR_LEN, icmp_len - ND_HDR_LEN,
                                ND_OPT_SOURCE_LLADDR, &lladdr)) {
            return NAT64_NDP_MALFORMED;
        }
        solicited_node(nd + 8, group);
        if (!memcmp(src, unspecified, 16)) {
            /* Duplicate Address Detection (RFC 4861 7.1.1: to the
             * solicited-node group, without a source link-layer option). */
            if (memcmp(dst, group, 16) || lladdr) {
                return NAT64_NDP_MALFORMED;
            }
            memset(spa, 0, 4);
        } else {
            uint8_t dst4[4];

            if (!addr_6to4(&config->prefix, src, spa)) {
                return NAT64_SRC_NOT_IN_PREFIX;
            }
            if (memcmp(dst, group, 16)
                && !addr_6to4(&config->prefix, dst, dst4)) {
                return NAT64_DST_NOT_IN_PREFIX;
            }
        }
    } else {
        /* The source is not used: a proxy or anycast answer comes from an
         * address other than the target's (RFC 4861 7.2.8). */
        op = ARP_OP_REPLY;
        if (!addr_6to4(&config->prefix, nd + 8, spa)) {
            return NAT64_SRC_NOT_IN_PREFIX;
        }
        if (!find_lladdr_option(nd + ND_HDR_LEN, icmp_len - ND_HDR_LEN,
                                ND_OPT_TARGET_LLADDR, &lladdr)) {
            return NAT64_NDP_MALFORMED;
        }
        if (multicast && nd[4] & ND_NA_FLAG_SOLICITED) {
            /* RFC 4861 7.1.2: a multicast advertisement is unsolicited. */
            return NAT64_NDP_MALFORMED;
        }
        if (!memcmp(dst, all_nodes, 16)) {
            /* Unsolicited: the gratuitous form. */
            memcpy(tpa, spa, 4);
        } else if (addr_6to4(&config->prefix, dst, tpa)) {
            memcpy(tha, pkt->data, ETH_ADDR_LEN);
        } else {
            return NAT64_DST_NOT_IN_PREFIX;
        }
    }
    memcpy(sha, lladdr ? lladdr : pkt->data + ETH_ADDR_LEN, ETH_ADDR_LEN);

    /* Everything is checked: from here on the frame is rewritten.  The
     * ARP packet takes the IPv6 header's place; the frame shrinks at its
     * end. */
    nat64_reframe(pkt, pkt->data, l3 + ARP_ETH_IPV4_LEN, ETH_TYPE_ARP);
    if ((op == ARP_OP_REQUEST && multicast) || !memcmp(tpa, spa, 4)) {
        /* A unicast solicitation keeps its Ethernet destination: a
         * unicast ARP request. */
        memcpy(pkt->data, eth_broadcast, ETH_ADDR_LEN);
    }
    arp = pkt->data + l3;
    put_be16(arp, ARP_HTYPE_ETHERNET);
    put_be16(arp + 2, ETH_TYPE_IPV4);
    arp[4] = ETH_ADDR_LEN;
    arp[5] = 4;
    put_be16(arp + 6, op);
    memcpy(arp + 8, sha, ETH_ADDR_LEN);
    memcpy(arp + 14, spa, 4);
    memcpy(arp + 18, tha, ETH_ADDR_LEN);
    memcpy(arp + 24, tpa, 4);

    pkt->l4_ofs = 0;
    return NAT64_OK;
}
