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

#include "fuzz-common.h"

#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#endif
#endif
#ifndef ASAN_POISON_MEMORY_REGION
#define ASAN_POISON_MEMORY_REGION(ADDR, SIZE) ((void) (ADDR), (void) (SIZE))
#define ASAN_UNPOISON_MEMORY_REGION(ADDR, SIZE) \
    ((void) (ADDR), (void) (SIZE))
#endif

/* The RFC 6052 prefixes that byte 0 bits 2-4 choose from. */
static const struct nat64_prefix prefixes[8] = {
    { { 0xfe, 0x80 }, 96 },
    { { 0x00, 0x64, 0xff, 0x9b }, 96 },
    { { 0x20, 0x01, 0x0d, 0xb8 }, 32 },
    { { 0x20, 0x01, 0x0d, 0xb8, 0x01 }, 40 },
    { { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22 }, 48 },
    { { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03 }, 56 },
    { { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44 }, 64 },
    { { 0xfe, 0x80 }, 96 },
};

void
fuzz_fail(const char *file, int line, const char *cond)
{
    fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, cond);
    abort();
}

uint64_t
fuzz_sum(const uint8_t *p, size_t len, uint64_t sum)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        sum += fuzz_be16(p + i);
    }
    if (len & 1) {
        sum += (uint64_t) p[len - 1] << 8;
    }
    return sum;
}

uint16_t
fuzz_fold(uint64_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t) sum;
}

/* One's complement equality: 0x0000 and 0xffff are both zero. */
bool
fuzz_csum_equal(uint16_t a, uint16_t b)
{
    return a == b
           || ((a == 0 || a == 0xffff) && (b == 0 || b == 0xffff));
}

void
fuzz_addr_4to6(const struct nat64_prefix *prefix, const uint8_t v4[4],
               uint8_t v6[16])
{
    size_t pos = prefix->len / 8;
    int i;

    memset(v6, 0, 16);
    memcpy(v6, prefix->addr, pos);
    for (i = 0; i < 4; i++) {
        if (pos == 8) {
            pos++;              /* Bits 64 to 71, the u-octet, are zero. */
        }
        v6[pos++] = v4[i];
    }
}

void
fuzz_addr_6to4(const struct nat64_prefix *prefix, const uint8_t v6[16],
               uint8_t v4[4])
{
    size_t pos = prefix->len / 8;
    int i;

    for (i = 0; i < 4; i++) {
        if (pos == 8) {
            pos++;
        }
        v4[i] = v6[pos++];
    }
}

void
fuzz_check_l4_same(const uint8_t *a, const uint8_t *b, size_t len,
                   size_t csum_ofs, bool skip_csum)
{
    if (!csum_ofs) {
        FUZZ_CHECK(!memcmp(a, b, len));
        return;
    }
    FUZZ_CHECK(csum_ofs + 2 <= len);
    FUZZ_CHECK(!memcmp(a, b, csum_ofs));
    FUZZ_CHECK(!memcmp(a + csum_ofs + 2, b + csum_ofs + 2,
                       len - csum_ofs - 2));
    FUZZ_CHECK(skip_csum
               || fuzz_csum_equal(fuzz_be16(a + csum_ofs),
                                  fuzz_be16(b + csum_ofs)));
}

void
fuzz_ipv4_fix(uint8_t *ip, size_t ihl_bytes)
{
    fuzz_put_be16(ip + 10, 0);
    fuzz_put_be16(ip + 10, (uint16_t) ~fuzz_fold(fuzz_sum(ip, ihl_bytes, 0)));
}

/* A UDP datagram is as long as its header says, as receivers take it
 * (Linux trims the rest): sets 'l4->len' so.  Returns false if that
 * length does not fit in the IP payload. */
static bool
udp_length(const uint8_t *frame, struct fuzz_l4 *l4)
{
    size_t udp_len;

    if (l4->proto != 17 || l4->len < 8) {
        return true;
    }
    udp_len = fuzz_be16(frame + l4->ofs + 4);
    if (udp_len < 8 || udp_len > l4->len) {
        return false;
    }
    l4->len = udp_len;
    return true;
}

bool
fuzz_l4_ipv4(const uint8_t *frame, size_t len, size_t l3,
             struct fuzz_l4 *l4)
{
    const uint8_t *ip = frame + l3;
    size_t ihl, tot;

    if (len < l3 + 20 || ip[0] >> 4 != 4) {
        return false;
    }
    ihl = (ip[0] & 15) * 4;
    tot = fuzz_be16(ip + 2);
    if (ihl < 20 || tot < ihl || l3 + tot > len
        || fuzz_be16(ip + 6) & 0x3fff) {
        return false;
    }
    l4->proto = ip[9];
    if (l4->proto != 1 && l4->proto != 6 && l4->proto != 17) {
        return false;
    }
    l4->ofs = l3 + ihl;
    l4->len = tot - ihl;
    if (!udp_length(frame, l4)) {
        return false;
    }
    l4->pseudo = (l4->proto == 1 ? 0
                  : fuzz_sum(ip + 12, 8, l4->proto + l4->len));
    return true;
}

bool
fuzz_l4_ipv6(const uint8_t *frame, size_t len, size_t l3,
             struct fuzz_l4 *l4)
{
    const uint8_t *ip = frame + l3;
    size_t ofs, end;
    uint8_t nh;

    if (len < l3 + 40 || ip[0] >> 4 != 6 || !fuzz_be16(ip + 4)) {
        return false;
    }
    end = l3 + 40 + fuzz_be16(ip + 4);
    if (end > len) {
        return false;
    }
    nh = ip[6];
    ofs = l3 + 40;
    for (;;) {
        if (nh == 6 || nh == 17 || nh == 58) {
            break;
        } else if (nh == 0 || nh == 43 || nh == 60) {
            if (ofs + 8 > end || ofs + (frame[ofs + 1] + 1) * 8 > end) {
                return false;
            }
            nh = frame[ofs];
            ofs += (frame[ofs + 1] + 1) * 8;
        } else if (nh == 44) {
            /* Only an atomic fragment is a whole packet. */
            if (ofs + 8 > end || fuzz_be16(frame + ofs + 2) & 0xfff9) {
                return false;
            }
            nh = frame[ofs];
            ofs += 8;
        } else {
            return false;
        }
    }
    l4->proto = nh;
    l4->ofs = ofs;
    l4->len = end - ofs;
    if (!udp_length(frame, l4)) {
        return false;
    }
    l4->pseudo = fuzz_sum(ip + 8, 32, nh + l4->len);
    return true;
}

size_t
fuzz_l4_csum_ofs(const struct fuzz_l4 *l4)
{
    size_t ofs = (l4->proto == 6 ? 16 : l4->proto == 17 ? 6 : 2);

    return l4->len >= ofs + 2 ? ofs : 0;
}

static bool
fuzz_l4_has_seed(const struct fuzz_l4 *l4, bool partial)
{
    return partial && (l4->proto == 6 || l4->proto == 17);
}

void
fuzz_l4_fix(uint8_t *frame, const struct fuzz_l4 *l4, bool partial)
{
    size_t ofs = fuzz_l4_csum_ofs(l4);
    uint8_t *p = frame + l4->ofs;
    uint16_t csum;

    if (!ofs) {
        return;
    }
    if (fuzz_l4_has_seed(l4, partial)) {
        fuzz_put_be16(p + ofs, fuzz_fold(l4->pseudo));
        return;
    }
    if (l4->proto == 17 && !fuzz_be16(p + ofs)) {
        return;
    }
    fuzz_put_be16(p + ofs, 0);
    csum = ~fuzz_fold(fuzz_sum(p, l4->len, l4->pseudo));
    fuzz_put_be16(p + ofs, l4->proto == 17 && !csum ? 0xffff : csum);
}

bool
fuzz_l4_valid(const uint8_t *frame, const struct fuzz_l4 *l4, bool partial)
{
    size_t ofs = fuzz_l4_csum_ofs(l4);
    const uint8_t *p = frame + l4->ofs;

    if (!ofs) {
        return true;
    }
    if (fuzz_l4_has_seed(l4, partial)) {
        return fuzz_csum_equal(fuzz_be16(p + ofs), fuzz_fold(l4->pseudo));
    }
    if (l4->proto == 17 && !fuzz_be16(p + ofs)) {
        return false;
    }
    return fuzz_fold(fuzz_sum(p, l4->len, l4->pseudo)) == 0xffff;
}

/* Makes the checksums of the IPv4 or IPv6 packet in 'in' valid. */
static void
fuzz_fix_checksums(struct fuzz_input *in)
{
    bool partial = in->flags & NAT64_PKT_L4_CSUM_PARTIAL;
    uint8_t *f = in->frame;
    size_t l3 = in->l2_len;
    struct fuzz_l4 l4;
    uint16_t type;

    if (in->len < l3 + 20) {
        return;
    }
    type = fuzz_ethertype(f, l3);
    if (type == 0x0800 || (!l3 && f[0] >> 4 == 4)) {
        size_t ihl = (f[l3] & 15) * 4;

        if (ihl >= 20 && l3 + ihl <= in->len) {
            fuzz_ipv4_fix(f + l3, ihl);
        }
        if (fuzz_l4_ipv4(f, in->len, l3, &l4)) {
            fuzz_l4_fix(f, &l4, partial);
        }
    } else if (type == 0x86dd || (!l3 && f[0] >> 4 == 6)) {
        if (fuzz_l4_ipv6(f, in->len, l3, &l4)) {
            fuzz_l4_fix(f, &l4, partial);
        }
    }
}

bool
fuzz_input_parse(const uint8_t *data, size_t size, struct fuzz_input *in)
{
    const uint8_t *opt = data;
    const uint8_t *rest = data + FUZZ_OPT_LEN;
    size_t rest_len;

    if (size < FUZZ_OPT_LEN) {
        return false;
    }
    rest_len = size - FUZZ_OPT_LEN;

    memset(in, 0, sizeof *in);
    in->config.prefix = prefixes[(opt[0] >> 2) & 7];
    in->config.ttl_mode = (opt[0] & 0x20 ? NAT64_TTL_DECREMENT
                           : NAT64_TTL_COPY);
    /* lowest-ipv6-mtu: 1280 to 2288, so that frames of a few kilobytes
     * are cut. */
    in->config.ipv6_mtu = 1280 + (opt[7] >> 2) * 16;
    nat64_config_prepare(&in->config);
    in->flags = ((opt[0] & 0x40 ? NAT64_PKT_L4_CSUM_PARTIAL : 0)
                 | (opt[7] & 2 ? NAT64_PKT_REFRAGMENT : 0));
    in->headroom = opt[1] & 0x7f;
    in->ipv4_id = fuzz_be16(opt + 5);
    in->fix_checksums = !(opt[7] & 1);

    /* At least one byte, so that the frame pointer is never null. */
    in->frame = malloc(rest_len + 4 + 1);
    FUZZ_CHECK(in->frame);
    switch (opt[0] & 3) {
    case 0:
        if (rest_len > FUZZ_ETH_LEN) {
            in->len = rest_len - FUZZ_ETH_LEN;
            memcpy(in->frame, rest + FUZZ_ETH_LEN, in->len);
        }
        break;

    case 1:
    case 3:
        in->l2_len = FUZZ_ETH_LEN;
        in->len = rest_len;
        memcpy(in->frame, rest, rest_len);
        break;

    case 2:
        in->l2_len = FUZZ_ETH_LEN + 4;
        if (rest_len < 12) {
            in->len = rest_len;
            memcpy(in->frame, rest, rest_len);
        } else {
            in->len = rest_len + 4;
            memcpy(in->frame, rest, 12);
            fuzz_put_be16(in->frame + 12, 0x8100);
            memcpy(in->frame + 14, opt + 3, 2);
            memcpy(in->frame + 16, rest + 12, rest_len - 12);
        }
        break;
    }

    in->linear = in->len;
    if (opt[0] & 0x80) {
        in->linear -= opt[2] < in->len ? opt[2] : in->len;
    }
    if (in->fix_checksums) {
        fuzz_fix_checksums(in);
    }
    return true;
}

void
fuzz_input_destroy(struct fuzz_input *in)
{
    free(in->frame);
}

void
fuzz_translate(fuzz_xlate_func *xlate, const struct nat64_config *config,
               const uint8_t *frame, size_t len, size_t l2_len,
               uint32_t flags, uint16_t ipv4_id, size_t headroom,
               size_t linear, struct fuzz_run *run)
{
    struct nat64_packet *pkt = &run->pkt;
    struct nat64_packet given;
    uint8_t *data, *end;

    /* Exactly headroom + len bytes, so that ASan sees any access outside
     * [data - headroom, data + len); the bytes past 'linear' are poisoned
     * while the translator runs. */
    run->block_len = headroom + len;
    run->block = malloc(run->block_len);
    FUZZ_CHECK(run->block);
    data = run->block + headroom;
    end = run->block + run->block_len;
    memcpy(data, frame, len);

    memset(pkt, 0, sizeof *pkt);
    pkt->data = data;
    pkt->len = len;
    pkt->linear = linear;
    pkt->headroom = headroom;
    pkt->l2_len = l2_len;
    pkt->flags = flags;
    pkt->ipv4_id = ipv4_id;
    given = *pkt;

    if (linear < len) {
        ASAN_POISON_MEMORY_REGION(data + linear, len - linear);
    }
    run->reason = xlate(config, pkt);
    ASAN_UNPOISON_MEMORY_REGION(data, len);

    FUZZ_CHECK(run->reason < NAT64_N_DROP_REASONS);
    FUZZ_CHECK(strcmp(nat64_drop_reason_name(run->reason), "unknown"));
    FUZZ_CHECK(pkt->l2_len == l2_len && pkt->flags == flags
               && pkt->ipv4_id == ipv4_id);
    if (run->reason == NAT64_OK) {
        /* The output lies within [orig start - headroom, orig end]. */
        FUZZ_CHECK(pkt->data >= run->block && pkt->data <= end);
        FUZZ_CHECK(pkt->len <= (size_t) (end - pkt->data));
        /* 'linear' still covers what it covered (nat64.h: linear <=
         * len), and all of a frame that was linear. */
        FUZZ_CHECK(pkt->linear <= pkt->len);
        FUZZ_CHECK(pkt->data + pkt->linear <= data + linear);
        FUZZ_CHECK(linear < len || pkt->linear == pkt->len);
        FUZZ_CHECK(pkt->data - pkt->headroom == run->block);
        FUZZ_CHECK(pkt->l4_ofs <= pkt->len);
        FUZZ_CHECK(pkt->len >= l2_len);
        /* The L2 header moved along, with only the ethertype changed
         * (and the destination MAC for ARP and NDP; an error goes back,
         * its MACs swapped). */
        if (l2_len && xlate != fuzz_too_big) {
            FUZZ_CHECK(!memcmp(pkt->data + 6, frame + 6, l2_len - 8));
        }
    } else {
        /* Every drop leaves the frame untouched (lib/README.md). */
        FUZZ_CHECK(!memcmp(data, frame, len));
        FUZZ_CHECK(pkt->data == given.data && pkt->len == given.len
                   && pkt->linear == given.linear
                   && pkt->headroom == given.headroom);
        if (run->reason == NAT64_NOT_LINEAR) {
            FUZZ_CHECK(pkt->need > linear && pkt->need <= len);
        } else if (run->reason == NAT64_NO_HEADROOM) {
            FUZZ_CHECK(pkt->need > headroom
                       && pkt->need <= NAT64_MAX_GROWTH_ICMP_EXT);
        }
    }
}

void
fuzz_run_destroy(struct fuzz_run *run)
{
    free(run->block);
    run->block = NULL;
}

void
fuzz_translate_checked(fuzz_xlate_func *xlate, const struct fuzz_input *in,
                       struct fuzz_run *ref)
{
    struct nat64_config general = in->config;
    size_t headroom = in->headroom;
    size_t linear = in->linear;
    struct fuzz_run run;

    fuzz_translate(xlate, &in->config, in->frame, in->len, in->l2_len,
                   in->flags, in->ipv4_id, NAT64_MAX_GROWTH_ICMP_EXT, in->len,
                   ref);
    FUZZ_CHECK(ref->reason != NAT64_NOT_LINEAR
               && ref->reason != NAT64_NO_HEADROOM);

    /* Each retry gives strictly more than before (fuzz_translate() checks
     * that 'need' grows), within bounds, so this ends. */
    for (;;) {
        fuzz_translate(xlate, &in->config, in->frame, in->len, in->l2_len,
                       in->flags, in->ipv4_id, headroom, linear, &run);
        if (run.reason == NAT64_NOT_LINEAR) {
            linear = run.pkt.need;
        } else if (run.reason == NAT64_NO_HEADROOM) {
            headroom = run.pkt.need;
        } else {
            break;
        }
        fuzz_run_destroy(&run);
    }

    /* The geometry changes nothing else. */
    FUZZ_CHECK(run.reason == ref->reason);
    if (run.reason == NAT64_OK) {
        FUZZ_CHECK(run.pkt.len == ref->pkt.len);
        FUZZ_CHECK(run.pkt.l4_ofs == ref->pkt.l4_ofs);
        FUZZ_CHECK(!memcmp(run.pkt.data, ref->pkt.data, run.pkt.len));
    }
    fuzz_run_destroy(&run);

    /* Nor do the one-pass paths: a config that nat64_config_prepare()
     * did not see takes the general path only, which makes the same. */
    general.fast96 = false;
    general.prefix96_sum = 0;
    general.prefix96_fold = 0;
    general.prefix96_fold_neg = 0;
    fuzz_translate(xlate, &general, in->frame, in->len, in->l2_len,
                   in->flags, in->ipv4_id, NAT64_MAX_GROWTH_ICMP_EXT, in->len,
                   &run);
    FUZZ_CHECK(run.reason == ref->reason);
    if (run.reason == NAT64_OK) {
        FUZZ_CHECK(run.pkt.len == ref->pkt.len);
        FUZZ_CHECK(run.pkt.l4_ofs == ref->pkt.l4_ofs);
        FUZZ_CHECK(run.pkt.cut == ref->pkt.cut);
        FUZZ_CHECK(!memcmp(run.pkt.data, ref->pkt.data, run.pkt.len));
    }
    fuzz_run_destroy(&run);
}

/* nat64_too_big() with the MTU fuzz_check_too_big() chose. */
static unsigned int too_big_mtu;

enum nat64_drop_reason
fuzz_too_big(const struct nat64_config *config, struct nat64_packet *pkt)
{
    (void) config;
    return nat64_too_big(too_big_mtu, pkt);
}

void
fuzz_check_too_big(const struct fuzz_input *in)
{
    const uint8_t *l2 = in->frame, *ip = in->frame + in->l2_len;
    size_t l2_len = in->l2_len, ip_len, quote;
    const uint8_t *out, *oip, *icmp;
    struct fuzz_run ref;
    unsigned int version;

    /* Any MTU, legal or not; mostly near real ones. */
    too_big_mtu = in->ipv4_id & 0x8000 ? in->ipv4_id & 0x7fff
                                       : 1200 + (in->ipv4_id & 0x1ff);
    fuzz_translate_checked(fuzz_too_big, in, &ref);
    if (ref.reason != NAT64_OK) {
        fuzz_run_destroy(&ref);
        return;
    }

    out = ref.pkt.data;
    oip = out + l2_len;
    version = l2_len ? (fuzz_ethertype(l2, l2_len) == 0x0800 ? 4 : 6)
                     : ip[0] >> 4;
    FUZZ_CHECK(in->len >= l2_len + 20);
    if (l2_len) {
        /* The MACs swapped, the tags kept. */
        FUZZ_CHECK(!memcmp(out, l2 + 6, 6) && !memcmp(out + 6, l2, 6));
        FUZZ_CHECK(!memcmp(out + 12, l2 + 12, l2_len - 12));
    }
    if (version == 4) {
        ip_len = fuzz_be16(ip + 2);
        quote = ip_len < 548 ? ip_len : 548;
        FUZZ_CHECK(too_big_mtu >= 1280 && too_big_mtu <= 65535);
        FUZZ_CHECK(fuzz_be16(ip + 6) & 0x4000);
        FUZZ_CHECK(ip_len - (ip[0] & 15) * 4 + 40 > too_big_mtu);
        FUZZ_CHECK(ref.pkt.len == l2_len + 28 + quote);
        FUZZ_CHECK(oip[0] == 0x45 && oip[8] == 64 && oip[9] == 1);
        FUZZ_CHECK(fuzz_be16(oip + 2) == 28 + quote);
        FUZZ_CHECK(fuzz_be16(oip + 4) == 0 && fuzz_be16(oip + 6) == 0x4000);
        FUZZ_CHECK(fuzz_fold(fuzz_sum(oip, 20, 0)) == 0xffff);
        FUZZ_CHECK(!memcmp(oip + 12, ip + 16, 4)
                   && !memcmp(oip + 16, ip + 12, 4));
        icmp = oip + 20;
        FUZZ_CHECK(icmp[0] == 3 && icmp[1] == 4 && !icmp[4] && !icmp[5]);
        FUZZ_CHECK(fuzz_be16(icmp + 6) == too_big_mtu - 20);
        FUZZ_CHECK(fuzz_fold(fuzz_sum(icmp, 8 + quote, 0)) == 0xffff);
    } else {
        uint64_t pseudo;

        FUZZ_CHECK(version == 6 && in->len >= l2_len + 40);
        ip_len = 40 + fuzz_be16(ip + 4);
        quote = ip_len < 1232 ? ip_len : 1232;
        FUZZ_CHECK(too_big_mtu >= 68 && too_big_mtu <= 65535);
        FUZZ_CHECK(ip_len - 20 > too_big_mtu);
        FUZZ_CHECK(ref.pkt.len == l2_len + 48 + quote);
        FUZZ_CHECK(fuzz_be16(oip) == 0x6000 && !fuzz_be16(oip + 2));
        FUZZ_CHECK(fuzz_be16(oip + 4) == 8 + quote);
        FUZZ_CHECK(oip[6] == 58 && oip[7] == 64);
        FUZZ_CHECK(!memcmp(oip + 8, ip + 24, 16)
                   && !memcmp(oip + 24, ip + 8, 16));
        icmp = oip + 40;
        FUZZ_CHECK(icmp[0] == 2 && icmp[1] == 0);
        FUZZ_CHECK(fuzz_be16(icmp + 4) == 0
                   && fuzz_be16(icmp + 6)
                      == (too_big_mtu + 20 < 1280 ? 1280
                          : too_big_mtu + 20));
        pseudo = fuzz_sum(oip + 8, 32, 0) + 58 + 8 + quote;
        FUZZ_CHECK(fuzz_fold(fuzz_sum(icmp, 8 + quote, pseudo)) == 0xffff);
    }
    /* The packet quoted as it came. */
    FUZZ_CHECK(!memcmp(icmp + 8, ip, quote));
    fuzz_run_destroy(&ref);
}
