# The translation core: one implementation of the packet semantics, built
# here as a static library for the userspace programs and tests.  The
# kernel module and ovs-vswitchd compile the same sources.
noinst_LIBRARIES += lib/libnat64.a
lib_libnat64_a_SOURCES = \
	lib/nat64.h \
	lib/nat64-private.h \
	lib/nat64-4to6.c \
	lib/nat64-6to4.c \
	lib/nat64-addr.c \
	lib/nat64-csum.c \
	lib/nat64-drop.c \
	lib/nat64-config.c \
	lib/nat64-icmp-ext.c \
	lib/nat64-nd.c \
	lib/nat64-too-big.c \
	lib/nat64-cut.c
EXTRA_DIST += lib/README.md
