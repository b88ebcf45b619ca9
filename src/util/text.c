#include "config.h"

#include "util/text.h"
