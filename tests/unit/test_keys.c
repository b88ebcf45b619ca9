#include "config.h"

#include <locale.h>

#include "tui/console.h"

#include "../tap.h"

static void test_function_keys(void)
{
	is_int(keys_parse("F5"), TUI_KEY_FN(KEY_F(5)), "F5 names the fifth function key");
	is_int(keys_parse("F63"), TUI_KEY_FN(KEY_F(63)), "F63, the last function key curses numbers, is a key");
	is_int(keys_parse("F64"), -1, "F64 is not a key");
	is_int(keys_parse("F2147483647"), -1, "a function key number past int is refused, not overflowed");
	is_int(keys_parse("F99999999999999999999"), -1, "a function key number past long is refused");
	is_int(keys_parse("F"), 'F', "F alone is the letter");
}

static void test_other_names(void)
{
	is_int(keys_parse("Enter"), '\n', "Enter is the newline key");
	is_int(keys_parse("Ctrl-L"), TUI_KEY_CTRL('L'), "Ctrl-L is the control character");
	is_int(keys_parse("Up"), TUI_KEY_FN(KEY_UP), "Up is the curses arrow key");
	is_int(keys_parse("PasteBegin"), TUI_KEY_PASTE_BEGIN, "PasteBegin is the start marker of a bracketed paste");
	is_int(keys_parse("PasteEnd"), TUI_KEY_PASTE_END, "PasteEnd is its end marker");
	ok(TUI_KEY_PASTE_BEGIN > TUI_KEY_FN(KEY_MAX) && TUI_KEY_PASTE_END != TUI_KEY_PASTE_BEGIN,
	   "the paste markers are keys of their own, past every key curses defines");
	is_int(keys_action(TUI_KEY_PASTE_BEGIN), ACTION_NONE, "a paste marker is bound to no action");
	is_int(keys_parse("\xE7\x95\x8C"), 0x754C, "one UTF-8 character is that character");
	is_int(keys_parse("\xF9\xBB\xBB\xBB\xBB"), -1, "a five-byte sequence of obsolete UTF-8 is not a key");
	is_int(keys_parse("\xF4\x90\x80\x80"), -1, "a code point past U+10FFFF is not a key");
	is_int(keys_parse("ab"), -1, "two characters are not one key");
	is_int(keys_parse(""), -1, "an empty name is not a key");
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	test_function_keys();
	test_other_names();
	return tap_done();
}
