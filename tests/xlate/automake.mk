# nat64-xlate: pcaps built with scapy, translated, checked with scapy (an
# independent implementation), translated back.  Skipped without scapy.
TESTS += \
	tests/xlate/translate.sh \
	tests/xlate/refusals.sh
EXTRA_DIST += \
	tests/xlate/translate.sh \
	tests/xlate/refusals.sh \
	tests/xlate/xlate_test.py
