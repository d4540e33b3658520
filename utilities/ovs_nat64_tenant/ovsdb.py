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

"""OVSDB data: the Port and Interface rows the tool reads, and the tenants
they make."""

import ipaddress

from .errors import UsageError
from .recipe import (
    cookie_of, K_CREATED, K_KEY, K_MTU, K_PREFIX, K_PRIORITY, K_REMOTE,
    K_ROLE, K_TENANT, K_V4PORT, K_V6PORT, natural, parse_key, parse_mtu,
    parse_prefix, parse_priority, parse_remote_ip, ROLES, Spec)


PORT_COLS = ["_uuid", "name", "interfaces", "external_ids"]
IFACE_COLS = ["_uuid", "name", "type", "options", "ofport", "error"]

def oset(value):
    """An OVSDB set (or a single atom) as a list."""
    if isinstance(value, list) and value and value[0] == "set":
        return value[1]
    return [value]


def omap(value):
    return dict(value[1]) if isinstance(value, list) else {}


def ouuid(value):
    return value[1]


def select(table, where, columns):
    return {"op": "select", "table": table, "where": where,
            "columns": columns}


def by_name(name):
    return [["name", "==", name]]


def ext_includes(key, value):
    return [["external_ids", "includes", ["map", [[key, value]]]]]


def same_ip(text, ip):
    try:
        return str(ipaddress.ip_address(text or "")) == ip
    except ValueError:
        return False


def gre_key(options):
    """The key of a GRE interface's options (none: 0), or None."""
    for opt in ("key", "in_key"):
        if opt in options:
            try:
                return parse_key(options[opt])
            except UsageError:
                return None
    return 0


class Port(object):
    def __init__(self, row):
        self.uuid = ouuid(row["_uuid"])
        self.name = row["name"]
        self.ifaces = [ouuid(u) for u in oset(row["interfaces"])]
        self.ext = omap(row["external_ids"])
        self.bridge = None

    @property
    def tenant(self):
        return self.ext.get(K_TENANT)

    @property
    def role(self):
        return self.ext.get(K_ROLE)


class Iface(object):
    def __init__(self, row):
        self.uuid = ouuid(row["_uuid"])
        self.name = row["name"]
        self.type = row["type"]
        self.options = omap(row["options"])
        ofport = oset(row["ofport"])
        self.ofport = ofport[0] if ofport else None
        error = oset(row["error"])
        self.error = error[0] if error else None

    def problem(self):
        """Why this interface does not work, or None."""
        if self.error:
            return self.error
        if self.ofport is None:
            return "no OpenFlow port number yet (is ovs-vswitchd running?)"
        if self.ofport < 0:
            return "no OpenFlow port (ofport %d)" % self.ofport
        return None


class State(object):
    """The part of OVSDB that a command reads."""

    def __init__(self):
        self.bridges = {}           # name -> set of Port UUIDs
        self.ports = {}             # uuid -> Port
        self.ifaces = {}            # uuid -> Iface
        self._port_by_name = {}
        self._iface_by_name = {}
        self._tunnels = None        # indexes built when first needed
        self._keys = None
        self._tenant_ports = None

    def add_rows(self, ports=(), ifaces=()):
        for row in ports:
            port = Port(row)
            self.ports[port.uuid] = port
            self._port_by_name[port.name] = port
        for row in ifaces:
            iface = Iface(row)
            self.ifaces[iface.uuid] = iface
            self._iface_by_name[iface.name] = iface
        for bridge, uuids in self.bridges.items():
            for uuid in uuids:
                if uuid in self.ports:
                    self.ports[uuid].bridge = bridge
        self._tunnels = self._keys = self._tenant_ports = None

    def port(self, name):
        return self._port_by_name.get(name)

    def iface(self, name):
        return self._iface_by_name.get(name)

    def tunnels(self, remote_ip, key):
        """The GRE interfaces to 'remote_ip' with 'key'."""
        if self._tunnels is None:
            self._tunnels = {}
            for iface in self.ifaces.values():
                if iface.type == "gre":
                    try:
                        ip = str(ipaddress.ip_address(
                            iface.options.get("remote_ip", "")))
                    except ValueError:
                        continue
                    self._tunnels.setdefault(
                        (ip, gre_key(iface.options)), []).append(iface)
        return self._tunnels.get((remote_ip, key), [])

    def _index_tenants(self):
        if self._keys is None:
            self._keys = {}
            self._tenant_ports = {}
            for port in self.ports.values():
                if port.tenant is not None and port.bridge is not None:
                    self._keys.setdefault(
                        (port.bridge, port.ext.get(K_KEY)), set()).add(
                            port.tenant)
                    self._tenant_ports.setdefault(
                        (port.bridge, port.tenant), []).append(port)

    def key_owners(self, bridge, key):
        """The tenants on 'bridge' whose ports carry 'key'."""
        self._index_tenants()
        return self._keys.get((bridge, str(key)), set())

    def tenant_ports(self, bridge, tenant):
        """The ports of 'tenant' on 'bridge'."""
        self._index_tenants()
        return self._tenant_ports.get((bridge, tenant), [])

    def port_iface(self, port):
        """The one Interface of 'port', if it has exactly one, of that name,
        and it was read."""
        if len(port.ifaces) == 1:
            iface = self.ifaces.get(port.ifaces[0])
            if iface and iface.name == port.name:
                return iface
        return None

    def tenants(self, bridge=None, tenant=None):
        """The tenants recorded in the Port rows read, as Tenant objects
        sorted by bridge and name."""
        groups = {}
        for port in self.ports.values():
            if port.tenant is None or port.bridge is None:
                continue
            if (bridge is not None and port.bridge != bridge
                    or tenant is not None and port.tenant != tenant):
                continue
            groups.setdefault((port.bridge, port.tenant), []).append(port)
        return [Tenant(b, t, groups[(b, t)], self)
                for b, t in sorted(groups, key=natural)]


class Tenant(object):
    """A tenant as OVSDB has it: its tagged ports on one bridge."""

    def __init__(self, bridge, name, ports, state):
        self.bridge = bridge
        self.name = name
        self.state = state
        self.ports = {}             # role -> Port
        self.problems = []          # (kind, text) found while reading tags
        for port in sorted(ports, key=lambda p: p.name):
            role = port.role
            if role not in ROLES:
                self.problems.append(
                    ("bad-tags", "port %s has %s=%r, not gre, v4 or v6"
                     % (port.name, K_ROLE, role)))
            elif role in self.ports:
                self.problems.append(
                    ("bad-tags", "ports %s and %s both have the role %s"
                     % (self.ports[role].name, port.name, role)))
            else:
                self.ports[role] = port
        keys = sorted({p.ext.get(K_KEY) for p in ports})
        self.key = None
        if len(keys) == 1 and keys[0] is not None:
            try:
                self.key = parse_key(keys[0])
            except UsageError:
                pass
        if self.key is None:
            self.problems.append(
                ("bad-tags", "its ports disagree on or lack %s: %s"
                 % (K_KEY, ", ".join("%s=%s" % (p.name, p.ext.get(K_KEY))
                                     for p in ports))))
        self.spec = self._spec()

    def _spec(self):
        """The Spec recorded on the GRE port, or None."""
        gre = self.ports.get("gre")
        if gre is None or self.key is None:
            return None
        ext = gre.ext
        try:
            spec = Spec(self.bridge, self.name,
                        parse_remote_ip(ext.get(K_REMOTE, "")), self.key,
                        gre.name, ext.get(K_V4PORT, ""),
                        ext.get(K_V6PORT, ""),
                        parse_prefix(ext.get(K_PREFIX, "")),
                        parse_priority(ext.get(K_PRIORITY, "")),
                        mtu=(parse_mtu(ext[K_MTU]) if K_MTU in ext
                             else None))
        except UsageError as e:
            self.problems.append(("bad-tags", "GRE port %s: %s"
                                  % (gre.name, e)))
            return None
        return spec

    def port_name(self, role):
        if role in self.ports:
            return self.ports[role].name
        if self.spec:
            return self.spec.ports[role]
        return None

    def created(self, role):
        port = self.ports.get(role)
        return port is not None and port.ext.get(K_CREATED) == "true"

    @property
    def cookie(self):
        return cookie_of(self.key) if self.key is not None else None

    def ofports(self):
        """(g, a, b) OpenFlow port numbers, or None if one is unknown."""
        numbers = []
        for role in ROLES:
            port = self.ports.get(role)
            iface = self.state.port_iface(port) if port else None
            if iface is None or iface.problem():
                return None
            numbers.append(iface.ofport)
        return tuple(numbers)
