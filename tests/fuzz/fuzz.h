/* What every fuzz target shares: the libFuzzer entry points (also called by
 * replay_main.c where libFuzzer is not linked) and a check that aborts, so a
 * broken promise is a crash the fuzzer keeps, not a line of output it ignores. */
#ifndef TVP_FUZZ_H
#define TVP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                             \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);  \
      abort();                                                                       \
    }                                                                                \
  } while (0)

#endif
