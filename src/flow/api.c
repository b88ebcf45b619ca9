#include "config.h"

#include "flow/api.h"
