#!/bin/sh
# Generates ./configure and the Makefile.in files from configure.ac and
# Makefile.am.  Run it once after a git checkout, then ./configure && make.
set -e
cd "$(dirname "$0")"
exec autoreconf --install --force
