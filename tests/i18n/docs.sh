#!/bin/bash
# The Chinese README and man page keep pace with the English ones: the same sections, every option,
# command, environment variable and config key the English names; both man pages render at 40 and
# 80 columns without a line groff cannot break or a table wider than the page.
. "$top_srcdir/tests/lib.sh"

# names FILE REGEX: the distinct matches of REGEX in FILE, one a line, with troff's \- made plain.
names() {
	sed 's/\\-/-/g' "$1" | grep -oE -e "$2" | sort -u
}
# names_kept EN ZH REGEX WHAT: ZH names all that EN does (and EN names some: no passing on nothing).
names_kept() {
	local en
	en=$(names "$1" "$3")
	ok "${1#"$top_srcdir"/} names $4" test -n "$en"
	is "$(comm -23 <(printf '%s\n' "$en") <(names "$2" "$3") | tr '\n' ' ')" "" \
		"${2#"$top_srcdir"/} names them all: $4"
}
# count FILE REGEX: how many lines of FILE match REGEX.
count() {
	grep -cE "$2" "$1"
}

man_en=$top_srcdir/man/flowgate.1.in
man_zh=$top_srcdir/man/zh_CN/flowgate.1.in
readme_en=$top_srcdir/README.md
readme_zh=$top_srcdir/README.zh-CN.md

options='--[a-z][a-z-]+'
variables='\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b'
commands='^\.B (inbox|pipelines|runs|gates|refuse|pass|log)\b'

names_kept "$man_en" "$man_zh" "$options" "options"
names_kept "$man_en" "$man_zh" "$variables" "environment variables"
names_kept "$man_en" "$man_zh" "$commands" "commands"
for re in '^\.SH' '^\.TP' '^\.PP'; do
	is "$(count "$man_zh" "$re")" "$(count "$man_en" "$re")" "the man pages have as many $re"
done
names_kept "$readme_en" "$readme_zh" "$options" "options"
names_kept "$readme_en" "$readme_zh" "$variables" "environment variables"
names_kept "$readme_en" "$readme_zh" '`[a-z][a-z_]+ =' "config keys"
names_kept "$readme_en" "$readme_zh" '\]\((HACKING\.md|[a-z]+/[A-Za-z./-]+)\)' "links to files"
names_kept "$readme_en" "$readme_zh" '^(make|\./)[^#]*' "commands of the code blocks"
for level in '## ' '### '; do
	is "$(count "$readme_zh" "^$level")" "$(count "$readme_en" "^$level")" "the READMEs have as many '$level' headings"
done

# widest: the widest line of stdin in terminal cells (a CJK character takes two).
widest() {
	python3 -c '
import sys, unicodedata
print(max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip("\n"))
           for l in sys.stdin), default=0))'
}
for page in "$top_builddir/man/flowgate.1" "$top_builddir/man/zh_CN/flowgate.1"; do
	name=${page#"$top_builddir"/}
	for cols in 40 80; do
		timeout 20 groff -k -t -man -Tutf8 -P-cbou -rLL=${cols}n "$page" >"$TEST_TMPDIR/page" 2>"$TEST_TMPDIR/warn"
		is "$?" 0 "$name renders at $cols columns"
		unlike "$(cat "$TEST_TMPDIR/warn")" "can't break line|wider than line width" \
			"$name at $cols columns: every line breaks and every table fits"
	done
	# At 80 columns even the examples fit; at 40 only they may not (a command line is not broken).
	ok "$name at 80 columns: no line is wider" test "$(widest <"$TEST_TMPDIR/page")" -le 80
done
done_testing
