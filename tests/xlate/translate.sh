#!/bin/sh
# nat64-xlate tests, group "translate": see tests/xlate/xlate_test.py.
# make check sets top_srcdir, top_builddir, PYTHON3 and VALGRIND; by hand:
#     tests/xlate/translate.sh        (from the top of a configured build tree)
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
export top_srcdir top_builddir
if [ -z "$PYTHON3" ]; then
    for PYTHON3 in /usr/bin/python3 python3; do
        "$PYTHON3" -c 'import scapy.all' >/dev/null 2>&1 && break
    done
fi
if ! "$PYTHON3" -c 'import scapy.all' >/dev/null 2>&1; then
    echo "SKIP: no python3 with scapy (Debian: python3-scapy)"
    exit 77
fi
exec "$PYTHON3" "$top_srcdir/tests/xlate/xlate_test.py" --group translate "$@"
