// The process allocator's settings, made once at start-up by `tender`.
#ifndef TENDERTRAIL_CALLOCATOR_H
#define TENDERTRAIL_CALLOCATOR_H

/// On Linux, where `tender` is linked with mimalloc (Package.swift), makes mimalloc return pages
/// freed in full to the system at once rather than 25 ms later. Reading and evaluating a large
/// case frees hundreds of megabytes in short-lived pieces (parse trees, file bytes, criterion
/// trees made for each bid); held back for the delay, and reused out of order meanwhile, they
/// raised `tender evaluate`'s peak resident memory at ten thousand bids from some 195 MB to
/// 240 MB for the same live data (Benchmarks/RESULTS.md). Elsewhere it does nothing.
void tendertrail_configure_allocator(void);

#endif
