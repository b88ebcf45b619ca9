#include "config.h"

#include "app/session.h"
