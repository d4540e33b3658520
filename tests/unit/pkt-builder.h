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

#ifndef PKT_BUILDER_H
#define PKT_BUILDER_H 1

/* Packet builder, checksum checker and translation harness for the unit
 * tests.
 *
 * Everything here is written from the RFCs, independently of lib/: the
 * checksums are a plain RFC 1071 sum of big-endian 16-bit words, the
 * RFC 6052 mapping places the IPv4 octets one by one around the u-octet.
 * Expected packets are built from scratch with these functions and
 * compared byte for byte with what the translator produced.
 *
 * The harness (pb_load(), pb_run()) puts the frame so that its linear part
 * ends just before an inaccessible page, so a read or write past
 * 'data + linear' crashes the test, and fills the bytes before
 * 'data - headroom' with a canary that must survive. */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nat64.h"

/* Largest frame the tests build: an IPv6 packet with a 65535-byte payload
 * behind a VLAN-tagged Ethernet header, with room to spare. */
#define PB_FRAME_MAX (18 + 40 + 65535 + 64)

/* Headroom pb_xlate() gives: more than any translation needs. */
#define PB_HEADROOM 128

/* The IPv4 Identification pb_xlate() passes to nat64_6to4(). */
#define PB_IPV4_ID 0x4242

/* Protocol numbers and types. */
#define PB_ETH_IPV4 0x0800
#define PB_ETH_ARP 0x0806
#define PB_ETH_IPV6 0x86dd
#define PB_ETH_VLAN 0x8100

#define PB_IP_HOPOPTS 0
#define PB_IP_ICMP 1
#define PB_IP_TCP 6
#define PB_IP_UDP 17
#define PB_IP_ROUTING 43
#define PB_IP_FRAGMENT 44
#define PB_IP_ESP 50
#define PB_IP_ICMPV6 58
#define PB_IP_NONE 59
#define PB_IP_DSTOPTS 60

#define PB_IP4_DF 0x4000
#define PB_IP4_MF 0x2000

/* Layer 2 framing of a test frame. */
enum pb_l2 {
    PB_L2_NONE,                 /* Raw IP, l2_len 0. */
    PB_L2_ETH,                  /* Ethernet, l2_len 14. */
    PB_L2_VLAN,                 /* Ethernet + 802.1Q tag, l2_len 18. */
};

/* MAC addresses pb_l2() uses: destination, source. */
extern const uint8_t pb_mac_dst[6];
extern const uint8_t pb_mac_src[6];
extern const uint8_t pb_mac_bcast[6];
extern const uint8_t pb_mac_zero[6];
#define PB_VLAN_TCI 0x2064      /* PCP 1, VID 100. */

/* The reasons any pb_run() of this program returned, as a bitmap. */
extern uint64_t pb_reasons_seen;

/* RFC 1071. */
uint64_t pb_sum(uint64_t acc, const uint8_t *p, size_t len);
uint16_t pb_fold(uint64_t sum);
uint16_t pb_csum(uint64_t sum);
uint64_t pb_pseudo4(const uint8_t src[4], const uint8_t dst[4],
                    uint8_t proto, uint32_t len);
uint64_t pb_pseudo6(const uint8_t src[16], const uint8_t dst[16],
                    uint8_t nh, uint32_t len);
bool pb_csum_equiv(uint16_t a, uint16_t b);

/* Big-endian fields. */
void pb_put16(uint8_t *p, uint16_t v);
void pb_put32(uint8_t *p, uint32_t v);
uint16_t pb_get16(const uint8_t *p);
uint32_t pb_get32(const uint8_t *p);

/* Addresses from text (asserts they parse). */
void pb_ip4(uint8_t a[4], const char *s);
void pb_ip6(uint8_t a[16], const char *s);
void pb_prefix(struct nat64_prefix *p, const char *s, unsigned int len);
void pb_config(struct nat64_config *c, const char *prefix, unsigned int len,
               enum nat64_ttl_mode mode);

/* RFC 6052 section 2.2, written independently of lib/. */
void pb_map(const struct nat64_prefix *p, const uint8_t v4[4],
            uint8_t v6[16]);

/* ff02::1:ffXX:XXXX for 'a' and its Ethernet address 33:33:ff:XX:XX:XX. */
void pb_solicited(const uint8_t a[16], uint8_t group[16]);
void pb_mcast_mac(const uint8_t group[16], uint8_t mac[6]);

/* Layer 2 headers: returns the length written. */
size_t pb_l2_len(enum pb_l2 l2);
size_t pb_l2(uint8_t *p, enum pb_l2 l2, uint16_t ethertype);
size_t pb_eth(uint8_t *p, enum pb_l2 l2, const uint8_t dst[6],
              const uint8_t src[6], uint16_t ethertype);

/* IPv4 header. */
struct pb_ip4 {
    uint8_t tos;
    uint16_t id;
    uint16_t frag;              /* Flags and offset word, as on the wire. */
    uint8_t ttl;
    uint8_t proto;
    uint8_t src[4];
    uint8_t dst[4];
    const uint8_t *opts;        /* Options, 'opts_len' a multiple of 4. */
    size_t opts_len;
};

/* Fills 'h' with: TOS 0, ID 0x1234, no flags, TTL 64, 'proto',
 * 192.0.2.33 -> 198.51.100.10, no options. */
void pb_ip4_default(struct pb_ip4 *h, uint8_t proto);

/* Writes the header (with a correct checksum) for 'payload_len' bytes of
 * payload; returns its length. */
size_t pb_ip4_hdr(uint8_t *p, const struct pb_ip4 *h, size_t payload_len);

/* IPv6 header. */
struct pb_ip6 {
    uint8_t tc;
    uint32_t flow;
    uint8_t hlim;
    uint8_t nh;
    uint8_t src[16];
    uint8_t dst[16];
};

/* Fills 'h' with: traffic class 0, flow label 0, hop limit 64, 'nh',
 * fe80::c000:221 (192.0.2.33) -> fe80::c633:640a (198.51.100.10). */
void pb_ip6_default(struct pb_ip6 *h, uint8_t nh);
size_t pb_ip6_hdr(uint8_t *p, const struct pb_ip6 *h, size_t payload_len);

/* An IPv6 Fragment header: 'offset' in 8-byte units. */
size_t pb_frag6(uint8_t *p, uint8_t nh, uint16_t offset, bool m,
                uint32_t id);

/* An extension header of 'len' bytes (a multiple of 8, at least 8):
 * next header 'nh', padded with a PadN option (hop-by-hop, destination
 * options) or, for a routing header, type 'rtype' with 'segleft'. */
size_t pb_opts6(uint8_t *p, uint8_t nh, size_t len);
size_t pb_routing6(uint8_t *p, uint8_t nh, uint8_t rtype, uint8_t segleft,
                   size_t len);

/* Transport headers with a zero checksum, followed by 'len' bytes of
 * 'data' (may be NULL for a pattern seeded with 'len'); return the
 * segment length. */
size_t pb_tcp(uint8_t *p, uint16_t sport, uint16_t dport,
              const uint8_t *data, size_t len);
size_t pb_udp(uint8_t *p, uint16_t sport, uint16_t dport,
              const uint8_t *data, size_t len);
size_t pb_icmp(uint8_t *p, uint8_t type, uint8_t code, uint32_t rest,
               const uint8_t *data, size_t len);
void pb_pattern(uint8_t *p, size_t len, unsigned int seed);

/* The checksum field offset of 'proto' (TCP, UDP, ICMP, ICMPv6), or -1. */
int pb_csum_ofs(uint8_t proto);

/* Sets the checksum of the 'len'-byte segment 'l4' of protocol 'proto'
 * carried between the given addresses (ICMPv4 has no pseudo-header; a
 * UDP checksum that computes to 0 is sent as 0xffff). */
void pb_fill_csum4(uint8_t *l4, size_t len, uint8_t proto,
                   const uint8_t src[4], const uint8_t dst[4]);
void pb_fill_csum6(uint8_t *l4, size_t len, uint8_t proto,
                   const uint8_t src[16], const uint8_t dst[16]);

/* Whole frames: L2 header, IP header (and 'ext', 'ext_len' bytes of IPv6
 * extension headers already chained, 'h->nh' naming the first), then
 * 'l4_len' bytes of 'l4' copied as they are.  Return the frame length. */
size_t pb_frame4(uint8_t *f, enum pb_l2 l2, const struct pb_ip4 *h,
                 const uint8_t *l4, size_t l4_len);
size_t pb_frame6(uint8_t *f, enum pb_l2 l2, const struct pb_ip6 *h,
                 const uint8_t *ext, size_t ext_len,
                 const uint8_t *l4, size_t l4_len);

/* ARP and Neighbor Discovery. */
size_t pb_arp(uint8_t *p, uint16_t op, const uint8_t sha[6],
              const uint8_t spa[4], const uint8_t tha[6],
              const uint8_t tpa[4]);
/* NS/NA with a zero checksum; 'lla' NULL for no link-layer option (type 1
 * for NS, 2 for NA). */
size_t pb_ns(uint8_t *p, const uint8_t target[16], const uint8_t *lla);
size_t pb_na(uint8_t *p, uint8_t flags, const uint8_t target[16],
             const uint8_t *lla);
#define PB_NA_R 0x80
#define PB_NA_S 0x40
#define PB_NA_O 0x20

/* Independent checks of a finished frame: the IPv4 header checksum, the
 * TCP/UDP/ICMP/ICMPv6 checksum of an unfragmented packet and, in an ICMP
 * error, the embedded IPv4 header checksum.  Fails the test otherwise. */
void pb_check_csums(const uint8_t *f, size_t len, size_t l2_len);

/* Test context for failure messages (a printf format), "" to clear. */
void pb_context(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Fails the test, with a hex dump of both, if the frames differ. */
void pb_assert_frame(const uint8_t *got, size_t got_len,
                     const uint8_t *exp, size_t exp_len);

/* Fails the test, naming both reasons, if 'got' is not 'exp'. */
void pb_assert_reason(enum nat64_drop_reason got,
                      enum nat64_drop_reason exp);

/* A frame loaded for translation, with its guards. */
struct pb_run {
    struct nat64_packet pkt;

    /* Private. */
    uint8_t *map;               /* The mapping; last page inaccessible. */
    size_t map_size;
    uint8_t *lo;                /* data - headroom as loaded. */
    uint8_t *data0;             /* data as loaded. */
    size_t linear0;             /* linear as loaded. */
    struct nat64_packet pkt0;   /* pkt as loaded. */
    uint8_t *copy;              /* The loaded frame's linear bytes. */
};

/* Loads 'len' bytes of 'frame' with 'headroom' bytes before it, of which
 * the first 'linear' (<= len) are accessible; flags 0, ipv4_id
 * PB_IPV4_ID. */
void pb_load(struct pb_run *r, const uint8_t *frame, size_t len,
             size_t l2_len, size_t headroom, size_t linear);

/* Runs nat64_4to6() ('to6') or nat64_6to4() on the loaded frame, records
 * the reason, and checks the invariants: on success the new frame lies in
 * [data - headroom, data + linear) as loaded and the fields agree; on a
 * drop the frame and the fields other than 'need' are untouched. */
enum nat64_drop_reason pb_run(struct pb_run *r, bool to6,
                              const struct nat64_config *config);
/* Runs nat64_too_big() on the loaded frame, as pb_run() runs the
 * translator. */
enum nat64_drop_reason pb_run_too_big(struct pb_run *r, unsigned int mtu);
/* Runs nat64_cut_plan() on the loaded frame for 'mtu', records the
 * reason and checks that the frame and the fields other than 'need' are
 * untouched. */
enum nat64_drop_reason pb_run_cut(struct pb_run *r, unsigned int mtu,
                                  struct nat64_cut *cut);
void pb_unload(struct pb_run *r);

/* One-shot translation with PB_HEADROOM, everything linear, 'flags' and
 * 'ipv4_id': on success copies the new frame to 'out' (PB_FRAME_MAX
 * bytes) and sets '*out_len'. */
enum nat64_drop_reason pb_xlate_ex(bool to6,
                                   const struct nat64_config *config,
                                   const uint8_t *in, size_t len,
                                   size_t l2_len, uint32_t flags,
                                   uint16_t ipv4_id, uint8_t *out,
                                   size_t *out_len);

/* pb_xlate_ex() with no flags and PB_IPV4_ID. */
enum nat64_drop_reason pb_xlate(bool to6, const struct nat64_config *config,
                                const uint8_t *in, size_t len,
                                size_t l2_len, uint8_t *out,
                                size_t *out_len);

/* Expects pb_xlate() to drop the frame for 'exp'. */
void pb_expect_drop(bool to6, const struct nat64_config *config,
                    const uint8_t *in, size_t len, size_t l2_len,
                    enum nat64_drop_reason exp);

/* Expects pb_xlate() to succeed and give exactly 'exp', whose checksums
 * pb_check_csums() also verifies. */
void pb_expect_frame(bool to6, const struct nat64_config *config,
                     const uint8_t *in, size_t len, size_t l2_len,
                     const uint8_t *exp, size_t exp_len);

/* A heap buffer of PB_FRAME_MAX bytes, freed by the caller with free(). */
uint8_t *pb_buf(void);

#endif /* pkt-builder.h */
