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

/* Round trips: 4 -> 6 -> 4 and 6 -> 4 -> 6 give back the original bytes
 * for everything RFC 7915 carries both ways.  An unfragmented IPv4
 * packet's ID comes back as the caller's ipv4_id (set to the original),
 * its DF clear when it was clear and the packet is small; the inner
 * packet of an ICMP error comes back with ID 0. */

#include "pkt-builder.h"

#include <stdlib.h>
#include <string.h>

static uint8_t in[PB_FRAME_MAX];
static uint8_t mid[PB_FRAME_MAX];
static uint8_t back[PB_FRAME_MAX];
static uint8_t seg[PB_FRAME_MAX];

static struct nat64_config cfg;

static int
setup(void **state)
{
    (void) state;
    nat64_config_default(&cfg);
    pb_context("%s", "");
    return 0;
}

/* 'in' (an IPv4 or ARP frame) -> IPv6 -> IPv4 with 'ipv4_id' is 'in'. */
static void
roundtrip4(const struct nat64_config *c, size_t len, size_t l2_len,
           uint16_t ipv4_id)
{
    size_t mid_len, back_len;

    pb_assert_reason(pb_xlate(true, c, in, len, l2_len, mid, &mid_len),
                     NAT64_OK);
    pb_check_csums(mid, mid_len, l2_len);
    pb_assert_reason(pb_xlate_ex(false, c, mid, mid_len, l2_len, 0,
                                 ipv4_id, back, &back_len), NAT64_OK);
    pb_assert_frame(back, back_len, in, len);
}

/* 'in' (an IPv6 frame) -> IPv4 -> IPv6 is 'in'. */
static void
roundtrip6(const struct nat64_config *c, size_t len, size_t l2_len)
{
    size_t mid_len, back_len;

    pb_assert_reason(pb_xlate(false, c, in, len, l2_len, mid, &mid_len),
                     NAT64_OK);
    pb_check_csums(mid, mid_len, l2_len);
    pb_assert_reason(pb_xlate(true, c, mid, mid_len, l2_len, back,
                              &back_len), NAT64_OK);
    pb_assert_frame(back, back_len, in, len);
}

static void
test_4_tcp_udp(void **state)
{
    static const enum pb_l2 l2s[] = { PB_L2_NONE, PB_L2_ETH, PB_L2_VLAN };
    static const struct {
        const char *prefix;
        unsigned int len;
    } prefixes[] = {
        /* Not 64:ff9b::/96, which the documentation addresses of these
         * packets may not use (RFC 6052 3.1); test-4to6 checks it. */
        { "fe80::", 96 }, { "2001:db8::", 32 },
        { "2001:db8:100::", 40 }, { "2001:db8:122::", 48 },
        { "2001:db8:122:300::", 56 }, { "2001:db8:122:344::", 64 },
    };
    static const uint8_t protos[] = { PB_IP_TCP, PB_IP_UDP, 47 };
    size_t i, j, k, n, len;

    (void) state;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        struct nat64_config c;

        pb_config(&c, prefixes[i].prefix, prefixes[i].len, NAT64_TTL_COPY);
        for (j = 0; j < 3; j++) {
            for (k = 0; k < sizeof protos; k++) {
                struct pb_ip4 h;

                pb_ip4_default(&h, protos[k]);
                h.tos = (uint8_t) (0x11 * (i + j + k));
                h.ttl = (uint8_t) (1 + 50 * k);
                h.id = (uint16_t) (0x1000 * i + j);
                n = protos[k] == PB_IP_TCP ? pb_tcp(seg, 80, 1024, NULL, 99)
                    : protos[k] == PB_IP_UDP ? pb_udp(seg, 53, 1024, NULL,
                                                      99)
                    : 99;
                if (protos[k] != 47) {
                    pb_fill_csum4(seg, n, protos[k], h.src, h.dst);
                } else {
                    pb_pattern(seg, n, 3);
                }
                len = pb_frame4(in, l2s[j], &h, seg, n);
                pb_context("%s/%u, l2 %zu, protocol %u", prefixes[i].prefix,
                           prefixes[i].len, pb_l2_len(l2s[j]), protos[k]);
                roundtrip4(&c, len, pb_l2_len(l2s[j]), h.id);
            }
        }
    }
}

static void
test_4_fragments(void **state)
{
    static const uint16_t frags[] = {
        PB_IP4_MF, PB_IP4_MF | 1, PB_IP4_MF | 0x1fff, 1, 185, 0x1fff,
    };
    static const uint8_t protos[] = { PB_IP_TCP, PB_IP_UDP };
    size_t i, k, n, len;

    (void) state;
    for (i = 0; i < sizeof frags / sizeof frags[0]; i++) {
        for (k = 0; k < 2; k++) {
            struct pb_ip4 h;

            pb_ip4_default(&h, protos[k]);
            h.frag = frags[i];
            h.id = (uint16_t) (0xfff0 + i);
            n = protos[k] == PB_IP_TCP ? pb_tcp(seg, 1, 2, NULL, 200)
                                       : pb_udp(seg, 1, 2, NULL, 200);
            pb_fill_csum4(seg, n, protos[k], h.src, h.dst);
            len = pb_frame4(in, PB_L2_ETH, &h, seg, n);
            pb_context("frag %#x, protocol %u", frags[i], protos[k]);
            roundtrip4(&cfg, len, 14, 0x9999);
        }
    }
}

/* The DF rule: a packet with DF clear comes back with DF clear if small;
 * a large one gets DF (and ID 0). */
static void
test_4_df(void **state)
{
    struct pb_ip4 h;
    size_t n, len;

    (void) state;
    pb_ip4_default(&h, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 1260 - 28);
    pb_fill_csum4(seg, n, PB_IP_UDP, h.src, h.dst);
    len = pb_frame4(in, PB_L2_ETH, &h, seg, n);
    pb_context("1260 bytes, DF clear");
    roundtrip4(&cfg, len, 14, h.id);

    h.id = 0;
    h.frag = PB_IP4_DF;
    n = pb_udp(seg, 1, 2, NULL, 1261 - 28);
    pb_fill_csum4(seg, n, PB_IP_UDP, h.src, h.dst);
    len = pb_frame4(in, PB_L2_ETH, &h, seg, n);
    pb_context("1261 bytes, DF set");
    roundtrip4(&cfg, len, 14, 0x5555);
}

static void
test_4_echo(void **state)
{
    static const uint8_t types[] = { 0, 8 };
    size_t i, n, len;

    (void) state;
    for (i = 0; i < 2; i++) {
        struct pb_ip4 h;

        pb_ip4_default(&h, PB_IP_ICMP);
        n = pb_icmp(seg, types[i], 0, 0x0a0b0c0d, NULL, 77);
        pb_fill_csum4(seg, n, PB_IP_ICMP, h.src, h.dst);
        len = pb_frame4(in, PB_L2_VLAN, &h, seg, n);
        pb_context("type %u", types[i]);
        roundtrip4(&cfg, len, 18, h.id);
    }
}

/* An ICMPv4 error from 203.0.113.1 about a packet from 192.0.2.33; the
 * inner packet, unless a fragment ('frag'), has ID 0 and DF set only if
 * longer than 1260 bytes, and 'inner_len' bytes of transport of which
 * 'copy' are in the error. */
static size_t
error4(uint8_t *f, uint8_t type, uint8_t code, uint32_t rest,
       uint8_t inner_proto, size_t inner_len, size_t copy, uint16_t frag)
{
    static uint8_t msg[2048], l4[2048];
    struct pb_ip4 o, ih;
    size_t n;

    pb_ip4_default(&ih, inner_proto);
    ih.id = frag ? 0x7777 : 0;
    ih.frag = frag ? frag : 20 + inner_len > 1260 ? PB_IP4_DF : 0;
    ih.ttl = 3;
    ih.tos = 0x08;
    if (inner_proto == PB_IP_TCP) {
        pb_tcp(l4, 1, 2, NULL, inner_len - 20);
    } else if (inner_proto == PB_IP_UDP) {
        pb_udp(l4, 1, 2, NULL, inner_len - 8);
    } else {
        pb_icmp(l4, 8, 0, 0x00010001, NULL, inner_len - 8);
    }
    pb_fill_csum4(l4, inner_len, inner_proto, ih.src, ih.dst);

    n = pb_icmp(msg, type, code, rest, NULL, 0);
    n += pb_ip4_hdr(msg + n, &ih, inner_len);
    memcpy(msg + n, l4, copy);
    n += copy;
    pb_fill_csum4(msg, n, PB_IP_ICMP, NULL, NULL);

    pb_ip4_default(&o, PB_IP_ICMP);
    pb_ip4(o.src, "203.0.113.1");
    memcpy(o.dst, ih.src, 4);
    return pb_frame4(f, PB_L2_ETH, &o, msg, n);
}

static void
test_4_errors(void **state)
{
    static const struct {
        uint8_t type, code;
        uint32_t rest;
    } errors[] = {
        { 3, 1, 0 }, { 3, 3, 0 }, { 3, 10, 0 }, { 3, 2, 0 },
        /* Below 1260 the MTU comes back as 1260, the floor of 1280 less
         * 20 (test-icmp checks that). */
        { 3, 4, 1400 }, { 3, 4, 1260 }, { 3, 4, 65000 },
        { 11, 0, 0 }, { 11, 1, 0 },
        { 12, 0, 0 << 24 }, { 12, 0, 1u << 24 }, { 12, 0, 2u << 24 },
        { 12, 0, 8u << 24 }, { 12, 0, 9u << 24 }, { 12, 0, 12u << 24 },
        { 12, 0, 16u << 24 },
    };
    static const struct {
        uint8_t proto;
        size_t len, copy;
        uint16_t frag;
    } inners[] = {
        { PB_IP_UDP, 100, 100, 0 },
        { PB_IP_UDP, 1000, 8, 0 },
        { PB_IP_TCP, 40, 40, 0 },
        { PB_IP_TCP, 1400, 28, 0 },
        { PB_IP_TCP, 1400, 8, 0 },
        { PB_IP_ICMP, 64, 64, 0 },
        { PB_IP_UDP, 100, 100, PB_IP4_MF },
    };
    size_t i, j, len;

    (void) state;
    for (i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        for (j = 0; j < sizeof inners / sizeof inners[0]; j++) {
            len = error4(in, errors[i].type, errors[i].code, errors[i].rest,
                         inners[j].proto, inners[j].len, inners[j].copy,
                         inners[j].frag);
            pb_context("type %u code %u rest %#x, inner %zu", errors[i].type,
                       errors[i].code, errors[i].rest, j);
            roundtrip4(&cfg, len, 14, 0x1234);
        }
    }
}

/* ARP: request, reply, gratuitous reply, probe come back as they were. */
static void
test_4_arp(void **state)
{
    static const uint8_t mac_h[6] = { 0x02, 0, 0, 0, 0, 0x0a };
    static const uint8_t mac_t[6] = { 0x02, 0, 0, 0, 0, 0x64 };
    uint8_t h4[4], t4[4], zero4[4] = { 0, 0, 0, 0 };
    static const enum pb_l2 l2s[] = { PB_L2_ETH, PB_L2_VLAN };
    size_t j, n, l2_len;

    (void) state;
    pb_ip4(h4, "192.168.0.10");
    pb_ip4(t4, "192.168.0.100");
    for (j = 0; j < 4; j++) {
        l2_len = pb_l2_len(l2s[j % 2]);
        if (j >= 2) {
            /* Passes 2 and 3: a /64 prefix. */
            pb_config(&cfg, "2001:db8:122:344::", 64, NAT64_TTL_COPY);
        }

        n = pb_eth(in, l2s[j % 2], pb_mac_bcast, mac_h, PB_ETH_ARP);
        n += pb_arp(in + n, 1, mac_h, h4, pb_mac_zero, t4);
        pb_context("request, l2 %zu, pass %zu", l2_len, j);
        roundtrip4(&cfg, n, l2_len, 0);

        n = pb_eth(in, l2s[j % 2], mac_h, mac_t, PB_ETH_ARP);
        n += pb_arp(in + n, 2, mac_t, t4, mac_h, h4);
        pb_context("reply, l2 %zu, pass %zu", l2_len, j);
        roundtrip4(&cfg, n, l2_len, 0);

        n = pb_eth(in, l2s[j % 2], pb_mac_bcast, mac_t, PB_ETH_ARP);
        n += pb_arp(in + n, 2, mac_t, t4, pb_mac_zero, t4);
        pb_context("gratuitous reply, l2 %zu, pass %zu", l2_len, j);
        roundtrip4(&cfg, n, l2_len, 0);

        n = pb_eth(in, l2s[j % 2], pb_mac_bcast, mac_h, PB_ETH_ARP);
        n += pb_arp(in + n, 1, mac_h, zero4, pb_mac_zero, t4);
        pb_context("probe, l2 %zu, pass %zu", l2_len, j);
        roundtrip4(&cfg, n, l2_len, 0);
    }
}

static void
test_6_tcp_udp(void **state)
{
    static const enum pb_l2 l2s[] = { PB_L2_NONE, PB_L2_ETH, PB_L2_VLAN };
    static const uint8_t protos[] = { PB_IP_TCP, PB_IP_UDP, PB_IP_NONE };
    size_t j, k, n, len;

    (void) state;
    for (j = 0; j < 3; j++) {
        for (k = 0; k < sizeof protos; k++) {
            struct pb_ip6 h;

            pb_ip6_default(&h, protos[k]);
            h.tc = (uint8_t) (0x3c + k);
            h.hlim = (uint8_t) (255 - j);
            n = protos[k] == PB_IP_TCP ? pb_tcp(seg, 1, 2, NULL, 1500)
                : protos[k] == PB_IP_UDP ? pb_udp(seg, 1, 2, NULL, 11) : 0;
            if (protos[k] != PB_IP_NONE) {
                pb_fill_csum6(seg, n, protos[k], h.src, h.dst);
            } else {
                /* Empty: bytes after No Next Header are not carried. */
                n = 0;
            }
            len = pb_frame6(in, l2s[j], &h, NULL, 0, seg, n);
            pb_context("l2 %zu, next header %u", pb_l2_len(l2s[j]),
                       protos[k]);
            roundtrip6(&cfg, len, pb_l2_len(l2s[j]));
        }
    }
}

static void
test_6_fragments(void **state)
{
    static const struct {
        uint16_t off;
        bool m;
    } frags[] = { { 0, true }, { 1, true }, { 8191, true }, { 100, false } };
    uint8_t fh[8];
    size_t i, n, len;

    (void) state;
    for (i = 0; i < sizeof frags / sizeof frags[0]; i++) {
        struct pb_ip6 h;

        pb_ip6_default(&h, PB_IP_FRAGMENT);
        pb_frag6(fh, PB_IP_TCP, frags[i].off, frags[i].m,
                 (uint32_t) (0xabcd + i));
        n = pb_tcp(seg, 1, 2, NULL, 1600);
        pb_fill_csum6(seg, n, PB_IP_TCP, h.src, h.dst);
        len = pb_frame6(in, PB_L2_ETH, &h, fh, 8, seg, n);
        pb_context("fragment %zu", i);
        roundtrip6(&cfg, len, 14);
    }
}

static void
test_6_echo(void **state)
{
    static const uint8_t types[] = { 128, 129 };
    size_t i, n, len;

    (void) state;
    for (i = 0; i < 2; i++) {
        struct pb_ip6 h;

        pb_ip6_default(&h, PB_IP_ICMPV6);
        n = pb_icmp(seg, types[i], 0, 0x11112222, NULL, 1000);
        pb_fill_csum6(seg, n, PB_IP_ICMPV6, h.src, h.dst);
        len = pb_frame6(in, PB_L2_ETH, &h, NULL, 0, seg, n);
        pb_context("type %u", types[i]);
        roundtrip6(&cfg, len, 14);
    }
}

/* An ICMPv6 error from P|203.0.113.1 about a packet from P|192.0.2.33. */
static size_t
error6(uint8_t *f, uint8_t type, uint8_t code, uint32_t rest,
       uint8_t inner_proto, size_t inner_len, size_t copy)
{
    static uint8_t msg[2048], l4[2048];
    struct pb_ip6 o, ih;
    uint8_t r4[4];
    size_t n;

    pb_ip6_default(&ih, inner_proto);
    ih.hlim = 1;
    ih.tc = 0x80;
    if (inner_proto == PB_IP_TCP) {
        pb_tcp(l4, 1, 2, NULL, inner_len - 20);
    } else if (inner_proto == PB_IP_UDP) {
        pb_udp(l4, 1, 2, NULL, inner_len - 8);
    } else {
        pb_icmp(l4, 128, 0, 0x00010001, NULL, inner_len - 8);
    }
    pb_fill_csum6(l4, inner_len, inner_proto, ih.src, ih.dst);

    pb_ip6_default(&o, PB_IP_ICMPV6);
    pb_ip4(r4, "203.0.113.1");
    pb_map(&cfg.prefix, r4, o.src);
    memcpy(o.dst, ih.src, 16);

    n = pb_icmp(msg, type, code, rest, NULL, 0);
    n += pb_ip6_hdr(msg + n, &ih, inner_len);
    memcpy(msg + n, l4, copy);
    n += copy;
    pb_fill_csum6(msg, n, PB_IP_ICMPV6, o.src, o.dst);
    return pb_frame6(f, PB_L2_ETH, &o, NULL, 0, msg, n);
}

static void
test_6_errors(void **state)
{
    static const struct {
        uint8_t type, code;
        uint32_t rest;
    } errors[] = {
        { 1, 0, 0 }, { 1, 1, 0 }, { 1, 4, 0 },
        { 2, 0, 1280 }, { 2, 0, 1500 }, { 2, 0, 9000 },
        { 3, 0, 0 }, { 3, 1, 0 },
        { 4, 0, 0 }, { 4, 0, 1 }, { 4, 0, 4 }, { 4, 0, 6 }, { 4, 0, 7 },
        { 4, 0, 8 }, { 4, 0, 24 },
        { 4, 1, 6 },
    };
    static const struct {
        uint8_t proto;
        size_t len, copy;
    } inners[] = {
        { PB_IP_UDP, 100, 100 },
        { PB_IP_UDP, 1000, 8 },
        /* The most that comes back: an ICMPv4 error is cut to 576 bytes
         * (test-icmp checks the cut). */
        { PB_IP_TCP, 1400, 576 - 48 },
        { PB_IP_TCP, 40, 4 },
        { PB_IP_ICMPV6, 64, 64 },
    };
    size_t i, j, len;

    (void) state;
    for (i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        for (j = 0; j < sizeof inners / sizeof inners[0]; j++) {
            len = error6(in, errors[i].type, errors[i].code, errors[i].rest,
                         inners[j].proto, inners[j].len, inners[j].copy);
            pb_context("type %u code %u rest %u, inner %zu", errors[i].type,
                       errors[i].code, errors[i].rest, j);
            roundtrip6(&cfg, len, 14);
        }
    }
}

/* Neighbor Discovery: NS, NA, unsolicited NA and DAD NS. */
static void
test_6_nd(void **state)
{
    static const uint8_t mac_h[6] = { 0x02, 0, 0, 0, 0, 0x0a };
    static const uint8_t mac_t[6] = { 0x02, 0, 0, 0, 0, 0x64 };
    static const uint8_t mac_all[6] = { 0x33, 0x33, 0, 0, 0, 1 };
    uint8_t h4[4], t4[4], h6[16], t6[16], group[16], mac_g[6], any6[16];
    uint8_t all[16], nd[32];
    struct pb_ip6 h;
    size_t n, len;

    (void) state;
    pb_ip4(h4, "192.168.0.10");
    pb_ip4(t4, "192.168.0.100");
    pb_map(&cfg.prefix, h4, h6);
    pb_map(&cfg.prefix, t4, t6);
    pb_solicited(t6, group);
    pb_mcast_mac(group, mac_g);
    memset(any6, 0, sizeof any6);
    pb_ip6(all, "ff02::1");
    pb_ip6_default(&h, PB_IP_ICMPV6);
    h.hlim = 255;

#define ND(ETH_DST, ETH_SRC, SRC, DST)                                  \
    do {                                                                \
        memcpy(h.src, SRC, 16);                                         \
        memcpy(h.dst, DST, 16);                                         \
        pb_fill_csum6(nd, n, PB_IP_ICMPV6, h.src, h.dst);               \
        len = pb_eth(in, PB_L2_ETH, ETH_DST, ETH_SRC, PB_ETH_IPV6);     \
        len += pb_ip6_hdr(in + len, &h, n);                             \
        memcpy(in + len, nd, n);                                        \
        len += n;                                                       \
    } while (0)

    n = pb_ns(nd, t6, mac_h);
    ND(mac_g, mac_h, h6, group);
    pb_context("NS");
    roundtrip6(&cfg, len, 14);

    n = pb_na(nd, PB_NA_S | PB_NA_O, t6, mac_t);
    ND(mac_h, mac_t, t6, h6);
    pb_context("NA");
    roundtrip6(&cfg, len, 14);

    n = pb_na(nd, PB_NA_O, t6, mac_t);
    ND(mac_all, mac_t, t6, all);
    pb_context("unsolicited NA");
    roundtrip6(&cfg, len, 14);

    n = pb_ns(nd, t6, NULL);
    ND(mac_g, mac_h, any6, group);
    pb_context("DAD NS");
    roundtrip6(&cfg, len, 14);
#undef ND
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_4_tcp_udp, setup),
        cmocka_unit_test_setup(test_4_fragments, setup),
        cmocka_unit_test_setup(test_4_df, setup),
        cmocka_unit_test_setup(test_4_echo, setup),
        cmocka_unit_test_setup(test_4_errors, setup),
        cmocka_unit_test_setup(test_4_arp, setup),
        cmocka_unit_test_setup(test_6_tcp_udp, setup),
        cmocka_unit_test_setup(test_6_fragments, setup),
        cmocka_unit_test_setup(test_6_echo, setup),
        cmocka_unit_test_setup(test_6_errors, setup),
        cmocka_unit_test_setup(test_6_nd, setup),
    };

    return cmocka_run_group_tests_name("roundtrip", tests, NULL, NULL);
}
