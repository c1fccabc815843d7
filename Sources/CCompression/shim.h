#ifndef BILLTRIAGE_CCOMPRESSION_SHIM_H
#define BILLTRIAGE_CCOMPRESSION_SHIM_H
#include <lz4.h>
#include <libdeflate.h>
#endif
