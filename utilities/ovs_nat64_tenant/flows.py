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

"""Flows as ovs-ofctl dumps them, compared with the recipe."""

import ipaddress
import re


FLOW_STATS = {"cookie", "duration", "table", "n_packets", "n_bytes",
              "idle_age", "hard_age"}
FLOW_EXTRAS = {"idle_timeout", "hard_timeout", "importance", "reset_counts",
               "send_flow_rem", "check_overlap", "no_packet_counts",
               "no_byte_counts"}


def normalize_actions(actions):
    """Actions as ovs-ofctl prints them, with nat64 prefixes canonical."""
    def canon(m):
        try:
            return "prefix=%s" % ipaddress.IPv6Network(m.group(1))
        except ValueError:
            return m.group(0)
    return re.sub(r"prefix=([0-9A-Fa-f:.]+/[0-9]+)", canon, actions)


class Flow(object):
    """One line of 'ovs-ofctl dump-flows'."""

    def __init__(self, line):
        self.text = line.strip()
        head, _, self.actions = self.text.partition(" actions=")
        self.stats = {}
        self.match = []
        self.extras = []
        self.priority = 32768
        for field in head.split(","):
            field = field.strip()
            name, eq, value = field.partition("=")
            if name in FLOW_STATS and eq:
                self.stats[name] = value
            elif name in FLOW_EXTRAS:
                self.extras.append(field)
            elif name == "priority":
                self.priority = int(value)
            elif field:
                self.match.append(field)
        self.cookie = int(self.stats.get("cookie", "0"), 16)
        self.table = int(self.stats.get("table", "0"))
        self.n_packets = int(self.stats.get("n_packets", "0"))
        self.n_bytes = int(self.stats.get("n_bytes", "0"))

    def key(self):
        return (self.table, self.priority, frozenset(self.match),
                normalize_actions(self.actions), frozenset(self.extras))

    def describe(self):
        """The flow without its statistics."""
        text = "cookie=%#x," % self.cookie
        if self.table:
            text += "table=%d," % self.table
        fields = ["priority=%d" % self.priority] + self.match + self.extras
        return text + ",".join(fields) + " actions=" + self.actions

    def as_json(self):
        return {"cookie": "%#x" % self.cookie, "table": self.table,
                "priority": self.priority, "match": ",".join(self.match),
                "actions": self.actions, "n_packets": self.n_packets,
                "n_bytes": self.n_bytes}


def describe_expected(key, cookie):
    table, priority, match, actions, _ = key
    fields = sorted(match, key=lambda f: (f.startswith("in_port"), f))
    return "cookie=%#x,priority=%d,%s actions=%s" % (
        cookie, priority, ",".join(fields), actions)
