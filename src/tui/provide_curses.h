#ifndef FLOWGATE_TUI_PROVIDE_CURSES_H
#define FLOWGATE_TUI_PROVIDE_CURSES_H
/* The one place that decides how curses is included: the wide-character API of ncursesw. */

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#endif
