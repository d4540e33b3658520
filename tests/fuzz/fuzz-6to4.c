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

/* libFuzzer harness for nat64_6to4().  The input layout is described in
 * fuzz-common.h.  Beyond "no crash, no access outside the buffer" it
 * checks:
 *
 *   - the invariants of fuzz_translate() and fuzz_translate_checked();
 *   - on success with IPv4 output: version 4, IHL 5, total length matching
 *     the frame, a valid header checksum, TOS, TTL and addresses as the
 *     IPv6 header says; a valid TCP/UDP/ICMP checksum when the input had a
 *     valid one;
 *   - on success with ARP output (from NDP): 28 bytes, Ethernet/IPv4,
 *     operation 1 or 2, l4_ofs 0;
 *   - round trip: an IPv6 TCP, UDP or ICMPv6 echo packet without
 *     extension headers translated to IPv4 and back has its traffic class,
 *     hop limit, next header, payload and transport bytes back (the
 *     checksum in one's complement, unless the addresses had a non-zero
 *     suffix), the flow label zeroed and its addresses with the RFC 6052
 *     suffix zeroed. */

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_arp_output(const struct fuzz_input *in, const struct fuzz_run *ref)
{
    const uint8_t *ip6 = in->frame + in->l2_len;
    const uint8_t *arp = ref->pkt.data + in->l2_len;
    uint8_t addr[4];

    /* Only NS and NA become ARP, and only with an Ethernet header. */
    FUZZ_CHECK(in->l2_len);
    FUZZ_CHECK(in->len >= in->l2_len + 40 + 24);
    FUZZ_CHECK(ref->pkt.len == in->l2_len + 28);
    FUZZ_CHECK(ref->pkt.l4_ofs == 0);
    FUZZ_CHECK(!memcmp(arp, "\x00\x01\x08\x00\x06\x04\x00", 7));
    FUZZ_CHECK(arp[7] == 1 || arp[7] == 2);
    FUZZ_CHECK(ip6[7] == 255);

    /* The target protocol address (NS) or the sender's (NA) is the
     * target's. */
    if (ip6[6] == 58) {
        fuzz_addr_6to4(&in->config.prefix, ip6 + 40 + 8, addr);
        FUZZ_CHECK(!memcmp(arp + (arp[7] == 1 ? 24 : 14), addr, 4));
    }
}

static void
check_ipv4_output(const struct fuzz_input *in, const struct fuzz_run *ref)
{
    const uint8_t *ip6 = in->frame + in->l2_len;
    const uint8_t *out = ref->pkt.data;
    const uint8_t *ip4 = out + in->l2_len;
    bool partial = in->flags & NAT64_PKT_L4_CSUM_PARTIAL;
    size_t len = ref->pkt.len;
    size_t l2_len = in->l2_len;
    struct fuzz_l4 l4_in, l4_out;
    uint8_t addr[4];
    unsigned int ttl;

    FUZZ_CHECK(in->len >= l2_len + 40 && ip6[0] >> 4 == 6);
    FUZZ_CHECK(len >= l2_len + 20);
    if (l2_len) {
        FUZZ_CHECK(fuzz_ethertype(out, l2_len) == 0x0800);
    }
    FUZZ_CHECK(ip4[0] == 0x45);
    FUZZ_CHECK(fuzz_be16(ip4 + 2) == len - l2_len);
    FUZZ_CHECK(fuzz_fold(fuzz_sum(ip4, 20, 0)) == 0xffff);
    FUZZ_CHECK(ref->pkt.l4_ofs == l2_len + 20);

    /* DF only when the caller does not refragment; and the callers that
     * skip drawing an ID per NAT64_IPV4_ID_MAX_LEN lose nothing. */
    if (in->flags & NAT64_PKT_REFRAGMENT) {
        FUZZ_CHECK(!(fuzz_be16(ip4 + 6) & 0x4000));
    } else if ((ip6[6] == 6 || ip6[6] == 17)
               && 40u + fuzz_be16(ip6 + 4) > NAT64_IPV4_ID_MAX_LEN) {
        FUZZ_CHECK(fuzz_be16(ip4 + 4) == 0
                   && fuzz_be16(ip4 + 6) == 0x4000);
    }

    FUZZ_CHECK(ip4[1] == (uint8_t) ((ip6[0] << 4) | (ip6[1] >> 4)));
    ttl = ip6[7] - (in->config.ttl_mode == NAT64_TTL_DECREMENT);
    FUZZ_CHECK(ttl > 0);
    FUZZ_CHECK(ip4[8] == ttl);
    fuzz_addr_6to4(&in->config.prefix, ip6 + 8, addr);
    FUZZ_CHECK(!memcmp(ip4 + 12, addr, 4));
    fuzz_addr_6to4(&in->config.prefix, ip6 + 24, addr);
    FUZZ_CHECK(!memcmp(ip4 + 16, addr, 4));

    /* A valid checksum stays valid, through ICMP error translation too. */
    if (in->fix_checksums
        && fuzz_l4_ipv6(in->frame, in->len, l2_len, &l4_in)) {
        FUZZ_CHECK(fuzz_l4_ipv4(out, len, l2_len, &l4_out));
        FUZZ_CHECK(l4_out.proto == (l4_in.proto == 58 ? 1 : l4_in.proto));
        FUZZ_CHECK(fuzz_l4_valid(out, &l4_out, partial));
    }
}

/* IPv6 -> IPv4 -> IPv6 for TCP, UDP and ICMPv6 echo without extension
 * headers. */
static void
round_trip(const struct fuzz_input *in, const struct fuzz_run *ref)
{
    static const size_t suffix[] = {
        [32] = 9, [40] = 10, [48] = 11, [56] = 12, [64] = 13, [96] = 16,
    };
    size_t l2_len = in->l2_len;
    const uint8_t *ip6 = in->frame + l2_len;
    size_t plen = fuzz_be16(ip6 + 4);
    uint8_t nh = ip6[6];
    size_t csum_ofs = nh == 6 ? 16 : nh == 17 ? 6 : 2;
    struct nat64_config back_config;
    const uint8_t *out;
    struct fuzz_run back;
    uint8_t addrs[32];
    unsigned int hop;

    if (nh == 58) {
        if (plen < 8 || (ip6[40] != 128 && ip6[40] != 129)) {
            return;
        }
    } else if (nh != 6 && nh != 17) {
        return;
    }

    /* Without translator fragmentation on the way back: an IPv4 packet
     * with DF clear would be cut (fuzz-4to6.c checks that). */
    back_config = in->config;
    back_config.ipv6_mtu = 65535;
    fuzz_translate(nat64_4to6, &back_config, ref->pkt.data, ref->pkt.len,
                   l2_len, in->flags, 0, NAT64_MAX_GROWTH, ref->pkt.len,
                   &back);
    hop = ip6[7];
    if (in->config.ttl_mode == NAT64_TTL_DECREMENT) {
        if (hop <= 2) {
            FUZZ_CHECK(back.reason == NAT64_TTL_EXPIRED);
            goto out;
        }
        hop -= 2;
    }
    FUZZ_CHECK(back.reason == NAT64_OK);

    out = back.pkt.data;
    FUZZ_CHECK(back.pkt.len == l2_len + 40 + plen);
    FUZZ_CHECK(!memcmp(out, in->frame, l2_len));
    out += l2_len;
    FUZZ_CHECK(out[0] == ip6[0]);
    FUZZ_CHECK(out[1] == (ip6[1] & 0xf0));
    FUZZ_CHECK(!out[2] && !out[3]);
    FUZZ_CHECK(!memcmp(out + 4, ip6 + 4, 3));
    FUZZ_CHECK(out[7] == hop);

    memcpy(addrs, ip6 + 8, 32);
    memset(addrs + suffix[in->config.prefix.len], 0,
           16 - suffix[in->config.prefix.len]);
    memset(addrs + 16 + suffix[in->config.prefix.len], 0,
           16 - suffix[in->config.prefix.len]);
    FUZZ_CHECK(!memcmp(out + 8, addrs, 32));

    /* With a non-zero suffix (ignored by nat64_6to4()) the addresses and
     * so the checksum changed. */
    fuzz_check_l4_same(out + 40, ip6 + 40, plen,
                       plen >= csum_ofs + 2 ? csum_ofs : 0,
                       memcmp(addrs, ip6 + 8, 32));
out:
    fuzz_run_destroy(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in;
    struct fuzz_run ref;

    if (!fuzz_input_parse(data, size, &in)) {
        return 0;
    }
    fuzz_translate_checked(nat64_6to4, &in, &ref);
    if (ref.reason == NAT64_OK) {
        if (in.l2_len && fuzz_ethertype(ref.pkt.data, in.l2_len) == 0x0806) {
            check_arp_output(&in, &ref);
        } else {
            check_ipv4_output(&in, &ref);
            round_trip(&in, &ref);
        }
    }
    fuzz_run_destroy(&ref);
    fuzz_check_too_big(&in);
    fuzz_input_destroy(&in);
    return 0;
}
