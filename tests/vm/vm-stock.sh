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

# The patched Open vSwitch on Debian's stock openvswitch.ko (in the VM:
# utilities/ovs-nat64-vm tests/vm/vm-stock.sh): the datapath probe finds no
# nat64 action, a nat64 flow is refused at add-flow with
# NXBAC_NAT64_DATAPATH_SUPPORT and a message that says how to get a datapath
# that has it, and other flows still work.  Swaps the built module for the
# image's own and back.

set -u
NAME=vm-stock
. "$(dirname "$0")/vm-lib.sh"
vm_require_ovs

abi=$(uname -r)
stock=${OVS_NAT64_IMAGE:-$top/_build/vm/image}/lib/modules/$abi
stock=$stock/kernel/net/openvswitch/openvswitch.ko
built=${OVS_NAT64_MODULE:-$top/_build/kernel/openvswitch.ko}
[ -f "$stock" ] || fail "no stock module $stock (utilities/ovs-nat64-vm unpacks it)"

# load_module FILE: openvswitch.ko from FILE in place of the loaded one.
load_module() {
    local m
    for m in vport_gre vport_vxlan vport_geneve openvswitch; do
        [ -d /sys/module/$m ] && { rmmod $m || fail "rmmod $m"; }
    done
    run insmod "$1"
}
restore_module() {
    load_module "$built"
    say "the built module is back"
}

load_module "$stock"
say "stock module loaded: $(modinfo -F vermagic "$stock")"
vm_at_exit=restore_module
trap 'vm_cleanup; restore_module' EXIT
vm_ovs_start --any-module --as-at-boot
features=$(ovs-appctl dpif/show-dp-features br0)
printf '%s\n' "$features" | grep -E 'NAT64|nat64'
printf '%s\n' "$features" | grep -q "Stateless NAT64 action: No" \
    || fail "the probe does not report the stock module's lack of nat64"

vm_port stock1 p1
vm_port stock2 p2
if out=$(ovs-ofctl add-flow br0 in_port=p1,ip,actions=nat64:4toll6,output:p2 2>&1); then
    fail "the stock module accepted a nat64 flow"
fi
echo "$out"
printf '%s\n' "$out" | grep -q NXBAC_NAT64_DATAPATH_SUPPORT \
    || fail "the refusal does not name NXBAC_NAT64_DATAPATH_SUPPORT"
[ -z "$(ovs-ofctl dump-flows br0 | grep nat64)" ] \
    || fail "a nat64 flow is in the table"
say "a nat64 flow is refused on the stock module"

run ovs-ofctl add-flow br0 actions=normal
run ip -n stock1 addr add 10.64.0.1/24 dev eth0
run ip -n stock2 addr add 10.64.0.2/24 dev eth0
run ip -n stock1 link set eth0 up
run ip -n stock2 link set eth0 up
run ip netns exec stock1 ping -c 2 -i 0.3 -W 5 10.64.0.2
say "other flows work on the stock module"
vm_check_upcalls
say "PASS"
