#include "config.h"

#include "tui/console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct binding {
	const char *hint;
	const char *help;
	int keys[4];
};

static const struct binding bindings[ACTION_COUNT] = {
#define TUI_ACTION_BINDING(name, hint, help, k1, k2, k3, k4) [ACTION_##name] = { hint, help, { k1, k2, k3, k4 } },
	TUI_ACTIONS(TUI_ACTION_BINDING)
#undef TUI_ACTION_BINDING
};

enum action keys_action(int key)
{
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++)
		for (size_t i = 0; i < 4 && bindings[a].keys[i]; i++)
			if (bindings[a].keys[i] == key)
				return (enum action)a;
	return ACTION_NONE;
}

static const struct {
	int key;
	const char *name;
} named[] = {
	{ '\n', "Enter" }, { '\r', "Enter" }, { TUI_KEY_FN(KEY_ENTER), "Enter" },
	{ TUI_KEY_FN(KEY_BACKSPACE), "Backspace" }, { 127, "Backspace" }, { 8, "Backspace" },
	{ TUI_KEY_FN(KEY_UP), "Up" }, { TUI_KEY_FN(KEY_DOWN), "Down" },
	{ TUI_KEY_FN(KEY_PPAGE), "PgUp" }, { TUI_KEY_FN(KEY_NPAGE), "PgDn" },
	{ TUI_KEY_FN(KEY_HOME), "Home" }, { TUI_KEY_FN(KEY_END), "End" },
	{ ' ', "Space" }, { '\t', "Tab" }, { TUI_KEY_ESC, "Esc" },
	{ TUI_KEY_PASTE_BEGIN, "PasteBegin" }, { TUI_KEY_PASTE_END, "PasteEnd" },
};

static void keys_name_one(int key, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i].key == key) {
			snprintf(buf, n, "%s", named[i].name);
			return;
		}
	if (key >= TUI_KEY_FN(KEY_F0) && key <= TUI_KEY_FN(KEY_F(63)))
		snprintf(buf, n, "F%d", key - TUI_KEY_FN(KEY_F0));
	else if (key > 0 && key < 32)
		snprintf(buf, n, "Ctrl-%c", key + '@');
	else
		snprintf(buf, n, "%c", key);
}

int keys_parse(const char *name)
{
	wchar_t wc;
	mbstate_t st;
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strcmp(named[i].name, name) == 0)
			return named[i].key;
	if (strncmp(name, "Ctrl-", 5) == 0 && name[5] && !name[6])
		return TUI_KEY_CTRL(name[5]);
	/* F0 to F63, the function keys curses numbers; a longer number would overflow the key code. */
	if (name[0] == 'F' && len > 1 && len <= 3 && strspn(name + 1, "0123456789") == len - 1 &&
	    atoi(name + 1) <= 63)
		return TUI_KEY_FN(KEY_F(atoi(name + 1)));
	memset(&st, 0, sizeof(st));
	/* One character, and a Unicode one: the C library also decodes the obsolete five- and six-byte forms. */
	if (len && mbrtowc(&wc, name, len, &st) == len && (unsigned long)wc <= 0x10FFFF)
		return (int)wc;
	return -1;
}

void keys_names(enum action a, struct strbuf *out)
{
	char seen[4][16];
	size_t nseen = 0;

	for (size_t i = 0; i < 4 && bindings[a].keys[i]; i++) {
		char name[16];
		bool dup = false;

		keys_name_one(bindings[a].keys[i], name, sizeof name);
		for (size_t j = 0; j < nseen; j++)
			dup = dup || strcmp(seen[j], name) == 0;
		if (dup)
			continue;
		strbuf_puts(out, nseen ? ", " : "");
		strbuf_puts(out, name);
		memcpy(seen[nseen++], name, sizeof name);
	}
}

const char *keys_hint(enum action a)
{
	return bindings[a].hint;
}

const char *keys_help(enum action a)
{
	return bindings[a].help;
}

void keys_first_name(enum action a, char *buf, size_t n)
{
	keys_name_one(bindings[a].keys[0], buf, n);
}

bool keys_off(const struct tui *t, enum action a)
{
	return t->readonly && (a == ACTION_REFUSE || a == ACTION_PASS || a == ACTION_MARK);
}
