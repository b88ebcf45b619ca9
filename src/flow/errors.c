#include "config.h"

#include "flow/errors.h"
