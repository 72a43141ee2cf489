#ifndef CCPU_FEATURES_H
#define CCPU_FEATURES_H
/* CPU-feature questions, answered once at start-up. */
#endif
