// Only a header: LLVMFuzzerRunDriver is defined by the fuzzer runtime. SwiftPM needs one source.
#include "CFuzzerDriver.h"
