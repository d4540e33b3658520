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

#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H 1

/* Shared code of the libFuzzer harnesses fuzz-4to6.c and fuzz-6to4.c.
 *
 * Input layout
 * ------------
 * A fuzzer input is FUZZ_OPT_LEN option bytes, then a 14-byte Ethernet
 * header (destination, source, ethertype), then the L3 packet:
 *
 *   byte 0  bits 0-1  L2 framing: 0 raw IP (the Ethernet header is skipped,
 *                     l2_len 0), 1 and 3 Ethernet (l2_len 14), 2 Ethernet
 *                     with an 802.1Q tag inserted after the source MAC,
 *                     TCI from bytes 3-4 (l2_len 18).
 *           bits 2-4  prefix: 0 fe80::/96, 1 64:ff9b::/96, 2 2001:db8::/32,
 *                     3 2001:db8:100::/40, 4 2001:db8:122::/48,
 *                     5 2001:db8:122:300::/56, 6 2001:db8:122:344::/64,
 *                     7 fe80::/96.
 *           bit 5     NAT64_TTL_DECREMENT (else NAT64_TTL_COPY).
 *           bit 6     NAT64_PKT_L4_CSUM_PARTIAL.
 *           bit 7     shorten 'linear' by byte 2.
 *   byte 1  headroom, low 7 bits (0 to 127).
 *   byte 2  bytes cut from 'linear' when byte 0 bit 7 is set.
 *   bytes 3-4  802.1Q TCI, big endian.
 *   bytes 5-6  ipv4_id for nat64_6to4(), big endian.
 *   byte 7  bit 0: leave the checksums of the input as they are.  Clear,
 *                  the harness first fixes the IPv4 header checksum and the
 *                  TCP/UDP/ICMP checksum of an unfragmented packet (as a
 *                  pseudo-header seed with NAT64_PKT_L4_CSUM_PARTIAL), so
 *                  mutations get past the translator's checksum checks,
 *                  and then checks that the output checksums are valid.
 *           bit 1: NAT64_PKT_REFRAGMENT.
 *
 * Each frame is copied into a malloc'd block of exactly headroom + len
 * bytes with the frame at its end, and the bytes past 'linear' are
 * poisoned for ASan, so any access outside [data - headroom, data + linear)
 * is reported. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "nat64.h"

#define FUZZ_OPT_LEN 8
#define FUZZ_ETH_LEN 14

/* Aborts, which libFuzzer reports as a crash, when 'COND' is false. */
#define FUZZ_CHECK(COND)                                                \
    do {                                                                \
        if (!(COND)) {                                                  \
            fuzz_fail(__FILE__, __LINE__, #COND);                       \
        }                                                               \
    } while (0)

void fuzz_fail(const char *file, int line, const char *cond)
    __attribute__((noreturn));

/* A decoded fuzzer input. */
struct fuzz_input {
    struct nat64_config config;
    size_t l2_len;
    uint32_t flags;
    size_t headroom;
    size_t linear;
    uint16_t ipv4_id;
    bool fix_checksums;
    uint8_t *frame;             /* malloc'd, 'len' bytes. */
    size_t len;
};

bool fuzz_input_parse(const uint8_t *data, size_t size,
                      struct fuzz_input *);
void fuzz_input_destroy(struct fuzz_input *);

typedef enum nat64_drop_reason fuzz_xlate_func(const struct nat64_config *,
                                               struct nat64_packet *);

/* One translation of a copy of a frame. */
struct fuzz_run {
    enum nat64_drop_reason reason;
    struct nat64_packet pkt;    /* As the translator left it. */
    uint8_t *block;             /* The malloc'd headroom + frame. */
    size_t block_len;
};

/* Translates a copy of 'frame' with the given buffer geometry and checks
 * what holds for every result: the output lies within the block, a drop
 * leaves the frame and 'pkt' as they were, 'need' asks for more than was
 * given.  The caller frees 'run' with fuzz_run_destroy(). */
void fuzz_translate(fuzz_xlate_func *, const struct nat64_config *,
                    const uint8_t *frame, size_t len, size_t l2_len,
                    uint32_t flags, uint16_t ipv4_id, size_t headroom,
                    size_t linear, struct fuzz_run *);
void fuzz_run_destroy(struct fuzz_run *);

/* Translates 'in' twice, once with generous geometry (linear = len,
 * headroom NAT64_MAX_GROWTH_ICMP_EXT) into 'ref', once with the geometry
 * the input asks for, and checks that they agree: only NAT64_NOT_LINEAR and
 * NAT64_NO_HEADROOM may differ, and giving what 'need' asks for then
 * leads to the same result and the same output bytes.  Then once more
 * with the general path only (an unprepared config), which must give the
 * same result and bytes as 'ref'. */
void fuzz_translate_checked(fuzz_xlate_func *, const struct fuzz_input *in,
                            struct fuzz_run *ref);

/* nat64_too_big() as a fuzz_xlate_func, and the check of its result on
 * 'in' (an MTU taken from in->ipv4_id): a drop leaves the frame as it was,
 * an error is what nat64.h says, checksums and the quote included. */
fuzz_xlate_func fuzz_too_big;
void fuzz_check_too_big(const struct fuzz_input *in);

/* Checksums. */
uint64_t fuzz_sum(const uint8_t *p, size_t len, uint64_t sum);
uint16_t fuzz_fold(uint64_t sum);
bool fuzz_csum_equal(uint16_t a, uint16_t b);

/* Where an unfragmented packet's transport message is. */
struct fuzz_l4 {
    uint8_t proto;              /* 6, 17, 1 (ICMPv4) or 58 (ICMPv6). */
    size_t ofs;                 /* Offset in the frame. */
    size_t len;                 /* Length as the IP header says (UDP: as
                                 * the UDP header says). */
    uint64_t pseudo;            /* Pseudo-header sum, 0 for ICMPv4. */
};

/* Finds the TCP, UDP or ICMP message of the IPv4 packet or IPv6 packet
 * (extension headers skipped) at offset 'l3' of 'frame'.  Returns false if
 * there is none: other protocols, fragments, bad or truncated headers. */
bool fuzz_l4_ipv4(const uint8_t *frame, size_t len, size_t l3,
                  struct fuzz_l4 *);
bool fuzz_l4_ipv6(const uint8_t *frame, size_t len, size_t l3,
                  struct fuzz_l4 *);

/* Offset of the checksum field in an 'l4' message, or 0 if it has none or
 * is too short to hold it. */
size_t fuzz_l4_csum_ofs(const struct fuzz_l4 *);

/* Writes a valid checksum (with 'partial', for TCP and UDP, the folded
 * pseudo-header seed) into 'l4'.  A UDP checksum of zero is left zero. */
void fuzz_l4_fix(uint8_t *frame, const struct fuzz_l4 *, bool partial);

/* Returns true if 'l4' carries a valid checksum (with 'partial', a valid
 * seed), and for UDP not zero. */
bool fuzz_l4_valid(const uint8_t *frame, const struct fuzz_l4 *,
                   bool partial);

/* RFC 6052 section 2.2, written independently of lib/: the address that
 * embeds 'v4' in 'prefix', and back (without checking the prefix). */
void fuzz_addr_4to6(const struct nat64_prefix *, const uint8_t v4[4],
                    uint8_t v6[16]);
void fuzz_addr_6to4(const struct nat64_prefix *, const uint8_t v6[16],
                    uint8_t v4[4]);

/* Checks that the 'len' transport bytes at 'a' and 'b' are equal, except
 * that the checksum field at 'csum_ofs' (if not 0) need only be equal in
 * one's complement, or is not compared at all with 'skip_csum'. */
void fuzz_check_l4_same(const uint8_t *a, const uint8_t *b, size_t len,
                        size_t csum_ofs, bool skip_csum);

/* Sets the header checksum of the IPv4 header at 'ip' (IHL words long). */
void fuzz_ipv4_fix(uint8_t *ip, size_t ihl_bytes);

/* Byte access. */
static inline uint16_t
fuzz_be16(const uint8_t *p)
{
    return (uint16_t) ((p[0] << 8) | p[1]);
}

static inline void
fuzz_put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

/* Ethertype of a frame with 'l2_len' bytes of L2 header, 0 for raw IP. */
static inline uint16_t
fuzz_ethertype(const uint8_t *frame, size_t l2_len)
{
    return l2_len ? fuzz_be16(frame + l2_len - 2) : 0;
}

#endif /* fuzz-common.h */
