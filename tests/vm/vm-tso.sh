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
# The datapath flows must live from the warm-up transfer to the end of the
# measured one; under TCG the gap between them can pass the default 10 s of
# idle time after which the revalidator deletes a flow.
run ovs-vsctl set Open_vSwitch . other_config:max-idle=60000
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
warmup=$d/warmup
run head -c $((256 << 10)) /dev/urandom > "$warmup"
warmup_sum=$(sha256sum < "$warmup" | cut -d' ' -f1)

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

# dp_flows FILE PORT ETH_TYPE: writes "UFID PACKETS BYTES" of each kernel
# datapath flow from PORT with ETH_TYPE whose actions have nat64 to FILE;
# prints how many there are: the translation runs in the kernel.
dp_flows() {
    ovs-appctl dpctl/dump-flows -m > "$1.all" \
        || fail "ovs-appctl dpctl/dump-flows -m failed"
    awk -v port="in_port($2)" -v type="eth_type($3)" '
        index($0, port) && index($0, type) && /actions:.*nat64/ {
            ufid = $1; sub(/,$/, "", ufid)
            match($0, /packets:[0-9]+/); p = substr($0, RSTART + 8, RLENGTH - 8)
            match($0, /bytes:[0-9]+/); b = substr($0, RSTART + 6, RLENGTH - 6)
            print ufid, p, b
        }' "$1.all" > "$1"
    wc -l < "$1"
}
# rule_stats PORT ETH_TYPE: "PACKETS BYTES" of the OpenFlow rule from PORT
# for ETH_TYPE, whose counters the revalidators feed from its datapath
# flows, one per sk_buff as the kernel counts, and keep when a datapath
# flow goes (an idle ARP or ND flow, or one a revalidation deletes): read
# after revalidator/wait, they have every packet the datapath counted.
rule_stats() {
    ovs-appctl revalidator/wait || fail "ovs-appctl revalidator/wait failed"
    ovs-ofctl dump-flows br0 "in_port=$1,dl_type=$2" \
        | sed -n 's/.* n_packets=\([0-9]*\), n_bytes=\([0-9]*\),.*/\1 \2/p' \
        | awk '{ p += $1; b += $2 } END { print p + 0, b + 0 }'
}
# tx_stats PORT: "PACKETS BYTES" that br0 sent to PORT (the kernel counts
# one per sk_buff, and dump-ports reads them from the kernel at once).
tx_stats() {
    ovs-ofctl dump-ports br0 "$1" \
        | sed -n 's/.*tx pkts=\([0-9]*\), bytes=\([0-9]*\),.*/\1 \2/p'
}
# avg "PACKETS BYTES": bytes per packet.
avg() {
    set -- $1
    [ "$1" -gt 0 ] || { echo 0; return; }
    echo $(($2 / $1))
}
# minus "P1 B1" "P0 B0": "P1-P0 B1-B0".
minus() {
    set -- $1 $2
    echo $(($1 - $3)) $(($2 - $4))
}
csum_errors() {
    local counters
    counters=$(ip netns exec "$1" nstat -az 2>/dev/null)
    printf '%s\n' "$counters" | grep -q '^TcpInCsumErrors ' \
        || fail "nstat shows no TcpInCsumErrors in $1"
    printf '%s\n' "$counters" \
        | awk '$1 ~ /InCsumErrors$/ { n += $2 } END { print n + 0 }'
}

# send DIR PORT FILE: FILE across, DIR 4to6 (the client in tso4 sends) or
# 6to4 (the server in tso6 sends); prints what the receiver got, "BYTES
# SHA256".
send() {
    local dir=$1 port=$2 file=$3 server
    if [ $dir = 4to6 ]; then
        ip netns exec tso6 $PY -c "$xfer" sink $port > "$d/got" 2>"$d/err" &
    else
        ip netns exec tso6 $PY -c "$xfer" source $port "$file" 2>"$d/err" &
    fi
    server=$!
    vm_wait_listen tso6 $port
    if [ $dir = 4to6 ]; then
        ip netns exec tso4 $PY -c "$xfer" source-client 192.168.0.100 $port \
            "$file" || fail "$dir: the client failed ($(cat "$d/err"))"
        wait $server
        cat "$d/got"
    else
        ip netns exec tso4 $PY -c "$xfer" sink-client 192.168.0.100 $port \
            || fail "$dir: the client failed ($(cat "$d/err"))"
        wait $server
    fi
}

# transfer DIR ROUND: one file across, DIR 4to6 or 6to4; checks the hash
# and, in round 1, that GSO packets entered and left the action.  A short
# transfer first installs the datapath flows; the measurement starts only
# once dpctl/dump-flows shows them.
failures=0
transfer() {
    local dir=$1 round=$2 port in_port eth_type out got n in_before in_delta \
          tx_before tx_after in_avg tx_avg errs_before errs_after
    if [ $dir = 4to6 ]; then
        port=5001 in_port=v4 eth_type=0x0800 out=v6
    else
        port=5002 in_port=v6 eth_type=0x86dd out=v4
    fi
    got=$(send $dir $port "$warmup")
    [ "$got" = "$(wc -c < "$warmup") $warmup_sum" ] \
        || fail "round $round $dir: the warm-up transfer received '$got'"
    n=$(dp_flows "$d/dp.before" $in_port $eth_type)
    if [ "$n" = 0 ]; then
        cat "$d/dp.before.all"
        fail "round $round $dir: no datapath flow in_port($in_port)," \
             "eth_type($eth_type) with nat64 after the warm-up transfer" \
             "(dpctl/dump-flows -m above)"
    fi
    in_before=$(rule_stats $in_port $eth_type)
    tx_before=$(tx_stats $out)
    errs_before=$(( $(csum_errors tso4) + $(csum_errors tso6) ))
    got=$(send $dir $port "$blob")
    in_delta=$(minus "$(rule_stats $in_port $eth_type)" "$in_before")
    tx_after=$(tx_stats $out)
    errs_after=$(( $(csum_errors tso4) + $(csum_errors tso6) ))
    in_avg=$(avg "$in_delta")
    tx_avg=$(avg "$(minus "$tx_after" "$tx_before")")
    say "round $round $dir: received '$got'; $n datapath flow(s) from" \
        "$in_port, its rule counted $in_delta (packets bytes): $in_avg" \
        "bytes/packet into the action; out of $out $tx_avg bytes/packet; checksum" \
        "errors $((errs_after - errs_before))"
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
vm_check_upcalls
say "PASS"
