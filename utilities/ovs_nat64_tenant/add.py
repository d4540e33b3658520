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

"""The add command, alone and with --batch: checks, plans, one transaction
and one bundle, undone on failure."""

import argparse
import shlex
import sys

from .errors import Error, Timeout, UsageError
from .ovs import MAX_VSCTL_ARGS, Ovs, shell_line
from .ovsdb import (
    by_name, ext_includes, IFACE_COLS, PORT_COLS, select, State, Tenant)
from .recipe import K_KEY, K_TENANT, PROG, ROLE_TEXT, ROLES, spec_from_options


class Plan(object):
    """What 'add' does for one tenant."""

    def __init__(self, spec):
        self.spec = spec
        self.create = []            # roles whose port the run creates
        self.adopt = {}             # role -> Port (existing, untagged)
        self.keep = {}              # role -> Port (the tenant's already)
        self.existing = False       # the tenant exists already

    def vsctl_commands(self, n=0):
        """ovs-vsctl commands for the ports; 'n' numbers the @ids."""
        spec = self.spec
        commands = []
        new_ports = []
        for role in self.create:
            name = spec.ports[role]
            iface, port = "@i%d%s" % (n, role), "@p%d%s" % (n, role)
            command = ["--id=" + iface, "create", "Interface", "name=" + name]
            if role == "gre":
                command += ["type=gre", "options:remote_ip=" + spec.remote_ip,
                            "options:key=%d" % spec.key]
            elif spec.port_type:
                command.append("type=" + spec.port_type)
            commands.append(command)
            commands.append(
                ["--id=" + port, "create", "Port", "name=" + name,
                 "interfaces=" + iface]
                + ["external_ids:%s=%s" % kv
                   for kv in sorted(spec.tags(role, True).items())])
            new_ports.append(port)
        for role, port in sorted(self.adopt.items()):
            commands.append(["set", "Port", port.name]
                            + ["external_ids:%s=%s" % kv for kv in
                               sorted(spec.tags(role, False).items())])
        return commands, new_ports

    def describe(self):
        parts = []
        for role in ROLES:
            name = self.spec.ports[role]
            how = ("new" if role in self.create else
                   "existing" if role in self.adopt else "kept")
            parts.append("%s %s (%s)" % (ROLE_TEXT[role], name, how))
        return ", ".join(parts)


def plan_add(state, spec, other_bridge_of=None):
    """Checks 'spec' against OVSDB ('state': the bridge, the ports named by
    the spec, the ports tagged with its tenant or its key, the GRE
    interfaces with its key); returns a Plan or raises Error."""
    plan = Plan(spec)
    br = spec.bridge
    fix = "remove it first with: %s del %s %s" % (PROG, br, spec.tenant)

    # The tenant itself.
    mine = state.tenant_ports(br, spec.tenant)
    if mine:
        plan.existing = True
        tenant = Tenant(br, spec.tenant, mine, state)
        if tenant.problems:
            raise Error("tenant %s on %s exists but its records are "
                        "inconsistent (%s): %s"
                        % (spec.tenant, br, tenant.problems[0][1], fix))
        if tenant.spec is not None:
            diffs = spec.differences(tenant.spec)
        else:
            diffs = ["key %s (asked: %s)" % (tenant.key, spec.key)] \
                if tenant.key != spec.key else []
            for role, port in tenant.ports.items():
                if port.name != spec.ports[role]:
                    diffs.append("%s %s (asked: %s)" % (
                        ROLE_TEXT[role], port.name, spec.ports[role]))
        if diffs:
            raise Error("tenant %s on %s exists with other parameters: %s; "
                        "%s" % (spec.tenant, br, "; ".join(diffs), fix))

    # Its key: one tenant per key on a bridge (the key makes the cookie).
    others = state.key_owners(br, spec.key) - {spec.tenant}
    if others:
        raise Error("key %d is already used on %s by tenant %s (its flows "
                    "have the cookie %#x): choose another key or remove that "
                    "tenant" % (spec.key, br, ", ".join(sorted(others)),
                                spec.cookie))

    # Its tunnel: one GRE port per remote IP and key in the whole switch.
    for iface in state.tunnels(spec.remote_ip, spec.key):
        if iface.name != spec.ports["gre"]:
            raise Error("port %s already tunnels GRE key %d to %s: one "
                        "tunnel per remote IP and key (choose another key "
                        "or remove %s)" % (iface.name, spec.key,
                                           spec.remote_ip, iface.name))

    # Its three ports.
    for role in ROLES:
        name = spec.ports[role]
        port = state.port(name)
        iface = state.iface(name)
        if port is None:
            if iface is not None:
                raise Error("interface %s exists as part of another port: "
                            "choose another name for the %s"
                            % (name, ROLE_TEXT[role]))
            plan.create.append(role)
            continue
        if port.tenant is not None:
            if port.tenant == spec.tenant and port.bridge == br:
                if port.role != role:
                    raise Error("port %s is tenant %s's %s, not its %s; %s"
                                % (name, spec.tenant, port.role, role, fix))
                plan.keep[role] = port
                continue
            where = port.bridge or (other_bridge_of and other_bridge_of(port))
            raise Error("port %s belongs to tenant %s%s: choose another "
                        "port" % (name, port.tenant,
                                  " on " + where if where else ""))
        if role == "gre":
            raise Error("the GRE port name %s is in use by a port that %s "
                        "did not create: choose another with --gre-port NAME"
                        % (name, PROG))
        if port.bridge != br:
            where = other_bridge_of(port) if other_bridge_of else None
            raise Error("port %s is on %s, not on %s: choose another port or "
                        "move it" % (name, "bridge " + where if where
                                     else "another bridge", br))
        if len(port.ifaces) != 1 or (iface is None
                                     or iface.uuid != port.ifaces[0]):
            raise Error("port %s is not a single interface of the same name "
                        "(a bond?): the %s must be one interface"
                        % (name, ROLE_TEXT[role]))
        plan.adopt[role] = port
    return plan


def read_for_add(ovs, spec):
    """One read of the database: what plan_add() needs to know."""
    names = [spec.ports[r] for r in ROLES]
    gre = [["type", "==", "gre"]]
    if spec.key:
        gre = gre + [["options", "includes",
                      ["map", [["key", str(spec.key)]]]]]
    # The rows these selections (and read_after_add()'s) can return.
    ovs.narrow({
        "Port": ([by_name(n)[0] for n in names]
                 + ext_includes(K_TENANT, spec.tenant)
                 + ext_includes(K_KEY, str(spec.key))),
        "Interface": [by_name(n)[0] for n in names] + (gre[1:] or gre)})
    ops = ([select("Port", by_name(n), PORT_COLS) for n in names]
           + [select("Interface", by_name(n), IFACE_COLS) for n in names]
           + [select("Port", ext_includes(K_TENANT, spec.tenant), PORT_COLS),
              select("Port", ext_includes(K_KEY, str(spec.key)), PORT_COLS),
              select("Interface", gre, IFACE_COLS)])
    state, rows = ovs.read_bridge(spec.bridge, ops)
    state.add_rows(rows[0] + rows[1] + rows[2] + rows[6] + rows[7],
                   rows[3] + rows[4] + rows[5] + rows[8])
    return state


def read_after_add(ovs, names):
    """The Port and Interface rows named 'names' (after the change)."""
    rows = ovs.transact([select("Port", by_name(n), PORT_COLS)
                         for n in names]
                        + [select("Interface", by_name(n), IFACE_COLS)
                           for n in names])
    state = State()
    state.add_rows(sum(rows[:len(names)], []), sum(rows[len(names):], []))
    return state


def setup_problems(state, plans):
    """The ports of 'plans' that do not work after the change."""
    problems = []
    for plan in plans:
        for role in ROLES:
            name = plan.spec.ports[role]
            port = state.port(name)
            iface = state.iface(name)
            if port is None or iface is None:
                problems.append("%s: missing after the change" % name)
            elif iface.problem():
                problems.append("%s: %s" % (name, iface.problem()))
    return problems


def rollback_commands(plans, state):
    """ovs-vsctl commands that undo 'plans', given the rows after them."""
    commands = []
    by_bridge = {}
    for plan in plans:
        for role in plan.create:
            port = state.port(plan.spec.ports[role])
            if port is not None:
                by_bridge.setdefault(plan.spec.bridge, []).append(port.uuid)
        for role, port in sorted(plan.adopt.items()):
            added = [k for k in plan.spec.tags(role, False)
                     if k not in port.ext]
            restored = ["external_ids:%s=%s" % (k, port.ext[k])
                        for k in plan.spec.tags(role, False)
                        if k in port.ext]
            if added:
                commands.append(["remove", "Port", port.uuid,
                                 "external_ids"] + added)
            if restored:
                commands.append(["set", "Port", port.uuid] + restored)
    for bridge, uuids in sorted(by_bridge.items()):
        commands.append(["remove", "Bridge", bridge, "ports"] + uuids)
    return commands


def rollback(ovs, plans, why, wait=True):
    """Undoes the ports of 'plans' and raises Error('why')."""
    names = [p.spec.ports[r] for p in plans for r in ROLES]
    try:
        if len(plans) == 1:
            state = read_after_add(ovs, names)
        else:
            state = ovs.read_all(all_ports=True, ifaces=False)
        commands = rollback_commands(plans, state)
        if commands:
            # Whatever changed meanwhile: the undo goes through.
            ovs.vsctl_run(commands, wait, verify=False)
    except Error as e:
        raise Error("%s; undoing the ports failed too (%s): see %s check"
                    % (why, e, PROG))
    raise Error("%s; nothing changed (the change to the ports was undone)"
                % why)


def print_vsctl(ovs, commands):
    """Prints an ovs-vsctl command line as shell, a command per line."""
    argv = ovs.vsctl_argv(commands)
    start = argv.index("--")
    lines = [shell_line(argv[:start])]
    chunk = []
    for arg in argv[start:]:
        if arg == "--" and chunk:
            lines.append("  " + shell_line(chunk))
            chunk = []
        chunk.append(arg)
    lines.append("  " + shell_line(chunk))
    print(" \\\n".join(lines))


def vsctl_transactions(plans, bridge):
    """The ovs-vsctl transactions (lists of commands) that make the ports of
    'plans' on 'bridge': one, unless the command line would be too long."""
    transactions = []
    commands, new_ports, size = [], [], 0

    def flush():
        if new_ports:
            commands.append(["add", "Bridge", bridge, "ports"] + new_ports)
        if commands:
            transactions.append(commands)

    for n, plan in enumerate(plans):
        c, p = plan.vsctl_commands(n)
        more = sum(len(a) + 1 for cmd in c for a in cmd + ["--"]) \
            + sum(len(a) + 1 for a in p)
        if commands and size + more > MAX_VSCTL_ARGS:
            flush()
            commands, new_ports, size = [], [], 0
        commands += c
        new_ports += p
        size += more
    flush()
    return transactions


def print_dry_run(ovs, transactions, flow_lines, bridge, comment):
    print("# %s" % comment)
    print("# (a real run then checks that every port works and gives the "
          "flows the OpenFlow port numbers instead of names)")
    for commands in transactions:
        print_vsctl(ovs, commands)
    if flow_lines:
        print("%s <<'EOF'" % shell_line(ovs.bundle_argv(bridge, names=True)))
        for line in flow_lines:
            print(line)
        print("EOF")


def bundle_lines(spec, g, a, b):
    return (["flow delete cookie=%#x/-1" % spec.cookie]
            + ["flow add " + f for f in spec.flow_mods(g, a, b)])


def cmd_add(opts):
    if opts.batch is not None:
        return cmd_add_batch(opts)
    if opts.tenant is None:
        raise UsageError("add needs BRIDGE and TENANT (or --batch FILE)")
    spec = spec_from_options(opts.bridge, opts.tenant, opts)
    ovs = Ovs(opts)
    state = read_for_add(ovs, spec)
    plan = plan_add(state, spec, ovs_bridge_of(ovs))
    what = "tenant %s on %s" % (spec.tenant, spec.bridge)

    if opts.dry_run:
        if plan.existing and not plan.create and not plan.adopt:
            print("# %s is already configured; a real run would check its "
                  "flows and reinstall them if one is missing or wrong"
                  % what)
            return 0
        print_dry_run(ovs, vsctl_transactions([plan], spec.bridge),
                      bundle_lines(spec, *[spec.ports[r] for r in ROLES]),
                      spec.bridge,
                      "%s add %s %s: %s; flows with cookie %#x"
                      % (PROG, spec.bridge, spec.tenant, plan.describe(),
                         spec.cookie))
        return 0

    changed_ports = bool(plan.create or plan.adopt)
    if changed_ports:
        try:
            ovs.vsctl_run(vsctl_transactions([plan], spec.bridge)[0])
        except Timeout as e:
            rollback(ovs, [plan], "%s: %s" % (what, e), wait=False)
        except Error as e:
            raise Error("%s: %s; nothing changed" % (what, e))

    after = read_after_add(ovs, [spec.ports[r] for r in ROLES])
    problems = setup_problems(after, [plan])
    if problems:
        why = "%s: a port does not work: %s" % (what, "; ".join(problems))
        if changed_ports:
            rollback(ovs, [plan], why)
        raise Error(why + " (fix the port, then run add again)")
    g, a, b = [after.iface(spec.ports[r]).ofport for r in ROLES]

    if plan.existing:
        flows = ovs.dump_flows(spec.bridge, spec.cookie, 0xffffffffffffffff)
        if {f.key() for f in flows} == set(spec.expected_flows(g, a, b)):
            if changed_ports:
                print("%s: repaired (%s); its flows were in place"
                      % (what, plan.describe()))
            else:
                print("%s: already configured" % what)
            return 0
    try:
        ovs.bundle(spec.bridge, bundle_lines(spec, g, a, b))
    except Error as e:
        if changed_ports:
            rollback(ovs, [plan], "%s: %s" % (what, e))
        raise Error("%s: %s; nothing changed" % (what, e))
    if plan.existing and changed_ports:
        print("%s: repaired (%s); reinstalled its %d flows" % (
            what, plan.describe(), spec.n_flows))
    elif plan.existing:
        print("%s: already configured; reinstalled its %d flows (one was "
              "missing or wrong)" % (what, spec.n_flows))
    else:
        print("%s: added: %s; %d flows with cookie %#x"
              % (what, plan.describe(), spec.n_flows, spec.cookie))
    return 0


def ovs_bridge_of(ovs):
    """For error messages: the bridge of a port that is not on ours."""
    def bridge_of(port):
        try:
            return ovs.bridge_of(port.uuid)
        except Error:
            return None
    return bridge_of


# add --batch.

BATCH_OPTIONS = {"--remote-ip": "remote_ip", "--key": "key",
                 "--v4-port": "v4_port", "--v6-port": "v6_port",
                 "--gre-port": "gre_port", "--prefix": "prefix",
                 "--port-type": "port_type", "--priority": "priority",
                 "--mtu": "mtu"}


def parse_batch(opts):
    """The tenants of a --batch file, as Specs."""
    try:
        if opts.batch == "-":
            text = sys.stdin.read()
        else:
            with open(opts.batch) as f:
                text = f.read()
    except OSError as e:
        raise UsageError("--batch %s: %s" % (opts.batch, e.strerror))
    specs = []
    for lineno, line in enumerate(text.splitlines(), 1):
        where = "%s:%d: " % (opts.batch, lineno)
        try:
            words = shlex.split(line, comments=True)
        except ValueError as e:
            raise UsageError("%s%s" % (where, e))
        if not words:
            continue
        values = argparse.Namespace(**{v: getattr(opts, v, None)
                                       for v in BATCH_OPTIONS.values()})
        tenant = None
        i = 0
        while i < len(words):
            word = words[i]
            name, eq, value = word.partition("=")
            if name in BATCH_OPTIONS:
                if not eq:
                    if i + 1 >= len(words):
                        raise UsageError("%s%s needs a value" % (where, name))
                    i += 1
                    value = words[i]
                setattr(values, BATCH_OPTIONS[name], value)
            elif word.startswith("-"):
                raise UsageError("%sunknown option %s (a line is: TENANT "
                                 "--remote-ip IP --key K --v4-port IF "
                                 "--v6-port IF [--gre-port NAME] [--prefix "
                                 "P/LEN] [--port-type TYPE] [--priority N] "
                                 "[--mtu N])"
                                 % (where, word))
            elif tenant is None:
                tenant = word
            else:
                raise UsageError("%sone tenant per line (%s and %s)"
                                 % (where, tenant, word))
            i += 1
        if tenant is None:
            raise UsageError("%sno tenant name" % where)
        try:
            specs.append(spec_from_options(opts.bridge, tenant, values))
        except UsageError as e:
            raise UsageError("%s%s" % (where, e))
    if not specs:
        raise UsageError("--batch %s names no tenant" % opts.batch)
    return specs


def check_batch(specs):
    """Refuses two lines that would collide."""
    owners = {}
    for spec in specs:
        items = ([("name", spec.tenant), ("key", spec.key),
                  ("remote IP and key", (spec.remote_ip, spec.key))]
                 + [("port", name) for name in spec.ports.values()])
        for what, value in items:
            other = owners.get((what, value))
            if other is not None:
                shown = "" if what == "remote IP and key" else " %s" % value
                raise UsageError("--batch: tenants %s and %s have the same "
                                 "%s%s" % (other, spec.tenant, what, shown))
        for item in items:
            owners[item] = spec.tenant


def cmd_add_batch(opts):
    for opt in ("tenant", "remote_ip", "key", "v4_port", "v6_port",
                "gre_port"):
        if getattr(opts, opt) is not None:
            raise UsageError("with --batch, every tenant and its ports come "
                             "from the file: drop %s from the command line"
                             % ("TENANT" if opt == "tenant" else
                                "--" + opt.replace("_", "-")))
    specs = parse_batch(opts)
    check_batch(specs)
    ovs = Ovs(opts)
    state = ovs.read_all(all_ports=True)
    if opts.bridge not in state.bridges:
        raise Error("no bridge %s (see ovs-vsctl list-br; create it with "
                    "ovs-vsctl add-br %s)" % (opts.bridge, opts.bridge))
    plans = []
    errors = []
    for spec in specs:
        try:
            plans.append(plan_add(state, spec))
        except Error as e:
            errors.append("tenant %s: %s" % (spec.tenant, e))
    if errors:
        more = " (and %d more)" % (len(errors) - 3) if len(errors) > 3 else ""
        raise Error("--batch %s: nothing changed: %s%s"
                    % (opts.batch, "; ".join(errors[:3]), more))

    bridge = opts.bridge
    transactions = vsctl_transactions(plans, bridge)
    new_ports = sum(len(p.create) for p in plans)

    if opts.dry_run:
        lines = []
        for plan in plans:
            lines += bundle_lines(plan.spec, *[plan.spec.ports[r]
                                               for r in ROLES])
        print_dry_run(ovs, transactions, lines, bridge,
                      "%s add %s --batch %s: %d tenants, %d new ports"
                      % (PROG, bridge, opts.batch, len(plans), new_ports))
        return 0

    for i, commands in enumerate(transactions):
        try:
            ovs.vsctl_run(commands)
        except Timeout as e:
            rollback(ovs, plans, "--batch: %s" % e, wait=False)
        except Error as e:
            if i:
                rollback(ovs, plans, "--batch: %s" % e)
            raise Error("--batch: %s; nothing changed" % e)
    after = ovs.read_all(all_ports=True)
    problems = setup_problems(after, plans)
    if problems:
        more = (" (and %d more)" % (len(problems) - 3)
                if len(problems) > 3 else "")
        why = "--batch: ports do not work: %s%s" % ("; ".join(problems[:3]),
                                                     more)
        if transactions:
            rollback(ovs, plans, why)
        raise Error(why)
    lines = []
    for plan in plans:
        spec = plan.spec
        g, a, b = [after.iface(spec.ports[r]).ofport for r in ROLES]
        lines += bundle_lines(spec, g, a, b)
    try:
        ovs.bundle(bridge, lines)
    except Error as e:
        if transactions:
            rollback(ovs, plans, "--batch: %s" % e)
        raise Error("--batch: %s; nothing changed" % e)
    fresh = sum(1 for p in plans if not p.existing)
    print("%s: %d tenants added, %d already configured (their flows "
          "reinstalled); %d ports created" % (bridge, fresh,
                                              len(plans) - fresh, new_ports))
    return 0
