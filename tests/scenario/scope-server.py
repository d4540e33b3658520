#!/usr/bin/python3
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

"""The service VM's web server of the reference paper's scenario.

An HTTP server on an IPv6 socket ([::]:80, IPV6_V6ONLY) that tells each
client which tenant it is, from the interface the request came in on: the
scope ID of the client's link-local address (sockaddr_in6.sin6_scope_id,
turned into a name with if_indextoname()).  Every tenant's IPv4 arrives
translated to link-local IPv6 on its own interface, so one process on one
address serves every tenant.  The answer is the paper's index.html:

    <html><body>This Tenant 1 of em0.</body></html>

The interface -> tenant table comes from --tenant IFACE=K (repeatable);
without it, the paper's: emN belongs to tenant N//2 + 1 (em0..em5).
A request from an interface not in the table gets 403.  Python 3 standard
library only.
"""

import argparse
import http.server
import logging
import re
import signal
import socket
import sys


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="HTTP server answering each client with its tenant, "
        "found by the IPv6 scope ID (interface) of the request.")
    p.add_argument("--bind", default="::",
                   help="IPv6 address to listen on (default ::)")
    p.add_argument("--port", type=int, default=80,
                   help="TCP port (default 80)")
    p.add_argument("--tenant", action="append", default=[],
                   metavar="IFACE=K",
                   help="interface IFACE belongs to tenant K (repeatable; "
                   "default: the paper's table, emN -> N//2 + 1 for em0..em5)")
    p.add_argument("--log", metavar="FILE",
                   help="append the log here (default: standard error)")
    p.add_argument("--timeout", type=float, default=10.0,
                   help="per-connection socket timeout in seconds "
                   "(default 10)")
    args = p.parse_args(argv)

    table = {}
    for item in args.tenant:
        m = re.fullmatch(r"([^=\s]+)=(\d+)", item)
        if not m:
            p.error("--tenant wants IFACE=K, not %r" % item)
        table[m.group(1)] = int(m.group(2))
    if not table:
        table = {"em%d" % n: n // 2 + 1 for n in range(6)}
    args.table = table
    return args


class ScopeServer(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


def make_handler(table, timeout):
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "scope-server/1.0"
        protocol_version = "HTTP/1.0"

        def setup(self):
            self.timeout = timeout  # StreamRequestHandler applies it.
            super().setup()

        def interface(self):
            # (host, port, flowinfo, scope_id) for AF_INET6.
            addr = self.client_address
            scope_id = addr[3] if len(addr) >= 4 else 0
            if not scope_id:
                return None
            try:
                return socket.if_indextoname(scope_id)
            except OSError:
                return "if%d" % scope_id

        def answer(self, send_body):
            iface = self.interface()
            tenant = table.get(iface) if iface else None
            if tenant is None:
                code = 403
                body = ("<html><body>Unknown interface %s.</body></html>\n"
                        % (iface or "(no scope ID)"))
            else:
                code = 200
                body = ("<html><body>This Tenant %d of %s.</body></html>\n"
                        % (tenant, iface))
            data = body.encode("ascii")
            self.send_response(code)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            if send_body:
                self.wfile.write(data)
            logging.info("%s%s %s %s -> %d tenant %s",
                         self.client_address[0],
                         "%" + iface if iface else " (no scope ID)",
                         self.command, self.path, code, tenant)

        def do_GET(self):
            self.answer(True)

        def do_HEAD(self):
            self.answer(False)

        def log_request(self, code="-", size="-"):
            pass  # answer() logs each request, with its interface.

        def log_message(self, fmt, *args):
            logging.info("%s: " + fmt, self.client_address[0], *args)

        def log_error(self, fmt, *args):
            logging.warning("%s: " + fmt, self.client_address[0], *args)

    return Handler


def main(argv):
    args = parse_args(argv)
    logging.basicConfig(
        filename=args.log, level=logging.INFO,
        format="%(asctime)s scope-server[%(process)d] %(levelname)s "
        "%(message)s")
    try:
        server = ScopeServer((args.bind, args.port, 0, 0),
                             make_handler(args.table, args.timeout))
    except OSError as e:
        logging.error("cannot listen on [%s]:%d: %s",
                      args.bind, args.port, e)
        print("scope-server: cannot listen on [%s]:%d: %s"
              % (args.bind, args.port, e), file=sys.stderr)
        return 1
    logging.info("listening on [%s]:%d, tenants %s", args.bind, args.port,
                 " ".join("%s=%d" % kv for kv in sorted(args.table.items())))
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        logging.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
