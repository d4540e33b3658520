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

/* Sending a translated packet as fragments (RFC 7915 section 4.1, "If the
 * DF flag is not set and the IPv4 packet will result in an IPv6 packet
 * larger than lowest-ipv6-mtu bytes, the packet SHOULD be fragmented so
 * the resulting IPv6 packet (with Fragment header added to each fragment)
 * will be less than or equal to lowest-ipv6-mtu bytes"), as RFC 8200
 * section 4.5 cuts: every fragment but the last carries a multiple of 8
 * bytes, and the Fragment Offset counts 8-byte units of the original
 * packet's fragmentable part.
 *
 * nat64_4to6() has already given the packet its Fragment header, right
 * after the IPv6 header (the whole unfragmentable part), with the IPv4
 * Identification zero-extended (RFC 7915 4.1) and, for an IPv4 fragment,
 * its offset and MF flag.  The pieces of a fragment continue its offsets;
 * only the last piece keeps its M flag. */

#include "nat64-private.h"

/* The fragments' part of the IPv6 header and its Fragment header. */
#define CUT_HDR_LEN (IPV6_HDR_LEN + IPV6_FRAG_HDR_LEN)
#define FRAG_OFF_MAX 0x1fff         /* 13 bits of 8-byte units. */
#define FRAG_MORE 1

enum nat64_drop_reason
nat64_cut_plan(struct nat64_packet *pkt, unsigned int mtu,
               struct nat64_cut *cut)
{
    size_t l3 = pkt->l2_len;
    unsigned int payload, data_len, frag_len, n_frags;
    enum nat64_drop_reason r;
    const uint8_t *p6;
    uint16_t off_m;

    r = need_bytes(pkt, l3 + CUT_HDR_LEN, pkt->len, NAT64_V6_TRUNCATED);
    if (r) {
        return r;
    }
    p6 = pkt->data + l3;
    if ((l3 && (l3 < 2 || get_be16(p6 - 2) != ETH_TYPE_IPV6))
        || p6[0] >> 4 != 6) {
        return NAT64_WRONG_L3;
    }
    payload = get_be16(p6 + 4);
    if (p6[6] != IPPROTO_FRAGMENT_ || payload < IPV6_FRAG_HDR_LEN
        || l3 + IPV6_HDR_LEN + payload > pkt->len) {
        return NAT64_V6_BAD_HEADER;
    }
    if (mtu < CUT_HDR_LEN + 8) {
        return NAT64_CUT_BAD_MTU;
    }

    data_len = payload - IPV6_FRAG_HDR_LEN;
    if (IPV6_HDR_LEN + payload <= mtu) {
        frag_len = data_len;
        n_frags = 1;
    } else {
        frag_len = (mtu - CUT_HDR_LEN) & ~7u;
        n_frags = (data_len + frag_len - 1) / frag_len;
    }
    off_m = get_be16(p6 + IPV6_HDR_LEN + 2);
    /* Every fragment's offset must fit the field. */
    if ((off_m >> 3) + (n_frags - 1) * (frag_len / 8) > FRAG_OFF_MAX) {
        return NAT64_CUT_OFFSET_OVERFLOW;
    }

    cut->hdr_len = l3 + CUT_HDR_LEN;
    cut->data_len = data_len;
    cut->frag_len = frag_len;
    cut->n_frags = n_frags;
    cut->offset = off_m >> 3;
    cut->more = (off_m & FRAG_MORE) != 0;
    return NAT64_OK;
}

size_t
nat64_cut_len(const struct nat64_cut *cut, unsigned int i)
{
    return i + 1 < cut->n_frags ? cut->frag_len
                                : cut->data_len - i * cut->frag_len;
}

void
nat64_cut_header(const struct nat64_cut *cut, const uint8_t *frame,
                 unsigned int i, uint8_t *hdr)
{
    uint8_t *p6 = hdr + cut->hdr_len - CUT_HDR_LEN;
    bool more = i + 1 < cut->n_frags || cut->more;

    memcpy(hdr, frame, cut->hdr_len);
    put_be16(p6 + 4, IPV6_FRAG_HDR_LEN + nat64_cut_len(cut, i));
    put_be16(p6 + IPV6_HDR_LEN + 2,
             (uint16_t) ((cut->offset + i * (cut->frag_len / 8)) << 3
                         | (more ? FRAG_MORE : 0)));
}
