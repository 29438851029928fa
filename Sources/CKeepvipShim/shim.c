#include "CKeepvipShim.h"
