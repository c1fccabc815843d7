#ifndef BILLTRIAGE_CPREFETCH_SHIM_H
#define BILLTRIAGE_CPREFETCH_SHIM_H
/* A hint that memory is read soon (the compiler's prefetch instruction), for lookups into tables
   larger than the caches whose addresses are known before they are needed: Swift has no such
   intrinsic. Inlined where it is called; no library. */
static inline void billtriage_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
