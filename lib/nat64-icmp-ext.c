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

/* RFC 4884 multi-part ICMP errors, for RFC 7915 4.2 and 5.2.
 *
 * An ICMPv4 Destination Unreachable, Time Exceeded or Parameter Problem,
 * and an ICMPv6 Destination Unreachable or Time Exceeded, may carry an
 * extension structure after the original datagram.  Their Length attribute
 * (ICMPv4: byte 5, in 32-bit words; ICMPv6: byte 4, in 64-bit words) then
 * says how long the original datagram field is; zero means that there is
 * no extension structure.  The translator translates the original datagram,
 * pads or cuts it to what RFC 4884 section 4 asks of the new message (a
 * multiple of the new unit, at least 128 bytes) and carries the extension
 * structure after it unchanged, its own checksum included. */

#include "nat64-private.h"

/* RFC 4884 section 4.1 and 4.2: an original datagram field followed by an
 * extension structure is at least 128 bytes long. */
#define ICMP_EXT_MIN_DATAGRAM 128

/* RFC 4884 section 7: the extension header's version. */
#define ICMP_EXT_VERSION 2
#define ICMP_EXT_HDR_LEN 4
#define ICMP_EXT_OBJ_HDR_LEN 4

enum nat64_drop_reason
nat64_icmp_ext_find(struct nat64_packet *pkt, size_t odg, size_t end,
                    unsigned int length, unsigned int unit,
                    struct icmp_ext *ext)
{
    const uint8_t *base;
    size_t start, p;
    enum nat64_drop_reason r;

    ext->odg_end = end;
    ext->ext_len = 0;
    if (!length) {
        /* No extension structure, or a sender that predates RFC 4884: the
         * rest of the message is the original datagram. */
        return NAT64_OK;
    }
    if ((size_t) length * unit > end - odg) {
        return NAT64_ICMP_EXT_BAD_LENGTH;
    }
    start = odg + (size_t) length * unit;
    if (start == end) {
        return NAT64_OK;
    }
    r = need_bytes(pkt, end, end, NAT64_ICMP_EXT_MALFORMED);
    if (r) {
        return r;
    }
    base = pkt->data;
    if (end - start < ICMP_EXT_HDR_LEN
        || base[start] >> 4 != ICMP_EXT_VERSION) {
        /* What follows is no extension structure, so the Length attribute
         * was not one either (RFC 4884 section 5 asks receivers to cope
         * with such messages): the error is translated as it came. */
        return NAT64_OK;
    }

    /* One or more objects, each at least a header long, filling the
     * structure exactly. */
    if (end - start == ICMP_EXT_HDR_LEN) {
        return NAT64_ICMP_EXT_MALFORMED;
    }
    for (p = start + ICMP_EXT_HDR_LEN; p < end; ) {
        size_t obj_len;

        if (end - p < ICMP_EXT_OBJ_HDR_LEN) {
            return NAT64_ICMP_EXT_MALFORMED;
        }
        obj_len = get_be16(base + p);
        if (obj_len < ICMP_EXT_OBJ_HDR_LEN || obj_len > end - p) {
            return NAT64_ICMP_EXT_MALFORMED;
        }
        p += obj_len;
    }
    ext->odg_end = start;
    ext->ext_len = end - start;
    return NAT64_OK;
}

void
nat64_icmp_ext_fit(const struct icmp_ext *ext, unsigned int hdr, size_t rest,
                   size_t room, unsigned int unit, struct icmp_ext_fit *fit)
{
    size_t field;

    fit->keep = rest;
    fit->pad = 0;
    fit->length = 0;
    if (!ext->ext_len || room < ext->ext_len + ICMP_EXT_MIN_DATAGRAM) {
        /* The new message has no room for the extension structure (or no
         * Length attribute): it goes, the error stays. */
        return;
    }
    room -= ext->ext_len;
    if (hdr + rest > room) {
        field = room & ~(size_t) (unit - 1);
        fit->keep = field - hdr;
    } else {
        field = (hdr + rest + unit - 1) & ~(size_t) (unit - 1);
        if (field < ICMP_EXT_MIN_DATAGRAM) {
            field = ICMP_EXT_MIN_DATAGRAM;
        }
        fit->pad = field - hdr - rest;
    }
    fit->length = field / unit;
}
