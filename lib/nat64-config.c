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

/* Configuration defaults. */

#include "nat64-private.h"

void
nat64_config_default(struct nat64_config *config)
{
    memset(config, 0, sizeof *config);
    config->prefix.addr[0] = 0xfe;
    config->prefix.addr[1] = 0x80;
    config->prefix.len = 96;
    config->ttl_mode = NAT64_TTL_COPY;
    config->ipv6_mtu = IPV6_MIN_MTU;
    nat64_config_prepare(config);
}

void
nat64_config_prepare(struct nat64_config *config)
{
    /* The Well-Known Prefix's addresses need checks (RFC 6052 3.1) that
     * only the general path makes. */
    config->fast96 = (config->prefix.len == 96
                      && !prefix_is_wkp(&config->prefix));
    config->prefix96_sum = (config->fast96
                            ? csum_prefix96_twice(&config->prefix) : 0);
    config->prefix96_fold = csum_fold(config->prefix96_sum);
    config->prefix96_fold_neg = ~config->prefix96_fold;
}
