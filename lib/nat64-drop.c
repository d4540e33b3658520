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

/* Drop reason names, as counters show them. */

#include "nat64-private.h"

static const char *const drop_reason_names[] = {
#define NAT64_DROP(ENUM, NAME) [NAT64_##ENUM] = #NAME,
    NAT64_DROP_REASONS
#undef NAT64_DROP
};

const char *
nat64_drop_reason_name(enum nat64_drop_reason reason)
{
    if ((unsigned int) reason >= NAT64_N_DROP_REASONS) {
        return "unknown";
    }
    return drop_reason_names[reason];
}
