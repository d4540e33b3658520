# Copyright (c) 2026 The ovs-nat64 authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.


"""The recipe and its refusals (ovs_nat64_tenant.recipe, .flows), with no
Open vSwitch: the flows a tenant gets, what the tool records, the input it
refuses and how it says so."""

import argparse

import pytest

from ovs_nat64_tenant.errors import UsageError
from ovs_nat64_tenant.flows import Flow, describe_expected
from ovs_nat64_tenant.recipe import (
    LL_PREFIX, Spec, cookie_of, parse_key, parse_mtu, parse_prefix,
    parse_priority, parse_remote_ip, spec_from_options)


def spec(**kw):
    args = dict(bridge="br0", tenant="t1", remote_ip="10.99.0.2", key=10,
                gre_port="gre1", v4_port="vnet0", v6_port="vnet1")
    args.update(kw)
    return Spec(**args)


def options(**kw):
    args = dict(remote_ip="10.99.0.2", key="10", v4_port="vnet0",
                v6_port="vnet1", gre_port=None, prefix=None, priority=None,
                port_type=None, mtu=None)
    args.update(kw)
    return argparse.Namespace(**args)


def refused(fn, *args, match):
    with pytest.raises(UsageError, match=match):
        fn(*args)


# The recipe.

def test_five_flows():
    assert spec().flow_mods(1, 2, 3) == [
        "cookie=0x6e3634000000000a,priority=100,in_port=%s,actions=%s" % x
        for x in (("1,ip", "nat64:4toll6,output:2"),
                  ("1,arp", "nat64:4toll6,output:2"),
                  ("2,ipv6", "nat64:ll6to4,output:1"),
                  ("1,ipv6", "output:3"),
                  ("3,ipv6", "output:1"))]
    assert spec().n_flows == 5


def test_prefix_and_priority():
    mods = spec(prefix="2001:db8:64::/96", priority=200).flow_mods(1, 2, 3)
    assert mods[0] == ("cookie=0x6e3634000000000a,priority=200,in_port=1,ip,"
                       "actions=nat64(mode=4to6,prefix=2001:db8:64::/96),"
                       "output:2")
    assert "nat64(mode=6to4,prefix=2001:db8:64::/96)" in mods[2]


def test_mtu_flows():
    """--mtu 1400: four IPv4 flows; whole packets longer than 14 + 1380
    bytes go to the too-big mode, fragments skip the check."""
    s = spec(mtu=1400)
    assert s.n_flows == 8
    assert s.flows(1, 2, 3)[:4] == [
        ("ip,nw_frag=no,reg0=0/0x2", 1,
         "load:0x1->NXM_NX_REG0[1],check_pkt_larger(1394)->NXM_NX_REG0[0],"
         "resubmit(,0)"),
        ("ip,nw_frag=no,reg0=0x2/0x3", 1,
         "nat64(mode=4to6,mtu=1400),output:2"),
        ("ip,nw_frag=no,reg0=0x3/0x3", 1,
         "nat64(mode=too-big,mtu=1400),IN_PORT"),
        ("ip,nw_frag=yes", 1, "nat64(mode=4to6,mtu=1400),output:2")]
    other = spec(mtu=9000, prefix="2001:db8:64::/96").flows(1, 2, 3)
    assert other[0][2].startswith("load:0x1->NXM_NX_REG0[1],"
                                  "check_pkt_larger(8994)")
    assert other[1][2] == ("nat64(mode=4to6,prefix=2001:db8:64::/96,"
                           "mtu=9000),output:2")


def test_cookie():
    assert cookie_of(10) == 0x6e3634000000000a
    assert spec(key=0xffffffff).cookie == 0x6e363400ffffffff


def test_tags():
    gre = spec().tags("gre", True)
    assert gre["ovs-nat64-created"] == "true"
    assert gre["ovs-nat64-prefix"] == LL_PREFIX
    assert "ovs-nat64-mtu" not in gre
    assert spec(mtu=1400).tags("gre", False)["ovs-nat64-mtu"] == "1400"
    assert set(spec().tags("v4", True)) == {
        "ovs-nat64-tenant", "ovs-nat64-role", "ovs-nat64-key",
        "ovs-nat64-created"}


def test_differences():
    assert spec().differences(spec()) == []
    assert spec(mtu=1500).differences(spec(mtu=1400)) == [
        "MTU 1400 (asked: 1500)"]
    assert spec().differences(spec(mtu=1400)) == ["MTU 1400 (asked: none)"]
    assert spec(key=11).differences(spec()) == ["key 10 (asked: 11)"]


def test_dumped_flows_match_the_recipe():
    """What ovs-ofctl dump-flows prints (recorded from Open vSwitch 3.1
    with the nat64 patches) is the recipe, field order and all."""
    dumped = [
        " cookie=0x6e36340000000028, duration=1.5s, table=0, n_packets=0, "
        "n_bytes=0, idle_age=1, priority=100,ip,reg0=0/0x2,in_port=4,"
        "nw_frag=no actions=load:0x1->NXM_NX_REG0[1],check_pkt_larger(1394)"
        "->NXM_NX_REG0[0],resubmit(,0)",
        " cookie=0x6e36340000000028, duration=1.5s, table=0, n_packets=3, "
        "n_bytes=300, priority=100,ip,reg0=0x2/0x3,in_port=4,nw_frag=no "
        "actions=nat64(mode=4to6,mtu=1400),output:5",
        " cookie=0x6e36340000000028, duration=1.5s, table=0, n_packets=0, "
        "n_bytes=0, priority=100,ip,reg0=0x3/0x3,in_port=4,nw_frag=no "
        "actions=nat64(mode=too-big,mtu=1400),IN_PORT",
        " cookie=0x6e36340000000028, duration=1.5s, table=0, n_packets=0, "
        "n_bytes=0, priority=100,ip,in_port=4,nw_frag=yes "
        "actions=nat64(mode=4to6,mtu=1400),output:5",
        " cookie=0x6e36340000000028, duration=1.5s, table=0, n_packets=0, "
        "n_bytes=0, priority=100,arp,in_port=4 actions=nat64:4toll6,output:5",
        " cookie=0x6e36340000000028, duration=1.5s, table=0, n_packets=0, "
        "n_bytes=0, priority=100,ipv6,in_port=5 "
        "actions=nat64:ll6to4,output:4",
        " cookie=0x6e36340000000028, duration=1.5s, table=0, n_packets=0, "
        "n_bytes=0, priority=100,ipv6,in_port=4 actions=output:6",
        " cookie=0x6e36340000000028, duration=1.5s, table=0, n_packets=0, "
        "n_bytes=0, priority=100,ipv6,in_port=6 actions=output:4"]
    s = spec(key=40, mtu=1400)
    flows = [Flow(line) for line in dumped]
    assert {f.key() for f in flows} == set(s.expected_flows(4, 5, 6))
    assert flows[1].n_packets == 3 and flows[1].cookie == s.cookie
    # One flow changed by hand no longer matches.
    changed = Flow(dumped[2].replace("mtu=1400", "mtu=1500"))
    assert changed.key() not in set(s.expected_flows(4, 5, 6))
    assert describe_expected(s.expected_flows(4, 5, 6)[2], s.cookie) == (
        "cookie=0x6e36340000000028,priority=100,ip,nw_frag=no,"
        "reg0=0x3/0x3,in_port=4 actions=nat64(mode=too-big,mtu=1400),"
        "IN_PORT")


def test_prefix_written_differently_matches():
    s = spec(prefix="2001:db8:64::/96")
    line = (" cookie=0xa, table=0, n_packets=0, n_bytes=0, priority=100,"
            "ip,in_port=1 actions=nat64(mode=4to6,"
            "prefix=2001:db8:64:0::/96),output:2")
    assert Flow(line).key() == s.expected_flows(1, 2, 3)[0]


# Validation.

def test_keys():
    assert parse_key("10") == 10
    assert parse_key("0x1e") == 30
    assert parse_key("4294967295") == 0xffffffff
    for bad in ("4294967296", "-1", "abc", "1.5", "", None):
        refused(parse_key, bad, match="--key")


def test_prefixes():
    assert parse_prefix("2001:db8:64:0::/96") == "2001:db8:64::/96"
    assert parse_prefix("64:ff9b:1::/48") == "64:ff9b:1::/48"
    for bad, why in (("2001:db8::/95", "only the lengths"),
                     ("2001:db8::1/96", "did you mean 2001:db8::/96"),
                     ("2001:db8:0:0:100::/96", "bits 64 to 71"),
                     ("ff0e::/96", "multicast"), ("::/96", "all-zero"),
                     ("::ffff:0:0/96", "IPv4-mapped"),
                     ("64:ff9b::/96", "RFC 6052 section 3.1"),
                     ("2001:db8::", "needs a length"),
                     ("bogus/96", "not an IPv6 prefix")):
        refused(parse_prefix, bad, match=why)


def test_mtus():
    assert parse_mtu("1280") == 1280
    assert parse_mtu("65535") == 65535
    for bad in ("1279", "65536", "abc", "-1", "", "1400.0"):
        refused(parse_mtu, bad, match="--mtu")


def test_priorities_and_addresses():
    assert parse_priority("0") == 0
    refused(parse_priority, "70000", match="--priority")
    assert parse_remote_ip("fd00:0::3") == "fd00::3"
    for bad in ("224.0.0.1", "0.0.0.0", "::", "host.example", "10.99.0.300"):
        refused(parse_remote_ip, bad, match="--remote-ip")


def test_options():
    s = spec_from_options("br0", "t1", options(mtu="1400"))
    assert (s.ports, s.mtu, s.prefix, s.priority) == (
        {"gre": "gre-t1", "v4": "vnet0", "v6": "vnet1"}, 1400, LL_PREFIX,
        100)
    for kw, why in ((dict(v6_port=None), "add needs --v6-port"),
                    (dict(v6_port="vnet0"), "three different ports"),
                    (dict(v4_port="br0"), "the bridge's own"),
                    (dict(v4_port="17"), "port number"),
                    (dict(v4_port="local"), "reserved port"),
                    (dict(v4_port="vnet/0"), "not a valid name")):
        refused(spec_from_options, "br0", "t1", options(**kw), match=why)
    refused(spec_from_options, "br0", "tenant-with-a-long-name", options(),
            match="--gre-port NAME")
    refused(spec_from_options, "br0", "t 1", options(),
            match="not a valid name")
