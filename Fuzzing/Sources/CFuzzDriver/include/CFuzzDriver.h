// libFuzzer's driver, which the fuzz targets call from their own `main` (see FuzzMain.swift).
#ifndef TENDERTRAIL_CFUZZDRIVER_H
#define TENDERTRAIL_CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line and the target's callback; defined in the libFuzzer
/// runtime that `-sanitize=fuzzer` links (compiler-rt `FuzzerDriver.cpp`).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
