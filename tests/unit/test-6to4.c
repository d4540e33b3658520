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

/* IPv6 to IPv4, RFC 7915 section 5 (ICMPv6 in test-icmp.c, NDP in
 * test-nd.c). */

#include "pkt-builder.h"

#include <stdlib.h>
#include <string.h>

static uint8_t in[PB_FRAME_MAX];
static uint8_t out[PB_FRAME_MAX];
static uint8_t exp4[PB_FRAME_MAX];
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

/* RFC 6052 2.3, independently: the IPv4 octets around the u-octet. */
static void
unmap(const struct nat64_prefix *p, const uint8_t v6[16], uint8_t v4[4])
{
    size_t pos = p->len / 8;
    int i;

    for (i = 0; i < 4; i++) {
        if (pos == 8) {
            pos++;
        }
        v4[i] = v6[pos++];
    }
}

/* The IPv4 header RFC 7915 5.1 makes of 'h6' carrying 'l4_len' bytes of
 * protocol 'proto' without a Fragment header: DF and ID 0 above 1260
 * bytes, else DF clear and the caller's ID. */
static void
v4_from_v6(const struct pb_ip6 *h6, const struct nat64_config *c,
           uint8_t proto, size_t l4_len, uint16_t ipv4_id,
           struct pb_ip4 *h4)
{
    memset(h4, 0, sizeof *h4);
    h4->tos = h6->tc;
    h4->ttl = c->ttl_mode == NAT64_TTL_DECREMENT ? h6->hlim - 1 : h6->hlim;
    h4->proto = proto;
    if (20 + l4_len > 1260) {
        h4->id = 0;
        h4->frag = PB_IP4_DF;
    } else {
        h4->id = ipv4_id;
        h4->frag = 0;
    }
    unmap(&c->prefix, h6->src, h4->src);
    unmap(&c->prefix, h6->dst, h4->dst);
}

/* Builds into 'in' the IPv6 frame of 'h6' and the extension headers
 * 'ext' carrying the segment 's' of protocol 'proto' (its checksum field
 * zero, filled here), and into 'exp4' the IPv4 frame of 'h4'. */
static void
build_pair(enum pb_l2 l2, const struct pb_ip6 *h6, const uint8_t *ext,
           size_t ext_len, const struct pb_ip4 *h4, const uint8_t *s,
           size_t s_len, size_t *in_len, size_t *exp_len)
{
    memcpy(seg4, s, s_len);
    memcpy(seg6, s, s_len);
    if (h4->proto == PB_IP_TCP || h4->proto == PB_IP_UDP) {
        pb_fill_csum6(seg6, s_len, h4->proto, h6->src, h6->dst);
        pb_fill_csum4(seg4, s_len, h4->proto, h4->src, h4->dst);
    }
    *in_len = pb_frame6(in, l2, h6, ext, ext_len, seg6, s_len);
    *exp_len = pb_frame4(exp4, l2, h4, seg4, s_len);
}

/* The common case: no extension headers, default everything. */
static void
build_simple(enum pb_l2 l2, const struct pb_ip6 *h6, const uint8_t *s,
             size_t s_len, size_t *in_len, size_t *exp_len)
{
    struct pb_ip4 h4;

    v4_from_v6(h6, &cfg, h6->nh, s_len, PB_IPV4_ID, &h4);
    build_pair(l2, h6, NULL, 0, &h4, s, s_len, in_len, exp_len);
}

/* scapy: Ether()/IPv6(tc=0x28, fl=0xabcde, hlim=17)/TCP(40000, 80, "S")
 * /"hello" and the IPv4 packet it becomes with ID 0x4242. */
static const uint8_t golden_tcp6[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x86, 0xdd, 0x62, 0x8a, 0xbc, 0xde, 0x00, 0x19, 0x06, 0x11, 0xfe, 0x80,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00,
    0x02, 0x21, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xc6, 0x33, 0x64, 0x0a, 0x9c, 0x40, 0x00, 0x50, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x50, 0x02, 0x02, 0x00, 0xe4, 0x16,
    0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f
};

static const uint8_t golden_tcp4[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x08, 0x00, 0x45, 0x28, 0x00, 0x2d, 0x42, 0x42, 0x00, 0x00, 0x11, 0x06,
    0x7b, 0x02, 0xc0, 0x00, 0x02, 0x21, 0xc6, 0x33, 0x64, 0x0a, 0x9c, 0x40,
    0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x50, 0x02,
    0x02, 0x00, 0xe1, 0x18, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f
};

static void
test_golden_tcp(void **state)
{
    (void) state;
    pb_check_csums(golden_tcp6, sizeof golden_tcp6, 14);
    pb_check_csums(golden_tcp4, sizeof golden_tcp4, 14);
    pb_expect_frame(false, &cfg, golden_tcp6, sizeof golden_tcp6, 14,
                    golden_tcp4, sizeof golden_tcp4);
}

/* TOS = traffic class, the flow label is lost, TTL = hop limit, total
 * length, protocol, addresses, DF clear and the caller's ID. */
static void
test_tcp(void **state)
{
    struct pb_ip6 h6;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip6_default(&h6, PB_IP_TCP);
    h6.tc = 0xb8;
    h6.flow = 0xfffff;
    n = pb_tcp(seg, 443, 33000, NULL, 700);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);

    /* The exact IPv4 header bytes, checksum aside. */
    pb_assert_frame(exp4 + 14, 10,
                    (const uint8_t []) { 0x45, 0xb8, 0x02, 0xe4, 0x42, 0x42,
                                         0x00, 0x00, 64, 6 }, 10);
}

static void
test_udp(void **state)
{
    struct pb_ip6 h6;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip6_default(&h6, PB_IP_UDP);
    h6.tc = 0x01;
    h6.flow = 0x12345;
    h6.hlim = 255;
    n = pb_udp(seg, 53, 5353, NULL, 501);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);
}

/* IPv6 UDP must have a checksum: zero is refused. */
static void
test_udp_zero_csum(void **state)
{
    struct pb_ip6 h6;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip6_default(&h6, PB_IP_UDP);
    n = pb_udp(seg, 53, 5353, NULL, 50);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_put16(in + 14 + 40 + 6, 0);
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_UDP_ZERO_CSUM_V6);
}

/* A UDP checksum that comes out as zero is sent as 0xffff. */
static void
test_udp_csum_becomes_ffff(void **state)
{
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, in_len, exp_len;
    uint32_t w;

    (void) state;
    pb_ip6_default(&h6, PB_IP_UDP);
    v4_from_v6(&h6, &cfg, PB_IP_UDP, 48, PB_IPV4_ID, &h4);
    n = pb_udp(seg, 7, 7, NULL, 40);
    for (w = 0; w <= 0xffff; w++) {
        pb_put16(seg + 30, (uint16_t) w);
        if (pb_csum(pb_sum(pb_pseudo4(h4.src, h4.dst, PB_IP_UDP,
                                      (uint32_t) n), seg, n)) == 0) {
            break;
        }
    }
    assert_true(w <= 0xffff);
    build_pair(PB_L2_ETH, &h6, NULL, 0, &h4, seg, n, &in_len, &exp_len);
    assert_int_equal(pb_get16(exp4 + 14 + 20 + 6), 0xffff);
    pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);
}

/* DF is set, with ID 0, when the IPv4 packet is longer than 1260 bytes;
 * else DF is clear and the ID is the caller's. */
static void
test_df_rule(void **state)
{
    static const uint16_t ids[] = { 0, 1, 0x4242, 0xffff };
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, in_len, exp_len, out_len, i, total;

    (void) state;
    for (total = 1250; total <= 1270; total++) {
        for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
            pb_ip6_default(&h6, PB_IP_UDP);
            n = pb_udp(seg, 1, 2, NULL, total - 28);
            v4_from_v6(&h6, &cfg, PB_IP_UDP, n, ids[i], &h4);
            build_pair(PB_L2_ETH, &h6, NULL, 0, &h4, seg, n, &in_len,
                       &exp_len);
            assert_int_equal(exp_len, 14 + total);
            assert_int_equal(pb_get16(exp4 + 14 + 6),
                             total > 1260 ? PB_IP4_DF : 0);
            pb_context("total %zu, id %#x", total, ids[i]);
            pb_assert_reason(pb_xlate_ex(false, &cfg, in, in_len, 14, 0,
                                         ids[i], out, &out_len),
                             NAT64_OK);
            pb_assert_frame(out, out_len, exp4, exp_len);
            pb_check_csums(out, out_len, 14);
        }
    }
}

/* A packet its caller refragments (NAT64_PKT_REFRAGMENT: conntrack
 * reassembled it) never gets DF, and always gets the caller's ID, so that
 * its fragments reassemble. */
static void
test_refragment_clears_df(void **state)
{
    static const size_t totals[] = { 100, 1260, 1261, 1500, 9000 };
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, in_len, exp_len, out_len, i;

    (void) state;
    for (i = 0; i < sizeof totals / sizeof totals[0]; i++) {
        pb_ip6_default(&h6, PB_IP_UDP);
        n = pb_udp(seg, 1, 2, NULL, totals[i] - 28);
        v4_from_v6(&h6, &cfg, PB_IP_UDP, n, 0x1234, &h4);
        h4.id = 0x1234;
        h4.frag = 0;
        build_pair(PB_L2_ETH, &h6, NULL, 0, &h4, seg, n, &in_len,
                   &exp_len);
        pb_context("total %zu", totals[i]);
        pb_assert_reason(pb_xlate_ex(false, &cfg, in, in_len, 14,
                                     NAT64_PKT_REFRAGMENT, 0x1234, out,
                                     &out_len), NAT64_OK);
        pb_assert_frame(out, out_len, exp4, exp_len);
        pb_check_csums(out, out_len, 14);
    }
}

/* nat64_6to4_needs_ipv4_id() says no exactly where the ID goes unused:
 * TCP or UDP above 1260 bytes as IPv4, unless refragmented.  Where it says
 * no, two different IDs give the same frame. */
static void
test_needs_ipv4_id(void **state)
{
    static const size_t totals[] = { 100, 1259, 1260, 1261, 1262, 9000 };
    static const uint32_t flags[] = { 0, NAT64_PKT_REFRAGMENT };
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, in_len, exp_len, i, j;

    (void) state;
    for (i = 0; i < sizeof totals / sizeof totals[0]; i++) {
        for (j = 0; j < sizeof flags / sizeof flags[0]; j++) {
            uint8_t *out2 = pb_buf();
            size_t out_len, out2_len;
            struct pb_run r;
            bool needs;

            pb_ip6_default(&h6, PB_IP_UDP);
            n = pb_udp(seg, 1, 2, NULL, totals[i] - 28);
            v4_from_v6(&h6, &cfg, PB_IP_UDP, n, 1, &h4);
            build_pair(PB_L2_ETH, &h6, NULL, 0, &h4, seg, n, &in_len,
                       &exp_len);
            pb_load(&r, in, in_len, 14, PB_HEADROOM, in_len);
            r.pkt.flags = flags[j];
            needs = nat64_6to4_needs_ipv4_id(&r.pkt);
            pb_unload(&r);

            pb_context("total %zu, flags %#x", totals[i], flags[j]);
            assert_int_equal(needs, totals[i] <= 1260 || flags[j]);
            pb_assert_reason(pb_xlate_ex(false, &cfg, in, in_len, 14,
                                         flags[j], 1, out, &out_len),
                             NAT64_OK);
            pb_assert_reason(pb_xlate_ex(false, &cfg, in, in_len, 14,
                                         flags[j], 2, out2, &out2_len),
                             NAT64_OK);
            assert_int_equal(!needs, out_len == out2_len
                                     && !memcmp(out, out2, out_len));
            free(out2);
        }
    }

    /* ICMPv6 (an error's size is decided later) and a header that is not
     * linear yet: it cannot tell, so yes. */
    pb_ip6_default(&h6, 58);
    n = pb_udp(seg, 1, 2, NULL, 1400);
    v4_from_v6(&h6, &cfg, 58, n, 1, &h4);
    build_pair(PB_L2_ETH, &h6, NULL, 0, &h4, seg, n, &in_len, &exp_len);
    {
        struct pb_run r;

        pb_load(&r, in, in_len, 14, PB_HEADROOM, in_len);
        assert_true(nat64_6to4_needs_ipv4_id(&r.pkt));
        pb_unload(&r);
        pb_ip6_default(&h6, PB_IP_UDP);
        n = pb_udp(seg, 1, 2, NULL, 1400);
        v4_from_v6(&h6, &cfg, PB_IP_UDP, n, 1, &h4);
        build_pair(PB_L2_ETH, &h6, NULL, 0, &h4, seg, n, &in_len, &exp_len);
        pb_load(&r, in, in_len, 14, PB_HEADROOM, 14 + 39);
        assert_true(nat64_6to4_needs_ipv4_id(&r.pkt));
        pb_unload(&r);
    }
}

/* A Fragment header gives the ID (low 16 bits), offset and MF, DF clear
 * whatever the size; the first fragment's checksum is updated.  An atomic
 * fragment (offset 0, M clear) is not a fragment (RFC 6946): DF and ID by
 * size, as without the header. */
static void
test_fragments(void **state)
{
    static const struct {
        uint16_t off;           /* 8-byte units. */
        bool m;
        size_t start, len;
    } frags[] = {
        { 0, true, 0, 1400 },
        { 175, true, 1400, 1400 },
        { 350, false, 2800, 200 },
        { 0, false, 0, 3000 },          /* Atomic fragment. */
    };
    uint8_t *dgram4 = calloc(1, 4000), *dgram6 = calloc(1, 4000);
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    uint8_t fh[8];
    size_t n, in_len, exp_len, i;

    (void) state;
    pb_ip6_default(&h6, PB_IP_FRAGMENT);
    h6.tc = 0x04;
    n = pb_udp(dgram6, 4789, 4789, NULL, 2992);
    assert_int_equal(n, 3000);
    v4_from_v6(&h6, &cfg, PB_IP_UDP, n, 0, &h4);
    memcpy(dgram4, dgram6, n);
    pb_fill_csum6(dgram6, n, PB_IP_UDP, h6.src, h6.dst);
    pb_fill_csum4(dgram4, n, PB_IP_UDP, h4.src, h4.dst);

    for (i = 0; i < sizeof frags / sizeof frags[0]; i++) {
        struct pb_run r;

        pb_frag6(fh, PB_IP_UDP, frags[i].off, frags[i].m, 0x12345678);
        in_len = pb_frame6(in, PB_L2_ETH, &h6, fh, 8,
                           dgram6 + frags[i].start, frags[i].len);
        h4.id = 0x5678;
        h4.frag = frags[i].off | (frags[i].m ? PB_IP4_MF : 0);
        if (!frags[i].off && !frags[i].m) {
            h4.id = 0;                  /* 3000 bytes: DF, ID 0. */
            h4.frag = PB_IP4_DF;
        }
        exp_len = pb_frame4(exp4, PB_L2_ETH, &h4, dgram4 + frags[i].start,
                            frags[i].len);
        pb_context("fragment %zu", i);
        pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);

        pb_load(&r, in, in_len, 14, 0, in_len);
        pb_assert_reason(pb_run(&r, false, &cfg), NAT64_OK);
        assert_int_equal(r.pkt.l4_ofs, 14 + 20);
        assert_int_equal(r.pkt.headroom, 28);
        pb_unload(&r);
    }
    free(dgram4);
    free(dgram6);
}

/* Atomic fragments (RFC 6946, RFC 8021): a small one gets DF clear and
 * the caller's ID, an ICMPv6 message in one is translated, extension
 * headers after one are skipped like any, and the reserved bits do not
 * make it a fragment. */
static void
test_atomic_fragment(void **state)
{
    static const uint16_t reserved[] = { 0, 2, 4, 6 };
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    uint8_t ext[16];
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        pb_ip6_default(&h6, PB_IP_FRAGMENT);
        pb_frag6(ext, PB_IP_UDP, 0, false, 0x12345678);
        ext[3] |= reserved[i];
        n = pb_udp(seg, 1, 2, NULL, 100);
        v4_from_v6(&h6, &cfg, PB_IP_UDP, n, PB_IPV4_ID, &h4);
        build_pair(PB_L2_ETH, &h6, ext, 8, &h4, seg, n, &in_len, &exp_len);
        assert_int_equal(pb_get16(exp4 + 14 + 6), 0);
        pb_context("UDP, reserved bits %u", reserved[i]);
        pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);
    }

    /* Then destination options: skipped, as without a Fragment header. */
    pb_ip6_default(&h6, PB_IP_FRAGMENT);
    pb_frag6(ext, PB_IP_DSTOPTS, 0, false, 0x12345678);
    pb_opts6(ext + 8, PB_IP_UDP, 8);
    n = pb_udp(seg, 1, 2, NULL, 100);
    v4_from_v6(&h6, &cfg, PB_IP_UDP, n, PB_IPV4_ID, &h4);
    build_pair(PB_L2_ETH, &h6, ext, 16, &h4, seg, n, &in_len, &exp_len);
    pb_context("UDP, then destination options");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);

    /* Neighbor Discovery in one is ignored (RFC 6980 5). */
    {
        static const uint8_t target[16] = {
            0xfe, 0x80, [12] = 192, 168, 0, 100,
        };
        uint8_t nd[64];

        pb_ip6_default(&h6, PB_IP_FRAGMENT);
        pb_ip6(h6.dst, "ff02::1:ffa8:64");
        h6.hlim = 255;
        pb_frag6(ext, PB_IP_ICMPV6, 0, false, 7);
        n = pb_ns(nd, target, NULL);
        pb_fill_csum6(nd, n, PB_IP_ICMPV6, h6.src, h6.dst);
        in_len = pb_frame6(in, PB_L2_ETH, &h6, ext, 8, nd, n);
        pb_context("NS");
        pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);
    }

    /* ICMPv6 Echo in one: an ICMP Echo (not icmp_fragmented). */
    {
        uint8_t out4[256];
        size_t out_len;

        pb_ip6_default(&h6, PB_IP_FRAGMENT);
        pb_frag6(ext, PB_IP_ICMPV6, 0, false, 7);
        n = pb_icmp(seg, 128, 0, 0x00010001, NULL, 32);
        pb_fill_csum6(seg, n, PB_IP_ICMPV6, h6.src, h6.dst);
        in_len = pb_frame6(in, PB_L2_ETH, &h6, ext, 8, seg, n);
        pb_context("ICMPv6 echo");
        pb_assert_reason(pb_xlate(false, &cfg, in, in_len, 14, out4,
                                  &out_len), NAT64_OK);
        assert_int_equal(out_len, 14 + 20 + n);
        assert_int_equal(out4[14 + 9], 1);          /* ICMP. */
        assert_int_equal(out4[14 + 20], 8);         /* Echo request. */
        assert_int_equal(pb_get16(out4 + 14 + 6), 0);
        pb_check_csums(out4, out_len, 14);
    }
}

/* No Next Header (59): IPv4 protocol 59 with an empty payload, whatever
 * follows the headers (RFC 8200 4.7), empty or not, after extension
 * headers or not.  A zero payload length is a jumbogram only with a
 * Hop-by-Hop header. */
static void
test_no_next_header(void **state)
{
    static const size_t junk[] = { 0, 8, 100 };
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    uint8_t ext[8];
    size_t in_len, exp_len, i, j;

    (void) state;
    for (i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        for (j = 0; j < 2; j++) {
            pb_ip6_default(&h6, j ? PB_IP_DSTOPTS : PB_IP_NONE);
            pb_opts6(ext, PB_IP_NONE, 8);
            pb_pattern(seg, junk[i], 3);
            in_len = pb_frame6(in, PB_L2_ETH, &h6, ext, j ? 8 : 0, seg,
                               junk[i]);
            v4_from_v6(&h6, &cfg, PB_IP_NONE, 0, PB_IPV4_ID, &h4);
            exp_len = pb_frame4(exp4, PB_L2_ETH, &h4, seg, 0);
            assert_int_equal(exp_len, 14 + 20);
            pb_context("%zu bytes after, extension header %zu", junk[i], j);
            pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);
        }
    }

    /* Payload length 0 behind a Hop-by-Hop header: a jumbogram. */
    pb_ip6_default(&h6, PB_IP_HOPOPTS);
    in_len = pb_frame6(in, PB_L2_ETH, &h6, NULL, 0, seg, 0);
    pb_context("jumbogram");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V6_BAD_HEADER);
}

/* Hop-by-hop, destination options and routing headers (no segments
 * left) are skipped, a Fragment header after them still counts. */
static void
test_extension_headers(void **state)
{
    uint8_t ext[128];
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, e, in_len, exp_len;
    struct pb_run r;

    (void) state;
    n = pb_tcp(seg, 1, 2, NULL, 100);

    /* HBH (8), DST (16), RT (24, type 2... any type, segleft 0), DST (8). */
    pb_ip6_default(&h6, PB_IP_HOPOPTS);
    e = pb_opts6(ext, PB_IP_DSTOPTS, 8);
    e += pb_opts6(ext + e, PB_IP_ROUTING, 16);
    e += pb_routing6(ext + e, PB_IP_DSTOPTS, 4, 0, 24);
    e += pb_opts6(ext + e, PB_IP_TCP, 8);
    v4_from_v6(&h6, &cfg, PB_IP_TCP, n, PB_IPV4_ID, &h4);
    build_pair(PB_L2_ETH, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    pb_context("HBH DST RT DST");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);

    pb_load(&r, in, in_len, 14, 0, in_len);
    pb_assert_reason(pb_run(&r, false, &cfg), NAT64_OK);
    assert_int_equal(r.pkt.l4_ofs, 14 + 20);
    assert_int_equal(r.pkt.headroom, 40 + e - 20);
    pb_unload(&r);

    /* HBH, Fragment (first, M): the fragment fields come through. */
    pb_ip6_default(&h6, PB_IP_HOPOPTS);
    e = pb_opts6(ext, PB_IP_FRAGMENT, 16);
    e += pb_frag6(ext + e, PB_IP_TCP, 0, true, 0xabcd);
    v4_from_v6(&h6, &cfg, PB_IP_TCP, n, 0, &h4);
    h4.id = 0xabcd;
    h4.frag = PB_IP4_MF;
    build_pair(PB_L2_ETH, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    pb_context("HBH FRAG");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);

    /* Routing with segments left: RFC 7915 5.1 says drop. */
    pb_ip6_default(&h6, PB_IP_ROUTING);
    e = pb_routing6(ext, PB_IP_TCP, 0, 1, 24);
    build_pair(PB_L2_ETH, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    pb_context("segments left");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V6_SEGMENTS_LEFT);

    pb_ip6_default(&h6, PB_IP_DSTOPTS);
    e = pb_opts6(ext, PB_IP_ROUTING, 8);
    e += pb_routing6(ext + e, PB_IP_TCP, 4, 255, 8);
    build_pair(PB_L2_ETH, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    pb_context("segments left after DST");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V6_SEGMENTS_LEFT);
}

static void
test_bad_extension_headers(void **state)
{
    uint8_t ext[64];
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, e, in_len, exp_len;

    (void) state;
    n = pb_tcp(seg, 1, 2, NULL, 10);
    pb_ip4_default(&h4, PB_IP_TCP);

    /* Hop-by-hop not first (RFC 8200 4.1). */
    pb_ip6_default(&h6, PB_IP_DSTOPTS);
    e = pb_opts6(ext, PB_IP_HOPOPTS, 8);
    e += pb_opts6(ext + e, PB_IP_TCP, 8);
    build_pair(PB_L2_ETH, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    pb_context("HBH second");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V6_BAD_EXT_HEADER);

    /* Two Fragment headers. */
    pb_ip6_default(&h6, PB_IP_FRAGMENT);
    e = pb_frag6(ext, PB_IP_FRAGMENT, 0, true, 1);
    e += pb_frag6(ext + e, PB_IP_TCP, 0, true, 1);
    build_pair(PB_L2_ETH, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    pb_context("two fragment headers");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V6_BAD_EXT_HEADER);

    /* An extension header past the payload. */
    pb_ip6_default(&h6, PB_IP_DSTOPTS);
    e = pb_opts6(ext, PB_IP_TCP, 40);
    in_len = pb_frame6(in, PB_L2_ETH, &h6, ext, e, seg, 0);
    pb_put16(in + 14 + 4, 32);
    pb_context("extension header past the payload");
    pb_expect_drop(false, &cfg, in, 14 + 40 + 32, 14,
                   NAT64_V6_BAD_EXT_HEADER);

    /* Payload ending within an extension header's first 8 bytes. */
    pb_put16(in + 14 + 4, 6);
    pb_context("payload of 6");
    pb_expect_drop(false, &cfg, in, 14 + 40 + 6, 14,
                   NAT64_V6_BAD_EXT_HEADER);
}

/* Both addresses must be in the prefix. */
static void
test_not_in_prefix(void **state)
{
    static const struct {
        const char *prefix;
        unsigned int len;
        const char *addr;
    } outside[] = {
        { "fe80::", 96, "fe80::1:c000:221" },
        { "fe80::", 96, "fe81::c000:221" },
        { "fe80::", 96, "2001:db8::c000:221" },
        { "fe80::", 96, "::c000:221" },
        { "64:ff9b::", 96, "fe80::c000:221" },
        { "2001:db8:122:344::", 64, "2001:db8:122:344:1c0:2:2100:0" },
        { "2001:db8::", 32, "2001:db8:c000:221:ff00::" },
        { "2001:db8::", 32, "2001:db9:c000:221::" },
    };
    struct nat64_config c;
    struct pb_ip6 h6;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        uint8_t a[16], inside[4];

        pb_config(&c, outside[i].prefix, outside[i].len, NAT64_TTL_COPY);
        pb_ip4(inside, "198.51.100.10");
        pb_ip6_default(&h6, PB_IP_UDP);
        pb_ip6(a, outside[i].addr);
        n = pb_udp(seg, 1, 2, NULL, 10);

        memcpy(h6.src, a, 16);
        pb_map(&c.prefix, inside, h6.dst);
        build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
        pb_context("source %s in %s/%u", outside[i].addr,
                   outside[i].prefix, outside[i].len);
        pb_expect_drop(false, &c, in, in_len, 14, NAT64_SRC_NOT_IN_PREFIX);

        pb_map(&c.prefix, inside, h6.src);
        memcpy(h6.dst, a, 16);
        build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
        pb_context("destination %s in %s/%u", outside[i].addr,
                   outside[i].prefix, outside[i].len);
        pb_expect_drop(false, &c, in, in_len, 14, NAT64_DST_NOT_IN_PREFIX);
    }
}

/* Every prefix format, the suffix ignored. */
static void
test_prefixes(void **state)
{
    static const struct {
        const char *prefix;
        unsigned int len;
        const char *src6;       /* 192.0.2.33, with a suffix. */
    } prefixes[] = {
        { "fe80::", 96, "fe80::c000:221" },
        { "64:ff9b::", 96, "64:ff9b::c000:221" },
        { "2001:db8::", 32, "2001:db8:c000:221:ff:1:2:3" },
        { "2001:db8:100::", 40, "2001:db8:1c0:2:21:ffff:ffff:ffff" },
        { "2001:db8:122::", 48, "2001:db8:122:c000:2:2100:0:1" },
        { "2001:db8:122:300::", 56, "2001:db8:122:3c0:0:221:8000:0" },
        { "2001:db8:122:344::", 64, "2001:db8:122:344:c0:2:2100:ff" },
        { "2001:db8:122:344::", 96, "2001:db8:122:344::192.0.2.33" },
    };
    struct nat64_config c;
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        uint8_t dst4[4];

        pb_config(&c, prefixes[i].prefix, prefixes[i].len, NAT64_TTL_COPY);
        pb_ip6_default(&h6, PB_IP_TCP);
        pb_ip6(h6.src, prefixes[i].src6);
        pb_ip4(dst4, "198.51.100.10");
        pb_map(&c.prefix, dst4, h6.dst);
        n = pb_tcp(seg, 1, 2, NULL, 10);
        v4_from_v6(&h6, &c, PB_IP_TCP, n, PB_IPV4_ID, &h4);
        pb_ip4(h4.src, "192.0.2.33");
        build_pair(PB_L2_ETH, &h6, NULL, 0, &h4, seg, n, &in_len, &exp_len);
        pb_context("%s/%u", prefixes[i].prefix, prefixes[i].len);
        if (!strcmp(prefixes[i].prefix, "64:ff9b::")) {
            /* RFC 6052 3.1: documentation addresses are not global. */
            pb_expect_drop(false, &c, in, in_len, 14, NAT64_WKP_NON_GLOBAL);
        } else {
            pb_expect_frame(false, &c, in, in_len, 14, exp4, exp_len);
        }
    }
}

static void
test_ttl(void **state)
{
    static const uint8_t hlims[] = { 1, 2, 64, 255 };
    struct nat64_config c = cfg;
    struct pb_ip6 h6;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof hlims; i++) {
        pb_ip6_default(&h6, PB_IP_TCP);
        h6.hlim = hlims[i];
        n = pb_tcp(seg, 1, 2, NULL, 10);

        /* Copied. */
        c.ttl_mode = NAT64_TTL_COPY;
        build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
        assert_int_equal(exp4[14 + 8], hlims[i]);
        pb_context("hop limit %u, copy", hlims[i]);
        pb_expect_frame(false, &c, in, in_len, 14, exp4, exp_len);

        /* Decremented. */
        c.ttl_mode = NAT64_TTL_DECREMENT;
        pb_context("hop limit %u, decrement", hlims[i]);
        if (hlims[i] > 1) {
            struct pb_ip4 h4;

            v4_from_v6(&h6, &c, PB_IP_TCP, n, PB_IPV4_ID, &h4);
            assert_int_equal(h4.ttl, hlims[i] - 1);
            build_pair(PB_L2_ETH, &h6, NULL, 0, &h4, seg, n, &in_len,
                       &exp_len);
            pb_expect_frame(false, &c, in, in_len, 14, exp4, exp_len);
        } else {
            pb_expect_drop(false, &c, in, in_len, 14, NAT64_TTL_EXPIRED);
        }
    }

    pb_ip6_default(&h6, PB_IP_TCP);
    h6.hlim = 0;
    n = pb_tcp(seg, 1, 2, NULL, 10);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_context("hop limit 0, decrement");
    pb_expect_drop(false, &c, in, in_len, 14, NAT64_TTL_EXPIRED);
}

static void
test_traffic_class_to_tos(void **state)
{
    static const uint8_t tcs[] = { 0x00, 0x01, 0x0f, 0x10, 0xb8, 0xff };
    struct pb_ip6 h6;
    size_t n, in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof tcs; i++) {
        pb_ip6_default(&h6, PB_IP_UDP);
        h6.tc = tcs[i];
        h6.flow = 0xf0f0f;
        n = pb_udp(seg, 1, 2, NULL, 10);
        build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
        assert_int_equal(exp4[14 + 1], tcs[i]);
        pb_context("traffic class %#x", tcs[i]);
        pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);
    }
}

/* Other next headers are carried as the protocol, payload untouched. */
static void
test_other_protocols(void **state)
{
    /* No Next Header has its own test. */
    static const uint8_t nhs[] = { PB_IP_ESP, 51, 47, 132, 253 };
    struct pb_ip6 h6;
    size_t in_len, exp_len, i;

    (void) state;
    for (i = 0; i < sizeof nhs; i++) {
        pb_ip6_default(&h6, nhs[i]);
        pb_pattern(seg, 33, nhs[i]);
        build_simple(PB_L2_ETH, &h6, seg, 33, &in_len, &exp_len);
        pb_context("next header %u", nhs[i]);
        pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);
    }
}

static void
test_bad_ipv6(void **state)
{
    struct pb_ip6 h6;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip6_default(&h6, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 20);

    /* Version 4 behind the IPv6 ethertype. */
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    in[14] = 0x40;
    pb_context("version 4");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V6_BAD_HEADER);

    /* Payload length 0 without a Hop-by-Hop header: no room for UDP. */
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_put16(in + 18, 0);
    pb_context("payload length 0");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_L4_TRUNCATED);

    /* Payload length past the frame. */
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_put16(in + 18, (uint16_t) (n + 1));
    pb_context("payload length past the frame");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V6_TRUNCATED);

    /* The header cut. */
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_context("header cut");
    pb_expect_drop(false, &cfg, in, 14 + 39, 14, NAT64_V6_TRUNCATED);
    pb_expect_drop(false, &cfg, in, 14, 14, NAT64_V6_TRUNCATED);
    pb_expect_drop(false, &cfg, in + 14, 39, 0, NAT64_V6_TRUNCATED);

    /* L2. */
    pb_context("L2");
    pb_expect_drop(false, &cfg, in, 13, 14, NAT64_L2_TRUNCATED);
    pb_expect_drop(false, &cfg, in, 0, 14, NAT64_L2_TRUNCATED);

    /* Not IPv6. */
    pb_put16(in + 12, PB_ETH_IPV4);
    pb_context("IPv4 ethertype");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_WRONG_L3);
    pb_put16(in + 12, PB_ETH_ARP);
    pb_context("ARP ethertype");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_WRONG_L3);
    in[14] = 0x45;
    pb_context("raw IPv4");
    pb_expect_drop(false, &cfg, in + 14, in_len - 14, 0, NAT64_WRONG_L3);
}

/* An IPv4 packet longer than 65535 bytes cannot be made. */
static void
test_too_big(void **state)
{
    uint8_t ext[24];
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, e, in_len, exp_len;

    (void) state;

    /* 65535 bytes of UDP: 65555 bytes of IPv4. */
    pb_ip6_default(&h6, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 65535 - 8);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_context("65535 payload");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V4_TOO_BIG);

    /* 65515 bytes: exactly 65535. */
    n = pb_udp(seg, 1, 2, NULL, 65515 - 8);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    assert_int_equal(pb_get16(exp4 + 14 + 2), 65535);
    pb_context("65515 payload");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);

    /* 65535 with 24 bytes of hop-by-hop options: 65531. */
    pb_ip6_default(&h6, PB_IP_HOPOPTS);
    e = pb_opts6(ext, PB_IP_UDP, sizeof ext);
    n = pb_udp(seg, 1, 2, NULL, 65535 - 8 - e);
    v4_from_v6(&h6, &cfg, PB_IP_UDP, n, PB_IPV4_ID, &h4);
    build_pair(PB_L2_ETH, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    pb_context("65535 payload with options");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp4, exp_len);

    /* ... and 16 bytes of options: 65539. */
    e = pb_opts6(ext, PB_IP_UDP, 16);
    n = pb_udp(seg, 1, 2, NULL, 65535 - 8 - e);
    build_pair(PB_L2_ETH, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    pb_context("65535 payload with 16 bytes of options");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_V4_TOO_BIG);
}

static void
test_l4_truncated(void **state)
{
    static const struct {
        uint8_t proto;
        size_t len;
    } cases[] = {
        { PB_IP_TCP, 1 }, { PB_IP_TCP, 19 },
        { PB_IP_UDP, 1 }, { PB_IP_UDP, 7 },
        { PB_IP_ICMPV6, 1 }, { PB_IP_ICMPV6, 7 },
    };
    struct pb_ip6 h6;
    size_t in_len, i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pb_ip6_default(&h6, cases[i].proto);
        memset(seg, 0xff, 32);
        seg[0] = 128;                   /* Echo request, if ICMPv6. */
        in_len = pb_frame6(in, PB_L2_ETH, &h6, NULL, 0, seg, cases[i].len);
        pb_context("protocol %u, %zu bytes", cases[i].proto, cases[i].len);
        pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_L4_TRUNCATED);
    }
}

static void
test_vlan_raw_padding(void **state)
{
    static const enum pb_l2 l2s[] = { PB_L2_NONE, PB_L2_ETH, PB_L2_VLAN };
    struct pb_ip6 h6;
    size_t in_len, exp_len, i;

    (void) state;
    for (i = 0; i < 3; i++) {
        size_t l2_len = pb_l2_len(l2s[i]);
        struct pb_run r;

        /* Protocol 253 (experimental) with 2 bytes: a frame under 60
         * bytes. */
        pb_ip6_default(&h6, 253);
        seg[0] = 0xaa;
        seg[1] = 0x55;
        build_simple(l2s[i], &h6, seg, 2, &in_len, &exp_len);
        if (l2s[i] == PB_L2_VLAN) {
            assert_int_equal(pb_get16(exp4 + 12), PB_ETH_VLAN);
            assert_int_equal(pb_get16(exp4 + 14), PB_VLAN_TCI);
            assert_int_equal(pb_get16(exp4 + 16), PB_ETH_IPV4);
        }
        pb_context("l2_len %zu", l2_len);
        pb_expect_frame(false, &cfg, in, in_len, l2_len, exp4, exp_len);

        /* Padded. */
        memset(in + in_len, 0x5a, 64);
        pb_context("l2_len %zu, padded", l2_len);
        pb_expect_frame(false, &cfg, in, in_len + 64, l2_len, exp4,
                        exp_len);

        /* No headroom needed. */
        pb_load(&r, in, in_len, l2_len, 0, in_len);
        pb_assert_reason(pb_run(&r, false, &cfg), NAT64_OK);
        assert_int_equal(r.pkt.headroom, 20);
        assert_int_equal(r.pkt.l4_ofs, l2_len + 20);
        pb_assert_frame(r.pkt.data, r.pkt.len, exp4, exp_len);
        pb_unload(&r);
    }
}

static void
test_csum_partial(void **state)
{
    static const uint8_t protos[] = { PB_IP_TCP, PB_IP_UDP };
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, in_len, exp_len, out_len, i;

    (void) state;
    for (i = 0; i < 2; i++) {
        int ofs = pb_csum_ofs(protos[i]);
        uint16_t seed4, seed6, got;

        pb_ip6_default(&h6, protos[i]);
        n = protos[i] == PB_IP_TCP ? pb_tcp(seg, 1, 2, NULL, 1400)
                                   : pb_udp(seg, 1, 2, NULL, 1400);
        v4_from_v6(&h6, &cfg, protos[i], n, 0x77, &h4);
        seed6 = pb_fold(pb_pseudo6(h6.src, h6.dst, protos[i],
                                   (uint32_t) n));
        seed4 = pb_fold(pb_pseudo4(h4.src, h4.dst, protos[i],
                                   (uint32_t) n));
        pb_put16(seg + ofs, seed6);
        in_len = pb_frame6(in, PB_L2_VLAN, &h6, NULL, 0, seg, n);
        pb_put16(seg + ofs, seed4);
        exp_len = pb_frame4(exp4, PB_L2_VLAN, &h4, seg, n);

        pb_context("protocol %u", protos[i]);
        pb_assert_reason(pb_xlate_ex(false, &cfg, in, in_len, 18,
                                     NAT64_PKT_L4_CSUM_PARTIAL, 0x77, out,
                                     &out_len), NAT64_OK);
        got = pb_get16(out + 18 + 20 + ofs);
        if (!pb_csum_equiv(got, seed4)) {
            fail_msg("seed %#06x, expected %#06x", got, seed4);
        }
        pb_put16(out + 18 + 20 + ofs, seed4);
        pb_assert_frame(out, out_len, exp4, exp_len);
    }
}

/* Translates 'in' with every 'linear' from 0 to 'in_len' (see
 * test-4to6.c); returns the least that worked. */
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
            pb_load(&r, in, in_len, l2_len, 0, cur);
            reason = pb_run(&r, false, &cfg);
            if (reason == NAT64_OK) {
                size_t got = (size_t) (r.data0 + cur - r.pkt.data);

                assert_int_equal(r.pkt.len, exp_len);
                pb_assert_frame(r.pkt.data, got < exp_len ? got : exp_len,
                                exp4, got < exp_len ? got : exp_len);
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
    uint8_t ext[32];
    struct pb_ip6 h6;
    struct pb_ip4 h4;
    size_t n, e, in_len, exp_len;

    (void) state;

    pb_ip6_default(&h6, PB_IP_TCP);
    n = pb_tcp(seg, 1, 2, NULL, 60);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    assert_true(sweep_linear(in_len, 14, exp_len) <= 14 + 40 + 20);

    pb_ip6_default(&h6, PB_IP_HOPOPTS);
    e = pb_opts6(ext, PB_IP_FRAGMENT, 16);
    e += pb_frag6(ext + e, PB_IP_UDP, 0, true, 7);
    n = pb_udp(seg, 1, 2, NULL, 60);
    v4_from_v6(&h6, &cfg, PB_IP_UDP, n, 0, &h4);
    h4.id = 7;
    h4.frag = PB_IP4_MF;
    build_pair(PB_L2_NONE, &h6, ext, e, &h4, seg, n, &in_len, &exp_len);
    assert_true(sweep_linear(in_len, 0, exp_len) <= 40 + e + 8);
}

static void
test_nonlinear_payload(void **state)
{
    struct pb_ip6 h6;
    struct pb_run r;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip6_default(&h6, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 1400);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    pb_load(&r, in, in_len, 14, 8, 14 + 40 + 8);
    pb_assert_reason(pb_run(&r, false, &cfg), NAT64_OK);
    assert_int_equal(r.pkt.len, exp_len);
    assert_int_equal(r.pkt.linear, 14 + 20 + 8);
    pb_assert_frame(r.pkt.data, 14 + 20 + 8, exp4, 14 + 20 + 8);
    pb_unload(&r);
}

static void
test_bad_l4_csum_kept(void **state)
{
    struct pb_ip6 h6;
    size_t n, in_len, exp_len;

    (void) state;
    pb_ip6_default(&h6, PB_IP_TCP);
    n = pb_tcp(seg, 1, 2, NULL, 64);
    build_simple(PB_L2_ETH, &h6, seg, n, &in_len, &exp_len);
    in[14 + 40 + 20 + 5] ^= 0x81;
    exp4[14 + 20 + 20 + 5] ^= 0x81;
    pb_assert_reason(pb_xlate(false, &cfg, in, in_len, 14, out, &n),
                     NAT64_OK);
    pb_assert_frame(out, n, exp4, exp_len);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_golden_tcp, setup),
        cmocka_unit_test_setup(test_tcp, setup),
        cmocka_unit_test_setup(test_udp, setup),
        cmocka_unit_test_setup(test_udp_zero_csum, setup),
        cmocka_unit_test_setup(test_udp_csum_becomes_ffff, setup),
        cmocka_unit_test_setup(test_df_rule, setup),
        cmocka_unit_test_setup(test_refragment_clears_df, setup),
        cmocka_unit_test_setup(test_fragments, setup),
        cmocka_unit_test_setup(test_extension_headers, setup),
        cmocka_unit_test_setup(test_bad_extension_headers, setup),
        cmocka_unit_test_setup(test_not_in_prefix, setup),
        cmocka_unit_test_setup(test_prefixes, setup),
        cmocka_unit_test_setup(test_ttl, setup),
        cmocka_unit_test_setup(test_traffic_class_to_tos, setup),
        cmocka_unit_test_setup(test_other_protocols, setup),
        cmocka_unit_test_setup(test_bad_ipv6, setup),
        cmocka_unit_test_setup(test_too_big, setup),
        cmocka_unit_test_setup(test_l4_truncated, setup),
        cmocka_unit_test_setup(test_vlan_raw_padding, setup),
        cmocka_unit_test_setup(test_csum_partial, setup),
        cmocka_unit_test_setup(test_not_linear, setup),
        cmocka_unit_test_setup(test_nonlinear_payload, setup),
        cmocka_unit_test_setup(test_bad_l4_csum_kept, setup),
        cmocka_unit_test_setup(test_needs_ipv4_id, setup),
        cmocka_unit_test_setup(test_atomic_fragment, setup),
        cmocka_unit_test_setup(test_no_next_header, setup),
    };

    return cmocka_run_group_tests_name("6to4", tests, NULL, NULL);
}
