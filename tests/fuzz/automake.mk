# libFuzzer harnesses for the translation core, one per direction (the
# input layout and the invariants are described in fuzz-common.h and at
# the top of fuzz-4to6.c and fuzz-6to4.c).
#
# They are built with $(FUZZ_CC) (clang, found by configure) and its
# sanitizers, compiling lib/*.c directly: lib/libnat64.a is built by $(CC)
# without instrumentation.  "make check" runs each for
# $NAT64_FUZZ_SECONDS (default 60) from a copy of its seed corpus
# (tests/fuzz/run-fuzz.sh); without clang the test is skipped.
#
# The seed corpora are written by tests/fuzz/gen-corpus.py and committed.

FUZZ_CFLAGS = -std=gnu11 -g -O1 $(WARNING_CFLAGS) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_COMMON = \
	tests/fuzz/fuzz-common.c \
	tests/fuzz/fuzz-common.h \
	$(lib_libnat64_a_SOURCES)

TESTS += tests/fuzz/run-fuzz.sh
EXTRA_DIST += \
	tests/fuzz/fuzz-4to6.c \
	tests/fuzz/fuzz-6to4.c \
	tests/fuzz/fuzz-common.c \
	tests/fuzz/fuzz-common.h \
	tests/fuzz/gen-corpus.py \
	tests/fuzz/run-fuzz.sh \
	tests/fuzz/corpus-4to6 \
	tests/fuzz/corpus-6to4 \
	tests/fuzz/ovs-fuzz.sh \
	tests/fuzz/ovs-seeds.py

# "make fuzz-ovs": Open vSwitch's own libFuzzer targets, patched, from
# corpora with nat64 in them; OVS_FUZZ_SECONDS per target (default 600).
fuzz-ovs:
	$(SHELL) $(srcdir)/tests/fuzz/ovs-fuzz.sh
.PHONY: fuzz-ovs

if HAVE_FUZZ
# Built before the tests run.
check_SCRIPTS = \
	tests/fuzz/fuzz-4to6 \
	tests/fuzz/fuzz-6to4
CLEANFILES += $(check_SCRIPTS)

tests/fuzz/fuzz-4to6: tests/fuzz/fuzz-4to6.c $(FUZZ_COMMON)
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(srcdir)/lib \
	    -I$(srcdir)/tests/fuzz -o $@ $(filter %.c,$^)

tests/fuzz/fuzz-6to4: tests/fuzz/fuzz-6to4.c $(FUZZ_COMMON)
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(srcdir)/lib \
	    -I$(srcdir)/tests/fuzz -o $@ $(filter %.c,$^)
endif
