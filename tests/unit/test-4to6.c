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

/* IPv4 to IPv6, RFC 7915 section 4 (ICMP in test-icmp.c, ARP in
 * test-nd.c), and the frame handling common to both directions: L2
 * headers, padding, headroom, linear data, checksum offload. */

#include "pkt-builder.h"

#include <stdlib.h>
#include <string.h>

static uint8_t in[PB_FRAME_MAX];
static uint8_t out[PB_FRAME_MAX];
static uint8_t exp6[PB_FRAME_MAX];
static uint8_t seg[PB_FRAME_MAX];
static uint8_t seg4[PB_FRAME_MAX];
static uint8_t seg6[PB_FRAME_MAX];

static struct nat64_config cfg;

static int
setup(void **state)
{
    (void) state;
    nat64_config_default(&cfg);
    pb_context("%s", "");
    return 0;
}

/* The IPv6 header RFC 7915 4.1 makes of 'h4' (no Fragment header). */
static void
v6_from_v4(const struct pb_ip4 *h4, const struct nat64_config *c,
           struct pb_ip6 *h6)
{
    memset(h6, 0, sizeof *h6);
    h6->tc = h4->tos;
    h6->flow = 0;
    h6->hlim = c->ttl_mode == NAT64_TTL_DECREMENT ? h4->ttl - 1 : h4->ttl;
    h6->nh = h4->proto;
    pb_map(&c->prefix, h4->src, h6->src);
    pb_map(&c->prefix, h4->dst, h6->dst);
}

/* Builds into 'in' the IPv4 frame of 'h4' carrying the segment 'seg' (its
 * checksum field zero, filled here) and into 'exp6' the IPv6 frame the
 * translator must make of it under 'c'. */
static void
build_pair(enum pb_l2 l2, const struct pb_ip4 *h4,
           const struct nat64_config *c, const uint8_t *s, size_t s_len,
           size_t *in_len, size_t *exp_len)
{
    struct pb_ip6 h6;

    memcpy(seg4, s, s_len);
    memcpy(seg6, s, s_len);
    if (h4->proto == PB_IP_TCP || h4->proto == PB_IP_UDP) {
        pb_fill_csum4(seg4, s_len, h4->proto, h4->src, h4->dst);
        v6_from_v4(h4, c, &h6);
        pb_fill_csum6(seg6, s_len, h4->proto, h6.src, h6.dst);
    }
    *in_len = pb_frame4(in, l2, h4, seg4, s_len);
    v6_from_v4(h4, c, &h6);
    *exp_len = pb_frame6(exp6, l2, &h6, NULL, 0, seg6, s_len);
}

/* scapy: Ether()/IP(tos=0x10, id=0x1234)/UDP(1234, 53)/"nat64!". */
static const uint8_t golden_udp4[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x08, 0x00, 0x45, 0x10, 0x00, 0x22, 0x12, 0x34, 0x00, 0x00, 0x40, 0x11,
    0x7c, 0x28, 0xc0, 0x00, 0x02, 0x21, 0xc6, 0x33, 0x64, 0x0a, 0x04, 0xd2,
    0x00, 0x35, 0x00, 0x0e, 0xf7, 0xb2, 0x6e, 0x61, 0x74, 0x36, 0x34, 0x21
};

/* scapy: the same as IPv6 between fe80::c000:221 and fe80::c633:640a. */
static const uint8_t golden_udp6[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x86, 0xdd, 0x61, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x11, 0x40, 0xfe, 0x80,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00,
    0x02, 0x21, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xc6, 0x33, 0x64, 0x0a, 0x04, 0xd2, 0x00, 0x35, 0x00, 0x0e,
    0xfa, 0xb0, 0x6e, 0x61, 0x74, 0x36, 0x34, 0x21
};

static void
test_golden_udp(void **state)
{
    (void) state;
    pb_check_csums(golden_udp4, sizeof golden_udp4, 14);
    pb_check_csums(golden_udp6, sizeof golden_udp6, 14);
    pb_expect_frame(true, &cfg, golden_udp4, sizeof golden_udp4, 14,
                    golden_udp6, sizeof golden_udp6);
}

/* Traffic class = TOS, flow label 0, payload length, next header, hop
 * limit = TTL, addresses P|a; DF and ID are not carried. */
static void
test_tcp(void **state)
{
    static const uint16_t frags[] = { 0, PB_IP4_DF };
    struct pb_ip4 h;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < 2; i++) {
        pb_ip4_default(&h, PB_IP_TCP);
        h.tos = 0xb8;
        h.frag = frags[i];
        h.id = 0xbeef;
        n = pb_tcp(seg, 33000, 80, NULL, 100);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        pb_context("frag %#x", frags[i]);
        pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
    }

    /* The exact IPv6 header bytes. */
    pb_assert_frame(exp6 + 14, 8,
                    (const uint8_t []) { 0x6b, 0x80, 0x00, 0x00,
                                         0x00, 120, 6, 64 }, 8);
}

static void
test_udp(void **state)
{
    struct pb_ip4 h;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip4_default(&h, PB_IP_UDP);
    h.tos = 0x02;
    h.ttl = 200;
    n = pb_udp(seg, 5353, 53, NULL, 333);
    build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
    pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
}

/* A zero UDP checksum (none) is computed: IPv6 requires one. */
static void
test_udp_zero_csum(void **state)
{
    struct pb_ip4 h;
    size_t n, in_len, exp_len, len;

    (void) state;
    for (len = 0; len < 8; len++) {
        pb_ip4_default(&h, PB_IP_UDP);
        n = pb_udp(seg, 1000, 2000, NULL, 100 + len);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        pb_put16(in + 14 + 20 + 6, 0);
        pb_context("payload %zu", 100 + len);
        pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
    }
}

/* A zero UDP checksum is computed over the datagram its length field
 * gives, not over what follows it in the IPv4 packet; a length that does
 * not fit is refused. */
static void
test_udp_zero_csum_udp_length(void **state)
{
    struct pb_ip4 h;
    size_t n, in_len, exp_len, out_len;
    uint8_t udp[8];
    uint16_t want;

    (void) state;
    pb_ip4_default(&h, PB_IP_UDP);
    n = pb_udp(seg, 1000, 2000, NULL, 32);
    build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
    pb_put16(in + 14 + 20 + 4, 8);          /* UDP length: the header. */
    pb_put16(in + 14 + 20 + 6, 0);
    pb_assert_reason(pb_xlate_ex(true, &cfg, in, in_len, 14, 0, 0, out,
                                 &out_len), NAT64_OK);
    memcpy(udp, out + 14 + 40, 8);
    pb_put16(udp + 6, 0);
    want = pb_csum(pb_sum(pb_pseudo6(out + 14 + 8, out + 14 + 24, PB_IP_UDP,
                                     8), udp, 8));
    if (pb_get16(out + 14 + 40 + 6) != (want ? want : 0xffff)) {
        fail_msg("checksum %#06x, over the 8-byte datagram %#06x",
                 pb_get16(out + 14 + 40 + 6), want);
    }

    pb_put16(in + 14 + 20 + 4, 7);
    pb_assert_reason(pb_xlate_ex(true, &cfg, in, in_len, 14, 0, 0, out,
                                 &out_len), NAT64_UDP_BAD_LENGTH);
    pb_put16(in + 14 + 20 + 4, (uint16_t) n + 1);
    pb_assert_reason(pb_xlate_ex(true, &cfg, in, in_len, 14, 0, 0, out,
                                 &out_len), NAT64_UDP_BAD_LENGTH);
}

/* Finds a value for the 16-bit word at 'ofs' of the UDP segment 's' that
 * makes its IPv6 checksum compute to zero (sent as 0xffff). */
static void
make_udp6_csum_zero(uint8_t *s, size_t len, size_t ofs,
                    const uint8_t src[16], const uint8_t dst[16])
{
    uint32_t w;

    pb_put16(s + 6, 0);
    for (w = 0; w <= 0xffff; w++) {
        pb_put16(s + ofs, (uint16_t) w);
        if (pb_csum(pb_sum(pb_pseudo6(src, dst, PB_IP_UDP, (uint32_t) len),
                           s, len)) == 0) {
            return;
        }
    }
    fail_msg("no word makes the checksum zero");
}

/* A UDP checksum that comes out as zero is sent as 0xffff (RFC 768). */
static void
test_udp_csum_becomes_ffff(void **state)
{
    struct pb_ip4 h;
    struct pb_ip6 h6;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip4_default(&h, PB_IP_UDP);
    v6_from_v4(&h, &cfg, &h6);
    n = pb_udp(seg, 7, 7, NULL, 40);
    make_udp6_csum_zero(seg, n, 20, h6.src, h6.dst);
    build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
    assert_int_equal(pb_get16(exp6 + 14 + 40 + 6), 0xffff);
    pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);

    /* Also from a zero (absent) checksum. */
    pb_put16(in + 14 + 20 + 6, 0);
    pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
}

/* Other protocols: next header = protocol, payload untouched. */
static void
test_other_protocols(void **state)
{
    static const uint8_t protos[] = { 47, PB_IP_ESP, 132, 253, 255 };
    struct pb_ip4 h;
    size_t in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof protos; i++) {
        pb_ip4_default(&h, protos[i]);
        pb_pattern(seg, 61, protos[i]);
        build_pair(PB_L2_ETH, &h, &cfg, seg, 61, &in_len, &exp_len);
        pb_context("protocol %u", protos[i]);
        pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
    }
}

static void
test_tos_to_traffic_class(void **state)
{
    static const uint8_t tos[] = { 0x00, 0x01, 0x03, 0x10, 0x2e << 2,
                                   0xfc, 0xff };
    struct pb_ip4 h;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof tos; i++) {
        pb_ip4_default(&h, PB_IP_UDP);
        h.tos = tos[i];
        n = pb_udp(seg, 1, 2, NULL, 10);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        pb_context("tos %#x", tos[i]);
        pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
        assert_int_equal(exp6[14] & 0x0f, tos[i] >> 4);
        assert_int_equal(exp6[15], (tos[i] & 0x0f) << 4);
    }
}

/* Bridge: the TTL is copied, even 1. */
static void
test_ttl_copy(void **state)
{
    static const uint8_t ttls[] = { 1, 2, 64, 255 };
    struct pb_ip4 h;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof ttls; i++) {
        pb_ip4_default(&h, PB_IP_TCP);
        h.ttl = ttls[i];
        n = pb_tcp(seg, 1, 2, NULL, 10);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        assert_int_equal(exp6[14 + 7], ttls[i]);
        pb_context("ttl %u", ttls[i]);
        pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
    }
}

/* Router: decremented, TTL 0 and 1 dropped. */
static void
test_ttl_decrement(void **state)
{
    static const uint8_t ttls[] = { 2, 64, 255 };
    struct nat64_config c = cfg;
    struct pb_ip4 h;
    size_t n, in_len, exp_len, i;

    (void) state;
    c.ttl_mode = NAT64_TTL_DECREMENT;
    for (i = 0; i < sizeof ttls; i++) {
        pb_ip4_default(&h, PB_IP_TCP);
        h.ttl = ttls[i];
        n = pb_tcp(seg, 1, 2, NULL, 10);
        build_pair(PB_L2_ETH, &h, &c, seg, n, &in_len, &exp_len);
        assert_int_equal(exp6[14 + 7], ttls[i] - 1);
        pb_context("ttl %u", ttls[i]);
        pb_expect_frame(true, &c, in, in_len, 14, exp6, exp_len);
    }

    for (i = 0; i < 2; i++) {
        pb_ip4_default(&h, PB_IP_TCP);
        h.ttl = (uint8_t) i;
        n = pb_tcp(seg, 1, 2, NULL, 10);
        build_pair(PB_L2_ETH, &h, &c, seg, n, &in_len, &exp_len);
        pb_context("ttl %zu", i);
        pb_expect_drop(true, &c, in, in_len, 14, NAT64_TTL_EXPIRED);
    }
}

/* Addresses in every prefix format. */
static void
test_prefixes(void **state)
{
    static const struct {
        const char *prefix;
        unsigned int len;
        const char *src6;       /* 192.0.2.33. */
        const char *dst6;       /* 198.51.100.10. */
    } prefixes[] = {
        { "fe80::", 96, "fe80::c000:221", "fe80::c633:640a" },
        { "64:ff9b::", 96, "64:ff9b::c000:221", "64:ff9b::c633:640a" },
        { "2001:db8::", 32, "2001:db8:c000:221::", "2001:db8:c633:640a::" },
        { "2001:db8:100::", 40, "2001:db8:1c0:2:21::",
          "2001:db8:1c6:3364:a::" },
        { "2001:db8:122::", 48, "2001:db8:122:c000:2:2100::",
          "2001:db8:122:c633:64:a00::" },
        { "2001:db8:122:300::", 56, "2001:db8:122:3c0:0:221::",
          "2001:db8:122:3c6:33:640a::" },
        { "2001:db8:122:344::", 64, "2001:db8:122:344:c0:2:2100:0",
          "2001:db8:122:344:c6:3364:a00:0" },
        { "2001:db8:122:344::", 96, "2001:db8:122:344::c000:221",
          "2001:db8:122:344::c633:640a" },
    };
    struct nat64_config c;
    struct pb_ip4 h;
    uint8_t a[16];
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        pb_config(&c, prefixes[i].prefix, prefixes[i].len, NAT64_TTL_COPY);
        pb_ip4_default(&h, PB_IP_UDP);
        n = pb_udp(seg, 1, 2, NULL, 20);
        build_pair(PB_L2_ETH, &h, &c, seg, n, &in_len, &exp_len);
        pb_context("%s/%u", prefixes[i].prefix, prefixes[i].len);
        pb_ip6(a, prefixes[i].src6);
        pb_assert_frame(exp6 + 14 + 8, 16, a, 16);
        pb_ip6(a, prefixes[i].dst6);
        pb_assert_frame(exp6 + 14 + 24, 16, a, 16);
        if (!strcmp(prefixes[i].prefix, "64:ff9b::")) {
            /* RFC 6052 3.1: documentation addresses are not global. */
            pb_expect_drop(true, &c, in, in_len, 14, NAT64_WKP_NON_GLOBAL);
        } else {
            pb_expect_frame(true, &c, in, in_len, 14, exp6, exp_len);
        }
    }
}

/* The Well-Known Prefix carries global addresses only (RFC 6052 3.1):
 * both ends are checked, both ways. */
static void
test_wkp(void **state)
{
    static const struct {
        const char *src, *dst;
        bool ok;
    } cases[] = {
        { "198.41.0.4", "192.5.5.241", true },
        { "192.0.0.9", "192.0.0.10", true },
        { "10.0.0.1", "192.5.5.241", false },
        { "198.41.0.4", "192.168.0.1", false },
        { "172.31.255.255", "192.5.5.241", false },
        { "100.127.0.1", "192.5.5.241", false },
        { "198.41.0.4", "169.254.0.1", false },
        { "198.41.0.4", "192.0.0.8", false },
        { "198.41.0.4", "198.19.255.255", false },
        { "198.41.0.4", "203.0.113.1", false },
        { "198.41.0.4", "240.0.0.1", false },
    };
    struct nat64_config c;
    struct pb_ip4 h;
    size_t n, in_len, exp_len, out_len, i;

    (void) state;
    pb_config(&c, "64:ff9b::", 96, NAT64_TTL_COPY);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_context("%s -> %s", cases[i].src, cases[i].dst);
        pb_ip4_default(&h, PB_IP_UDP);
        pb_ip4(h.src, cases[i].src);
        pb_ip4(h.dst, cases[i].dst);
        n = pb_udp(seg, 1, 2, NULL, 20);
        build_pair(PB_L2_ETH, &h, &c, seg, n, &in_len, &exp_len);
        if (cases[i].ok) {
            pb_expect_frame(true, &c, in, in_len, 14, exp6, exp_len);
            pb_assert_reason(pb_xlate(false, &c, exp6, exp_len, 14, out,
                                      &out_len), NAT64_OK);
        } else {
            pb_expect_drop(true, &c, in, in_len, 14, NAT64_WKP_NON_GLOBAL);
            pb_expect_drop(false, &c, exp6, exp_len, 14,
                           NAT64_WKP_NON_GLOBAL);
        }
    }
}

/* Sources no router forwards are dropped whatever the prefix (RFC 7915
 * 4.1 and 5.1, RFC 1812 5.3.7); destinations are not checked. */
static void
test_source_forbidden(void **state)
{
    static const char *const bad[] = {
        "0.0.0.0", "0.255.255.255", "127.0.0.1", "127.255.255.254",
        "224.0.0.1", "239.255.255.255", "240.0.0.0", "255.255.255.255",
    };
    static const char *const good[] = {
        "1.0.0.0", "126.255.255.255", "128.0.0.0", "223.255.255.255",
    };
    struct nat64_config c;
    struct pb_ip4 h;
    size_t n, in_len, exp_len, out_len, i;

    (void) state;
    pb_config(&c, "fe80::", 96, NAT64_TTL_COPY);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pb_context("source %s", bad[i]);
        pb_ip4_default(&h, PB_IP_UDP);
        pb_ip4(h.src, bad[i]);
        n = pb_udp(seg, 1, 2, NULL, 20);
        build_pair(PB_L2_ETH, &h, &c, seg, n, &in_len, &exp_len);
        pb_expect_drop(true, &c, in, in_len, 14, NAT64_SRC_ILLEGAL);
        pb_expect_drop(false, &c, exp6, exp_len, 14, NAT64_SRC_ILLEGAL);

        /* As a destination it is translated. */
        pb_context("destination %s", bad[i]);
        pb_ip4_default(&h, PB_IP_UDP);
        pb_ip4(h.dst, bad[i]);
        build_pair(PB_L2_ETH, &h, &c, seg, n, &in_len, &exp_len);
        pb_expect_frame(true, &c, in, in_len, 14, exp6, exp_len);
    }
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        pb_context("source %s", good[i]);
        pb_ip4_default(&h, PB_IP_UDP);
        pb_ip4(h.src, good[i]);
        n = pb_udp(seg, 1, 2, NULL, 20);
        build_pair(PB_L2_ETH, &h, &c, seg, n, &in_len, &exp_len);
        pb_expect_frame(true, &c, in, in_len, 14, exp6, exp_len);
        pb_assert_reason(pb_xlate(false, &c, exp6, exp_len, 14, out,
                                  &out_len), NAT64_OK);
    }
}

/* Options are parsed and not carried. */
static void
test_options_dropped(void **state)
{
    static const uint8_t opts[][12] = {
        /* Record route (empty), NOP, NOP, EOL, padding. */
        { 7, 7, 4, 0, 0, 0, 0, 1, 1, 0, 0, 0 },
        /* Timestamp, 3 slots... */
        { 68, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
        /* Expired LSRR (pointer past the end), NOP. */
        { 131, 7, 8, 192, 0, 2, 1, 1, 1, 1, 1, 0 },
        /* Expired SSRR. */
        { 137, 11, 12, 192, 0, 2, 1, 192, 0, 2, 2, 0 },
        /* Router alert, NOP... */
        { 148, 4, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 },
        /* Unknown option kinds. */
        { 30, 2, 94, 3, 0, 0, 0, 0, 0, 0, 0, 0 },
    };
    struct pb_ip4 h;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        pb_ip4_default(&h, PB_IP_TCP);
        h.opts = opts[i];
        h.opts_len = sizeof opts[i];
        n = pb_tcp(seg, 1, 2, NULL, 50);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        pb_context("options #%zu", i);
        assert_int_equal(in_len, 14 + 32 + n);
        pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
    }

    /* The largest header: 40 bytes of NOPs and an EOL. */
    {
        uint8_t nops[40];

        memset(nops, 1, sizeof nops);
        nops[39] = 0;
        pb_ip4_default(&h, PB_IP_UDP);
        h.opts = nops;
        h.opts_len = sizeof nops;
        n = pb_udp(seg, 1, 2, NULL, 50);
        build_pair(PB_L2_VLAN, &h, &cfg, seg, n, &in_len, &exp_len);
        assert_int_equal(in[18], 0x4f);
        pb_context("IHL 15");
        pb_expect_frame(true, &cfg, in, in_len, 18, exp6, exp_len);
    }
}

/* An unexpired source route option drops the packet. */
static void
test_source_route(void **state)
{
    static const uint8_t opts[][12] = {
        /* LSRR, pointer at the first address. */
        { 131, 7, 4, 192, 0, 2, 1, 0, 0, 0, 0, 0 },
        /* SSRR, pointer at the second address. */
        { 137, 11, 8, 192, 0, 2, 1, 192, 0, 2, 2, 0 },
        /* NOP, then LSRR pointing at its last address. */
        { 1, 131, 7, 4, 192, 0, 2, 1, 0, 0, 0, 0 },
    };
    struct pb_ip4 h;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        pb_ip4_default(&h, PB_IP_TCP);
        h.opts = opts[i];
        h.opts_len = sizeof opts[i];
        n = pb_tcp(seg, 1, 2, NULL, 50);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        pb_context("options #%zu", i);
        pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_V4_SOURCE_ROUTE);
    }
}

static void
test_bad_options(void **state)
{
    static const uint8_t opts[][4] = {
        { 7, 1, 0, 0 },         /* Length below 2. */
        { 7, 0, 0, 0 },         /* Length 0. */
        { 7, 5, 4, 0 },         /* Past the header. */
        { 1, 1, 1, 68 },        /* A last option with no length byte. */
        { 131, 200, 4, 0 },     /* LSRR past the header. */
    };
    struct pb_ip4 h;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        pb_ip4_default(&h, PB_IP_TCP);
        h.opts = opts[i];
        h.opts_len = sizeof opts[i];
        n = pb_tcp(seg, 1, 2, NULL, 50);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        pb_context("options #%zu", i);
        pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_V4_BAD_OPTIONS);
    }
}

/* Fragments get a Fragment header: ID zero-extended, offset, M.  The
 * first fragment's TCP checksum (over the whole datagram) is updated. */
static void
test_fragments(void **state)
{
    static const struct {
        uint16_t frag;          /* Flags and offset. */
        size_t start, len;      /* The fragment's part of the datagram. */
    } frags[] = {
        { PB_IP4_MF | 0, 0, 208 },
        { PB_IP4_MF | 26, 208, 208 },
        { 52, 416, 104 },
    };
    uint8_t dgram4[520], dgram6[520];
    struct pb_ip4 h;
    struct pb_ip6 h6;
    uint8_t fh[8];
    size_t n, in_len, exp_len, i;

    (void) state;
    pb_ip4_default(&h, PB_IP_TCP);
    h.id = 0xfedc;
    h.tos = 0x20;
    v6_from_v4(&h, &cfg, &h6);
    n = pb_tcp(dgram4, 443, 50000, NULL, 500);
    assert_int_equal(n, 520);
    memcpy(dgram6, dgram4, n);
    pb_fill_csum4(dgram4, n, PB_IP_TCP, h.src, h.dst);
    pb_fill_csum6(dgram6, n, PB_IP_TCP, h6.src, h6.dst);

    for (i = 0; i < sizeof frags / sizeof frags[0]; i++) {
        struct pb_run r;

        h.frag = frags[i].frag;
        in_len = pb_frame4(in, PB_L2_ETH, &h, dgram4 + frags[i].start,
                           frags[i].len);
        h6.nh = PB_IP_FRAGMENT;
        pb_frag6(fh, PB_IP_TCP, frags[i].frag & 0x1fff,
                 (frags[i].frag & PB_IP4_MF) != 0, 0xfedc);
        exp_len = pb_frame6(exp6, PB_L2_ETH, &h6, fh, 8,
                            dgram6 + frags[i].start, frags[i].len);
        pb_context("fragment %zu", i);
        pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);

        /* The IPv6 payload length counts the Fragment header. */
        assert_int_equal(pb_get16(exp6 + 14 + 4), frags[i].len + 8);

        /* l4_ofs: the TCP header, or the fragment's data. */
        pb_load(&r, in, in_len, 14, PB_HEADROOM, in_len);
        pb_assert_reason(pb_run(&r, true, &cfg), NAT64_OK);
        assert_int_equal(r.pkt.l4_ofs, 14 + 40 + 8);
        pb_unload(&r);
    }
}

/* A fragmented UDP datagram with checksum zero cannot get one. */
static void
test_udp_zero_csum_fragment(void **state)
{
    struct pb_ip4 h;
    size_t n, in_len;

    (void) state;
    pb_ip4_default(&h, PB_IP_UDP);
    h.frag = PB_IP4_MF;
    n = pb_udp(seg, 1, 2, NULL, 200);
    pb_put16(seg + 4, 1000);            /* The whole datagram's length. */
    in_len = pb_frame4(in, PB_L2_ETH, &h, seg, n);
    pb_expect_drop(true, &cfg, in, in_len, 14,
                   NAT64_UDP_ZERO_CSUM_FRAG);
}

/* The non-first fragment of a UDP datagram is data: not dropped, even if
 * the bytes where a checksum would be are zero. */
static void
test_udp_later_fragment(void **state)
{
    struct pb_ip4 h;
    struct pb_ip6 h6;
    uint8_t fh[8];
    size_t in_len, exp_len;

    (void) state;
    pb_ip4_default(&h, PB_IP_UDP);
    h.frag = 100;
    memset(seg, 0, 64);
    in_len = pb_frame4(in, PB_L2_ETH, &h, seg, 64);
    v6_from_v4(&h, &cfg, &h6);
    h6.nh = PB_IP_FRAGMENT;
    pb_frag6(fh, PB_IP_UDP, 100, false, h.id);
    exp_len = pb_frame6(exp6, PB_L2_ETH, &h6, fh, 8, seg, 64);
    pb_expect_frame(true, &cfg, in, in_len, 14, exp6, exp_len);
}

/* VLAN-tagged frames keep their tag; the ethertype after it changes. */
static void
test_vlan(void **state)
{
    struct pb_ip4 h;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip4_default(&h, PB_IP_TCP);
    n = pb_tcp(seg, 1, 2, NULL, 77);
    build_pair(PB_L2_VLAN, &h, &cfg, seg, n, &in_len, &exp_len);
    assert_int_equal(pb_get16(exp6 + 12), PB_ETH_VLAN);
    assert_int_equal(pb_get16(exp6 + 14), PB_VLAN_TCI);
    assert_int_equal(pb_get16(exp6 + 16), PB_ETH_IPV6);
    pb_expect_frame(true, &cfg, in, in_len, 18, exp6, exp_len);
}

/* Raw IP (l2_len 0), told apart by the version nibble. */
static void
test_raw_ip(void **state)
{
    struct pb_ip4 h;
    struct pb_run r;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip4_default(&h, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 77);
    build_pair(PB_L2_NONE, &h, &cfg, seg, n, &in_len, &exp_len);
    assert_int_equal(in[0], 0x45);
    pb_expect_frame(true, &cfg, in, in_len, 0, exp6, exp_len);

    pb_load(&r, in, in_len, 0, 20, in_len);
    pb_assert_reason(pb_run(&r, true, &cfg), NAT64_OK);
    assert_int_equal(r.pkt.l4_ofs, 40);
    assert_int_equal(r.pkt.headroom, 0);
    pb_unload(&r);
}

/* l4_ofs and the bounds of the new frame. */
static void
test_l4_ofs(void **state)
{
    static const enum pb_l2 l2s[] = { PB_L2_NONE, PB_L2_ETH, PB_L2_VLAN };
    struct pb_ip4 h;
    struct pb_run r;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < 3; i++) {
        pb_ip4_default(&h, PB_IP_TCP);
        n = pb_tcp(seg, 1, 2, NULL, 30);
        build_pair(l2s[i], &h, &cfg, seg, n, &in_len, &exp_len);
        pb_load(&r, in, in_len, pb_l2_len(l2s[i]), 64, in_len);
        pb_assert_reason(pb_run(&r, true, &cfg), NAT64_OK);
        assert_int_equal(r.pkt.l4_ofs, pb_l2_len(l2s[i]) + 40);
        assert_int_equal(r.pkt.len, exp_len);
        assert_int_equal(r.pkt.headroom, 64 - 20);
        assert_ptr_equal(r.pkt.data + r.pkt.len, r.data0 + in_len);
        pb_assert_frame(r.pkt.data, r.pkt.len, exp6, exp_len);
        pb_unload(&r);
    }
}

/* Checksum offload: the field holds the pseudo-header seed, which must
 * become the IPv6 pseudo-header sum (the payload is not summed). */
static void
test_csum_partial(void **state)
{
    static const uint8_t protos[] = { PB_IP_TCP, PB_IP_UDP };
    struct pb_ip4 h;
    struct pb_ip6 h6;
    size_t n, in_len, exp_len, out_len, i;
    int ofs;

    (void) state;
    for (i = 0; i < 2; i++) {
        uint16_t seed4, seed6, got;

        pb_ip4_default(&h, protos[i]);
        h.tos = 0x48;
        n = protos[i] == PB_IP_TCP ? pb_tcp(seg, 1, 2, NULL, 1000)
                                   : pb_udp(seg, 1, 2, NULL, 1000);
        ofs = pb_csum_ofs(protos[i]);
        v6_from_v4(&h, &cfg, &h6);
        seed4 = pb_fold(pb_pseudo4(h.src, h.dst, protos[i], (uint32_t) n));
        seed6 = pb_fold(pb_pseudo6(h6.src, h6.dst, protos[i],
                                   (uint32_t) n));
        pb_put16(seg + ofs, seed4);
        in_len = pb_frame4(in, PB_L2_ETH, &h, seg, n);
        pb_put16(seg + ofs, seed6);
        exp_len = pb_frame6(exp6, PB_L2_ETH, &h6, NULL, 0, seg, n);

        pb_context("protocol %u", protos[i]);
        pb_assert_reason(pb_xlate_ex(true, &cfg, in, in_len, 14,
                                     NAT64_PKT_L4_CSUM_PARTIAL, 0, out,
                                     &out_len), NAT64_OK);
        got = pb_get16(out + 14 + 40 + ofs);
        if (!pb_csum_equiv(got, seed6)) {
            fail_msg("seed %#06x, expected %#06x (IPv4 seed %#06x)", got,
                     seed6, seed4);
        }
        pb_put16(out + 14 + 40 + ofs, seed6);
        pb_assert_frame(out, out_len, exp6, exp_len);

        /* What the hardware then finishes is the right checksum. */
        pb_put16(out + 14 + 40 + ofs, got);
        pb_put16(out + 14 + 40 + ofs,
                 pb_csum(pb_sum(0, out + 14 + 40, n)));
        pb_check_csums(out, out_len, 14);
    }
}

/* Not enough headroom: the need is reported, the frame untouched; with
 * exactly that much it works. */
static void
test_no_headroom(void **state)
{
    static const struct {
        uint16_t frag;
        size_t opts_len;
        size_t growth;
    } cases[] = {
        { 0, 0, 20 },
        { PB_IP4_MF, 0, 28 },
        { 0, 12, 8 },
        { 100, 20, 8 },
        { 0, 20, 0 },
    };
    uint8_t opts[20];
    struct pb_ip4 h;
    struct pb_ip6 h6;
    uint8_t fh[8];
    size_t n, in_len, exp_len, i;

    (void) state;
    memset(opts, 1, sizeof opts);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t growth = cases[i].growth;
        struct pb_run r;

        pb_ip4_default(&h, PB_IP_UDP);
        h.frag = cases[i].frag;
        h.opts = opts;
        h.opts_len = cases[i].opts_len;
        n = pb_udp(seg, 1, 2, NULL, 100);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        if (h.frag) {
            v6_from_v4(&h, &cfg, &h6);
            h6.nh = PB_IP_FRAGMENT;
            pb_frag6(fh, PB_IP_UDP, h.frag & 0x1fff,
                     (h.frag & PB_IP4_MF) != 0, h.id);
            pb_fill_csum4(seg, n, PB_IP_UDP, h.src, h.dst);
            in_len = pb_frame4(in, PB_L2_ETH, &h, seg, n);
            memcpy(seg6, seg, n);
            if (!(h.frag & 0x1fff)) {
                pb_fill_csum6(seg6, n, PB_IP_UDP, h6.src, h6.dst);
            }
            exp_len = pb_frame6(exp6, PB_L2_ETH, &h6, fh, 8, seg6, n);
        }
        assert_int_equal(exp_len, in_len + growth);
        pb_context("case %zu", i);

        if (growth) {
            pb_load(&r, in, in_len, 14, growth - 1, in_len);
            pb_assert_reason(pb_run(&r, true, &cfg), NAT64_NO_HEADROOM);
            assert_int_equal(r.pkt.need, growth);
            pb_unload(&r);

            pb_load(&r, in, in_len, 14, 0, in_len);
            pb_assert_reason(pb_run(&r, true, &cfg), NAT64_NO_HEADROOM);
            assert_int_equal(r.pkt.need, growth);
            pb_unload(&r);
        }

        pb_load(&r, in, in_len, 14, growth, in_len);
        pb_assert_reason(pb_run(&r, true, &cfg), NAT64_OK);
        assert_int_equal(r.pkt.headroom, 0);
        pb_assert_frame(r.pkt.data, r.pkt.len, exp6, exp_len);
        pb_unload(&r);
    }
}

/* Translates 'in' with every 'linear' from 0 to 'in_len': the translator
 * either succeeds, or asks for more (NAT64_NOT_LINEAR, need) and then
 * succeeds with what it asked for.  Succeeding with a partly linear frame,
 * the linear bytes are those of 'exp6'.  Returns the least 'linear' that
 * worked. */
static size_t
sweep_linear(size_t in_len, size_t l2_len, size_t exp_len)
{
    size_t linear, least = SIZE_MAX;

    for (linear = 0; linear <= in_len; linear++) {
        size_t cur = linear;
        int tries;

        for (tries = 0; ; tries++) {
            enum nat64_drop_reason reason;
            struct pb_run r;

            pb_context("linear %zu (from %zu)", cur, linear);
            assert_true(tries < 8);
            pb_load(&r, in, in_len, l2_len, PB_HEADROOM, cur);
            reason = pb_run(&r, true, &cfg);
            if (reason == NAT64_OK) {
                size_t got = (size_t) (r.data0 + cur - r.pkt.data);

                assert_int_equal(r.pkt.len, exp_len);
                pb_assert_frame(r.pkt.data, got < exp_len ? got : exp_len,
                                exp6, got < exp_len ? got : exp_len);
                if (cur < least) {
                    least = cur;
                }
                pb_unload(&r);
                break;
            }
            pb_assert_reason(reason, NAT64_NOT_LINEAR);
            cur = r.pkt.need;
            pb_unload(&r);
        }
    }
    pb_context("%s", "");
    return least;
}

static void
test_not_linear(void **state)
{
    struct pb_ip4 h;
    size_t n, in_len, exp_len;

    (void) state;

    /* TCP: the headers must be linear, the payload need not be. */
    pb_ip4_default(&h, PB_IP_TCP);
    n = pb_tcp(seg, 1, 2, NULL, 60);
    build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
    assert_true(sweep_linear(in_len, 14, exp_len) <= 14 + 20 + 20);

    /* UDP with a checksum: likewise. */
    pb_ip4_default(&h, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 60);
    build_pair(PB_L2_VLAN, &h, &cfg, seg, n, &in_len, &exp_len);
    assert_true(sweep_linear(in_len, 18, exp_len) <= 18 + 20 + 8);

    /* UDP without: the whole datagram is summed. */
    pb_put16(in + 18 + 20 + 6, 0);
    assert_int_equal(sweep_linear(in_len, 18, exp_len), in_len);

    /* Other protocols: only the IPv4 header. */
    pb_ip4_default(&h, 47);
    pb_pattern(seg, 60, 1);
    build_pair(PB_L2_NONE, &h, &cfg, seg, 60, &in_len, &exp_len);
    assert_true(sweep_linear(in_len, 0, exp_len) <= 20);
}

/* Linear headers, a payload the translator may not touch: the payload
 * is not even mapped, and 'linear' out covers only what was linear. */
static void
test_nonlinear_payload(void **state)
{
    struct pb_ip4 h;
    struct pb_run r;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip4_default(&h, PB_IP_TCP);
    h.frag = PB_IP4_DF;
    n = pb_tcp(seg, 1, 2, NULL, 1400);
    build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
    pb_load(&r, in, in_len, 14, PB_HEADROOM, 14 + 20 + 20);
    pb_assert_reason(pb_run(&r, true, &cfg), NAT64_OK);
    assert_int_equal(r.pkt.len, exp_len);
    assert_int_equal(r.pkt.linear, 14 + 40 + 20);
    pb_assert_frame(r.pkt.data, 14 + 40 + 20, exp6, 14 + 40 + 20);
    pb_unload(&r);
}

/* Trailing link-layer padding is removed. */
static void
test_padding(void **state)
{
    static const enum pb_l2 l2s[] = { PB_L2_ETH, PB_L2_VLAN, PB_L2_NONE };
    struct pb_ip4 h;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < 3; i++) {
        size_t l2_len = pb_l2_len(l2s[i]);

        pb_ip4_default(&h, PB_IP_UDP);
        n = pb_udp(seg, 1, 2, NULL, 4);
        build_pair(l2s[i], &h, &cfg, seg, n, &in_len, &exp_len);
        assert_int_equal(in_len, l2_len + 32);
        memset(in + in_len, i ? 0xee : 0, 46 + l2_len - in_len);
        pb_context("l2_len %zu", l2_len);
        pb_expect_frame(true, &cfg, in, 46 + l2_len, l2_len, exp6,
                        exp_len);
    }
}

/* A bad checksum stays bad, by the same amount: payload corruption is
 * neither hidden nor repaired. */
static void
test_bad_l4_csum_kept(void **state)
{
    static const uint8_t protos[] = { PB_IP_TCP, PB_IP_UDP };
    struct pb_ip4 h;
    size_t n, in_len, exp_len, out_len, i;

    (void) state;
    for (i = 0; i < 2; i++) {
        size_t pl = 14 + 20 + (protos[i] == PB_IP_TCP ? 20 : 8);

        pb_ip4_default(&h, protos[i]);
        n = protos[i] == PB_IP_TCP ? pb_tcp(seg, 1, 2, NULL, 50)
                                   : pb_udp(seg, 1, 2, NULL, 50);
        build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len);
        in[pl + 10] ^= 0x5a;
        exp6[pl + 20 + 10] ^= 0x5a;
        pb_context("protocol %u", protos[i]);
        pb_assert_reason(pb_xlate(true, &cfg, in, in_len, 14, out,
                                  &out_len), NAT64_OK);
        pb_assert_frame(out, out_len, exp6, exp_len);
    }
}

/* Damaged IPv4 headers. */
static void
test_bad_ipv4(void **state)
{
    struct pb_ip4 h;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip4_default(&h, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 20);

#define REBUILD()                                                       \
    build_pair(PB_L2_ETH, &h, &cfg, seg, n, &in_len, &exp_len)
#define FIX_CSUM()                                                      \
    do {                                                                \
        size_t ihl_ = (size_t) (in[14] & 0xf) * 4;                      \
        pb_put16(in + 24, 0);                                           \
        pb_put16(in + 24, pb_csum(pb_sum(0, in + 14,                    \
                                         ihl_ < 20 ? 20 : ihl_)));      \
    } while (0)

    /* Version 5 behind an IPv4 ethertype. */
    REBUILD();
    in[14] = 0x55;
    FIX_CSUM();
    pb_context("version");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_V4_BAD_HEADER);

    /* IHL below 5. */
    REBUILD();
    in[14] = 0x44;
    FIX_CSUM();
    pb_context("IHL 4");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_V4_BAD_HEADER);

    /* Total length below the header length. */
    REBUILD();
    pb_put16(in + 16, 19);
    FIX_CSUM();
    pb_context("total length 19");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_V4_BAD_HEADER);

    /* Total length past the frame. */
    REBUILD();
    pb_put16(in + 16, (uint16_t) (in_len - 14 + 1));
    FIX_CSUM();
    pb_context("total length past the frame");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_V4_TRUNCATED);

    /* A frame cut in the header. */
    REBUILD();
    pb_context("cut header");
    pb_expect_drop(true, &cfg, in, 14 + 19, 14, NAT64_V4_TRUNCATED);
    pb_expect_drop(true, &cfg, in, 14, 14, NAT64_V4_TRUNCATED);

    /* IHL past the frame. */
    REBUILD();
    in[14] = 0x4f;
    pb_put16(in + 16, 64);
    FIX_CSUM();
    pb_context("IHL past the frame");
    pb_expect_drop(true, &cfg, in, 14 + 40, 14, NAT64_V4_TRUNCATED);

    /* Header checksum. */
    REBUILD();
    in[24] ^= 0x01;
    pb_context("header checksum");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_V4_BAD_CHECKSUM);

    /* Shorter than the L2 header. */
    REBUILD();
    pb_context("L2");
    pb_expect_drop(true, &cfg, in, 13, 14, NAT64_L2_TRUNCATED);
    pb_expect_drop(true, &cfg, in, 17, 18, NAT64_L2_TRUNCATED);

#undef REBUILD
#undef FIX_CSUM
}

/* Frames that are neither IPv4 nor ARP. */
static void
test_wrong_l3(void **state)
{
    static const uint16_t types[] = { PB_ETH_IPV6, 0x8847, 0x88cc, 0x0000,
                                      PB_ETH_VLAN };
    struct pb_ip6 h6;
    size_t n, in_len, i;

    (void) state;
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        pb_ip6_default(&h6, PB_IP_UDP);
        n = pb_udp(seg, 1, 2, NULL, 10);
        pb_fill_csum6(seg, n, PB_IP_UDP, h6.src, h6.dst);
        in_len = pb_frame6(in, PB_L2_ETH, &h6, NULL, 0, seg, n);
        pb_put16(in + 12, types[i]);
        pb_context("ethertype %#06x", types[i]);
        pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_WRONG_L3);
    }

    /* Raw: version 6. */
    in_len = pb_frame6(in, PB_L2_NONE, &h6, NULL, 0, seg, n);
    pb_context("raw IPv6");
    pb_expect_drop(true, &cfg, in, in_len, 0, NAT64_WRONG_L3);
}

/* Transport headers cut short in an unfragmented packet. */
static void
test_l4_truncated(void **state)
{
    static const struct {
        uint8_t proto;
        size_t len;
    } cases[] = {
        { PB_IP_TCP, 0 }, { PB_IP_TCP, 17 }, { PB_IP_TCP, 19 },
        { PB_IP_UDP, 0 }, { PB_IP_UDP, 7 },
        { PB_IP_ICMP, 0 }, { PB_IP_ICMP, 7 },
    };
    struct pb_ip4 h;
    size_t in_len, i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_ip4_default(&h, cases[i].proto);
        memset(seg, 0, 32);
        seg[0] = 8;                     /* ICMP echo, if ICMP. */
        in_len = pb_frame4(in, PB_L2_ETH, &h, seg, cases[i].len);
        pb_context("protocol %u, %zu bytes", cases[i].proto, cases[i].len);
        pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_L4_TRUNCATED);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_golden_udp, setup),
        cmocka_unit_test_setup(test_tcp, setup),
        cmocka_unit_test_setup(test_udp, setup),
        cmocka_unit_test_setup(test_udp_zero_csum, setup),
        cmocka_unit_test_setup(test_udp_zero_csum_udp_length, setup),
        cmocka_unit_test_setup(test_udp_csum_becomes_ffff, setup),
        cmocka_unit_test_setup(test_other_protocols, setup),
        cmocka_unit_test_setup(test_tos_to_traffic_class, setup),
        cmocka_unit_test_setup(test_ttl_copy, setup),
        cmocka_unit_test_setup(test_ttl_decrement, setup),
        cmocka_unit_test_setup(test_prefixes, setup),
        cmocka_unit_test_setup(test_wkp, setup),
        cmocka_unit_test_setup(test_source_forbidden, setup),
        cmocka_unit_test_setup(test_options_dropped, setup),
        cmocka_unit_test_setup(test_source_route, setup),
        cmocka_unit_test_setup(test_bad_options, setup),
        cmocka_unit_test_setup(test_fragments, setup),
        cmocka_unit_test_setup(test_udp_zero_csum_fragment, setup),
        cmocka_unit_test_setup(test_udp_later_fragment, setup),
        cmocka_unit_test_setup(test_vlan, setup),
        cmocka_unit_test_setup(test_raw_ip, setup),
        cmocka_unit_test_setup(test_l4_ofs, setup),
        cmocka_unit_test_setup(test_csum_partial, setup),
        cmocka_unit_test_setup(test_no_headroom, setup),
        cmocka_unit_test_setup(test_not_linear, setup),
        cmocka_unit_test_setup(test_nonlinear_payload, setup),
        cmocka_unit_test_setup(test_padding, setup),
        cmocka_unit_test_setup(test_bad_l4_csum_kept, setup),
        cmocka_unit_test_setup(test_bad_ipv4, setup),
        cmocka_unit_test_setup(test_wrong_l3, setup),
        cmocka_unit_test_setup(test_l4_truncated, setup),
    };

    return cmocka_run_group_tests_name("4to6", tests, NULL, NULL);
}
