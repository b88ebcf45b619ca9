#include "config.h"

#include "tui/tui.h"
