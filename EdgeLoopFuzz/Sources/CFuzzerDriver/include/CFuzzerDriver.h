#ifndef EDGELOOP_CFUZZERDRIVER_H
#define EDGELOOP_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, FuzzerDriver.cpp), linked in by -sanitize=fuzzer: parses
/// the libFuzzer flags in argv and calls `callback` with each input. Returns the exit status.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
