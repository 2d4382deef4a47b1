/* Findings from the numbers: each sentence states a figure of this run and how
 * far the run's own spread lets it be trusted, never a conclusion it cannot bear. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"
#include "plan/dimensions.h"

static int ok(const tvp_point *p) { return strcmp(p->status, "ok") == 0; }
/* A row a finding may rest on: ok, and of a point within its physical limits. */
static int usable(const tvp_point *p) { return ok(p) && !p->implausible; }

int tvp_point_same_series(const tvp_point *a, const tvp_point *b) {
  if (strcmp(a->kernel, b->kernel) != 0)
    return 0;
  for (int d = 0; d < TVP_DIM_COUNT; d++)
    if ((tvp_dimensions[d].flags & TVP_DIM_POINT) && strcmp(a->dim[d], b->dim[d]) != 0)
      return 0;
  return 1;
}

void tvp_point_series_label(const tvp_point *p, tvp_buf *out) {
  const char *const *v = p->dim;
  tvp_buf_printf(out, "%s placement, %s scaling", v[TVP_DIM_PLACEMENT], v[TVP_DIM_SCALING]);
  if (*v[TVP_DIM_DURATION])
    tvp_buf_printf(out, ", %s s, batches of %s units", v[TVP_DIM_DURATION], v[TVP_DIM_UNITS]);
  else
    tvp_buf_printf(out, ", %s units%s", v[TVP_DIM_UNITS],
                   strcmp(v[TVP_DIM_SCALING], "weak") == 0 ? " per worker" : "");
  /* The settings a kernel has a default for, when set (the duration is said above). */
  for (int d = 0; d < TVP_DIM_COUNT; d++)
    if ((tvp_dimensions[d].flags & TVP_DIM_OPTIONAL) && d != TVP_DIM_DURATION && *v[d]) {
      tvp_buf_printf(out, ", ");
      tvp_dimension_say(out, (tvp_dim_id)d, v[d]);
    }
}

static const char *worker_word(unsigned w) { return w == 1 ? "worker" : "workers"; }

void tvp_finding_ratio(const char *where, const tvp_point *thread, const tvp_point *proc,
                       tvp_buf *out) {
  double r = proc->tp_median / thread->tp_median;
  if (!isfinite(r)) {
    tvp_buf_printf(out, "%s, the %s/thread throughput ratio cannot be formed "
                   "(a median throughput is zero or missing).", where, proc->model);
    return;
  }
  int have_ci = isfinite(thread->tp_ci_low) && isfinite(thread->tp_ci_high) &&
                isfinite(proc->tp_ci_low) && isfinite(proc->tp_ci_high);
  int overlap = have_ci && thread->tp_ci_low <= proc->tp_ci_high &&
                proc->tp_ci_low <= thread->tp_ci_high;
  if (fabs(r - 1) < TVP_CLOSE_RATIO) {
    /* The nearest whole percent at or above the gap, so "within" stays true. */
    int pct = (int)ceil(fabs(r - 1) * 100 - 1e-9);
    if (pct < 1)
      pct = 1;
    tvp_buf_printf(out, "%s, %s processes and threads are within %d %% of each other (%.2fx)",
                   where, proc->model, pct, r);
    if (!have_ci)
      tvp_buf_printf(out, "; with fewer than 2 repetitions there is no confidence interval, "
                     "so this run shows no difference.");
    else if (overlap)
      tvp_buf_printf(out, "; the intervals overlap, so this run shows no difference.");
    else
      tvp_buf_printf(out, "; the 95 %% confidence intervals do not overlap, so the small "
                     "difference is consistent across repetitions.");
    return;
  }
  tvp_buf_printf(out, "%s, %s processes reach %.2fx the thread throughput", where, proc->model, r);
  if (!have_ci)
    tvp_buf_printf(out, "; with fewer than 2 repetitions there is no confidence interval to "
                   "judge the difference by.");
  else if (overlap)
    tvp_buf_printf(out, "; the 95 %% confidence intervals overlap, so the difference is not "
                   "clear from this run.");
  else
    tvp_buf_printf(out, "; the 95 %% confidence intervals do not overlap.");
}

/* Best speedup per model and efficiency at the core count, for one series.
 * bullet is "- " or, nested under a series label, "  - ". */
static void scaling_findings(const tvp_point *const *s, size_t ns, const char *const *models,
                             size_t nm, unsigned cores, const char *bullet, tvp_buf *out) {
  tvp_buf line = {0};
  int any = 0;
  for (size_t m = 0; m < nm; m++) {
    const tvp_point *best = NULL;
    for (size_t i = 0; i < ns; i++)
      if (strcmp(s[i]->model, models[m]) == 0 && usable(s[i]) && isfinite(s[i]->speedup) &&
          (!best || s[i]->speedup > best->speedup))
        best = s[i];
    if (!best)
      continue;
    tvp_buf_printf(&line, "%s %s ", any ? ";" : "", best->model);
    if (best->workers == 1) {
      /* Nothing beat one worker: "best speedup 1.00x at 1 worker" would hide that. */
      tvp_buf_printf(&line, "none (no count beats 1 worker)");
      any = 1;
      continue;
    }
    tvp_buf_printf(&line, "%.2fx at %u workers", best->speedup, best->workers);
    if (cores && best->workers > cores)
      tvp_buf_printf(&line, ", past the %u cores%s", cores,
                     best->oversubscribed ? " and oversubscribed (more workers than PUs)" : "");
    else if (cores)
      tvp_buf_printf(&line, ", within the %u cores", cores);
    else if (best->oversubscribed)
      tvp_buf_printf(&line, ", oversubscribed (more workers than PUs)");
    any = 1;
  }
  if (any)
    tvp_buf_printf(out, "%sBest speedup:%s.\n", bullet, line.data);
  tvp_buf_free(&line);
  if (!cores)
    return;
  line = (tvp_buf){0};
  any = 0;
  for (size_t m = 0; m < nm; m++)
    for (size_t i = 0; i < ns; i++)
      if (strcmp(s[i]->model, models[m]) == 0 && s[i]->workers == cores) {
        if (!ok(s[i]))
          tvp_buf_printf(&line, "%s %s %s", any ? "," : "", s[i]->model, s[i]->status);
        else if (s[i]->implausible)
          tvp_buf_printf(&line, "%s %s implausible", any ? "," : "", s[i]->model);
        else if (isfinite(s[i]->efficiency))
          tvp_buf_printf(&line, "%s %s %.2f", any ? "," : "", s[i]->model, s[i]->efficiency);
        else
          tvp_buf_printf(&line, "%s %s not known (no 1-worker baseline)", any ? "," : "",
                         s[i]->model);
        any = 1;
      }
  if (any)
    tvp_buf_printf(out, "%sEfficiency at the core count, %u %s:%s.\n", bullet, cores,
                   worker_word(cores), line.data);
  else
    tvp_buf_printf(out, "%sNo configuration ran at the core count (%u %s), so the efficiency "
                   "there is not measured.\n", bullet, cores, worker_word(cores));
  tvp_buf_free(&line);
}

/* Why the rows of an implausible point say nothing here: one line per
 * distinct reason (the rows of one point share theirs). */
static void implausible_finding(const tvp_point *const *s, size_t ns, const char *bullet,
                               tvp_buf *out) {
  for (size_t i = 0; i < ns; i++) {
    if (!s[i]->implausible)
      continue;
    int said = 0;
    for (size_t j = 0; j < i && !said; j++)
      said = s[j]->implausible && strcmp(s[j]->implausible_reason, s[i]->implausible_reason) == 0;
    if (said)
      continue;
    tvp_buf_printf(out, "%sImplausible, so left out of these findings: ", bullet);
    tvp_buf_md_text(out, *s[i]->implausible_reason ? s[i]->implausible_reason : "no reason recorded");
    tvp_buf_printf(out, "; the 1-worker baseline was most likely slowed by something the machine "
                   "could not see.\n");
  }
}

/* Everything said about one series: the process/thread ratio at each worker
 * count where both ran ok, scaling, failures, noise. */
static void series_findings(const tvp_point *const *s, size_t ns, const char *const *models,
                            size_t nm, unsigned cores, const char *bullet, tvp_buf *out) {
  for (size_t i = 0; i < ns; i++) {
    const tvp_point *t = s[i];
    if (strcmp(t->model, "thread") != 0 || !usable(t))
      continue;
    for (size_t j = 0; j < ns; j++) {
      const tvp_point *p = s[j];
      if (p->workers != t->workers || strcmp(p->model, "thread") == 0 || !usable(p))
        continue;
      tvp_buf where = {0};
      tvp_buf_printf(&where, "On %s at %u %s", t->kernel, t->workers, worker_word(t->workers));
      tvp_buf_printf(out, "%s", bullet);
      tvp_finding_ratio(where.data, t, p, out);
      tvp_buf_printf(out, "\n");
      tvp_buf_free(&where);
    }
  }
  implausible_finding(s, ns, bullet, out);
  scaling_findings(s, ns, models, nm, cores, bullet, out);
  for (size_t i = 0; i < ns; i++) {
    const tvp_point *p = s[i];
    if (ok(p))
      continue;
    const char *what = strcmp(p->status, "failed") == 0        ? "Failed"
                       : strcmp(p->status, "interrupted") == 0 ? "Interrupted"
                                                               : p->status;
    /* The status, model and reason are text from summary.csv: a newline in a
     * reason would otherwise start a heading of its own. */
    tvp_buf_printf(out, "%s", bullet);
    tvp_buf_md_text(out, what);
    tvp_buf_printf(out, ": ");
    tvp_buf_md_text(out, p->model);
    tvp_buf_printf(out, " at %u %s: ", p->workers, worker_word(p->workers));
    tvp_buf_md_text(out, *p->reason ? p->reason : "no reason recorded");
    tvp_buf_printf(out, ".\n");
  }
  tvp_buf noisy = {0};
  int nnoisy = 0;
  for (size_t i = 0; i < ns; i++) {
    const tvp_point *p = s[i];
    if (!usable(p) || !(p->time_cv > TVP_NOISY_CV))
      continue;
    /* One decimal near the threshold, so 5.3 % does not read as "5 %" above 5 %. */
    tvp_buf_printf(&noisy, "%s %s at %u %s (CV %.*f %%)", nnoisy ? "," : "", p->model,
                   p->workers, worker_word(p->workers), p->time_cv < 0.1 ? 1 : 0,
                   p->time_cv * 100);
    nnoisy++;
  }
  if (nnoisy)
    tvp_buf_printf(out, "%sNoisy (time CV above %.0f %%):%s; differences there need more "
                   "repetitions or a quieter machine to be trusted.\n",
                   bullet, TVP_NOISY_CV * 100, noisy.data);
  tvp_buf_free(&noisy);
}

static int same_series(const void *a, const void *b) {
  return tvp_point_same_series(*(const tvp_point *const *)a, *(const tvp_point *const *)b);
}

void tvp_findings_kernel(const char *kernel, const tvp_point *points, size_t n, unsigned cores,
                         tvp_buf *out) {
  const tvp_point **mine = tvp_xcalloc(n + 1, sizeof *mine);
  const tvp_point **series = tvp_xcalloc(n + 1, sizeof *series); /* first row of each */
  const char **models = tvp_xcalloc(n + 1, sizeof *models);
  size_t nmine = 0, nseries = 0, nmodels = 0;
  for (size_t i = 0; i < n; i++) {
    const tvp_point *p = &points[i];
    if (strcmp(p->kernel, kernel) != 0)
      continue;
    mine[nmine++] = p;
    tvp_distinct_add(series, &nseries, sizeof *series, &p, same_series);
    tvp_distinct_text(models, &nmodels, p->model);
  }
  if (nmine == 0)
    tvp_buf_printf(out, "- No configuration of %s is in this run.\n", kernel);
  else if (nmodels == 1)
    tvp_buf_printf(out, "- Only the %s model ran for %s, so there is no process/thread "
                   "comparison.\n", models[0], kernel);
  /* Several series (placements, sizes, ...): one nested list each, under its label. */
  const tvp_point **s = tvp_xcalloc(nmine + 1, sizeof *s);
  for (size_t k = 0; k < nseries; k++) {
    size_t ns = 0;
    for (size_t i = 0; i < nmine; i++)
      if (tvp_point_same_series(mine[i], series[k]))
        s[ns++] = mine[i];
    if (nseries > 1) {
      tvp_buf_printf(out, "- ");
      tvp_point_series_label(series[k], out);
      tvp_buf_printf(out, ":\n");
    }
    series_findings(s, ns, models, nmodels, cores, nseries > 1 ? "  - " : "- ", out);
  }
  free(s);
  free(mine);
  free(series);
  free(models);
}
