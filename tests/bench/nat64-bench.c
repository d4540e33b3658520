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

/* Micro-benchmark of nat64_4to6() and nat64_6to4(), per packet class.
 *
 * For each class and direction two loops run over the same frame:
 *
 *   xlate: memcpy the original frame into a buffer with headroom, then
 *          translate it (a fresh copy every iteration, as translation
 *          happens in place);
 *   copy:  the same memcpy alone (the baseline).
 *
 * Modes:
 *
 *   nat64-bench [--iterations N] [--repeat R]
 *       Times both loops with clock_gettime(CLOCK_MONOTONIC), R times each
 *       (default 5), keeps the fastest run, and prints one line per case:
 *           <class> <direction> <ns/pkt xlate loop> <ns/pkt copy loop>
 *
 *   nat64-bench --callgrind [--iterations N]
 *       For valgrind --tool=callgrind --collect-atstart=no: collects each
 *       loop alone (CALLGRIND_ZERO_STATS, CALLGRIND_TOGGLE_COLLECT) and
 *       dumps its counts as "<class>-<direction>-xlate" or
 *       "<class>-<direction>-copy" (CALLGRIND_DUMP_STATS_AT), and prints
 *       one line per case:
 *           <class> <direction> <iterations>
 *
 * tests/bench/run-bench.sh runs both and prints the table.  Every packet is
 * checked to translate (NAT64_OK) before it is measured; the program exits
 * with status 1 if one does not. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nat64.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(NAME) ((void) (NAME))
#endif

#define HEADROOM 128
#define MAX_FRAME 256

struct bench_case {
    const char *class;
    const char *direction;
    enum nat64_drop_reason (*xlate)(const struct nat64_config *,
                                    struct nat64_packet *);
    uint8_t frame[MAX_FRAME];
    size_t len;
};

static const uint8_t client_mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t server_mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x64 };
static const uint8_t client_ip[4] = { 192, 168, 0, 10 };
static const uint8_t server_ip[4] = { 192, 168, 0, 100 };

/* Keeps the compiler from dropping or merging the work on 'p'. */
static inline void
clobber(const void *p)
{
    __asm__ volatile("" : : "r"(p) : "memory");
}

static void
put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static uint16_t
csum(const uint8_t *p, size_t len, uint32_t sum)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    if (len & 1) {
        sum += p[len - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

/* Writes an Ethernet header, returns its length. */
static size_t
put_eth(uint8_t *p, const uint8_t dst[6], const uint8_t src[6],
        uint16_t type)
{
    memcpy(p, dst, 6);
    memcpy(p + 6, src, 6);
    put16(p + 12, type);
    return 14;
}

/* Writes a 20-byte IPv4 header for 'l4_len' bytes of payload. */
static size_t
put_ipv4(uint8_t *p, const uint8_t src[4], const uint8_t dst[4],
         uint8_t proto, size_t l4_len, uint16_t frag)
{
    memset(p, 0, 20);
    p[0] = 0x45;
    put16(p + 2, 20 + l4_len);
    put16(p + 4, 0x1234);
    put16(p + 6, frag);
    p[8] = 64;
    p[9] = proto;
    memcpy(p + 12, src, 4);
    memcpy(p + 16, dst, 4);
    put16(p + 10, csum(p, 20, 0));
    return 20;
}

/* The TCP/UDP checksum over the IPv4 pseudo-header of 'ip'. */
static void
put_l4_csum(uint8_t *ip, size_t csum_ofs)
{
    size_t l4_len = ((ip[2] << 8) | ip[3]) - 20;
    uint8_t *l4 = ip + 20;
    uint32_t pseudo = ip[9] + l4_len;
    uint16_t c;
    int i;

    for (i = 12; i < 20; i += 2) {
        pseudo += (ip[i] << 8) | ip[i + 1];
    }
    put16(l4 + csum_ofs, 0);
    c = csum(l4, l4_len, pseudo);
    put16(l4 + csum_ofs, c ? c : 0xffff);
}

static void
fill(uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        p[i] = 'a' + i % 26;
    }
}

/* An IPv4 UDP datagram from the client with 'payload' bytes, at 'p'. */
static size_t
put_udp4(uint8_t *p, size_t payload)
{
    uint8_t *udp = p + 20;

    put_ipv4(p, client_ip, server_ip, 17, 8 + payload, 0x4000);
    put16(udp, 40000);
    put16(udp + 2, 53);
    put16(udp + 4, 8 + payload);
    fill(udp + 8, payload);
    put_l4_csum(p, 6);
    return 20 + 8 + payload;
}

static size_t
build_tcp(uint8_t *f)
{
    size_t n = put_eth(f, server_mac, client_mac, 0x0800);
    uint8_t *ip = f + n, *tcp = ip + 20;

    put_ipv4(ip, client_ip, server_ip, 6, 20 + 64, 0x4000);
    memset(tcp, 0, 20);
    put16(tcp, 40000);
    put16(tcp + 2, 80);
    tcp[7] = 1;                 /* seq */
    tcp[11] = 1;                /* ack */
    tcp[12] = 5 << 4;
    tcp[13] = 0x18;             /* PSH, ACK */
    put16(tcp + 14, 65535);
    fill(tcp + 20, 64);
    put_l4_csum(ip, 16);
    return n + 20 + 20 + 64;
}

static size_t
build_udp(uint8_t *f)
{
    size_t n = put_eth(f, server_mac, client_mac, 0x0800);

    return n + put_udp4(f + n, 64);
}

static size_t
build_icmp_echo(uint8_t *f)
{
    size_t n = put_eth(f, server_mac, client_mac, 0x0800);
    uint8_t *ip = f + n, *icmp = ip + 20;

    put_ipv4(ip, client_ip, server_ip, 1, 8 + 56, 0x4000);
    memset(icmp, 0, 8);
    icmp[0] = 8;
    put16(icmp + 4, 7);
    put16(icmp + 6, 1);
    fill(icmp + 8, 56);
    put16(icmp + 2, csum(icmp, 8 + 56, 0));
    return n + 20 + 8 + 56;
}

/* ICMPv4 port unreachable from the server, embedding the client's UDP
 * datagram with 64 bytes of payload (20 + 8 + 64 bytes of inner packet). */
static size_t
build_icmp_error(uint8_t *f)
{
    size_t n = put_eth(f, client_mac, server_mac, 0x0800);
    uint8_t *ip = f + n, *icmp = ip + 20;
    size_t inner = put_udp4(icmp + 8, 64);

    put_ipv4(ip, server_ip, client_ip, 1, 8 + inner, 0);
    memset(icmp, 0, 8);
    icmp[0] = 3;
    icmp[1] = 3;
    put16(icmp + 2, csum(icmp, 8 + inner, 0));
    return n + 20 + 8 + inner;
}

/* The first fragment of a 1480-byte UDP datagram, carrying its header and
 * 64 bytes. */
static size_t
build_fragment(uint8_t *f)
{
    size_t n = put_eth(f, server_mac, client_mac, 0x0800);
    uint8_t *ip = f + n, *udp = ip + 20;

    put_ipv4(ip, client_ip, server_ip, 17, 8 + 64, 0x2000);
    put16(udp, 40000);
    put16(udp + 2, 53);
    put16(udp + 4, 1480);
    put16(udp + 6, 0x5a5a);     /* Of the whole datagram. */
    fill(udp + 8, 64);
    return n + 20 + 8 + 64;
}

/* An ARP request, padded to the 60-byte Ethernet minimum. */
static size_t
build_arp(uint8_t *f)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    size_t n = put_eth(f, bcast, client_mac, 0x0806);
    uint8_t *arp = f + n;

    memset(arp, 0, 46);
    put16(arp, 1);
    put16(arp + 2, 0x0800);
    arp[4] = 6;
    arp[5] = 4;
    put16(arp + 6, 1);
    memcpy(arp + 8, client_mac, 6);
    memcpy(arp + 14, client_ip, 4);
    memcpy(arp + 24, server_ip, 4);
    return 60;
}

static const struct {
    const char *class;
    size_t (*build)(uint8_t *);
} classes[] = {
    { "tcp", build_tcp },
    { "udp", build_udp },
    { "icmp-echo", build_icmp_echo },
    { "icmp-error", build_icmp_error },
    { "fragment", build_fragment },
    { "arp-nd", build_arp },
};
#define N_CLASSES (sizeof classes / sizeof classes[0])

static struct nat64_config config;
static uint8_t buffer[HEADROOM + MAX_FRAME];

static enum nat64_drop_reason
translate_once(const struct bench_case *c, struct nat64_packet *pkt)
{
    memcpy(buffer + HEADROOM, c->frame, c->len);
    pkt->data = buffer + HEADROOM;
    pkt->len = c->len;
    pkt->linear = c->len;
    pkt->headroom = HEADROOM;
    pkt->l2_len = 14;
    pkt->flags = 0;
    pkt->ipv4_id = 0x4321;
    return c->xlate(&config, pkt);
}

static void
loop_xlate(const struct bench_case *c, long iterations)
{
    long i;

    for (i = 0; i < iterations; i++) {
        struct nat64_packet pkt;
        enum nat64_drop_reason r;

        r = translate_once(c, &pkt);
        clobber(&pkt);
        clobber(&r);
    }
}

static void
loop_copy(const struct bench_case *c, long iterations)
{
    long i;

    for (i = 0; i < iterations; i++) {
        memcpy(buffer + HEADROOM, c->frame, c->len);
        clobber(buffer);
    }
}

static double
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The fastest of 'repeat' timed runs of 'loop', in ns per iteration. */
static double
time_loop(void (*loop)(const struct bench_case *, long),
          const struct bench_case *c, long iterations, int repeat)
{
    double best = 0;
    int i;

    for (i = 0; i < repeat; i++) {
        double start = now_ns();
        double ns;

        loop(c, iterations);
        ns = (now_ns() - start) / iterations;
        if (!i || ns < best) {
            best = ns;
        }
    }
    return best;
}

/* Builds the cases: every class IPv4 -> IPv6, then the IPv6 results of
 * the IP classes and the Neighbor Solicitation made of the ARP request
 * IPv6 -> IPv4. */
static size_t
build_cases(struct bench_case *cases)
{
    size_t n = 0;
    size_t i;

    for (i = 0; i < N_CLASSES; i++) {
        struct bench_case *c = &cases[n++];

        c->class = classes[i].class;
        c->direction = "4to6";
        c->xlate = nat64_4to6;
        c->len = classes[i].build(c->frame);
    }
    for (i = 0; i < N_CLASSES; i++) {
        struct bench_case *c = &cases[n++];
        struct nat64_packet pkt;
        enum nat64_drop_reason r;

        r = translate_once(&cases[i], &pkt);
        if (r != NAT64_OK) {
            fprintf(stderr, "nat64-bench: %s 4to6: %s\n", cases[i].class,
                    nat64_drop_reason_name(r));
            exit(1);
        }
        c->class = classes[i].class;
        c->direction = "6to4";
        c->xlate = nat64_6to4;
        c->len = pkt.len;
        memcpy(c->frame, pkt.data, pkt.len);
    }
    for (i = 0; i < n; i++) {
        struct nat64_packet pkt;
        enum nat64_drop_reason r = translate_once(&cases[i], &pkt);

        if (r != NAT64_OK) {
            fprintf(stderr, "nat64-bench: %s %s: %s\n", cases[i].class,
                    cases[i].direction, nat64_drop_reason_name(r));
            exit(1);
        }
    }
    return n;
}

static void
usage(void)
{
    fprintf(stderr, "usage: nat64-bench [--callgrind] [--iterations N] "
            "[--repeat R]\n");
    exit(2);
}

static long
parse_number(const char *s)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || v <= 0) {
        usage();
    }
    return v;
}

int
main(int argc, char *argv[])
{
    struct bench_case cases[2 * N_CLASSES];
    bool callgrind = false;
    long iterations = 0;
    int repeat = 5;
    size_t n, i;
    int j;

    for (j = 1; j < argc; j++) {
        if (!strcmp(argv[j], "--callgrind")) {
            callgrind = true;
        } else if (!strcmp(argv[j], "--iterations") && j + 1 < argc) {
            iterations = parse_number(argv[++j]);
        } else if (!strcmp(argv[j], "--repeat") && j + 1 < argc) {
            repeat = parse_number(argv[++j]);
        } else {
            usage();
        }
    }
    if (!iterations) {
        iterations = callgrind ? 10000 : 1000000;
    }

    nat64_config_default(&config);
    n = build_cases(cases);
    for (i = 0; i < n; i++) {
        const struct bench_case *c = &cases[i];

        /* Warm up: caches, branch predictors, lazy binding of memcpy. */
        loop_xlate(c, 1000);
        loop_copy(c, 1000);

        if (callgrind) {
            char name[64];

            snprintf(name, sizeof name, "%s-%s-xlate", c->class,
                     c->direction);
            CALLGRIND_ZERO_STATS;
            CALLGRIND_TOGGLE_COLLECT;
            loop_xlate(c, iterations);
            CALLGRIND_TOGGLE_COLLECT;
            CALLGRIND_DUMP_STATS_AT(name);

            snprintf(name, sizeof name, "%s-%s-copy", c->class,
                     c->direction);
            CALLGRIND_ZERO_STATS;
            CALLGRIND_TOGGLE_COLLECT;
            loop_copy(c, iterations);
            CALLGRIND_TOGGLE_COLLECT;
            CALLGRIND_DUMP_STATS_AT(name);

            printf("%s %s %ld\n", c->class, c->direction, iterations);
        } else {
            double xlate = time_loop(loop_xlate, c, iterations, repeat);
            double copy = time_loop(loop_copy, c, iterations, repeat);

            printf("%s %s %.2f %.2f\n", c->class, c->direction, xlate,
                   copy);
        }
        fflush(stdout);
    }
    return 0;
}
