# "make bench-tenant": how long utilities/ovs-nat64-tenant takes to add 10,
# 100 and 1,000 tenants, one "add" per tenant and with one "add --batch", on
# the patched Open vSwitch's userspace datapath in a network namespace, and
# list, check, show and del at 1,000; prints a verdict against the goal of
# 1,000 tenants in under 60 s.  A program that prints figures, not a test:
# never part of "make check".  Needs root and "make ovs" first; takes some
# minutes.  Options go in BENCH_TENANT_FLAGS, e.g. make bench-tenant
# BENCH_TENANT_FLAGS='--tenants 300 --ports internal'; --before REV runs
# the tool of git commit REV first and compares (--before 6967423^: before
# OVSDB went through the Python IDL).

EXTRA_DIST += tests/bench/tenant-bench.sh

BENCH_TENANT_FLAGS =

.PHONY: bench-tenant
bench-tenant:
	$(AM_V_at)top_srcdir='$(abs_top_srcdir)' \
	    /bin/bash $(srcdir)/tests/bench/tenant-bench.sh $(BENCH_TENANT_FLAGS)
