#!/bin/bash
# Part 1 of 3 of the fault matrix's fast rows (see matrix.sh): `make check` runs the parts side by side.
exec bash "$(dirname "$0")/matrix.sh" --fast --part 1/3
