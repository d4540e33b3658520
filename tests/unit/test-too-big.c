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

/* nat64_too_big(): ICMPv4 Fragmentation Needed (RFC 1191) and ICMPv6
 * Packet Too Big (RFC 4443 3.2, RFC 8201) for packets too big for the
 * other side of the translator, and the packets that get no error (RFC
 * 1122 3.2.2, RFC 1812 4.3.2.7, RFC 4443 2.4 (e)).  The expected errors
 * are built field by field here, their checksums by pkt-builder's own
 * RFC 1071 code. */

#include "pkt-builder.h"

#include <stdlib.h>
#include <string.h>

static uint8_t in[PB_FRAME_MAX];
static uint8_t out[PB_FRAME_MAX];
static uint8_t exp_[PB_FRAME_MAX];
static uint8_t seg[PB_FRAME_MAX];

static const enum pb_l2 all_l2[] = { PB_L2_ETH, PB_L2_VLAN, PB_L2_NONE };
static const char *const l2_names[] = { "raw IP", "Ethernet", "VLAN" };

/* Runs nat64_too_big() on 'len' bytes of 'in' with PB_HEADROOM, all
 * linear; on success copies the error to 'out'. */
static enum nat64_drop_reason
too_big(size_t len, size_t l2_len, unsigned int mtu, size_t *out_len)
{
    enum nat64_drop_reason reason;
    struct pb_run r;

    pb_load(&r, in, len, l2_len, PB_HEADROOM, len);
    reason = pb_run_too_big(&r, mtu);
    if (reason == NAT64_OK) {
        memcpy(out, r.pkt.data, r.pkt.len);
        *out_len = r.pkt.len;
        assert_int_equal(r.pkt.l4_ofs, l2_len
                         + ((r.pkt.data[l2_len] >> 4) == 4 ? 20 : 40));
    }
    pb_unload(&r);
    return reason;
}

static void
expect_reason(size_t len, size_t l2_len, unsigned int mtu,
              enum nat64_drop_reason exp)
{
    size_t out_len;

    pb_assert_reason(too_big(len, l2_len, mtu, &out_len), exp);
}

/* An IPv4 TCP frame with 'total' bytes from the IPv4 header on. */
static size_t
tcp4_frame(enum pb_l2 l2, struct pb_ip4 *h, size_t total)
{
    size_t n = pb_tcp(seg, 40000, 80, NULL, total - 20 - h->opts_len - 20);

    pb_fill_csum4(seg, n, PB_IP_TCP, h->src, h->dst);
    return pb_frame4(in, l2, h, seg, n);
}

static void
ip4_df(struct pb_ip4 *h, uint8_t proto)
{
    pb_ip4_default(h, proto);
    h->frag = PB_IP4_DF;
}

/* The Fragmentation Needed that answers the IPv4 packet at 'orig'
 * ('orig_len' bytes from its header on), from a frame whose L2 is 'l2'. */
static size_t
frag_needed(enum pb_l2 l2, const uint8_t *orig, size_t orig_len,
            unsigned int mtu)
{
    size_t quote = orig_len < 548 ? orig_len : 548;
    struct pb_ip4 h;
    size_t n;

    n = pb_eth(exp_, l2, pb_mac_src, pb_mac_dst, PB_ETH_IPV4);
    pb_ip4_default(&h, PB_IP_ICMP);
    h.id = 0;
    h.frag = PB_IP4_DF;
    h.ttl = 64;
    memcpy(h.src, orig + 16, 4);
    memcpy(h.dst, orig + 12, 4);
    n += pb_ip4_hdr(exp_ + n, &h, 8 + quote);
    pb_icmp(exp_ + n, 3, 4, mtu, orig, quote);
    pb_fill_csum4(exp_ + n, 8 + quote, PB_IP_ICMP, h.src, h.dst);
    return n + 8 + quote;
}

/* An IPv6 UDP frame with 'payload' bytes after the IPv6 header (and
 * 'ext_len' bytes of extension headers 'ext' first). */
static size_t
udp6_frame(enum pb_l2 l2, const struct pb_ip6 *h, const uint8_t *ext,
           size_t ext_len, size_t payload)
{
    size_t n = pb_udp(seg, 40000, 53, NULL, payload - ext_len - 8);

    pb_fill_csum6(seg, n, PB_IP_UDP, h->src, h->dst);
    return pb_frame6(in, l2, h, ext, ext_len, seg, n);
}

/* The Packet Too Big that answers the IPv6 packet at 'orig'. */
static size_t
packet_too_big(enum pb_l2 l2, const uint8_t *orig, size_t orig_len,
               unsigned int mtu)
{
    size_t quote = orig_len < 1232 ? orig_len : 1232;
    struct pb_ip6 h;
    size_t n;

    n = pb_eth(exp_, l2, pb_mac_src, pb_mac_dst, PB_ETH_IPV6);
    pb_ip6_default(&h, PB_IP_ICMPV6);
    h.hlim = 64;
    memcpy(h.src, orig + 24, 16);
    memcpy(h.dst, orig + 8, 16);
    n += pb_ip6_hdr(exp_ + n, &h, 8 + quote);
    pb_icmp(exp_ + n, 2, 0, mtu, orig, quote);
    pb_fill_csum6(exp_ + n, 8 + quote, PB_IP_ICMPV6, h.src, h.dst);
    return n + 8 + quote;
}

static void
test_frag_needed(void **state)
{
    size_t i;

    (void) state;
    for (i = 0; i < sizeof all_l2 / sizeof all_l2[0]; i++) {
        size_t l2_len = pb_l2_len(all_l2[i]), len, exp_len, out_len;
        struct pb_ip4 h;

        pb_context("%s", l2_names[all_l2[i]]);
        ip4_df(&h, PB_IP_TCP);
        len = tcp4_frame(all_l2[i], &h, 1500);
        /* An IPv6 side of 1400: IPv4 packets up to 1380 fit. */
        exp_len = frag_needed(all_l2[i], in + l2_len, 1500, 1380);
        pb_assert_reason(too_big(len, l2_len, 1400, &out_len), NAT64_OK);
        pb_assert_frame(out, out_len, exp_, exp_len);
        assert_int_equal(out_len - l2_len, 576);
        pb_check_csums(out, out_len, l2_len);
    }
}

static void
test_frag_needed_boundary(void **state)
{
    static const uint8_t nops[4] = { 1, 1, 1, 1 };
    size_t len, out_len;
    struct pb_ip4 h;

    (void) state;
    ip4_df(&h, PB_IP_TCP);
    /* 1380 + 20 = 1400 fits; 1381 does not. */
    len = tcp4_frame(PB_L2_ETH, &h, 1380);
    expect_reason(len, 14, 1400, NAT64_NOT_TOO_BIG);
    len = tcp4_frame(PB_L2_ETH, &h, 1381);
    pb_assert_reason(too_big(len, 14, 1400, &out_len), NAT64_OK);
    assert_int_equal(pb_get16(out + 14 + 20 + 6), 1380);

    /* Options are not translated: 1384 bytes with 4 of options fit. */
    h.opts = nops;
    h.opts_len = 4;
    len = tcp4_frame(PB_L2_ETH, &h, 1384);
    expect_reason(len, 14, 1400, NAT64_NOT_TOO_BIG);
    len = tcp4_frame(PB_L2_ETH, &h, 1385);
    pb_assert_reason(too_big(len, 14, 1400, &out_len), NAT64_OK);
    pb_assert_frame(out, out_len, exp_,
                    frag_needed(PB_L2_ETH, in + 14, 1385, 1380));

    /* The smallest IPv6 MTU: 1260 bytes fit, the error says 1260. */
    h.opts_len = 0;
    len = tcp4_frame(PB_L2_ETH, &h, 1261);
    pb_assert_reason(too_big(len, 14, 1280, &out_len), NAT64_OK);
    assert_int_equal(pb_get16(out + 14 + 20 + 6), 1260);
}

static void
test_frag_needed_icmp(void **state)
{
    static const struct {
        uint8_t type;
        enum nat64_drop_reason reason;
    } cases[] = {
        { 0, NAT64_OK },                    /* Echo Reply. */
        { 8, NAT64_OK },                    /* Echo Request. */
        { 3, NAT64_TOO_BIG_NO_ERROR },      /* The errors. */
        { 4, NAT64_TOO_BIG_NO_ERROR },
        { 5, NAT64_TOO_BIG_NO_ERROR },
        { 11, NAT64_TOO_BIG_NO_ERROR },
        { 12, NAT64_TOO_BIG_NO_ERROR },
    };
    size_t i;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n, len, out_len;
        struct pb_ip4 h;

        pb_context("ICMP type %u", cases[i].type);
        ip4_df(&h, PB_IP_ICMP);
        n = pb_icmp(seg, cases[i].type, 0, 0, NULL, 1472);
        pb_fill_csum4(seg, n, PB_IP_ICMP, h.src, h.dst);
        len = pb_frame4(in, PB_L2_ETH, &h, seg, n);
        pb_assert_reason(too_big(len, 14, 1280, &out_len), cases[i].reason);
        if (cases[i].reason == NAT64_OK) {
            pb_assert_frame(out, out_len, exp_,
                            frag_needed(PB_L2_ETH, in + 14, 1500, 1260));
        }
    }
}

static void
test_frag_needed_no_error(void **state)
{
    size_t len;
    struct pb_ip4 h;

    (void) state;

    /* DF clear: the translator may fragment it. */
    pb_ip4_default(&h, PB_IP_TCP);
    len = tcp4_frame(PB_L2_ETH, &h, 1500);
    expect_reason(len, 14, 1280, NAT64_TOO_BIG_DF_CLEAR);

    /* A later fragment. */
    ip4_df(&h, PB_IP_TCP);
    h.frag = PB_IP4_DF | 185;
    len = tcp4_frame(PB_L2_ETH, &h, 1500);
    expect_reason(len, 14, 1280, NAT64_TOO_BIG_NO_ERROR);

    /* Group destinations, sources that are not one host. */
    ip4_df(&h, PB_IP_TCP);
    pb_ip4(h.dst, "224.0.0.9");
    expect_reason(tcp4_frame(PB_L2_ETH, &h, 1500), 14, 1280,
                  NAT64_TOO_BIG_NO_ERROR);
    pb_ip4(h.dst, "255.255.255.255");
    expect_reason(tcp4_frame(PB_L2_ETH, &h, 1500), 14, 1280,
                  NAT64_TOO_BIG_NO_ERROR);
    ip4_df(&h, PB_IP_TCP);
    pb_ip4(h.src, "0.0.0.0");
    expect_reason(tcp4_frame(PB_L2_ETH, &h, 1500), 14, 1280,
                  NAT64_TOO_BIG_NO_ERROR);
    pb_ip4(h.src, "127.0.0.1");
    expect_reason(tcp4_frame(PB_L2_ETH, &h, 1500), 14, 1280,
                  NAT64_TOO_BIG_NO_ERROR);
    pb_ip4(h.src, "239.1.1.1");
    expect_reason(tcp4_frame(PB_L2_ETH, &h, 1500), 14, 1280,
                  NAT64_TOO_BIG_NO_ERROR);

    /* An Ethernet broadcast. */
    ip4_df(&h, PB_IP_TCP);
    len = tcp4_frame(PB_L2_ETH, &h, 1500);
    memcpy(in, pb_mac_bcast, 6);
    expect_reason(len, 14, 1280, NAT64_TOO_BIG_NO_ERROR);
}

static void
test_frag_needed_malformed(void **state)
{
    size_t len;
    struct pb_ip4 h;

    (void) state;
    ip4_df(&h, PB_IP_TCP);
    len = tcp4_frame(PB_L2_ETH, &h, 1500);
    in[14 + 10] ^= 1;
    expect_reason(len, 14, 1280, NAT64_V4_BAD_CHECKSUM);

    len = tcp4_frame(PB_L2_ETH, &h, 1500);
    expect_reason(len - 1, 14, 1280, NAT64_V4_TRUNCATED);
    expect_reason(14 + 19, 14, 1280, NAT64_V4_TRUNCATED);
    in[14] = 0x44;
    expect_reason(len, 14, 1280, NAT64_V4_BAD_HEADER);

    len = tcp4_frame(PB_L2_ETH, &h, 1500);
    pb_put16(in + 12, PB_ETH_ARP);
    expect_reason(len, 14, 1280, NAT64_WRONG_L3);
    expect_reason(13, 14, 1280, NAT64_L2_TRUNCATED);
}

static void
test_ptb(void **state)
{
    size_t i;

    (void) state;
    for (i = 0; i < sizeof all_l2 / sizeof all_l2[0]; i++) {
        size_t l2_len = pb_l2_len(all_l2[i]), len, exp_len, out_len;
        struct pb_ip6 h;

        pb_context("%s", l2_names[all_l2[i]]);
        pb_ip6_default(&h, PB_IP_UDP);
        len = udp6_frame(all_l2[i], &h, NULL, 0, 1460);
        /* An IPv4 side of 1400: IPv6 packets up to 1420 fit. */
        exp_len = packet_too_big(all_l2[i], in + l2_len, 1500, 1420);
        pb_assert_reason(too_big(len, l2_len, 1400, &out_len), NAT64_OK);
        pb_assert_frame(out, out_len, exp_, exp_len);
        assert_int_equal(out_len - l2_len, 1280);
        pb_check_csums(out, out_len, l2_len);
    }
}

static void
test_ptb_small(void **state)
{
    size_t len, out_len;
    struct pb_ip6 h;
    struct pb_run r;

    (void) state;
    pb_ip6_default(&h, PB_IP_UDP);
    /* 556 + 20 = 576 fits an IPv4 MTU of 576; 557 does not. */
    len = udp6_frame(PB_L2_ETH, &h, NULL, 0, 556);
    expect_reason(len, 14, 576, NAT64_NOT_TOO_BIG);
    len = udp6_frame(PB_L2_ETH, &h, NULL, 0, 557);
    pb_assert_reason(too_big(len, 14, 576, &out_len), NAT64_OK);
    /* The whole packet quoted: the frame grows by 48 bytes.  The MTU is
     * never below 1280 (RFC 8201 4). */
    pb_assert_frame(out, out_len, exp_,
                    packet_too_big(PB_L2_ETH, in + 14, 597, 1280));
    assert_int_equal(out_len, len + 48);

    /* Not enough headroom or linear data: untouched, 'need' says. */
    pb_load(&r, in, len, 14, 47, len);
    pb_assert_reason(pb_run_too_big(&r, 576), NAT64_NO_HEADROOM);
    assert_int_equal(r.pkt.need, 48);
    pb_unload(&r);
    pb_load(&r, in, len, 14, PB_HEADROOM, 100);
    pb_assert_reason(pb_run_too_big(&r, 576), NAT64_NOT_LINEAR);
    assert_int_equal(r.pkt.need, len);
    pb_unload(&r);

    /* A cut quote needs only the bytes it quotes linear. */
    len = udp6_frame(PB_L2_ETH, &h, NULL, 0, 3000);
    pb_load(&r, in, len, 14, PB_HEADROOM, 14 + 1231);
    pb_assert_reason(pb_run_too_big(&r, 1400), NAT64_NOT_LINEAR);
    assert_int_equal(r.pkt.need, 14 + 1232);
    pb_unload(&r);
    pb_load(&r, in, len, 14, PB_HEADROOM, 14 + 1232);
    pb_assert_reason(pb_run_too_big(&r, 1400), NAT64_OK);
    pb_unload(&r);
}

static void
test_ptb_icmp6(void **state)
{
    uint8_t ext[16];
    size_t i;
    static const struct {
        uint8_t type;
        int ext;            /* 0 none, 1 DstOpts, 2 first fragment,
                             * 3 later fragment. */
        enum nat64_drop_reason reason;
    } cases[] = {
        { 128, 0, NAT64_OK },               /* Echo Request. */
        { 129, 0, NAT64_OK },               /* Echo Reply. */
        { 1, 0, NAT64_TOO_BIG_NO_ERROR },   /* The errors. */
        { 2, 0, NAT64_TOO_BIG_NO_ERROR },
        { 3, 0, NAT64_TOO_BIG_NO_ERROR },
        { 4, 0, NAT64_TOO_BIG_NO_ERROR },
        { 127, 0, NAT64_TOO_BIG_NO_ERROR },
        { 3, 1, NAT64_TOO_BIG_NO_ERROR },   /* Behind extension headers. */
        { 128, 1, NAT64_OK },
        { 1, 2, NAT64_TOO_BIG_NO_ERROR },
        { 1, 3, NAT64_OK },                 /* Its type is unknown. */
    };

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n, len, ext_len = 0, out_len;
        struct pb_ip6 h;

        pb_context("ICMPv6 type %u, extension case %d", cases[i].type,
                   cases[i].ext);
        pb_ip6_default(&h, cases[i].ext == 0 ? PB_IP_ICMPV6
                       : cases[i].ext == 1 ? PB_IP_DSTOPTS
                       : PB_IP_FRAGMENT);
        if (cases[i].ext == 1) {
            ext_len = pb_opts6(ext, PB_IP_ICMPV6, 16);
        } else if (cases[i].ext) {
            ext_len = pb_frag6(ext, PB_IP_ICMPV6,
                               cases[i].ext == 3 ? 1000 : 0, true, 7);
        }
        n = pb_icmp(seg, cases[i].type, 0, 0, NULL, 1400);
        if (cases[i].ext < 2) {
            pb_fill_csum6(seg, n, PB_IP_ICMPV6, h.src, h.dst);
        }
        len = pb_frame6(in, PB_L2_ETH, &h, ext, ext_len, seg, n);
        pb_assert_reason(too_big(len, 14, 1280, &out_len), cases[i].reason);
        if (cases[i].reason == NAT64_OK) {
            pb_assert_frame(out, out_len, exp_,
                            packet_too_big(PB_L2_ETH, in + 14, len - 14,
                                           1300));
        }
    }
}

static void
test_ptb_no_error(void **state)
{
    static const uint8_t mcast_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
    size_t len;
    struct pb_ip6 h;

    (void) state;
    pb_ip6_default(&h, PB_IP_UDP);
    pb_ip6(h.src, "::");
    expect_reason(udp6_frame(PB_L2_ETH, &h, NULL, 0, 1460), 14, 1400,
                  NAT64_TOO_BIG_NO_ERROR);
    pb_ip6(h.src, "ff02::1");
    expect_reason(udp6_frame(PB_L2_ETH, &h, NULL, 0, 1460), 14, 1400,
                  NAT64_TOO_BIG_NO_ERROR);
    pb_ip6_default(&h, PB_IP_UDP);
    len = udp6_frame(PB_L2_ETH, &h, NULL, 0, 1460);
    memcpy(in, mcast_mac, 6);
    expect_reason(len, 14, 1400, NAT64_TOO_BIG_NO_ERROR);
}

static void
test_ptb_malformed(void **state)
{
    size_t len;
    struct pb_ip6 h;

    (void) state;
    pb_ip6_default(&h, PB_IP_UDP);
    len = udp6_frame(PB_L2_ETH, &h, NULL, 0, 1460);
    expect_reason(len - 1, 14, 1400, NAT64_V6_TRUNCATED);
    expect_reason(14 + 39, 14, 1400, NAT64_V6_TRUNCATED);
    pb_put16(in + 14 + 4, 0);       /* A jumbogram's payload length. */
    expect_reason(len, 14, 1400, NAT64_V6_BAD_HEADER);
    len = udp6_frame(PB_L2_ETH, &h, NULL, 0, 1460);
    in[14] = 0x40;
    expect_reason(len, 14, 1400, NAT64_V6_BAD_HEADER);
}

static void
test_bad_mtu(void **state)
{
    struct pb_ip4 h4;
    struct pb_ip6 h6;
    size_t len;

    (void) state;
    ip4_df(&h4, PB_IP_TCP);
    len = tcp4_frame(PB_L2_ETH, &h4, 1500);
    expect_reason(len, 14, 1279, NAT64_TOO_BIG_BAD_MTU);
    expect_reason(len, 14, 65536, NAT64_TOO_BIG_BAD_MTU);
    expect_reason(len, 14, 0, NAT64_TOO_BIG_BAD_MTU);
    pb_ip6_default(&h6, PB_IP_UDP);
    len = udp6_frame(PB_L2_ETH, &h6, NULL, 0, 1460);
    expect_reason(len, 14, 67, NAT64_TOO_BIG_BAD_MTU);
    expect_reason(len, 14, 65536, NAT64_TOO_BIG_BAD_MTU);
    expect_reason(len, 14, 68, NAT64_OK);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frag_needed),
        cmocka_unit_test(test_frag_needed_boundary),
        cmocka_unit_test(test_frag_needed_icmp),
        cmocka_unit_test(test_frag_needed_no_error),
        cmocka_unit_test(test_frag_needed_malformed),
        cmocka_unit_test(test_ptb),
        cmocka_unit_test(test_ptb_small),
        cmocka_unit_test(test_ptb_icmp6),
        cmocka_unit_test(test_ptb_no_error),
        cmocka_unit_test(test_ptb_malformed),
        cmocka_unit_test(test_bad_mtu),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
