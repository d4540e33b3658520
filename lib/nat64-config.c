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
}
