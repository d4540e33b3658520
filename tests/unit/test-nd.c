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

/* ARP <-> Neighbor Discovery, as lib/README.md ("ARP to NDP", "NDP to
 * ARP") says. */

#include "pkt-builder.h"

#include <stdlib.h>
#include <string.h>

static uint8_t in[PB_FRAME_MAX];
static uint8_t out[PB_FRAME_MAX];
static uint8_t exp_[PB_FRAME_MAX];
static uint8_t nd[256];

static struct nat64_config cfg;

/* The host asking (h) and the one asked about (t), by MAC and IPv4
 * address, and their IPv6 addresses in the prefix. */
static const uint8_t mac_h[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t mac_t[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x64 };
static const uint8_t mac_o[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
static uint8_t h4[4], t4[4], zero4[4];
static uint8_t h6[16], t6[16], any6[16], all_nodes[16];

static int
setup(void **state)
{
    (void) state;
    nat64_config_default(&cfg);
    pb_ip4(h4, "192.168.0.10");
    pb_ip4(t4, "192.168.0.100");
    memset(zero4, 0, sizeof zero4);
    pb_map(&cfg.prefix, h4, h6);
    pb_map(&cfg.prefix, t4, t6);
    memset(any6, 0, sizeof any6);
    pb_ip6(all_nodes, "ff02::1");
    pb_context("%s", "");
    return 0;
}

/* Builds an ARP frame; returns its length. */
static size_t
arp_frame(uint8_t *f, enum pb_l2 l2, const uint8_t eth_dst[6],
          const uint8_t eth_src[6], uint16_t op, const uint8_t sha[6],
          const uint8_t spa[4], const uint8_t tha[6], const uint8_t tpa[4])
{
    size_t n = pb_eth(f, l2, eth_dst, eth_src, PB_ETH_ARP);

    return n + pb_arp(f + n, op, sha, spa, tha, tpa);
}

/* Builds an NDP frame (hop limit 255, checksum computed) from the 'nd_len'
 * bytes of 'nd'. */
static size_t
nd_frame(uint8_t *f, enum pb_l2 l2, const uint8_t eth_dst[6],
         const uint8_t eth_src[6], const uint8_t src[16],
         const uint8_t dst[16], size_t nd_len)
{
    struct pb_ip6 h;
    size_t n;

    pb_ip6_default(&h, PB_IP_ICMPV6);
    h.hlim = 255;
    memcpy(h.src, src, 16);
    memcpy(h.dst, dst, 16);
    pb_fill_csum6(nd, nd_len, PB_IP_ICMPV6, src, dst);
    n = pb_eth(f, l2, eth_dst, eth_src, PB_ETH_IPV6);
    n += pb_ip6_hdr(f + n, &h, nd_len);
    memcpy(f + n, nd, nd_len);
    return n + nd_len;
}

/* scapy: a request for 192.168.0.100 from 192.168.0.10. */
static const uint8_t golden_arp[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00,
    0x00, 0x00, 0x00, 0x0a, 0xc0, 0xa8, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xc0, 0xa8, 0x00, 0x64
};

/* scapy: the solicitation for fe80::c0a8:64 from fe80::c0a8:a. */
static const uint8_t golden_ns[] = {
    0x33, 0x33, 0xff, 0xa8, 0x00, 0x64, 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a,
    0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0xfe, 0x80,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xa8,
    0x00, 0x0a, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0xff, 0xa8, 0x00, 0x64, 0x87, 0x00, 0xf7, 0xc7, 0x00, 0x00,
    0x00, 0x00, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xc0, 0xa8, 0x00, 0x64, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00,
    0x00, 0x0a
};

static void
test_golden(void **state)
{
    (void) state;
    pb_check_csums(golden_ns, sizeof golden_ns, 14);
    pb_context("ARP to NS");
    pb_expect_frame(true, &cfg, golden_arp, sizeof golden_arp, 14,
                    golden_ns, sizeof golden_ns);
    pb_context("NS to ARP");
    pb_expect_frame(false, &cfg, golden_ns, sizeof golden_ns, 14,
                    golden_arp, sizeof golden_arp);
}

/* Request -> NS from P|SPA to the solicited-node group of P|TPA, Ethernet
 * 33:33:ff:XX:XX:XX, target P|TPA, source link-layer option = SHA. */
static void
test_arp_request(void **state)
{
    static const struct {
        const char *prefix;
        unsigned int len;
    } prefixes[] = {
        { "fe80::", 96 }, { "64:ff9b::", 96 }, { "2001:db8::", 32 },
        { "2001:db8:122:344::", 64 }, { "2001:db8:100::", 40 },
    };
    static const enum pb_l2 l2s[] = { PB_L2_ETH, PB_L2_VLAN };
    size_t i, j, in_len, exp_len, n;

    (void) state;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        for (j = 0; j < 2; j++) {
            uint8_t src[16], target[16], group[16], mac[6];
            struct nat64_config c;

            pb_config(&c, prefixes[i].prefix, prefixes[i].len,
                      NAT64_TTL_DECREMENT);
            pb_map(&c.prefix, h4, src);
            pb_map(&c.prefix, t4, target);
            pb_solicited(target, group);
            pb_mcast_mac(group, mac);

            /* The sender's MAC in the ARP differs from the Ethernet
             * source: the option carries SHA. */
            in_len = arp_frame(in, l2s[j], pb_mac_bcast, mac_o, 1, mac_h,
                               h4, pb_mac_zero, t4);
            n = pb_ns(nd, target, mac_h);
            exp_len = nd_frame(exp_, l2s[j], mac, mac_o, src, group, n);
            pb_context("%s/%u, l2 %zu", prefixes[i].prefix,
                       prefixes[i].len, pb_l2_len(l2s[j]));
            pb_expect_frame(true, &c, in, in_len, pb_l2_len(l2s[j]), exp_,
                            exp_len);
        }
    }
}

/* Reply -> NA from P|SPA to P|TPA, Ethernet destination kept, flags S
 * and O, target P|SPA, target link-layer option = SHA. */
static void
test_arp_reply(void **state)
{
    size_t in_len, exp_len, n;

    (void) state;
    in_len = arp_frame(in, PB_L2_ETH, mac_h, mac_o, 2, mac_t, t4, mac_h,
                       h4);
    n = pb_na(nd, PB_NA_S | PB_NA_O, t6, mac_t);
    exp_len = nd_frame(exp_, PB_L2_ETH, mac_h, mac_o, t6, h6, n);
    pb_expect_frame(true, &cfg, in, in_len, 14, exp_, exp_len);
}

/* A unicast request (Linux's reachability probe: Ethernet destination the
 * cached address) -> a unicast NS to P|TPA, Ethernet destination kept (RFC
 * 4861 7.2.2), and back. */
static void
test_arp_request_unicast(void **state)
{
    size_t in_len, exp_len, n;

    (void) state;
    in_len = arp_frame(in, PB_L2_ETH, mac_t, mac_h, 1, mac_h, h4,
                       pb_mac_zero, t4);
    n = pb_ns(nd, t6, mac_h);
    exp_len = nd_frame(exp_, PB_L2_ETH, mac_t, mac_h, h6, t6, n);
    pb_context("ARP to NS");
    pb_expect_frame(true, &cfg, in, in_len, 14, exp_, exp_len);
    pb_context("NS to ARP");
    pb_expect_frame(false, &cfg, exp_, exp_len, 14, in, in_len);
}

/* Gratuitous ARP (SPA == TPA, request or reply) -> unsolicited NA from
 * P|SPA to ff02::1 (Ethernet 33:33:00:00:00:01), flag O, target P|SPA,
 * target link-layer option = SHA. */
static void
test_arp_gratuitous(void **state)
{
    static const uint8_t mac_all[6] = { 0x33, 0x33, 0, 0, 0, 1 };
    uint16_t op;
    size_t in_len, exp_len, n;

    (void) state;
    for (op = 1; op <= 2; op++) {
        in_len = arp_frame(in, PB_L2_ETH, pb_mac_bcast, mac_t, op, mac_t,
                           t4, op == 1 ? pb_mac_zero : pb_mac_bcast, t4);
        n = pb_na(nd, PB_NA_O, t6, mac_t);
        exp_len = nd_frame(exp_, PB_L2_ETH, mac_all, mac_t, t6, all_nodes,
                           n);
        pb_context("op %u", op);
        pb_expect_frame(true, &cfg, in, in_len, 14, exp_, exp_len);
    }
}

/* Probe (SPA 0.0.0.0) -> DAD NS from :: to the solicited-node group of
 * P|TPA, target P|TPA, no option. */
static void
test_arp_probe(void **state)
{
    uint8_t group[16], mac[6];
    size_t in_len, exp_len, n;

    (void) state;
    pb_solicited(t6, group);
    pb_mcast_mac(group, mac);
    in_len = arp_frame(in, PB_L2_ETH, pb_mac_bcast, mac_h, 1, mac_h, zero4,
                       pb_mac_zero, t4);
    n = pb_ns(nd, t6, NULL);
    assert_int_equal(n, 24);
    exp_len = nd_frame(exp_, PB_L2_ETH, mac, mac_h, any6, group, n);
    pb_expect_frame(true, &cfg, in, in_len, 14, exp_, exp_len);
}

/* Ethernet pads ARP to 60 bytes: the padding goes. */
static void
test_arp_padding(void **state)
{
    uint8_t group[16], mac[6];
    size_t in_len, exp_len, n;

    (void) state;
    pb_solicited(t6, group);
    pb_mcast_mac(group, mac);
    in_len = arp_frame(in, PB_L2_ETH, pb_mac_bcast, mac_h, 1, mac_h, h4,
                       pb_mac_zero, t4);
    assert_int_equal(in_len, 42);
    memset(in + in_len, 0xcc, 18);
    n = pb_ns(nd, t6, mac_h);
    exp_len = nd_frame(exp_, PB_L2_ETH, mac, mac_h, h6, group, n);
    pb_expect_frame(true, &cfg, in, 60, 14, exp_, exp_len);

    in_len = arp_frame(in, PB_L2_VLAN, pb_mac_bcast, mac_h, 1, mac_h, h4,
                       pb_mac_zero, t4);
    memset(in + in_len, 0, 64 - in_len);
    exp_len = nd_frame(exp_, PB_L2_VLAN, mac, mac_h, h6, group, n);
    pb_expect_frame(true, &cfg, in, 64, 18, exp_, exp_len);
}

/* Headroom: 44 bytes for a request (NS with option), 36 for a probe. */
static void
test_arp_headroom(void **state)
{
    static const size_t growth[] = { 44, 36 };
    size_t i, in_len;

    (void) state;
    for (i = 0; i < 2; i++) {
        struct pb_run r;

        in_len = arp_frame(in, PB_L2_ETH, pb_mac_bcast, mac_h, 1, mac_h,
                           i ? zero4 : h4, pb_mac_zero, t4);
        pb_context("case %zu", i);
        pb_load(&r, in, in_len, 14, growth[i] - 1, in_len);
        pb_assert_reason(pb_run(&r, true, &cfg), NAT64_NO_HEADROOM);
        assert_int_equal(r.pkt.need, growth[i]);
        pb_unload(&r);

        pb_load(&r, in, in_len, 14, growth[i], in_len);
        pb_assert_reason(pb_run(&r, true, &cfg), NAT64_OK);
        assert_int_equal(r.pkt.len, in_len + growth[i]);
        assert_int_equal(r.pkt.headroom, 0);
        assert_int_equal(r.pkt.l4_ofs, 14 + 40);
        pb_unload(&r);

        /* Linear: the ARP packet. */
        pb_load(&r, in, in_len, 14, 64, 41);
        pb_assert_reason(pb_run(&r, true, &cfg), NAT64_NOT_LINEAR);
        assert_int_equal(r.pkt.need, 42);
        pb_unload(&r);
    }
}

static void
test_arp_malformed(void **state)
{
    struct {
        size_t ofs;
        uint8_t value;
    } const cases[] = {
        { 14 + 1, 6 },          /* htype 6. */
        { 14 + 2, 0x86 },       /* ptype 0x8600. */
        { 14 + 3, 0x01 },       /* ptype 0x0801. */
        { 14 + 4, 8 },          /* hlen 8. */
        { 14 + 5, 16 },         /* plen 16. */
        { 14 + 7, 0 },          /* op 0. */
        { 14 + 7, 3 },          /* op 3 (RARP). */
        { 14 + 7, 4 },
        { 14 + 6, 1 },          /* op 0x0101. */
    };
    size_t i, in_len;

    (void) state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        in_len = arp_frame(in, PB_L2_ETH, pb_mac_bcast, mac_h, 1, mac_h, h4,
                           pb_mac_zero, t4);
        in[cases[i].ofs] = cases[i].value;
        pb_context("byte %zu = %u", cases[i].ofs, cases[i].value);
        pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_ARP_MALFORMED);
    }

    /* Truncated. */
    in_len = arp_frame(in, PB_L2_ETH, pb_mac_bcast, mac_h, 1, mac_h, h4,
                       pb_mac_zero, t4);
    pb_context("27 bytes");
    pb_expect_drop(true, &cfg, in, in_len - 1, 14, NAT64_ARP_MALFORMED);
    pb_context("no ARP");
    pb_expect_drop(true, &cfg, in, 14, 14, NAT64_ARP_MALFORMED);

    /* A reply from 0.0.0.0. */
    in_len = arp_frame(in, PB_L2_ETH, mac_t, mac_h, 2, mac_h, zero4, mac_t,
                       t4);
    pb_context("reply from 0.0.0.0");
    pb_expect_drop(true, &cfg, in, in_len, 14, NAT64_ARP_MALFORMED);
}

/* NS (source P|x) -> ARP request to Ethernet broadcast, SHA from the
 * source link-layer option (else the Ethernet source), THA 0. */
static void
test_ns(void **state)
{
    uint8_t group[16], mac[6];
    size_t in_len, exp_len, n;

    (void) state;
    pb_solicited(t6, group);
    pb_mcast_mac(group, mac);

    /* To the solicited-node group, with the option. */
    n = pb_ns(nd, t6, mac_h);
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_o, h6, group, n);
    exp_len = arp_frame(exp_, PB_L2_ETH, pb_mac_bcast, mac_o, 1, mac_h, h4,
                        pb_mac_zero, t4);
    pb_context("multicast, option");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);

    /* Without the option: the Ethernet source. */
    n = pb_ns(nd, t6, NULL);
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_o, h6, group, n);
    exp_len = arp_frame(exp_, PB_L2_ETH, pb_mac_bcast, mac_o, 1, mac_o, h4,
                        pb_mac_zero, t4);
    pb_context("multicast, no option");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);

    /* Unicast (neighbour unreachability detection) to P|x: a unicast ARP
     * request, Ethernet destination kept. */
    n = pb_ns(nd, t6, mac_h);
    in_len = nd_frame(in, PB_L2_VLAN, mac_t, mac_h, h6, t6, n);
    exp_len = arp_frame(exp_, PB_L2_VLAN, mac_t, mac_h, 1, mac_h, h4,
                        pb_mac_zero, t4);
    pb_context("unicast, VLAN");
    pb_expect_frame(false, &cfg, in, in_len, 18, exp_, exp_len);
    pb_context("unicast, VLAN, back");
    pb_expect_frame(true, &cfg, exp_, exp_len, 18, in, in_len);

    /* Other options around the source link-layer one. */
    n = pb_ns(nd, t6, NULL);
    memset(nd + n, 0, 8);
    nd[n] = 14;                         /* Nonce. */
    nd[n + 1] = 1;
    nd[n + 2] = 0x42;
    n += 8;
    nd[n] = 1;
    nd[n + 1] = 1;
    memcpy(nd + n + 2, mac_h, 6);
    n += 8;
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_o, h6, group, n);
    exp_len = arp_frame(exp_, PB_L2_ETH, pb_mac_bcast, mac_o, 1, mac_h, h4,
                        pb_mac_zero, t4);
    pb_context("nonce, option");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);

    /* Router mode: NDP is not decremented. */
    n = pb_ns(nd, t6, mac_h);
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_o, h6, group, n);
    exp_len = arp_frame(exp_, PB_L2_ETH, pb_mac_bcast, mac_o, 1, mac_h, h4,
                        pb_mac_zero, t4);
    cfg.ttl_mode = NAT64_TTL_DECREMENT;
    pb_context("router mode");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);
}

/* DAD NS (from ::, to the solicited-node group, no option) -> ARP probe. */
static void
test_dad_ns(void **state)
{
    uint8_t group[16], mac[6];
    size_t in_len, exp_len, n;

    (void) state;
    pb_solicited(t6, group);
    pb_mcast_mac(group, mac);
    n = pb_ns(nd, t6, NULL);
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, any6, group, n);
    exp_len = arp_frame(exp_, PB_L2_ETH, pb_mac_bcast, mac_h, 1, mac_h,
                        zero4, pb_mac_zero, t4);
    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);

    /* RFC 4861 7.1.1: from ::, no source link-layer option, and only to
     * the solicited-node group. */
    n = pb_ns(nd, t6, mac_h);
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, any6, group, n);
    pb_context("DAD with an option");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);

    n = pb_ns(nd, t6, NULL);
    in_len = nd_frame(in, PB_L2_ETH, mac_t, mac_h, any6, t6, n);
    pb_context("DAD to unicast");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);
}

/* NA -> ARP reply: SHA from the target link-layer option (else the
 * Ethernet source), SPA from the target; to P|x THA = Ethernet
 * destination and TPA = x; to ff02::1 the gratuitous form. */
static void
test_na(void **state)
{
    static const uint8_t mac_all[6] = { 0x33, 0x33, 0, 0, 0, 1 };
    size_t in_len, exp_len, n;

    (void) state;
    n = pb_na(nd, PB_NA_S | PB_NA_O, t6, mac_t);
    in_len = nd_frame(in, PB_L2_ETH, mac_h, mac_o, t6, h6, n);
    exp_len = arp_frame(exp_, PB_L2_ETH, mac_h, mac_o, 2, mac_t, t4, mac_h,
                        h4);
    pb_context("solicited, option");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);

    n = pb_na(nd, PB_NA_S, t6, NULL);
    in_len = nd_frame(in, PB_L2_VLAN, mac_h, mac_o, t6, h6, n);
    exp_len = arp_frame(exp_, PB_L2_VLAN, mac_h, mac_o, 2, mac_o, t4, mac_h,
                        h4);
    pb_context("solicited, no option, VLAN");
    pb_expect_frame(false, &cfg, in, in_len, 18, exp_, exp_len);

    n = pb_na(nd, PB_NA_O, t6, mac_t);
    in_len = nd_frame(in, PB_L2_ETH, mac_all, mac_o, t6, all_nodes, n);
    exp_len = arp_frame(exp_, PB_L2_ETH, pb_mac_bcast, mac_o, 2, mac_t, t4,
                        pb_mac_zero, t4);
    pb_context("unsolicited");
    pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);
}

/* NDP that is not translated. */
static void
test_ndp_drops(void **state)
{
    static const uint8_t hlims[] = { 0, 1, 64, 254 };
    uint8_t group[16], mac[6];
    size_t in_len, exp_len, n, i;
    enum nat64_drop_reason r;

    (void) state;
    pb_solicited(t6, group);
    pb_mcast_mac(group, mac);

    /* Hop limit other than 255: from off link (RFC 4861 7.1.1). */
    for (i = 0; i < sizeof hlims; i++) {
        n = pb_ns(nd, t6, mac_h);
        in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, h6, group, n);
        in[14 + 7] = hlims[i];
        pb_context("NS hop limit %u", hlims[i]);
        pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);

        n = pb_na(nd, PB_NA_S, t6, mac_t);
        in_len = nd_frame(in, PB_L2_ETH, mac_h, mac_t, t6, h6, n);
        in[14 + 7] = hlims[i];
        pb_context("NA hop limit %u", hlims[i]);
        pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);
    }

    /* Checksum. */
    n = pb_ns(nd, t6, mac_h);
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, h6, group, n);
    in[14 + 40 + 3] ^= 0x20;
    pb_context("NS checksum");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_BAD_CHECKSUM);

    n = pb_na(nd, PB_NA_S, t6, mac_t);
    in_len = nd_frame(in, PB_L2_ETH, mac_h, mac_t, t6, h6, n);
    in[in_len - 1] ^= 0x01;
    pb_context("NA checksum");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_BAD_CHECKSUM);

    /* Code not 0. */
    n = pb_ns(nd, t6, mac_h);
    nd[1] = 1;
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, h6, group, n);
    pb_context("NS code 1");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);

    /* Options of length zero, or past the message. */
    n = pb_ns(nd, t6, mac_h);
    nd[25] = 0;
    in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, h6, group, n);
    pb_context("NS option length 0");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);

    n = pb_na(nd, PB_NA_S, t6, mac_t);
    nd[25] = 2;
    in_len = nd_frame(in, PB_L2_ETH, mac_h, mac_t, t6, h6, n);
    pb_context("NA option past the end");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);

    n = pb_na(nd, PB_NA_S, t6, NULL);
    nd[n] = 2;
    in_len = nd_frame(in, PB_L2_ETH, mac_h, mac_t, t6, h6, n + 1);
    pb_context("NA with one byte of option");
    pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);

    /* Shorter than an NS. */
    for (n = 8; n < 24; n += 4) {
        memset(nd, 0, sizeof nd);
        nd[0] = 135;
        in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, h6, group, n);
        pb_context("NS of %zu bytes", n);
        pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_MALFORMED);
    }

    /* No Ethernet: no ARP. */
    n = pb_ns(nd, t6, mac_h);
    in_len = nd_frame(in, PB_L2_NONE, mac, mac_h, h6, group, n);
    pb_context("NS, raw IPv6");
    pb_expect_drop(false, &cfg, in, in_len, 0, NAT64_NDP_NO_ETHERNET);
    n = pb_na(nd, PB_NA_S, t6, mac_t);
    in_len = nd_frame(in, PB_L2_NONE, mac_h, mac_t, t6, h6, n);
    pb_context("NA, raw IPv6");
    pb_expect_drop(false, &cfg, in, in_len, 0, NAT64_NDP_NO_ETHERNET);

    /* Targets outside the prefix (the reason is not specified). */
    {
        uint8_t out6[16];

        pb_ip6(out6, "2001:db8::c0a8:64");
        n = pb_ns(nd, out6, mac_h);
        in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, h6, group, n);
        pb_context("NS target outside the prefix");
        r = pb_xlate(false, &cfg, in, in_len, 14, out, &n);
        assert_true(r == NAT64_DST_NOT_IN_PREFIX
                    || r == NAT64_SRC_NOT_IN_PREFIX
                    || r == NAT64_NDP_MALFORMED);

        n = pb_na(nd, PB_NA_S, out6, mac_t);
        in_len = nd_frame(in, PB_L2_ETH, mac_h, mac_t, t6, h6, n);
        pb_context("NA target outside the prefix");
        r = pb_xlate(false, &cfg, in, in_len, 14, out, &n);
        assert_true(r == NAT64_DST_NOT_IN_PREFIX
                    || r == NAT64_SRC_NOT_IN_PREFIX
                    || r == NAT64_NDP_MALFORMED);

        /* An NA whose source is outside the prefix (a proxy's or an
         * anycast answer, RFC 4861 7.2.8) is an ARP reply all the same:
         * ARP takes the sender from the target. */
        n = pb_na(nd, PB_NA_S, t6, mac_t);
        in_len = nd_frame(in, PB_L2_ETH, mac_h, mac_t, out6, h6, n);
        exp_len = arp_frame(exp_, PB_L2_ETH, mac_h, mac_t, 2, mac_t, t4,
                            mac_h, h4);
        pb_context("NA source outside the prefix");
        pb_expect_frame(false, &cfg, in, in_len, 14, exp_, exp_len);

        /* A multicast NA must not claim to be solicited (RFC 4861
         * 7.1.2). */
        {
            static const uint8_t mac_all[6] = { 0x33, 0x33, 0, 0, 0, 1 };

            n = pb_na(nd, PB_NA_S | PB_NA_O, t6, mac_t);
            in_len = nd_frame(in, PB_L2_ETH, mac_all, mac_t, t6, all_nodes,
                              n);
            pb_context("multicast NA with S");
            pb_expect_drop(false, &cfg, in, in_len, 14,
                           NAT64_NDP_MALFORMED);
        }

        /* An NS source outside the prefix. */
        n = pb_ns(nd, t6, mac_h);
        in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, out6, group, n);
        pb_context("NS source outside the prefix");
        pb_expect_drop(false, &cfg, in, in_len, 14,
                       NAT64_SRC_NOT_IN_PREFIX);

        /* An NS to all nodes. */
        n = pb_ns(nd, t6, mac_h);
        in_len = nd_frame(in, PB_L2_ETH, mac, mac_h, h6, all_nodes, n);
        pb_context("NS to ff02::1");
        pb_expect_drop(false, &cfg, in, in_len, 14,
                       NAT64_DST_NOT_IN_PREFIX);
    }
}

/* Router solicitation/advertisement, redirect and MLD: dropped. */
static void
test_ndp_unsupported(void **state)
{
    static const uint8_t types[] = { 130, 131, 132, 133, 134, 137, 143 };
    uint8_t routers[16];
    size_t in_len, n, i;

    (void) state;
    pb_ip6(routers, "ff02::2");
    for (i = 0; i < sizeof types; i++) {
        memset(nd, 0, 40);
        nd[0] = types[i];
        n = types[i] == 137 ? 40 : types[i] == 134 ? 16 : 24;
        in_len = nd_frame(in, PB_L2_ETH, pb_mac_dst, mac_h, h6, routers, n);
        pb_context("type %u", types[i]);
        pb_expect_drop(false, &cfg, in, in_len, 14, NAT64_NDP_UNSUPPORTED);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_golden, setup),
        cmocka_unit_test_setup(test_arp_request, setup),
        cmocka_unit_test_setup(test_arp_reply, setup),
        cmocka_unit_test_setup(test_arp_request_unicast, setup),
        cmocka_unit_test_setup(test_arp_gratuitous, setup),
        cmocka_unit_test_setup(test_arp_probe, setup),
        cmocka_unit_test_setup(test_arp_padding, setup),
        cmocka_unit_test_setup(test_arp_headroom, setup),
        cmocka_unit_test_setup(test_arp_malformed, setup),
        cmocka_unit_test_setup(test_ns, setup),
        cmocka_unit_test_setup(test_dad_ns, setup),
        cmocka_unit_test_setup(test_na, setup),
        cmocka_unit_test_setup(test_ndp_drops, setup),
        cmocka_unit_test_setup(test_ndp_unsupported, setup),
    };

    return cmocka_run_group_tests_name("nd", tests, NULL, NULL);
}
