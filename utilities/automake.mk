# nat64-xlate: the offline pcap translator.
bin_PROGRAMS += utilities/nat64-xlate
utilities_nat64_xlate_SOURCES = utilities/nat64-xlate.c
utilities_nat64_xlate_LDADD = lib/libnat64.a
man1_MANS += utilities/nat64-xlate.1
EXTRA_DIST += \
	utilities/nat64-xlate.1 \
	utilities/build.sh

# ovs-nat64-tenant: the per-tenant recipe (the reference paper's figure 5)
# as an operator tool; a Python 3 script.
bin_SCRIPTS += utilities/ovs-nat64-tenant
man8_MANS += utilities/ovs-nat64-tenant.8
EXTRA_DIST += \
	utilities/ovs-nat64-tenant \
	utilities/ovs-nat64-tenant.8

# "make ovs": the patched Open vSwitch, in _build/ovs.
EXTRA_DIST += utilities/build-ovs.sh patches/ovs patches/kernel \
	datapath/nat64_skb.c datapath/nat64_skb.h
ovs:
	$(SHELL) $(srcdir)/utilities/build-ovs.sh
.PHONY: ovs

# ovs-nat64-vm: runs a script in a VM with the patched openvswitch.ko;
# run-scenario.sh: the README's first command.
man1_MANS += utilities/ovs-nat64-vm.1
EXTRA_DIST += \
	utilities/ovs-nat64-vm.1 \
	utilities/run-scenario.sh
