# Micro-benchmark of the translation core: instructions (callgrind) and
# nanoseconds per packet, per packet class and direction.  A program that
# prints figures, not a test: "make check" only builds it, "make bench"
# runs it through tests/bench/run-bench.sh (which says what is measured).

check_PROGRAMS += tests/bench/nat64-bench
tests_bench_nat64_bench_SOURCES = tests/bench/nat64-bench.c
tests_bench_nat64_bench_CFLAGS = $(AM_CFLAGS) -O2
tests_bench_nat64_bench_LDADD = lib/libnat64.a

EXTRA_DIST += tests/bench/run-bench.sh

.PHONY: bench
bench: tests/bench/nat64-bench
	$(AM_V_at)top_builddir='$(abs_top_builddir)' VALGRIND='$(VALGRIND)' \
	    $(SHELL) $(srcdir)/tests/bench/run-bench.sh
