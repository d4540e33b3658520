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

/* Internet checksum arithmetic over a byte range (RFC 1071). */

#include "nat64-private.h"

uint32_t
nat64_csum_bytes(const uint8_t *p, size_t len)
{
    uint64_t sum = 0;
    uint32_t w32;

    /* 32-bit words in memory order: their one's complement sum folds to
     * the same 16-bit sum as the 16-bit words they hold. */
    while (len >= 4) {
        memcpy(&w32, p, 4);
        sum += w32;
        p += 4;
        len -= 4;
    }
    if (len >= 2) {
        sum += load16(p);
        p += 2;
        len -= 2;
    }
    if (len) {
        uint8_t last[2] = { p[0], 0 };

        sum += load16(last);
    }
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffffffff) + (sum >> 32);
    return (uint32_t) sum;
}
