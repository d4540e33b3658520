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

/* nat64-xlate: translates the packets of a classic pcap file with the same
 * code (lib/) as the Open vSwitch nat64 action.  See nat64-xlate(1). */

#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "nat64.h"

#define PCAP_MAGIC_USEC 0xa1b2c3d4
#define PCAP_MAGIC_NSEC 0xa1b23c4d
#define PCAPNG_MAGIC 0x0a0d0d0a    /* Same in both byte orders. */
#define PCAP_FILE_HDR_LEN 24
#define PCAP_REC_HDR_LEN 16
#define PCAP_MAX_CAPLEN 262144     /* libpcap's limit for these link types. */

#define LINKTYPE_ETHERNET 1
#define LINKTYPE_RAW 101

#define ETH_HDR_LEN 14
#define VLAN_HDR_LEN 4
#define MAX_VLAN_TAGS 2            /* As Open vSwitch parses. */
#define ETH_TYPE_IPV4 0x0800
#define ETH_TYPE_ARP 0x0806
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_VLAN 0x8100       /* 802.1Q. */
#define ETH_TYPE_QINQ 0x88a8       /* 802.1ad. */
#define ETH_TYPE_QINQ_OLD 0x9100   /* Pre-802.1ad QinQ. */

/* Bytes of headroom in front of each packet: at least what nat64_4to6()
 * may need. */
#define HEADROOM 64
_Static_assert(HEADROOM >= NAT64_MAX_GROWTH, "headroom too small");

/* Bytes the output's snapshot length grows by, so that translated packets
 * stay within it. */
#define SNAPLEN_GROWTH 64
_Static_assert(SNAPLEN_GROWTH >= NAT64_MAX_GROWTH, "snaplen growth");

enum direction {
    DIR_AUTO,
    DIR_4TO6,
    DIR_6TO4,
};

struct pcap_file {
    const char *name;           /* As given on the command line. */
    FILE *stream;
    uint64_t offset;            /* Bytes read or written so far. */
    bool little_endian;
};

struct stats {
    uint64_t read;
    uint64_t translated;
    uint64_t cut;               /* Translated packets written as fragments. */
    uint64_t fragments;         /* The fragments they made. */
    uint64_t dropped;
    uint64_t reasons[NAT64_N_DROP_REASONS];
    uint64_t unknown_reasons;   /* Never, unless the library misbehaves. */
};

static const char *program_name = "nat64-xlate";

static void fatal(const char *format, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void
fatal(const char *format, ...)
{
    va_list args;

    fflush(stdout);
    fprintf(stderr, "%s: ", program_name);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(EXIT_FAILURE);
}

static void usage_error(const char *format, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void
usage_error(const char *format, ...)
{
    if (format) {
        va_list args;

        fprintf(stderr, "%s: ", program_name);
        va_start(args, format);
        vfprintf(stderr, format, args);
        va_end(args);
        fputc('\n', stderr);
    }
    fprintf(stderr, "Try '%s --help' for more information.\n",
            program_name);
    exit(2);
}

static void
usage(void)
{
    printf("\
Usage: %s [OPTION]... IN.pcap OUT.pcap\n\
Translates the packets of IN.pcap between IPv4 and IPv6 as the Open vSwitch\n\
nat64 action does (stateless, RFC 7915, addresses mapped by RFC 6052) and\n\
writes the translated packets to OUT.pcap.\n\
\n\
Options:\n\
  -p, --prefix=PREFIX/LEN   IPv6 prefix that embeds the IPv4 addresses\n\
                            (default fe80::/96; LEN is 32, 40, 48, 56, 64\n\
                            or 96)\n\
  -t, --ttl=copy|decrement  copy TTL to hop limit and back, as a bridge\n\
                            (default), or decrement it, as a router\n\
  -d, --direction=auto|4to6|6to4\n\
                            auto (default): IPv4 and ARP become IPv6 and\n\
                            Neighbor Discovery, IPv6 becomes IPv4 and ARP;\n\
                            4to6 or 6to4: only that direction, every other\n\
                            packet is dropped\n\
  -T, --too-big=MTU         instead of translating, answer each packet that\n\
                            is too big for a translated path of MTU bytes\n\
                            with its ICMP error, as nat64(mode=too-big,\n\
                            mtu=MTU) does: IPv4 with DF set gets\n\
                            Fragmentation Needed (MTU: the IPv6 side's,\n\
                            1280 to 65535), IPv6 gets Packet Too Big (MTU:\n\
                            the IPv4 side's, 68 to 65535); the others are\n\
                            dropped; --direction picks the family\n\
  -m, --mtu=MTU             lowest-ipv6-mtu (RFC 7915 section 4), 1280\n\
                            (default) to 65535: an IPv4 packet with DF\n\
                            clear that would become a longer IPv6 packet\n\
                            is written as IPv6 fragments, each at most MTU\n\
                            bytes from the IPv6 header on, as\n\
                            nat64(mode=4to6,mtu=MTU) sends it\n\
  -h, --help                print this help and exit\n\
  -V, --version             print the version and exit\n\
\n\
IN.pcap and OUT.pcap may be \"-\" for standard input and output.  Only\n\
classic pcap files are read (not pcapng), with link type Ethernet (1) or\n\
raw IP (101); OUT.pcap gets the same link type, byte order and timestamp\n\
precision.  Dropped packets are not written.  A summary of the packets\n\
read, translated and dropped, by reason, goes to standard error.\n\
\n\
Exit status: 0 on success, even when packets were dropped; 1 when a file\n\
cannot be read or written, the input is not a valid pcap file, or an option\n\
value is wrong; 2 on a usage error.\n", program_name);
}

/* Byte order helpers for the pcap headers, which are in the byte order of
 * the machine that wrote them. */
static uint32_t
get_u32(const uint8_t *p, bool little_endian)
{
    if (little_endian) {
        return ((uint32_t) p[3] << 24) | ((uint32_t) p[2] << 16)
               | ((uint32_t) p[1] << 8) | p[0];
    } else {
        return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16)
               | ((uint32_t) p[2] << 8) | p[3];
    }
}

static uint16_t
get_u16(const uint8_t *p, bool little_endian)
{
    return little_endian ? (uint16_t) (p[0] | (p[1] << 8))
                         : (uint16_t) ((p[0] << 8) | p[1]);
}

static void
put_u32(uint8_t *p, uint32_t v, bool little_endian)
{
    int i;

    for (i = 0; i < 4; i++) {
        int shift = little_endian ? 8 * i : 8 * (3 - i);

        p[i] = v >> shift;
    }
}

static const char *
display_name(const char *name, bool input)
{
    return strcmp(name, "-") ? name
                             : input ? "(standard input)"
                                     : "(standard output)";
}

/* Reads up to 'n' bytes into 'buf', stopping early only at end of file.
 * Returns the number of bytes read; exits on a read error. */
static size_t
read_bytes(struct pcap_file *file, void *buf, size_t n)
{
    size_t done = fread(buf, 1, n, file->stream);

    if (done < n && ferror(file->stream)) {
        fatal("%s: read error: %s", file->name, strerror(errno));
    }
    file->offset += done;
    return done;
}

static void
write_bytes(struct pcap_file *file, const void *buf, size_t n)
{
    if (n && fwrite(buf, 1, n, file->stream) != n) {
        fatal("%s: write error: %s", file->name, strerror(errno));
    }
    file->offset += n;
}

/* Parses "ADDRESS/LENGTH" into 'prefix', or exits with a message that
 * says what is wrong. */
static void
parse_prefix(const char *arg, struct nat64_prefix *prefix)
{
    char addr_text[INET6_ADDRSTRLEN + 1];
    const char *slash = strchr(arg, '/');
    const char *len_text;
    unsigned int len = 0;
    size_t addr_len;
    size_t i;

    if (!slash) {
        fatal("bad prefix '%s': expected ADDRESS/LENGTH, e.g. 64:ff9b::/96",
              arg);
    }
    addr_len = slash - arg;
    if (addr_len == 0 || addr_len >= sizeof addr_text) {
        fatal("bad prefix '%s': '%.*s' is not an IPv6 address",
              arg, (int) (addr_len > 64 ? 64 : addr_len), arg);
    }
    memcpy(addr_text, arg, addr_len);
    addr_text[addr_len] = '\0';

    memset(prefix, 0, sizeof *prefix);
    if (inet_pton(AF_INET6, addr_text, prefix->addr) != 1) {
        fatal("bad prefix '%s': '%s' is not an IPv6 address",
              arg, addr_text);
    }

    len_text = slash + 1;
    if (!*len_text || strlen(len_text) > 3) {
        fatal("bad prefix '%s': bad length '%s' (allowed: "
              "32 40 48 56 64 96)", arg, len_text);
    }
    for (i = 0; len_text[i]; i++) {
        if (len_text[i] < '0' || len_text[i] > '9') {
            fatal("bad prefix '%s': bad length '%s' (allowed: "
                  "32 40 48 56 64 96)", arg, len_text);
        }
        len = len * 10 + (len_text[i] - '0');
    }
    if (!nat64_prefix_len_valid(len)) {
        fatal("bad prefix '%s': length %u is not allowed (allowed: "
              "32 40 48 56 64 96)", arg, len);
    }
    prefix->len = len;

    for (i = len / 8; i < sizeof prefix->addr; i++) {
        if (prefix->addr[i]) {
            char masked_text[INET6_ADDRSTRLEN];
            uint8_t masked[16];

            memcpy(masked, prefix->addr, sizeof masked);
            memset(masked + len / 8, 0, sizeof masked - len / 8);
            if (!inet_ntop(AF_INET6, masked, masked_text,
                           sizeof masked_text)) {
                masked_text[0] = '\0';
            }
            fatal("bad prefix '%s': the bits past /%u must be zero "
                  "(did you mean %s/%u?)", arg, len, masked_text, len);
        }
    }
    if (!nat64_prefix_valid(prefix)) {
        fatal("bad prefix '%s': not a valid RFC 6052 prefix (bits 64 to 71, "
              "the u-octet, must be zero)", arg);
    }
}

/* Reads and checks IN's file header, leaves it in 'hdr', and returns the
 * largest captured length a record may have. */
static uint32_t
read_file_header(struct pcap_file *in, uint8_t hdr[PCAP_FILE_HDR_LEN])
{
    size_t n = read_bytes(in, hdr, PCAP_FILE_HDR_LEN);
    uint32_t magic, snaplen, linktype;
    uint16_t major, minor;

    if (n == 0) {
        fatal("%s: empty file, not a pcap file", in->name);
    } else if (n < 4) {
        fatal("%s: not a pcap file (only %zu bytes)", in->name, n);
    }

    magic = get_u32(hdr, false);
    if (magic == PCAPNG_MAGIC) {
        fatal("%s: pcapng is not supported; convert with "
              "`editcap -F pcap %s OUT.pcap`", in->name, in->name);
    } else if (magic == PCAP_MAGIC_USEC || magic == PCAP_MAGIC_NSEC) {
        in->little_endian = false;
    } else if (get_u32(hdr, true) == PCAP_MAGIC_USEC
               || get_u32(hdr, true) == PCAP_MAGIC_NSEC) {
        in->little_endian = true;
    } else {
        fatal("%s: not a pcap file (bad magic 0x%08"PRIx32")",
              in->name, magic);
    }

    if (n < PCAP_FILE_HDR_LEN) {
        fatal("%s: truncated pcap file header (%zu of %d bytes)",
              in->name, n, PCAP_FILE_HDR_LEN);
    }

    major = get_u16(hdr + 4, in->little_endian);
    minor = get_u16(hdr + 6, in->little_endian);
    if (major != 2) {
        fatal("%s: pcap version %u.%u is not supported (only 2.x)",
              in->name, major, minor);
    }

    linktype = get_u32(hdr + 20, in->little_endian);
    if (linktype != LINKTYPE_ETHERNET && linktype != LINKTYPE_RAW) {
        fatal("%s: link type %"PRIu32" not supported "
              "(only Ethernet (1) and raw IP (101))", in->name, linktype);
    }

    /* A snapshot length of 0 means "not recorded". */
    snaplen = get_u32(hdr + 16, in->little_endian);
    return snaplen && snaplen < PCAP_MAX_CAPLEN ? snaplen : PCAP_MAX_CAPLEN;
}

/* Finds the L2 header length of the Ethernet frame in 'data' (all VLAN
 * tags included) and its ethertype.  Returns false if the frame is too
 * short. */
static bool
parse_ethernet(const uint8_t *data, size_t len, size_t *l2_len,
               uint16_t *eth_type)
{
    size_t ofs = ETH_HDR_LEN;
    int tags = 0;
    uint16_t type;

    if (len < ETH_HDR_LEN) {
        return false;
    }
    type = (data[12] << 8) | data[13];
    while ((type == ETH_TYPE_VLAN || type == ETH_TYPE_QINQ
            || type == ETH_TYPE_QINQ_OLD) && tags < MAX_VLAN_TAGS) {
        if (len < ofs + VLAN_HDR_LEN) {
            return false;
        }
        type = (data[ofs + 2] << 8) | data[ofs + 3];
        ofs += VLAN_HDR_LEN;
        tags++;
    }
    *l2_len = ofs;
    *eth_type = type;
    return true;
}

/* Translates the packet in 'pkt' (whose 'data', 'len', 'linear' and
 * 'headroom' are set) as 'direction' and 'linktype' say; or, if 'too_big'
 * is nonzero, answers it with the ICMP error of a packet too big for a
 * translated path of that MTU. */
static enum nat64_drop_reason
translate(const struct nat64_config *config, enum direction direction,
          unsigned int too_big, uint32_t linktype, struct nat64_packet *pkt)
{
    static uint16_t next_ipv4_id = 1;
    enum nat64_drop_reason reason;
    bool to6;

    if (linktype == LINKTYPE_ETHERNET) {
        uint16_t eth_type;

        if (!parse_ethernet(pkt->data, pkt->len, &pkt->l2_len, &eth_type)) {
            return NAT64_L2_TRUNCATED;
        }
        if (direction != DIR_AUTO) {
            /* The library refuses the packets of the other family. */
            to6 = direction == DIR_4TO6;
        } else if (eth_type == ETH_TYPE_IPV4 || eth_type == ETH_TYPE_ARP) {
            to6 = true;
        } else if (eth_type == ETH_TYPE_IPV6) {
            to6 = false;
        } else {
            return NAT64_WRONG_L3;
        }
    } else {
        unsigned int version = pkt->len ? pkt->data[0] >> 4 : 0;

        pkt->l2_len = 0;
        if (direction != DIR_AUTO) {
            to6 = direction == DIR_4TO6;
        } else if (version == 4) {
            to6 = true;
        } else if (version == 6) {
            to6 = false;
        } else {
            return NAT64_WRONG_L3;
        }
    }

    if (too_big) {
        /* --direction picks the family the errors answer. */
        bool is4 = (pkt->l2_len
                    ? (pkt->data[pkt->l2_len - 2] << 8
                       | pkt->data[pkt->l2_len - 1]) != ETH_TYPE_IPV6
                    : pkt->data[0] >> 4 == 4);

        if (direction != DIR_AUTO && is4 != (direction == DIR_4TO6)) {
            return NAT64_WRONG_L3;
        }
        return nat64_too_big(too_big, pkt);
    } else if (to6) {
        return nat64_4to6(config, pkt);
    }

    pkt->ipv4_id = next_ipv4_id;
    reason = nat64_6to4(config, pkt);
    if (reason == NAT64_OK) {
        next_ipv4_id = next_ipv4_id == UINT16_MAX ? 1 : next_ipv4_id + 1;
    }
    return reason;
}

static void
count_drop(struct stats *stats, enum nat64_drop_reason reason)
{
    stats->dropped++;
    if ((unsigned int) reason < NAT64_N_DROP_REASONS) {
        stats->reasons[reason]++;
    } else {
        stats->unknown_reasons++;
    }
}

/* Writes a record of 'len' bytes at 'data' with the timestamp of
 * 'rec_hdr', whose captured and original lengths it updates: the capture
 * cut 'lost' bytes off the input packet, which the output keeps saying. */
static void
write_record(struct pcap_file *out, uint8_t rec_hdr[PCAP_REC_HDR_LEN],
             const uint8_t *data, size_t len, uint32_t lost)
{
    uint32_t orig_len = lost <= UINT32_MAX - len ? len + lost : UINT32_MAX;

    put_u32(rec_hdr + 8, len, out->little_endian);
    put_u32(rec_hdr + 12, orig_len, out->little_endian);
    write_bytes(out, rec_hdr, PCAP_REC_HDR_LEN);
    write_bytes(out, data, len);
}

/* Writes the IPv6 packet in 'pkt', which nat64_4to6() marked to be cut,
 * as its fragments of at most 'mtu' bytes (RFC 7915 4.1).  Returns
 * NAT64_OK, or why it cannot be cut (nothing written). */
static enum nat64_drop_reason
write_fragments(struct pcap_file *out, uint8_t rec_hdr[PCAP_REC_HDR_LEN],
                struct nat64_packet *pkt, unsigned int mtu,
                struct stats *stats)
{
    enum nat64_drop_reason reason;
    struct nat64_cut cut;
    uint8_t *frag;
    unsigned int i;

    reason = nat64_cut_plan(pkt, mtu, &cut);
    if (reason != NAT64_OK) {
        return reason;
    }
    frag = malloc(cut.hdr_len + cut.frag_len);
    if (!frag) {
        fatal("out of memory");
    }
    for (i = 0; i < cut.n_frags; i++) {
        size_t len = nat64_cut_len(&cut, i);

        nat64_cut_header(&cut, pkt->data, i, frag);
        memcpy(frag + cut.hdr_len, pkt->data + cut.hdr_len
               + i * cut.frag_len, len);
        write_record(out, rec_hdr, frag, cut.hdr_len + len, 0);
    }
    free(frag);
    stats->cut++;
    stats->fragments += cut.n_frags;
    return NAT64_OK;
}

/* A linear packet of 'len' bytes at 'buf' + 'headroom'. */
static void
packet_init(struct nat64_packet *pkt, uint8_t *buf, size_t headroom,
            size_t len)
{
    memset(pkt, 0, sizeof *pkt);
    pkt->data = buf + headroom;
    pkt->len = len;
    pkt->linear = len;
    pkt->headroom = headroom;
}

static void
print_stats(const struct stats *stats)
{
    int i;

    fprintf(stderr, "%"PRIu64" packets read, %"PRIu64" translated, "
            "%"PRIu64" dropped\n",
            stats->read, stats->translated, stats->dropped);
    if (stats->cut) {
        fprintf(stderr, "  %"PRIu64" translated packets written as %"PRIu64
                " IPv6 fragments (longer than --mtu)\n",
                stats->cut, stats->fragments);
    }
    for (i = 0; i < NAT64_N_DROP_REASONS; i++) {
        if (i != NAT64_OK && stats->reasons[i]) {
            fprintf(stderr, "  %s: %"PRIu64"\n",
                    nat64_drop_reason_name(i), stats->reasons[i]);
        }
    }
    if (stats->unknown_reasons) {
        fprintf(stderr, "  unknown: %"PRIu64"\n", stats->unknown_reasons);
    }
}

/* Opens 'name' ("-" for standard input or output) into 'file'. */
static void
open_file(struct pcap_file *file, const char *name, bool input)
{
    memset(file, 0, sizeof *file);
    file->name = display_name(name, input);
    if (!strcmp(name, "-")) {
        file->stream = input ? stdin : stdout;
    } else {
        file->stream = fopen(name, input ? "rb" : "wb");
        if (!file->stream) {
            fatal("%s: cannot open for %s: %s", name,
                  input ? "reading" : "writing", strerror(errno));
        }
    }
}

/* Exits if 'out_name' names the file already open as 'in', which opening
 * it for writing would truncate. */
static void
check_not_same_file(const struct pcap_file *in, const char *out_name)
{
    struct stat in_st, out_st;

    if (!strcmp(out_name, "-") || fstat(fileno(in->stream), &in_st)
        || stat(out_name, &out_st)) {
        return;
    }
    if (S_ISREG(in_st.st_mode) && in_st.st_dev == out_st.st_dev
        && in_st.st_ino == out_st.st_ino) {
        fatal("%s: input and output are the same file", out_name);
    }
}

static void
xlate_file(const struct nat64_config *config, enum direction direction,
           unsigned int too_big, const char *in_name, const char *out_name,
           struct stats *stats)
{
    uint8_t file_hdr[PCAP_FILE_HDR_LEN];
    struct pcap_file in, out;
    uint32_t max_caplen, out_snaplen, linktype;
    uint64_t rec_no;

    open_file(&in, in_name, true);
    max_caplen = read_file_header(&in, file_hdr);
    linktype = get_u32(file_hdr + 20, in.little_endian);

    check_not_same_file(&in, out_name);
    open_file(&out, out_name, false);
    out.little_endian = in.little_endian;

    /* Same magic (byte order, timestamp precision), version, time zone and
     * link type as the input; a snapshot length that leaves room for the
     * growth of IPv4 to IPv6. */
    out_snaplen = max_caplen <= PCAP_MAX_CAPLEN - SNAPLEN_GROWTH
                  ? max_caplen + SNAPLEN_GROWTH : PCAP_MAX_CAPLEN;
    put_u32(file_hdr + 16, out_snaplen, out.little_endian);
    write_bytes(&out, file_hdr, sizeof file_hdr);

    for (rec_no = 1; ; rec_no++) {
        uint8_t rec_hdr[PCAP_REC_HDR_LEN];
        uint64_t rec_ofs = in.offset;
        uint32_t caplen, orig_len;
        struct nat64_packet pkt;
        enum nat64_drop_reason reason;
        size_t buf_size;
        uint8_t *buf;
        size_t n;

        n = read_bytes(&in, rec_hdr, sizeof rec_hdr);
        if (n == 0) {
            break;
        } else if (n < sizeof rec_hdr) {
            fatal("%s: truncated record %"PRIu64" at offset %"PRIu64
                  " (record header: %zu of %d bytes)",
                  in.name, rec_no, rec_ofs, n, PCAP_REC_HDR_LEN);
        }
        caplen = get_u32(rec_hdr + 8, in.little_endian);
        orig_len = get_u32(rec_hdr + 12, in.little_endian);
        if (caplen > max_caplen) {
            fatal("%s: record %"PRIu64" at offset %"PRIu64": captured "
                  "length %"PRIu32" is larger than the %s %"PRIu32,
                  in.name, rec_no, rec_ofs, caplen,
                  max_caplen == PCAP_MAX_CAPLEN
                  ? "maximum" : "snapshot length", max_caplen);
        }

        /* Each packet gets a buffer of exactly its size plus the headroom,
         * so that valgrind or a sanitizer catches the library reading or
         * writing outside [data - headroom, data + linear). */
        buf_size = HEADROOM + caplen;
        buf = malloc(buf_size);
        if (!buf) {
            fatal("out of memory");
        }
        n = read_bytes(&in, buf + HEADROOM, caplen);
        if (n < caplen) {
            fatal("%s: truncated record %"PRIu64" at offset %"PRIu64
                  " (packet data: %zu of %"PRIu32" bytes)",
                  in.name, rec_no, rec_ofs, n, caplen);
        }
        stats->read++;

        packet_init(&pkt, buf, HEADROOM, caplen);
        reason = translate(config, direction, too_big, linktype, &pkt);
        if (reason == NAT64_NO_HEADROOM && pkt.need > HEADROOM) {
            /* An ICMP error with an RFC 4884 extension whose datagram is
             * padded: again, with the headroom it asks for. */
            size_t headroom = pkt.need;
            uint8_t *bigger = malloc(headroom + caplen);

            if (!bigger) {
                fatal("out of memory");
            }
            memcpy(bigger + headroom, buf + HEADROOM, caplen);
            free(buf);
            buf = bigger;
            buf_size = headroom + caplen;
            packet_init(&pkt, buf, headroom, caplen);
            reason = translate(config, direction, too_big, linktype, &pkt);
        }
        if (reason != NAT64_OK) {
            free(buf);
            count_drop(stats, reason);
            continue;
        }

        /* The library promises to stay inside the buffer: check it rather
         * than write garbage. */
        if (pkt.data < buf || pkt.len > buf_size
            || pkt.len > (size_t) (buf + buf_size - pkt.data)
            || pkt.len > out_snaplen) {
            fprintf(stderr, "%s: internal error: record %"PRIu64
                    " translated out of bounds (offset %td, length %zu)\n",
                    program_name, rec_no, pkt.data - buf, pkt.len);
            abort();
        }

        if (pkt.cut) {
            /* Whole, or not at all: a capture that cut the packet short
             * leaves nothing to cut into fragments. */
            reason = orig_len > caplen ? NAT64_V4_TRUNCATED
                     : write_fragments(&out, rec_hdr, &pkt, config->ipv6_mtu,
                                       stats);
            free(buf);
            if (reason == NAT64_OK) {
                stats->translated++;
            } else {
                count_drop(stats, reason);
            }
            continue;
        }

        /* Keep what the capture cut off, if anything. */
        write_record(&out, rec_hdr, pkt.data, pkt.len,
                     orig_len > caplen ? orig_len - caplen : 0);
        free(buf);
        stats->translated++;
    }

    if (in.stream != stdin) {
        fclose(in.stream);
    }
    if (fflush(out.stream) || ferror(out.stream)) {
        fatal("%s: write error: %s", out.name, strerror(errno));
    }
    if (out.stream != stdout && fclose(out.stream)) {
        fatal("%s: write error: %s", out.name, strerror(errno));
    }
}

/* Returns the long name of the option whose short name is 'val', or NULL
 * if there is none. */
static const char *
long_option_name(const struct option *options, int val)
{
    for (; options->name; options++) {
        if (options->val == val) {
            return options->name;
        }
    }
    return NULL;
}

int
main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        {"prefix", required_argument, NULL, 'p'},
        {"ttl", required_argument, NULL, 't'},
        {"direction", required_argument, NULL, 'd'},
        {"too-big", required_argument, NULL, 'T'},
        {"mtu", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    enum direction direction = DIR_AUTO;
    unsigned int too_big = 0;
    struct nat64_config config;
    struct stats stats;
    int c;

    nat64_config_default(&config);
    memset(&stats, 0, sizeof stats);

    /* Report bad options ourselves, under the program's name rather than
     * argv[0]: ':' first makes a missing argument return ':'. */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:t:d:T:m:hV", long_options,
                            NULL)) != -1) {
        switch (c) {
        case 'p':
            parse_prefix(optarg, &config.prefix);
            break;

        case 't':
            if (!strcmp(optarg, "copy")) {
                config.ttl_mode = NAT64_TTL_COPY;
            } else if (!strcmp(optarg, "decrement")) {
                config.ttl_mode = NAT64_TTL_DECREMENT;
            } else {
                fatal("bad --ttl '%s' (expected copy or decrement)", optarg);
            }
            break;

        case 'd':
            if (!strcmp(optarg, "auto")) {
                direction = DIR_AUTO;
            } else if (!strcmp(optarg, "4to6")) {
                direction = DIR_4TO6;
            } else if (!strcmp(optarg, "6to4")) {
                direction = DIR_6TO4;
            } else {
                fatal("bad --direction '%s' (expected auto, 4to6 or 6to4)",
                      optarg);
            }
            break;

        case 'T': {
            char *end;
            unsigned long mtu;

            errno = 0;
            mtu = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-'
                || mtu < NAT64_IPV4_MIN_MTU || mtu > 65535) {
                fatal("bad --too-big '%s' (expected an MTU from %d to 65535)",
                      optarg, NAT64_IPV4_MIN_MTU);
            }
            too_big = (unsigned int) mtu;
            break;
        }

        case 'm': {
            char *end;
            unsigned long mtu;

            errno = 0;
            mtu = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-'
                || mtu < 1280 || mtu > 65535) {
                fatal("bad --mtu '%s' (expected an IPv6 MTU from 1280 to "
                      "65535)", optarg);
            }
            config.ipv6_mtu = (uint16_t) mtu;
            break;
        }

        case 'h':
            usage();
            return 0;

        case 'V':
            printf("%s (%s) %s\n", program_name, PACKAGE_NAME,
                   PACKAGE_VERSION);
            return 0;

        case ':':
            usage_error("option '--%s' (-%c) requires an argument",
                        long_option_name(long_options, optopt), optopt);

        case '?':
        default:
            if (!optopt) {
                /* An unknown or ambiguous long option. */
                usage_error("unrecognized option '%s'", argv[optind - 1]);
            } else if (long_option_name(long_options, optopt)) {
                usage_error("option '--%s' takes no argument",
                            long_option_name(long_options, optopt));
            } else {
                usage_error("unrecognized option '-%c'", optopt);
            }
        }
    }

    if (argc - optind != 2) {
        usage_error("expected two file names, IN.pcap and OUT.pcap, "
                    "got %d", argc - optind);
    }

    nat64_config_prepare(&config);
    xlate_file(&config, direction, too_big, argv[optind], argv[optind + 1],
               &stats);
    print_stats(&stats);
    return 0;
}
