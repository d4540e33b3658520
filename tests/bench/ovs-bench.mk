# "make bench-ovs": throughput of the nat64 action in the patched Open
# vSwitch (userspace datapath) against plain forwarding on the same bridge
# and against Debian's tayga, in network namespaces (iperf3: TCP Gbit/s and
# 64-byte UDP packets/s, both directions), twice: with the switch's ports
# on AF_PACKET (the Open vSwitch of "make ovs"), then on AF_XDP (an Open
# vSwitch configured with --enable-afxdp, built here into _build/ovs-afxdp
# the first time, about fifteen minutes).  A program that prints figures,
# not a test: never part of "make check".  Needs root, "make ovs" first and
# the Debian packages iperf3, tayga, libxdp-dev and libbpf-dev; takes about
# twenty minutes.  Options go in BENCH_OVS_FLAGS, e.g. make bench-ovs
# BENCH_OVS_FLAGS='--seconds 5 --repeat 1'.  tests/bench/ovs-bench.sh says
# what is measured.

EXTRA_DIST += tests/bench/ovs-bench.sh

BENCH_OVS_FLAGS =

.PHONY: bench-ovs
bench-ovs:
	$(AM_V_at)top_srcdir='$(abs_top_srcdir)' \
	    /bin/bash $(srcdir)/tests/bench/ovs-bench.sh $(BENCH_OVS_FLAGS)
	$(AM_V_at)$(SHELL) $(srcdir)/utilities/build-ovs.sh --afxdp
	$(AM_V_at)top_srcdir='$(abs_top_srcdir)' \
	    /bin/bash $(srcdir)/tests/bench/ovs-bench.sh --afxdp \
	    $(BENCH_OVS_FLAGS)
