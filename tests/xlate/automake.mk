# nat64-xlate: pcaps built with scapy, translated, checked with scapy (an
# independent implementation), translated back.  Skipped without scapy.
TESTS += \
	tests/xlate/translate.sh \
	tests/xlate/refusals.sh
EXTRA_DIST += \
	tests/xlate/translate.sh \
	tests/xlate/refusals.sh \
	tests/xlate/userspace-torture.sh \
	tests/xlate/xlate_test.py

# The VM's torture (tests/vm/vm-torture.sh) on the userspace datapath:
# the patched ovs-vswitchd against nat64-xlate, frame by frame.  Skipped
# without the patched Open vSwitch, scapy or root.
TESTS += tests/xlate/userspace-torture.sh
