#include "config.h"

#include "net/sign.h"
