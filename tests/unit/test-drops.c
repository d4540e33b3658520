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

/* Drop reasons: their names, and one packet for each that the translator
 * drops for it.  The last test checks that every reason was returned by
 * some test of this program (cmocka runs a group's tests in order). */

#include "pkt-builder.h"

#include <string.h>

static uint8_t f[PB_FRAME_MAX];
static uint8_t seg[PB_FRAME_MAX];
static struct nat64_config cfg;

/* The names as nat64.h spells them. */
static const struct {
    enum nat64_drop_reason reason;
    const char *name;
} names[] = {
#define NAT64_DROP(ENUM, NAME) { NAT64_##ENUM, #NAME },
    NAT64_DROP_REASONS
#undef NAT64_DROP
};
#define N_NAMES (sizeof names / sizeof names[0])

static void
test_names(void **state)
{
    size_t i, j;

    (void) state;
    assert_int_equal(N_NAMES, NAT64_N_DROP_REASONS);
    assert_int_equal(NAT64_OK, 0);
    assert_string_equal(nat64_drop_reason_name(NAT64_OK), "ok");
    for (i = 0; i < NAT64_N_DROP_REASONS; i++) {
        const char *name = nat64_drop_reason_name(i);
        const char *p;

        assert_int_equal(names[i].reason, i);
        assert_non_null(name);
        assert_true(name[0] != '\0');
        assert_string_equal(name, names[i].name);
        for (p = name; *p; p++) {
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
                  || *p == '_')) {
                fail_msg("reason %zu: \"%s\" is not lower_case", i, name);
            }
        }
        assert_true(name[0] >= 'a' && name[0] <= 'z');
        assert_true(p[-1] != '_');
        assert_string_not_equal(name, "unknown");
        for (j = 0; j < i; j++) {
            if (!strcmp(name, nat64_drop_reason_name(j))) {
                fail_msg("reasons %zu and %zu are both \"%s\"", j, i, name);
            }
        }
    }
}

static void
test_name_unknown(void **state)
{
    (void) state;
    assert_string_equal(nat64_drop_reason_name(NAT64_N_DROP_REASONS),
                        "unknown");
    assert_string_equal(
        nat64_drop_reason_name((enum nat64_drop_reason)
                               (NAT64_N_DROP_REASONS + 1)), "unknown");
    assert_string_equal(
        nat64_drop_reason_name((enum nat64_drop_reason) 1000), "unknown");
    assert_string_equal(
        nat64_drop_reason_name((enum nat64_drop_reason) -1), "unknown");
    assert_string_equal(
        nat64_drop_reason_name((enum nat64_drop_reason) 0x7fffffff),
        "unknown");
}

/* Frames. */

static size_t
udp4(const struct pb_ip4 *h)
{
    size_t n = pb_udp(seg, 1, 2, NULL, 32);

    pb_fill_csum4(seg, n, PB_IP_UDP, h->src, h->dst);
    return pb_frame4(f, PB_L2_ETH, h, seg, n);
}

static size_t
udp4_default(void)
{
    struct pb_ip4 h;

    pb_ip4_default(&h, PB_IP_UDP);
    return udp4(&h);
}

static size_t
udp6(const struct pb_ip6 *h, const uint8_t *ext, size_t ext_len)
{
    size_t n = pb_udp(seg, 1, 2, NULL, 32);

    pb_fill_csum6(seg, n, PB_IP_UDP, h->src, h->dst);
    return pb_frame6(f, PB_L2_ETH, h, ext, ext_len, seg, n);
}

static size_t
udp6_default(void)
{
    struct pb_ip6 h;

    pb_ip6_default(&h, PB_IP_UDP);
    return udp6(&h, NULL, 0);
}

static void
fix_ip4_csum(size_t l3)
{
    size_t ihl = (size_t) (f[l3] & 0xf) * 4;

    pb_put16(f + l3 + 10, 0);
    pb_put16(f + l3 + 10, pb_csum(pb_sum(0, f + l3, ihl < 20 ? 20 : ihl)));
}

static enum nat64_drop_reason
xlate4(size_t len)
{
    size_t out_len;

    return pb_xlate(true, &cfg, f, len, 14, seg, &out_len);
}

static enum nat64_drop_reason
xlate6(size_t len)
{
    size_t out_len;

    return pb_xlate(false, &cfg, f, len, 14, seg, &out_len);
}

static enum nat64_drop_reason
icmp6(uint8_t type, uint8_t code, uint32_t rest, size_t inner_len,
      bool frag)
{
    struct pb_ip6 h;
    uint8_t fh[8];
    size_t n;

    pb_ip6_default(&h, frag ? PB_IP_FRAGMENT : PB_IP_ICMPV6);
    n = pb_icmp(seg, type, code, rest, NULL, inner_len);
    if (type < 128 && inner_len >= 40) {
        struct pb_ip6 ih;

        pb_ip6_default(&ih, PB_IP_UDP);
        memcpy(ih.src, h.dst, 16);
        memcpy(ih.dst, h.src, 16);
        pb_ip6_hdr(seg + 8, &ih, 100);
    }
    pb_fill_csum6(seg, n, PB_IP_ICMPV6, h.src, h.dst);
    pb_frag6(fh, PB_IP_ICMPV6, 0, true, 1);
    return xlate6(pb_frame6(f, PB_L2_ETH, &h, fh, frag ? 8 : 0, seg, n));
}

static enum nat64_drop_reason
icmp4(uint8_t type, uint8_t code, uint32_t rest, size_t inner_len,
      uint16_t frag)
{
    struct pb_ip4 h;
    size_t n;

    pb_ip4_default(&h, PB_IP_ICMP);
    h.frag = frag;
    n = pb_icmp(seg, type, code, rest, NULL, inner_len);
    if ((type == 3 || type == 11 || type == 12) && inner_len >= 20) {
        struct pb_ip4 ih;

        pb_ip4_default(&ih, PB_IP_UDP);
        memcpy(ih.src, h.dst, 4);
        memcpy(ih.dst, h.src, 4);
        pb_ip4_hdr(seg + 8, &ih, 100);
    }
    pb_fill_csum4(seg, n, PB_IP_ICMP, h.src, h.dst);
    return xlate4(pb_frame4(f, PB_L2_ETH, &h, seg, n));
}

/* One way to each drop. */

static enum nat64_drop_reason
drop_not_linear(void)
{
    size_t len = udp4_default();
    enum nat64_drop_reason r;
    struct pb_run run;

    pb_load(&run, f, len, 14, PB_HEADROOM, 14 + 10);
    r = pb_run(&run, true, &cfg);
    assert_int_equal(run.pkt.need, 14 + 20);
    pb_unload(&run);
    return r;
}

static enum nat64_drop_reason
drop_no_headroom(void)
{
    size_t len = udp4_default();
    enum nat64_drop_reason r;
    struct pb_run run;

    pb_load(&run, f, len, 14, 0, len);
    r = pb_run(&run, true, &cfg);
    assert_int_equal(run.pkt.need, 20);
    pb_unload(&run);
    return r;
}

static enum nat64_drop_reason
drop_wrong_l3(void)
{
    return xlate6(udp4_default());
}

static enum nat64_drop_reason
drop_l2_truncated(void)
{
    udp4_default();
    return xlate4(12);
}

static enum nat64_drop_reason
drop_v4_truncated(void)
{
    return xlate4(udp4_default() - 1);
}

static enum nat64_drop_reason
drop_v4_bad_header(void)
{
    size_t len = udp4_default();

    f[14] = 0x46;                       /* IHL 6... */
    pb_put16(f + 14 + 2, 22);           /* ...and total length 22. */
    fix_ip4_csum(14);
    return xlate4(len);
}

static enum nat64_drop_reason
drop_v4_bad_checksum(void)
{
    size_t len = udp4_default();

    f[14 + 10] ^= 0xff;
    return xlate4(len);
}

static enum nat64_drop_reason
drop_v4_bad_options(void)
{
    static const uint8_t opts[4] = { 68, 40, 5, 0 };
    struct pb_ip4 h;

    pb_ip4_default(&h, PB_IP_UDP);
    h.opts = opts;
    h.opts_len = sizeof opts;
    return xlate4(udp4(&h));
}

static enum nat64_drop_reason
drop_v4_source_route(void)
{
    static const uint8_t opts[8] = { 137, 7, 4, 10, 0, 0, 1, 0 };
    struct pb_ip4 h;

    pb_ip4_default(&h, PB_IP_UDP);
    h.opts = opts;
    h.opts_len = sizeof opts;
    return xlate4(udp4(&h));
}

static enum nat64_drop_reason
drop_v6_truncated(void)
{
    return xlate6(udp6_default() - 1);
}

static enum nat64_drop_reason
drop_v6_bad_header(void)
{
    size_t len = udp6_default();

    f[14] = 0x70;
    return xlate6(len);
}

static enum nat64_drop_reason
drop_v6_bad_ext_header(void)
{
    uint8_t ext[16];
    struct pb_ip6 h;

    pb_ip6_default(&h, PB_IP_DSTOPTS);
    pb_opts6(ext, PB_IP_HOPOPTS, 8);
    pb_opts6(ext + 8, PB_IP_UDP, 8);
    return xlate6(udp6(&h, ext, sizeof ext));
}

static enum nat64_drop_reason
drop_v6_segments_left(void)
{
    uint8_t ext[8];
    struct pb_ip6 h;

    pb_ip6_default(&h, PB_IP_ROUTING);
    pb_routing6(ext, PB_IP_UDP, 0, 2, 8);
    return xlate6(udp6(&h, ext, sizeof ext));
}

/* A first fragment whose Fragment header is followed by destination
 * options, and a later fragment of the same train. */
static enum nat64_drop_reason
drop_v6_ext_after_frag(void)
{
    uint8_t ext[16];
    struct pb_ip6 h;

    pb_ip6_default(&h, PB_IP_FRAGMENT);
    pb_frag6(ext, PB_IP_DSTOPTS, 0, true, 0x1234);
    pb_opts6(ext + 8, PB_IP_UDP, 8);
    return xlate6(udp6(&h, ext, sizeof ext));
}

static enum nat64_drop_reason
drop_v6_ext_after_frag_later(void)
{
    uint8_t ext[8];
    struct pb_ip6 h;

    pb_ip6_default(&h, PB_IP_FRAGMENT);
    pb_frag6(ext, PB_IP_DSTOPTS, 5, false, 0x1234);
    return xlate6(udp6(&h, ext, sizeof ext));
}

static enum nat64_drop_reason
drop_src_illegal(void)
{
    struct pb_ip4 h;

    pb_ip4_default(&h, PB_IP_UDP);
    pb_ip4(h.src, "127.0.0.1");
    return xlate4(udp4(&h));
}

static enum nat64_drop_reason
drop_src_illegal6(void)
{
    struct pb_ip6 h;

    pb_ip6_default(&h, PB_IP_UDP);
    pb_ip6(h.src, "fe80::e000:1");      /* 224.0.0.1. */
    return xlate6(udp6(&h, NULL, 0));
}

static enum nat64_drop_reason
drop_wkp_non_global(void)
{
    struct nat64_config wkp;
    struct pb_ip4 h;
    size_t out_len;

    pb_config(&wkp, "64:ff9b::", 96, NAT64_TTL_COPY);
    pb_ip4_default(&h, PB_IP_UDP);
    pb_ip4(h.src, "10.0.0.1");
    return pb_xlate(true, &wkp, f, udp4(&h), 14, seg, &out_len);
}

static enum nat64_drop_reason
drop_v4_too_big(void)
{
    struct pb_ip6 h;
    size_t n;

    pb_ip6_default(&h, 253);
    n = 65535;
    pb_pattern(seg, n, 1);
    return xlate6(pb_frame6(f, PB_L2_ETH, &h, NULL, 0, seg, n));
}

static enum nat64_drop_reason
drop_src_not_in_prefix(void)
{
    struct pb_ip6 h;

    pb_ip6_default(&h, PB_IP_UDP);
    pb_ip6(h.src, "2001:db8::1");
    return xlate6(udp6(&h, NULL, 0));
}

static enum nat64_drop_reason
drop_dst_not_in_prefix(void)
{
    struct pb_ip6 h;

    pb_ip6_default(&h, PB_IP_UDP);
    pb_ip6(h.dst, "fe80::1:2:3:4");
    return xlate6(udp6(&h, NULL, 0));
}

static enum nat64_drop_reason
drop_ttl_expired(void)
{
    struct pb_ip4 h;

    cfg.ttl_mode = NAT64_TTL_DECREMENT;
    pb_ip4_default(&h, PB_IP_UDP);
    h.ttl = 1;
    return xlate4(udp4(&h));
}

static enum nat64_drop_reason
drop_l4_truncated(void)
{
    struct pb_ip4 h;

    pb_ip4_default(&h, PB_IP_TCP);
    memset(seg, 0, 19);
    return xlate4(pb_frame4(f, PB_L2_ETH, &h, seg, 19));
}

static enum nat64_drop_reason
drop_udp_zero_csum_frag(void)
{
    struct pb_ip4 h;
    size_t n;

    pb_ip4_default(&h, PB_IP_UDP);
    h.frag = PB_IP4_MF;
    n = pb_udp(seg, 1, 2, NULL, 64);
    return xlate4(pb_frame4(f, PB_L2_ETH, &h, seg, n));
}

static enum nat64_drop_reason
drop_udp_zero_csum_v6(void)
{
    size_t len = udp6_default();

    pb_put16(f + 14 + 40 + 6, 0);
    return xlate6(len);
}

static enum nat64_drop_reason
drop_udp_bad_length(void)
{
    struct pb_ip4 h;
    size_t n;

    pb_ip4_default(&h, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 64);
    pb_put16(seg + 4, (uint16_t) n + 1);
    pb_put16(seg + 6, 0);
    return xlate4(pb_frame4(f, PB_L2_ETH, &h, seg, n));
}

static enum nat64_drop_reason
drop_icmp_fragmented(void)
{
    return icmp4(8, 0, 0, 32, PB_IP4_MF);
}

static enum nat64_drop_reason
drop_icmp_fragmented6(void)
{
    return icmp6(128, 0, 0, 32, true);
}

static enum nat64_drop_reason
drop_icmp_untranslatable(void)
{
    return icmp4(13, 0, 0, 12, 0);      /* Timestamp. */
}

static enum nat64_drop_reason
drop_icmp_untranslatable6(void)
{
    return icmp6(1, 6, 0, 48, false);
}

static enum nat64_drop_reason
drop_icmp_bad_pointer(void)
{
    return icmp4(12, 0, 10u << 24, 28, 0);  /* Header checksum. */
}

static enum nat64_drop_reason
drop_icmp_bad_pointer6(void)
{
    return icmp6(4, 0, 2, 48, false);   /* Flow label. */
}

static enum nat64_drop_reason
drop_icmp_error_in_error(void)
{
    struct pb_ip4 h, ih;
    size_t n;

    pb_ip4_default(&h, PB_IP_ICMP);
    pb_ip4_default(&ih, PB_IP_ICMP);
    n = pb_icmp(seg, 11, 0, 0, NULL, 36);
    pb_ip4_hdr(seg + 8, &ih, 36);
    pb_icmp(seg + 28, 3, 3, 0, NULL, 8);
    pb_fill_csum4(seg, n, PB_IP_ICMP, h.src, h.dst);
    return xlate4(pb_frame4(f, PB_L2_ETH, &h, seg, n));
}

static enum nat64_drop_reason
drop_icmp_inner_bad(void)
{
    return icmp4(3, 1, 0, 19, 0);       /* 19 bytes of inner header. */
}

static enum nat64_drop_reason
drop_icmp_inner_bad6(void)
{
    return icmp6(3, 0, 0, 39, false);
}

/* RFC 4884: a Length attribute (ICMPv4 byte 5, in 32-bit words) that
 * ends the original datagram field past the message. */
static enum nat64_drop_reason
drop_icmp_ext_bad_length(void)
{
    return icmp4(11, 0, 40u << 16, 28, 0);  /* 160 bytes, 28 there. */
}

/* ICMPv6: byte 4, in 64-bit words. */
static enum nat64_drop_reason
drop_icmp_ext_bad_length6(void)
{
    return icmp6(3, 0, 40u << 24, 48, false);
}

/* An extension structure (version 2) after 128 bytes of original
 * datagram whose one object says it is 3 bytes long, less than its own
 * header. */
static enum nat64_drop_reason
drop_icmp_ext_malformed(void)
{
    struct pb_ip4 h, ih;
    uint8_t *ext;
    size_t n;

    pb_ip4_default(&h, PB_IP_ICMP);
    pb_ip4_default(&ih, PB_IP_UDP);
    memcpy(ih.src, h.dst, 4);
    memcpy(ih.dst, h.src, 4);
    n = pb_icmp(seg, 11, 0, 32u << 16, NULL, 128 + 12);
    pb_ip4_hdr(seg + 8, &ih, 100);
    ext = seg + 8 + 128;
    memset(ext, 0, 12);
    ext[0] = 0x20;
    pb_put16(ext + 4, 3);
    ext[6] = 1;
    ext[7] = 1;
    pb_fill_csum4(seg, n, PB_IP_ICMP, h.src, h.dst);
    return xlate4(pb_frame4(f, PB_L2_ETH, &h, seg, n));
}

static enum nat64_drop_reason
drop_arp_malformed(void)
{
    uint8_t a[4] = { 10, 0, 0, 1 };
    size_t n = pb_l2(f, PB_L2_ETH, PB_ETH_ARP);

    n += pb_arp(f + n, 9, pb_mac_src, a, pb_mac_zero, a);
    return xlate4(n);
}

static enum nat64_drop_reason
drop_ndp_unsupported(void)
{
    return icmp6(133, 0, 0, 0, false);  /* Router solicitation. */
}

static size_t
ns_frame(uint8_t hlim)
{
    uint8_t target[16], group[16], nd[32];
    struct pb_ip6 h;
    size_t n;

    pb_ip6_default(&h, PB_IP_ICMPV6);
    h.hlim = hlim;
    memcpy(target, h.dst, 16);
    pb_solicited(target, group);
    memcpy(h.dst, group, 16);
    n = pb_ns(nd, target, pb_mac_src);
    pb_fill_csum6(nd, n, PB_IP_ICMPV6, h.src, h.dst);
    return pb_frame6(f, PB_L2_ETH, &h, NULL, 0, nd, n);
}

static enum nat64_drop_reason
drop_ndp_malformed(void)
{
    return xlate6(ns_frame(64));
}

static enum nat64_drop_reason
drop_ndp_bad_checksum(void)
{
    size_t len = ns_frame(255);

    f[len - 1] ^= 0x10;
    return xlate6(len);
}

static enum nat64_drop_reason
drop_ndp_no_ethernet(void)
{
    size_t len = ns_frame(255), out_len;

    return pb_xlate(false, &cfg, f + 14, len - 14, 0, seg, &out_len);
}

/* And the NDP frame this builds is translated. */
static enum nat64_drop_reason
ndp_ok(void)
{
    return xlate6(ns_frame(255));
}

/* nat64_too_big() on 'len' bytes of f, an IPv4 or IPv6 frame. */
static enum nat64_drop_reason
too_big(size_t len, unsigned int mtu)
{
    enum nat64_drop_reason reason;
    struct pb_run r;

    pb_load(&r, f, len, 14, PB_HEADROOM, len);
    reason = pb_run_too_big(&r, mtu);
    pb_unload(&r);
    return reason;
}

static enum nat64_drop_reason
drop_not_too_big(void)
{
    return too_big(udp6_default(), 1280);
}

static enum nat64_drop_reason
drop_too_big_df_clear(void)
{
    struct pb_ip4 h;
    size_t n;

    pb_ip4_default(&h, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 1400);
    pb_fill_csum4(seg, n, PB_IP_UDP, h.src, h.dst);
    return too_big(pb_frame4(f, PB_L2_ETH, &h, seg, n), 1280);
}

static enum nat64_drop_reason
drop_too_big_no_error(void)
{
    struct pb_ip6 h;
    size_t n, len;

    pb_ip6_default(&h, PB_IP_UDP);
    n = pb_udp(seg, 1, 2, NULL, 1400);
    pb_fill_csum6(seg, n, PB_IP_UDP, h.src, h.dst);
    len = pb_frame6(f, PB_L2_ETH, &h, NULL, 0, seg, n);
    f[0] = 0xff;                /* To an Ethernet broadcast. */
    return too_big(len, 1280);
}

static enum nat64_drop_reason
drop_too_big_bad_mtu(void)
{
    return too_big(udp4_default(), 1279);
}

/* nat64_cut_plan() on an IPv6 frame with a Fragment header whose
 * Fragment Offset is 'offset', carrying 1400 bytes. */
static enum nat64_drop_reason
cut(uint16_t offset, unsigned int mtu)
{
    enum nat64_drop_reason reason;
    struct nat64_cut plan;
    struct pb_ip6 h;
    uint8_t frag[8];
    struct pb_run r;
    size_t len;

    pb_ip6_default(&h, 44);
    pb_frag6(frag, PB_IP_UDP, offset, false, 0x1234);
    pb_pattern(seg, 1400, 1);
    len = pb_frame6(f, PB_L2_ETH, &h, frag, 8, seg, 1400);
    pb_load(&r, f, len, 14, PB_HEADROOM, len);
    reason = pb_run_cut(&r, mtu, &plan);
    pb_unload(&r);
    return reason;
}

static enum nat64_drop_reason
drop_cut_offset_overflow(void)
{
    return cut(8100, 1280);
}

static enum nat64_drop_reason
drop_cut_bad_mtu(void)
{
    return cut(0, 55);
}

struct drop_case {
    enum nat64_drop_reason reason;
    enum nat64_drop_reason (*run)(void);
};

static void
run_case(void **state)
{
    const struct drop_case *c = *state;

    nat64_config_default(&cfg);
    pb_context("%s", nat64_drop_reason_name(c->reason));
    pb_assert_reason(c->run(), c->reason);
}

static void
test_all_reasons_reached(void **state)
{
    enum nat64_drop_reason r;
    int missing = 0;

    (void) state;
    assert_true(NAT64_N_DROP_REASONS <= 64);
    for (r = NAT64_OK + 1; r < NAT64_FIRST_CALLER_DROP; r++) {
        if (!(pb_reasons_seen & (UINT64_C(1) << r))) {
            print_error("no test reached %s\n", nat64_drop_reason_name(r));
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

#define CASE(REASON, FN)                                                \
    { #FN, run_case, NULL, NULL,                                        \
      &(struct drop_case) { NAT64_##REASON, FN } }

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_name_unknown),
        CASE(OK, ndp_ok),
        CASE(NOT_LINEAR, drop_not_linear),
        CASE(NO_HEADROOM, drop_no_headroom),
        CASE(WRONG_L3, drop_wrong_l3),
        CASE(L2_TRUNCATED, drop_l2_truncated),
        CASE(V4_TRUNCATED, drop_v4_truncated),
        CASE(V4_BAD_HEADER, drop_v4_bad_header),
        CASE(V4_BAD_CHECKSUM, drop_v4_bad_checksum),
        CASE(V4_BAD_OPTIONS, drop_v4_bad_options),
        CASE(V4_SOURCE_ROUTE, drop_v4_source_route),
        CASE(V6_TRUNCATED, drop_v6_truncated),
        CASE(V6_BAD_HEADER, drop_v6_bad_header),
        CASE(V6_BAD_EXT_HEADER, drop_v6_bad_ext_header),
        CASE(V6_SEGMENTS_LEFT, drop_v6_segments_left),
        CASE(V6_EXT_AFTER_FRAG, drop_v6_ext_after_frag),
        CASE(V6_EXT_AFTER_FRAG, drop_v6_ext_after_frag_later),
        CASE(V4_TOO_BIG, drop_v4_too_big),
        CASE(SRC_NOT_IN_PREFIX, drop_src_not_in_prefix),
        CASE(DST_NOT_IN_PREFIX, drop_dst_not_in_prefix),
        CASE(SRC_ILLEGAL, drop_src_illegal),
        CASE(SRC_ILLEGAL, drop_src_illegal6),
        CASE(WKP_NON_GLOBAL, drop_wkp_non_global),
        CASE(TTL_EXPIRED, drop_ttl_expired),
        CASE(L4_TRUNCATED, drop_l4_truncated),
        CASE(UDP_ZERO_CSUM_FRAG, drop_udp_zero_csum_frag),
        CASE(UDP_ZERO_CSUM_V6, drop_udp_zero_csum_v6),
        CASE(UDP_BAD_LENGTH, drop_udp_bad_length),
        CASE(ICMP_FRAGMENTED, drop_icmp_fragmented),
        CASE(ICMP_FRAGMENTED, drop_icmp_fragmented6),
        CASE(ICMP_UNTRANSLATABLE, drop_icmp_untranslatable),
        CASE(ICMP_UNTRANSLATABLE, drop_icmp_untranslatable6),
        CASE(ICMP_BAD_POINTER, drop_icmp_bad_pointer),
        CASE(ICMP_BAD_POINTER, drop_icmp_bad_pointer6),
        CASE(ICMP_ERROR_IN_ERROR, drop_icmp_error_in_error),
        CASE(ICMP_INNER_BAD, drop_icmp_inner_bad),
        CASE(ICMP_INNER_BAD, drop_icmp_inner_bad6),
        CASE(ICMP_EXT_BAD_LENGTH, drop_icmp_ext_bad_length),
        CASE(ICMP_EXT_BAD_LENGTH, drop_icmp_ext_bad_length6),
        CASE(ICMP_EXT_MALFORMED, drop_icmp_ext_malformed),
        CASE(ARP_MALFORMED, drop_arp_malformed),
        CASE(NDP_UNSUPPORTED, drop_ndp_unsupported),
        CASE(NDP_MALFORMED, drop_ndp_malformed),
        CASE(NDP_BAD_CHECKSUM, drop_ndp_bad_checksum),
        CASE(NDP_NO_ETHERNET, drop_ndp_no_ethernet),
        CASE(NOT_TOO_BIG, drop_not_too_big),
        CASE(TOO_BIG_DF_CLEAR, drop_too_big_df_clear),
        CASE(TOO_BIG_NO_ERROR, drop_too_big_no_error),
        CASE(TOO_BIG_BAD_MTU, drop_too_big_bad_mtu),
        CASE(CUT_OFFSET_OVERFLOW, drop_cut_offset_overflow),
        CASE(CUT_BAD_MTU, drop_cut_bad_mtu),
        cmocka_unit_test(test_all_reasons_reached),
    };

    return cmocka_run_group_tests_name("drops", tests, NULL, NULL);
}
