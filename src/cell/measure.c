/* Resource usage readings for workers and cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cell/measure.h"

static double tv_seconds(struct timeval tv) { return (double)tv.tv_sec + tv.tv_usec / 1e6; }

void tvp_usage_thread(tvp_usage *u) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  u->user_s = tv_seconds(ru.ru_utime);
  u->sys_s = tv_seconds(ru.ru_stime);
  u->vcsw = ru.ru_nvcsw;
  u->ivcsw = ru.ru_nivcsw;
  u->minflt = ru.ru_minflt;
  u->majflt = ru.ru_majflt;
}

tvp_usage tvp_usage_diff(const tvp_usage *before, const tvp_usage *after) {
  tvp_usage d = {
      .user_s = after->user_s - before->user_s,
      .sys_s = after->sys_s - before->sys_s,
      .vcsw = after->vcsw - before->vcsw,
      .ivcsw = after->ivcsw - before->ivcsw,
      .minflt = after->minflt - before->minflt,
      .majflt = after->majflt - before->majflt,
  };
  return d;
}

int64_t tvp_pss_kib(int pid) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/smaps_rollup", pid);
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  long long kib = -1;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "Pss:", 4) == 0) {
      char *end;
      long long v = strtoll(line + 4, &end, 10);
      if (end != line + 4)
        kib = v;
      break;
    }
  fclose(f);
  return kib;
}

int64_t tvp_peak_rss_kib_self(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}
