#ifndef BILLTRIAGE_CZLIB_SHIM_H
#define BILLTRIAGE_CZLIB_SHIM_H
#include <zlib.h>
#endif
