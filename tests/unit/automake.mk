# Unit tests of the translation core (cmocka), one program per concern:
#
#   test-addr       RFC 6052 mapping and prefix checks
#   test-4to6       RFC 7915 section 4 (IPv4 -> IPv6), frames, offloads
#   test-6to4       RFC 7915 section 5 (IPv6 -> IPv4)
#   test-icmp       ICMP echo and errors both ways, embedded packets
#   test-nd         ARP <-> Neighbor Discovery
#   test-roundtrip  4 -> 6 -> 4 and 6 -> 4 -> 6 identities
#   test-too-big    Fragmentation Needed and Packet Too Big for packets
#                   too big for the other side
#   test-cut        IPv6 fragments of packets longer than lowest-ipv6-mtu
#   test-drops      drop reason names, one packet per reason
#
# tests/unit/pkt-builder.[ch] builds the packets and checks checksums
# independently of lib/ (plain RFC 1071), and runs the translator on frames
# placed against an inaccessible page, so that any access past the linear
# data crashes the test.  Without cmocka (Debian: libcmocka-dev) the unit
# tests are not built (automake still distributes their sources).

UNIT_TESTS = \
	tests/unit/test-addr \
	tests/unit/test-4to6 \
	tests/unit/test-6to4 \
	tests/unit/test-icmp \
	tests/unit/test-nd \
	tests/unit/test-roundtrip \
	tests/unit/test-too-big \
	tests/unit/test-cut \
	tests/unit/test-drops

if HAVE_CMOCKA
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

UNIT_COMMON = tests/unit/pkt-builder.c tests/unit/pkt-builder.h
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
UNIT_LDADD = lib/libnat64.a $(CMOCKA_LIBS)

tests_unit_test_addr_SOURCES = tests/unit/test-addr.c $(UNIT_COMMON)
tests_unit_test_addr_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_addr_LDADD = $(UNIT_LDADD)

tests_unit_test_4to6_SOURCES = tests/unit/test-4to6.c $(UNIT_COMMON)
tests_unit_test_4to6_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_4to6_LDADD = $(UNIT_LDADD)

tests_unit_test_6to4_SOURCES = tests/unit/test-6to4.c $(UNIT_COMMON)
tests_unit_test_6to4_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_6to4_LDADD = $(UNIT_LDADD)

tests_unit_test_icmp_SOURCES = tests/unit/test-icmp.c $(UNIT_COMMON)
tests_unit_test_icmp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_icmp_LDADD = $(UNIT_LDADD)

tests_unit_test_nd_SOURCES = tests/unit/test-nd.c $(UNIT_COMMON)
tests_unit_test_nd_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nd_LDADD = $(UNIT_LDADD)

tests_unit_test_roundtrip_SOURCES = tests/unit/test-roundtrip.c \
	$(UNIT_COMMON)
tests_unit_test_roundtrip_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_roundtrip_LDADD = $(UNIT_LDADD)

tests_unit_test_too_big_SOURCES = tests/unit/test-too-big.c $(UNIT_COMMON)
tests_unit_test_too_big_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_too_big_LDADD = $(UNIT_LDADD)

tests_unit_test_cut_SOURCES = tests/unit/test-cut.c $(UNIT_COMMON)
tests_unit_test_cut_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cut_LDADD = $(UNIT_LDADD)

tests_unit_test_drops_SOURCES = tests/unit/test-drops.c $(UNIT_COMMON)
tests_unit_test_drops_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_drops_LDADD = $(UNIT_LDADD)
endif
