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

/* Translator fragmentation (RFC 7915 section 4.1): an IPv4 packet with DF
 * clear that becomes an IPv6 packet longer than lowest-ipv6-mtu leaves as
 * IPv6 fragments (RFC 8200 section 4.5) carrying the IPv4 Identification.
 * nat64_4to6() marks it and gives it its Fragment header; nat64_cut_plan()
 * and nat64_cut_header() say how to cut it.  Every fragment is compared
 * with one built here, field by field, from the unfragmented IPv6 packet
 * that pkt-builder's own checksum code completes. */

#include "pkt-builder.h"

#include <stdlib.h>
#include <string.h>

static uint8_t in[PB_FRAME_MAX];
static uint8_t seg4[PB_FRAME_MAX];
static uint8_t seg6[PB_FRAME_MAX];

static const enum pb_l2 all_l2[] = { PB_L2_NONE, PB_L2_ETH, PB_L2_VLAN };

static struct nat64_config cfg;

static int
setup(void **state)
{
    (void) state;
    nat64_config_default(&cfg);
    pb_context("%s", "");
    return 0;
}

/* The IPv6 header RFC 7915 4.1 makes of 'h4', without a Fragment header:
 * TTL copied, the default fe80::/96 prefix. */
static void
v6_from_v4(const struct pb_ip4 *h4, struct pb_ip6 *h6)
{
    memset(h6, 0, sizeof *h6);
    h6->tc = h4->tos;
    h6->hlim = h4->ttl;
    h6->nh = h4->proto == PB_IP_ICMP ? PB_IP_ICMPV6 : h4->proto;
    pb_map(&cfg.prefix, h4->src, h6->src);
    pb_map(&cfg.prefix, h4->dst, h6->dst);
}

/* Builds into 'in' the IPv4 frame of 'h4' carrying 's' (for an
 * unfragmented packet, its checksum filled in here; a UDP checksum of
 * zero, 'udp_zero', left zero) and into 'seg6' what the IPv6 packet
 * carries after its headers.  Returns the IPv4 frame's length. */
static size_t
build(enum pb_l2 l2, const struct pb_ip4 *h4, const uint8_t *s, size_t len,
      bool udp_zero, struct pb_ip6 *h6)
{
    bool first = !(h4->frag & 0x1fff);

    v6_from_v4(h4, h6);
    memcpy(seg4, s, len);
    memcpy(seg6, s, len);
    if (first && h4->proto == PB_IP_ICMP) {
        seg6[0] = seg4[0] == 8 ? 128 : 129;
        pb_fill_csum4(seg4, len, PB_IP_ICMP, h4->src, h4->dst);
        pb_fill_csum6(seg6, len, PB_IP_ICMPV6, h6->src, h6->dst);
    } else if (first && !(h4->frag & PB_IP4_MF)) {
        if (!udp_zero) {
            pb_fill_csum4(seg4, len, h4->proto, h4->src, h4->dst);
        }
        pb_fill_csum6(seg6, len, h4->proto, h6->src, h6->dst);
    }
    return pb_frame4(in, l2, h4, seg4, len);
}

/* Translates the 'in_len' bytes of 'in' and returns the frame in 'whole'
 * (a pb_buf()), with its length in 'whole_len' and the 'cut' mark. */
static void
translate(size_t in_len, size_t l2_len, const struct nat64_config *c,
          uint8_t *whole, size_t *whole_len, bool *cut)
{
    struct pb_run r;

    pb_load(&r, in, in_len, l2_len, PB_HEADROOM, in_len);
    pb_assert_reason(pb_run(&r, true, c), NAT64_OK);
    memcpy(whole, r.pkt.data, r.pkt.len);
    *whole_len = r.pkt.len;
    *cut = r.pkt.cut;
    pb_unload(&r);
}

/* What a fragment train must be: the fragments of an IPv6 packet with
 * header 'h6' and the 'len' bytes 'data' after its headers, cut for 'mtu'
 * (at most mtu - 48 bytes of data each, a multiple of 8 but the last),
 * the first at Fragment Offset 'offset', the last with M 'last_m'. */
struct train {
    enum pb_l2 l2;
    const struct pb_ip6 *h6;
    const uint8_t *data;
    size_t len;
    unsigned int mtu;
    uint16_t offset;
    bool last_m;
    uint32_t id;
};

/* Translates the IPv4 frame in 'in' under 'c', which must mark it to be
 * cut; cuts it for 't->mtu' and checks each fragment against the train
 * 't'.  Returns the number of fragments. */
static unsigned int
expect_train(const struct nat64_config *c, size_t in_len,
             const struct train *t)
{
    size_t l2_len = pb_l2_len(t->l2), whole_len, step, n, i;
    uint8_t *whole = pb_buf(), *got = pb_buf(), *want = pb_buf();
    struct nat64_cut cut;
    struct pb_ip6 h6;
    struct pb_run r;
    bool cut_mark;

    translate(in_len, l2_len, c, whole, &whole_len, &cut_mark);
    assert_true(cut_mark);
    pb_load(&r, whole, whole_len, l2_len, 0, whole_len);
    pb_assert_reason(pb_run_cut(&r, t->mtu, &cut), NAT64_OK);

    step = (t->mtu - 48) / 8 * 8;
    n = (t->len + step - 1) / step;
    assert_int_equal(cut.n_frags, n);
    assert_int_equal(cut.hdr_len, l2_len + 48);
    h6 = *t->h6;
    h6.nh = 44;
    for (i = 0; i < n; i++) {
        size_t len = i + 1 < n ? step : t->len - i * step;
        size_t got_len = cut.hdr_len + nat64_cut_len(&cut, i);
        size_t want_len;

        pb_context("fragment %zu of %zu", i + 1, n);
        nat64_cut_header(&cut, r.pkt.data, i, got);
        memcpy(got + cut.hdr_len, r.pkt.data + cut.hdr_len
               + i * cut.frag_len, nat64_cut_len(&cut, i));

        want_len = pb_l2(want, t->l2, PB_ETH_IPV6);
        want_len += pb_ip6_hdr(want + want_len, &h6, 8 + len);
        want_len += pb_frag6(want + want_len, t->h6->nh,
                             (uint16_t) (t->offset + i * step / 8),
                             i + 1 < n || t->last_m, t->id);
        memcpy(want + want_len, t->data + i * step, len);
        want_len += len;

        pb_assert_frame(got, got_len, want, want_len);
        assert_true(got_len - l2_len <= t->mtu);
    }
    pb_unload(&r);
    free(whole);
    free(got);
    free(want);
    return (unsigned int) n;
}

/* UDP with DF clear: at 1280, two fragments for 2000 bytes of datagram,
 * the IPv4 ID in the Fragment header, the checksum of the whole datagram
 * (which only the receiver's reassembly sees) right. */
static void
test_udp(void **state)
{
    struct pb_ip4 h4;
    struct pb_ip6 h6;
    size_t i, n, in_len;

    (void) state;
    for (i = 0; i < 3; i++) {
        struct train t = { all_l2[i], &h6, seg6, 0, 1280, 0, false, 0x1234 };

        pb_context("l2 %zu", i);
        pb_ip4_default(&h4, PB_IP_UDP);
        h4.tos = 0x28;
        n = pb_udp(seg4, 4000, 53, NULL, 2000 - 8);
        in_len = build(all_l2[i], &h4, seg4, n, false, &h6);
        t.len = n;
        assert_int_equal(expect_train(&cfg, in_len, &t), 2);
    }
}

/* The limit is the IPv6 packet's length: 1280 bytes whole stay whole,
 * 1281 bytes are cut (1232 + 9 bytes of data); DF set is never cut. */
static void
test_boundary(void **state)
{
    uint8_t *whole = pb_buf();
    struct pb_ip4 h4;
    struct pb_ip6 h6;
    size_t n, in_len, whole_len;
    bool cut;

    (void) state;
    pb_ip4_default(&h4, PB_IP_UDP);
    n = pb_udp(seg4, 1, 2, NULL, 1280 - 40 - 8);
    in_len = build(PB_L2_ETH, &h4, seg4, n, false, &h6);
    translate(in_len, 14, &cfg, whole, &whole_len, &cut);
    assert_false(cut);
    assert_int_equal(whole_len, 14 + 1280);
    assert_int_equal(whole[14 + 6], PB_IP_UDP);

    {
        struct train t = { PB_L2_ETH, &h6, seg6, 0, 1280, 0, false, 0x1234 };

        n = pb_udp(seg4, 1, 2, NULL, 1281 - 40 - 8);
        in_len = build(PB_L2_ETH, &h4, seg4, n, false, &h6);
        t.len = n;
        assert_int_equal(expect_train(&cfg, in_len, &t), 2);
    }

    h4.frag = PB_IP4_DF;
    n = pb_udp(seg4, 1, 2, NULL, 3000);
    in_len = build(PB_L2_ETH, &h4, seg4, n, false, &h6);
    translate(in_len, 14, &cfg, whole, &whole_len, &cut);
    assert_false(cut);
    assert_int_equal(whole_len, 14 + 40 + n);
    free(whole);
}

/* A larger lowest-ipv6-mtu: 1500 keeps a 1500-byte packet whole and cuts
 * a longer one into 1448-byte pieces. */
static void
test_mtu(void **state)
{
    struct nat64_config c = cfg;
    uint8_t *whole = pb_buf();
    struct train t = { PB_L2_ETH, NULL, seg6, 0, 1500, 0, false, 0x1234 };
    struct pb_ip4 h4;
    struct pb_ip6 h6;
    size_t n, in_len, whole_len;
    bool cut;

    (void) state;
    c.ipv6_mtu = 1500;
    t.h6 = &h6;
    pb_ip4_default(&h4, PB_IP_TCP);
    n = pb_tcp(seg4, 80, 8080, NULL, 1500 - 40 - 20);
    in_len = build(PB_L2_ETH, &h4, seg4, n, false, &h6);
    translate(in_len, 14, &c, whole, &whole_len, &cut);
    assert_false(cut);

    n = pb_tcp(seg4, 80, 8080, NULL, 3000);
    in_len = build(PB_L2_ETH, &h4, seg4, n, false, &h6);
    t.len = n;
    assert_int_equal(expect_train(&c, in_len, &t), 3);
    free(whole);
}

/* An IPv4 fragment too big once translated: its pieces continue its
 * offset, all with M set but the last, which keeps the fragment's. */
static void
test_fragment(void **state)
{
    static const bool mf[] = { true, false };
    struct pb_ip4 h4;
    struct pb_ip6 h6;
    size_t i, in_len;

    (void) state;
    for (i = 0; i < 2; i++) {
        struct train t = { PB_L2_ETH, &h6, seg6, 2400, 1280, 100, mf[i],
                           0xbeef };

        pb_context("MF %d", mf[i]);
        pb_ip4_default(&h4, PB_IP_UDP);
        h4.id = 0xbeef;
        h4.frag = (uint16_t) ((mf[i] ? PB_IP4_MF : 0) | 100);
        pb_pattern(seg4, 2400, 7);
        in_len = build(PB_L2_ETH, &h4, seg4, 2400, false, &h6);
        assert_int_equal(expect_train(&cfg, in_len, &t), 2);
    }
}

/* An ICMP echo and a UDP datagram without checksum: translated whole
 * (checksums of the whole message, computed for the zero UDP one), then
 * cut. */
static void
test_echo_and_udp_zero(void **state)
{
    struct pb_ip4 h4;
    struct pb_ip6 h6;
    size_t n, in_len;
    struct train t = { PB_L2_ETH, &h6, seg6, 0, 1280, 0, false, 0x1234 };

    (void) state;
    pb_ip4_default(&h4, PB_IP_ICMP);
    n = pb_icmp(seg4, 8, 0, 0x00070001, NULL, 3000);
    in_len = build(PB_L2_ETH, &h4, seg4, n, false, &h6);
    t.len = n;
    assert_int_equal(expect_train(&cfg, in_len, &t), 3);

    pb_context("UDP, checksum 0");
    pb_ip4_default(&h4, PB_IP_UDP);
    n = pb_udp(seg4, 1, 2, NULL, 1500);
    pb_put16(seg4 + 6, 0);
    in_len = build(PB_L2_VLAN, &h4, seg4, n, true, &h6);
    t.l2 = PB_L2_VLAN;
    t.len = n;
    assert_int_equal(expect_train(&cfg, in_len, &t), 2);
}

/* The largest IPv4 packet: 54 fragments, none longer than 1280. */
static void
test_largest(void **state)
{
    struct pb_ip4 h4;
    struct pb_ip6 h6;
    size_t n, in_len;
    struct train t = { PB_L2_NONE, &h6, seg6, 0, 1280, 0, false, 0x1234 };

    (void) state;
    pb_ip4_default(&h4, PB_IP_UDP);
    n = pb_udp(seg4, 1, 2, NULL, 65535 - 20 - 8);
    in_len = build(PB_L2_NONE, &h4, seg4, n, false, &h6);
    t.len = n;
    assert_int_equal(expect_train(&cfg, in_len, &t), (65515 + 1231) / 1232);
}

/* What nat64_cut_plan() refuses, leaving the frame untouched. */
static void
test_refused(void **state)
{
    uint8_t *whole = pb_buf();
    struct nat64_cut cut;
    struct pb_ip4 h4;
    struct pb_ip6 h6;
    struct pb_run r;
    size_t in_len, whole_len;
    bool marked;

    (void) state;
    /* A fragment near the end of the 13-bit offset space: its second
     * piece would start past it. */
    pb_ip4_default(&h4, PB_IP_UDP);
    h4.frag = 8100;
    pb_pattern(seg4, 1400, 3);
    in_len = build(PB_L2_ETH, &h4, seg4, 1400, false, &h6);
    translate(in_len, 14, &cfg, whole, &whole_len, &marked);
    assert_true(marked);
    pb_load(&r, whole, whole_len, 14, 0, whole_len);
    pb_assert_reason(pb_run_cut(&r, 1280, &cut), NAT64_CUT_OFFSET_OVERFLOW);
    /* One piece fits: no overflow. */
    pb_assert_reason(pb_run_cut(&r, 1500, &cut), NAT64_OK);
    assert_int_equal(cut.n_frags, 1);
    assert_int_equal(cut.offset, 8100);
    /* No room for 8 bytes of data. */
    pb_assert_reason(pb_run_cut(&r, 55, &cut), NAT64_CUT_BAD_MTU);
    pb_unload(&r);

    /* The headers must be linear. */
    pb_load(&r, whole, whole_len, 14, 0, 14 + 47);
    pb_assert_reason(pb_run_cut(&r, 1280, &cut), NAT64_NOT_LINEAR);
    assert_int_equal(r.pkt.need, 14 + 48);
    pb_unload(&r);

    /* Not an IPv6 packet with a Fragment header first. */
    pb_ip4_default(&h4, PB_IP_UDP);
    in_len = build(PB_L2_ETH, &h4, seg4, 1400, false, &h6);
    pb_load(&r, in, in_len, 14, 0, in_len);
    pb_assert_reason(pb_run_cut(&r, 1280, &cut), NAT64_WRONG_L3);
    pb_unload(&r);
    h4.frag = PB_IP4_DF;
    in_len = build(PB_L2_ETH, &h4, seg4, 1400, false, &h6);
    translate(in_len, 14, &cfg, whole, &whole_len, &marked);
    assert_false(marked);
    pb_load(&r, whole, whole_len, 14, 0, whole_len);
    pb_assert_reason(pb_run_cut(&r, 1280, &cut), NAT64_V6_BAD_HEADER);
    pb_unload(&r);
    free(whole);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_udp, setup),
        cmocka_unit_test_setup(test_boundary, setup),
        cmocka_unit_test_setup(test_mtu, setup),
        cmocka_unit_test_setup(test_fragment, setup),
        cmocka_unit_test_setup(test_echo_and_udp_zero, setup),
        cmocka_unit_test_setup(test_largest, setup),
        cmocka_unit_test_setup(test_refused, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
