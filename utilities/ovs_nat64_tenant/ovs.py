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

"""Open vSwitch for the commands: the database (idl.Db) and ovs-ofctl, and
the ovs-vsctl command lines that --dry-run prints."""

import os
import re
import shlex
import subprocess
import sys
import time

from .errors import Error
from .flows import Flow
from .idl import DEBUG, Db
from .ovsdb import (
    by_name, IFACE_COLS, omap, oset, ouuid, PORT_COLS, select, State)
from .recipe import COOKIE_BASE, COOKIE_MASK, K_TENANT, PROG


# ovs-vsctl's command line: Linux allows 2 MB of arguments and environment.
MAX_VSCTL_ARGS = 1500 * 1000

def shell_line(argv):
    return " ".join(shlex.quote(a) for a in argv)


class Ovs(object):
    """The Open_vSwitch database (through the IDL, idl.Db) and ovs-ofctl.
    ovs-vsctl's and ovsdb-client's paths are for the commands --dry-run
    prints."""

    def __init__(self, opts):
        self.vsctl = opts.vsctl or os.environ.get("OVS_VSCTL") or "ovs-vsctl"
        self.ofctl = opts.ofctl or os.environ.get("OVS_OFCTL") or "ovs-ofctl"
        self.client = (opts.ovsdb_client or os.environ.get("OVS_OVSDB_CLIENT")
                       or "ovsdb-client")
        self.db = opts.db
        self.timeout = opts.timeout
        self._idl = None
        self._conditions = None

    def narrow(self, conditions):
        """Before the first read: replicate only the rows of each table of
        'conditions' that one of its clauses matches."""
        assert self._idl is None
        self._conditions = conditions

    def idl(self):
        """The database connection, made when first needed."""
        if self._idl is None:
            self._idl = Db(self.db, self.timeout, self._conditions)
        return self._idl

    def run(self, argv, stdin=None):
        start = time.monotonic()
        try:
            p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE,
                               universal_newlines=True)
        except OSError as e:
            raise Error("cannot run %s: %s (put Open vSwitch's utilities in "
                        "PATH or name them with --vsctl, --ofctl and "
                        "--ovsdb-client)" % (argv[0], e.strerror))
        if DEBUG:
            sys.stderr.write("%s: %.1f ms: %s\n" % (
                PROG, (time.monotonic() - start) * 1000,
                shell_line(argv)[:150]))
        return p

    @staticmethod
    def complaint(p):
        """The error text of a finished command, on one line: the first
        message, and how many followed."""
        lines = [line.strip() for line in p.stderr.splitlines()
                 if line.strip() and "default log directory" not in line]
        if not lines:
            return "exit status %d" % p.returncode
        text = lines[0]
        if len(lines) > 1:
            text += " (and %d more message%s)" % (
                len(lines) - 1, "" if len(lines) == 2 else "s")
        return re.sub(r"\s+", " ", text)

    # OVSDB.

    def transact(self, ops):
        """The rows of the "select" operations 'ops', from the replica."""
        return self.idl().transact(ops)

    def vsctl_argv(self, commands, wait=True):
        argv = [self.vsctl, "--timeout=%d" % self.timeout]
        if self.db:
            argv.append("--db=%s" % self.db)
        if not wait:
            argv.append("--no-wait")
        for command in commands:
            argv += ["--"] + command
        return argv

    def vsctl_run(self, commands, wait=True, verify=True):
        """Carries out the ovs-vsctl 'commands' in one transaction that
        verifies what the command read (idl.Db.run())."""
        self.idl().run(commands, wait, verify)

    # OpenFlow.

    def bundle_argv(self, bridge, names=False):
        argv = [self.ofctl, "--timeout=%d" % self.timeout]
        if not names:
            argv.append("--no-names")
        return argv + ["bundle", bridge, "-"]

    def bundle(self, bridge, lines):
        p = self.run(self.bundle_argv(bridge),
                     "".join(line + "\n" for line in lines))
        if p.returncode:
            text = self.complaint(p)
            hint = ""
            if "NXBAC_NAT64_DATAPATH_SUPPORT" in text:
                hint = (" (the datapath of %s has no nat64 action: use "
                        "datapath_type=netdev or load ovs-nat64's "
                        "openvswitch.ko, package openvswitch-nat64-dkms)"
                        % bridge)
            raise Error("ovs-ofctl: the switch refused the flows: %s%s"
                        % (text, hint))

    def dump_flows(self, bridge, cookie=COOKIE_BASE, mask=COOKIE_MASK):
        argv = [self.ofctl, "--timeout=%d" % self.timeout, "--no-names",
                "dump-flows", bridge, "cookie=%#x/%#x" % (cookie, mask)]
        p = self.run(argv)
        if p.returncode:
            raise Error("cannot read the flows of %s: %s"
                        % (bridge, self.complaint(p)))
        return [Flow(line) for line in p.stdout.splitlines()
                if line.strip().startswith("cookie=")]

    # Reading.

    def read_bridge(self, bridge, extra_ops=()):
        """Reads 'bridge' (its Port UUIDs) and 'extra_ops' in one
        transaction; returns (State, extra results)."""
        rows = self.transact(
            [select("Bridge", by_name(bridge), ["name", "ports"])]
            + list(extra_ops))
        if not rows[0]:
            raise Error("no bridge %s (see ovs-vsctl list-br; create it with "
                        "ovs-vsctl add-br %s)" % (bridge, bridge))
        state = State()
        state.bridges[bridge] = {ouuid(u) for u in oset(rows[0][0]["ports"])}
        return state, rows[1:]

    def read_all(self, all_ports=False, ifaces=True):
        """Reads every bridge, the tool's Port rows (or every Port row) and
        every Interface row."""
        ops = [select("Bridge", [], ["name", "ports"]),
               select("Port", [] if all_ports
                      else [["external_ids", "!=", ["map", []]]], PORT_COLS)]
        if ifaces:
            ops.append(select("Interface", [], IFACE_COLS))
        rows = self.transact(ops)
        state = State()
        for row in rows[0]:
            state.bridges[row["name"]] = {ouuid(u) for u in oset(row["ports"])}
        state.add_rows([r for r in rows[1]
                        if all_ports or K_TENANT in omap(r["external_ids"])],
                       rows[2] if ifaces else ())
        return state

    def bridge_of(self, port_uuid):
        rows = self.transact([select(
            "Bridge", [["ports", "includes", ["uuid", port_uuid]]],
            ["name"])])[0]
        return rows[0]["name"] if rows else None
