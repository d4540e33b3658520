/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copyright (c) 2026 The ovs-nat64 authors.
 */

#ifndef OVS_NAT64_SKB_H
#define OVS_NAT64_SKB_H 1

#include <linux/netlink.h>
#include <linux/skbuff.h>

#include "nat64.h"

struct net;
struct sw_flow_key;

/* The headroom the datapath asks its ports' senders for
 * (netdev_set_rx_headroom(), as it does for a tunnel's headers): what nat64
 * 4to6 adds to the common packet.  Frames of a UDP socket over a veth have
 * 2 bytes of headroom otherwise, and each would be copied into a new head
 * to be translated.
 */
#define OVS_NAT64_RX_HEADROOM NAT64_COMMON_GROWTH_4TO6

/* A nat64 action as a flow's actions keep it (ovs_nat64_prepare()): the
 * argument as userspace gave it, for dumps, and the translation core's
 * config, worked out once when the flow is installed.
 */
struct ovs_nat64_action {
	struct ovs_action_nat64 arg;
	struct nat64_config config;
};

/* The nat64 action on an skb: the ovs-nat64 translation core (lib/) with
 * the kernel's own helpers for headroom, GSO and checksum offload.
 */
int ovs_nat64_validate(const struct nlattr *attr, __be16 eth_type,
		       bool log);
void ovs_nat64_prepare(const struct nlattr *attr,
		       struct ovs_nat64_action *action);
int ovs_nat64_execute(struct net *net, struct sk_buff *skb,
		      struct sw_flow_key *key, const struct nlattr *attr,
		      struct nat64_cut *cut);
struct sk_buff *ovs_nat64_fragment(struct net *net, struct sk_buff *skb,
				   const struct nat64_cut *cut,
				   unsigned int i);

int ovs_nat64_init(void);
void ovs_nat64_exit(void);

#endif /* nat64_skb.h */
