# The kernel datapath, tested in a VM (Debian's linux-image-amd64 under qemu,
# TCG) with the patched openvswitch.ko that datapath/build-module.sh builds.
# Skipped (77) when qemu, the image or the module cannot be had.
TESTS += tests/vm/vm-test.sh
# The same on Linux 6.12, Debian 12's second kernel line.
TESTS += tests/vm/vm-test-6.12.sh
EXTRA_DIST += \
	tests/vm/vm-test.sh \
	tests/vm/vm-test-6.12.sh \
	tests/vm/vm-selftest.sh \
	tests/vm/packages-test.sh \
	tests/vm/vm-packages.sh \
	tests/vm/vm-smoke.sh \
	tests/vm/vm-suite.sh \
	tests/vm/vm-lib.sh \
	tests/vm/vm-tso.sh \
	tests/vm/vm-bench.sh \
	tests/vm/build-jool.sh \
	tests/vm/vm-bench-tenants.sh \
	tests/vm/vm-benchmarks.sh \
	tests/vm/bench-plot.sh \
	tests/vm/vm-netlink.sh \
	tests/vm/vm-torture.sh \
	tests/vm/torture-frames.py \
	tests/vm/vm-skb.sh \
	tests/vm/skb-frames.py \
	tests/vm/vm-too-big.sh \
	tests/vm/vm-rmmod.sh \
	tests/vm/vm-stock.sh \
	tests/vm/vm-run.sh \
	tests/vm/init \
	utilities/ovs-nat64-vm \
	datapath/build-module.sh \
	datapath/build-debug-kernel.sh \
	datapath/debug-kernel.config \
	datapath/Kbuild \
	datapath/README.md

# The "packages" test: the packages of "make deb" installed with apt-get in
# a VM whose root is the host's under a writable overlay.
TESTS += tests/vm/packages-test.sh

# ovs-nl-refuse: nat64 actions, malformed ones too, sent to the kernel
# datapath over generic netlink; tests/vm/vm-netlink.sh runs it in the VM.
if HAVE_LIBNL
noinst_PROGRAMS += tests/vm/ovs-nl-refuse
tests_vm_ovs_nl_refuse_SOURCES = tests/vm/ovs-nl-refuse.c
tests_vm_ovs_nl_refuse_CFLAGS = $(AM_CFLAGS) $(LIBNL_CFLAGS)
tests_vm_ovs_nl_refuse_LDADD = $(LIBNL_LIBS)
endif

# "make check-vm": only the VM tests; VM_TESTS="tso netlink" picks some
# (see tests/vm/vm-suite.sh).
check-vm:
	top_srcdir='$(abs_top_srcdir)' $(SHELL) $(srcdir)/tests/vm/vm-test.sh \
	  $(VM_TESTS)
.PHONY: check-vm

# "make check-vm-6.12": the same on Linux 6.12 (VM_TESTS picks the tests
# there too).  "make check-packages" and "make check-packages-6.12": the
# packages test on either line (make check runs it on 6.1).  "make
# check-vm-all": all of them, both kernel lines.
check-vm-6.12:
	top_srcdir='$(abs_top_srcdir)' VM_LINE=6.12 \
	  $(SHELL) $(srcdir)/tests/vm/vm-test.sh $(VM_TESTS)
check-packages:
	top_srcdir='$(abs_top_srcdir)' \
	  $(SHELL) $(srcdir)/tests/vm/packages-test.sh
check-packages-6.12:
	top_srcdir='$(abs_top_srcdir)' VM_LINE=6.12 \
	  $(SHELL) $(srcdir)/tests/vm/packages-test.sh
check-vm-all: check-vm check-vm-6.12 check-packages check-packages-6.12
.PHONY: check-vm-6.12 check-packages check-packages-6.12 check-vm-all

# "make check-vm-debug": the same on a debug kernel built from
# linux-source-6.1 (KASAN, UBSAN, KFENCE, DEBUG_NET), once, in
# _build/debug-kernel/ (datapath/build-debug-kernel.sh, about 15 minutes).
check-vm-debug:
	top_srcdir='$(abs_top_srcdir)' VM_KERNEL=debug \
	  $(SHELL) $(srcdir)/tests/vm/vm-test.sh $(VM_TESTS)
.PHONY: check-vm-debug

# "make bench-vm": plain forwarding vs nat64 on the kernel datapath, and
# against Jool (Debian's jool-dkms, built for the VM's kernel by
# tests/vm/build-jool.sh) and tayga, in the VM (make bench-vm
# BENCH_ROUNDS=9 BENCH_SECONDS=5): one client (vm-bench.sh), then 1, 2,
# 4 and 8 tenants at once over GRE, the paper's figure 8
# (vm-bench-tenants.sh), drawn in _build/bench/figure8.png.  Six rounds
# are the fewest whose ratios get a 95% confidence interval (about five
# minutes each).
BENCH_ROUNDS = 6
BENCH_SECONDS = 3
bench-vm:
	$(SHELL) $(srcdir)/tests/vm/build-jool.sh
	top_srcdir='$(abs_top_srcdir)' VM_SCRIPT=tests/vm/vm-benchmarks.sh \
	  VM_EXTRA_MODULES="$$($(SHELL) $(srcdir)/tests/vm/build-jool.sh --print-dir)" \
	  VM_TIMEOUT=$${VM_TIMEOUT:-5400} \
	  $(SHELL) $(srcdir)/tests/vm/vm-test.sh \
	  --rounds $(BENCH_ROUNDS) --seconds $(BENCH_SECONDS)
	$(SHELL) $(srcdir)/tests/vm/bench-plot.sh \
	  '$(abs_top_srcdir)/_build/vm/logs/vm-benchmarks.log' \
	  '$(abs_top_srcdir)/_build/bench/figure8.png'
.PHONY: bench-vm

# "make bench-vm-icount": vm-bench.sh alone (one client, plain forwarding,
# nat64, Jool, tayga) with the VM on qemu's instruction counter
# (ovs-nat64-vm --icount: one vCPU, the guest's clock counts its
# instructions), so that each rate is per guest instruction, not per second
# of a host whose speed under TCG varies by tens of percent: six rounds, for
# a 95% interval as in bench-vm, which here decides ratios that wall-clock
# rounds leave open (about 40 minutes).
BENCH_ICOUNT_ROUNDS = 6
bench-vm-icount:
	$(SHELL) $(srcdir)/tests/vm/build-jool.sh
	top_srcdir='$(abs_top_srcdir)' VM_SCRIPT=tests/vm/vm-bench.sh \
	  VM_EXTRA_MODULES="$$($(SHELL) $(srcdir)/tests/vm/build-jool.sh --print-dir)" \
	  VM_ICOUNT=yes VM_TIMEOUT=$${VM_TIMEOUT:-5400} \
	  $(SHELL) $(srcdir)/tests/vm/vm-test.sh \
	  --rounds $(BENCH_ICOUNT_ROUNDS) --seconds $(BENCH_SECONDS)
.PHONY: bench-vm-icount
