#!/bin/bash
# The fault matrix's slow rows (see matrix.sh), seconds each: `make check-long` runs them.
exec bash "$(dirname "$0")/matrix.sh" --slow
