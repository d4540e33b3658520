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

"""The Open_vSwitch database through Open vSwitch's own Python IDL
(ovs.db.idl, python3-openvswitch): a replica of the columns the tool
reads, selections over it, and write transactions that verify() every row
the command's checks read, so that two commands at once cannot both pass
a check that only one may pass: the second one's transaction fails and
the command runs again (TryAgain), this time seeing the first one's rows.

Writes are the ovs-vsctl commands that the tool also prints for
--dry-run, carried out through the IDL: create Interface, create Port,
set Port, remove Port, add Bridge ports and remove Bridge ports."""

import os
import sys
import time

from .errors import Error, Timeout
from .ovsdb import IFACE_COLS, PORT_COLS

try:
    import ovs.db.idl
    import ovs.jsonrpc
    import ovs.poller
    import ovs.stream
except ImportError:
    ovs = None

# The tables and columns the tool reads or writes.
COLUMNS = {
    "Open_vSwitch": ["bridges", "next_cfg", "cur_cfg"],
    "Bridge": ["name", "ports"],
    "Port": PORT_COLS[1:],
    "Interface": IFACE_COLS[1:],
}


class TryAgain(Exception):
    """The database changed under a write transaction's checks."""


# For the tests of concurrent commands: seconds to wait between the
# checks and the first write transaction, so that commands started
# together all check before any writes.
TEST_DELAY = float(os.environ.get("OVS_NAT64_TENANT_TEST_DELAY") or 0)
# OVS_NAT64_TENANT_DEBUG=1: print each program run and its duration, and
# when a command runs again.
DEBUG = bool(os.environ.get("OVS_NAT64_TENANT_DEBUG"))
_delayed = False


def default_remote():
    rundir = os.environ.get("OVS_RUNDIR", "/var/run/openvswitch")
    return "unix:" + os.path.join(rundir, "db.sock")


class Db(object):
    """One connection to ovsdb-server, for one command."""

    def __init__(self, remote, timeout, conditions=None):
        if ovs is None:
            raise Error("cannot import Open vSwitch's Python library (ovs): "
                        "install python3-openvswitch")
        self.remote = remote or default_remote()
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.idl = ovs.db.idl.Idl(self.remote, self._schema_helper())
        # Only the rows a command can need: the replica of a big database
        # costs every command time.  Conditions are OR-ed clauses.
        for table, condition in (conditions or {}).items():
            self.idl.cond_change(table, condition)
        self.read = {}          # (table, uuid) -> columns read
        self._sync()

    def _fail(self, what):
        return Error("cannot %s the Open vSwitch database at %s (is "
                     "ovsdb-server running? use --db to name another)"
                     % (what, self.remote))

    def _schema_helper(self):
        error, stream = ovs.stream.Stream.open_block(
            ovs.stream.Stream.open(self.remote), self.timeout * 1000)
        if error:
            raise self._fail("connect to")
        rpc = ovs.jsonrpc.Connection(stream)
        error, reply = rpc.transact_block(ovs.jsonrpc.Message.create_request(
            "get_schema", ["Open_vSwitch"]))
        rpc.close()
        if error or reply.error:
            raise self._fail("read the schema of")
        helper = ovs.db.idl.SchemaHelper(schema_json=reply.result)
        for table, columns in COLUMNS.items():
            helper.register_columns(table, columns)
        return helper

    def _wait(self, done, what):
        """Runs the IDL until done() or the deadline; 'what' says what was
        awaited, for the error."""
        while True:
            self.idl.run()
            if done():
                return
            if time.monotonic() > self.deadline:
                raise Timeout("gave up after %d s waiting for %s (see "
                              "--timeout)" % (self.timeout, what))
            poller = ovs.poller.Poller()
            self.idl.wait(poller)
            poller.timer_wait(100)
            poller.block()

    def _sync(self):
        """Waits for the replica to be complete and current."""
        seqno = self.idl.change_seqno
        self._wait(lambda: self.idl.has_ever_connected()
                   and self.idl.change_seqno != seqno, "ovsdb-server")

    # Reading: "select" operations answered from the replica, in the JSON
    # of ovsdb-client transact, each row remembered for verify().

    def transact(self, ops):
        results = []
        for op in ops:
            assert op["op"] == "select"
            table = self.idl.tables[op["table"]]
            rows = []
            for row in table.rows.values():
                if all(self._holds(row, c) for c in op["where"]):
                    rows.append(self._json(row, op["columns"]))
                    self.read.setdefault((op["table"], row.uuid),
                                         set()).update(
                        c for c in op["columns"] if c != "_uuid")
            results.append(rows)
        return results

    def _json(self, row, columns):
        out = {}
        for column in columns:
            if column == "_uuid":
                out[column] = ["uuid", str(row.uuid)]
            else:
                out[column] = row._data[column].to_json()
        return out

    def _holds(self, row, cond):
        column, function, value = cond
        if column == "_uuid":
            return function == "==" and str(row.uuid) == value[1]
        got = row._data[column].to_json()
        if function == "==":
            return got == value
        if function == "!=" and value == ["map", []]:
            return got != value
        if function == "includes" and value[0] == "map":
            have = dict(got[1])
            return all(have.get(k) == v for k, v in value[1])
        if function == "includes" and value[0] == "uuid":
            members = got[1] if got[0] == "set" else [got]
            return value in members
        raise ValueError("unsupported condition %r" % (cond,))

    # Writing.

    def run(self, commands, wait=True, verify=True):
        """Carries out ovs-vsctl 'commands' in one transaction.  With
        'verify', the transaction fails (TryAgain) if a row read since the
        last run changed, or a port was added to or removed from any bridge.
        With 'wait', waits for ovs-vswitchd to apply it."""
        global _delayed
        if TEST_DELAY and not _delayed:
            _delayed = True
            time.sleep(TEST_DELAY)
        # No idl.run() since the checks read the replica: the
        # transaction verifies the values they saw.
        txn = ovs.db.idl.Transaction(self.idl)
        if verify:
            self._verify()
        ids = {}
        for command in commands:
            self._apply(txn, command, ids)
        if wait:
            self._root().increment("next_cfg")
        status = self._commit(txn)
        self.read = {}
        if status == ovs.db.idl.Transaction.TRY_AGAIN:
            # The command runs again from the start, with a new replica.
            if DEBUG:
                sys.stderr.write("ovs-nat64-tenant: the database changed "
                                 "under the checks: running again\n")
            self.idl.close()
            raise TryAgain()
        if status not in (ovs.db.idl.Transaction.SUCCESS,
                          ovs.db.idl.Transaction.UNCHANGED):
            raise Error("the database refused the change: %s"
                        % (txn.get_error() or status))
        if wait and status == ovs.db.idl.Transaction.SUCCESS:
            next_cfg = txn.get_increment_new_value()
            root = self._root()
            self._wait(lambda: root.cur_cfg >= next_cfg,
                       "ovs-vswitchd to apply the change (is it running?)")

    def _root(self):
        """The Open_vSwitch table's one row."""
        return next(iter(self.idl.tables["Open_vSwitch"].rows.values()))

    def _commit(self, txn):
        while True:
            status = txn.commit()
            if status != ovs.db.idl.Transaction.INCOMPLETE:
                return status
            if time.monotonic() > self.deadline:
                txn.abort()
                raise Timeout("gave up after %d s waiting for ovsdb-server "
                              "(see --timeout)" % self.timeout)
            self.idl.run()
            poller = ovs.poller.Poller()
            self.idl.wait(poller)
            txn.wait(poller)
            poller.timer_wait(100)
            poller.block()

    def _verify(self):
        tables = self.idl.tables
        for root in tables["Open_vSwitch"].rows.values():
            root.verify("bridges")
        for bridge in tables["Bridge"].rows.values():
            bridge.verify("ports")
        for (table, uuid), columns in self.read.items():
            row = tables[table].rows.get(uuid)
            if row is None:
                continue
            for column in sorted(columns):
                row.verify(column)

    def _row(self, table, ref, ids):
        """The row 'ref' names in 'table': an @id, a UUID or a name."""
        if ref.startswith("@"):
            return ids[ref]
        rows = self.idl.tables[table].rows
        for row in rows.values():
            if str(row.uuid) == ref or row.name == ref:
                return row
        raise Error("no %s %s" % (table, ref))

    def _apply(self, txn, command, ids):
        args = list(command)
        new_id = None
        if args[0].startswith("--id="):
            new_id = args.pop(0)[len("--id="):]
        verb, table = args[0], args[1]
        if verb == "create":
            row = txn.insert(self.idl.tables[table])
            ids[new_id] = row
            self._set_new(row, args[2:], ids)
        elif verb == "set":
            row = self._row(table, args[2], ids)
            for assignment in args[3:]:
                key, _, value = assignment.partition("=")
                column, _, map_key = key.partition(":")
                row.setkey(column, map_key, value.strip('"'))
        elif verb == "add":
            row = self._row(table, args[2], ids)
            for ref in args[4:]:
                row.addvalue(args[3], self._row(self._ref_table(args[3]),
                                                ref, ids))
        elif verb == "remove":
            row = self._row(table, args[2], ids)
            column = args[3]
            for item in args[4:]:
                if column == "external_ids":
                    row.delkey(column, item)
                else:
                    row.delvalue(column, self._row(self._ref_table(column),
                                                   item, ids))
        else:
            raise ValueError("unsupported ovs-vsctl command %r" % command)

    @staticmethod
    def _ref_table(column):
        return {"ports": "Port", "interfaces": "Interface"}[column]

    def _set_new(self, row, assignments, ids):
        """Sets the columns of a row the transaction creates: whole maps,
        as a new row has no old value to mutate."""
        maps = {}
        for assignment in assignments:
            key, _, value = assignment.partition("=")
            column, _, map_key = key.partition(":")
            if map_key:
                maps.setdefault(column, {})[map_key] = value.strip('"')
            elif column == "interfaces":
                setattr(row, column, [self._row("Interface", value, ids)])
            else:
                setattr(row, column, value)
        for column, value in maps.items():
            setattr(row, column, value)
