/*
 * The key names of the console's test scripts (`key NAME`), read by keys_parse in the UTF-8
 * locale the console runs in. The rest of the script reader acts on a live console and is not
 * callable alone. Input: the name.
 */
#include "config.h"

#include "fuzz.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tui/console.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		setlocale(LC_CTYPE, "C.UTF-8");
		ready = true;
	}
	char *name = xmalloc(size + 1);
	memcpy(name, data, size);
	name[size] = '\0';

	/*
	 * A key is a Unicode character, a curses key code or one of the paste markers the console
	 * teaches curses; any other name is refused with -1.
	 */
	int key = keys_parse(name);
	bool character = key >= 0 && key <= 0x10FFFF && !(key >= 0xD800 && key <= 0xDFFF);
	bool paste = key == TUI_KEY_PASTE_BEGIN || key == TUI_KEY_PASTE_END;
	FUZZ_ASSERT(key == -1 || character || paste || (key >= TUI_KEY_FN(0) && key <= TUI_KEY_FN(KEY_MAX)));

	/* The name the console shows for an action's first key reads back as a key of that action. */
	enum action a = key >= 0 ? keys_action(key) : ACTION_NONE;
	if (a != ACTION_NONE) {
		char shown[16];
		keys_first_name(a, shown, sizeof(shown));
		FUZZ_ASSERT(keys_action(keys_parse(shown)) == a);
	}
	free(name);
	return 0;
}
