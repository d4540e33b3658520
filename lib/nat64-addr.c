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

/* RFC 6052 section 2: IPv4-embedded IPv6 addresses. */

#include "nat64-private.h"

/* RFC 6052 section 2.2: bits 64 to 71 (byte 8), the "u" octet, are
 * reserved for compatibility with the interface identifier format and are
 * skipped by the embedded address of prefixes shorter than /96. */
#define U_OCTET 8

bool
nat64_prefix_len_valid(unsigned int len)
{
    return len == 32 || len == 40 || len == 48 || len == 56 || len == 64
           || len == 96;
}

bool
nat64_prefix_valid(const struct nat64_prefix *prefix)
{
    int i;

    if (!nat64_prefix_len_valid(prefix->len)) {
        return false;
    }
    for (i = prefix->len / 8; i < 16; i++) {
        if (prefix->addr[i]) {
            return false;
        }
    }
    return true;
}

bool
nat64_ipv4_is_global(const uint8_t v4[4])
{
    /* RFC 6890's blocks whose "Global" is False, RFC 5735 section 3's
     * multicast and reserved ones; 192.0.0.9 and 192.0.0.10 are global
     * exceptions inside 192.0.0.0/24. */
    static const struct {
        uint32_t net;
        uint8_t len;
    } blocks[] = {
        { 0x00000000, 8 },      /* 0/8, "this network". */
        { 0x0a000000, 8 },      /* 10/8, private (RFC 1918). */
        { 0x64400000, 10 },     /* 100.64/10, shared (RFC 6598). */
        { 0x7f000000, 8 },      /* 127/8, loopback. */
        { 0xa9fe0000, 16 },     /* 169.254/16, link-local. */
        { 0xac100000, 12 },     /* 172.16/12, private. */
        { 0xc0000000, 24 },     /* 192.0.0/24, IETF protocol assignments. */
        { 0xc0000200, 24 },     /* 192.0.2/24, TEST-NET-1. */
        { 0xc0a80000, 16 },     /* 192.168/16, private. */
        { 0xc6120000, 15 },     /* 198.18/15, benchmarking. */
        { 0xc6336400, 24 },     /* 198.51.100/24, TEST-NET-2. */
        { 0xcb007100, 24 },     /* 203.0.113/24, TEST-NET-3. */
        { 0xe0000000, 3 },      /* 224/3, multicast, reserved, broadcast. */
    };
    uint32_t a = get_be32(v4);
    size_t i;

    if (a == 0xc0000009 || a == 0xc000000a) {
        return true;            /* 192.0.0.9, 192.0.0.10. */
    }
    for (i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        if ((a & (0xffffffffu << (32 - blocks[i].len))) == blocks[i].net) {
            return false;
        }
    }
    return true;
}

/* The byte of the IPv6 address that holds byte 'i' of the IPv4 address. */
static inline int
v4_byte_pos(unsigned int prefix_len, int i)
{
    int pos = prefix_len / 8 + i;

    return prefix_len < 96 && pos >= U_OCTET ? pos + 1 : pos;
}

void
nat64_addr_4to6(const struct nat64_prefix *prefix, const uint8_t v4[4],
                uint8_t v6[16])
{
    int i;

    memcpy(v6, prefix->addr, 16);
    for (i = 0; i < 4; i++) {
        v6[v4_byte_pos(prefix->len, i)] = v4[i];
    }
}

bool
nat64_addr_6to4(const struct nat64_prefix *prefix, const uint8_t v6[16],
                uint8_t v4[4])
{
    int i;

    if (memcmp(v6, prefix->addr, prefix->len / 8)) {
        return false;
    }
    if (prefix->len < 96 && v6[U_OCTET]) {
        return false;
    }
    for (i = 0; i < 4; i++) {
        v4[i] = v6[v4_byte_pos(prefix->len, i)];
    }
    return true;
}
