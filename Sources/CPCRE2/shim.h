#ifndef BILLTRIAGE_CPCRE2_SHIM_H
#define BILLTRIAGE_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
/* PCRE2_ZERO_TERMINATED is a cast macro that Swift cannot import. */
static inline PCRE2_SIZE bt_pcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
#endif
