# nat64-xlate: the offline pcap translator.
bin_PROGRAMS += utilities/nat64-xlate
utilities_nat64_xlate_SOURCES = utilities/nat64-xlate.c
utilities_nat64_xlate_LDADD = lib/libnat64.a
man1_MANS += utilities/nat64-xlate.1
EXTRA_DIST += \
	utilities/nat64-xlate.1 \
	utilities/build.sh

# "make ovs": the patched Open vSwitch, in _build/ovs.
EXTRA_DIST += utilities/build-ovs.sh patches/ovs patches/kernel \
	datapath/nat64_skb.c datapath/nat64_skb.h
ovs:
	$(SHELL) $(srcdir)/utilities/build-ovs.sh
.PHONY: ovs
