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


"""add's checks against OVSDB (ovs_nat64_tenant.add.plan_add) and --batch,
with made-up rows and no Open vSwitch: what add creates, adopts and
refuses, and why."""

import pytest

from ovs_nat64_tenant.add import check_batch, plan_add
from ovs_nat64_tenant.errors import Error, UsageError
from ovs_nat64_tenant.ovsdb import Tenant
from ovs_nat64_tenant.recipe import Spec


def spec(**kw):
    args = dict(bridge="br0", tenant="t1", remote_ip="10.99.0.2", key=10,
                gre_port="gre1", v4_port="vnet0", v6_port="vnet1")
    args.update(kw)
    return Spec(**args)


def tenant_rows(rows, s, created=True):
    """The three ports add makes for spec 's'."""
    for role in ("gre", "v4", "v6"):
        options = ({"remote_ip": s.remote_ip, "key": str(s.key)}
                   if role == "gre" else None)
        rows.port(s.bridge, s.ports[role], s.tags(role, created),
                  type_="gre" if role == "gre" else "", options=options)


def test_new_tenant(rows):
    rows.bridges["br0"] = set()
    plan = plan_add(rows.state(), spec())
    assert (plan.create, plan.adopt, plan.existing) == (
        ["gre", "v4", "v6"], {}, False)


def test_existing_service_port_is_adopted(rows):
    rows.port("br0", "vnet0")
    plan = plan_add(rows.state(), spec())
    assert plan.create == ["gre", "v6"] and list(plan.adopt) == ["v4"]


def test_same_again_and_other_settings(rows):
    tenant_rows(rows, spec(mtu=1400))
    state = rows.state()
    assert plan_add(state, spec(mtu=1400)).existing
    with pytest.raises(Error, match=r"other parameters: MTU 1400 "
                                    r"\(asked: none\)"):
        plan_add(state, spec())
    tenant = Tenant("br0", "t1", state.tenant_ports("br0", "t1"), state)
    assert tenant.spec.mtu == 1400 and tenant.problems == []


def test_refusals(rows):
    tenant_rows(rows, spec())
    rows.port("br1", "vnet9")
    state = rows.state()
    for other, why in (
            (spec(tenant="t2", key=10, remote_ip="10.99.0.3",
                  gre_port="gre2", v4_port="vnet2", v6_port="vnet3"),
             "key 10 is already used on br0 by tenant t1"),
            (spec(tenant="t2", bridge="br1", gre_port="gre2",
                  v4_port="vnet2", v6_port="vnet3"),
             "already tunnels GRE key 10"),
            (spec(tenant="t2", key=20, gre_port="gre2", v6_port="vnet3"),
             "belongs to tenant t1"),
            (spec(tenant="t2", key=20, gre_port="gre2", v4_port="vnet9",
                  v6_port="vnet3"),
             "is on bridge br1")):
        with pytest.raises(Error, match=why):
            plan_add(state, other, lambda port: "br1")


def test_batch_collisions():
    a = spec()
    for b, why in ((spec(tenant="t2", gre_port="g2", v4_port="v2",
                         v6_port="v3"), "same key"),
                   (spec(tenant="t1", key=20, gre_port="g2", v4_port="v2",
                         v6_port="v3"), "same name"),
                   (spec(tenant="t2", key=20, gre_port="g2", v4_port="vnet0",
                         v6_port="v3"), "same port vnet0")):
        with pytest.raises(UsageError, match=why):
            check_batch([a, b])
    check_batch([a, spec(tenant="t2", key=20, gre_port="g2", v4_port="v2",
                         v6_port="v3")])
