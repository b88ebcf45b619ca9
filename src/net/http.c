#include "config.h"

#include "net/http.h"
