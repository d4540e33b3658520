// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (c) 2026 The ovs-nat64 authors.
 *
 * The nat64 datapath action: stateless IPv4/IPv6 translation (RFC 7915) of
 * an skb by the ovs-nat64 translation core, which rewrites the headers in
 * place in front of the untouched payload.  Headroom and GSO are handled as
 * bpf_skb_change_proto() in net/core/filter.c does.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/version.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
/* skb_gso_validate_network_len() left skbuff.h for gso.h in 6.5. */
#include <net/gso.h>
#endif

#include "conntrack.h"
#include "datapath.h"
#include "flow.h"
#include "nat64.h"
#include "nat64_skb.h"

/* Bytes made linear and writable before a first try: the headers of all
 * but ICMP errors with options or extension headers, which ask for more.
 * When the headers are already in the linear part (a local socket's TCP
 * packets, GSO or segmented, have them there and the payload in pages), no
 * payload is pulled: NAT64_MIN_PULL is an IPv6 header, or an IPv4 header
 * and a TCP header without options, and the core asks for more
 * (NAT64_NOT_LINEAR) where its headers go further.
 */
#define NAT64_PULL 128
#define NAT64_MIN_PULL 40

/* Packets dropped by the action, by reason, per network namespace: the
 * namespace's /proc/net/ovs_nat64_drops shows the drops of its datapaths,
 * where the ovs-vswitchd that runs in it looks for them.
 */
struct nat64_net {
	u64 __percpu *drops;	/* NAT64_N_DROP_REASONS counters per CPU. */
};

static unsigned int nat64_net_id __read_mostly;

/* Checks the argument of a nat64 action, whose length flow_netlink.c has
 * checked, for a flow whose key has 'eth_type'.  Returns 0 or -EINVAL,
 * with the reason logged.
 */
int ovs_nat64_validate(const struct nlattr *attr, __be16 eth_type, bool log)
{
	const struct ovs_action_nat64 *arg = nla_data(attr);
	struct nat64_prefix prefix;

	if (arg->mode != OVS_NAT64_MODE_4TO6 &&
	    arg->mode != OVS_NAT64_MODE_6TO4 &&
	    arg->mode != OVS_NAT64_MODE_TOO_BIG) {
		OVS_NLERR(log, "nat64: unknown mode %u", arg->mode);
		return -EINVAL;
	}
	if (arg->ttl_mode != OVS_NAT64_TTL_COPY &&
	    arg->ttl_mode != OVS_NAT64_TTL_DECREMENT) {
		OVS_NLERR(log, "nat64: unknown TTL mode %u", arg->ttl_mode);
		return -EINVAL;
	}
	if (arg->flags || arg->reserved ||
	    (arg->mode == OVS_NAT64_MODE_6TO4 && arg->mtu)) {
		OVS_NLERR(log, "nat64: flags %#x, mtu %u, reserved %#x: must be 0",
			  arg->flags, arg->mtu, arg->reserved);
		return -EINVAL;
	}
	/* 4to6: the lowest IPv6 MTU, 0 for IPv6's minimum. */
	if (arg->mode == OVS_NAT64_MODE_4TO6 && arg->mtu &&
	    arg->mtu < IPV6_MIN_MTU) {
		OVS_NLERR(log, "nat64: 4to6: mtu %u is below IPv6's minimum",
			  arg->mtu);
		return -EINVAL;
	}
	memcpy(prefix.addr, arg->prefix, sizeof(prefix.addr));
	prefix.len = arg->prefix_len;
	if (!nat64_prefix_len_valid(prefix.len)) {
		OVS_NLERR(log, "nat64: prefix length %u is not 32, 40, 48, 56, 64 or 96",
			  prefix.len);
		return -EINVAL;
	}
	if (!nat64_prefix_valid(&prefix)) {
		OVS_NLERR(log, "nat64: prefix has bits set past its length or in the u-octet");
		return -EINVAL;
	}

	if (arg->mode == OVS_NAT64_MODE_TOO_BIG) {
		if (eth_type != htons(ETH_P_IP) &&
		    eth_type != htons(ETH_P_IPV6)) {
			OVS_NLERR(log, "nat64: too-big: eth_type %#06x is not IP",
				  ntohs(eth_type));
			return -EINVAL;
		}
		/* The other side's smallest MTU: IPv6's for IPv4 packets. */
		if (arg->mtu < (eth_type == htons(ETH_P_IP) ?
				IPV6_MIN_MTU : NAT64_IPV4_MIN_MTU)) {
			OVS_NLERR(log, "nat64: too-big: mtu %u is too small for eth_type %#06x",
				  arg->mtu, ntohs(eth_type));
			return -EINVAL;
		}
		return 0;
	}
	if (arg->mode == OVS_NAT64_MODE_4TO6 ?
	    eth_type != htons(ETH_P_IP) && eth_type != htons(ETH_P_ARP) :
	    eth_type != htons(ETH_P_IPV6)) {
		OVS_NLERR(log, "nat64: cannot translate eth_type %#06x with mode %u",
			  ntohs(eth_type), arg->mode);
		return -EINVAL;
	}
	return 0;
}

/* Keeps the argument 'attr', which ovs_nat64_validate() accepted, with the
 * translation core's config for it, prepared.
 */
void ovs_nat64_prepare(const struct nlattr *attr,
		       struct ovs_nat64_action *action)
{
	const struct ovs_action_nat64 *arg = nla_data(attr);
	struct nat64_config *config = &action->config;

	memset(action, 0, sizeof(*action));
	action->arg = *arg;
	memcpy(config->prefix.addr, arg->prefix, sizeof(config->prefix.addr));
	config->prefix.len = arg->prefix_len;
	config->ttl_mode = arg->ttl_mode == OVS_NAT64_TTL_DECREMENT ?
			   NAT64_TTL_DECREMENT : NAT64_TTL_COPY;
	config->ipv6_mtu = arg->mode == OVS_NAT64_MODE_4TO6 && arg->mtu ?
			   arg->mtu : IPV6_MIN_MTU;
	nat64_config_prepare(config);
}

static void nat64_count_drop(struct net *net, enum nat64_drop_reason reason)
{
	struct nat64_net *nn = net_generic(net, nat64_net_id);

	this_cpu_inc(nn->drops[reason]);
}

/* The GSO types whose segments stay right when only the outer headers
 * change: TCP (TCPV4 and TCPV6 swap) and UDP_L4, which is both families.
 * The rest (fraglist, whose members keep their own untranslated headers;
 * tunnels; SCTP; ESP; partial GSO) is dropped and counted.
 */
#define NAT64_GSO_TYPES (SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_UDP_L4 | \
			 SKB_GSO_DODGY | SKB_GSO_TCP_ECN | SKB_GSO_TCP_FIXEDID)

/* IPv4 and IPv6 without jumbograms carry at most this many bytes from
 * the IPv4 header on; BIG TCP GSO packets (IPv4 tot_len 0, IPv6 with a
 * jumbo payload option) are larger.
 */
#define NAT64_MAX_L3_LEN 65535

/* Why the core cannot translate 'skb' as it is: offloads it does not
 * know.  Returns NAT64_OK when it can.
 */
static enum nat64_drop_reason nat64_offload_check(const struct sk_buff *skb,
						  unsigned int l2_len)
{
	if (!skb_is_gso(skb))
		return NAT64_OK;
	if (skb->encapsulation)
		return NAT64_ENCAP_OFFLOAD;
	if (skb_shinfo(skb)->gso_type & ~NAT64_GSO_TYPES)
		return NAT64_GSO_UNSUPPORTED;
	if (skb->len - l2_len > NAT64_MAX_L3_LEN)
		return NAT64_GSO_TOO_BIG;
	return NAT64_OK;
}

/* How much longer an IPv6 header is than an IPv4 one without options. */
#define NAT64_HDR_GROWTH (sizeof(struct ipv6hdr) - sizeof(struct iphdr))

/* Whether the segments of the GSO packet 'skb' of L3 protocol 'eth_type'
 * fit, translated, a side whose MTU is 'mtu'.
 */
static bool nat64_gso_fits(const struct sk_buff *skb, __be16 eth_type,
			   unsigned int mtu)
{
	return skb_gso_validate_network_len(skb, eth_type == htons(ETH_P_IP) ?
					    mtu - NAT64_HDR_GROWTH :
					    mtu + NAT64_HDR_GROWTH);
}

/* Whether the core can update the seed of a CHECKSUM_PARTIAL packet: the
 * TCP or UDP checksum of an unfragmented packet, where the stack puts it.
 * Reads the L3 header, which must be linear.
 */
static bool nat64_csum_seed_ok(struct sk_buff *skb, unsigned int l2_len)
{
	const u8 *nh = skb->data + l2_len;
	__be16 frag_off = 0;
	int l4_ofs;
	u8 proto;

	if (skb_headlen(skb) < l2_len + sizeof(struct iphdr))
		return false;
	switch (nh[0] >> 4) {
	case 4:
		l4_ofs = l2_len + (nh[0] & 0xf) * 4;
		proto = nh[9];
		break;
	case 6:
		if (skb_headlen(skb) < l2_len + sizeof(struct ipv6hdr))
			return false;
		proto = nh[6];
		l4_ofs = ipv6_skip_exthdr(skb, l2_len + sizeof(struct ipv6hdr),
					  &proto, &frag_off);
		if (l4_ofs < 0 || frag_off)
			return false;
		break;
	default:
		return false;
	}
	if (skb_checksum_start_offset(skb) != l4_ofs)
		return false;
	return (proto == IPPROTO_TCP &&
		skb->csum_offset == offsetof(struct tcphdr, check)) ||
	       (proto == IPPROTO_UDP &&
		skb->csum_offset == offsetof(struct udphdr, check));
}

/* Makes a CHECKSUM_PARTIAL 'skb' one whose seed the core can update, by
 * completing the checksum in software if need be.  Returns NAT64_OK or a
 * drop reason.
 */
static enum nat64_drop_reason nat64_csum_prepare(struct sk_buff *skb,
						 unsigned int l2_len)
{
	unsigned int start = skb_checksum_start_offset(skb);

	if (nat64_csum_seed_ok(skb, l2_len))
		return NAT64_OK;
	/* skb_checksum_help() warns about offsets outside the head. */
	if (skb_is_gso(skb) || start < l2_len ||
	    start + skb->csum_offset + sizeof(__sum16) > skb_headlen(skb))
		return NAT64_CSUM_OFFLOAD_BAD;
	if (skb_checksum_help(skb))
		return NAT64_CSUM_OFFLOAD_BAD;
	return NAT64_OK;
}

/* GSO packets stay whole: only their type follows the new L3 protocol,
 * marked for the stack to check, as bpf_skb_change_proto() does.  gso_size,
 * the payload per segment, is kept.  IPv6 has no fixed IDs.
 */
static void nat64_fix_gso(struct sk_buff *skb, bool to6)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (!skb_is_gso(skb))
		return;
	if (to6 && (shinfo->gso_type & SKB_GSO_TCPV4)) {
		shinfo->gso_type &= ~(SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID);
		shinfo->gso_type |= SKB_GSO_TCPV6;
	} else if (!to6 && (shinfo->gso_type & SKB_GSO_TCPV6)) {
		shinfo->gso_type &= ~SKB_GSO_TCPV6;
		shinfo->gso_type |= SKB_GSO_TCPV4;
	}
	shinfo->gso_type |= SKB_GSO_DODGY;
	shinfo->gso_segs = 0;
}

/* Makes 'skb', translated into an IPv6 packet longer than 'mtu' that must
 * leave as fragments (RFC 7915 4.1), ready to be cut: plans the fragments
 * into 'cut' and completes a partial checksum, which fragments cannot
 * offload.  Returns NAT64_OK or a drop reason.
 */
static enum nat64_drop_reason nat64_cut_prepare(struct sk_buff *skb,
						struct nat64_packet *pkt,
						unsigned int mtu,
						struct nat64_cut *cut)
{
	enum nat64_drop_reason reason;

	reason = nat64_cut_plan(pkt, mtu, cut);
	if (reason != NAT64_OK)
		return reason;
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return NAT64_CSUM_OFFLOAD_BAD;
	return NAT64_OK;
}

/* Fragment 'i' of 'skb', which ovs_nat64_execute() translated and planned
 * to cut as 'cut': a new skb with the headers nat64_cut_header() writes,
 * its share of the data and the metadata of 'skb' (OVS_CB, tunnel dst and
 * VLAN tag included), as ip6_fragment() makes them.  Returns NULL, counted
 * as cut_failed in 'net', when out of memory.
 */
struct sk_buff *ovs_nat64_fragment(struct net *net, struct sk_buff *skb,
				   const struct nat64_cut *cut, unsigned int i)
{
	unsigned int len = nat64_cut_len(cut, i);
	unsigned int hroom = skb_headroom(skb);
	struct sk_buff *frag;

	frag = alloc_skb(hroom + cut->hdr_len + len, GFP_ATOMIC);
	if (!frag)
		goto fail;
	skb_reserve(frag, hroom);
	skb_copy_header(frag, skb);
	__skb_put(frag, cut->hdr_len + len);
	nat64_cut_header(cut, skb->data, i, frag->data);
	if (skb_copy_bits(skb, cut->hdr_len + i * cut->frag_len,
			  frag->data + cut->hdr_len, len)) {
		kfree_skb(frag);
		goto fail;
	}
	skb_reset_mac_header(frag);
	skb_set_network_header(frag, skb_network_offset(skb));
	skb_set_transport_header(frag, cut->hdr_len);
	frag->ip_summed = CHECKSUM_NONE;
	return frag;

fail:
	nat64_count_drop(net, NAT64_CUT_FAILED);
	return NULL;
}

/* Translates 'skb', whose data starts at its Ethernet header, as the nat64
 * action 'attr' (a struct ovs_nat64_action) says.  Returns 0 if it did, 1
 * if the packet must be dropped (counted by reason in 'net', the
 * datapath's namespace), or a negative errno.  A packet that must leave
 * as IPv6 fragments gets 'cut->n_frags' above 0: the caller sends
 * ovs_nat64_fragment()'s instead of it.
 */
int ovs_nat64_execute(struct net *net, struct sk_buff *skb,
		      struct sw_flow_key *key, const struct nlattr *attr,
		      struct nat64_cut *cut)
{
	unsigned int l2_len = skb_network_offset(skb);
	bool refragment = OVS_CB(skb)->mru != 0;
	enum nat64_drop_reason reason;
	const struct ovs_nat64_action *action = nla_data(attr);
	const struct nat64_config *config = &action->config;
	u16 mtu = action->arg.mtu;
	struct nat64_config uncut;
	struct nat64_packet pkt;
	unsigned int pull;
	__be16 proto;
	bool too_big;
	bool to6;
	int err;

	to6 = action->arg.mode == OVS_NAT64_MODE_4TO6;
	too_big = action->arg.mode == OVS_NAT64_MODE_TOO_BIG;
	cut->n_frags = 0;
	/* A GSO packet is not cut: its segments go on the wire. */
	if (skb_is_gso(skb)) {
		uncut = *config;
		uncut.ipv6_mtu = U16_MAX;
		config = &uncut;
	}
	if (ovs_key_mac_proto(key) != MAC_PROTO_ETHERNET) {
		reason = NAT64_WRONG_L3;
		goto drop;
	}
	reason = nat64_offload_check(skb, l2_len);
	if (reason != NAT64_OK)
		goto drop;
	if (too_big && skb_is_gso(skb) &&
	    nat64_gso_fits(skb, key->eth.type, mtu)) {
		reason = NAT64_NOT_TOO_BIG;
		goto drop;
	}

	/* Room for what the common packet grows by, and no more: the
	 * ports' senders leave that much (OVS_NAT64_RX_HEADROOM), and
	 * asking for NAT64_MAX_GROWTH would copy every frame of a UDP socket
	 * into a new head, IPv6 to IPv4 too.  The packets that grow more ask
	 * for it (NAT64_NO_HEADROOM, below).
	 */
	err = skb_cow_head(skb, too_big ? NAT64_MAX_GROWTH :
			   to6 ? NAT64_COMMON_GROWTH_4TO6 : 0);
	if (unlikely(err))
		return err;

	pull = min(skb->len, l2_len + NAT64_PULL);
	if (skb_headlen(skb) < pull)
		pull = max(skb_headlen(skb),
			   min(skb->len, l2_len + NAT64_MIN_PULL));
	if (!pskb_may_pull(skb, pull))
		return -ENOMEM;
	/* An error quotes the packet as it is: no seed to keep right. */
	if (skb->ip_summed == CHECKSUM_PARTIAL && !too_big) {
		reason = nat64_csum_prepare(skb, l2_len);
		if (reason != NAT64_OK)
			goto drop;
	}
	for (;;) {
		if (!pskb_may_pull(skb, pull))
			return -ENOMEM;
		err = skb_ensure_writable(skb, pull);
		if (unlikely(err))
			return err;

		memset(&pkt, 0, sizeof(pkt));
		pkt.data = skb->data;
		pkt.len = skb->len;
		pkt.linear = pull;
		pkt.headroom = skb_headroom(skb);
		pkt.l2_len = l2_len;
		if (too_big) {
			reason = nat64_too_big(mtu, &pkt);
		} else {
			if (skb->ip_summed == CHECKSUM_PARTIAL)
				pkt.flags |= NAT64_PKT_L4_CSUM_PARTIAL;
			if (!to6 && refragment)
				pkt.flags |= NAT64_PKT_REFRAGMENT;
			if (!to6 && nat64_6to4_needs_ipv4_id(&pkt))
				pkt.ipv4_id = get_random_u16();
			reason = to6 ? nat64_4to6(config, &pkt) :
				       nat64_6to4(config, &pkt);
		}
		if (reason == NAT64_NOT_LINEAR && pull < pkt.need) {
			pull = pkt.need;
			continue;
		}
		/* An ICMP error, a fragment or Neighbor Discovery that
		 * grows more than the room made above.
		 */
		if (reason == NAT64_NO_HEADROOM &&
		    pkt.need > skb_headroom(skb)) {
			err = skb_cow_head(skb, pkt.need);
			if (unlikely(err))
				return err;
			continue;
		}
		break;
	}
	if (reason != NAT64_OK)
		goto drop;

	/* The frame now starts at pkt.data, within the same head. */
	if (pkt.data < skb->data)
		__skb_push(skb, skb->data - pkt.data);
	else
		__skb_pull(skb, pkt.data - skb->data);
	if (skb->len > pkt.len) {
		err = pskb_trim(skb, pkt.len);
		if (unlikely(err))
			return err;
	}
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, l2_len);
	/* ARP has no transport header: point it at the network header, as
	 * the receive path does.
	 */
	skb_set_transport_header(skb, pkt.l4_ofs ? pkt.l4_ofs : l2_len);

	proto = *(__be16 *)(skb->data + l2_len - 2);
	if (l2_len == ETH_HLEN)
		skb->protocol = proto;
	if (too_big) {
		/* A new packet with its checksums done: nothing of the
		 * offloads of the one it quotes applies.
		 */
		skb->ip_summed = CHECKSUM_NONE;
		skb_gso_reset(skb);
	} else {
		if (skb->ip_summed == CHECKSUM_COMPLETE)
			skb->ip_summed = CHECKSUM_NONE;
		nat64_fix_gso(skb, to6);
	}
	skb_clear_hash(skb);
	if (pkt.cut) {
		reason = nat64_cut_prepare(skb, &pkt, config->ipv6_mtu, cut);
		if (reason != NAT64_OK)
			goto drop;
	}

	key->eth.type = proto;
	ovs_ct_clear(skb, key);
	return 0;

drop:
	nat64_count_drop(net, reason);
	return 1;
}

static int nat64_drops_show(struct seq_file *m, void *v)
{
	struct nat64_net *nn = net_generic(seq_file_single_net(m),
					   nat64_net_id);
	u64 total = 0, counts[NAT64_N_DROP_REASONS] = { 0 };
	int cpu, i;

	for_each_possible_cpu(cpu) {
		const u64 *drops = per_cpu_ptr(nn->drops, cpu);

		for (i = 0; i < NAT64_N_DROP_REASONS; i++)
			counts[i] += drops[i];
	}
	for (i = 0; i < NAT64_N_DROP_REASONS; i++)
		total += counts[i];
	seq_printf(m, "nat64 drops: %llu\n", total);
	for (i = 0; i < NAT64_N_DROP_REASONS; i++) {
		if (counts[i])
			seq_printf(m, "  %s: %llu\n",
				   nat64_drop_reason_name(i), counts[i]);
	}
	return 0;
}

static int __net_init nat64_net_init(struct net *net)
{
	struct nat64_net *nn = net_generic(net, nat64_net_id);

	nn->drops = __alloc_percpu(sizeof(u64) * NAT64_N_DROP_REASONS,
				   __alignof__(u64));
	if (!nn->drops)
		return -ENOMEM;
	if (IS_ENABLED(CONFIG_PROC_FS) &&
	    !proc_create_net_single("ovs_nat64_drops", 0444, net->proc_net,
				    nat64_drops_show, NULL)) {
		free_percpu(nn->drops);
		return -ENOMEM;
	}
	return 0;
}

static void __net_exit nat64_net_exit(struct net *net)
{
	struct nat64_net *nn = net_generic(net, nat64_net_id);

	remove_proc_entry("ovs_nat64_drops", net->proc_net);
	free_percpu(nn->drops);
}

static struct pernet_operations nat64_net_ops = {
	.init = nat64_net_init,
	.exit = nat64_net_exit,
	.id = &nat64_net_id,
	.size = sizeof(struct nat64_net),
};

int ovs_nat64_init(void)
{
	return register_pernet_subsys(&nat64_net_ops);
}

void ovs_nat64_exit(void)
{
	unregister_pernet_subsys(&nat64_net_ops);
}
