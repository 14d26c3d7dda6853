#include "CAllocator.h"

#if defined(__linux__) && __has_include(<mimalloc.h>)
#include <mimalloc.h>

void tendertrail_configure_allocator(void) {
    // mimalloc 2.0's option (2.1 renamed it `purge_delay` and kept this name as an alias).
    mi_option_set(mi_option_decommit_delay, 0);
}
#else
void tendertrail_configure_allocator(void) {}
#endif
