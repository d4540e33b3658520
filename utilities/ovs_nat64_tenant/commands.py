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

"""The del, list, show, check and repair commands."""

import json
import sys

from .add import bundle_lines, print_vsctl
from .errors import Error, UsageError
from .flows import describe_expected
from .ovs import Ovs, shell_line
from .ovsdb import (
    ext_includes, gre_key, IFACE_COLS, oset, ouuid, PORT_COLS, same_ip,
    select, State)
from .recipe import (
    check_name, COOKIE_BASE, COOKIE_MASK, K_CREATED, K_KEY, K_MTU,
    K_PREFIX, K_PRIORITY, K_REMOTE, K_ROLE, K_TENANT, K_V4PORT, K_V6PORT,
    MAX_TENANT_NAME, PROG, ROLE_TEXT, ROLES)


def cmd_del(opts):
    check_name("bridge", opts.bridge, 255)
    if opts.all == bool(opts.tenants):
        raise UsageError("del needs BRIDGE and TENANT... (or BRIDGE --all)")
    for tenant in opts.tenants:
        check_name("tenant", tenant, MAX_TENANT_NAME)
    ovs = Ovs(opts)
    if opts.all:
        ops = [select("Port", [["external_ids", "!=", ["map", []]]],
                      PORT_COLS)]
    else:
        ops = [select("Port", ext_includes(K_TENANT, t), PORT_COLS)
               for t in opts.tenants]
    state, rows = ovs.read_bridge(opts.bridge, ops)
    state.add_rows(sum(rows, []))
    tenants = {t.name: t for t in state.tenants(opts.bridge)}
    missing = [t for t in opts.tenants if t not in tenants]
    if missing and not opts.if_exists:
        raise Error("no tenant %s on %s (see %s list %s; --if-exists "
                    "ignores this)" % (", ".join(missing), opts.bridge, PROG,
                                       opts.bridge))
    if opts.all:
        todo = list(tenants.values())
    else:
        todo = [tenants[t] for t in opts.tenants if t in tenants]

    flow_lines = []
    if opts.all:
        flow_lines.append("flow delete cookie=%#x/%#x"
                          % (COOKIE_BASE, COOKIE_MASK))
    else:
        for cookie in sorted({t.cookie for t in todo if t.cookie}):
            flow_lines.append("flow delete cookie=%#x/-1" % cookie)
    commands = []
    removed = []
    untagged = []
    for tenant in todo:
        for role, port in sorted(tenant.ports.items()):
            if port.ext.get(K_CREATED) == "true":
                removed.append(port)
            else:
                # The keys add sets on a port it did not create.
                keys = [K_CREATED, K_KEY, K_ROLE, K_TENANT]
                if role == "gre":
                    keys += [K_MTU, K_PREFIX, K_PRIORITY, K_REMOTE,
                             K_V4PORT, K_V6PORT]
                commands.append(["remove", "Port", port.uuid,
                                 "external_ids"] + sorted(keys))
                untagged.append(port)
    if removed:
        commands.append(["remove", "Bridge", opts.bridge, "ports"]
                        + [p.uuid for p in removed])

    if not todo and not opts.all:
        print("%s: no tenant %s: nothing to do"
              % (opts.bridge, ", ".join(opts.tenants)))
        return 0
    names = ", ".join(t.name for t in todo[:10]) or "no tenant"
    if len(todo) > 10:
        names += " and %d more" % (len(todo) - 10)
    if opts.dry_run:
        print("# %s del %s %s: removes the ports %s%s, then %s" % (
            PROG, opts.bridge, "--all" if opts.all else " ".join(
                opts.tenants),
            " ".join(p.name for p in removed) or "(none)",
            "; untags " + " ".join(p.name for p in untagged)
            if untagged else "", "every flow with the tool's cookie"
            if opts.all else "the flows with cookie " + ", ".join(
                "%#x" % t.cookie for t in todo if t.cookie)))
        if commands:
            print_vsctl(ovs, commands)
        if flow_lines:
            print("%s <<'EOF'" % shell_line(ovs.bundle_argv(opts.bridge)))
            print("\n".join(flow_lines))
            print("EOF")
        return 0
    # The ports first: if that fails, nothing has changed.  Flows left
    # behind without their ports match nothing (repair removes them);
    # ports left behind without their flows would see their traffic
    # switched by the bridge's other flows.
    if commands:
        try:
            ovs.vsctl_run(commands)
        except Error as e:
            raise Error("%s; nothing changed" % e)
    if flow_lines:
        try:
            ovs.bundle(opts.bridge, flow_lines)
        except Error as e:
            raise Error("%s; the ports of %s are removed but not their flows: "
                        "remove those with: %s repair %s"
                        % (e, names, PROG, opts.bridge))
    print("%s: deleted %s (%d ports removed, %d untagged)"
          % (opts.bridge, names, len(removed), len(untagged)))
    return 0


# ---------------------------------------------------------------------------
def print_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows)
              for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths))
              .rstrip())


def print_json(value):
    json.dump(value, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def tenant_summary(tenant, nflows):
    spec = tenant.spec
    summary = {"bridge": tenant.bridge, "tenant": tenant.name,
            "key": tenant.key,
            "remote_ip": spec.remote_ip if spec else None,
            "gre_port": tenant.port_name("gre"),
            "v4_port": tenant.port_name("v4"),
            "v6_port": tenant.port_name("v6"),
            "prefix": spec.prefix if spec else None,
            "priority": spec.priority if spec else None,
            "cookie": "%#x" % tenant.cookie if tenant.cookie else None,
            "flows": nflows}
    if spec and spec.mtu is not None:
        summary["mtu"] = spec.mtu
    return summary


def cmd_list(opts):
    ovs = Ovs(opts)
    state = ovs.read_all(ifaces=False)
    if opts.bridge is not None and opts.bridge not in state.bridges:
        raise Error("no bridge %s (see ovs-vsctl list-br)" % opts.bridge)
    tenants = state.tenants(opts.bridge)
    counts = {}
    for bridge in sorted({t.bridge for t in tenants}):
        try:
            flows = ovs.dump_flows(bridge)
        except Error as e:
            # The database says enough: list without the flow counts.
            sys.stderr.write("%s: warning: %s; FLOWS unknown\n" % (PROG, e))
            continue
        for flow in flows:
            counts[(bridge, flow.cookie)] = counts.get(
                (bridge, flow.cookie), 0) + 1
        for tenant in tenants:
            if tenant.bridge == bridge:
                counts.setdefault((bridge, tenant.cookie), 0)
    summaries = [tenant_summary(t, counts.get((t.bridge, t.cookie)))
                 for t in tenants]
    if opts.format == "json":
        print_json(summaries)
    elif summaries:
        print_table(["BRIDGE", "TENANT", "KEY", "REMOTE-IP", "GRE-PORT",
                     "V4-PORT", "V6-PORT", "PREFIX", "FLOWS"],
                    [[s["bridge"], s["tenant"], dash(s["key"]),
                      dash(s["remote_ip"]), dash(s["gre_port"]),
                      dash(s["v4_port"]), dash(s["v6_port"]),
                      dash(s["prefix"]),
                      "?" if s["flows"] is None else s["flows"]]
                     for s in summaries])
    return 0


def dash(value):
    return "-" if value is None or value == "" else value


def find_tenant(state, name, bridge):
    tenants = state.tenants(bridge, name)
    if not tenants:
        raise Error("no tenant %s%s (see %s list)"
                    % (name, " on " + bridge if bridge else "", PROG))
    if len(tenants) > 1:
        raise Error("tenant %s exists on the bridges %s: name one"
                    % (name, ", ".join(t.bridge for t in tenants)))
    return tenants[0]


def cmd_show(opts):
    check_name("tenant", opts.tenant, MAX_TENANT_NAME)
    ovs = Ovs(opts)
    rows = ovs.transact([select("Bridge", [], ["name", "ports"]),
                         select("Port", ext_includes(K_TENANT, opts.tenant),
                                PORT_COLS)])
    state = State()
    for row in rows[0]:
        state.bridges[row["name"]] = {ouuid(u) for u in oset(row["ports"])}
    if opts.bridge is not None and opts.bridge not in state.bridges:
        raise Error("no bridge %s (see ovs-vsctl list-br)" % opts.bridge)
    state.add_rows(rows[1])
    tenant = find_tenant(state, opts.tenant, opts.bridge)
    uuids = [u for p in tenant.ports.values() for u in p.ifaces]
    if uuids:
        state.add_rows(ifaces=sum(ovs.transact(
            [select("Interface", [["_uuid", "==", ["uuid", u]]], IFACE_COLS)
             for u in uuids]), []))
    flows = []
    if tenant.cookie is not None:
        flows = ovs.dump_flows(tenant.bridge, tenant.cookie,
                               0xffffffffffffffff)
    problems = tenant_problems(tenant, flows, state)
    ofports = tenant.ofports()
    if tenant.spec is not None and ofports is not None:
        order = {k: i for i, k in
                 enumerate(tenant.spec.expected_flows(*ofports))}
        flows.sort(key=lambda f: order.get(f.key(), len(order)))

    ports = []
    for role in ROLES:
        port = tenant.ports.get(role)
        iface = state.port_iface(port) if port else None
        ports.append({
            "role": role, "name": tenant.port_name(role),
            "present": port is not None,
            "created": tenant.created(role) if port else None,
            "type": iface.type if iface else None,
            "ofport": iface.ofport if iface else None,
            "error": iface.error if iface else None,
            "options": iface.options if iface and role == "gre" else None})
    info = tenant_summary(tenant, len(flows))
    info["ports"] = ports
    info["flows"] = [f.as_json() for f in flows]
    info["problems"] = [{"kind": k, "message": m} for k, m in problems]
    if opts.format == "json":
        print_json(info)
        return 0

    print("tenant %s on bridge %s" % (tenant.name, tenant.bridge))
    spec = tenant.spec
    print("  key %s, remote IP %s, prefix %s, priority %s, cookie %s%s"
          % (dash(tenant.key), dash(spec and spec.remote_ip),
             dash(spec and spec.prefix), dash(spec and spec.priority),
             dash(info["cookie"]),
             ", MTU %d" % spec.mtu if spec and spec.mtu else ""))
    print("  ports:")
    print_table(["    ROLE", "PORT", "OFPORT", "TYPE", "CREATED", "ERROR"],
                [["    " + p["role"], dash(p["name"]),
                  dash(p["ofport"]) if p["present"] else "missing",
                  dash(p["type"]) if p["present"] else "-",
                  ("yes" if p["created"] else "no") if p["present"] else "-",
                  dash(p["error"])] for p in ports])
    print("  flows (%d):" % len(flows))
    if flows:
        print_table(["    PACKETS", "BYTES", "FLOW"],
                    [["    %d" % f.n_packets, f.n_bytes,
                      f.describe().split(",", 1)[1]] for f in flows])
    if problems:
        print("  problems (see %s check):" % PROG)
        for kind, message in problems:
            print("    %s: %s" % (kind, message))
    return 0


def tenant_problems(tenant, flows, state):
    """What is wrong with 'tenant' compared with the recipe: [(kind, text)].
    'flows' are the flows with its cookie."""
    problems = list(tenant.problems)
    spec = tenant.spec
    for role in ROLES:
        port = tenant.ports.get(role)
        name = tenant.port_name(role)
        if port is None:
            problems.append(("missing-port", "%s %s is missing"
                             % (ROLE_TEXT[role], name or "(name unknown)")))
            continue
        iface = state.port_iface(port)
        if iface is None:
            problems.append(("wrong-port", "port %s is not a single "
                             "interface of the same name" % port.name))
            continue
        if spec and spec.ports[role] != port.name:
            problems.append(("bad-tags", "the GRE port records %s as the %s, "
                             "but the %s is %s" % (spec.ports[role],
                                                   ROLE_TEXT[role],
                                                   ROLE_TEXT[role],
                                                   port.name)))
        if role == "gre":
            wrong = []
            if iface.type != "gre":
                wrong.append("type %s (not gre)" % (iface.type or '""'))
            if spec and not same_ip(iface.options.get("remote_ip"),
                                    spec.remote_ip):
                wrong.append("options:remote_ip=%s (recorded: %s)"
                             % (iface.options.get("remote_ip"),
                                spec.remote_ip))
            if tenant.key is not None and gre_key(iface.options) != tenant.key:
                wrong.append("options:key=%s (recorded: %d)"
                             % (iface.options.get("key"), tenant.key))
            if wrong:
                problems.append(("wrong-options", "GRE port %s has %s"
                                 % (port.name, ", ".join(wrong))))
        if iface.problem():
            problems.append(("port-error", "port %s does not work: %s"
                             % (port.name, iface.problem())))
    ofports = tenant.ofports()
    if spec is None or ofports is None:
        if flows:
            problems.append(("unchecked-flows", "%d flows with cookie %#x "
                             "cannot be checked until its ports work"
                             % (len(flows), tenant.cookie)))
        elif tenant.cookie is not None:
            problems.append(("missing-flow", "no flow with cookie %#x"
                             % tenant.cookie))
        return problems
    expected = set(spec.expected_flows(*ofports))
    have = {}
    for flow in flows:
        have.setdefault(flow.key(), flow)
    for key in sorted(expected - set(have), key=str):
        problems.append(("missing-flow", describe_expected(key,
                                                           tenant.cookie)))
    for key in sorted(set(have) - expected, key=str):
        problems.append(("extra-flow", have[key].describe()))
    return problems


def check_state(ovs, state, bridge, tenant_name):
    """(number of tenants checked, [(bridge, tenant, kind, text)]) for the
    scope given, and the tenants with their flows."""
    tenants = state.tenants(bridge, tenant_name)
    if tenant_name is not None and not tenants:
        raise Error("no tenant %s on %s (see %s list %s)"
                    % (tenant_name, bridge, PROG, bridge))
    bridges = [bridge] if bridge else sorted(state.bridges)
    problems = []
    checked = []
    for br in bridges:
        flows = ovs.dump_flows(br)
        here = [t for t in tenants if t.bridge == br]
        by_cookie = {}
        for flow in flows:
            by_cookie.setdefault(flow.cookie, []).append(flow)
        keys = {}
        for t in state.tenants(br):
            if t.key is not None:
                keys.setdefault(t.key, []).append(t.name)
        for tenant in here:
            tflows = by_cookie.get(tenant.cookie, [])
            checked.append((tenant, tflows))
            for kind, text in tenant_problems(tenant, tflows, state):
                problems.append((br, tenant.name, kind, text))
            if tenant.key is not None and len(keys[tenant.key]) > 1:
                problems.append((br, tenant.name, "duplicate-key",
                                 "key %d is also tenant %s's on %s" % (
                                     tenant.key, ", ".join(
                                         n for n in keys[tenant.key]
                                         if n != tenant.name), br)))
            spec = tenant.spec
            if spec is not None:
                for iface in state.tunnels(spec.remote_ip, tenant.key):
                    if iface.name != tenant.port_name("gre"):
                        problems.append((br, tenant.name, "duplicate-tunnel",
                                         "port %s also tunnels key %d to %s"
                                         % (iface.name, tenant.key,
                                            spec.remote_ip)))
        if tenant_name is None:
            for cookie in sorted(by_cookie):
                if cookie & 0xffffffff not in keys:
                    for flow in by_cookie[cookie]:
                        problems.append((br, None, "orphan-flow",
                                         "flow with the tool's cookie but "
                                         "no tenant with key %d: %s" % (
                                             cookie & 0xffffffff,
                                             flow.describe())))
    return checked, problems


def cmd_check(opts):
    ovs = Ovs(opts)
    state = ovs.read_all()
    if opts.bridge is not None and opts.bridge not in state.bridges:
        raise Error("no bridge %s (see ovs-vsctl list-br)" % opts.bridge)
    checked, problems = check_state(ovs, state, opts.bridge, opts.tenant)
    nbridges = len({t.bridge for t, _ in checked})
    if opts.format == "json":
        print_json({"ok": not problems, "tenants": len(checked),
                    "bridges": nbridges,
                    "problems": [{"bridge": b, "tenant": t, "kind": k,
                                  "message": m}
                                 for b, t, k, m in problems]})
    else:
        for b, t, kind, message in problems:
            print("%s%s: %s: %s" % (b, " " + t if t else "", kind, message))
        summary = "%d tenant%s on %d bridge%s" % (
            len(checked), "" if len(checked) == 1 else "s",
            nbridges, "" if nbridges == 1 else "s")
        if problems:
            print("check: %s: %d problem%s" % (summary, len(problems),
                                              "" if len(problems) == 1
                                              else "s"))
        else:
            print("check: %s: everything matches the recipe" % summary)
    return 1 if problems else 0


def cmd_repair(opts):
    """Reinstalls the flows of every tenant whose ports work and removes
    flows with the tool's cookie that belong to no tenant."""
    ovs = Ovs(opts)
    state = ovs.read_all()
    if opts.bridge is not None and opts.bridge not in state.bridges:
        raise Error("no bridge %s (see ovs-vsctl list-br)" % opts.bridge)
    checked, problems = check_state(ovs, state, opts.bridge, opts.tenant)
    flow_kinds = {"missing-flow", "extra-flow", "orphan-flow"}
    fixable = {}
    for b, t, kind, message in problems:
        if kind in flow_kinds:
            fixable.setdefault(b, set()).add(t)
    unfixable = [p for p in problems if p[2] not in flow_kinds]
    for b, t, kind, message in unfixable:
        print("%s %s: %s: %s (repair does not fix this)"
              % (b, t, kind, message))
    tenants = {(t.bridge, t.name): t for t, _ in checked}
    done = 0
    printed = False
    for bridge, names in sorted(fixable.items()):
        lines = []
        for name in sorted(n for n in names if n is not None):
            tenant = tenants[(bridge, name)]
            ofports = tenant.ofports()
            if tenant.spec is None or ofports is None:
                continue
            lines += bundle_lines(tenant.spec, *ofports)
            done += 1
        if None in names:
            keys = {t.key for t in state.tenants(bridge)}
            for cookie in sorted({f.cookie for f in ovs.dump_flows(bridge)}):
                if cookie & 0xffffffff not in keys:
                    lines.append("flow delete cookie=%#x/-1" % cookie)
        if not lines:
            continue
        if opts.dry_run:
            print("%s <<'EOF'" % shell_line(ovs.bundle_argv(bridge)))
            print("\n".join(lines))
            print("EOF")
            printed = True
        else:
            ovs.bundle(bridge, lines)
    left = ("; %d problem%s left (see above)"
            % (len(unfixable), "" if len(unfixable) == 1 else "s")
            if unfixable else "")
    if not opts.dry_run:
        print("repair: reinstalled the flows of %d tenant%s%s"
              % (done, "" if done == 1 else "s", left))
    elif not printed:
        print("# repair: no flow to reinstall or remove%s" % left)
    return 1 if unfixable else 0
