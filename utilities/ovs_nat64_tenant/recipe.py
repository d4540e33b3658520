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

"""The recipe: what a tenant is made of (names, keys, prefixes, MTU) and
the flows and OVSDB records that make it (the reference paper's figure 5)."""

import ipaddress
import re

from .errors import UsageError
from .flows import normalize_actions


PROG = "ovs-nat64-tenant"
VERSION = "0.1"

COOKIE_BASE = 0x6e36340000000000        # "n64", then 0, then the key
COOKIE_MASK = 0xffffffff00000000        # the tool's part of the cookie
DEFAULT_PRIORITY = 100
LL_PREFIX = "fe80::/96"                 # the prefix of nat64:4toll6
RFC6052_LENGTHS = (32, 40, 48, 56, 64, 96)
WELL_KNOWN_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
IPV4_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")

ROLES = ("gre", "v4", "v6")
ROLE_TEXT = {"gre": "GRE port", "v4": "v4 port", "v6": "v6 port"}

# external_ids keys, on the Port rows.
X = "ovs-nat64-"
K_TENANT = X + "tenant"
K_ROLE = X + "role"
K_KEY = X + "key"
K_CREATED = X + "created"
K_REMOTE = X + "remote-ip"      # the GRE port only, as are the next four
K_PREFIX = X + "prefix"
K_PRIORITY = X + "priority"
K_V4PORT = X + "v4-port"
K_V6PORT = X + "v6-port"
K_MTU = X + "mtu"               # the GRE port only, with --mtu

NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
MAX_PORT_NAME = 15              # IFNAMSIZ - 1
MAX_TENANT_NAME = 64
# --mtu: IPv4 grows by 20 bytes into IPv6; check_pkt_larger counts the
# Ethernet header.
IPV6_MIN_MTU = 1280
MAX_MTU = 65535
GROWTH_4TO6 = 20
ETH_HLEN = 14
# The bits of reg0 that the --mtu flows use, while table 0 sees the packet
# a second time: "checked" and "larger than the limit".
MTU_CHECKED = "NXM_NX_REG0[1]"
MTU_LARGER = "NXM_NX_REG0[0]"
# Names that ovs-ofctl reads as reserved ports.
RESERVED_PORTS = {"in_port", "table", "normal", "flood", "all", "controller",
                  "local", "any", "none", "unset"}

def check_name(what, name, maxlen):
    if not name or not NAME_RE.match(name) or len(name) > maxlen:
        raise UsageError(
            "%s %r is not a valid name: use at most %d letters, digits, "
            "'_', '.' and '-', not starting with '.' or '-'"
            % (what, name, maxlen))
    return name


def check_port_name(what, name):
    check_name(what, name, MAX_PORT_NAME)
    if name.isdigit() or name.lower() in RESERVED_PORTS:
        raise UsageError("%s %r would read as an OpenFlow port number or "
                         "reserved port: choose another name" % (what, name))
    return name


def parse_remote_ip(text):
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        raise UsageError("--remote-ip %r is not an IPv4 or IPv6 address"
                         % text) from None
    if ip.is_unspecified or ip.is_multicast:
        raise UsageError("--remote-ip %s: the tunnel's remote end must be a "
                         "unicast address" % ip)
    return str(ip)


def parse_key(text):
    if re.fullmatch(r"[0-9]+", text or ""):
        key = int(text)
    elif re.fullmatch(r"0[xX][0-9a-fA-F]+", text or ""):
        key = int(text, 16)
    else:
        raise UsageError("--key %r is not a number: give the GRE key in "
                         "decimal (or 0x hexadecimal), 0 to 4294967295"
                         % text)
    if key > 0xffffffff:
        raise UsageError("--key %s is out of range: a GRE key is 0 to "
                         "4294967295" % text)
    return key


def parse_priority(text):
    if not re.fullmatch(r"[0-9]+", text or "") or int(text) > 65535:
        raise UsageError("--priority %r: give an OpenFlow priority, 0 to "
                         "65535" % text)
    return int(text)


def parse_mtu(text):
    if not re.fullmatch(r"[0-9]+", text or "") \
            or not IPV6_MIN_MTU <= int(text) <= MAX_MTU:
        raise UsageError("--mtu %r: give the IPv6 MTU of the v4 port's link, "
                         "%d (IPv6's minimum) to %d" % (text, IPV6_MIN_MTU,
                                                        MAX_MTU))
    return int(text)


def parse_prefix(text):
    """Returns the RFC 6052 prefix 'text' in canonical form, or raises."""
    if "/" not in text:
        raise UsageError("--prefix %r needs a length: P/LEN, e.g. %s"
                         % (text, LL_PREFIX))
    try:
        net = ipaddress.IPv6Network(text, strict=False)
    except ValueError:
        raise UsageError("--prefix %r is not an IPv6 prefix P/LEN, e.g. %s"
                         % (text, LL_PREFIX)) from None
    if net.prefixlen not in RFC6052_LENGTHS:
        raise UsageError("--prefix %s: RFC 6052 allows only the lengths "
                         "/32, /40, /48, /56, /64 and /96" % text)
    addr = ipaddress.IPv6Address(text.split("/")[0])
    if addr != net.network_address:
        raise UsageError("--prefix %s has bits set beyond /%d: did you mean "
                         "%s?" % (text, net.prefixlen, net))
    if net.network_address.packed[8]:
        raise UsageError("--prefix %s: bits 64 to 71 must be zero (RFC 6052 "
                         "section 2.2)" % text)
    if int(net.network_address) == 0:
        raise UsageError("--prefix %s: the all-zero prefix would give "
                         "IPv4-compatible addresses: use a prefix of yours "
                         "or %s" % (text, LL_PREFIX))
    if net.is_multicast:
        raise UsageError("--prefix %s is multicast (ff00::/8): use a "
                         "unicast prefix" % text)
    if net.overlaps(IPV4_MAPPED):
        raise UsageError("--prefix %s overlaps the IPv4-mapped addresses "
                         "::ffff:0:0/96" % text)
    if net.overlaps(WELL_KNOWN_PREFIX):
        raise UsageError("--prefix %s: the well-known prefix 64:ff9b::/96 "
                         "must not carry private IPv4 addresses such as the "
                         "tenants' (RFC 6052 section 3.1): use %s, the "
                         "local-use 64:ff9b:1::/48 (RFC 8215) or a prefix "
                         "of yours" % (text, LL_PREFIX))
    return str(net)


def parse_port_type(text):
    if text in ("", "none", "system"):
        return ""
    if not re.fullmatch(r"[a-z0-9_-]{1,32}", text):
        raise UsageError("--port-type %r is not an Open vSwitch interface "
                         "type (e.g. internal, or none)" % text)
    return text


# ---------------------------------------------------------------------------
def natural(value):
    """A sort key that puts t2 before t10 (for tuples of strings too)."""
    if isinstance(value, tuple):
        return tuple(natural(v) for v in value)
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"([0-9]+)", value)]


def cookie_of(key):
    return COOKIE_BASE | key


class Spec(object):
    """What 'add' is asked for (or what a tenant's GRE port records)."""

    def __init__(self, bridge, tenant, remote_ip, key, gre_port, v4_port,
                 v6_port, prefix=LL_PREFIX, priority=DEFAULT_PRIORITY,
                 port_type="", mtu=None):
        self.bridge = bridge
        self.tenant = tenant
        self.remote_ip = remote_ip
        self.key = key
        self.ports = {"gre": gre_port, "v4": v4_port, "v6": v6_port}
        self.prefix = prefix
        self.priority = priority
        self.port_type = port_type
        self.mtu = mtu

    @property
    def cookie(self):
        return cookie_of(self.key)

    def tags(self, role, created):
        tags = {K_TENANT: self.tenant, K_ROLE: role, K_KEY: str(self.key),
                K_CREATED: "true" if created else "false"}
        if role == "gre":
            tags.update({K_REMOTE: self.remote_ip, K_PREFIX: self.prefix,
                         K_PRIORITY: str(self.priority),
                         K_V4PORT: self.ports["v4"],
                         K_V6PORT: self.ports["v6"]})
            if self.mtu is not None:
                tags[K_MTU] = str(self.mtu)
        return tags

    def nat64_actions(self):
        if self.prefix == LL_PREFIX:
            return "nat64:4toll6", "nat64:ll6to4"
        return ("nat64(mode=4to6,prefix=%s)" % self.prefix,
                "nat64(mode=6to4,prefix=%s)" % self.prefix)

    def ipv4_flows(self, g, a):
        """The flows for the tenant's IPv4, as in flows().  With an MTU,
        the translation sends what grows past it with DF clear as IPv6
        fragments that fit (its lowest IPv6 MTU), and table 0 sees each
        whole packet twice: first to compare its frame length with the
        limit (the two reg0 bits), then to translate it or, if it would
        grow past the MTU, to answer its sender with the ICMPv4 error
        nat64(mode=too-big) makes of it (RFC 7915 section 4).  IPv4
        fragments, whose DF is clear, skip the check."""
        if self.mtu is None:
            return [("ip", g, "%s,output:%s" % (self.nat64_actions()[0], a))]
        prefix = "" if self.prefix == LL_PREFIX else ",prefix=" + self.prefix
        translate = ("nat64(mode=4to6%s,mtu=%d),output:%s"
                     % (prefix, self.mtu, a))
        limit = ETH_HLEN + self.mtu - GROWTH_4TO6
        return [("ip,nw_frag=no,reg0=0/0x2", g,
                 "load:0x1->%s,check_pkt_larger(%d)->%s,resubmit(,0)"
                 % (MTU_CHECKED, limit, MTU_LARGER)),
                ("ip,nw_frag=no,reg0=0x2/0x3", g, translate),
                ("ip,nw_frag=no,reg0=0x3/0x3", g,
                 "nat64(mode=too-big,mtu=%d),IN_PORT" % self.mtu),
                ("ip,nw_frag=yes", g, translate)]

    def flows(self, g, a, b):
        """The recipe, as (match, in_port, actions) for ports g, a, b
        (OpenFlow port numbers or names)."""
        to6, to4 = self.nat64_actions()
        return self.ipv4_flows(g, a) + [
            ("arp", g, "%s,output:%s" % (to6, a)),
            ("ipv6", a, "%s,output:%s" % (to4, g)),
            ("ipv6", g, "output:%s" % b),
            ("ipv6", b, "output:%s" % g)]

    @property
    def n_flows(self):
        return len(self.flows(0, 0, 0))

    def flow_mods(self, g, a, b):
        return ["cookie=%#x,priority=%d,in_port=%s,%s,actions=%s"
                % (self.cookie, self.priority, inp, match, actions)
                for match, inp, actions in self.flows(g, a, b)]

    def expected_flows(self, g, a, b):
        """The recipe as normalized flows (see Flow.key()), in order."""
        return [(0, self.priority,
                 frozenset(match.split(",") + ["in_port=%d" % inp]),
                 normalize_actions(actions), frozenset())
                for match, inp, actions in self.flows(g, a, b)]

    def differences(self, other):
        """What differs between two specs, as text."""
        diffs = []
        for what, mine, theirs in (
                ("remote IP", self.remote_ip, other.remote_ip),
                ("key", self.key, other.key),
                ("GRE port", self.ports["gre"], other.ports["gre"]),
                ("v4 port", self.ports["v4"], other.ports["v4"]),
                ("v6 port", self.ports["v6"], other.ports["v6"]),
                ("prefix", self.prefix, other.prefix),
                ("priority", self.priority, other.priority),
                ("MTU", self.mtu, other.mtu)):
            if mine != theirs:
                diffs.append("%s %s (asked: %s)"
                             % (what, "none" if theirs is None else theirs,
                                "none" if mine is None else mine))
        return diffs


def spec_from_options(bridge, tenant, o):
    """Validates the options of 'add' (or of a --batch line) into a Spec."""
    check_name("bridge", bridge, 255)
    check_name("tenant", tenant, MAX_TENANT_NAME)
    for opt, value in (("--remote-ip", o.remote_ip), ("--key", o.key),
                       ("--v4-port", o.v4_port), ("--v6-port", o.v6_port)):
        if value is None:
            raise UsageError("add needs %s" % opt)
    gre_port = o.gre_port
    if gre_port is None:
        gre_port = "gre-" + tenant
        if len(gre_port) > MAX_PORT_NAME:
            raise UsageError(
                "the GRE port name %s (from the tenant name) is longer than "
                "%d characters: name it with --gre-port NAME"
                % (gre_port, MAX_PORT_NAME))
    spec = Spec(bridge, tenant, parse_remote_ip(o.remote_ip),
                parse_key(o.key),
                check_port_name("GRE port", gre_port),
                check_port_name("v4 port", o.v4_port),
                check_port_name("v6 port", o.v6_port),
                parse_prefix(o.prefix) if o.prefix else LL_PREFIX,
                parse_priority(o.priority) if o.priority is not None
                else DEFAULT_PRIORITY,
                parse_port_type(o.port_type or ""),
                parse_mtu(o.mtu) if o.mtu is not None else None)
    names = list(spec.ports.values())
    if len(set(names)) != 3:
        raise UsageError("the GRE port, the v4 port and the v6 port must "
                         "be three different ports (got %s)"
                         % ", ".join(names))
    if bridge in names:
        raise UsageError("%s is the bridge's own (local) port: choose "
                         "another port" % bridge)
    return spec
