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

"""A TCP transfer for the path MTU tests (tests/vm/vm-too-big.sh,
tests/scenario/nat64-scenario.sh), run in a network namespace each:

  tcp-transfer.py receive 4|6 PORT SECONDS
      listens on PORT (IPv4 or IPv6 wildcard), prints "ready", accepts one
      connection and prints the number of bytes it got before the sender
      closed, or before SECONDS passed without any.
  tcp-transfer.py send ADDR PORT BYTES
      connects to ADDR (a scope "%eth0" allowed) and sends BYTES zeros,
      then waits for the receiver to close.
"""

import socket
import sys


def receive(family, port, seconds):
    six = family == "6"
    s = socket.socket(socket.AF_INET6 if six else socket.AF_INET,
                      socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::" if six else "0.0.0.0", int(port)))
    s.listen(1)
    s.settimeout(int(seconds) + 30)
    print("ready", flush=True)
    c, _ = s.accept()
    c.settimeout(int(seconds))
    n = 0
    try:
        while True:
            b = c.recv(65536)
            if not b:
                break
            n += len(b)
    except socket.timeout:
        pass
    print(n, flush=True)


def send(addr, port, nbytes):
    s = socket.create_connection((addr, int(port)), timeout=10)
    s.sendall(bytes(int(nbytes)))
    s.shutdown(socket.SHUT_WR)
    s.recv(1)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "receive":
        receive(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "send":
        send(*sys.argv[2:])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
