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

"""pytest: the tenant tool's package from the source tree, and OVSDB rows
made up as ovsdb-client prints them."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "utilities"))

from ovs_nat64_tenant.ovsdb import State  # noqa: E402


class Rows(object):
    """A made-up OVSDB: bridges, Port and Interface rows."""

    def __init__(self):
        self.bridges = {}
        self.ports = []
        self.ifaces = []
        self.n = 0

    def uuid(self):
        self.n += 1
        return "00000000-0000-0000-0000-%012d" % self.n

    def port(self, bridge, name, ext=None, type_="", options=None,
             ofport=1, error=None):
        iface = self.uuid()
        port = self.uuid()
        self.ifaces.append({
            "_uuid": ["uuid", iface], "name": name, "type": type_,
            "options": ["map", sorted((options or {}).items())],
            "ofport": ofport if ofport is not None else ["set", []],
            "error": error if error else ["set", []]})
        self.ports.append({
            "_uuid": ["uuid", port], "name": name,
            "interfaces": ["uuid", iface],
            "external_ids": ["map", sorted((ext or {}).items())]})
        self.bridges.setdefault(bridge, set()).add(port)
        return port

    def state(self):
        state = State()
        for bridge, uuids in self.bridges.items():
            state.bridges[bridge] = set(uuids)
        state.add_rows(self.ports, self.ifaces)
        return state


@pytest.fixture
def rows():
    return Rows()
