#include "config.h"

#include "flow/model.h"
