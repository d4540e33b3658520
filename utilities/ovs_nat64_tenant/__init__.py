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

"""ovs-nat64-tenant: the reference paper's per-tenant recipe (figure 5).

Each tenant on a bridge has a GRE port (its LAN's tunnel, one GRE key per
tenant) and two service-VM ports: "v4" receives the tenant's IPv4 and ARP
translated into link-local IPv6 and Neighbor Discovery, "v6" the tenant's
native IPv6 untouched.  Five flows, all with the tenant's cookie:

    in_port=GRE,ip    actions=nat64:4toll6,output:V4
    in_port=GRE,arp   actions=nat64:4toll6,output:V4
    in_port=V4,ipv6   actions=nat64:ll6to4,output:GRE
    in_port=GRE,ipv6  actions=output:V6
    in_port=V6,ipv6   actions=output:GRE

With --mtu N, the first becomes four, so that IPv4 packets that would
grow past N once translated are answered (DF set: RFC 7915 section 4,
path MTU discovery) or sent as IPv6 fragments that fit (IPv4 fragments)
instead of dropped at V4 (L = 14 + N - 20, T = nat64(mode=4to6,mtu=N)):

    in_port=GRE,ip,nw_frag=no,reg0=0/0x2    actions=load:0x1->NXM_NX_REG0[1],
                                              check_pkt_larger(L)->
                                              NXM_NX_REG0[0],resubmit(,0)
    in_port=GRE,ip,nw_frag=no,reg0=0x2/0x3  actions=T,output:V4
    in_port=GRE,ip,nw_frag=no,reg0=0x3/0x3  actions=nat64(mode=too-big,
                                              mtu=N),IN_PORT
    in_port=GRE,ip,nw_frag=yes              actions=T,output:V4

The tool keeps no state of its own.  What it made is recorded in OVSDB, as
external_ids of the Port rows (ovs-nat64-tenant, -role, -key, -created on
each of the three; -remote-ip, -prefix, -priority, -v4-port, -v6-port
and, with --mtu, -mtu on the GRE port), and in the flow table, as the
flow cookie 0x6e363400XXXXXXXX ("n64" then a zero byte, then the 32-bit
GRE key).

It talks to OVSDB through Open vSwitch's Python IDL (one transaction for
the ports, which verifies every row the command's checks read, so that
commands at the same time cannot both pass a check only one may pass) and
drives ovs-ofctl (one OpenFlow bundle for the flows).  Both honour
OVS_RUNDIR and the like, so the tool works against any Open vSwitch
instance.  See ovs-nat64-tenant(8).

The modules, each one concern: recipe (the tenant's settings, their
validation and the flows and records they make), ovsdb (the rows read and
the tenants they make), idl (the database through the IDL: reads,
verified writes), flows (dumped flows against the recipe), ovs (the
database and ovs-ofctl for the commands), add and commands (the
commands), cli (the command line), errors.
"""
