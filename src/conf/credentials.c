#include "config.h"

#include "conf/credentials.h"
