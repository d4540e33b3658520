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

#include "pkt-builder.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const uint8_t pb_mac_dst[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
const uint8_t pb_mac_src[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };
const uint8_t pb_mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
const uint8_t pb_mac_zero[6] = { 0, 0, 0, 0, 0, 0 };

uint64_t pb_reasons_seen;

static char pb_ctx[256];

#define PB_CANARY_LEN 64
#define PB_CANARY 0xa5

/* RFC 1071: the sum of the big-endian 16-bit words, an odd last byte
 * padded with zero. */
uint64_t
pb_sum(uint64_t acc, const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        acc += (uint64_t) ((p[i] << 8) | p[i + 1]);
    }
    if (len % 2) {
        acc += (uint64_t) p[len - 1] << 8;
    }
    return acc;
}

uint16_t
pb_fold(uint64_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t) sum;
}

uint16_t
pb_csum(uint64_t sum)
{
    return (uint16_t) ~pb_fold(sum);
}

uint64_t
pb_pseudo4(const uint8_t src[4], const uint8_t dst[4], uint8_t proto,
           uint32_t len)
{
    uint64_t sum = 0;

    sum = pb_sum(sum, src, 4);
    sum = pb_sum(sum, dst, 4);
    sum += proto;
    sum += len;
    return sum;
}

uint64_t
pb_pseudo6(const uint8_t src[16], const uint8_t dst[16], uint8_t nh,
           uint32_t len)
{
    uint64_t sum = 0;

    sum = pb_sum(sum, src, 16);
    sum = pb_sum(sum, dst, 16);
    sum += len >> 16;
    sum += len & 0xffff;
    sum += nh;
    return sum;
}

/* 0x0000 and 0xffff are the two zeros of one's complement arithmetic. */
bool
pb_csum_equiv(uint16_t a, uint16_t b)
{
    return a == b || (a == 0 && b == 0xffff) || (a == 0xffff && b == 0);
}

void
pb_put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

void
pb_put32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = (v >> 16) & 0xff;
    p[2] = (v >> 8) & 0xff;
    p[3] = v & 0xff;
}

uint16_t
pb_get16(const uint8_t *p)
{
    return (uint16_t) ((p[0] << 8) | p[1]);
}

uint32_t
pb_get32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16)
           | ((uint32_t) p[2] << 8) | p[3];
}

void
pb_ip4(uint8_t a[4], const char *s)
{
    assert_int_equal(inet_pton(AF_INET, s, a), 1);
}

void
pb_ip6(uint8_t a[16], const char *s)
{
    assert_int_equal(inet_pton(AF_INET6, s, a), 1);
}

void
pb_prefix(struct nat64_prefix *p, const char *s, unsigned int len)
{
    memset(p, 0, sizeof *p);
    pb_ip6(p->addr, s);
    p->len = len;
}

void
pb_config(struct nat64_config *c, const char *prefix, unsigned int len,
          enum nat64_ttl_mode mode)
{
    nat64_config_default(c);
    pb_prefix(&c->prefix, prefix, len);
    c->ttl_mode = mode;
    nat64_config_prepare(c);
}

/* RFC 6052 section 2.2: the IPv4 octets follow the prefix, skipping bits
 * 64 to 71 (the u-octet); the rest (suffix) is zero. */
void
pb_map(const struct nat64_prefix *p, const uint8_t v4[4], uint8_t v6[16])
{
    size_t pos = p->len / 8;
    int i;

    memset(v6, 0, 16);
    memcpy(v6, p->addr, pos);
    for (i = 0; i < 4; i++) {
        if (pos == 8) {
            pos++;
        }
        v6[pos++] = v4[i];
    }
}

void
pb_solicited(const uint8_t a[16], uint8_t group[16])
{
    static const uint8_t base[13] = {
        0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff
    };

    memcpy(group, base, sizeof base);
    memcpy(group + 13, a + 13, 3);
}

void
pb_mcast_mac(const uint8_t group[16], uint8_t mac[6])
{
    mac[0] = 0x33;
    mac[1] = 0x33;
    memcpy(mac + 2, group + 12, 4);
}

size_t
pb_l2_len(enum pb_l2 l2)
{
    return l2 == PB_L2_NONE ? 0 : l2 == PB_L2_ETH ? 14 : 18;
}

size_t
pb_eth(uint8_t *p, enum pb_l2 l2, const uint8_t dst[6], const uint8_t src[6],
       uint16_t ethertype)
{
    if (l2 == PB_L2_NONE) {
        return 0;
    }
    memcpy(p, dst, 6);
    memcpy(p + 6, src, 6);
    if (l2 == PB_L2_VLAN) {
        pb_put16(p + 12, PB_ETH_VLAN);
        pb_put16(p + 14, PB_VLAN_TCI);
        pb_put16(p + 16, ethertype);
        return 18;
    }
    pb_put16(p + 12, ethertype);
    return 14;
}

size_t
pb_l2(uint8_t *p, enum pb_l2 l2, uint16_t ethertype)
{
    return pb_eth(p, l2, pb_mac_dst, pb_mac_src, ethertype);
}

void
pb_ip4_default(struct pb_ip4 *h, uint8_t proto)
{
    memset(h, 0, sizeof *h);
    h->id = 0x1234;
    h->ttl = 64;
    h->proto = proto;
    pb_ip4(h->src, "192.0.2.33");
    pb_ip4(h->dst, "198.51.100.10");
}

size_t
pb_ip4_hdr(uint8_t *p, const struct pb_ip4 *h, size_t payload_len)
{
    size_t hlen = 20 + h->opts_len;

    assert_int_equal(h->opts_len % 4, 0);
    p[0] = 0x40 | (uint8_t) (hlen / 4);
    p[1] = h->tos;
    pb_put16(p + 2, (uint16_t) (hlen + payload_len));
    pb_put16(p + 4, h->id);
    pb_put16(p + 6, h->frag);
    p[8] = h->ttl;
    p[9] = h->proto;
    pb_put16(p + 10, 0);
    memcpy(p + 12, h->src, 4);
    memcpy(p + 16, h->dst, 4);
    if (h->opts_len) {
        memcpy(p + 20, h->opts, h->opts_len);
    }
    pb_put16(p + 10, pb_csum(pb_sum(0, p, hlen)));
    return hlen;
}

void
pb_ip6_default(struct pb_ip6 *h, uint8_t nh)
{
    memset(h, 0, sizeof *h);
    h->hlim = 64;
    h->nh = nh;
    pb_ip6(h->src, "fe80::192.0.2.33");
    pb_ip6(h->dst, "fe80::198.51.100.10");
}

size_t
pb_ip6_hdr(uint8_t *p, const struct pb_ip6 *h, size_t payload_len)
{
    p[0] = 0x60 | (h->tc >> 4);
    p[1] = (uint8_t) ((h->tc << 4) | ((h->flow >> 16) & 0x0f));
    p[2] = (h->flow >> 8) & 0xff;
    p[3] = h->flow & 0xff;
    pb_put16(p + 4, (uint16_t) payload_len);
    p[6] = h->nh;
    p[7] = h->hlim;
    memcpy(p + 8, h->src, 16);
    memcpy(p + 24, h->dst, 16);
    return 40;
}

size_t
pb_frag6(uint8_t *p, uint8_t nh, uint16_t offset, bool m, uint32_t id)
{
    p[0] = nh;
    p[1] = 0;
    pb_put16(p + 2, (uint16_t) ((offset << 3) | (m ? 1 : 0)));
    pb_put32(p + 4, id);
    return 8;
}

size_t
pb_opts6(uint8_t *p, uint8_t nh, size_t len)
{
    assert_true(len >= 8 && len % 8 == 0);
    memset(p, 0, len);
    p[0] = nh;
    p[1] = (uint8_t) (len / 8 - 1);
    p[2] = 1;                   /* PadN. */
    p[3] = (uint8_t) (len - 4);
    return len;
}

size_t
pb_routing6(uint8_t *p, uint8_t nh, uint8_t rtype, uint8_t segleft,
            size_t len)
{
    assert_true(len >= 8 && len % 8 == 0);
    memset(p, 0, len);
    p[0] = nh;
    p[1] = (uint8_t) (len / 8 - 1);
    p[2] = rtype;
    p[3] = segleft;
    return len;
}

void
pb_pattern(uint8_t *p, size_t len, unsigned int seed)
{
    size_t i;

    for (i = 0; i < len; i++) {
        p[i] = (uint8_t) (seed * 31 + i * 7 + (i >> 8) + 1);
    }
}

static void
pb_data(uint8_t *p, const uint8_t *data, size_t len)
{
    if (data) {
        memcpy(p, data, len);
    } else {
        pb_pattern(p, len, (unsigned int) len);
    }
}

size_t
pb_tcp(uint8_t *p, uint16_t sport, uint16_t dport, const uint8_t *data,
       size_t len)
{
    memset(p, 0, 20);
    pb_put16(p, sport);
    pb_put16(p + 2, dport);
    pb_put32(p + 4, 0x01020304);
    pb_put32(p + 8, 0x0a0b0c0d);
    p[12] = 5 << 4;
    p[13] = 0x18;               /* PSH, ACK. */
    pb_put16(p + 14, 0xffff);
    pb_data(p + 20, data, len);
    return 20 + len;
}

size_t
pb_udp(uint8_t *p, uint16_t sport, uint16_t dport, const uint8_t *data,
       size_t len)
{
    pb_put16(p, sport);
    pb_put16(p + 2, dport);
    pb_put16(p + 4, (uint16_t) (8 + len));
    pb_put16(p + 6, 0);
    pb_data(p + 8, data, len);
    return 8 + len;
}

size_t
pb_icmp(uint8_t *p, uint8_t type, uint8_t code, uint32_t rest,
        const uint8_t *data, size_t len)
{
    p[0] = type;
    p[1] = code;
    pb_put16(p + 2, 0);
    pb_put32(p + 4, rest);
    pb_data(p + 8, data, len);
    return 8 + len;
}

int
pb_csum_ofs(uint8_t proto)
{
    switch (proto) {
    case PB_IP_TCP:
        return 16;
    case PB_IP_UDP:
        return 6;
    case PB_IP_ICMP:
    case PB_IP_ICMPV6:
        return 2;
    default:
        return -1;
    }
}

static void
pb_fill_csum(uint8_t *l4, size_t len, uint8_t proto, uint64_t pseudo)
{
    int ofs = pb_csum_ofs(proto);
    uint16_t c;

    assert_true(ofs >= 0 && (size_t) ofs + 2 <= len);
    pb_put16(l4 + ofs, 0);
    c = pb_csum(pb_sum(pseudo, l4, len));
    if (proto == PB_IP_UDP && c == 0) {
        c = 0xffff;
    }
    pb_put16(l4 + ofs, c);
}

void
pb_fill_csum4(uint8_t *l4, size_t len, uint8_t proto, const uint8_t src[4],
              const uint8_t dst[4])
{
    pb_fill_csum(l4, len, proto,
                 proto == PB_IP_ICMP ? 0
                 : pb_pseudo4(src, dst, proto, (uint32_t) len));
}

void
pb_fill_csum6(uint8_t *l4, size_t len, uint8_t proto, const uint8_t src[16],
              const uint8_t dst[16])
{
    pb_fill_csum(l4, len, proto, pb_pseudo6(src, dst, proto, (uint32_t) len));
}

size_t
pb_frame4(uint8_t *f, enum pb_l2 l2, const struct pb_ip4 *h,
          const uint8_t *l4, size_t l4_len)
{
    size_t n = pb_l2(f, l2, PB_ETH_IPV4);

    n += pb_ip4_hdr(f + n, h, l4_len);
    memmove(f + n, l4, l4_len);
    return n + l4_len;
}

size_t
pb_frame6(uint8_t *f, enum pb_l2 l2, const struct pb_ip6 *h,
          const uint8_t *ext, size_t ext_len, const uint8_t *l4,
          size_t l4_len)
{
    size_t n = pb_l2(f, l2, PB_ETH_IPV6);

    n += pb_ip6_hdr(f + n, h, ext_len + l4_len);
    if (ext_len) {
        memcpy(f + n, ext, ext_len);
        n += ext_len;
    }
    memmove(f + n, l4, l4_len);
    return n + l4_len;
}

size_t
pb_arp(uint8_t *p, uint16_t op, const uint8_t sha[6], const uint8_t spa[4],
       const uint8_t tha[6], const uint8_t tpa[4])
{
    pb_put16(p, 1);
    pb_put16(p + 2, PB_ETH_IPV4);
    p[4] = 6;
    p[5] = 4;
    pb_put16(p + 6, op);
    memcpy(p + 8, sha, 6);
    memcpy(p + 14, spa, 4);
    memcpy(p + 18, tha, 6);
    memcpy(p + 24, tpa, 4);
    return 28;
}

static size_t
pb_nd(uint8_t *p, uint8_t type, uint8_t flags, const uint8_t target[16],
      uint8_t opt, const uint8_t *lla)
{
    memset(p, 0, 24);
    p[0] = type;
    p[4] = flags;
    memcpy(p + 8, target, 16);
    if (!lla) {
        return 24;
    }
    p[24] = opt;
    p[25] = 1;
    memcpy(p + 26, lla, 6);
    return 32;
}

size_t
pb_ns(uint8_t *p, const uint8_t target[16], const uint8_t *lla)
{
    return pb_nd(p, 135, 0, target, 1, lla);
}

size_t
pb_na(uint8_t *p, uint8_t flags, const uint8_t target[16],
      const uint8_t *lla)
{
    return pb_nd(p, 136, flags, target, 2, lla);
}

void
pb_context(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vsnprintf(pb_ctx, sizeof pb_ctx, fmt, args);
    va_end(args);
}

static void
pb_hexdump(const char *title, const uint8_t *p, size_t len, size_t mark)
{
    size_t i;

    print_error("%s (%zu bytes):\n", title, len);
    for (i = 0; i < len; i += 16) {
        char line[128];
        size_t j, n = 0;

        n += snprintf(line + n, sizeof line - n, "  %04zx:", i);
        for (j = i; j < i + 16 && j < len; j++) {
            n += snprintf(line + n, sizeof line - n, "%c%02x",
                          j == mark ? '>' : ' ', p[j]);
        }
        print_error("%s\n", line);
    }
}

void
pb_assert_frame(const uint8_t *got, size_t got_len, const uint8_t *exp,
                size_t exp_len)
{
    size_t i, n = got_len < exp_len ? got_len : exp_len;

    for (i = 0; i < n && got[i] == exp[i]; i++) {
        continue;
    }
    if (i == n && got_len == exp_len) {
        return;
    }
    print_error("%s%sframe differs at offset %zu (got %zu bytes, expected "
                "%zu)\n", pb_ctx, pb_ctx[0] ? ": " : "", i, got_len,
                exp_len);
    pb_hexdump("got", got, got_len < 512 ? got_len : 512, i);
    pb_hexdump("expected", exp, exp_len < 512 ? exp_len : 512, i);
    fail();
}

void
pb_assert_reason(enum nat64_drop_reason got, enum nat64_drop_reason exp)
{
    if (got != exp) {
        fail_msg("%s%sgot %s (%d), expected %s (%d)", pb_ctx,
                 pb_ctx[0] ? ": " : "", nat64_drop_reason_name(got), got,
                 nat64_drop_reason_name(exp), exp);
    }
}

#define PB_CHECK(COND, ...)                                             \
    do {                                                                \
        if (!(COND)) {                                                  \
            print_error("%s%s", pb_ctx, pb_ctx[0] ? ": " : "");         \
            fail_msg(__VA_ARGS__);                                      \
        }                                                               \
    } while (0)

static void
pb_check_inner4(const uint8_t *p, size_t len)
{
    size_t ihl;

    if (len < 20 || (p[0] >> 4) != 4) {
        return;
    }
    ihl = (size_t) (p[0] & 0xf) * 4;
    if (ihl <= len) {
        PB_CHECK(pb_csum(pb_sum(0, p, ihl)) == 0,
                 "embedded IPv4 header checksum %#06x is wrong",
                 pb_get16(p + 10));
    }
}

void
pb_check_csums(const uint8_t *f, size_t len, size_t l2_len)
{
    const uint8_t *ip = f + l2_len;
    size_t ip_len = len - l2_len;
    int version;

    PB_CHECK(len >= l2_len, "frame shorter than its L2 header");
    if (l2_len) {
        uint16_t type = pb_get16(f + l2_len - 2);

        version = type == PB_ETH_IPV4 ? 4 : type == PB_ETH_IPV6 ? 6 : 0;
    } else {
        version = ip_len ? ip[0] >> 4 : 0;
    }

    if (version == 4) {
        size_t ihl, tot;
        const uint8_t *l4;
        uint8_t proto;
        uint64_t sum;

        PB_CHECK(ip_len >= 20, "IPv4 frame too short");
        ihl = (size_t) (ip[0] & 0xf) * 4;
        tot = pb_get16(ip + 2);
        PB_CHECK(tot <= ip_len && ihl <= tot, "bad IPv4 lengths");
        PB_CHECK(pb_csum(pb_sum(0, ip, ihl)) == 0,
                 "IPv4 header checksum %#06x is wrong", pb_get16(ip + 10));
        if (pb_get16(ip + 6) & 0x3fff) {
            return;             /* A fragment. */
        }
        proto = ip[9];
        l4 = ip + ihl;
        if (pb_csum_ofs(proto) < 0 || proto == PB_IP_ICMPV6) {
            return;
        }
        sum = proto == PB_IP_ICMP ? 0 : pb_pseudo4(ip + 12, ip + 16, proto,
                                                   (uint32_t) (tot - ihl));
        PB_CHECK(pb_csum(pb_sum(sum, l4, tot - ihl)) == 0,
                 "%s checksum %#06x is wrong",
                 proto == PB_IP_ICMP ? "ICMP" : "TCP/UDP",
                 pb_get16(l4 + pb_csum_ofs(proto)));
        if (proto == PB_IP_ICMP && tot - ihl >= 8
            && (l4[0] == 3 || l4[0] == 11 || l4[0] == 12)) {
            pb_check_inner4(l4 + 8, tot - ihl - 8);
        }
    } else if (version == 6) {
        size_t plen, ofs = 40;
        uint8_t nh;

        PB_CHECK(ip_len >= 40, "IPv6 frame too short");
        plen = pb_get16(ip + 4);
        PB_CHECK(40 + plen <= ip_len, "bad IPv6 payload length");
        nh = ip[6];
        for (;;) {
            if (nh == PB_IP_HOPOPTS || nh == PB_IP_ROUTING
                || nh == PB_IP_DSTOPTS) {
                PB_CHECK(ofs + 8 <= 40 + plen, "bad extension header");
                nh = ip[ofs];
                ofs += ((size_t) ip[ofs + 1] + 1) * 8;
            } else if (nh == PB_IP_FRAGMENT) {
                PB_CHECK(ofs + 8 <= 40 + plen, "bad fragment header");
                if (pb_get16(ip + ofs + 2) & 0xfff9) {
                    return;     /* A fragment. */
                }
                nh = ip[ofs];
                ofs += 8;
            } else {
                break;
            }
        }
        PB_CHECK(ofs <= 40 + plen, "bad extension headers");
        if (pb_csum_ofs(nh) < 0 || nh == PB_IP_ICMP) {
            return;
        }
        PB_CHECK(pb_csum(pb_sum(pb_pseudo6(ip + 8, ip + 24, nh,
                                           (uint32_t) (40 + plen - ofs)),
                                ip + ofs, 40 + plen - ofs)) == 0,
                 "%s checksum %#06x is wrong",
                 nh == PB_IP_ICMPV6 ? "ICMPv6" : "TCP/UDP",
                 pb_get16(ip + ofs + pb_csum_ofs(nh)));
    }
}

void
pb_load(struct pb_run *r, const uint8_t *frame, size_t len, size_t l2_len,
        size_t headroom, size_t linear)
{
    size_t page = (size_t) sysconf(_SC_PAGESIZE);
    size_t body;

    assert_true(linear <= len);
    memset(r, 0, sizeof *r);
    body = (PB_CANARY_LEN + headroom + linear + page - 1) / page * page;
    r->map_size = body + page;
    r->map = mmap(NULL, r->map_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(r->map != MAP_FAILED);
    assert_int_equal(mprotect(r->map + body, page, PROT_NONE), 0);
    memset(r->map, PB_CANARY, body);

    r->data0 = r->map + body - linear;
    r->lo = r->data0 - headroom;
    r->linear0 = linear;
    memcpy(r->data0, frame, linear);
    r->copy = malloc(linear + 1);
    assert_non_null(r->copy);
    memcpy(r->copy, frame, linear);

    r->pkt.data = r->data0;
    r->pkt.len = len;
    r->pkt.linear = linear;
    r->pkt.headroom = headroom;
    r->pkt.l2_len = l2_len;
    r->pkt.flags = 0;
    r->pkt.ipv4_id = PB_IPV4_ID;
    r->pkt.l4_ofs = 0xdead;
    r->pkt.need = 0;
}

void
pb_unload(struct pb_run *r)
{
    if (r->map) {
        munmap(r->map, r->map_size);
        r->map = NULL;
    }
    free(r->copy);
    r->copy = NULL;
}

static enum nat64_drop_reason pb_check_run(struct pb_run *,
                                           enum nat64_drop_reason);

enum nat64_drop_reason
pb_run(struct pb_run *r, bool to6, const struct nat64_config *config)
{
    r->pkt0 = r->pkt;
    return pb_check_run(r, to6 ? nat64_4to6(config, &r->pkt)
                               : nat64_6to4(config, &r->pkt));
}

enum nat64_drop_reason
pb_run_too_big(struct pb_run *r, unsigned int mtu)
{
    r->pkt0 = r->pkt;
    return pb_check_run(r, nat64_too_big(mtu, &r->pkt));
}

enum nat64_drop_reason
pb_run_cut(struct pb_run *r, unsigned int mtu, struct nat64_cut *cut)
{
    enum nat64_drop_reason reason;

    r->pkt0 = r->pkt;
    reason = nat64_cut_plan(&r->pkt, mtu, cut);
    if ((unsigned int) reason < 64) {
        pb_reasons_seen |= UINT64_C(1) << reason;
    }
    PB_CHECK(!memcmp(r->data0, r->copy, r->linear0),
             "nat64_cut_plan() modified the frame");
    PB_CHECK(r->pkt.data == r->pkt0.data && r->pkt.len == r->pkt0.len
             && r->pkt.linear == r->pkt0.linear
             && r->pkt.headroom == r->pkt0.headroom,
             "nat64_cut_plan() modified the packet's fields");
    if (reason == NAT64_NOT_LINEAR) {
        PB_CHECK(r->pkt.need > r->pkt0.linear && r->pkt.need <= r->pkt.len,
                 "need %zu for linear %zu len %zu", r->pkt.need,
                 r->pkt0.linear, r->pkt.len);
    }
    return reason;
}

/* Records 'reason', what the translator returned for the frame loaded in
 * 'r', and checks the invariants of pb_run(). */
static enum nat64_drop_reason
pb_check_run(struct pb_run *r, enum nat64_drop_reason reason)
{
    struct nat64_packet *pkt = &r->pkt;
    size_t i;

    if ((unsigned int) reason < 64) {
        pb_reasons_seen |= UINT64_C(1) << reason;
    }

    for (i = 0; r->map + i < r->lo; i++) {
        PB_CHECK(r->map[i] == PB_CANARY,
                 "byte %zu before the headroom was written",
                 (size_t) (r->lo - r->map) - i);
    }

    if (reason == NAT64_OK) {
        uint8_t *end0 = r->data0 + r->linear0;

        PB_CHECK(pkt->data >= r->lo, "frame starts before the headroom");
        PB_CHECK(pkt->data <= end0, "frame starts past the linear data");
        PB_CHECK(pkt->headroom == (size_t) (pkt->data - r->lo),
                 "headroom %zu out, %zu expected", pkt->headroom,
                 (size_t) (pkt->data - r->lo));
        PB_CHECK(pkt->linear <= pkt->len, "linear %zu > len %zu",
                 pkt->linear, pkt->len);
        PB_CHECK(pkt->data + pkt->linear <= end0,
                 "linear out (%zu) claims %zd bytes past the linear data",
                 pkt->linear, (pkt->data + pkt->linear) - end0);
        PB_CHECK(pkt->l2_len == r->pkt0.l2_len, "l2_len changed");
        PB_CHECK(pkt->l4_ofs <= pkt->len, "l4_ofs %u past len %zu",
                 pkt->l4_ofs, pkt->len);
    } else {
        PB_CHECK(!memcmp(r->data0, r->copy, r->linear0),
                 "dropped (%s) frame was modified",
                 nat64_drop_reason_name(reason));
        PB_CHECK(pkt->data == r->pkt0.data && pkt->len == r->pkt0.len
                 && pkt->linear == r->pkt0.linear
                 && pkt->headroom == r->pkt0.headroom,
                 "dropped (%s) packet's fields were modified",
                 nat64_drop_reason_name(reason));
        if (reason == NAT64_NOT_LINEAR) {
            PB_CHECK(pkt->need > r->pkt0.linear && pkt->need <= pkt->len,
                     "need %zu for linear %zu len %zu", pkt->need,
                     r->pkt0.linear, pkt->len);
        } else if (reason == NAT64_NO_HEADROOM) {
            PB_CHECK(pkt->need > r->pkt0.headroom
                     && pkt->need <= NAT64_MAX_GROWTH_ICMP_EXT,
                     "need %zu for headroom %zu", pkt->need,
                     r->pkt0.headroom);
        }
    }
    return reason;
}

enum nat64_drop_reason
pb_xlate_ex(bool to6, const struct nat64_config *config, const uint8_t *in,
            size_t len, size_t l2_len, uint32_t flags, uint16_t ipv4_id,
            uint8_t *out, size_t *out_len)
{
    struct nat64_config general = *config;
    enum nat64_drop_reason reason, general_reason;
    struct pb_run r;

    pb_load(&r, in, len, l2_len, PB_HEADROOM, len);
    r.pkt.flags = flags;
    r.pkt.ipv4_id = ipv4_id;
    reason = pb_run(&r, to6, config);
    if (reason == NAT64_OK) {
        PB_CHECK(r.pkt.linear == r.pkt.len, "linear %zu != len %zu",
                 r.pkt.linear, r.pkt.len);
        memcpy(out, r.pkt.data, r.pkt.len);
        *out_len = r.pkt.len;
    }
    pb_unload(&r);

    /* The one-pass paths make what the general path makes: a config that
     * nat64_config_prepare() did not see takes the general path only. */
    general.fast96 = false;
    general.prefix96_sum = 0;
    general.prefix96_fold = 0;
    general.prefix96_fold_neg = 0;
    pb_load(&r, in, len, l2_len, PB_HEADROOM, len);
    r.pkt.flags = flags;
    r.pkt.ipv4_id = ipv4_id;
    general_reason = pb_run(&r, to6, &general);
    PB_CHECK(general_reason == reason, "general path: %s, prepared: %s",
             nat64_drop_reason_name(general_reason),
             nat64_drop_reason_name(reason));
    if (reason == NAT64_OK) {
        PB_CHECK(r.pkt.len == *out_len && !memcmp(r.pkt.data, out, *out_len),
                 "the general path made another frame");
    }
    pb_unload(&r);
    return reason;
}

enum nat64_drop_reason
pb_xlate(bool to6, const struct nat64_config *config, const uint8_t *in,
         size_t len, size_t l2_len, uint8_t *out, size_t *out_len)
{
    return pb_xlate_ex(to6, config, in, len, l2_len, 0, PB_IPV4_ID, out,
                       out_len);
}

void
pb_expect_drop(bool to6, const struct nat64_config *config,
               const uint8_t *in, size_t len, size_t l2_len,
               enum nat64_drop_reason exp)
{
    uint8_t *out = pb_buf();
    size_t out_len = 0;

    pb_assert_reason(pb_xlate(to6, config, in, len, l2_len, out, &out_len),
                     exp);
    free(out);
}

void
pb_expect_frame(bool to6, const struct nat64_config *config,
                const uint8_t *in, size_t len, size_t l2_len,
                const uint8_t *exp, size_t exp_len)
{
    uint8_t *out = pb_buf();
    size_t out_len = 0;

    pb_assert_reason(pb_xlate(to6, config, in, len, l2_len, out, &out_len),
                     NAT64_OK);
    pb_assert_frame(out, out_len, exp, exp_len);
    pb_check_csums(out, out_len, l2_len);
    free(out);
}

uint8_t *
pb_buf(void)
{
    uint8_t *p = calloc(1, PB_FRAME_MAX);

    assert_non_null(p);
    return p;
}
