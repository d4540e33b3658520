# Tests.  "make check" runs every program and script in TESTS with the
# automake parallel test harness; each leaves a .log and .trs next to it and
# the failures are collected in test-suite.log.
#
# Scripts ending in .sh run with $(SHELL); other tests (unit test programs)
# are executed directly.  Every test sees, in its environment, absolute
# top_srcdir and top_builddir, the PYTHON3 that has scapy and VALGRIND
# (empty when valgrind is missing).

TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	PYTHON3='$(PYTHON3)'; export PYTHON3; \
	VALGRIND='$(VALGRIND)'; export VALGRIND;

EXTRA_DIST += tests/run-all.sh tests/lib/netns-ovs.sh tests/lib/tcp-transfer.py \
	tests/lib/lost-upcalls.sh tests/lib/median-ci.sh

include tests/unit/automake.mk
include tests/fuzz/automake.mk
include tests/bench/automake.mk
include tests/xlate/automake.mk
include tests/tenant/automake.mk

# The patched Open vSwitch's own test suites (the ones the patches touch),
# in a network namespace.  Skipped when utilities/build-ovs.sh has not run.
TESTS += tests/ovs/ovs-suites.sh
EXTRA_DIST += tests/ovs/ovs-suites.sh

# "make check-ovs-all": Open vSwitch's whole test suite, patched.
check-ovs-all:
	OVS_SUITES=all top_srcdir='$(abs_top_srcdir)' \
	  $(SHELL) $(srcdir)/tests/ovs/ovs-suites.sh
.PHONY: check-ovs-all
include tests/scenario/automake.mk
include tests/vm/automake.mk
include tests/bench/ovs-bench.mk
include tests/bench/tenant-bench.mk
