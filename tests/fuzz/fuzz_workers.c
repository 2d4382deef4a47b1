/* Fuzzes worker lists ("1,2,4", "1..2N*2", "P/2"): any text through the parser
 * that both `--workers` and a suite's `workers` use, on a few fixed machines.
 * Checks the promise of workers_spec.h: counts ascend without repeats and stay
 * within 1..TVP_MAX_WORKERS, and a list without N or P means the same counts on
 * every machine. */
#include <string.h>

#include "fuzz.h"
#include "plan/workers_spec.h"

static const struct {
  unsigned cores, pus;
} machines[] = {{1, 1}, {2, 2}, {4, 8}, {64, 128}, {4096, 8192}};
enum { NMACHINES = sizeof machines / sizeof machines[0] };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Lists come from argv or a suite line: text without NUL bytes. */
  if (memchr(data, '\0', size))
    return 0;
  char *spec = malloc(size + 1);
  FUZZ_CHECK(spec);
  memcpy(spec, data, size);
  spec[size] = '\0';
  int machine_free = !strchr(spec, 'N') && !strchr(spec, 'P');
  unsigned *first = NULL;
  int nfirst = 0;
  for (int m = 0; m < NMACHINES; m++) {
    static unsigned sentinel;
    unsigned *counts = &sentinel; /* the parser must set it, even when it fails */
    char err[1024] = "";
    int n = tvp_workers_parse(spec, machines[m].cores, machines[m].pus, &counts, err, sizeof err);
    if (n < 0) {
      FUZZ_CHECK(counts == NULL);
      FUZZ_CHECK(err[0] != '\0');
    } else {
      FUZZ_CHECK(n >= 1 && counts);
      for (int i = 0; i < n; i++) {
        FUZZ_CHECK(counts[i] >= 1 && counts[i] <= TVP_MAX_WORKERS);
        FUZZ_CHECK(i == 0 || counts[i] > counts[i - 1]);
      }
    }
    if (machine_free) {
      if (m == 0) {
        first = counts, nfirst = n;
        continue;
      }
      FUZZ_CHECK(n == nfirst);
      FUZZ_CHECK(n < 0 || memcmp(counts, first, (size_t)n * sizeof *counts) == 0);
    }
    free(counts);
  }
  free(first);
  free(spec);
  return 0;
}
