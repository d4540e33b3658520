/*
 * Copyright (c) 2026 The ovs-nat64 authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* Drop reason names, as counters show them. */

#include "nat64-private.h"

static const char *const drop_reason_names[] = {
#define NAT64_DROP(ENUM, NAME) [NAT64_##ENUM] = NAME,
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
