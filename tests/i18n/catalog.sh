#!/bin/bash
# The Chinese catalogue is whole: it compiles with msgfmt --check, has no untranslated or fuzzy
# message, and holds every message the sources mark (so a forgotten `make -C po update-po` fails).
. "$top_srcdir/tests/lib.sh"

po=$top_srcdir/po/zh_CN.po
command -v msgfmt >/dev/null && command -v xgettext >/dev/null ||
	bail_out "msgfmt and xgettext are needed (Debian package gettext)"

stats=$(LC_ALL=C msgfmt --check --statistics -o "$TEST_TMPDIR/zh_CN.mo" "$po" 2>&1)
is "$?" 0 "zh_CN.po compiles with msgfmt --check (formats, header, plural forms)"
diag "$stats"
like "$stats" "^[0-9]+ translated messages\.$" "every message of zh_CN.po is translated, none fuzzy"

# The sources' messages, extracted as po/Makefile extracts them.
opts=$(printf 'include %s\nprint:\n\t@echo $(XGETTEXT_OPTIONS)\n' "$top_srcdir/po/Makevars" | env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -f - print)
files=$(grep -v '^#' "$top_srcdir/po/POTFILES.in")
# shellcheck disable=SC2086
(cd "$top_srcdir" && xgettext $opts -o "$TEST_TMPDIR/fresh.pot" $files)
is "$?" 0 "xgettext extracts the messages of po/POTFILES.in"
missing=$(LC_ALL=C msgcmp "$po" "$TEST_TMPDIR/fresh.pot" 2>&1)
is "$?" 0 "zh_CN.po has every message the sources mark (else: make -C po update-po, then translate)"
[ -n "$missing" ] && diag "$(head -n 20 <<<"$missing")"

# A message with format directives must be flagged c-format in zh_CN.po as xgettext flags it in the
# sources: msgfmt checks the translation's directives and builds the <PRId64> forms only for those.
cformat_ids() {
	msgcat --no-wrap "$1" | awk '
		/^#,/ { cf = ($0 ~ /[ ,]c-format(,|$)/) }
		/^msgctxt / { ctxt = substr($0, 9); next }
		/^msgid / { id = substr($0, 7); inid = 1; next }
		/^"/ && inid { id = id $0; next }
		/^(msgid_plural|msgstr)/ {
			if (inid && cf && id != "\"\"") print ctxt "|" id
			inid = 0; cf = 0; ctxt = ""
		}' | LC_ALL=C sort -u
}
unflagged=$(LC_ALL=C comm -23 <(cformat_ids "$TEST_TMPDIR/fresh.pot") <(cformat_ids "$po"))
is "$unflagged" "" "every message the sources' pot flags c-format is flagged c-format in zh_CN.po"
like "$(cformat_ids "$TEST_TMPDIR/fresh.pot" | grep -c 'PRId64')" "^[1-9][0-9]*$" \
	"the pot's c-format list holds the <PRId64> messages (the check compares something)"

# A source that marks messages but is not in POTFILES.in would never be translated.
unlisted=$(cd "$top_srcdir" && grep -lE '\b(N_|_|P_)\("' $(find src -name '*.[ch]' | sort) |
	grep -vxF -f <(grep -v '^#' po/POTFILES.in) | grep -vx 'src/util/i18n.h')
is "$unlisted" "" "every source that marks messages is listed in po/POTFILES.in"

# The catalogue really is Chinese: a message from each part of the program.
for id in "Quit" "Terminal too small" "Options:
"; do
	got=$(LANGUAGE=zh_CN LC_ALL=C.UTF-8 TEXTDOMAINDIR="$top_builddir/locale" gettext -d flowgate "$id")
	isnt "$got" "$id" "'${id%%$'\n'}' has a translation that gettext finds in the build tree"
done

done_testing
