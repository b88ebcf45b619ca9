#!/bin/bash
# The integration tests with every run of flowgate under valgrind memcheck: a memory error or a
# leak (definite, indirect or possible) in any run fails, whatever the test itself checked.
# valgrind cannot run a sanitized binary, so this wants a build configured without
# --enable-sanitizers. Not part of `make check`; CI runs it.
#
# usage: tests/robustness/valgrind.sh [TEST.sh...]   (from that build directory; default: every
#        test in tests/integration/; tests/screen/*.sh and tests/robustness/*.sh work too)
# e.g.   mkdir build-vg && cd build-vg && ../configure --enable-werror && make check TESTS= &&
#        ../tests/robustness/valgrind.sh
srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${top_builddir:-$PWD}
real=$builddir/flowgate

command -v valgrind >/dev/null || { echo "1..0 # SKIP valgrind is not installed"; exit 0; }
[ -x "$real" ] && [ -x "$builddir/tests/mock/flowmock" ] ||
	{ echo "Bail out! build flowgate and the mock first (make check TESTS=) in $builddir"; exit 2; }
if nm "$real" 2>/dev/null | grep -q __asan_init || ldd "$real" 2>/dev/null | grep -q libasan; then
	echo "Bail out! $real is built with sanitizers; valgrind needs a build without --enable-sanitizers"
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/flowgate-valgrind.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

# run_one DIR TEST: TEST with every flowgate under valgrind; its logs, TAP and status in DIR.
run_one() {
	local dir=$1 t=$2

	mkdir -p "$dir/logs"
	cat >"$dir/flowgate" <<EOF
#!/bin/sh
exec valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \\
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \\
	--track-origins=yes --child-silent-after-fork=yes --log-file="$dir/logs/vg.%p.log" "$real" "\$@"
EOF
	chmod +x "$dir/flowgate"
	top_srcdir=$srcdir top_builddir=$builddir FLOWGATE=$dir/flowgate UNDER_VALGRIND=1 \
		FLOWMOCK=$builddir/tests/mock/flowmock bash "$t" >"$dir/tap" 2>&1
	echo $? >"$dir/status"
}

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("$srcdir"/tests/integration/*.sh)
# The tests run side by side, VALGRIND_JOBS at once (default: one per core): each has its own
# ports and scratch directory, and each valgrind keeps one core busy.
parallel=${VALGRIND_JOBS:-$(nproc)}
for i in "${!tests[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
		wait -n
	done
	run_one "$work/$i" "${tests[$i]}" &
done
wait

n=0 failed=0
result() {
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

for i in "${!tests[@]}"; do
	dir=$work/$i
	name=${tests[$i]#"$srcdir"/}
	status=$(cat "$dir/status" 2>/dev/null || echo 1)
	runs=$(find "$dir/logs" -name 'vg.*.log' | wc -l)
	bad=$(grep -L 'ERROR SUMMARY: 0 errors' "$dir"/logs/vg.*.log 2>/dev/null)
	if [ "$runs" -eq 0 ]; then
		n=$((n + 1))
		echo "ok $n - $name: runs no flowgate # SKIP"
		continue
	fi
	result "$([ -z "$bad" ] && echo 1)" "$name: no memory error and no leak in any of its $runs runs of flowgate"
	for log in $(head -n 2 <<<"$bad"); do
		grep -vE '^==[0-9]+== *$' "$log" | sed 's/^/# /' | head -n 60
	done
	result "$([ "$status" = 0 ] && echo 1)" "$name: its own checks pass under valgrind"
	[ "$status" = 0 ] || grep -E '^(not ok|Bail out)' "$dir/tap" | head -n 20 | sed 's/^/# /'
done
echo "1..$n"
[ "$failed" -eq 0 ]
