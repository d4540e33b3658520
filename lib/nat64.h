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

#ifndef NAT64_H
#define NAT64_H 1

/* Stateless IPv4/IPv6 translation (SIIT, RFC 7915) for a virtual switch.
 *
 * This is the one implementation of the packet semantics.  It is
 * freestanding: no allocation, no I/O, nothing a kernel lacks.  The Linux
 * datapath, ovs-vswitchd, the offline translator, the unit tests, the
 * fuzzers and the benchmark all link this same code.
 *
 * Model
 * -----
 * A packet is a contiguous frame: an optional L2 header ('l2_len' bytes,
 * Ethernet with any VLAN tags, whose last two bytes are the ethertype)
 * followed by the L3 header.  Translation happens in place.  Everything
 * after the translated headers (the "tail": the TCP or UDP header and
 * payload, an ICMP error's embedded transport header and data) stays where
 * it is; new headers are written in front of it, growing into the headroom
 * (IPv4 to IPv6) or shrinking (IPv6 to IPv4), and the L2 header is moved to
 * the new start.  The L4 payload is never copied and TCP/UDP payloads are
 * never summed: checksums are updated incrementally (RFC 1624).  The one
 * exception is a UDP/IPv4 datagram with checksum zero, which IPv6 forbids;
 * its checksum is computed.
 *
 * Every refusal is a drop with a named reason, never a read or write outside
 * [data - headroom, data + linear).
 */

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#endif

/* The address family mapping of RFC 6052 section 2.2.  'len' is one of 32,
 * 40, 48, 56, 64 or 96 (bits); the bits of 'addr' past 'len' are zero. */
struct nat64_prefix {
    uint8_t addr[16];
    uint8_t len;
};

/* What happens to the TTL and hop limit. */
enum nat64_ttl_mode {
    NAT64_TTL_COPY,      /* A bridge: hop limit = TTL and back (default). */
    NAT64_TTL_DECREMENT, /* A router (RFC 7915 4.1, 5.1): decrement, drop
                          * at zero. */
};

struct nat64_config {
    struct nat64_prefix prefix;
    enum nat64_ttl_mode ttl_mode;
    /* RFC 7915 section 4's lowest-ipv6-mtu, at least 1280: nat64_4to6()
     * marks an IPv4 packet with DF clear that becomes a longer IPv6 packet
     * to be sent as fragments (see nat64_cut_plan()). */
    uint16_t ipv6_mtu;

    /* What nat64_config_prepare() works out once from the fields above,
     * rather than the translator for every packet.  All zero (a config
     * not prepared) is safe: every packet then takes the general path. */
    bool fast96;            /* A /96 prefix but the Well-Known one: the
                             * one-pass paths apply. */
    uint32_t prefix96_sum;  /* With fast96: the one's complement sum of
                             * the prefix's 96 bits, twice (both
                             * addresses). */
    uint16_t prefix96_fold; /* With fast96: prefix96_sum folded to 16
                             * bits, what a TCP or UDP checksum gains in
                             * 4to6; small enough that adding it needs no
                             * carry. */
    uint16_t prefix96_fold_neg; /* Its complement: the gain in 6to4. */
};

/* Most a frame can grow in nat64_4to6(): an ICMPv4 error whose outer and
 * inner headers have no options and whose inner packet is a fragment
 * (20 + 20 + 8), or an ARP packet becoming a Neighbor Solicitation or
 * Advertisement with a link-layer address option (72 - 28 = 44).  The
 * one exception, in both directions, is an ICMP error with an RFC 4884
 * extension structure whose original datagram is padded to the next
 * multiple of 8 bytes, or up to 128: it returns NAT64_NO_HEADROOM with
 * the headroom it needs in 'need', and the caller tries again with it. */
#define NAT64_MAX_GROWTH 48

/* What the common packet grows by in nat64_4to6(): an IPv4 header without
 * options becoming an IPv6 header.  In nat64_6to4() the common packet
 * shrinks.  A caller that makes only this much headroom (or none, for
 * nat64_6to4()) and more when a packet asks for it (NAT64_NO_HEADROOM)
 * copies no common packet into a bigger buffer. */
#define NAT64_COMMON_GROWTH_4TO6 20

/* Most any frame can grow: an ICMPv4 error with an RFC 4884 extension
 * structure whose original datagram field is only an IPv4 header (20
 * bytes), which becomes 128 bytes (IPv6 header and padding) behind a
 * 20-byte-larger outer header.  'need' never exceeds it. */
#define NAT64_MAX_GROWTH_ICMP_EXT 128

/* IPv6 packets longer than this are not produced from ICMPv4 errors
 * (RFC 7915 section 4.2: the minimum IPv6 MTU). */
#define NAT64_ICMP6_ERROR_MAX 1280

/* IPv4 packets longer than this are not produced from ICMPv6 errors (RFC
 * 1812 section 4.3.2.3, which RFC 7915 section 5.2 follows): the packet in
 * error is cut. */
#define NAT64_ICMP4_ERROR_MAX 576

/* The smallest IPv4 MTU (RFC 791). */
#define NAT64_IPV4_MIN_MTU 68

/* An IPv6 packet whose header is followed by TCP or UDP and which is
 * longer than this (from the IPv6 header on) becomes an IPv4 packet of
 * more than 1260 bytes: DF set, ID 0 (RFC 7915 5.1), unless
 * NAT64_PKT_REFRAGMENT.  Its 'ipv4_id' is not used (see
 * nat64_6to4_needs_ipv4_id()). */
#define NAT64_IPV4_ID_MAX_LEN 1280

/* Why a packet was not translated.  NAT64_OK is not a drop.  Each
 * NAT64_DROP(ENUM, NAME) gives the enum value NAT64_ENUM and the stable
 * lower_case name that operators see, spelled as an identifier so that a
 * caller can make a counter of it (Open vSwitch: a coverage counter per
 * reason). */
#define NAT64_DROP_REASONS                                                  \
    NAT64_DROP(OK, ok)                                                      \
    NAT64_DROP(NOT_LINEAR, headers_not_linear)                              \
    NAT64_DROP(NO_HEADROOM, no_headroom)                                    \
    NAT64_DROP(WRONG_L3, wrong_l3_protocol)                                 \
    NAT64_DROP(L2_TRUNCATED, l2_truncated)                                  \
    NAT64_DROP(V4_TRUNCATED, ipv4_truncated)                                \
    NAT64_DROP(V4_BAD_HEADER, ipv4_bad_header)                              \
    NAT64_DROP(V4_BAD_CHECKSUM, ipv4_bad_checksum)                          \
    NAT64_DROP(V4_BAD_OPTIONS, ipv4_bad_options)                            \
    NAT64_DROP(V4_SOURCE_ROUTE, ipv4_source_route)                          \
    NAT64_DROP(V6_TRUNCATED, ipv6_truncated)                                \
    NAT64_DROP(V6_BAD_HEADER, ipv6_bad_header)                              \
    NAT64_DROP(V6_BAD_EXT_HEADER, ipv6_bad_extension_header)                \
    NAT64_DROP(V6_SEGMENTS_LEFT, ipv6_routing_segments_left)                \
    NAT64_DROP(V6_EXT_AFTER_FRAG, ipv6_extension_after_fragment)            \
    NAT64_DROP(V4_TOO_BIG, ipv4_too_big)                                    \
    NAT64_DROP(SRC_NOT_IN_PREFIX, source_not_in_prefix)                     \
    NAT64_DROP(DST_NOT_IN_PREFIX, destination_not_in_prefix)                \
    NAT64_DROP(SRC_ILLEGAL, source_address_illegal)                         \
    NAT64_DROP(WKP_NON_GLOBAL, wkp_non_global_address)                      \
    NAT64_DROP(TTL_EXPIRED, ttl_expired)                                    \
    NAT64_DROP(L4_TRUNCATED, l4_truncated)                                  \
    NAT64_DROP(UDP_ZERO_CSUM_FRAG, udp_zero_checksum_fragment)              \
    NAT64_DROP(UDP_ZERO_CSUM_V6, udp_zero_checksum_ipv6)                    \
    NAT64_DROP(UDP_BAD_LENGTH, udp_bad_length)                              \
    NAT64_DROP(ICMP_FRAGMENTED, icmp_fragmented)                            \
    NAT64_DROP(ICMP_UNTRANSLATABLE, icmp_untranslatable_type)               \
    NAT64_DROP(ICMP_BAD_POINTER, icmp_untranslatable_pointer)               \
    NAT64_DROP(ICMP_ERROR_IN_ERROR, icmp_error_in_error)                    \
    NAT64_DROP(ICMP_INNER_BAD, icmp_inner_packet_bad)                       \
    NAT64_DROP(ICMP_EXT_BAD_LENGTH, icmp_extension_bad_length)              \
    NAT64_DROP(ICMP_EXT_MALFORMED, icmp_extension_malformed)                \
    NAT64_DROP(ARP_MALFORMED, arp_malformed)                                \
    NAT64_DROP(NDP_UNSUPPORTED, ndp_unsupported_type)                       \
    NAT64_DROP(NDP_MALFORMED, ndp_malformed)                                \
    NAT64_DROP(NDP_BAD_CHECKSUM, ndp_bad_checksum)                          \
    NAT64_DROP(NDP_NO_ETHERNET, ndp_without_ethernet)                       \
    /* nat64_too_big() only: packets it makes no error of. */              \
    NAT64_DROP(NOT_TOO_BIG, not_too_big)                                    \
    NAT64_DROP(TOO_BIG_DF_CLEAR, too_big_df_clear)                          \
    NAT64_DROP(TOO_BIG_NO_ERROR, too_big_no_error)                          \
    NAT64_DROP(TOO_BIG_BAD_MTU, too_big_bad_mtu)                            \
    /* nat64_cut_plan() only: IPv6 packets it cannot cut. */               \
    NAT64_DROP(CUT_OFFSET_OVERFLOW, cut_offset_overflow)                    \
    NAT64_DROP(CUT_BAD_MTU, cut_bad_mtu)                                    \
    /* Not returned by nat64_4to6() and nat64_6to4(): the reasons their   \
     * callers count when an offload (GSO, checksum offload, tunnels)     \
     * makes a packet the translation cannot keep right. */                \
    NAT64_DROP(GSO_UNSUPPORTED, gso_type_unsupported)                       \
    NAT64_DROP(GSO_TOO_BIG, gso_too_big)                                    \
    NAT64_DROP(ENCAP_OFFLOAD, encapsulated_offload)                         \
    NAT64_DROP(CSUM_OFFLOAD_BAD, checksum_offload_bad)                      \
    NAT64_DROP(CUT_FAILED, cut_failed)

enum nat64_drop_reason {
#define NAT64_DROP(ENUM, NAME) NAT64_##ENUM,
    NAT64_DROP_REASONS
#undef NAT64_DROP
    NAT64_N_DROP_REASONS
};

/* The first of the reasons only callers use (see above). */
#define NAT64_FIRST_CALLER_DROP NAT64_GSO_UNSUPPORTED

/* Returns the stable lower_case name of 'reason' ("ipv4_truncated"), as
 * operators see it in counters, or "unknown". */
const char *nat64_drop_reason_name(enum nat64_drop_reason reason);

/* Input flags of struct nat64_packet. */
enum {
    /* The L4 checksum field holds the uncomplemented pseudo-header sum,
     * to be completed by hardware or the stack (Linux CHECKSUM_PARTIAL,
     * OVS's TX checksum offload).  The translator then updates that seed
     * instead of a finished checksum. */
    NAT64_PKT_L4_CSUM_PARTIAL = 1 << 0,

    /* 6to4: the caller fragments the IPv4 result itself (Linux: a packet
     * that conntrack reassembled, refragmented on output).  DF then stays
     * clear whatever the size, and the ID is 'ipv4_id', so that the
     * fragments can be reassembled. */
    NAT64_PKT_REFRAGMENT = 1 << 1,
};

/* One frame to translate in place.  The caller fills the fields marked
 * "in"; nat64_4to6() and nat64_6to4() update the ones marked "out" on
 * success. */
struct nat64_packet {
    uint8_t *data;      /* in/out: start of the frame. */
    size_t len;         /* in/out: bytes in the frame; on output trailing
                         * link-layer padding is gone. */
    size_t linear;      /* in/out: bytes from 'data' that may be read and
                         * written (<= 'len'). */
    size_t headroom;    /* in/out: writable bytes before 'data'. */
    size_t l2_len;      /* in: L2 header length, 0 for raw IP. */
    uint32_t flags;     /* in: NAT64_PKT_*. */
    uint16_t ipv4_id;   /* in: 6to4 only, the IPv4 Identification to use
                         * when the IPv6 packet has no Fragment header and
                         * is small enough to be sent with DF clear (or
                         * NAT64_PKT_REFRAGMENT is set).  Callers may skip
                         * drawing one when NAT64_IPV4_ID_MAX_LEN says
                         * so. */

    uint16_t l4_ofs;    /* out: offset of the transport header (or of the
                         * non-first fragment's data) from 'data', 0 for
                         * ARP. */
    bool cut;           /* out: nat64_4to6() made an IPv6 packet with a
                         * Fragment header that is longer than the
                         * config's ipv6_mtu: the caller sends it as
                         * fragments (nat64_cut_plan()). */
    size_t need;        /* out, NAT64_NOT_LINEAR: 'linear' must be at least
                         * this; NAT64_NO_HEADROOM: 'headroom' must be at
                         * least this. */
};

/* Sets 'config' to the default: prefix fe80::/96, TTL copied, IPv6 MTU
 * 1280, prepared. */
void nat64_config_default(struct nat64_config *config);

/* Works out the derived fields of 'config' from its prefix.  Callers call
 * it once whenever they set the prefix (the kernel datapath when a flow is
 * installed), not per packet. */
void nat64_config_prepare(struct nat64_config *config);

/* Returns true if 'len' is a prefix length RFC 6052 allows. */
bool nat64_prefix_len_valid(unsigned int len);

/* Returns true if 'prefix' has an allowed length, no bits set past it
 * and, below /96, a zero u-octet (bits 64 to 71). */
bool nat64_prefix_valid(const struct nat64_prefix *prefix);

/* RFC 6052 section 2.2: writes into 'v6' the IPv6 address that embeds the
 * IPv4 address 'v4' (network order bytes) in 'prefix'. */
void nat64_addr_4to6(const struct nat64_prefix *prefix,
                     const uint8_t v4[4], uint8_t v6[16]);

/* Returns true if the IPv4 address 'v4' (network order bytes) is global:
 * none of the special-purpose blocks of RFC 6890 that are not global, nor
 * multicast or reserved (RFC 5735 section 3).  RFC 6052 section 3.1 keeps
 * the others out of the Well-Known Prefix 64:ff9b::/96. */
bool nat64_ipv4_is_global(const uint8_t v4[4]);

/* RFC 6052 section 2.3: if 'v6' lies in 'prefix' (its first 'len' bits
 * match and, below /96, the u-octet is zero), stores the embedded IPv4
 * address in 'v4' and returns true; else returns false.  The suffix is
 * ignored, as the RFC says. */
bool nat64_addr_6to4(const struct nat64_prefix *prefix,
                     const uint8_t v6[16], uint8_t v4[4]);

/* Translates one IPv4 or ARP frame (by ethertype, or by version nibble for
 * raw IP) into IPv6 or Neighbor Discovery, per RFC 7915 section 4 and the
 * ARP mapping of lib/README.md.  Returns NAT64_OK, leaving the result in
 * 'pkt', or a drop reason, leaving the frame in an unspecified state
 * (the caller drops it; only NAT64_NOT_LINEAR and NAT64_NO_HEADROOM leave
 * it untouched, so the caller may make room and try again). */
enum nat64_drop_reason nat64_4to6(const struct nat64_config *config,
                                  struct nat64_packet *pkt);

/* Translates one IPv6 frame into IPv4, or Neighbor Discovery into ARP,
 * per RFC 7915 section 5.  Returns as nat64_4to6(). */
enum nat64_drop_reason nat64_6to4(const struct nat64_config *config,
                                  struct nat64_packet *pkt);

/* Tells the sender of a packet that is too big for the other side of the
 * translator (RFC 7915 4.1 and 5.1, RFC 1191, RFC 8201): turns the IPv4
 * or IPv6 frame in 'pkt', which would leave the translator larger than
 * 'mtu' (the MTU of the IPv6 side for an IPv4 packet, at least 1280; of
 * the IPv4 side for an IPv6 packet, at least 68), into the error for its
 * source, sent from its destination, Ethernet addresses swapped, for the
 * caller to send back out the port it came from:
 *
 *   - IPv4 with DF set: ICMPv4 Fragmentation Needed, next-hop MTU 'mtu'
 *     - 20, quoting the packet up to a 576-byte error (RFC 1812 4.3.2.3);
 *   - IPv6: ICMPv6 Packet Too Big, MTU 'mtu' + 20 but at least 1280 (RFC
 *     8201 4), quoting the packet up to a 1280-byte error.
 *
 * The error's TTL or hop limit is 64; an IPv4 error has DF set and ID 0.
 * Returns NAT64_OK, NAT64_NOT_LINEAR or NAT64_NO_HEADROOM with 'need' set
 * (the frame untouched; the error grows it by at most 48 bytes), or a
 * drop reason: NAT64_NOT_TOO_BIG when the translated packet would fit,
 * NAT64_TOO_BIG_DF_CLEAR for IPv4 with DF clear (which the translator may
 * fragment), NAT64_TOO_BIG_NO_ERROR where RFC 1122 3.2.2, RFC 1812
 * 4.3.2.7 and RFC 4443 2.4 (e) forbid an error (about an ICMP error, a
 * later fragment, a link-layer or IPv4 group destination, a source that is
 * not one host), or a malformed packet's reason. */
enum nat64_drop_reason nat64_too_big(unsigned int mtu,
                                     struct nat64_packet *pkt);

/* How to send as fragments the IPv6 frame that nat64_4to6() marked 'cut'
 * (RFC 7915 section 4.1, RFC 8200 section 4.5): fragment 'i' of 'n_frags'
 * is the first 'hdr_len' bytes of the frame (L2, IPv6 and Fragment
 * headers, see nat64_cut_header()), then the bytes of the frame from
 * hdr_len + i * frag_len on, nat64_cut_len(cut, i) of them. */
struct nat64_cut {
    size_t hdr_len;         /* Headers every fragment starts with. */
    size_t data_len;        /* The fragmentable part after them. */
    size_t frag_len;        /* Its bytes per fragment, a multiple of 8. */
    unsigned int n_frags;   /* 1 if the frame fits already. */
    uint16_t offset;        /* The frame's Fragment Offset, 8-byte units. */
    bool more;              /* The frame's M flag. */
};

/* Plans the fragments of the frame in 'pkt', an IPv6 packet whose first
 * header after the IPv6 header is a Fragment header, each no longer than
 * 'mtu' from the IPv6 header on.  Returns NAT64_OK, NAT64_NOT_LINEAR with
 * 'need' set (the headers must be linear), or a drop reason:
 * NAT64_CUT_BAD_MTU if 'mtu' leaves no room for 8 bytes of data, or
 * NAT64_CUT_OFFSET_OVERFLOW if a fragment would start past the 13-bit
 * Fragment Offset's reach; NAT64_WRONG_L3 or NAT64_V6_BAD_HEADER for a
 * frame that is not such a packet. */
enum nat64_drop_reason nat64_cut_plan(struct nat64_packet *pkt,
                                      unsigned int mtu,
                                      struct nat64_cut *cut);

/* The number of data bytes of fragment 'i'. */
size_t nat64_cut_len(const struct nat64_cut *cut, unsigned int i);

/* Writes into 'hdr' the 'cut->hdr_len' bytes of headers of fragment 'i':
 * those of 'frame', the frame that nat64_cut_plan() planned, with the
 * fragment's Payload Length, Fragment Offset and M flag. */
void nat64_cut_header(const struct nat64_cut *cut, const uint8_t *frame,
                      unsigned int i, uint8_t *hdr);

/* Returns false if nat64_6to4() will not use 'pkt->ipv4_id' for the frame
 * in 'pkt' (filled in as for nat64_6to4()): a TCP or UDP packet without
 * extension headers that becomes an IPv4 packet with DF set and ID 0.
 * Returns true otherwise, including when it cannot tell.  Callers for whom
 * an ID has a cost (a random number, a shared counter) draw one only when
 * this says so. */
bool nat64_6to4_needs_ipv4_id(const struct nat64_packet *pkt);

#endif /* nat64.h */
