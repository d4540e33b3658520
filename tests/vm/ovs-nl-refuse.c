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

/* ovs-nl-refuse: sends nat64 datapath actions, well-formed and malformed,
 * straight to the kernel datapath (the patched openvswitch.ko) over
 * generic netlink, and checks that every malformed one is refused with
 * EINVAL and installs nothing.
 *
 * It makes its own datapath (OVS_DP_CMD_NEW "n64nl", upcall PID 0; deleted
 * at the end, on failure and on SIGINT/SIGTERM), then for each case sends
 * an OVS_FLOW_CMD_NEW (or OVS_FLOW_CMD_SET, OVS_PACKET_CMD_EXECUTE) with a
 * valid flow key and an actions attribute built byte by byte, so that
 * lengths can lie.  Positive controls come first: well-formed nat64
 * actions must be accepted (and are deleted again), so that a kernel that
 * refuses everything fails the test.  After each refusal, OVS_FLOW_CMD_GET
 * of the key must answer ENOENT; at the end a flow dump must be empty.
 *
 * Prints one line per case (name, expected, got, ok or FAIL) and a summary.
 * Exits 0 if every case went as expected, 1 if not, 77 if the kernel has
 * no Open vSwitch generic netlink families (module not loaded), 2 on a
 * usage error.  Needs CAP_NET_ADMIN; meant for the VM (tests/vm/
 * vm-netlink.sh), where the patched module is loaded. */

#include <config.h>

#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/openvswitch.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

/* The nat64 action's uapi, as patches/kernel/<line>/
 * 0001-net-openvswitch-add-the-nat64-action.patch adds it to
 * include/uapi/linux/openvswitch.h.  The installed header lacks it, and
 * the preprocessor cannot see an enum or a struct: a build against a
 * header that has them defines HAVE_STRUCT_OVS_ACTION_NAT64 (the name
 * AC_CHECK_TYPES would give) to skip this copy. */
#ifndef HAVE_STRUCT_OVS_ACTION_NAT64
#define HAVE_STRUCT_OVS_ACTION_NAT64 1
#define OVS_ACTION_ATTR_NAT64 64        /* Far from upstream's actions. */
struct ovs_action_nat64 {
    __u8 mode;                  /* OVS_NAT64_MODE_*. */
    __u8 ttl_mode;              /* OVS_NAT64_TTL_*. */
    __u8 prefix_len;            /* 32, 40, 48, 56, 64 or 96. */
    __u8 flags;                 /* None defined: must be 0. */
    __u16 mtu;                  /* OVS_NAT64_MODE_TOO_BIG, and 4TO6. */
    __u16 reserved;             /* Must be 0. */
    __be32 prefix[4];           /* RFC 6052 prefix: no bit past prefix_len,
                                 * below /96 a zero u-octet. */
};
enum ovs_nat64_mode {
    OVS_NAT64_MODE_4TO6 = 1,
    OVS_NAT64_MODE_6TO4 = 2,
    OVS_NAT64_MODE_TOO_BIG = 3,
};
enum ovs_nat64_ttl {
    OVS_NAT64_TTL_COPY = 0,
    OVS_NAT64_TTL_DECREMENT = 1,
};
#endif
_Static_assert(OVS_ACTION_ATTR_NAT64 == 64, "OVS_ACTION_ATTR_NAT64 is 64");
_Static_assert(sizeof(struct ovs_action_nat64) == 24,
               "struct ovs_action_nat64 is 24 bytes, as in the kernel");

#define DP_NAME "n64nl"

static const char *program_name = "ovs-nl-refuse";

/* Generic netlink state. */
static struct nl_sock *sock;
static int dp_family, flow_family, packet_family;
static int dp_ifindex;
static bool dp_created;
static volatile sig_atomic_t interrupted;

/* An attribute stream built byte by byte: the contents of an
 * OVS_FLOW_ATTR_ACTIONS attribute, whose headers may lie about their
 * lengths. */
struct buf {
    uint8_t data[1024];
    size_t len;
};

static void
buf_put(struct buf *b, const void *data, size_t len)
{
    if (b->len + len > sizeof b->data) {
        fprintf(stderr, "%s: attribute buffer overflow\n", program_name);
        exit(EXIT_FAILURE);
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

static void
buf_put_zeros(struct buf *b, size_t len)
{
    static const uint8_t zeros[NLA_ALIGNTO];

    buf_put(b, zeros, len);
}

/* Appends an attribute header that claims 'nla_len' bytes (header
 * included), whatever follows. */
static void
buf_put_hdr(struct buf *b, uint16_t nla_len, uint16_t type)
{
    struct nlattr nla = { .nla_len = nla_len, .nla_type = type };

    buf_put(b, &nla, sizeof nla);
}

/* Appends a well-formed attribute with 'len' bytes of 'data', padded. */
static void
buf_put_attr(struct buf *b, uint16_t type, const void *data, size_t len)
{
    buf_put_hdr(b, NLA_HDRLEN + len, type);
    buf_put(b, data, len);
    buf_put_zeros(b, NLA_ALIGN(len) - len);
}

/* Starts a nested attribute; buf_end_nest() sets its length. */
static size_t
buf_start_nest(struct buf *b, uint16_t type)
{
    size_t ofs = b->len;

    buf_put_hdr(b, 0, type);
    return ofs;
}

static void
buf_end_nest(struct buf *b, size_t ofs)
{
    struct nlattr *nla = (struct nlattr *) (b->data + ofs);

    nla->nla_len = b->len - ofs;
}

/* fe80::/96, TTL copied, 'mode'; flags and options zero. */
static void
nat64_init(struct ovs_action_nat64 *a, uint8_t mode)
{
    memset(a, 0, sizeof *a);
    a->mode = mode;
    a->ttl_mode = OVS_NAT64_TTL_COPY;
    a->prefix_len = 96;
    a->prefix[0] = htonl(0xfe800000);
}

/* Appends 'a' as an OVS_ACTION_ATTR_NAT64 attribute with 'len' bytes of
 * payload: sizeof *a is well-formed, fewer cut 'a' short, more follow it
 * with zeros.  The kernel takes only sizeof *a exactly. */
static void
put_nat64_len(struct buf *b, const struct ovs_action_nat64 *a, size_t len)
{
    uint8_t data[64];

    if (len > sizeof data) {
        fprintf(stderr, "%s: nat64 payload too long\n", program_name);
        exit(EXIT_FAILURE);
    }
    memset(data, 0, sizeof data);
    memcpy(data, a, len < sizeof *a ? len : sizeof *a);
    buf_put_attr(b, OVS_ACTION_ATTR_NAT64, data, len);
}

/* Appends a whole nat64 action made of 'a'. */
static void
put_nat64(struct buf *b, const struct ovs_action_nat64 *a)
{
    put_nat64_len(b, a, sizeof *a);
}

/* RFC 6052 prefixes, valid and not. */
struct prefix {
    const char *addr;
    uint8_t len;
};

static const struct prefix good_prefixes[] = {
    { "fe80::", 96 },
    { "64:ff9b::", 96 },
    { "2001:db8::", 32 },
    { "2001:db8:100::", 40 },
    { "2001:db8:122::", 48 },
    { "2001:db8:122:300::", 56 },
    { "2001:db8:122:344::", 64 },
    { "64:ff9b::1:0:0", 96 },           /* Bit 95 set, inside /96. */
};

static const struct prefix bad_prefixes[] = {
    { "fe80::1", 96 },                  /* Bit 127 set, past /96. */
    { "2001:db8:1::", 32 },             /* Bit 47 set, past /32. */
    { "2001:db8:122:344:ff00::", 64 },  /* The u-octet, past /64. */
    { "2001:db8:122:300:0:1::", 56 },   /* Bit 95 set, past /56. */
};

static void
parse_prefix(const struct prefix *p, struct ovs_action_nat64 *a)
{
    if (inet_pton(AF_INET6, p->addr, a->prefix) != 1) {
        fprintf(stderr, "%s: bad prefix %s\n", program_name, p->addr);
        exit(EXIT_FAILURE);
    }
    a->prefix_len = p->len;
}

/* The action builders.  Each appends the contents of an
 * OVS_FLOW_ATTR_ACTIONS attribute to 'b'; 'arg' picks a variant. */
typedef void build_func(struct buf *b, int arg);

/* A well-formed nat64 action, mode 'arg'. */
static void
act_mode(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, arg);
    put_nat64(b, &a);
}

/* Well-formed 4to6 with good_prefixes['arg']. */
static void
act_good_prefix(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    parse_prefix(&good_prefixes[arg], &a);
    put_nat64(b, &a);
}

/* 4to6 with bad_prefixes['arg']. */
static void
act_bad_prefix(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    parse_prefix(&bad_prefixes[arg], &a);
    put_nat64(b, &a);
}

/* 4to6, fe80::, prefix length 'arg' (fe80:: has no bit past /32, so only
 * the length can be wrong). */
static void
act_prefix_len(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    a.prefix_len = arg;
    put_nat64(b, &a);
}

/* 4to6, TTL mode 'arg'. */
static void
act_ttl_mode(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    a.ttl_mode = arg;
    put_nat64(b, &a);
}

/* 4to6 with flags 'arg'. */
static void
act_flags(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    a.flags = arg;
    put_nat64(b, &a);
}

/* 4to6 with mtu 'arg' (host byte order, as the kernel reads it): the
 * lowest IPv6 MTU. */
static void
act_mtu(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    a.mtu = arg;
    put_nat64(b, &a);
}

/* 6to4 with mtu 'arg'. */
static void
act_6to4_mtu(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_6TO4);
    a.mtu = arg;
    put_nat64(b, &a);
}

/* too-big with mtu 'arg'. */
static void
act_too_big(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_TOO_BIG);
    a.mtu = arg;
    put_nat64(b, &a);
}

/* 4to6 with reserved 'arg'. */
static void
act_reserved(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    a.reserved = arg;
    put_nat64(b, &a);
}

/* Well-formed 4to6 in a payload of 'arg' bytes. */
static void
act_len(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    put_nat64_len(b, &a, arg);
}

/* Lying lengths, by 'arg':
 *   0  the nat64 attribute claims 8 bytes more than the actions hold
 *   1  the nat64 attribute claims 2 bytes (less than a header), then its
 *      would-be payload
 *   2  the nat64 attribute claims 0 bytes, then its would-be payload */
static void
act_lie(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;
    struct nlattr *nla;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    switch (arg) {
    case 0:
        put_nat64(b, &a);
        nla = (struct nlattr *) b->data;
        nla->nla_len += 8;
        break;
    case 1:
    case 2:
        buf_put_hdr(b, arg == 1 ? 2 : 0, OVS_ACTION_ATTR_NAT64);
        buf_put(b, &a, sizeof a);
        break;
    }
}

/* A well-formed 4to6 in the nested attributes of the action's first ABI
 * (mode, prefix, prefix length, TTL mode: 44 bytes), as a stale userspace
 * would send it. */
static void
act_nested(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;
    size_t ofs;

    (void) arg;
    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    ofs = buf_start_nest(b, OVS_ACTION_ATTR_NAT64);
    buf_put_attr(b, 1, &a.mode, 1);
    buf_put_attr(b, 2, a.prefix, sizeof a.prefix);
    buf_put_attr(b, 3, &a.prefix_len, 1);
    buf_put_attr(b, 4, &a.ttl_mode, 1);
    buf_end_nest(b, ofs);
}

/* Action lists around a well-formed nat64, by 'arg':
 *   0  no actions at all (drop)
 *   1  nat64 4to6, then output to port 0
 *   2  nat64 4to6 twice (the flow's eth_type is unknown after the first)
 *   3  nat64 4to6, then nat64 6to4 (the same)
 *   4  nat64 4to6, then set(ipv4(...)) (needs recirculation first)
 *   5  clone(nat64 with an empty payload)
 *   6  clone(nat64 4to6, output to port 0)
 *   7  clone(nat64 6to4): the mode against the key, inside the clone
 *   8  output to port 0 alone (no nat64) */
static void
act_list(struct buf *b, int arg)
{
    struct ovs_action_nat64 a;
    struct ovs_key_ipv4 ipv4;
    size_t ofs, set;

    nat64_init(&a, OVS_NAT64_MODE_4TO6);
    switch (arg) {
    case 0:
        break;
    case 1:
        put_nat64(b, &a);
        buf_put_attr(b, OVS_ACTION_ATTR_OUTPUT, &(uint32_t) { OVSP_LOCAL },
                     4);
        break;
    case 2:
        put_nat64(b, &a);
        put_nat64(b, &a);
        break;
    case 3:
        put_nat64(b, &a);
        a.mode = OVS_NAT64_MODE_6TO4;
        put_nat64(b, &a);
        break;
    case 4:
        put_nat64(b, &a);
        memset(&ipv4, 0, sizeof ipv4);
        ipv4.ipv4_src = htonl(0xc0a8000a);
        ipv4.ipv4_dst = htonl(0xc0a80064);
        ipv4.ipv4_proto = 17;
        ipv4.ipv4_ttl = 64;
        set = buf_start_nest(b, OVS_ACTION_ATTR_SET);
        buf_put_attr(b, OVS_KEY_ATTR_IPV4, &ipv4, sizeof ipv4);
        buf_end_nest(b, set);
        break;
    case 5:
        ofs = buf_start_nest(b, OVS_ACTION_ATTR_CLONE);
        put_nat64_len(b, &a, 0);
        buf_end_nest(b, ofs);
        break;
    case 6:
    case 7:
        ofs = buf_start_nest(b, OVS_ACTION_ATTR_CLONE);
        if (arg == 7) {
            a.mode = OVS_NAT64_MODE_6TO4;
        }
        put_nat64(b, &a);
        buf_put_attr(b, OVS_ACTION_ATTR_OUTPUT, &(uint32_t) { OVSP_LOCAL },
                     4);
        buf_end_nest(b, ofs);
        break;
    case 8:
        buf_put_attr(b, OVS_ACTION_ATTR_OUTPUT, &(uint32_t) { OVSP_LOCAL },
                     4);
        break;
    }
}

/* Flow keys: exact match (no mask attribute) but for the last two. */
enum key_kind {
    KEY_IPV4,           /* Ethernet, IPv4, UDP. */
    KEY_IPV6,           /* Ethernet, IPv6, UDP. */
    KEY_ARP,            /* Ethernet, ARP request. */
    KEY_LLDP,           /* Ethernet, eth_type 0x88cc, nothing else. */
    KEY_L3,             /* IPv4 and UDP without Ethernet (an L3 packet). */
    KEY_IPV4_L2,        /* KEY_IPV4 with a mask: in_port, Ethernet and
                         * eth_type exact, IPv4 and UDP wildcarded. */
    KEY_IPV4_ANY_TYPE,  /* KEY_IPV4_L2 with eth_type wildcarded too: the
                         * datapath validates actions against the masked
                         * key, whose eth_type is then 0. */
};

static const char *const key_names[] = {
    [KEY_IPV4] = "ipv4", [KEY_IPV6] = "ipv6", [KEY_ARP] = "arp",
    [KEY_LLDP] = "lldp", [KEY_L3] = "l3-ipv4", [KEY_IPV4_L2] = "ipv4-l2",
    [KEY_IPV4_ANY_TYPE] = "any-eth",
};

static const uint8_t mac_a[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t mac_b[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x64 };

static void
put_key(struct nl_msg *msg, int attr, enum key_kind kind)
{
    struct nlattr *nest = nla_nest_start(msg, attr);
    struct ovs_key_ethernet eth;
    struct ovs_key_ipv4 ipv4;
    struct ovs_key_ipv6 ipv6;
    struct ovs_key_arp arp;
    struct ovs_key_udp udp;
    uint16_t eth_type;

    nla_put_u32(msg, OVS_KEY_ATTR_IN_PORT, OVSP_LOCAL);
    if (kind != KEY_L3) {
        memcpy(eth.eth_src, mac_a, 6);
        memcpy(eth.eth_dst, mac_b, 6);
        nla_put(msg, OVS_KEY_ATTR_ETHERNET, sizeof eth, &eth);
    }
    eth_type = (kind == KEY_IPV6 ? 0x86dd
                : kind == KEY_ARP ? 0x0806
                : kind == KEY_LLDP ? 0x88cc
                : 0x0800);
    nla_put_u16(msg, OVS_KEY_ATTR_ETHERTYPE, htons(eth_type));

    memset(&udp, 0, sizeof udp);
    udp.udp_src = htons(40000);
    udp.udp_dst = htons(53);
    switch (kind) {
    case KEY_IPV4:
    case KEY_L3:
    case KEY_IPV4_L2:
    case KEY_IPV4_ANY_TYPE:
        memset(&ipv4, 0, sizeof ipv4);
        ipv4.ipv4_src = htonl(0xc0a8000a);       /* 192.168.0.10 */
        ipv4.ipv4_dst = htonl(0xc0a80064);       /* 192.168.0.100 */
        ipv4.ipv4_proto = 17;
        ipv4.ipv4_ttl = 64;
        ipv4.ipv4_frag = OVS_FRAG_TYPE_NONE;
        nla_put(msg, OVS_KEY_ATTR_IPV4, sizeof ipv4, &ipv4);
        nla_put(msg, OVS_KEY_ATTR_UDP, sizeof udp, &udp);
        break;
    case KEY_IPV6:
        memset(&ipv6, 0, sizeof ipv6);
        inet_pton(AF_INET6, "fe80::c0a8:64", ipv6.ipv6_src);
        inet_pton(AF_INET6, "fe80::c0a8:a", ipv6.ipv6_dst);
        ipv6.ipv6_proto = 17;
        ipv6.ipv6_hlimit = 64;
        ipv6.ipv6_frag = OVS_FRAG_TYPE_NONE;
        nla_put(msg, OVS_KEY_ATTR_IPV6, sizeof ipv6, &ipv6);
        udp.udp_src = htons(53);
        udp.udp_dst = htons(40000);
        nla_put(msg, OVS_KEY_ATTR_UDP, sizeof udp, &udp);
        break;
    case KEY_ARP:
        memset(&arp, 0, sizeof arp);
        arp.arp_sip = htonl(0xc0a8000a);
        arp.arp_tip = htonl(0xc0a80064);
        arp.arp_op = htons(1);
        memcpy(arp.arp_sha, mac_a, 6);
        nla_put(msg, OVS_KEY_ATTR_ARP, sizeof arp, &arp);
        break;
    case KEY_LLDP:
        break;
    }
    nla_nest_end(msg, nest);
}

/* The mask of 'kind', if it has one.  An OVS_KEY_ATTR_ETHERTYPE in a mask
 * always means an exact eth_type, whatever its value: leaving it out is
 * how a mask wildcards eth_type. */
static void
put_mask(struct nl_msg *msg, enum key_kind kind)
{
    static const uint8_t all_ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    struct ovs_key_ethernet eth;
    struct nlattr *nest;

    if (kind != KEY_IPV4_L2 && kind != KEY_IPV4_ANY_TYPE) {
        return;
    }
    nest = nla_nest_start(msg, OVS_FLOW_ATTR_MASK);
    nla_put_u32(msg, OVS_KEY_ATTR_IN_PORT, UINT32_MAX);
    memcpy(eth.eth_src, all_ones, 6);
    memcpy(eth.eth_dst, all_ones, 6);
    nla_put(msg, OVS_KEY_ATTR_ETHERNET, sizeof eth, &eth);
    if (kind == KEY_IPV4_L2) {
        nla_put_u16(msg, OVS_KEY_ATTR_ETHERTYPE, htons(0xffff));
    }
    nla_nest_end(msg, nest);
}

/* The Ethernet/IPv4/UDP frame of KEY_IPV4, for OVS_PACKET_CMD_EXECUTE. */
static size_t
ipv4_frame(uint8_t *frame)
{
    static const uint8_t ip_udp[] = {
        0x08, 0x00,
        0x45, 0x00, 0x00, 0x24, 0x12, 0x34, 0x00, 0x00,
        0x40, 0x11, 0x00, 0x00, 192, 168, 0, 10, 192, 168, 0, 100,
        0x9c, 0x40, 0x00, 0x35, 0x00, 0x10, 0x00, 0x00,
        'n', 'a', 't', '6', '4', 'n', 'l', '!',
    };
    uint32_t sum = 0;
    size_t i;

    memcpy(frame, mac_b, 6);
    memcpy(frame + 6, mac_a, 6);
    memcpy(frame + 12, ip_udp, sizeof ip_udp);
    for (i = 14; i < 34; i += 2) {
        sum += (frame[i] << 8) | frame[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    frame[24] = ~sum >> 8;
    frame[25] = ~sum & 0xff;
    return 12 + sizeof ip_udp;      /* UDP checksum 0: none. */
}

/* Netlink transactions. */

struct reply {
    int error;                  /* 1 while waiting, then 0 or -errno. */
    int n_replies;              /* Messages other than the ack. */
    int actions_len;            /* Of the last reply's actions, or -1. */
    struct buf actions;         /* The last reply's actions. */
};

static int
on_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *reply_)
{
    struct reply *reply = reply_;

    (void) nla;
    reply->error = err->error;
    return NL_STOP;
}

static int
on_ack(struct nl_msg *msg, void *reply_)
{
    struct reply *reply = reply_;

    (void) msg;
    reply->error = 0;
    return NL_STOP;
}

static int
on_finish(struct nl_msg *msg, void *reply_)
{
    struct reply *reply = reply_;

    (void) msg;
    reply->error = 0;
    return NL_SKIP;
}

static int
on_valid(struct nl_msg *msg, void *reply_)
{
    struct nlattr *attrs[OVS_FLOW_ATTR_MAX + 1];
    struct reply *reply = reply_;

    reply->n_replies++;
    reply->actions_len = -1;
    if (!genlmsg_parse(nlmsg_hdr(msg), sizeof(struct ovs_header), attrs,
                       OVS_FLOW_ATTR_MAX, NULL)
        && attrs[OVS_FLOW_ATTR_ACTIONS]) {
        reply->actions_len = nla_len(attrs[OVS_FLOW_ATTR_ACTIONS]);
        reply->actions.len = (size_t) reply->actions_len;
        if (reply->actions.len > sizeof reply->actions.data) {
            reply->actions.len = sizeof reply->actions.data;
        }
        memcpy(reply->actions.data, nla_data(attrs[OVS_FLOW_ATTR_ACTIONS]),
               reply->actions.len);
    }
    return NL_OK;
}

/* Starts a request of generic netlink 'family' with an ovs_header for the
 * test's datapath. */
static struct nl_msg *
request(int family, uint8_t cmd, int flags)
{
    struct ovs_header *hdr;
    struct nl_msg *msg;
    uint8_t version;

    version = (family == dp_family ? OVS_DATAPATH_VERSION
               : family == flow_family ? OVS_FLOW_VERSION
               : OVS_PACKET_VERSION);
    msg = nlmsg_alloc_size(8192);
    if (!msg) {
        fprintf(stderr, "%s: out of memory\n", program_name);
        exit(EXIT_FAILURE);
    }
    hdr = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, sizeof *hdr,
                      flags, cmd, version);
    hdr->dp_ifindex = dp_ifindex;
    return msg;
}

/* Sends 'msg' (and frees it), reads the answers up to the ack.  Returns 0
 * or the kernel's negative errno; fills in '*reply' if nonnull. */
static int
transact(struct nl_msg *msg, struct reply *reply_out)
{
    struct reply reply = { .error = 1, .actions_len = -1 };
    struct nl_cb *cb;
    int err;

    err = nl_send_auto(sock, msg);
    nlmsg_free(msg);
    if (err < 0) {
        fprintf(stderr, "%s: send: %s\n", program_name, nl_geterror(err));
        return -EIO;
    }
    cb = nl_cb_alloc(NL_CB_DEFAULT);
    nl_cb_err(cb, NL_CB_CUSTOM, on_error, &reply);
    nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &reply);
    nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &reply);
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &reply);
    while (reply.error > 0) {
        err = nl_recvmsgs(sock, cb);
        if (err < 0 && reply.error > 0) {
            fprintf(stderr, "%s: receive: %s\n", program_name,
                    nl_geterror(err));
            reply.error = -EIO;
        }
    }
    nl_cb_put(cb);
    if (reply_out) {
        *reply_out = reply;
    }
    return reply.error;
}

static int
dp_delete(void)
{
    struct nl_msg *msg = request(dp_family, OVS_DP_CMD_DEL, 0);

    nla_put_string(msg, OVS_DP_ATTR_NAME, DP_NAME);
    return transact(msg, NULL);
}

static int
dp_create(void)
{
    struct nl_msg *msg = request(dp_family, OVS_DP_CMD_NEW, 0);

    nla_put_string(msg, OVS_DP_ATTR_NAME, DP_NAME);
    nla_put_u32(msg, OVS_DP_ATTR_UPCALL_PID, 0);
    return transact(msg, NULL);
}

static void
cleanup(void)
{
    if (dp_created) {
        int err = dp_delete();

        if (err) {
            fprintf(stderr, "%s: deleting datapath %s: %s\n",
                    program_name, DP_NAME, strerror(-err));
        }
        dp_created = false;
    }
    if (sock) {
        nl_socket_free(sock);
        sock = NULL;
    }
}

static void
on_signal(int signo)
{
    (void) signo;
    interrupted = 1;
}

static int
flow_new(enum key_kind key, const struct buf *actions)
{
    struct nl_msg *msg = request(flow_family, OVS_FLOW_CMD_NEW,
                                 NLM_F_CREATE | NLM_F_EXCL);

    put_key(msg, OVS_FLOW_ATTR_KEY, key);
    put_mask(msg, key);
    nla_put(msg, OVS_FLOW_ATTR_ACTIONS, actions->len, actions->data);
    return transact(msg, NULL);
}

static int
flow_set(enum key_kind key, const struct buf *actions)
{
    struct nl_msg *msg = request(flow_family, OVS_FLOW_CMD_SET, 0);

    put_key(msg, OVS_FLOW_ATTR_KEY, key);
    put_mask(msg, key);
    nla_put(msg, OVS_FLOW_ATTR_ACTIONS, actions->len, actions->data);
    return transact(msg, NULL);
}

/* Looks the flow of 'key' up.  Returns 0 (and its actions' length in
 * '*actions_len') or a negative errno, -ENOENT if there is none. */
static int
flow_get(enum key_kind key, int *actions_len, struct buf *actions)
{
    struct nl_msg *msg = request(flow_family, OVS_FLOW_CMD_GET, 0);
    struct reply reply;
    int err;

    put_key(msg, OVS_FLOW_ATTR_KEY, key);
    err = transact(msg, &reply);
    if (actions_len) {
        *actions_len = reply.actions_len;
    }
    if (actions) {
        *actions = reply.actions;
    }
    return err;
}

static int
flow_del(enum key_kind key)
{
    struct nl_msg *msg = request(flow_family, OVS_FLOW_CMD_DEL, 0);

    put_key(msg, OVS_FLOW_ATTR_KEY, key);
    return transact(msg, NULL);
}

/* Returns the number of flows in the datapath, or a negative errno. */
static int
flow_count(void)
{
    struct nl_msg *msg = request(flow_family, OVS_FLOW_CMD_GET, NLM_F_DUMP);
    struct reply reply;
    int err;

    err = transact(msg, &reply);
    return err ? err : reply.n_replies;
}

static int
packet_execute(enum key_kind key, const struct buf *actions)
{
    struct nl_msg *msg = request(packet_family, OVS_PACKET_CMD_EXECUTE, 0);
    uint8_t frame[64];
    size_t len = ipv4_frame(frame);

    nla_put(msg, OVS_PACKET_ATTR_PACKET, len, frame);
    put_key(msg, OVS_PACKET_ATTR_KEY, key);
    nla_put(msg, OVS_PACKET_ATTR_ACTIONS, actions->len, actions->data);
    return transact(msg, NULL);
}

/* Returns a name for 'error' (0 or a negative errno), valid until the
 * second next call. */
static const char *
errno_name(int error)
{
    static char bufs[2][32];
    static int next;
    char *buf;

    switch (error) {
    case 0: return "0";
    case -EINVAL: return "EINVAL";
    case -ERANGE: return "ERANGE";
    case -ENOENT: return "ENOENT";
    case -EEXIST: return "EEXIST";
    case -ENODEV: return "ENODEV";
    case -ENOMEM: return "ENOMEM";
    case -EMSGSIZE: return "EMSGSIZE";
    case -EOPNOTSUPP: return "EOPNOTSUPP";
    case -EPERM: return "EPERM";
    case -EIO: return "EIO";
    default:
        buf = bufs[next];
        next = !next;
        snprintf(buf, sizeof bufs[0], "errno %d", -error);
        return buf;
    }
}

/* The cases. */
enum request {
    REQ_NEW,            /* OVS_FLOW_CMD_NEW. */
    REQ_SET,            /* OVS_FLOW_CMD_SET of a flow installed with no
                         * actions: refused, it must keep them. */
    REQ_EXECUTE,        /* OVS_PACKET_CMD_EXECUTE of a UDP/IPv4 frame. */
};

struct nl_case {
    const char *name;
    enum request req;
    enum key_kind key;
    build_func *build;
    int arg;
    int expect;         /* 0 (accepted) or a negative errno. */
};

#define OK_(NAME, KEY, BUILD, ARG) \
    { NAME, REQ_NEW, KEY, BUILD, ARG, 0 }
#define BAD(NAME, KEY, BUILD, ARG) \
    { NAME, REQ_NEW, KEY, BUILD, ARG, -EINVAL }

#define M4 OVS_NAT64_MODE_4TO6
#define M6 OVS_NAT64_MODE_6TO4

/* The argument is a fixed-size struct, so the nested-attribute cases of
 * the action's first ABI (missing, repeated, unknown or flagged nested
 * attributes, nested lengths that lie) have become payload lengths. */
static const struct nl_case cases[] = {
    /* Positive controls: these must be accepted. */
    OK_("ok: 4to6 on an IPv4 key", KEY_IPV4, act_mode, M4),
    OK_("ok: 6to4 on an IPv6 key", KEY_IPV6, act_mode, M6),
    OK_("ok: 4to6 on an ARP key", KEY_ARP, act_mode, M4),
    OK_("ok: 4to6 then output", KEY_IPV4, act_list, 1),
    OK_("ok: clone(4to6, output)", KEY_IPV4, act_list, 6),
    OK_("ok: payload 24 bytes", KEY_IPV4, act_len, 24),
    OK_("ok: prefix fe80::/96", KEY_IPV4, act_good_prefix, 0),
    OK_("ok: prefix 64:ff9b::/96", KEY_IPV4, act_good_prefix, 1),
    OK_("ok: prefix 2001:db8::/32", KEY_IPV4, act_good_prefix, 2),
    OK_("ok: prefix 2001:db8:100::/40", KEY_IPV4, act_good_prefix, 3),
    OK_("ok: prefix 2001:db8:122::/48", KEY_IPV4, act_good_prefix, 4),
    OK_("ok: prefix 2001:db8:122:300::/56", KEY_IPV4, act_good_prefix, 5),
    OK_("ok: prefix 2001:db8:122:344::/64", KEY_IPV4, act_good_prefix, 6),
    OK_("ok: prefix 64:ff9b::1:0:0/96", KEY_IPV4, act_good_prefix, 7),
    OK_("ok: prefix length 32", KEY_IPV4, act_prefix_len, 32),
    OK_("ok: prefix length 40", KEY_IPV4, act_prefix_len, 40),
    OK_("ok: prefix length 48", KEY_IPV4, act_prefix_len, 48),
    OK_("ok: prefix length 56", KEY_IPV4, act_prefix_len, 56),
    OK_("ok: prefix length 64", KEY_IPV4, act_prefix_len, 64),
    OK_("ok: prefix length 96", KEY_IPV4, act_prefix_len, 96),
    OK_("ok: TTL copy", KEY_IPV4, act_ttl_mode, OVS_NAT64_TTL_COPY),
    OK_("ok: TTL decrement", KEY_IPV4, act_ttl_mode,
        OVS_NAT64_TTL_DECREMENT),
    OK_("ok: too-big, IPv4, mtu 1280", KEY_IPV4, act_too_big, 1280),
    OK_("ok: too-big, IPv4, mtu 65535", KEY_IPV4, act_too_big, 65535),
    OK_("ok: too-big, IPv6, mtu 68", KEY_IPV6, act_too_big, 68),
    OK_("ok: 4to6, lowest IPv6 mtu 1280", KEY_IPV4, act_mtu, 1280),
    OK_("ok: 4to6, lowest IPv6 mtu 65535", KEY_IPV4, act_mtu, 65535),
    OK_("ok: no actions, L3 key", KEY_L3, act_list, 0),
    OK_("ok: no actions, LLDP key", KEY_LLDP, act_list, 0),
    OK_("ok: 4to6, masked key, eth_type exact", KEY_IPV4_L2, act_mode, M4),
    OK_("ok: output, eth_type wildcarded", KEY_IPV4_ANY_TYPE, act_list, 8),
    { "ok: execute 4to6 on a UDP/IPv4 frame", REQ_EXECUTE, KEY_IPV4,
      act_mode, M4, 0 },

    /* Payload lengths other than sizeof(struct ovs_action_nat64): shorter
     * ones cut the struct short, longer ones add zeros after it. */
    BAD("payload 0 bytes (empty nat64)", KEY_IPV4, act_len, 0),
    BAD("payload 1 byte", KEY_IPV4, act_len, 1),
    BAD("payload 4 bytes", KEY_IPV4, act_len, 4),
    BAD("payload 16 bytes", KEY_IPV4, act_len, 16),
    BAD("payload 20 bytes", KEY_IPV4, act_len, 20),
    BAD("payload 23 bytes", KEY_IPV4, act_len, 23),
    BAD("payload 25 bytes", KEY_IPV4, act_len, 25),
    BAD("payload 28 bytes", KEY_IPV4, act_len, 28),
    BAD("payload 32 bytes", KEY_IPV4, act_len, 32),
    BAD("payload 40 bytes", KEY_IPV4, act_len, 40),
    BAD("first ABI: nested attributes (44 bytes)", KEY_IPV4, act_nested, 0),

    /* Lying lengths. */
    BAD("nat64 nla_len past the actions", KEY_IPV4, act_lie, 0),
    BAD("nat64 nla_len 2 (< header)", KEY_IPV4, act_lie, 1),
    BAD("nat64 nla_len 0", KEY_IPV4, act_lie, 2),

    /* Bad values. */
    BAD("mode 0", KEY_IPV4, act_mode, 0),
    BAD("mode 4", KEY_IPV4, act_mode, 4),
    BAD("mode 255", KEY_IPV4, act_mode, 255),
    BAD("prefix length 0", KEY_IPV4, act_prefix_len, 0),
    BAD("prefix length 31", KEY_IPV4, act_prefix_len, 31),
    BAD("prefix length 33", KEY_IPV4, act_prefix_len, 33),
    BAD("prefix length 72", KEY_IPV4, act_prefix_len, 72),
    BAD("prefix length 95", KEY_IPV4, act_prefix_len, 95),
    BAD("prefix length 97", KEY_IPV4, act_prefix_len, 97),
    BAD("prefix length 128", KEY_IPV4, act_prefix_len, 128),
    BAD("prefix length 255", KEY_IPV4, act_prefix_len, 255),
    BAD("prefix fe80::1/96 (bit past /96)", KEY_IPV4, act_bad_prefix, 0),
    BAD("prefix 2001:db8:1::/32 (past /32)", KEY_IPV4, act_bad_prefix, 1),
    BAD("prefix ...:344:ff00::/64 (u-octet)", KEY_IPV4, act_bad_prefix, 2),
    BAD("prefix ...:300:0:1::/56 (past /56)", KEY_IPV4, act_bad_prefix, 3),
    BAD("TTL mode 2", KEY_IPV4, act_ttl_mode, 2),
    BAD("TTL mode 255", KEY_IPV4, act_ttl_mode, 255),
    BAD("flags 0x01", KEY_IPV4, act_flags, 0x01),
    BAD("flags 0x80", KEY_IPV4, act_flags, 0x80),
    BAD("4to6 with mtu 1279", KEY_IPV4, act_mtu, 1279),
    BAD("4to6 with mtu 1", KEY_IPV4, act_mtu, 1),
    BAD("6to4 with mtu 1280", KEY_IPV6, act_6to4_mtu, 1280),

    /* Mode too-big: IPv4 (the other side IPv6, mtu >= 1280) or IPv6
     * (mtu >= 68). */
    BAD("too-big, IPv4, mtu 1279", KEY_IPV4, act_too_big, 1279),
    BAD("too-big, IPv4, mtu 0", KEY_IPV4, act_too_big, 0),
    BAD("too-big, IPv6, mtu 67", KEY_IPV6, act_too_big, 67),
    BAD("too-big on an ARP key", KEY_ARP, act_too_big, 1400),
    BAD("too-big on an LLDP key", KEY_LLDP, act_too_big, 1400),
    BAD("too-big on an L3 key", KEY_L3, act_too_big, 1400),
    BAD("too-big, eth_type wildcarded", KEY_IPV4_ANY_TYPE, act_too_big,
        1400),
    BAD("reserved 0x0001", KEY_IPV4, act_reserved, 0x0001),
    BAD("reserved 0x8000", KEY_IPV4, act_reserved, 0x8000),

    /* The mode against the flow's eth_type. */
    BAD("4to6 on an IPv6 key", KEY_IPV6, act_mode, M4),
    BAD("6to4 on an IPv4 key", KEY_IPV4, act_mode, M6),
    BAD("6to4 on an ARP key", KEY_ARP, act_mode, M6),
    BAD("4to6 on an LLDP key", KEY_LLDP, act_mode, M4),
    BAD("6to4 on an LLDP key", KEY_LLDP, act_mode, M6),
    BAD("4to6 on an L3 (no Ethernet) key", KEY_L3, act_mode, M4),
    BAD("4to6 with eth_type wildcarded", KEY_IPV4_ANY_TYPE, act_mode, M4),
    BAD("4to6, output: eth_type wildcarded", KEY_IPV4_ANY_TYPE, act_list,
        1),

    /* In an action list. */
    BAD("nat64 4to6 twice", KEY_IPV4, act_list, 2),
    BAD("nat64 4to6 then 6to4", KEY_IPV4, act_list, 3),
    BAD("nat64 then set(ipv4)", KEY_IPV4, act_list, 4),
    BAD("clone(empty nat64)", KEY_IPV4, act_list, 5),
    BAD("clone(6to4) on an IPv4 key", KEY_IPV4, act_list, 7),

    /* Other requests that validate actions. */
    { "set: empty nat64", REQ_SET, KEY_IPV4, act_len, 0, -EINVAL },
    { "set: payload 23 bytes", REQ_SET, KEY_IPV4, act_len, 23, -EINVAL },
    { "set: 6to4 on an IPv4 key", REQ_SET, KEY_IPV4, act_mode, M6,
      -EINVAL },
    { "execute: empty nat64", REQ_EXECUTE, KEY_IPV4, act_len, 0, -EINVAL },
    { "execute: prefix length 33", REQ_EXECUTE, KEY_IPV4, act_prefix_len,
      33, -EINVAL },
    { "execute: 6to4 on an IPv4 frame", REQ_EXECUTE, KEY_IPV4, act_mode, M6,
      -EINVAL },
};

/* The total of /proc/net/ovs_nat64_drops, or -1. */
static long long
nat64_drops(void)
{
    long long total = -1;
    FILE *f = fopen("/proc/net/ovs_nat64_drops", "r");

    if (f) {
        if (fscanf(f, "nat64 drops: %lld", &total) != 1) {
            total = -1;
        }
        fclose(f);
    }
    return total;
}

/* Runs 'c'.  Returns true if it went as expected; 'note' says more. */
static bool
run_case(const struct nl_case *c, int *got, char *note, size_t note_size)
{
    struct buf actions, none, dumped;
    int err, actions_len;

    memset(&actions, 0, sizeof actions);
    memset(&none, 0, sizeof none);
    c->build(&actions, c->arg);
    note[0] = '\0';
    *got = -EIO;

    switch (c->req) {
    case REQ_EXECUTE: {
        /* A packet the translator refuses is dropped quietly (the request
         * still succeeds): an accepted execute must leave the drop
         * counters as they were. */
        long long drops = nat64_drops();

        if (drops < 0) {
            snprintf(note, note_size, "no /proc/net/ovs_nat64_drops");
            return false;
        }
        *got = packet_execute(c->key, &actions);
        if (!*got && nat64_drops() != drops) {
            snprintf(note, note_size, "executed, but the translator "
                     "dropped the packet (/proc/net/ovs_nat64_drops)");
            return false;
        }
        return *got == c->expect;
    }

    case REQ_SET:
        err = flow_new(c->key, &none);
        if (err) {
            snprintf(note, note_size, "installing the flow: %s",
                     errno_name(err));
            *got = err;
            return false;
        }
        *got = flow_set(c->key, &actions);
        err = flow_get(c->key, &actions_len, NULL);
        if (err) {
            snprintf(note, note_size, "flow gone after set: %s",
                     errno_name(err));
            return false;
        }
        flow_del(c->key);
        if (*got == c->expect && c->expect && actions_len != 0) {
            snprintf(note, note_size, "refused, but the actions changed "
                     "(%d bytes)", actions_len);
            return false;
        }
        return *got == c->expect;

    case REQ_NEW:
        *got = flow_new(c->key, &actions);
        err = flow_get(c->key, &actions_len, &dumped);
        if (!*got) {
            /* Installed: it must be there, with the very actions sent,
             * then it goes. */
            if (err) {
                snprintf(note, note_size, "accepted, but get: %s",
                         errno_name(err));
                return false;
            }
            if ((size_t) actions_len != actions.len
                || memcmp(dumped.data, actions.data, actions.len)) {
                snprintf(note, note_size, "accepted, but the dump returns "
                         "other actions (%d bytes, %zu sent)", actions_len,
                         actions.len);
                flow_del(c->key);
                return false;
            }
            err = flow_del(c->key);
            if (err) {
                snprintf(note, note_size, "delete: %s", errno_name(err));
                return false;
            }
            if (c->expect) {
                snprintf(note, note_size, "accepted (flow deleted)");
            }
        } else if (err != -ENOENT) {
            snprintf(note, note_size, "refused, but get: %s",
                     errno_name(err));
            if (!err) {
                flow_del(c->key);
            }
            return false;
        }
        return *got == c->expect;
    }
    return false;
}

static void
usage(void)
{
    printf("\
Usage: %s [--help]\n\
Sends nat64 datapath actions, well-formed (which must be accepted) and\n\
malformed (which must be refused with EINVAL and install no flow), to the\n\
kernel's Open vSwitch datapath over generic netlink, on a datapath of its\n\
own named \"%s\" that it deletes again.  Prints one line per case.\n\
Exit status: 0 if every case went as expected, 1 if not, 77 if the kernel\n\
has no Open vSwitch datapath (openvswitch.ko not loaded).\n",
           program_name, DP_NAME);
}

int
main(int argc, char *argv[])
{
    struct sigaction sa;
    int n_failed = 0, n_run = 0, n_good = 0, n_bad = 0;
    size_t i;
    int err;

    if (argc > 1) {
        if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
            usage();
            return 0;
        }
        fprintf(stderr, "%s: unknown argument '%s'\n", program_name,
                argv[1]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    sock = nl_socket_alloc();
    if (!sock || genl_connect(sock) < 0) {
        fprintf(stderr, "%s: cannot open a generic netlink socket\n",
                program_name);
        return EXIT_FAILURE;
    }
    dp_family = genl_ctrl_resolve(sock, OVS_DATAPATH_FAMILY);
    flow_family = genl_ctrl_resolve(sock, OVS_FLOW_FAMILY);
    packet_family = genl_ctrl_resolve(sock, OVS_PACKET_FAMILY);
    if (dp_family < 0 || flow_family < 0 || packet_family < 0) {
        printf("%s: SKIP: no generic netlink families %s, %s, %s "
               "(openvswitch.ko not loaded)\n", program_name,
               OVS_DATAPATH_FAMILY, OVS_FLOW_FAMILY, OVS_PACKET_FAMILY);
        cleanup();
        return 77;
    }

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    err = dp_create();
    if (err == -EEXIST) {
        /* Left over by an earlier run that was killed. */
        printf("%s: datapath %s exists: deleting it first\n", program_name,
               DP_NAME);
        dp_delete();
        err = dp_create();
    }
    if (err) {
        fprintf(stderr, "%s: creating datapath %s: %s\n", program_name,
                DP_NAME, errno_name(err));
        cleanup();
        return EXIT_FAILURE;
    }
    dp_created = true;
    dp_ifindex = if_nametoindex(DP_NAME);
    if (!dp_ifindex) {
        fprintf(stderr, "%s: no interface %s after creating the datapath\n",
                program_name, DP_NAME);
        cleanup();
        return EXIT_FAILURE;
    }
    printf("%s: datapath %s (ifindex %d); families %s %d, %s %d, %s %d\n",
           program_name, DP_NAME, dp_ifindex, OVS_DATAPATH_FAMILY,
           dp_family, OVS_FLOW_FAMILY, flow_family, OVS_PACKET_FAMILY,
           packet_family);
    printf("%-46s %-7s %-8s %-8s %s\n", "case", "key", "expected", "got",
           "result");

    for (i = 0; i < sizeof cases / sizeof cases[0] && !interrupted; i++) {
        const struct nl_case *c = &cases[i];
        char note[96];
        bool ok;
        int got;

        ok = run_case(c, &got, note, sizeof note);
        n_run++;
        if (!ok) {
            n_failed++;
        } else if (c->expect) {
            n_bad++;
        } else {
            n_good++;
        }
        printf("%-46s %-7s %-8s %-8s %s%s%s\n", c->name, key_names[c->key],
               errno_name(c->expect), errno_name(got), ok ? "ok" : "FAIL",
               note[0] ? ": " : "", note);
    }

    err = flow_count();
    if (err) {
        printf("%s: FAIL: %d flow(s) left in the datapath (%s)\n",
               program_name, err, err < 0 ? errno_name(err) : "dump");
        n_failed++;
    } else {
        printf("%s: flow dump: the datapath is empty\n", program_name);
    }

    cleanup();
    if (interrupted) {
        printf("%s: interrupted after %d cases\n", program_name, n_run);
        return EXIT_FAILURE;
    }
    printf("%s: %d cases: %d accepted as expected, %d refused as expected, "
           "%d failed\n", program_name, n_run, n_good, n_bad, n_failed);
    return n_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
