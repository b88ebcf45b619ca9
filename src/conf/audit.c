#include "config.h"

#include "conf/audit.h"
