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

/* Packets too big for the other side of the translator (RFC 7915 section
 * 1.3's "lowest-ipv6-mtu", 4.1 and 5.1; RFC 1191 and RFC 8201).
 *
 * A packet that would leave the translator larger than the MTU of the
 * output side is answered, not dropped in silence, so that path MTU
 * discovery works across the translator: an IPv4 packet with DF set gets
 * an ICMPv4 Fragmentation Needed, an IPv6 packet an ICMPv6 Packet Too Big.
 * The packet itself becomes the error, addressed from its destination to
 * its source in its own family, with the Ethernet addresses swapped, for
 * the caller to send back out the port it came from. */

#include "nat64-private.h"

#define IPV4_DF 0x4000
#define IPV4_MF 0x2000
#define IPV4_FRAG_OFF_MASK 0x1fff

#define ICMP4_DEST_UNREACH 3
#define ICMP4_FRAG_NEEDED 4
#define ICMP6_PACKET_TOO_BIG 2

/* The TTL and hop limit of the errors: a host's default (RFC 1700). */
#define TOO_BIG_TTL 64

/* The bytes an error puts in front of the packet it quotes. */
#define FRAG_NEEDED_GROWTH (IPV4_HDR_LEN + ICMP_HDR_LEN)
#define PACKET_TOO_BIG_GROWTH (IPV6_HDR_LEN + ICMP_HDR_LEN)

/* RFC 1122 3.2.2 and RFC 1812 4.3.2.7: ICMPv4 errors are never sent about
 * ICMPv4 errors (Destination Unreachable, Source Quench, Redirect, Time
 * Exceeded, Parameter Problem). */
static bool
icmp4_type_is_error(uint8_t type)
{
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* Swaps the Ethernet source and destination, if there is Ethernet. */
static void
swap_eth_addrs(struct nat64_packet *pkt)
{
    uint8_t tmp[ETH_ADDR_LEN];

    if (pkt->l2_len >= ETH_HDR_LEN) {
        memcpy(tmp, pkt->data, ETH_ADDR_LEN);
        memcpy(pkt->data, pkt->data + ETH_ADDR_LEN, ETH_ADDR_LEN);
        memcpy(pkt->data + ETH_ADDR_LEN, tmp, ETH_ADDR_LEN);
    }
}

/* Whether the frame went to an Ethernet group address (RFC 1122 3.2.2:
 * no error for a link-layer broadcast or multicast). */
static bool
eth_dst_is_group(const struct nat64_packet *pkt)
{
    return pkt->l2_len >= ETH_HDR_LEN && (pkt->data[0] & 1);
}

/* Room for the error: 'growth' bytes of headroom and the quoted 'quote'
 * bytes of the packet linear, checked before anything is written. */
static enum nat64_drop_reason
need_room(struct nat64_packet *pkt, size_t growth, size_t quote)
{
    if (pkt->headroom < growth) {
        pkt->need = growth;
        return NAT64_NO_HEADROOM;
    }
    if (pkt->l2_len + quote > pkt->linear) {
        pkt->need = pkt->l2_len + quote;
        return NAT64_NOT_LINEAR;
    }
    return NAT64_OK;
}

/* An IPv4 packet too big for an IPv6 side whose MTU is 'mtu': ICMPv4
 * Fragmentation Needed (type 3, code 4, RFC 1191) with the largest IPv4
 * packet that fits, 'mtu' less the 20 bytes translation adds, quoting as
 * much of the packet as a 576-byte error holds (RFC 1812 4.3.2.3). */
static enum nat64_drop_reason
frag_needed(unsigned int mtu, struct nat64_packet *pkt)
{
    size_t l3 = pkt->l2_len, limit = pkt->len, quote;
    unsigned int ihl, total_len, frag;
    enum nat64_drop_reason r;
    uint8_t *ip, *icmp;
    uint8_t addrs[8];
    uint32_t sum;

    r = need_bytes(pkt, l3 + IPV4_HDR_LEN, limit, NAT64_V4_TRUNCATED);
    if (r) {
        return r;
    }
    ip = pkt->data + l3;
    ihl = (ip[0] & 0x0f) * 4;
    total_len = get_be16(ip + 2);
    if (ip[0] >> 4 != 4 || ihl < IPV4_HDR_LEN || total_len < ihl) {
        return NAT64_V4_BAD_HEADER;
    }
    if (l3 + total_len > limit) {
        return NAT64_V4_TRUNCATED;
    }
    r = need_bytes(pkt, l3 + ihl, limit, NAT64_V4_TRUNCATED);
    if (r) {
        return r;
    }
    if (!ipv4_header_csum_ok(ip, ihl)) {
        return NAT64_V4_BAD_CHECKSUM;
    }

    /* Translated, the header becomes 40 bytes without options. */
    if (total_len - ihl + IPV6_HDR_LEN <= mtu) {
        return NAT64_NOT_TOO_BIG;
    }
    frag = get_be16(ip + 6);
    if (!(frag & IPV4_DF)) {
        return NAT64_TOO_BIG_DF_CLEAR;
    }

    quote = total_len;
    if (quote > NAT64_ICMP4_ERROR_MAX - FRAG_NEEDED_GROWTH) {
        quote = NAT64_ICMP4_ERROR_MAX - FRAG_NEEDED_GROWTH;
    }
    r = need_room(pkt, FRAG_NEEDED_GROWTH, quote);
    if (r) {
        return r;
    }
    /* The quote holds the ICMP type, if any: quote > ihl. */
    if ((frag & IPV4_FRAG_OFF_MASK) || eth_dst_is_group(pkt)
        || ipv4_source_forbidden(ip + 12) || ip[16] >= 224
        || (ip[9] == IPPROTO_ICMP_ && total_len > ihl
            && icmp4_type_is_error(ip[ihl]))) {
        return NAT64_TOO_BIG_NO_ERROR;
    }

    memcpy(addrs, ip + 16, 4);
    memcpy(addrs + 4, ip + 12, 4);
    nat64_reframe(pkt, pkt->data - FRAG_NEEDED_GROWTH, l3 + quote,
                  ETH_TYPE_IPV4);
    swap_eth_addrs(pkt);

    ip = pkt->data + l3;
    ip[0] = 0x45;
    ip[1] = 0;
    put_be16(ip + 2, (uint16_t) (FRAG_NEEDED_GROWTH + quote));
    put_be32(ip + 4, IPV4_DF);          /* ID 0, DF: RFC 6864 4.1. */
    ip[8] = TOO_BIG_TTL;
    ip[9] = IPPROTO_ICMP_;
    store16(ip + 10, 0);
    memcpy(ip + 12, addrs, 8);
    store16(ip + 10, csum_finish(csum_ipv4_header(ip, IPV4_HDR_LEN)));

    icmp = ip + IPV4_HDR_LEN;
    icmp[0] = ICMP4_DEST_UNREACH;
    icmp[1] = ICMP4_FRAG_NEEDED;
    store16(icmp + 2, 0);
    put_be16(icmp + 4, 0);
    put_be16(icmp + 6, (uint16_t) (mtu - (IPV6_HDR_LEN - IPV4_HDR_LEN)));
    sum = nat64_csum_bytes(icmp, ICMP_HDR_LEN + quote);
    store16(icmp + 2, csum_finish(sum));
    pkt->l4_ofs = (uint16_t) (l3 + IPV4_HDR_LEN);
    return NAT64_OK;
}

/* Whether the IPv6 packet at 'ip' is an ICMPv6 error message (RFC 4443
 * 2.4 (e.1): no error about one), looking through the extension headers
 * in its first 'len' bytes. */
static bool
ipv6_is_icmp6_error(const uint8_t *ip, size_t len)
{
    size_t ofs = IPV6_HDR_LEN;
    uint8_t nh = ip[6];

    while (ofs + 8 <= len) {
        if (nh == IPPROTO_ICMPV6_) {
            return ip[ofs] < 128;
        } else if (nh == IPPROTO_FRAGMENT_) {
            if (get_be16(ip + ofs + 2) & 0xfff8) {
                return false;   /* A later fragment: type unknown. */
            }
            nh = ip[ofs];
            ofs += IPV6_FRAG_HDR_LEN;
        } else if (nh == IPPROTO_HOPOPTS_ || nh == IPPROTO_ROUTING_
                   || nh == IPPROTO_DSTOPTS_) {
            nh = ip[ofs];
            ofs += (ip[ofs + 1] + 1) * 8;
        } else {
            return false;
        }
    }
    return nh == IPPROTO_ICMPV6_ && ofs < len && ip[ofs] < 128;
}

/* Whether the IPv6 address 'a' is unspecified (::) or multicast: RFC 4443
 * 2.4 (e.6), no error to a source that is not one node. */
static bool
ipv6_source_not_unicast(const uint8_t *a)
{
    return a[0] == 0xff || (!load64(a) && !load64(a + 8));
}

/* An IPv6 packet too big for an IPv4 side whose MTU is 'mtu': ICMPv6
 * Packet Too Big (RFC 4443 3.2) with the largest IPv6 packet that fits,
 * 'mtu' plus the 20 bytes translation takes off, and never less than the
 * IPv6 minimum MTU (RFC 8201 4: hosts ignore smaller values), quoting as
 * much of the packet as a 1280-byte error holds. */
static enum nat64_drop_reason
packet_too_big(unsigned int mtu, struct nat64_packet *pkt)
{
    size_t l3 = pkt->l2_len, limit = pkt->len, quote;
    unsigned int payload_len, ptb_mtu;
    enum nat64_drop_reason r;
    uint8_t addrs[32];
    uint8_t *ip, *icmp;
    uint32_t sum;

    r = need_bytes(pkt, l3 + IPV6_HDR_LEN, limit, NAT64_V6_TRUNCATED);
    if (r) {
        return r;
    }
    ip = pkt->data + l3;
    payload_len = get_be16(ip + 4);
    if (ip[0] >> 4 != 6 || !payload_len) {
        return NAT64_V6_BAD_HEADER;
    }
    if (l3 + IPV6_HDR_LEN + payload_len > limit) {
        return NAT64_V6_TRUNCATED;
    }

    /* Translated, the 40-byte header becomes 20 bytes (and any extension
     * headers go too). */
    if (payload_len + IPV4_HDR_LEN <= mtu) {
        return NAT64_NOT_TOO_BIG;
    }
    quote = IPV6_HDR_LEN + payload_len;
    if (quote > IPV6_MIN_MTU - PACKET_TOO_BIG_GROWTH) {
        quote = IPV6_MIN_MTU - PACKET_TOO_BIG_GROWTH;
    }
    r = need_room(pkt, PACKET_TOO_BIG_GROWTH, quote);
    if (r) {
        return r;
    }
    if (eth_dst_is_group(pkt) || ipv6_source_not_unicast(ip + 8)
        || ipv6_is_icmp6_error(ip, quote)) {
        return NAT64_TOO_BIG_NO_ERROR;
    }

    memcpy(addrs, ip + 24, 16);
    memcpy(addrs + 16, ip + 8, 16);
    nat64_reframe(pkt, pkt->data - PACKET_TOO_BIG_GROWTH, l3 + quote,
                  ETH_TYPE_IPV6);
    swap_eth_addrs(pkt);

    ip = pkt->data + l3;
    put_be32(ip, 0x60000000);
    put_be16(ip + 4, (uint16_t) (ICMP_HDR_LEN + quote));
    ip[6] = IPPROTO_ICMPV6_;
    ip[7] = TOO_BIG_TTL;
    memcpy(ip + 8, addrs, 32);

    ptb_mtu = mtu + (IPV6_HDR_LEN - IPV4_HDR_LEN);
    if (ptb_mtu < IPV6_MIN_MTU) {
        ptb_mtu = IPV6_MIN_MTU;
    }
    icmp = ip + IPV6_HDR_LEN;
    icmp[0] = ICMP6_PACKET_TOO_BIG;
    icmp[1] = 0;
    store16(icmp + 2, 0);
    put_be32(icmp + 4, ptb_mtu);
    sum = csum_add(csum_pseudo6(addrs, ICMP_HDR_LEN + quote, IPPROTO_ICMPV6_),
                   nat64_csum_bytes(icmp, ICMP_HDR_LEN + quote));
    store16(icmp + 2, csum_finish(sum));
    pkt->l4_ofs = (uint16_t) (l3 + IPV6_HDR_LEN);
    return NAT64_OK;
}

enum nat64_drop_reason
nat64_too_big(unsigned int mtu, struct nat64_packet *pkt)
{
    enum nat64_drop_reason r;
    unsigned int version;

    if (pkt->l2_len) {
        uint16_t ethertype;

        r = need_bytes(pkt, pkt->l2_len, pkt->len, NAT64_L2_TRUNCATED);
        if (r) {
            return r;
        }
        if (pkt->l2_len < 2) {
            return NAT64_L2_TRUNCATED;
        }
        ethertype = get_be16(pkt->data + pkt->l2_len - 2);
        version = (ethertype == ETH_TYPE_IPV4 ? 4
                   : ethertype == ETH_TYPE_IPV6 ? 6 : 0);
    } else {
        r = need_bytes(pkt, 1, pkt->len, NAT64_V4_TRUNCATED);
        if (r) {
            return r;
        }
        version = pkt->data[0] >> 4;
    }

    if (version == 4 && mtu >= IPV6_MIN_MTU && mtu <= 65535) {
        return frag_needed(mtu, pkt);
    } else if (version == 6 && mtu >= NAT64_IPV4_MIN_MTU && mtu <= 65535) {
        return packet_too_big(mtu, pkt);
    }
    return version == 4 || version == 6 ? NAT64_TOO_BIG_BAD_MTU
                                        : NAT64_WRONG_L3;
}
