#!/bin/bash
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

# TSO/GSO through the kernel datapath's nat64 action (in the VM:
# utilities/ovs-nat64-vm tests/vm/vm-tso.sh).  An IPv4 client (namespace
# tso4, 192.168.0.10) and an IPv6-only server (tso6, fe80::c0a8:64) on br0;
# veth keeps TSO on, so TCP hands the datapath 64 KB GSO packets.  A random
# file crosses each way (4->6: the client sends; 6->4: the server sends) and
# its SHA-256 must arrive intact, twice:
#   1. every offload on: the flow statistics (one count per sk_buff) show
#      GSO packets entering the action, and the output port's transmit
#      counters show GSO packets leaving it: the action did not segment;
#   2. checksum and TSO offload off on the output ports: the kernel then
#      segments and checksums the translated GSO packets in software, which
#      only works if the action set gso_type, the headers and the
#      CHECKSUM_PARTIAL seed right; the receivers count no checksum error.

set -u
NAME=vm-tso
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs

SIZE_MB=${TSO_SIZE_MB:-8}
MIN_AVG=3000            # bytes per packet that only GSO packets reach

vm_ovs_start
vm_port tso4 v4
vm_port tso6 v6
run ip -n tso4 addr add 192.168.0.10/24 dev eth0
vm_ipv6_only tso6 fe80::c0a8:64
run ip -n tso4 link set eth0 up
run ip -n tso6 link set eth0 up
run ovs-ofctl add-flow br0 in_port=v4,ip,actions=nat64:4toll6,output:v6
run ovs-ofctl add-flow br0 in_port=v4,arp,actions=nat64:4toll6,output:v6
run ovs-ofctl add-flow br0 in_port=v6,ipv6,actions=nat64:ll6to4,output:v4
say "offloads of tso4's eth0: $(ip netns exec tso4 ethtool -k eth0 \
    | grep -E '^(tcp-segmentation-offload|tx-checksumming|generic-segmentation-offload):' \
    | tr -s ' \n' ' ')"

blob=$d/blob
run head -c $((SIZE_MB << 20)) /dev/urandom > "$blob"
want=$(sha256sum < "$blob" | cut -d' ' -f1)

# The transfer program: "sink PORT" (server) or "sink-client ADDR PORT"
# reads everything and prints "BYTES SHA256"; "source PORT FILE" (server)
# or "source-client ADDR PORT FILE" sends FILE.
xfer='
import hashlib, socket, sys
mode = sys.argv[1]
if mode.endswith("-client"):
    c = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=60)
    args = sys.argv[4:]
else:
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", int(sys.argv[2])))
    s.listen(1)
    c, _ = s.accept()
    c.settimeout(60)
    args = sys.argv[3:]
if mode.startswith("sink"):
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b)
        n += len(b)
    print(n, h.hexdigest())
else:
    c.sendall(open(args[0], "rb").read())
    c.shutdown(socket.SHUT_WR)
    c.recv(1)
c.close()
'

# flow_stats MATCH: "PACKETS BYTES" of br0's flow whose match has MATCH.
flow_stats() {
    ovs-ofctl dump-flows br0 "$1" \
        | sed -n 's/.*n_packets=\([0-9]*\), n_bytes=\([0-9]*\),.*/\1 \2/p'
}
# tx_stats PORT: "PACKETS BYTES" that br0 sent to PORT (the kernel counts
# one per sk_buff).
tx_stats() {
    ovs-ofctl dump-ports br0 "$1" \
        | sed -n 's/.*tx pkts=\([0-9]*\), bytes=\([0-9]*\),.*/\1 \2/p'
}
# avg BEFORE AFTER: bytes per packet between two "PACKETS BYTES".
avg() {
    set -- $1 $2
    [ $(($3 - $1)) -gt 0 ] || { echo 0; return; }
    echo $((($4 - $2) / ($3 - $1)))
}
csum_errors() {
    local counters
    counters=$(ip netns exec "$1" nstat -az 2>/dev/null)
    printf '%s\n' "$counters" | grep -q '^TcpInCsumErrors ' \
        || fail "nstat shows no TcpInCsumErrors in $1"
    printf '%s\n' "$counters" \
        | awk '$1 ~ /InCsumErrors$/ { n += $2 } END { print n + 0 }'
}

# transfer DIR ROUND: one file across, DIR 4to6 or 6to4; checks the hash
# and, in round 1, that GSO packets entered and left the action.
failures=0
transfer() {
    local dir=$1 round=$2 port server got flow out in_before in_after \
          tx_before tx_after in_avg tx_avg errs_before errs_after
    if [ $dir = 4to6 ]; then
        port=5001 flow="in_port=v4,ip" out=v6
        ip netns exec tso6 $PY -c "$xfer" sink $port > "$d/got" 2>"$d/err" &
    else
        port=5002 flow="in_port=v6,ipv6" out=v4
        ip netns exec tso6 $PY -c "$xfer" source $port "$blob" 2>"$d/err" &
    fi
    server=$!
    vm_wait_listen tso6 $port
    in_before=$(flow_stats "$flow") tx_before=$(tx_stats $out)
    errs_before=$(( $(csum_errors tso4) + $(csum_errors tso6) ))
    if [ $dir = 4to6 ]; then
        ip netns exec tso4 $PY -c "$xfer" source-client 192.168.0.100 $port \
            "$blob" || fail "$dir: the client failed"
        wait $server
        got=$(cat "$d/got")
    else
        got=$(ip netns exec tso4 $PY -c "$xfer" sink-client 192.168.0.100 \
              $port) || fail "$dir: the client failed"
        wait $server
    fi
    in_after=$(flow_stats "$flow") tx_after=$(tx_stats $out)
    errs_after=$(( $(csum_errors tso4) + $(csum_errors tso6) ))
    in_avg=$(avg "$in_before" "$in_after")
    tx_avg=$(avg "$tx_before" "$tx_after")
    say "round $round $dir: received '$got'; into the action $in_avg" \
        "bytes/packet, out of $out $tx_avg bytes/packet; checksum errors" \
        "$((errs_after - errs_before))"
    if [ "$got" != "$((SIZE_MB << 20)) $want" ]; then
        echo "$NAME: FAIL: round $round $dir: expected $((SIZE_MB << 20))" \
             "$want" >&2
        failures=$((failures + 1))
    fi
    if [ $round = 1 ] && { [ "$in_avg" -lt $MIN_AVG ] \
                           || [ "$tx_avg" -lt $MIN_AVG ]; }; then
        echo "$NAME: FAIL: round 1 $dir: no GSO packets through the action" \
             "(in $in_avg, out $tx_avg bytes/packet; expected > $MIN_AVG)" >&2
        failures=$((failures + 1))
    fi
    if [ $((errs_after - errs_before)) != 0 ]; then
        echo "$NAME: FAIL: round $round $dir: checksum errors" >&2
        failures=$((failures + 1))
    fi
}

say "round 1: offloads on, $SIZE_MB MiB each way"
transfer 4to6 1
transfer 6to4 1
say "round 2: tx checksum and TSO off on br0's output ports v4 and v6"
run ethtool -K v4 tx off
run ethtool -K v6 tx off
transfer 4to6 2
transfer 6to4 2

echo "--- /proc/net/ovs_nat64_drops"
cat /proc/net/ovs_nat64_drops
ovs-ofctl dump-flows br0
[ $failures = 0 ] || fail "$failures check(s) failed"
say "PASS"
