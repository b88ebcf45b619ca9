#!/bin/bash
# Every message a user reads goes through gettext: a string literal in src/ that reads as English
# words and is not marked with _(), N_() or P_() fails, unless tests/i18n/unwrapped.allow lists
# its file or the string itself.
. "$top_srcdir/tests/lib.sh"

found=$(python3 "$top_srcdir/tests/i18n/unwrapped.py" "$top_srcdir" "$top_srcdir/tests/i18n/unwrapped.allow")
is "$?" 0 "no unmarked English message in src/ outside the allow list"
[ -n "$found" ] && diag "$(head -n 40 <<<"$found")"

# The scanner itself: it finds what it must, and lets the marked forms through.
mkdir -p "$TEST_TMPDIR/tree/src"
cat >"$TEST_TMPDIR/tree/src/probe.c" <<'C'
#include "not a message.h"
/* "a comment is not a message" */
static const char *const t[] = { N_("marked in a table"), "Plain English words" };
void probe(void)
{
	printf(_("marked where it is used %s\n"), "a value here");
	printf(P_("one gate is waiting", "%d gates are waiting", n), n);
	printf(_("two literals "
	         "joined in one mark"));
	puts("ok");
	puts("%s: %s");
	puts("Content-Type");
}
C
: >"$TEST_TMPDIR/empty.allow"
found=$(python3 "$top_srcdir/tests/i18n/unwrapped.py" "$TEST_TMPDIR/tree" "$TEST_TMPDIR/empty.allow")
is "$found" 'src/probe.c:3: "Plain English words"
src/probe.c:6: "a value here"' "the scanner finds unmarked words, not marked ones, formats, comments or includes"
printf 'src/probe.c: "a value here"\n' >"$TEST_TMPDIR/one.allow"
found=$(python3 "$top_srcdir/tests/i18n/unwrapped.py" "$TEST_TMPDIR/tree" "$TEST_TMPDIR/one.allow")
is "$found" 'src/probe.c:3: "Plain English words"' "an allowed string is let through, and only that one"

done_testing
