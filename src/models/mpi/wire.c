/* The mpi models' wire format (see wire.h). */
#include <stdlib.h>
#include <string.h>

#include "cell/cell.h"
#include "models/mpi/wire.h"

#define HEADER "@tvp-mpi-results"
#define WORKER "@tvp-mpi-worker"
#define TOTALS "@tvp-mpi-totals"
#define END "@tvp-mpi-end"

static char *hex_encode(const void *p, size_t len) {
  static const char digits[] = "0123456789abcdef";
  const unsigned char *b = p;
  char *out = malloc(2 * len + 1);
  if (!out)
    return NULL;
  for (size_t i = 0; i < len; i++) {
    out[2 * i] = digits[b[i] >> 4];
    out[2 * i + 1] = digits[b[i] & 15];
  }
  out[2 * len] = 0;
  return out;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Decodes exactly 2 * len hex digits at s; -1 on a wrong digit. */
static int hex_decode(const char *s, void *p, size_t len) {
  unsigned char *b = p;
  for (size_t i = 0; i < len; i++) {
    int hi = hex_value(s[2 * i]), lo = hi < 0 ? -1 : hex_value(s[2 * i + 1]);
    if (lo < 0)
      return -1;
    b[i] = (unsigned char)(hi << 4 | lo);
  }
  return 0;
}

char *tvp_mpi_job_encode(const tvp_mpi_job *job) {
  tvp_mpi_job j = *job;
  j.size = sizeof j;
  return hex_encode(&j, sizeof j);
}

int tvp_mpi_job_decode(const char *hex, tvp_mpi_job *job, char *err, size_t errlen) {
  if (strlen(hex) != 2 * sizeof *job || hex_decode(hex, job, sizeof *job) != 0 ||
      job->size != sizeof *job) {
    snprintf(err, errlen, "the job description is not from this build of tvp (rebuild tvp and "
             "tvp-mpi-rank together, and give every host the same build)");
    return -1;
  }
  /* Text fields come from the same build, but a rank trusts no string unterminated. */
  job->cfg.kernel[sizeof job->cfg.kernel - 1] = 0;
  job->cfg.model[sizeof job->cfg.model - 1] = 0;
  job->cfg.tmpdir[sizeof job->cfg.tmpdir - 1] = 0;
  if (job->threads == 0 || job->workers == 0 || job->workers % job->threads) {
    snprintf(err, errlen, "the job asks for %u workers in ranks of %u threads", job->workers,
             job->threads);
    return -1;
  }
  return 0;
}

void tvp_mpi_results_write(FILE *out, const tvp_sample *samples, unsigned n,
                           const tvp_mpi_totals *totals) {
  fprintf(out, "%s %zu %u\n", HEADER, sizeof(tvp_sample), n);
  for (unsigned i = 0; i < n; i++) {
    char *hex = hex_encode(&samples[i], sizeof samples[i]);
    fprintf(out, "%s %u %s\n", WORKER, i, hex ? hex : "");
    free(hex);
  }
  char *hex = hex_encode(totals, sizeof *totals);
  fprintf(out, "%s %s\n%s\n", TOTALS, hex ? hex : "", END);
  free(hex);
  fflush(out);
}

/* The line that starts at p (up to len bytes), without its newline. */
static size_t line_length(const char *p, size_t len) {
  const char *nl = memchr(p, '\n', len);
  return nl ? (size_t)(nl - p) : len;
}

static int starts_with(const char *p, size_t len, const char *tag) {
  size_t t = strlen(tag);
  return len > t && memcmp(p, tag, t) == 0 && p[t] == ' ';
}

int tvp_mpi_results_read(const char *text, size_t len, tvp_sample *slots, unsigned n,
                         tvp_mpi_totals *totals, char *err, size_t errlen) {
  int header = 0, end = 0, have_totals = 0;
  unsigned seen = 0;
  for (size_t at = 0; at < len && !end;) {
    const char *p = text + at;
    size_t l = line_length(p, len - at);
    at += l + 1;
    if (starts_with(p, l, HEADER)) {
      char buf[64], *rest;
      size_t k = l < sizeof buf - 1 ? l : sizeof buf - 1;
      memcpy(buf, p, k);
      buf[k] = 0;
      unsigned long long size = strtoull(buf + strlen(HEADER), &rest, 10);
      unsigned long count = strtoul(rest, &rest, 10);
      if (*rest || size != sizeof(tvp_sample)) {
        snprintf(err, errlen, "the ranks' report is from another build of tvp (rebuild tvp and "
                 "tvp-mpi-rank together)");
        return -1;
      }
      if (count != n) {
        snprintf(err, errlen, "the ranks reported %lu workers, not %u", count, n);
        return -1;
      }
      header = 1;
    } else if (header && starts_with(p, l, WORKER)) {
      const char *q = p + strlen(WORKER) + 1;
      char *after;
      unsigned long i = strtoul(q, &after, 10);
      size_t hexlen = l - (size_t)(after + 1 - p);
      if (after == q || *after != ' ' || i >= n || hexlen != 2 * sizeof(tvp_sample) ||
          hex_decode(after + 1, &slots[i], sizeof slots[i]) != 0) {
        snprintf(err, errlen, "a worker line of the ranks' report is damaged");
        return -1;
      }
      slots[i].why[sizeof slots[i].why - 1] = 0;
      slots[i].cpuset[sizeof slots[i].cpuset - 1] = 0;
      slots[i].host[sizeof slots[i].host - 1] = 0;
      seen++;
    } else if (header && starts_with(p, l, TOTALS)) {
      const char *q = p + strlen(TOTALS) + 1;
      if (l - (size_t)(q - p) != 2 * sizeof *totals || hex_decode(q, totals, sizeof *totals) != 0) {
        snprintf(err, errlen, "the totals line of the ranks' report is damaged");
        return -1;
      }
      have_totals = 1;
    } else if (header && l == strlen(END) && memcmp(p, END, l) == 0) {
      end = 1;
    }
  }
  if (!header) {
    snprintf(err, errlen, "rank 0 printed no report");
    return -1;
  }
  if (!end || !have_totals || seen != n) {
    snprintf(err, errlen, "the ranks' report was cut short (%u of %u workers)", seen, n);
    return -1;
  }
  return 0;
}

/* Copies the rest of the line at p into why, trimmed of trailing blanks and dots. */
static void copy_reason(const char *p, size_t l, char *why, size_t whylen) {
  while (l && (p[l - 1] == ' ' || p[l - 1] == '\r' || p[l - 1] == '.'))
    l--;
  size_t k = l < whylen - 1 ? l : whylen - 1;
  memcpy(why, p, k);
  why[k] = 0;
}

/* The launcher's own words on a rank that died, made into tvp's: "mpirun
 * noticed that process rank 1 with PID 0 on node vm exited on signal 11
 * (Segmentation fault)." and "Process name: [[28282,1],1]" with "Exit code: 3". */
static int launcher_reason(const char *text, size_t len, char *why, size_t whylen) {
  long rank = -1, sig = -1, code = -1;
  char host[TVP_HOST_MAX] = "";
  for (size_t at = 0; at < len;) {
    const char *p = text + at;
    size_t l = line_length(p, len - at);
    at += l + 1;
    char line[512];
    size_t k = l < sizeof line - 1 ? l : sizeof line - 1;
    memcpy(line, p, k);
    line[k] = 0;
    const char *rank_at = strstr(line, "mpirun noticed that process rank ");
    const char *node_at = strstr(line, " on node ");
    const char *sig_at = strstr(line, " exited on signal ");
    const char *name_at = strstr(line, "Process name: [[");
    const char *code_at = strstr(line, "Exit code:");
    if (sig < 0 && rank_at && node_at && sig_at && node_at < sig_at) {
      rank = strtol(rank_at + strlen("mpirun noticed that process rank "), NULL, 10);
      sig = strtol(sig_at + strlen(" exited on signal "), NULL, 10);
      const char *h = node_at + strlen(" on node ");
      size_t hl = (size_t)(sig_at - h) < sizeof host - 1 ? (size_t)(sig_at - h) : sizeof host - 1;
      memcpy(host, h, hl);
      host[hl] = 0;
    } else if (name_at && strstr(name_at, "],")) {
      rank = strtol(strstr(name_at, "],") + 2, NULL, 10);
    } else if (code_at) {
      code = strtol(code_at + strlen("Exit code:"), NULL, 10);
    }
  }
  if (rank >= 0 && sig > 0) {
    snprintf(why, whylen, "MPI rank %ld on %s killed by %s%s", rank, host,
             tvp_signal_name((int)sig), sig == 9 ? " (out of memory?)" : "");
    return 1;
  }
  if (rank >= 0 && code >= 0) {
    snprintf(why, whylen, "MPI rank %ld exited with status %ld", rank, code);
    return 1;
  }
  return 0;
}

int tvp_mpi_failure_find(const char *text, size_t len, char *why, size_t whylen) {
  for (size_t at = 0; at < len;) {
    const char *p = text + at;
    size_t l = line_length(p, len - at);
    at += l + 1;
    size_t t = strlen(TVP_MPI_FAIL_TAG);
    if (l > t && memcmp(p, TVP_MPI_FAIL_TAG, t) == 0) {
      copy_reason(p + t, l - t, why, whylen);
      return 1;
    }
  }
  return launcher_reason(text, len, why, whylen);
}
