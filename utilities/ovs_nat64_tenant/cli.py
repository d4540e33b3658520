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

"""The command line: options, help and the commands' dispatch."""

import argparse
import sys

from .add import cmd_add
from .commands import cmd_check, cmd_del, cmd_list, cmd_repair, cmd_show
from .errors import Error, UsageError
from .idl import TryAgain
from .recipe import DEFAULT_PRIORITY, PROG, VERSION


DESCRIPTION = """\
Applies the ovs-nat64 per-tenant recipe (the reference paper's figure 5) to
an Open vSwitch bridge: a GRE port per tenant, two service-VM ports (v4:
the tenant's IPv4 translated to link-local IPv6; v6: its native IPv6) and
five flows with the tenant's cookie (eight with --mtu).  See
ovs-nat64-tenant(8).
"""

EPILOG = """\
commands:
  add BRIDGE TENANT --remote-ip IP --key K --v4-port IF --v6-port IF
                    [--prefix P/LEN] [--gre-port NAME] [--port-type TYPE]
                    [--priority N] [--mtu N] [--dry-run]
  add BRIDGE --batch FILE [--dry-run]
  del BRIDGE TENANT... [--if-exists] [--dry-run]   (or: del BRIDGE --all)
  list [BRIDGE] [--format table|json]
  show TENANT [BRIDGE] [--format table|json]
  check [BRIDGE [TENANT]] [--format table|json]
  repair [BRIDGE [TENANT]] [--dry-run]

"ovs-nat64-tenant COMMAND --help" describes a command.  Exit status: 0 done
(check: everything matches), 1 operational error (check: a problem found),
2 usage error.
"""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("%s: error: %s (see '%s --help')\n"
                         % (PROG, message, self.prog))
        sys.exit(2)


def common_options(parser, dry_run=False, fmt=False):
    group = parser.add_argument_group("Open vSwitch")
    group.add_argument("--db", metavar="SERVER",
                       help="the OVSDB server (default: that of ovs-vsctl, "
                       "unix:$OVS_RUNDIR/db.sock)")
    group.add_argument("--vsctl", metavar="PATH",
                       help="the ovs-vsctl that --dry-run prints (default: "
                       "$OVS_VSCTL or ovs-vsctl in PATH)")
    group.add_argument("--ofctl", metavar="PATH",
                       help="ovs-ofctl to run (default: $OVS_OFCTL or "
                       "ovs-ofctl in PATH)")
    group.add_argument("--ovsdb-client", metavar="PATH",
                       help="accepted for compatibility: the database is "
                       "read and written through Open vSwitch's Python IDL")
    group.add_argument("--timeout", metavar="SECS", type=int, default=60,
                       help="give up on Open vSwitch after SECS seconds "
                       "(default: 60)")
    if dry_run:
        parser.add_argument("--dry-run", action="store_true",
                            help="print the ovs-vsctl and ovs-ofctl "
                            "commands as shell, change nothing")
    if fmt:
        parser.add_argument("--format", choices=("table", "json"),
                            default="table", help="output format")
        parser.add_argument("--json", dest="format", action="store_const",
                            const="json", help="same as --format json")


def build_parser():
    parser = Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version",
                        version="%s (ovs-nat64) %s" % (PROG, VERSION))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                parser_class=Parser)

    p = sub.add_parser(
        "add", help="add a tenant (or check and repair it)",
        description="Adds tenant TENANT to BRIDGE: creates its GRE port and "
        "its two service ports (or uses service ports already on BRIDGE), "
        "in one ovs-vsctl transaction, checks that each works, then "
        "installs its flows in one OpenFlow bundle.  Undoes "
        "everything if a step fails.  Adding a tenant again with the same "
        "parameters reinstalls missing flows and ports.  With --batch, "
        "adds every tenant of FILE (one per line: TENANT and the options "
        "below) with one transaction and one bundle.")
    p.add_argument("bridge", metavar="BRIDGE")
    p.add_argument("tenant", metavar="TENANT", nargs="?",
                   help="the tenant's name (letters, digits, _ . -)")
    p.add_argument("--remote-ip", metavar="IP",
                   help="the tenant's end of the GRE tunnel (IPv4 or IPv6)")
    p.add_argument("--key", metavar="K",
                   help="the tenant's GRE key, 0 to 4294967295; unique on "
                   "the bridge (it makes the flow cookie)")
    p.add_argument("--v4-port", metavar="IF",
                   help="service-VM port that gets the tenant's IPv4 as "
                   "link-local IPv6")
    p.add_argument("--v6-port", metavar="IF",
                   help="service-VM port that gets the tenant's native IPv6")
    p.add_argument("--prefix", metavar="P/LEN",
                   help="RFC 6052 prefix for the translation (default "
                   "fe80::/96: nat64:4toll6 and nat64:ll6to4)")
    p.add_argument("--gre-port", metavar="NAME",
                   help="name of the GRE port (default: gre-TENANT, at most "
                   "15 characters)")
    p.add_argument("--port-type", metavar="TYPE",
                   help="interface type of the service ports the tool "
                   "creates (default: none, an existing network device "
                   "such as a VM's tap; internal: Open vSwitch creates it)")
    p.add_argument("--priority", metavar="N",
                   help="priority of the flows (default: %d)"
                   % DEFAULT_PRIORITY)
    p.add_argument("--mtu", metavar="N",
                   help="the IPv6 MTU of the v4 port's link, 1280 to 65535: "
                   "IPv4 packets that would grow past it once translated "
                   "are answered with ICMPv4 Fragmentation Needed (path "
                   "MTU discovery) or sent as IPv6 fragments that fit (IPv4 "
                   "fragments) instead of dropped at the port; default: no "
                   "check")
    p.add_argument("--batch", metavar="FILE",
                   help="add the tenants of FILE ('-': standard input), "
                   "one per line: TENANT --remote-ip IP --key K --v4-port "
                   "IF --v6-port IF [...]; --prefix, --port-type, "
                   "--priority and --mtu given here are the defaults")
    common_options(p, dry_run=True)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser(
        "del", help="remove tenants",
        description="Removes the flows (by cookie) and the ports of the "
        "tenants named: the ports add created are removed, the ports that "
        "were on the bridge before only lose the tool's external_ids.")
    p.add_argument("bridge", metavar="BRIDGE")
    p.add_argument("tenants", metavar="TENANT", nargs="*")
    p.add_argument("--all", action="store_true",
                   help="every tenant of BRIDGE, and every flow with the "
                   "tool's cookie")
    p.add_argument("--if-exists", action="store_true",
                   help="an unknown tenant is not an error")
    common_options(p, dry_run=True)
    p.set_defaults(func=cmd_del)

    p = sub.add_parser(
        "list", help="list the tenants",
        description="Lists the tenants of BRIDGE (default: of every "
        "bridge), with the number of flows that carry each one's cookie.")
    p.add_argument("bridge", metavar="BRIDGE", nargs="?")
    common_options(p, fmt=True)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "show", help="show one tenant",
        description="Shows one tenant: its settings, its ports (OpenFlow "
        "port numbers, errors), its flows with their counters and what "
        "does not match the recipe.  BRIDGE is needed only when tenants "
        "of that name exist on several bridges.")
    p.add_argument("tenant", metavar="TENANT")
    p.add_argument("bridge", metavar="BRIDGE", nargs="?")
    common_options(p, fmt=True)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "check", help="compare with the recipe",
        description="Compares OVSDB and the flow tables with the recipe, "
        "for every tenant (or those of BRIDGE, or one), and prints every "
        "difference: missing or misconfigured ports, ports that do not "
        "work, missing flows, extra flows with a tenant's cookie, flows "
        "with the tool's cookie but no tenant.  Exits 0 only when "
        "everything matches.")
    p.add_argument("bridge", metavar="BRIDGE", nargs="?")
    p.add_argument("tenant", metavar="TENANT", nargs="?")
    common_options(p, fmt=True)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "repair", help="reinstall flows (after ovs-vswitchd restarted)",
        description="Reinstalls the flows of every tenant (or those of "
        "BRIDGE, or one) whose flows do not match the recipe and whose "
        "ports work, and removes flows with the tool's cookie that belong "
        "to no tenant: what is needed after ovs-vswitchd restarted, since "
        "it does not keep flows.  Port problems are reported, not fixed.")
    p.add_argument("bridge", metavar="BRIDGE", nargs="?")
    p.add_argument("tenant", metavar="TENANT", nargs="?")
    common_options(p, dry_run=True)
    p.set_defaults(func=cmd_repair)
    return parser


def main(argv=None):
    parser = build_parser()
    opts = parser.parse_args(argv)
    if opts.command is None:
        parser.print_help(sys.stderr)
        return 2
    if getattr(opts, "tenant", None) is not None and opts.command in (
            "check", "repair") and opts.bridge is None:
        raise UsageError("give the BRIDGE before the TENANT")
    if opts.timeout <= 0:
        raise UsageError("--timeout must be positive")
    return opts.func(opts)



# How many times a command runs again when the database changed under its
# checks (another command at the same time): each time it sees the other
# command's result.
MAX_TRIES = 10


def run(argv=None):
    """main() with errors turned into messages and exit statuses."""
    try:
        for _ in range(MAX_TRIES - 1):
            try:
                return main(argv)
            except TryAgain:
                pass
        return main(argv)
    except TryAgain:
        sys.stderr.write("%s: error: the database kept changing under the "
                         "command's checks (%d tries): try again\n"
                         % (PROG, MAX_TRIES))
        return 1
    except Error as e:
        sys.stderr.write("%s: error: %s\n" % (PROG, e))
        return e.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
