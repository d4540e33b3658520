# nat64-xlate: the offline pcap translator.
bin_PROGRAMS += utilities/nat64-xlate
utilities_nat64_xlate_SOURCES = utilities/nat64-xlate.c
utilities_nat64_xlate_LDADD = lib/libnat64.a
man1_MANS += utilities/nat64-xlate.1
EXTRA_DIST += \
	utilities/nat64-xlate.1 \
	utilities/build.sh

# ovs-nat64-tenant: the per-tenant recipe (the reference paper's figure 5)
# as an operator tool: a thin Python 3 script and its package, installed
# as a private module in $(pkgdatadir), which the installed script is told.
bin_SCRIPTS += utilities/ovs-nat64-tenant
man8_MANS += utilities/ovs-nat64-tenant.8
EXTRA_DIST += \
	utilities/ovs-nat64-tenant \
	utilities/ovs-nat64-tenant.8
ovs_nat64_tenantdir = $(pkgdatadir)/ovs_nat64_tenant
dist_ovs_nat64_tenant_DATA = \
	utilities/ovs_nat64_tenant/__init__.py \
	utilities/ovs_nat64_tenant/add.py \
	utilities/ovs_nat64_tenant/cli.py \
	utilities/ovs_nat64_tenant/commands.py \
	utilities/ovs_nat64_tenant/errors.py \
	utilities/ovs_nat64_tenant/flows.py \
	utilities/ovs_nat64_tenant/idl.py \
	utilities/ovs_nat64_tenant/ovs.py \
	utilities/ovs_nat64_tenant/ovsdb.py \
	utilities/ovs_nat64_tenant/recipe.py
install-exec-hook:
	sed -i 's|^PKGDATADIR = None$$|PKGDATADIR = "$(pkgdatadir)"|' \
	    "$(DESTDIR)$(bindir)/ovs-nat64-tenant"

# ovs-nat64-tenant.service: "ovs-nat64-tenant repair" each time
# ovs-vswitchd starts.
systemdsystemunit_DATA = utilities/ovs-nat64-tenant.service
EXTRA_DIST += utilities/ovs-nat64-tenant.service.in
CLEANFILES += utilities/ovs-nat64-tenant.service
utilities/ovs-nat64-tenant.service: utilities/ovs-nat64-tenant.service.in \
		Makefile
	$(AM_V_GEN)$(MKDIR_P) utilities && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
	    $(srcdir)/utilities/ovs-nat64-tenant.service.in > $@.tmp && \
	mv $@.tmp $@

# "make ovs": the patched Open vSwitch, in _build/ovs.
EXTRA_DIST += utilities/build-ovs.sh patches/ovs patches/kernel \
	datapath/nat64_skb.c datapath/nat64_skb.h
ovs:
	$(SHELL) $(srcdir)/utilities/build-ovs.sh
.PHONY: ovs

# "make deb": the Debian packages, in _build/debs/ (Open vSwitch with the
# nat64 action from Debian's packaging, openvswitch-nat64-dkms, ovs-nat64).
EXTRA_DIST += utilities/build-debs.sh datapath/dkms-source.sh \
	debian/changelog debian/control debian/copyright debian/rules \
	debian/source/format debian/not-installed debian/ovs-nat64.install \
	debian/ovs-nat64.lintian-overrides \
	debian/openvswitch-nat64-dkms.dkms
deb:
	$(SHELL) $(srcdir)/utilities/build-debs.sh
.PHONY: deb

# ovs-nat64-vm: runs a script in a VM with the patched openvswitch.ko;
# run-scenario.sh: the README's first command.
man1_MANS += utilities/ovs-nat64-vm.1
EXTRA_DIST += \
	utilities/ovs-nat64-vm.1 \
	utilities/run-scenario.sh
