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

# Tearing the datapath down and unloading openvswitch.ko while packets go
# through nat64 and are dropped and counted (in the VM:
# utilities/ovs-nat64-vm tests/vm/vm-rmmod.sh).  A datapath made with
# ovs-dpctl (no ovs-vswitchd) has ports v4 and v6 and one flow, nat64 4to6
# for IPv4 from v4.  side4 floods IPv4 frames with a bad header checksum,
# which the action drops and counts in /proc/net/ovs_nat64_drops; under
# the flood the datapath is deleted (packets in flight still count their
# drops while its ports go), then the module is removed (a module with a
# datapath cannot be: each vport holds a reference) and loaded again,
# ROUNDS (default 3) times.  The debug kernel ("make check-vm-debug")
# reports any use after free or leak of the counters; on any kernel
# utilities/ovs-nat64-vm fails the run on an Oops, BUG or WARNING.  Exits
# 0 on success, 77 when Open vSwitch is missing, 1 on failure.

set -u
NAME=vm-rmmod
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs
ROUNDS=${RMMOD_ROUNDS:-3}
built=${OVS_NAT64_MODULE:-$top/_build/kernel/openvswitch.ko}
[ -f "$built" ] || fail "no module $built"

if dmesg | grep -q 'KernelAddressSanitizer initialized'; then
    say "the kernel's address sanitizer is on: it reports a use after free"
else
    say "no address sanitizer in this kernel: the console check sees" \
        "only crashes and warnings"
fi

mark="$NAME: start $$ $(cut -d' ' -f1 /proc/uptime)"
echo "$mark" > /dev/kmsg
flooder=
rmmod_cleanup() {
    [ -n "$flooder" ] && kill "$flooder" 2>/dev/null
    [ -d /sys/module/openvswitch ] || insmod "$built"
    [ -d /sys/class/net/ovs-system ] && ovs-dpctl del-dp system@ovs-system
    # As vm_cleanup: the veths before their namespaces.
    ip link del v4 2>/dev/null
    ip link del v6 2>/dev/null
    ip netns del side4 2>/dev/null
    ip netns del side6 2>/dev/null
}
trap rmmod_cleanup EXIT
for side in 4 6; do
    run ip netns add side$side
    run ip link add v$side type veth peer name eth0 netns side$side
    run ip link set v$side up
    run ip -n side$side link set eth0 up
done

# dp_setup: the datapath, its ports (1: v4, 2: v6) and the nat64 flow.
dp_setup() {
    run ovs-dpctl add-dp system@ovs-system
    run ovs-dpctl add-if system@ovs-system v4
    run ovs-dpctl add-if system@ovs-system v6
    run ovs-dpctl add-flow system@ovs-system \
        "in_port(1),eth(),eth_type(0x0800),ipv4(frag=no)" \
        "nat64(mode=4to6,prefix=fe80::/96,ttl=copy),2"
}

# flood: IPv4 with a bad header checksum, from side4's eth0 (AF_PACKET),
# as fast as python goes, until killed.
flood() {
    ip netns exec side4 $PY -c '
import socket, struct
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
s.bind(("eth0", 0))
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 1, 0, 64, 17, 0xbad,
                 bytes([192, 168, 0, 10]), bytes([192, 168, 0, 20]))
frame = bytes.fromhex("020000000020" "020000000010" "0800") + ip \
    + struct.pack("!HHHH", 1, 2, 8, 0)
while True:
    try:
        s.send(frame)
    except OSError:
        pass
' &
    flooder=$!
}

drops() {
    sed -n 's/^nat64 drops: //p' /proc/net/ovs_nat64_drops 2>/dev/null
}

for round in $(seq 1 "$ROUNDS"); do
    dp_setup
    before=$(drops)
    flood
    # Until the flood is dropped by nat64 (python starts slowly).
    i=0
    until [ "$(drops)" -gt "${before:-0}" ]; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then
            ovs-dpctl dump-flows system@ovs-system
            fail "round $round: the flood is not dropped by nat64"
        fi
        sleep 0.2
    done
    sleep 1
    during=$(drops)
    run ovs-dpctl del-dp system@ovs-system
    rmmod openvswitch || fail "round $round: rmmod openvswitch"
    kill "$flooder"
    wait "$flooder" 2>/dev/null
    flooder=
    say "round $round: datapath deleted and openvswitch removed while" \
        "nat64 dropped the flood ($((during - before)) frames so far)"
    run insmod "$built"
done

if dmesg | sed -n "/$mark/,\$p" | grep -E 'KASAN|BUG:|WARNING:|Oops'; then
    fail "the kernel reported trouble"
fi
say "PASS"
exit 0
