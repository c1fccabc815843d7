#ifndef BILLTRIAGE_CDEFLATE_SHIM_H
#define BILLTRIAGE_CDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
