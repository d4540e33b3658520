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

/* ICMPv4 <-> ICMPv6, RFC 7915 sections 4.2, 4.3, 5.2 and 5.3: echo, every
 * error type and code of lib/README.md, the embedded packet, the MTU,
 * parameter problem pointers, the 1280-byte cut. */

#include "pkt-builder.h"

#include <stdlib.h>
#include <string.h>

static uint8_t in[PB_FRAME_MAX];
static uint8_t out[PB_FRAME_MAX];
static uint8_t exp_[PB_FRAME_MAX];
static uint8_t msg[PB_FRAME_MAX];
static uint8_t seg4[PB_FRAME_MAX];
static uint8_t seg6[PB_FRAME_MAX];

static struct nat64_config cfg;

/* The router reporting the error, the host that sent the packet and the
 * packet's destination. */
static uint8_t r4[4], h4[4], d4[4];
static uint8_t r6[16], h6[16], d6[16];

static int
setup(void **state)
{
    (void) state;
    nat64_config_default(&cfg);
    pb_ip4(r4, "203.0.113.1");
    pb_ip4(h4, "192.0.2.33");
    pb_ip4(d4, "198.51.100.10");
    pb_map(&cfg.prefix, r4, r6);
    pb_map(&cfg.prefix, h4, h6);
    pb_map(&cfg.prefix, d4, d6);
    pb_context("%s", "");
    return 0;
}

/* The packet inside an error: the start of a datagram from h to d. */
struct inner {
    uint8_t proto;              /* UDP, TCP, ICMP (an echo request, or an
                                 * error if 'icmp_type' says so) or any. */
    size_t seg_len;             /* Bytes of transport the header counts. */
    size_t copy;                /* Bytes of them in the error. */
    bool frag;                  /* A first fragment (MF), ID 0x2345. */
    bool udp_no_csum;           /* UDP checksum zero. */
    uint8_t icmp_type4;         /* ICMP: the type (0: echo request). */
    size_t opts_len;            /* IPv4 options, NOPs (4to6 input). */
    uint8_t ttl;
    uint8_t tos;
};

static void
inner_default(struct inner *x, uint8_t proto)
{
    memset(x, 0, sizeof *x);
    x->proto = proto;
    x->seg_len = 200;
    x->copy = 200;
    x->ttl = 7;
    x->tos = 0x20;
}

/* Builds the IPv4 and IPv6 forms of the inner datagram's transport bytes
 * into seg4 and seg6. */
static void
inner_segments(const struct inner *x)
{
    size_t n = x->seg_len;

    switch (x->proto) {
    case PB_IP_UDP:
        pb_udp(seg4, 5000, 53, NULL, n - 8);
        break;
    case PB_IP_TCP:
        pb_tcp(seg4, 5000, 80, NULL, n - 20);
        break;
    case PB_IP_ICMP:
        pb_icmp(seg4, x->icmp_type4 ? x->icmp_type4 : 8, 0, 0x12340001,
                NULL, n - 8);
        break;
    default:
        pb_pattern(seg4, n, x->proto);
        break;
    }
    memcpy(seg6, seg4, n);
    if (x->proto == PB_IP_UDP || x->proto == PB_IP_TCP) {
        pb_fill_csum4(seg4, n, x->proto, h4, d4);
        pb_fill_csum6(seg6, n, x->proto, h6, d6);
        if (x->udp_no_csum) {
            pb_put16(seg4 + 6, 0);
            pb_put16(seg6 + 6, 0);
        }
    } else if (x->proto == PB_IP_ICMP) {
        pb_fill_csum4(seg4, n, PB_IP_ICMP, h4, d4);
        if (!x->icmp_type4) {
            seg6[0] = 128;
        } else {
            seg6[0] = x->icmp_type4 == 3 ? 1 : x->icmp_type4 == 11 ? 3 : 4;
        }
        pb_fill_csum6(seg6, n, PB_IP_ICMPV6, h6, d6);
    }
}

/* Whether the error's copy of the inner transport header holds all of
 * the checksum the translator updates (an echo's type and checksum); if
 * not, the copy travels untouched. */
static bool
inner_csum_present(const struct inner *x)
{
    int ofs = pb_csum_ofs(x->proto);

    return ofs >= 0 && x->copy >= (size_t) ofs + 2;
}

/* The inner IPv4 datagram: as a host sent it ('from6' false: ID 0x2345,
 * no DF) or as nat64_6to4() makes it (ID 0 or the fragment's, DF by
 * size, no options).  Returns its length in the error. */
static size_t
build_inner4(uint8_t *p, const struct inner *x, bool from6)
{
    static uint8_t nops[40];
    struct pb_ip4 h;
    size_t n;

    memset(nops, 1, sizeof nops);
    pb_ip4_default(&h, x->proto);
    memcpy(h.src, h4, 4);
    memcpy(h.dst, d4, 4);
    h.tos = x->tos;
    h.ttl = x->ttl;
    h.id = 0x2345;
    h.frag = x->frag ? PB_IP4_MF : 0;
    if (from6) {
        if (!x->frag) {
            h.id = 0;
            h.frag = 20 + x->seg_len > 1260 ? PB_IP4_DF : 0;
        }
    } else {
        h.opts = nops;
        h.opts_len = x->opts_len;
    }
    n = pb_ip4_hdr(p, &h, x->seg_len);
    memcpy(p + n, from6 && !inner_csum_present(x) ? seg6 : seg4, x->copy);
    return n + x->copy;
}

/* The inner IPv6 datagram, with a Fragment header if 'x->frag': as a
 * host sent it ('from4' false) or as nat64_4to6() makes it. */
static size_t
build_inner6(uint8_t *p, const struct inner *x, bool from4)
{
    uint8_t proto = x->proto == PB_IP_ICMP ? PB_IP_ICMPV6 : x->proto;
    struct pb_ip6 h;
    size_t n;

    pb_ip6_default(&h, x->frag ? PB_IP_FRAGMENT : proto);
    memcpy(h.src, h6, 16);
    memcpy(h.dst, d6, 16);
    h.tc = x->tos;
    h.hlim = x->ttl;
    n = pb_ip6_hdr(p, &h, x->seg_len + (x->frag ? 8 : 0));
    if (x->frag) {
        n += pb_frag6(p + n, proto, 0, true, 0x2345);
    }
    memcpy(p + n, from4 && !inner_csum_present(x) ? seg4 : seg6, x->copy);
    return n + x->copy;
}

/* Builds into 'in' the ICMPv4 error 'type4'/'code4'/'rest4' from r to h
 * about 'x'; returns the frame length. */
static size_t
build_error4(uint8_t *f, uint8_t type4, uint8_t code4, uint32_t rest4,
             const struct inner *x, uint8_t ttl)
{
    struct pb_ip4 o;
    size_t n;

    inner_segments(x);
    n = pb_icmp(msg, type4, code4, rest4, NULL, 0);
    n += build_inner4(msg + n, x, false);
    pb_fill_csum4(msg, n, PB_IP_ICMP, r4, h4);
    pb_ip4_default(&o, PB_IP_ICMP);
    memcpy(o.src, r4, 4);
    memcpy(o.dst, h4, 4);
    o.ttl = ttl;
    o.tos = 0xc0;
    return pb_frame4(f, PB_L2_ETH, &o, msg, n);
}

/* Builds the ICMPv6 error 'type6'/'code6'/'rest6' from r to h about 'x',
 * cut to 1280 bytes, as a router sent it ('from4' false) or as
 * nat64_4to6() makes it; returns the frame length. */
static size_t
build_error6(uint8_t *f, uint8_t type6, uint8_t code6, uint32_t rest6,
             const struct inner *x, uint8_t hlim, bool from4)
{
    struct pb_ip6 o;
    size_t n;

    inner_segments(x);
    n = pb_icmp(msg, type6, code6, rest6, NULL, 0);
    n += build_inner6(msg + n, x, from4);
    if (40 + n > NAT64_ICMP6_ERROR_MAX) {
        n = NAT64_ICMP6_ERROR_MAX - 40;
    }
    pb_fill_csum6(msg, n, PB_IP_ICMPV6, r6, h6);
    pb_ip6_default(&o, PB_IP_ICMPV6);
    memcpy(o.src, r6, 16);
    memcpy(o.dst, h6, 16);
    o.hlim = hlim;
    o.tc = 0xc0;
    return pb_frame6(f, PB_L2_ETH, &o, NULL, 0, msg, n);
}

/* The ICMPv4 error nat64_6to4() makes of build_error6()'s, cut to 576
 * bytes (RFC 1812 4.3.2.3): outer DF clear, ID PB_IPV4_ID. */
static size_t
build_error4_from6(uint8_t *f, uint8_t type4, uint8_t code4, uint32_t rest4,
                   const struct inner *x, uint8_t ttl)
{
    struct pb_ip4 o;
    size_t n;

    inner_segments(x);
    n = pb_icmp(msg, type4, code4, rest4, NULL, 0);
    n += build_inner4(msg + n, x, true);
    if (20 + n > NAT64_ICMP4_ERROR_MAX) {
        n = NAT64_ICMP4_ERROR_MAX - 20;
    }
    pb_fill_csum4(msg, n, PB_IP_ICMP, r4, h4);
    pb_ip4_default(&o, PB_IP_ICMP);
    memcpy(o.src, r4, 4);
    memcpy(o.dst, h4, 4);
    o.ttl = ttl;
    o.tos = 0xc0;
    o.id = PB_IPV4_ID;
    o.frag = 0;
    return pb_frame4(f, PB_L2_ETH, &o, msg, n);
}

static void
expect_4to6(uint8_t type4, uint8_t code4, uint32_t rest4,
            const struct inner *x, uint8_t type6, uint8_t code6,
            uint32_t rest6)
{
    size_t in_len = build_error4(in, type4, code4, rest4, x, 60);
    size_t exp_len = build_error6(exp_, type6, code6, rest6, x, 60,
                                  true);

    pb_expect_frame(true, &cfg, in, in_len, 14, exp_, exp_len);
}

static void
expect_drop_4to6(uint8_t type4, uint8_t code4, uint32_t rest4,
                 const struct inner *x, enum nat64_drop_reason reason)
{
    size_t in_len = build_error4(in, type4, code4, rest4, x, 60);

    pb_expect_drop(true, &cfg, in, in_len, 14, reason);
}

static void
expect_6to4(uint8_t type6, uint8_t code6, uint32_t rest6,
            const struct inner *x, uint8_t type4, uint8_t code4,
            uint32_t rest4)
{
    size_t in_len = build_error6(in, type6, code6, rest6, x, 60, false);
    size_t exp_len = build_error4_from6(exp_, type4, code4, rest4, x, 60);

    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);
}

static void
expect_drop_6to4(uint8_t type6, uint8_t code6, uint32_t rest6,
                 const struct inner *x, enum nat64_drop_reason reason)
{
    size_t in_len = build_error6(in, type6, code6, rest6, x, 60, false);

    pb_expect_drop(false, &cfg, in, in_len, 14, reason);
}

/* Echo request and reply, both ways: type, checksum (ICMPv6 covers the
 * pseudo-header), ID, sequence and data kept. */
static void
test_echo(void **state)
{
    static const struct {
        uint8_t type4, type6;
    } echo[] = { { 8, 128 }, { 0, 129 } };
    static const size_t lens[] = { 0, 1, 56, 1471 };
    struct pb_ip4 o4;
    struct pb_ip6 o6;
    size_t i, j, n, in_len, exp_len;

    (void) state;
    for (i = 0; i < 2; i++) {
        for (j = 0; j < sizeof lens / sizeof lens[0]; j++) {
            pb_context("type %u, %zu bytes", echo[i].type4, lens[j]);
            pb_ip4_default(&o4, PB_IP_ICMP);
            pb_ip6_default(&o6, PB_IP_ICMPV6);
            o4.tos = o6.tc = 0x10;
            /* Longer ones with DF clear are cut (test-cut.c). */
            o4.frag = 28 + lens[j] > 1260 ? PB_IP4_DF : 0;

            n = pb_icmp(seg4, echo[i].type4, 0, 0xbeef0007, NULL, lens[j]);
            memcpy(seg6, seg4, n);
            seg6[0] = echo[i].type6;
            pb_fill_csum4(seg4, n, PB_IP_ICMP, o4.src, o4.dst);
            pb_fill_csum6(seg6, n, PB_IP_ICMPV6, o6.src, o6.dst);
            in_len = pb_frame4(in, PB_L2_ETH, &o4, seg4, n);
            exp_len = pb_frame6(exp_, PB_L2_ETH, &o6, NULL, 0, seg6, n);

            pb_expect_frame(true, &cfg, in, in_len, 14, exp_, exp_len);

            /* And back, with DF and ID by the rule. */
            o4.id = 20 + n > 1260 ? 0 : PB_IPV4_ID;
            o4.frag = 20 + n > 1260 ? PB_IP4_DF : 0;
            in_len = pb_frame4(in, PB_L2_ETH, &o4, seg4, n);
            pb_expect_frame(false, &cfg, exp_, exp_len, 14, in, in_len);
        }
    }
}

/* A bad echo checksum stays bad. */
static void
test_echo_bad_csum_kept(void **state)
{
    struct pb_ip4 o4;
    struct pb_ip6 o6;
    size_t n, in_len, exp_len, out_len;

    (void) state;
    pb_ip4_default(&o4, PB_IP_ICMP);
    pb_ip6_default(&o6, PB_IP_ICMPV6);
    n = pb_icmp(seg4, 8, 0, 0x00010002, NULL, 32);
    memcpy(seg6, seg4, n);
    seg6[0] = 128;
    pb_fill_csum4(seg4, n, PB_IP_ICMP, o4.src, o4.dst);
    pb_fill_csum6(seg6, n, PB_IP_ICMPV6, o6.src, o6.dst);
    seg4[20] ^= 0x11;
    seg6[20] ^= 0x11;
    o4.id = PB_IPV4_ID;
    in_len = pb_frame4(in, PB_L2_ETH, &o4, seg4, n);
    exp_len = pb_frame6(exp_, PB_L2_ETH, &o6, NULL, 0, seg6, n);

    pb_assert_reason(pb_xlate(true, &cfg, in, in_len, 14, out, &out_len),
                     NAT64_OK);
    pb_assert_frame(out, out_len, exp_, exp_len);
    pb_assert_reason(pb_xlate(false, &cfg, exp_, exp_len, 14, out,
                              &out_len), NAT64_OK);
    pb_assert_frame(out, out_len, in, in_len);
}

/* Fragmented ICMP is dropped either way. */
static void
test_fragmented(void **state)
{
    static const uint16_t frags[] = { PB_IP4_MF, PB_IP4_MF | 10, 10 };
    struct pb_ip4 o4;
    struct pb_ip6 o6;
    uint8_t fh[8];
    size_t i, n, in_len;

    (void) state;
    for (i = 0; i < 3; i++) {
        pb_ip4_default(&o4, PB_IP_ICMP);
        o4.frag = frags[i];
        n = pb_icmp(seg4, 8, 0, 1, NULL, 100);
        pb_fill_csum4(seg4, n, PB_IP_ICMP, o4.src, o4.dst);
        in_len = pb_frame4(in, PB_L2_ETH, &o4, seg4, n);
        pb_context("IPv4 frag %#x", frags[i]);
        pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_ICMP_FRAGMENTED);

        pb_ip6_default(&o6, PB_IP_FRAGMENT);
        pb_frag6(fh, PB_IP_ICMPV6, frags[i] & 0x1fff,
                 (frags[i] & PB_IP4_MF) != 0, 99);
        memcpy(seg6, seg4, n);
        seg6[0] = 128;
        in_len = pb_frame6(in, PB_L2_ETH, &o6, fh, 8, seg6, n);
        pb_context("IPv6 frag %#x", frags[i]);
        pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_ICMP_FRAGMENTED);
    }
}

/* RFC 7915 4.2, as lib/README.md lists it. */
static void
test_4to6_dest_unreach(void **state)
{
    static const struct {
        uint8_t code4;
        uint8_t type6, code6;
        uint32_t rest6;
    } map[] = {
        { 0, 1, 0, 0 }, { 1, 1, 0, 0 }, { 5, 1, 0, 0 }, { 6, 1, 0, 0 },
        { 7, 1, 0, 0 }, { 8, 1, 0, 0 }, { 11, 1, 0, 0 }, { 12, 1, 0, 0 },
        { 9, 1, 1, 0 }, { 10, 1, 1, 0 }, { 13, 1, 1, 0 }, { 15, 1, 1, 0 },
        { 3, 1, 4, 0 },
        { 2, 4, 1, 6 },             /* Parameter problem, Next Header. */
    };
    static const uint8_t protos[] = { PB_IP_UDP, PB_IP_TCP, PB_IP_ICMP };
    struct inner x;
    size_t i, j;

    (void) state;
    for (i = 0; i < sizeof map / sizeof map[0]; i++) {
        for (j = 0; j < sizeof protos; j++) {
            pb_context("code %u, inner protocol %u", map[i].code4,
                       protos[j]);
            inner_default(&x, protos[j]);
            x.copy = j == 0 ? 200 : j == 1 ? 28 : 8;
            expect_4to6(3, map[i].code4, 0, &x, map[i].type6, map[i].code6,
                        map[i].rest6);
        }
    }
}

static void
test_4to6_time_exceeded(void **state)
{
    struct inner x;
    uint8_t code;

    (void) state;
    for (code = 0; code < 2; code++) {
        pb_context("code %u", code);
        inner_default(&x, PB_IP_UDP);
        x.copy = 8;
        expect_4to6(11, code, 0, &x, 3, code, 0);
    }
}

/* Packet too big: the MTU, or with MTU 0 the RFC 1191 plateau below the
 * embedded packet's total length, + 20 (+ 28 when the embedded packet is a
 * fragment, which gets a Fragment header; less its IPv4 options), and
 * never below 1280, the IPv6 minimum MTU (RFC 7915 4.2, RFC 8201 4). */
static void
test_4to6_packet_too_big(void **state)
{
    static const struct {
        uint16_t mtu;
        size_t total;           /* Of the embedded packet. */
        bool frag;              /* It is a first fragment. */
        size_t opts_len;        /* Its IPv4 options. */
        uint32_t mtu6;
    } cases[] = {
        { 1400, 1500, false, 0, 1420 },
        { 1400, 1500, true, 0, 1428 },
        { 1400, 1500, false, 4, 1416 },
        { 1400, 1500, true, 8, 1420 },
        { 1280, 1400, false, 0, 1300 },
        { 1260, 1400, false, 0, 1280 },
        { 1259, 1400, false, 0, 1280 },
        { 1252, 1400, true, 0, 1280 },
        { 576, 1000, false, 0, 1280 },
        { 68, 100, false, 0, 1280 },
        { 1, 100, false, 0, 1280 },
        { 1500, 9000, false, 0, 1520 },
        { 65000, 65535, false, 0, 65020 },
        { 65535, 65535, true, 0, 65563 },
        { 0, 1500, false, 0, 1492 + 20 },
        { 0, 1500, true, 0, 1492 + 28 },
        { 0, 1493, false, 0, 1492 + 20 },
        { 0, 1492, false, 0, 1280 },        /* 1006 + 20. */
        { 0, 65535, false, 0, 32000 + 20 },
        { 0, 32001, false, 0, 32000 + 20 },
        { 0, 32000, false, 0, 17914 + 20 },
        { 0, 9000, false, 0, 8166 + 20 },
        { 0, 4500, false, 0, 4352 + 20 },
        { 0, 2100, false, 0, 2002 + 20 },
        { 0, 1100, false, 0, 1280 },        /* 1006 + 20. */
        { 0, 576, false, 0, 1280 },         /* 508 + 20. */
        { 0, 300, false, 0, 1280 },         /* 296 + 20. */
        { 0, 296, false, 0, 1280 },         /* 68 + 20. */
    };
    struct inner x;
    size_t i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_context("MTU %u, total length %zu, frag %d, options %zu",
                   cases[i].mtu, cases[i].total, cases[i].frag,
                   cases[i].opts_len);
        inner_default(&x, PB_IP_TCP);
        x.seg_len = cases[i].total - 20 - cases[i].opts_len;
        x.copy = 20;
        x.frag = cases[i].frag;
        x.opts_len = cases[i].opts_len;
        expect_4to6(3, 4, cases[i].mtu, &x, 2, 0, cases[i].mtu6);
    }
}

/* Parameter problem: codes 0 and 2, the pointer by RFC 7915 figure 3. */
static void
test_4to6_param_problem(void **state)
{
    static const int fig3[20] = {
        0, 1, 4, 4, -1, -1, -1, -1, 7, 6, -1, -1,
        8, 8, 8, 8, 24, 24, 24, 24,
    };
    static const uint8_t codes[] = { 0, 2 };
    struct inner x;
    unsigned int ptr;
    size_t c;

    (void) state;
    for (c = 0; c < 2; c++) {
        for (ptr = 0; ptr < 256; ptr++) {
            int ptr6 = ptr < 20 ? fig3[ptr] : -1;

            pb_context("code %u, pointer %u", codes[c], ptr);
            inner_default(&x, PB_IP_UDP);
            x.copy = 8;
            if (ptr6 >= 0) {
                expect_4to6(12, codes[c], ptr << 24, &x, 4, 0,
                            (uint32_t) ptr6);
            } else {
                expect_drop_4to6(12, codes[c], ptr << 24, &x,
                                 NAT64_ICMP_BAD_POINTER);
            }
        }
    }
}

static void
test_4to6_untranslatable(void **state)
{
    static const struct {
        uint8_t type, code;
    } cases[] = {
        { 3, 14 }, { 3, 16 }, { 3, 255 },
        { 12, 1 }, { 12, 3 },
        { 4, 0 },                           /* Source quench. */
        { 5, 0 }, { 5, 1 }, { 5, 2 }, { 5, 3 },   /* Redirect. */
        { 9, 0 }, { 10, 0 },                /* Router adv., solicitation. */
        { 13, 0 }, { 14, 0 },               /* Timestamp. */
        { 15, 0 }, { 16, 0 },               /* Information. */
        { 17, 0 }, { 18, 0 },               /* Address mask. */
        { 1, 0 }, { 2, 0 }, { 6, 0 }, { 7, 0 }, { 19, 0 }, { 30, 0 },
        { 40, 0 }, { 42, 0 }, { 43, 0 }, { 200, 0 }, { 255, 0 },
    };
    struct inner x;
    size_t i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_context("type %u code %u", cases[i].type, cases[i].code);
        inner_default(&x, PB_IP_UDP);
        x.copy = 8;
        expect_drop_4to6(cases[i].type, cases[i].code, 0, &x,
                         NAT64_ICMP_UNTRANSLATABLE);
    }
}

/* The embedded packet: options dropped, a fragment gets its Fragment
 * header, a UDP checksum of zero stays zero, a TCP checksum cut off stays
 * untouched, an echo inside gets its new type and checksum, TTL/hop
 * limit and TOS copied. */
static void
test_4to6_inner(void **state)
{
    struct inner x;

    (void) state;

    inner_default(&x, PB_IP_UDP);
    x.opts_len = 8;
    pb_context("inner options");
    expect_4to6(3, 1, 0, &x, 1, 0, 0);

    inner_default(&x, PB_IP_UDP);
    x.frag = true;
    pb_context("inner first fragment");
    expect_4to6(3, 1, 0, &x, 1, 0, 0);

    inner_default(&x, PB_IP_UDP);
    x.udp_no_csum = true;
    pb_context("inner UDP without checksum");
    expect_4to6(3, 3, 0, &x, 1, 4, 0);

    inner_default(&x, PB_IP_TCP);
    x.copy = 8;
    pb_context("inner TCP, 8 bytes");
    expect_4to6(3, 1, 0, &x, 1, 0, 0);

    inner_default(&x, PB_IP_TCP);
    x.copy = 17;
    pb_context("inner TCP, 17 bytes");
    expect_4to6(3, 1, 0, &x, 1, 0, 0);

    inner_default(&x, PB_IP_TCP);
    x.copy = 18;
    pb_context("inner TCP, 18 bytes");
    expect_4to6(3, 1, 0, &x, 1, 0, 0);

    inner_default(&x, PB_IP_ICMP);
    x.copy = 8;
    pb_context("inner echo, 8 bytes");
    expect_4to6(11, 0, 0, &x, 3, 0, 0);

    inner_default(&x, PB_IP_ICMP);
    x.copy = 100;
    pb_context("inner echo, 100 bytes");
    expect_4to6(11, 0, 0, &x, 3, 0, 0);

    inner_default(&x, 47);
    x.copy = 40;
    pb_context("inner GRE");
    expect_4to6(3, 2, 0, &x, 4, 1, 6);

    inner_default(&x, PB_IP_UDP);
    x.copy = 0;
    pb_context("inner header only");
    expect_4to6(3, 1, 0, &x, 1, 0, 0);

    inner_default(&x, PB_IP_UDP);
    x.ttl = 0;
    x.tos = 0xff;
    pb_context("inner TTL 0");
    expect_4to6(3, 1, 0, &x, 1, 0, 0);
}

/* The ICMPv6 error is cut to 1280 bytes. */
static void
test_4to6_cut_1280(void **state)
{
    struct inner x;
    size_t copy;

    (void) state;
    for (copy = 1180; copy <= 1220; copy++) {
        inner_default(&x, PB_IP_UDP);
        x.seg_len = 1400;
        x.copy = copy;
        pb_context("copy %zu", copy);
        expect_4to6(11, 0, 0, &x, 3, 0, 0);
    }

    inner_default(&x, PB_IP_UDP);
    x.seg_len = 1472;
    x.copy = 1472;
    pb_context("whole 1500-byte packet");
    expect_4to6(3, 4, 1400, &x, 2, 0, 1420);
}

static void
test_4to6_error_in_error(void **state)
{
    static const uint8_t types[] = { 3, 11, 12 };
    struct inner x;
    size_t i;

    (void) state;
    for (i = 0; i < sizeof types; i++) {
        pb_context("inner type %u", types[i]);
        inner_default(&x, PB_IP_ICMP);
        x.icmp_type4 = types[i];
        x.copy = 36;
        expect_drop_4to6(3, 1, 0, &x, NAT64_ICMP_ERROR_IN_ERROR);
    }
}

static void
test_4to6_inner_bad(void **state)
{
    struct inner x;
    size_t in_len;

    (void) state;
    inner_default(&x, PB_IP_UDP);
    x.copy = 8;

    in_len = build_error4(in, 3, 1, 0, &x, 60);
    in[14 + 20 + 8] = 0x65;             /* Version 6. */
    pb_put16(in + 14 + 22, 0);
    pb_put16(in + 14 + 22, pb_csum(pb_sum(0, in + 14 + 20, in_len - 34)));
    pb_context("inner version 6");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_ICMP_INNER_BAD);

    in_len = build_error4(in, 3, 1, 0, &x, 60);
    in[14 + 20 + 8] = 0x44;             /* IHL 4. */
    pb_put16(in + 14 + 22, 0);
    pb_put16(in + 14 + 22, pb_csum(pb_sum(0, in + 14 + 20, in_len - 34)));
    pb_context("inner IHL 4");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_ICMP_INNER_BAD);

    /* Only 12 bytes of the inner header. */
    in_len = build_error4(in, 3, 1, 0, &x, 60);
    in_len = 14 + 20 + 8 + 12;
    pb_put16(in + 14 + 2, 20 + 8 + 12);
    pb_put16(in + 14 + 10, 0);
    pb_put16(in + 14 + 10, pb_csum(pb_sum(0, in + 14, 20)));
    pb_put16(in + 14 + 22, 0);
    pb_put16(in + 14 + 22, pb_csum(pb_sum(0, in + 14 + 20, 20)));
    pb_context("inner header cut");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_ICMP_INNER_BAD);

    /* No inner packet at all. */
    in_len = 14 + 20 + 8;
    pb_put16(in + 14 + 2, 20 + 8);
    pb_put16(in + 14 + 10, 0);
    pb_put16(in + 14 + 10, pb_csum(pb_sum(0, in + 14, 20)));
    pb_put16(in + 14 + 22, 0);
    pb_put16(in + 14 + 22, pb_csum(pb_sum(0, in + 14 + 20, 8)));
    pb_context("no inner packet");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_ICMP_INNER_BAD);
}

/* Router mode: the outer TTL is decremented, the inner one copied. */
static void
test_decrement(void **state)
{
    struct nat64_config c = cfg;
    struct inner x;
    size_t in_len, exp_len;

    (void) state;
    c.ttl_mode = NAT64_TTL_DECREMENT;
    inner_default(&x, PB_IP_UDP);
    x.ttl = 1;

    in_len = build_error4(in, 11, 0, 0, &x, 60);
    exp_len = build_error6(exp_, 3, 0, 0, &x, 59, true);
    pb_context("4to6");
    pb_expect_frame(true, &c, in, in_len, 14, exp_, exp_len);

    in_len = build_error6(in, 3, 0, 0, &x, 60, false);
    exp_len = build_error4_from6(exp_, 11, 0, 0, &x, 59);
    pb_context("6to4");
    pb_expect_frame(false, &c, in, in_len, 14, exp_, exp_len);

    in_len = build_error4(in, 11, 0, 0, &x, 1);
    pb_context("4to6 expired");
    pb_expect_drop(true, &c, in, in_len, 14, NAT64_TTL_EXPIRED);

    in_len = build_error6(in, 3, 0, 0, &x, 1, false);
    pb_context("6to4 expired");
    pb_expect_drop(false, &c, in, in_len, 14, NAT64_TTL_EXPIRED);
}

/* RFC 7915 5.2, as lib/README.md lists it. */
static void
test_6to4_dest_unreach(void **state)
{
    static const struct {
        uint8_t code6, code4;
    } map[] = { { 0, 1 }, { 2, 1 }, { 3, 1 }, { 1, 10 }, { 4, 3 } };
    static const uint8_t protos[] = { PB_IP_UDP, PB_IP_TCP, PB_IP_ICMP };
    struct inner x;
    size_t i, j;

    (void) state;
    for (i = 0; i < sizeof map / sizeof map[0]; i++) {
        for (j = 0; j < sizeof protos; j++) {
            pb_context("code %u, inner protocol %u", map[i].code6,
                       protos[j]);
            inner_default(&x, protos[j]);
            x.copy = j == 0 ? 200 : j == 1 ? 28 : 8;
            expect_6to4(1, map[i].code6, 0, &x, 3, map[i].code4, 0);
        }
    }
}

static void
test_6to4_packet_too_big(void **state)
{
    static const struct {
        uint32_t mtu6;
        bool frag;              /* The packet in error has a Fragment
                                 * header: 8 bytes more to take off. */
        uint16_t mtu4;
    } cases[] = {
        { 1280, false, 1260 }, { 1280, true, 1252 }, { 1500, false, 1480 },
        { 1500, true, 1472 }, { 9000, false, 8980 }, { 65555, false, 65535 },
        { 65556, false, 65535 }, { 70000, false, 65535 },
        { 0xffffffff, false, 65535 },
    };
    struct inner x;
    size_t i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_context("MTU %u, frag %d", cases[i].mtu6, cases[i].frag);
        inner_default(&x, PB_IP_TCP);
        x.seg_len = 1460;
        x.copy = 1000;
        x.frag = cases[i].frag;
        expect_6to4(2, 0, cases[i].mtu6, &x, 3, 4, cases[i].mtu4);
    }
}

/* An ICMPv4 error is at most 576 bytes (RFC 1812 4.3.2.3): the packet in
 * error is cut, the lengths and checksums follow; an inner fragment, whose
 * IPv6 form has 8 bytes more, too. */
static void
test_6to4_error_size(void **state)
{
    static const size_t copies[] = { 8, 527, 528, 529, 1000, 1232 };
    struct inner x;
    size_t i, f;

    (void) state;
    for (f = 0; f < 2; f++) {
        for (i = 0; i < sizeof copies / sizeof copies[0]; i++) {
            size_t in_len, exp_len;

            inner_default(&x, PB_IP_UDP);
            x.seg_len = 1400;
            x.copy = copies[i];
            x.frag = f;
            in_len = build_error6(in, 1, 4, 0, &x, 60, false);
            exp_len = build_error4_from6(exp_, 3, 3, 0, &x, 60);
            pb_context("copy %zu, frag %zu", copies[i], f);
            assert_true(exp_len - 14 <= NAT64_ICMP4_ERROR_MAX);
            if (copies[i] >= 529) {
                assert_int_equal(exp_len - 14, NAT64_ICMP4_ERROR_MAX);
            }
            pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);
            pb_check_csums(exp_, exp_len, 14);
        }
    }
}

static void
test_6to4_time_exceeded(void **state)
{
    struct inner x;
    uint8_t code;

    (void) state;
    for (code = 0; code < 2; code++) {
        pb_context("code %u", code);
        inner_default(&x, PB_IP_UDP);
        expect_6to4(3, code, 0, &x, 11, code, 0);
    }
}

/* Parameter problem: code 0 with the pointer by RFC 7915 figure 6, code 1
 * becomes protocol unreachable. */
static void
test_6to4_param_problem(void **state)
{
    static const int fig6[40] = {
        0, 1, -1, -1, 2, 2, 9, 8,
        12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
        16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16,
    };
    static const uint32_t big[] = { 40, 41, 255, 256, 0x10000, 0x80000000,
                                    0xffffffff };
    struct inner x;
    uint32_t ptr;
    size_t i;

    (void) state;
    for (ptr = 0; ptr < 40; ptr++) {
        pb_context("pointer %u", ptr);
        inner_default(&x, PB_IP_UDP);
        x.copy = 8;
        if (fig6[ptr] >= 0) {
            expect_6to4(4, 0, ptr, &x, 12, 0, (uint32_t) fig6[ptr] << 24);
        } else {
            expect_drop_6to4(4, 0, ptr, &x, NAT64_ICMP_BAD_POINTER);
        }
    }
    for (i = 0; i < sizeof big / sizeof big[0]; i++) {
        pb_context("pointer %u", big[i]);
        expect_drop_6to4(4, 0, big[i], &x, NAT64_ICMP_BAD_POINTER);
    }

    pb_context("code 1");
    expect_6to4(4, 1, 0, &x, 3, 2, 0);
}

static void
test_6to4_untranslatable(void **state)
{
    static const struct {
        uint8_t type, code;
        enum nat64_drop_reason reason;
    } cases[] = {
        { 1, 5, NAT64_ICMP_UNTRANSLATABLE },
        { 1, 6, NAT64_ICMP_UNTRANSLATABLE },
        { 1, 7, NAT64_ICMP_UNTRANSLATABLE },
        { 1, 255, NAT64_ICMP_UNTRANSLATABLE },
        { 4, 2, NAT64_ICMP_UNTRANSLATABLE },
        { 4, 3, NAT64_ICMP_UNTRANSLATABLE },
        { 0, 0, NAT64_ICMP_UNTRANSLATABLE },
        { 5, 0, NAT64_ICMP_UNTRANSLATABLE },
        { 100, 0, NAT64_ICMP_UNTRANSLATABLE },
        { 127, 0, NAT64_ICMP_UNTRANSLATABLE },
        { 139, 0, NAT64_ICMP_UNTRANSLATABLE },   /* Node information. */
        { 140, 0, NAT64_ICMP_UNTRANSLATABLE },
        { 160, 0, NAT64_ICMP_UNTRANSLATABLE },   /* Extended echo. */
        { 200, 0, NAT64_ICMP_UNTRANSLATABLE },
        { 255, 0, NAT64_ICMP_UNTRANSLATABLE },
        { 130, 0, NAT64_NDP_UNSUPPORTED },       /* MLD query. */
        { 131, 0, NAT64_NDP_UNSUPPORTED },       /* MLD report. */
        { 132, 0, NAT64_NDP_UNSUPPORTED },       /* MLD done. */
        { 143, 0, NAT64_NDP_UNSUPPORTED },       /* MLDv2 report. */
        { 133, 0, NAT64_NDP_UNSUPPORTED },       /* Router solicitation. */
        { 134, 0, NAT64_NDP_UNSUPPORTED },       /* Router advertisement. */
        { 137, 0, NAT64_NDP_UNSUPPORTED },       /* Redirect. */
    };
    struct inner x;
    size_t i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_context("type %u code %u", cases[i].type, cases[i].code);
        inner_default(&x, PB_IP_UDP);
        x.copy = 8;
        expect_drop_6to4(cases[i].type, cases[i].code, 0, &x,
                         cases[i].reason);
    }
}

static void
test_6to4_inner(void **state)
{
    struct inner x;
    size_t in_len, exp_len, n;
    struct pb_ip6 o;
    struct pb_ip6 ih;

    (void) state;

    inner_default(&x, PB_IP_UDP);
    x.frag = true;
    pb_context("inner first fragment");
    expect_6to4(1, 4, 0, &x, 3, 3, 0);

    inner_default(&x, PB_IP_UDP);
    x.udp_no_csum = true;
    pb_context("inner UDP without checksum");
    expect_6to4(1, 4, 0, &x, 3, 3, 0);

    inner_default(&x, PB_IP_TCP);
    x.copy = 8;
    pb_context("inner TCP, 8 bytes");
    expect_6to4(1, 0, 0, &x, 3, 1, 0);

    inner_default(&x, PB_IP_TCP);
    x.copy = 17;
    pb_context("inner TCP, 17 bytes");
    expect_6to4(1, 0, 0, &x, 3, 1, 0);

    inner_default(&x, PB_IP_TCP);
    x.copy = 18;
    pb_context("inner TCP, 18 bytes");
    expect_6to4(1, 0, 0, &x, 3, 1, 0);

    inner_default(&x, PB_IP_ICMP);
    x.copy = 64;
    pb_context("inner echo");
    expect_6to4(3, 0, 0, &x, 11, 0, 0);

    inner_default(&x, PB_IP_ICMP);
    x.copy = 4;
    pb_context("inner echo, 4 bytes");
    expect_6to4(3, 0, 0, &x, 11, 0, 0);

    inner_default(&x, PB_IP_UDP);
    x.seg_len = 1400;
    x.copy = 1000;
    pb_context("inner > 1260 bytes: DF");
    expect_6to4(3, 0, 0, &x, 11, 0, 0);

    inner_default(&x, PB_IP_UDP);
    x.copy = 0;
    pb_context("inner header only");
    expect_6to4(3, 0, 0, &x, 11, 0, 0);

    /* Extension headers inside are skipped. */
    inner_default(&x, PB_IP_UDP);
    x.copy = 8;
    exp_len = build_error4_from6(exp_, 3, 1, 0, &x, 60);
    n = pb_icmp(msg, 1, 0, 0, NULL, 0);
    pb_ip6_default(&ih, PB_IP_DSTOPTS);
    memcpy(ih.src, h6, 16);
    memcpy(ih.dst, d6, 16);
    ih.tc = x.tos;
    ih.hlim = x.ttl;
    n += pb_ip6_hdr(msg + n, &ih, x.seg_len + 16);
    n += pb_opts6(msg + n, PB_IP_UDP, 16);
    memcpy(msg + n, seg6, x.copy);
    n += x.copy;
    pb_fill_csum6(msg, n, PB_IP_ICMPV6, r6, h6);
    pb_ip6_default(&o, PB_IP_ICMPV6);
    memcpy(o.src, r6, 16);
    memcpy(o.dst, h6, 16);
    o.hlim = 60;
    o.tc = 0xc0;
    in_len = pb_frame6(in, PB_L2_ETH, &o, NULL, 0, msg, n);
    pb_context("inner destination options");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);
}

static void
test_6to4_error_in_error(void **state)
{
    static const uint8_t types[] = { 3, 11, 12 };
    struct inner x;
    size_t i;

    (void) state;
    for (i = 0; i < sizeof types; i++) {
        pb_context("inner type %u", types[i]);
        inner_default(&x, PB_IP_ICMP);
        x.icmp_type4 = types[i];
        x.copy = 48;
        expect_drop_6to4(1, 0, 0, &x, NAT64_ICMP_ERROR_IN_ERROR);
    }
}

static void
test_6to4_inner_bad(void **state)
{
    struct inner x;
    size_t in_len;
    enum nat64_drop_reason r;

    (void) state;
    inner_default(&x, PB_IP_UDP);
    x.copy = 8;

    /* Inner version 4. */
    in_len = build_error6(in, 1, 0, 0, &x, 60, false);
    in[14 + 40 + 8] = 0x40;
    pb_put16(in + 14 + 42, 0);
    pb_fill_csum6(in + 14 + 40, in_len - 54, PB_IP_ICMPV6, r6, h6);
    pb_context("inner version 4");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_ICMP_INNER_BAD);

    /* Inner header cut at 39 bytes. */
    in_len = build_error6(in, 1, 0, 0, &x, 60, false);
    in_len = 14 + 40 + 8 + 39;
    pb_put16(in + 14 + 4, 8 + 39);
    pb_fill_csum6(in + 14 + 40, 8 + 39, PB_IP_ICMPV6, r6, h6);
    pb_context("inner header cut");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_ICMP_INNER_BAD);

    /* No inner packet. */
    in_len = 14 + 40 + 8;
    pb_put16(in + 14 + 4, 8);
    pb_fill_csum6(in + 14 + 40, 8, PB_IP_ICMPV6, r6, h6);
    pb_context("no inner packet");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_ICMP_INNER_BAD);

    /* Inner addresses outside the prefix: not translatable (the reason
     * is not specified beyond that). */
    in_len = build_error6(in, 1, 0, 0, &x, 60, false);
    in[14 + 40 + 8 + 8] ^= 0x01;        /* Inner source. */
    pb_fill_csum6(in + 14 + 40, in_len - 54, PB_IP_ICMPV6, r6, h6);
    pb_context("inner source outside the prefix");
    r = pb_xlate(false, &cfg, in, in_len, 14, out, &in_len);
    if (r != NAT64_SRC_NOT_IN_PREFIX && r != NAT64_ICMP_INNER_BAD) {
        fail_msg("inner source outside the prefix: %s",
                 nat64_drop_reason_name(r));
    }
}

/* Errors and echo with every prefix format (addresses of the outer and
 * the inner packet mapped alike). */
static void
test_prefixes(void **state)
{
    static const struct {
        const char *prefix;
        unsigned int len;
    } prefixes[] = {
        /* Not 64:ff9b::/96, which the documentation addresses of these
         * packets may not use (RFC 6052 3.1). */
        { "2001:db8::", 32 }, { "2001:db8:100::", 40 },
        { "2001:db8:122::", 48 }, { "2001:db8:122:300::", 56 },
        { "2001:db8:122:344::", 64 }, { "2001:db8:122:344::", 96 },
    };
    struct inner x;
    size_t i;

    (void) state;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        pb_config(&cfg, prefixes[i].prefix, prefixes[i].len,
                  NAT64_TTL_COPY);
        pb_map(&cfg.prefix, r4, r6);
        pb_map(&cfg.prefix, h4, h6);
        pb_map(&cfg.prefix, d4, d6);

        inner_default(&x, PB_IP_TCP);
        x.copy = 40;
        pb_context("%s/%u, 4to6", prefixes[i].prefix, prefixes[i].len);
        expect_4to6(3, 3, 0, &x, 1, 4, 0);
        pb_context("%s/%u, 6to4", prefixes[i].prefix, prefixes[i].len);
        expect_6to4(1, 4, 0, &x, 3, 3, 0);

        inner_default(&x, PB_IP_ICMP);
        x.copy = 30;
        pb_context("%s/%u, inner echo", prefixes[i].prefix,
                   prefixes[i].len);
        expect_4to6(11, 1, 0, &x, 3, 1, 0);
        expect_6to4(3, 1, 0, &x, 11, 1, 0);
    }
}

/* Headroom: an ICMPv4 error about a fragment grows by 48 bytes, the most
 * any IPv4 packet can. */
static void
test_headroom(void **state)
{
    struct inner x;
    struct pb_run r;
    size_t in_len, exp_len, start;

    (void) state;
    inner_default(&x, PB_IP_UDP);
    x.frag = true;
    x.copy = 8;
    in_len = build_error4(in, 3, 1, 0, &x, 60);
    exp_len = build_error6(exp_, 1, 0, 0, &x, 60, true);
    assert_int_equal(exp_len - in_len, NAT64_MAX_GROWTH);

    pb_load(&r, in, in_len, 14, NAT64_MAX_GROWTH - 1, in_len);
    pb_assert_reason(pb_run(&r, true, &cfg), NAT64_NO_HEADROOM);
    assert_int_equal(r.pkt.need, NAT64_MAX_GROWTH);
    pb_unload(&r);

    pb_load(&r, in, in_len, 14, NAT64_MAX_GROWTH, in_len);
    pb_assert_reason(pb_run(&r, true, &cfg), NAT64_OK);
    assert_int_equal(r.pkt.l4_ofs, 14 + 40);
    pb_assert_frame(r.pkt.data, r.pkt.len, exp_, exp_len);
    pb_unload(&r);

    /* Not linear: whatever is asked for is enough. */
    for (start = 0; start < in_len; start++) {
        size_t linear = start;
        enum nat64_drop_reason reason;
        int tries = 0;

        for (;;) {
            pb_context("linear %zu (from %zu)", linear, start);
            pb_load(&r, in, in_len, 14, NAT64_MAX_GROWTH, linear);
            reason = pb_run(&r, true, &cfg);
            if (reason == NAT64_OK) {
                size_t got = (size_t) (r.data0 + linear - r.pkt.data);

                assert_int_equal(r.pkt.len, exp_len);
                pb_assert_frame(r.pkt.data, got < exp_len ? got : exp_len,
                                exp_, got < exp_len ? got : exp_len);
                pb_unload(&r);
                break;
            }
            pb_assert_reason(reason, NAT64_NOT_LINEAR);
            linear = r.pkt.need;
            pb_unload(&r);
            assert_true(++tries < 8);
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_echo, setup),
        cmocka_unit_test_setup(test_echo_bad_csum_kept, setup),
        cmocka_unit_test_setup(test_fragmented, setup),
        cmocka_unit_test_setup(test_4to6_dest_unreach, setup),
        cmocka_unit_test_setup(test_4to6_time_exceeded, setup),
        cmocka_unit_test_setup(test_4to6_packet_too_big, setup),
        cmocka_unit_test_setup(test_4to6_param_problem, setup),
        cmocka_unit_test_setup(test_4to6_untranslatable, setup),
        cmocka_unit_test_setup(test_4to6_inner, setup),
        cmocka_unit_test_setup(test_4to6_cut_1280, setup),
        cmocka_unit_test_setup(test_4to6_error_in_error, setup),
        cmocka_unit_test_setup(test_4to6_inner_bad, setup),
        cmocka_unit_test_setup(test_decrement, setup),
        cmocka_unit_test_setup(test_6to4_dest_unreach, setup),
        cmocka_unit_test_setup(test_6to4_packet_too_big, setup),
        cmocka_unit_test_setup(test_6to4_error_size, setup),
        cmocka_unit_test_setup(test_6to4_time_exceeded, setup),
        cmocka_unit_test_setup(test_6to4_param_problem, setup),
        cmocka_unit_test_setup(test_6to4_untranslatable, setup),
        cmocka_unit_test_setup(test_6to4_inner, setup),
        cmocka_unit_test_setup(test_6to4_error_in_error, setup),
        cmocka_unit_test_setup(test_6to4_inner_bad, setup),
        cmocka_unit_test_setup(test_prefixes, setup),
        cmocka_unit_test_setup(test_headroom, setup),
    };

    return cmocka_run_group_tests_name("icmp", tests, NULL, NULL);
}
