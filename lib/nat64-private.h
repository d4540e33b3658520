/*
 * Copyright (c) 2026 The ovs-nat64 authors.
 *
 * SPDX-License-Identifier: Apache-2.0 OR GPL-2.0-only
 *
 * This file is dual licensed: it is compiled into Open vSwitch (Apache
 * License, Version 2.0) and into the Linux openvswitch module (GNU General
 * Public License, version 2).  You may use it under either license:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *     https://www.gnu.org/licenses/old-licenses/gpl-2.0.html
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under these licenses is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 */

#ifndef NAT64_PRIVATE_H
#define NAT64_PRIVATE_H 1

/* Internals shared by the translator's source files.  Not an API. */

#include "nat64.h"

#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

/* Protocol numbers and message types used in more than one file. */
#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_IPV6 0x86dd

#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_ICMPV6_ 58
#define IPPROTO_NONE_ 59
#define IPPROTO_DSTOPTS_ 60

#define IPV4_HDR_LEN 20
#define IPV6_HDR_LEN 40
#define IPV6_FRAG_HDR_LEN 8
#define IPV6_MIN_MTU 1280          /* RFC 8200 section 5. */
#define ICMP_HDR_LEN 8
#define TCP_CSUM_OFS 16
#define UDP_CSUM_OFS 6
#define UDP_HDR_LEN 8
#define TCP_HDR_LEN 20
#define ARP_ETH_IPV4_LEN 28
#define ETH_ADDR_LEN 6
#define ETH_HDR_LEN 14
#define VLAN_HDR_LEN 4

/* For the few helpers on the per-packet fast path that the compiler would
 * otherwise keep out of line because they have several callers. */
#define NAT64_INLINE inline __attribute__((__always_inline__))

/* For the general paths, so that the fast path around them stays lean
 * (no registers saved for code it does not run). */
#define NAT64_SLOW_PATH __attribute__((__noinline__))

/* Big-endian field access that is safe at any alignment: a plain load or
 * store plus a byte swap on little-endian hosts. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define NAT64_BE16(x) ((uint16_t) (x))
#define NAT64_BE32(x) ((uint32_t) (x))
#else
#define NAT64_BE16(x) __builtin_bswap16(x)
#define NAT64_BE32(x) __builtin_bswap32(x)
#endif

static inline uint16_t
get_be16(const uint8_t *p)
{
    uint16_t v;

    memcpy(&v, p, sizeof v);
    return NAT64_BE16(v);
}

static inline uint32_t
get_be32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof v);
    return NAT64_BE32(v);
}

static inline void
put_be16(uint8_t *p, uint16_t v)
{
    v = NAT64_BE16(v);
    memcpy(p, &v, sizeof v);
}

static inline void
put_be32(uint8_t *p, uint32_t v)
{
    v = NAT64_BE32(v);
    memcpy(p, &v, sizeof v);
}

/* Internet checksum arithmetic (RFC 1071, RFC 1624).
 *
 * The one's complement sum does not depend on byte order as long as every
 * term is taken the same way, so sums here are of 16-bit words loaded in
 * host order straight from memory ("memory order").  A checksum field read
 * with load16() can be combined with them directly; a number that is not
 * in a packet (a length, a protocol) goes through csum_word() first. */
static inline uint16_t
load16(const uint8_t *p)
{
    uint16_t v;

    memcpy(&v, p, sizeof v);
    return v;
}

static inline void
store16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, sizeof v);
}

/* The memory-order value of the big-endian 16-bit word 'v'. */
static inline uint32_t
csum_word(uint16_t v)
{
    return NAT64_BE16(v);
}

/* A partial sum: a 32-bit one's complement accumulator. */
static inline uint32_t
csum_add(uint32_t a, uint32_t b)
{
    a += b;
    return a + (a < b);
}

static inline uint32_t
csum_sub(uint32_t a, uint32_t b)
{
    return csum_add(a, ~b);
}

/* Folds a partial sum to 16 bits (not complemented): the upper half of
 * the sum plus itself rotated by 16 bits is the two halves' sum with its
 * end-around carry. */
static inline uint16_t
csum_fold(uint32_t sum)
{
    return (uint16_t) ((sum + (sum << 16 | sum >> 16)) >> 16);
}

/* Sums 'len' bytes at 'p', starting on an even offset of the checksummed
 * message; an odd last byte is padded with zero. */
uint32_t nat64_csum_bytes(const uint8_t *p, size_t len);

static inline uint32_t
load32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint64_t
load64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof v);
    return v;
}

/* The plain sum of the 32-bit words, in memory order, of an IPv4 header
 * of 'ihl' bytes (a multiple of 4, at least 20). */
static NAT64_INLINE uint64_t
ipv4_header_words(const uint8_t *p, unsigned int ihl)
{
    uint64_t s = (uint64_t) load32(p) + load32(p + 4) + load32(p + 8)
                 + load32(p + 12) + load32(p + 16);
    unsigned int i;

    for (i = IPV4_HDR_LEN; i < ihl; i += 4) {
        s += load32(p + i);
    }
    return s;
}

/* Sums an IPv4 header of 'ihl' bytes (a multiple of 4, at least 20). */
static NAT64_INLINE uint32_t
csum_ipv4_header(const uint8_t *p, unsigned int ihl)
{
    uint64_t s = ipv4_header_words(p, ihl);

    s = (s & 0xffffffff) + (s >> 32);
    s = (s & 0xffffffff) + (s >> 32);
    return (uint32_t) s;
}

/* Sums an IPv4 header of 'ihl' bytes but its addresses (the 8 bytes from
 * offset 12): what a translated header does not keep as it is. */
static NAT64_INLINE uint32_t
csum_ipv4_header_but_addrs(const uint8_t *p, unsigned int ihl)
{
    uint64_t s = ipv4_header_words(p, ihl) - load32(p + 12) - load32(p + 16);

    s = (s & 0xffffffff) + (s >> 32);
    s = (s & 0xffffffff) + (s >> 32);
    return (uint32_t) s;
}

/* a + b with end-around carry: modulo 2**64 - 1. */
static NAT64_INLINE uint64_t
add64_end_around(uint64_t a, uint64_t b)
{
    uint64_t s;
    bool carry = __builtin_add_overflow(a, b, &s);

    return s + carry;
}

/* Whether the IPv4 header of 'ihl' bytes at 'p' has a right checksum,
 * that is sums to 0xffff.  A one's complement sum of 16-bit words is their
 * plain sum modulo 0xffff (RFC 1071), whatever the words' byte order (a
 * byte swap multiplies a word by 2**8, prime to 0xffff) or grouping into
 * wider words (2**16, 2**32 and 2**64 are 1 modulo 0xffff, so 64-bit
 * words added with end-around carry keep that sum), and a nonzero header
 * (its version is not 0) sums to 0xffff exactly when that is 0.  The test
 * for a multiple of 0xffff needs no division: a 64-bit 'x' is one exactly
 * when x times the inverse of 0xffff modulo 2**64 is at most
 * (2**64 - 1) / 0xffff (Granlund and Montgomery, 1994). */
static NAT64_INLINE bool
ipv4_header_csum_ok(const uint8_t *p, unsigned int ihl)
{
    uint64_t s = add64_end_around(load64(p), load64(p + 8));
    unsigned int i;

    for (i = 16; i < ihl; i += 4) {
        s = add64_end_around(s, load32(p + i));
    }
    return s * 0xfffefffefffeffffULL <= 0xffffffffffffffffULL / 0xffff;
}

/* Sums two 16-byte IPv6 addresses (or any 32 bytes). */
static NAT64_INLINE uint32_t
csum_32_bytes(const uint8_t *p)
{
    uint64_t s = (uint64_t) load32(p) + load32(p + 4) + load32(p + 8)
                 + load32(p + 12) + load32(p + 16) + load32(p + 20)
                 + load32(p + 24) + load32(p + 28);

    s = (s & 0xffffffff) + (s >> 32);
    s = (s & 0xffffffff) + (s >> 32);
    return (uint32_t) s;
}

/* Sums 8 bytes (two IPv4 addresses, or an ICMP header). */
static inline uint32_t
csum_8_bytes(const uint8_t *p)
{
    return csum_add(load32(p), load32(p + 4));
}

/* The sum of an ICMP header without its checksum field (three 16-bit
 * words: no carry). */
static inline uint32_t
csum_icmp_header(const uint8_t *p)
{
    return (uint32_t) load16(p) + load16(p + 4) + load16(p + 6);
}

/* Long sums, as in the ICMP error paths: a 64-bit accumulator to which
 * 32-bit terms are added with plain additions (2**32 of them could not
 * overflow it), a term taken out by adding its complement, and one fold
 * at the end to a 32-bit partial sum. */
static inline uint64_t
csum64_sub(uint64_t acc, uint32_t x)
{
    return acc + (uint32_t) ~x;
}

static NAT64_INLINE uint32_t
csum64_fold(uint64_t acc)
{
    acc = (acc & 0xffffffff) + (acc >> 32);
    acc = (acc & 0xffffffff) + (acc >> 32);
    return (uint32_t) acc;
}

/* RFC 1624 eqn. 3: the checksum field 'old' after the covered data changed
 * by 'diff' (new minus old, as a partial sum).  With 'partial', the field
 * holds an uncomplemented pseudo-header seed (checksum offload). */
static NAT64_INLINE uint16_t
csum_update(uint16_t old, uint32_t diff, bool partial)
{
    if (partial) {
        return csum_fold(csum_add(old, diff));
    }
    return ~csum_fold(csum_add(0xffffU - old, diff));
}

/* RFC 7915 4.5 and 5.5: updates the TCP or UDP checksum field at 'slot'
 * by 'diff' as csum_update() does, and returns its new value.  A UDP
 * checksum that comes out zero is sent as 0xffff, zero meaning none (RFC
 * 768); an offloaded one ('partial') is the device's to finish. */
static NAT64_INLINE uint16_t
l4_csum_update(uint8_t *slot, uint32_t diff, bool udp, bool partial)
{
    uint16_t csum = csum_update(load16(slot), diff, partial);

    if (udp && !csum && !partial) {
        csum = 0xffff;
    }
    store16(slot, csum);
    return csum;
}

/* For the TCP and UDP one-pass paths, which have a copy each ('proto' is
 * a constant there): the length of the transport header, and the offset
 * of its checksum. */
static NAT64_INLINE unsigned int
fast_l4_hdr_len(uint8_t proto)
{
    return proto == IPPROTO_TCP_ ? TCP_HDR_LEN : UDP_HDR_LEN;
}

static NAT64_INLINE unsigned int
fast_l4_csum_ofs(uint8_t proto)
{
    return proto == IPPROTO_TCP_ ? TCP_CSUM_OFS : UDP_CSUM_OFS;
}

/* Whether the transport header at 'l4' has a checksum to update: a UDP
 * datagram without one (zero, not offloaded) gets a whole one on the
 * general path. */
static NAT64_INLINE bool
fast_l4_has_csum(const struct nat64_packet *pkt, const uint8_t *l4,
                 uint8_t proto)
{
    return (proto == IPPROTO_TCP_ || load16(l4 + UDP_CSUM_OFS)
            || pkt->flags & NAT64_PKT_L4_CSUM_PARTIAL);
}

/* The finished checksum for the partial sum 'sum'. */
static inline uint16_t
csum_finish(uint32_t sum)
{
    return ~csum_fold(sum);
}

/* The IPv6 pseudo-header (RFC 8200 section 8.1) sum for addresses whose
 * sum is 'addr_sum', upper-layer length 'len' and next header 'nh'. */
static NAT64_INLINE uint32_t
csum_pseudo6_from(uint32_t addr_sum, uint32_t len, uint8_t nh)
{
    uint32_t s = csum_add(addr_sum, csum_word(len >> 16));

    s = csum_add(s, csum_word(len & 0xffff));
    return csum_add(s, csum_word(nh));
}

/* The same for the addresses at 'addrs' (source then destination). */
static NAT64_INLINE uint32_t
csum_pseudo6(const uint8_t *addrs, uint32_t len, uint8_t nh)
{
    return csum_pseudo6_from(csum_32_bytes(addrs), len, nh);
}

/* Bounds.  'end' is an offset from pkt->data that the translator must
 * read or write up to; 'limit' is where the data legitimately ends (the
 * end of the IP datagram, not of link-layer padding).  Past 'limit' the
 * packet is malformed, 'why'; past 'linear' the caller must linearize. */
static inline enum nat64_drop_reason
need_bytes(struct nat64_packet *pkt, size_t end, size_t limit,
           enum nat64_drop_reason why)
{
    if (end > limit) {
        return why;
    }
    if (end > pkt->linear) {
        pkt->need = end;
        return NAT64_NOT_LINEAR;
    }
    return NAT64_OK;
}

/* Moves the L2 header of 'l2_len' bytes from 'old_data' to 'new_data'
 * (within the headroom, or further into the frame) and sets its
 * ethertype.  Called after parsing and before writing the new L3
 * headers, which may overlap the old place of the L2 header. */
static NAT64_INLINE void
nat64_move_l2(uint8_t *new_data, const uint8_t *old_data, size_t l2_len,
              uint16_t ethertype)
{
    /* Up to 32 bytes (Ethernet with up to two VLAN tags), as two or four
     * overlapping words, all read before any is written, so that the
     * move may overlap itself. */
    if (l2_len >= 8 && l2_len <= 16) {
        uint64_t w0, w1;

        memcpy(&w0, old_data, 8);
        memcpy(&w1, old_data + l2_len - 8, 8);
        memcpy(new_data, &w0, 8);
        memcpy(new_data + l2_len - 8, &w1, 8);
    } else if (l2_len > 16 && l2_len <= 32) {
        uint64_t w0, w1, w2, w3;

        memcpy(&w0, old_data, 8);
        memcpy(&w1, old_data + 8, 8);
        memcpy(&w2, old_data + l2_len - 16, 8);
        memcpy(&w3, old_data + l2_len - 8, 8);
        memcpy(new_data, &w0, 8);
        memcpy(new_data + 8, &w1, 8);
        memcpy(new_data + l2_len - 16, &w2, 8);
        memcpy(new_data + l2_len - 8, &w3, 8);
    } else if (l2_len) {
        memmove(new_data, old_data, l2_len);
    } else {
        return;
    }
    put_be16(new_data + l2_len - 2, ethertype);
}

/* Updates the frame bounds in 'pkt' for a frame that starts 'delta' bytes
 * further on (back into the headroom if negative) and ends at 'end', an
 * offset from the old pkt->data. */
static NAT64_INLINE void
nat64_shift_frame(struct nat64_packet *pkt, ptrdiff_t delta, size_t end)
{
    size_t linear = pkt->linear - (size_t) delta; /* Modulo 2**N. */

    pkt->data += delta;
    pkt->headroom += (size_t) delta;
    pkt->len = end - (size_t) delta;
    pkt->linear = linear < pkt->len ? linear : pkt->len;
}

/* Both: moves the L2 header to 'new_data' and updates the frame bounds;
 * the new frame ends at 'end', an offset from the old pkt->data. */
static NAT64_INLINE void
nat64_reframe(struct nat64_packet *pkt, uint8_t *new_data, size_t end,
              uint16_t ethertype)
{
    nat64_move_l2(new_data, pkt->data, pkt->l2_len, ethertype);
    nat64_shift_frame(pkt, new_data - pkt->data, end);
}

/* Hop limit or TTL for a translated outer header, or 0 when the packet
 * must be dropped as expired. */
static inline unsigned int
nat64_next_ttl(const struct nat64_config *config, unsigned int ttl)
{
    if (config->ttl_mode == NAT64_TTL_DECREMENT) {
        return ttl > 1 ? ttl - 1 : 0;
    }
    return ttl;
}

/* The one's complement sum of the /96 'prefix', twice. */
static NAT64_INLINE uint32_t
csum_prefix96_twice(const struct nat64_prefix *prefix)
{
    const uint8_t *a = prefix->addr;
    uint64_t s = ((uint64_t) load32(a) + load32(a + 4) + load32(a + 8)) * 2;

    s = (s & 0xffffffff) + (s >> 32);
    s = (s & 0xffffffff) + (s >> 32);
    return (uint32_t) s;
}

/* What the mapping adds to the sum of two addresses: the sum of the IPv6
 * addresses at 'addrs6' (source, destination) minus that of the IPv4
 * addresses at 'addrs4' they map.  With a /96 prefix the IPv4 bits cancel
 * out and only the prefix, twice, remains, which nat64_config_prepare()
 * works out for config->fast96. */
static NAT64_INLINE uint32_t
csum_addrs_4to6(const struct nat64_config *config, const uint8_t *addrs4,
                const uint8_t *addrs6)
{
    if (config->fast96) {
        return config->prefix96_sum;
    } else if (config->prefix.len == 96) {
        return csum_prefix96_twice(&config->prefix);
    }
    return csum_sub(csum_32_bytes(addrs6), csum_8_bytes(addrs4));
}

/* RFC 6052 mapping with the common /96 case inline. */
static inline void
addr_4to6(const struct nat64_prefix *prefix, const uint8_t v4[4],
          uint8_t v6[16])
{
    if (prefix->len == 96) {
        memcpy(v6, prefix->addr, 12);
        memcpy(v6 + 12, v4, 4);
    } else {
        nat64_addr_4to6(prefix, v4, v6);
    }
}

/* Both addresses: the IPv4 source and destination at 'addrs4' become the
 * IPv6 ones at 'addrs6'.  The /96 prefix is read once for both, as the
 * stores could alias it. */
static NAT64_INLINE void
addrs_4to6(const struct nat64_prefix *prefix, const uint8_t addrs4[8],
           uint8_t addrs6[32])
{
    if (prefix->len == 96) {
        uint64_t hi = load64(prefix->addr);
        uint32_t lo = load32(prefix->addr + 8);
        uint32_t src = load32(addrs4), dst = load32(addrs4 + 4);

        memcpy(addrs6, &hi, 8);
        memcpy(addrs6 + 8, &lo, 4);
        memcpy(addrs6 + 12, &src, 4);
        memcpy(addrs6 + 16, &hi, 8);
        memcpy(addrs6 + 24, &lo, 4);
        memcpy(addrs6 + 28, &dst, 4);
    } else {
        /* A copy, so that 'addrs4' (often in a parsed header) need not
         * live in memory for the common case. */
        uint8_t v4[8];

        memcpy(v4, addrs4, 8);
        nat64_addr_4to6(prefix, v4, addrs6);
        nat64_addr_4to6(prefix, v4 + 4, addrs6 + 16);
    }
}

/* The bits in which the first 96 of 'v6' differ from the /96 'prefix':
 * none when 'v6' lies in it. */
static NAT64_INLINE uint64_t
prefix96_diff(const struct nat64_prefix *prefix, const uint8_t v6[16])
{
    return (load64(v6) ^ load64(prefix->addr))
           | (load32(v6 + 8) ^ load32(prefix->addr + 8));
}

/* Whether 'v6' lies in the /96 'prefix'. */
static NAT64_INLINE bool
in_prefix96(const struct nat64_prefix *prefix, const uint8_t v6[16])
{
    return !prefix96_diff(prefix, v6);
}

/* Whether both addresses of an IPv6 header ('addrs': source then
 * destination) lie in the /96 'prefix': one test for the two. */
static NAT64_INLINE bool
both_in_prefix96(const struct nat64_prefix *prefix, const uint8_t addrs[32])
{
    return !(prefix96_diff(prefix, addrs)
             | prefix96_diff(prefix, addrs + 16));
}

static inline bool
addr_6to4(const struct nat64_prefix *prefix, const uint8_t v6[16],
          uint8_t v4[4])
{
    if (prefix->len == 96) {
        if (!in_prefix96(prefix, v6)) {
            return false;
        }
        memcpy(v4, v6 + 12, 4);
        return true;
    }
    return nat64_addr_6to4(prefix, v6, v4);
}

/* RFC 7915 4.1 and 5.1 (RFC 1812 5.3.7): sources a router never forwards,
 * 0/8, 127/8, multicast, reserved and broadcast (224/3), are dropped. */
static inline bool
ipv4_source_forbidden(const uint8_t v4[4])
{
    /* 0 wraps to 255: one compare for 0/8 and 224/3. */
    return (uint8_t) (v4[0] - 1) >= 223 || v4[0] == 127;
}

/* Whether 'prefix' is the Well-Known Prefix 64:ff9b::/96 (RFC 6052 2.1). */
static inline bool
prefix_is_wkp(const struct nat64_prefix *prefix)
{
    return (prefix->len == 96 && get_be32(prefix->addr) == 0x0064ff9b
            && !load64(prefix->addr + 4));
}

/* The address checks of RFC 7915 4.1 and 5.1 and RFC 6052 3.1 on the IPv4
 * source 'src' and destination 'dst' of a packet that is not inside an
 * ICMP error: NAT64_OK or a drop reason. */
static inline enum nat64_drop_reason
check_ipv4_addrs(const struct nat64_prefix *prefix, const uint8_t src[4],
                 const uint8_t dst[4])
{
    if (ipv4_source_forbidden(src)) {
        return NAT64_SRC_ILLEGAL;
    }
    if (prefix_is_wkp(prefix) && (!nat64_ipv4_is_global(src)
                                  || !nat64_ipv4_is_global(dst))) {
        return NAT64_WKP_NON_GLOBAL;
    }
    return NAT64_OK;
}

/* ARP <-> NDP, nat64-nd.c.  'l3' is the offset of the ARP packet or IPv6
 * header; for NDP 'icmp' is the ICMPv6 message's offset and 'icmp_len' its
 * length, already bounds-checked by the caller against pkt->len. */
enum nat64_drop_reason nat64_arp_to_ndp(const struct nat64_config *config,
                                        struct nat64_packet *pkt);
enum nat64_drop_reason nat64_ndp_to_arp(const struct nat64_config *config,
                                        struct nat64_packet *pkt,
                                        size_t icmp, size_t icmp_len);

/* RFC 4884 extensions of ICMP errors, nat64-icmp-ext.c. */

/* Where an ICMP error's original datagram field ends and how long the
 * extension structure after it is (offsets from pkt->data). */
struct icmp_ext {
    size_t odg_end;     /* The message's end when there is no extension. */
    size_t ext_len;     /* 0 when there is none. */
};

/* Finds the extension structure of the ICMP error whose original datagram
 * field starts at 'odg' and whose message ends at 'end', from its Length
 * attribute 'length' in 'unit'-byte words (4 in ICMPv4, 8 in ICMPv6).
 * Returns NAT64_OK (also when the bytes after the field are no extension
 * structure: the message is then taken as one without), or
 * NAT64_ICMP_EXT_BAD_LENGTH (the field would end past the message),
 * NAT64_ICMP_EXT_MALFORMED (objects that do not fill the structure) or
 * NAT64_NOT_LINEAR. */
enum nat64_drop_reason nat64_icmp_ext_find(struct nat64_packet *pkt,
                                           size_t odg, size_t end,
                                           unsigned int length,
                                           unsigned int unit,
                                           struct icmp_ext *ext);

/* The translated error's original datagram field: the translated IP
 * header, 'keep' bytes of what followed the original one, 'pad' zero
 * bytes; the extension structure after it; 'length' the new Length
 * attribute, 0 when the extension structure must go. */
struct icmp_ext_fit {
    size_t keep;
    size_t pad;
    unsigned int length;
};

/* Fits the translated error: 'hdr' bytes of translated IP header and
 * 'rest' bytes after it, 'room' the bytes the message may have after its
 * ICMP header (0 when its type has no Length attribute), 'unit' the new
 * Length attribute's unit.  Without room for the extension structure and
 * 128 bytes of original datagram, 'fit->length' is 0 and the caller drops
 * the structure, then cuts the datagram as for an error without one. */
void nat64_icmp_ext_fit(const struct icmp_ext *ext, unsigned int hdr,
                        size_t rest, size_t room, unsigned int unit,
                        struct icmp_ext_fit *fit);

/* Where the bytes of a translated ICMP message go: after its new ICMP
 * header, or the inner packet's new IP header, the 'keep' bytes that
 * followed the old one at 'tail' (an offset from pkt->data), and the
 * extension structure as 'fit' says. */
struct icmp_layout {
    size_t tail;
    size_t keep;
    struct icmp_ext ext;        /* The RFC 4884 extension structure, */
    struct icmp_ext_fit fit;    /* and how the message fits around it. */
    size_t ext_len;             /* Bytes of the structure kept. */
};

/* Starts the layout of a message that ends at 'end': no extension
 * structure, nothing fitted yet. */
static inline void
icmp_layout_init(struct icmp_layout *layout, size_t end)
{
    layout->ext.odg_end = end;
    layout->ext.ext_len = 0;
    layout->fit.keep = 0;
    layout->fit.pad = 0;
    layout->fit.length = 0;
}

/* The layout of a message without an extension structure whose bytes from
 * 'tail' to 'end' all stay, in place. */
static inline void
icmp_layout_whole(struct icmp_layout *layout, size_t tail, size_t end)
{
    icmp_layout_init(layout, end);
    layout->tail = tail;
    layout->keep = end - tail;
    layout->fit.keep = layout->keep;
    layout->ext_len = 0;
}

/* Finishes the layout of a message that ends at 'end', once fitted: with
 * an extension structure, the datagram as fitted; else the bytes after
 * 'tail', at most 'most' of them (an error's size limit).  The bytes a
 * message loses at its end leave the checksum: they must be linear.
 * Returns NAT64_OK or NAT64_NOT_LINEAR. */
static inline enum nat64_drop_reason
icmp_layout_finish(struct nat64_packet *pkt, struct icmp_layout *layout,
                   size_t end, size_t most)
{
    if (layout->fit.length) {
        layout->ext_len = layout->ext.ext_len;
        layout->keep = layout->fit.keep;
    } else {
        layout->ext_len = 0;
        layout->keep = layout->ext.odg_end - layout->tail;
        if (layout->keep > most) {
            layout->keep = most;
        }
    }
    if (layout->keep < layout->ext.odg_end - layout->tail
        || layout->ext_len != end - layout->ext.odg_end) {
        return need_bytes(pkt, end, end, NAT64_L4_TRUNCATED);
    }
    return NAT64_OK;
}

/* Moves, after the caller moved the L2 header, the 'keep' bytes that
 * follow the original datagram's IP header (at 'tail', an offset from
 * 'base') and the extension structure to where 'fit' puts them: the
 * bytes 'fit->pad' towards the front, zeros after them; or, when the
 * datagram is cut, the structure right after the kept bytes. */
static NAT64_INLINE void
nat64_icmp_ext_place(uint8_t *base, size_t tail, size_t keep,
                     const struct icmp_ext *ext,
                     const struct icmp_ext_fit *fit)
{
    if (fit->pad) {
        uint8_t *kept = base + tail - fit->pad;

        memmove(kept, base + tail, keep);
        memset(kept + keep, 0, fit->pad);
    } else if (fit->length && keep < ext->odg_end - tail) {
        memmove(base + tail + keep, base + ext->odg_end, ext->ext_len);
    }
}

#endif /* nat64-private.h */
