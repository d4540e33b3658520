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

/* The frame around the translated headers: the L2 header's move to the new
 * start of the frame, and the configuration defaults. */

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

void
nat64_reframe(struct nat64_packet *pkt, uint8_t *new_data, size_t end,
              uint16_t ethertype)
{
    uint8_t *old_data = pkt->data;
    size_t delta = (size_t) (new_data - old_data); /* Modulo 2**N. */
    size_t l2_len = pkt->l2_len;
    size_t linear;

    if (l2_len) {
        memmove(new_data, old_data, l2_len);
        put_be16(new_data + l2_len - 2, ethertype);
    }

    pkt->data = new_data;
    pkt->headroom += delta;
    pkt->len = end - delta;
    linear = pkt->linear - delta;
    pkt->linear = linear < pkt->len ? linear : pkt->len;
}
