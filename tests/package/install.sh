#!/bin/bash
# make install puts everything in place under DESTDIR: the program, both man pages, the Chinese
# catalogue and the shell completions; the installed catalogue works; make uninstall removes it all.
. "$top_srcdir/tests/lib.sh"

root=$TEST_TMPDIR/root
prefix=/opt/flowgate-test
# make_in_build TARGET...: make in the build tree, quietly, outside the make that runs the tests.
make_in_build() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -C "$top_builddir" \
		prefix="$prefix" DESTDIR="$root" "$@" >"$TEST_TMPDIR/make.out" 2>&1
}

make_in_build install
is "$?" 0 "make install DESTDIR=… succeeds"
for f in bin/flowgate share/man/man1/flowgate.1 share/man/zh_CN/man1/flowgate.1 \
	share/locale/zh_CN/LC_MESSAGES/flowgate.mo share/bash-completion/completions/flowgate \
	share/zsh/site-functions/_flowgate; do
	ok "installs $prefix/$f" test -s "$root$prefix/$f"
done
ok "the program is executable" test -x "$root$prefix/bin/flowgate"
like "$(FLOWGATE_LOCALEDIR=$root$prefix/share/locale "$root$prefix/bin/flowgate" --lang zh --help | head -n 1)" \
	"^flowgate: 通过或拒绝" "the installed catalogue gives Chinese"
like "$(sed -n '/^\.SH/{n;p;q}' "$root$prefix/share/man/zh_CN/man1/flowgate.1")" "人工卡点" "the Chinese man page is Chinese"
unlike "$(cat "$root$prefix/share/man/zh_CN/man1/flowgate.1")" "@PACKAGE_VERSION@" "with the version filled in"
# groff 1.22 loops forever on some Chinese pages in narrow terminals (.nh with zh.tmac did).
for cols in 40 80; do
	like "$(timeout 20 groff -k -t -man -Tutf8 -rLL=${cols}n "$root$prefix/share/man/zh_CN/man1/flowgate.1" 2>/dev/null | tr -d ' \n')" \
		"通过或拒绝云效流水线运行中的人工卡点" "the Chinese man page renders at $cols columns"
done
is "$(bash -c ". '$root$prefix/share/bash-completion/completions/flowgate'; complete -p flowgate")" \
	"complete -F _flowgate flowgate" "the installed bash completion registers itself for flowgate"

make_in_build uninstall
is "$?" 0 "make uninstall DESTDIR=… succeeds"
is "$(cd "$root" && find . -type f | sort)" "" "make uninstall leaves no file behind"
[ -s "$TEST_TMPDIR/make.out" ] && diag "$(head -n 20 "$TEST_TMPDIR/make.out")"

done_testing
