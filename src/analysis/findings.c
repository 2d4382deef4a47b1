/* Findings from the numbers: each sentence states a figure of this run and how
 * far the run's own spread lets it be trusted, never a conclusion it cannot bear. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"
#include "analysis/multiple.h"
#include "analysis/verdict.h"
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

double tvp_findings_margin(const tvp_meta_doc *meta) {
  const char *pct = tvp_meta_get(meta, "margin_pct");
  char *end = NULL;
  double v = pct ? strtod(pct, &end) : NAN;
  return pct && end != pct && *end == 0 && v >= 0 && v < 100 ? v / 100 : TVP_MARGIN_DEFAULT;
}

/* A comparison the run's family of tests held: not disturbed, not implausible. */
static int tested(const tvp_point *p) {
  return p->verdict == TVP_V_HIGHER || p->verdict == TVP_V_LOWER || p->verdict == TVP_V_SAME ||
         p->verdict == TVP_V_INCONCLUSIVE;
}

size_t tvp_findings_tests(const tvp_point *points, size_t n, double margin, tvp_buf *out) {
  size_t ntested = 0, nother = 0;
  for (size_t i = 0; i < n; i++) {
    ntested += tested(&points[i]);
    nother += strcmp(points[i].model, "thread") != 0 && ok(&points[i]);
  }
  int pct = (int)lround(margin * 100);
  if (ntested == 0 && nother > 0) {
    tvp_buf_printf(out, "summary.csv holds no verdict on any model against threads (a run from "
                   "before them, or none could be tested), so no model is called faster or "
                   "slower here.");
    return 0;
  }
  tvp_buf_printf(out, "%zu %s of each model with threads at the same point, %s at %.0f %%, "
                 "margin %d %%: a model is faster or slower only where the whole 95 %% "
                 "interval of the ratio lies beyond the margin and the adjusted test agrees.",
                 ntested, ntested == 1 ? "comparison" : "comparisons", tvp_mt_name(TVP_MT_BH),
                 TVP_ALPHA * 100, pct);
  return ntested;
}

/* The ratio and interval as summary.csv holds them, for tvp_verdict_say. */
static tvp_ratio_est est_of(const tvp_point *p) {
  return (tvp_ratio_est){.median = p->ratio_vs_thread, .lo = p->ratio_ci_low,
                         .hi = p->ratio_ci_high, .n = p->pairs_ratio};
}

/* "At 2 workers, ": the finding sits under its kernel's table, which names it. */
static void say_where(const tvp_point *p, tvp_buf *out) {
  tvp_buf_printf(out, "At %u %s, ", p->workers, worker_word(p->workers));
}

void tvp_finding_verdict(const tvp_point *p, double margin, tvp_buf *out) {
  tvp_buf model = {0};
  tvp_buf_md_text(&model, p->model);
  tvp_ratio_est e = est_of(p);
  say_where(p, out);
  if (p->verdict == TVP_V_LOWER)
    tvp_buf_printf(out, "%s slower: ", model.data);
  tvp_verdict_say(out, (tvp_verdict){p->verdict, p->verdict_why}, &e, margin, model.data,
                  "thread");
  tvp_buf_printf(out, ".");
  tvp_buf_free(&model);
}

/* The size of a difference, either way: |log ratio|. */
static double effect(const tvp_point *p) { return fabs(log(p->ratio_vs_thread)); }

static int by_effect(const void *a, const void *b) {
  double x = effect(*(const tvp_point *const *)a), y = effect(*(const tvp_point *const *)b);
  return (x < y) - (x > y); /* largest first */
}

/* The faster and slower verdicts of a series, the largest difference first. */
static void verdict_findings(const tvp_point *const *s, size_t ns, double margin,
                             const char *bullet, tvp_buf *out) {
  const tvp_point **v = tvp_xcalloc(ns + 1, sizeof *v);
  size_t nv = 0;
  for (size_t i = 0; i < ns; i++)
    if (s[i]->verdict == TVP_V_HIGHER || s[i]->verdict == TVP_V_LOWER)
      v[nv++] = s[i];
  qsort(v, nv, sizeof *v, by_effect);
  for (size_t i = 0; i < nv; i++) {
    tvp_buf_printf(out, "%s", bullet);
    tvp_finding_verdict(v[i], margin, out);
    tvp_buf_printf(out, "\n");
  }
  free(v);
}

/* "fork at 2 workers", escaped. */
static void say_who(const tvp_point *p, tvp_buf *out) {
  tvp_buf_md_text(out, p->model);
  tvp_buf_printf(out, " at %u %s", p->workers, worker_word(p->workers));
}

/* One line for the series' "same" verdicts. (Disturbed and implausible rows
 * are named under the series' table, not here.) */
static void same_line(const tvp_point *const *s, size_t ns, double margin, const char *bullet,
                      tvp_buf *out) {
  int n = 0;
  for (size_t i = 0; i < ns; i++) {
    if (s[i]->verdict != TVP_V_SAME)
      continue;
    char m[32], lo[32], hi[32];
    tvp_format_ratio(m, sizeof m, s[i]->ratio_vs_thread);
    tvp_format_ratio(lo, sizeof lo, s[i]->ratio_ci_low);
    tvp_format_ratio(hi, sizeof hi, s[i]->ratio_ci_high);
    tvp_buf_printf(out, n++ ? ", " : "%sNo meaningful difference from threads (within %d %%): ",
                   bullet, (int)lround(margin * 100));
    say_who(s[i], out);
    tvp_buf_printf(out, " (%sx [%s, %s])", m, lo, hi);
  }
  if (n)
    tvp_buf_printf(out, ".\n");
}

/* The inconclusive verdicts, counted by reason rather than listed. */
static void inconclusive_count(const tvp_point *const *s, size_t ns, double margin,
                               const char *bullet, tvp_buf *out) {
  static const char *const what[] = {"", "too few rounds for 95 %", "noise: the interval straddles the margin",
                                     "clear alone, not once the other tests count"};
  unsigned count[4] = {0}, total = 0;
  for (size_t i = 0; i < ns; i++)
    if (s[i]->verdict == TVP_V_INCONCLUSIVE) {
      count[s[i]->verdict_why <= TVP_WHY_MANY_TESTS ? s[i]->verdict_why : 0]++;
      total++;
    }
  if (!total)
    return;
  tvp_buf_printf(out, "%s%u %s inconclusive (", bullet, total,
                 total == 1 ? "comparison" : "comparisons");
  int kinds = (count[0] > 0) + (count[1] > 0) + (count[2] > 0) + (count[3] > 0), any = 0;
  for (int w = 0; w < 4; w++) {
    if (!count[w])
      continue;
    tvp_buf_printf(out, "%s", any++ ? "; " : "");
    if (kinds > 1)
      tvp_buf_printf(out, "%u ", count[w]);
    tvp_buf_printf(out, "%s", w ? what[w] : "no reason recorded");
    if (w == TVP_WHY_NOISE)
      tvp_buf_printf(out, " of %d %%", (int)lround(margin * 100));
  }
  tvp_buf_printf(out, ").\n");
}

/* The most speedup a point can honestly show: its workers, and no more than
 * the machine's PUs. */
static double speedup_limit(const tvp_point *p, unsigned pus) {
  return pus && pus < p->workers ? pus : p->workers;
}

/* A speedup a finding may quote: its interval not wholly above the limit, or,
 * without an interval, the median not above it (the implausible check needs
 * an interval, so it cannot catch those). */
static int plausible_speedup(const tvp_point *p, unsigned pus) {
  double limit = speedup_limit(p, pus);
  if (isfinite(p->speedup_ci_low) && isfinite(p->speedup_ci_high))
    return !(p->speedup_ci_low > limit);
  return !(p->speedup > limit);
}

static const tvp_point *best_speedup(const tvp_point *const *s, size_t ns, const char *model,
                                     unsigned pus) {
  const tvp_point *best = NULL;
  for (size_t i = 0; i < ns; i++)
    if (strcmp(s[i]->model, model) == 0 && usable(s[i]) && isfinite(s[i]->speedup) &&
        s[i]->workers > 0 && plausible_speedup(s[i], pus) &&
        (!best || s[i]->speedup > best->speedup))
      best = s[i];
  return best;
}

/* "fork 1.88x [1.80, 1.95] at 2 workers, within the 4 cores". */
static void say_best(const tvp_point *best, const tvp_findings_ctx *ctx, tvp_buf *line) {
  tvp_buf_md_text(line, best->model);
  if (best->workers == 1) {
    /* Nothing beat one worker: "best speedup 1.00x at 1 worker" would hide that. */
    tvp_buf_printf(line, " none (no count beats 1 worker)");
    return;
  }
  tvp_buf_printf(line, " %.2fx", best->speedup);
  if (isfinite(best->speedup_ci_low) && isfinite(best->speedup_ci_high))
    tvp_buf_printf(line, " [%.2f, %.2f]", best->speedup_ci_low, best->speedup_ci_high);
  else
    tvp_buf_printf(line, " (no interval below 5 repetitions)");
  tvp_buf_printf(line, " at %u workers", best->workers);
  unsigned cores = ctx->cores;
  if (cores && best->workers > cores)
    tvp_buf_printf(line, ", past the %u cores%s", cores,
                   best->oversubscribed ? " and oversubscribed" : "");
  else if (cores)
    tvp_buf_printf(line, ", within the %u cores", cores);
  else if (best->oversubscribed)
    tvp_buf_printf(line, ", oversubscribed (more workers than PUs)");
}

/* Best speedup per model, one line. */
static void best_speedup_finding(const tvp_point *const *s, size_t ns, const char *const *models,
                                 size_t nm, const tvp_findings_ctx *ctx, const char *bullet,
                                 tvp_buf *out) {
  tvp_buf line = {0};
  int any = 0;
  for (size_t m = 0; m < nm; m++) {
    const tvp_point *best = best_speedup(s, ns, models[m], ctx->pus);
    if (!best)
      continue;
    tvp_buf_printf(&line, "%s ", any++ ? ";" : "");
    say_best(best, ctx, &line);
  }
  if (any)
    tvp_buf_printf(out, "%sBest speedup:%s.\n", bullet, line.data);
  tvp_buf_free(&line);
}

/* A configuration's efficiency as a figure ("0.94"), or why there is none;
 * *known is set to 0 when the only reason is a missing 1-worker baseline. */
static void say_efficiency(const tvp_point *p, int *known, tvp_buf *line) {
  *known = 1;
  if (!ok(p))
    tvp_buf_md_text(line, p->status);
  else if (p->implausible)
    tvp_buf_printf(line, "implausible");
  else if (p->oversubscribed)
    tvp_buf_printf(line, "not defined: workers share PUs");
  else if (isfinite(p->efficiency))
    tvp_buf_printf(line, "%.2f", p->efficiency);
  else {
    tvp_buf_printf(line, "not known (no 1-worker baseline)");
    *known = 0;
  }
}

/* Efficiency at the core count, for one series: each model named once, with
 * every figure it has there ("thread 0.96 and 0.97" when a suite measured the
 * same configuration in two sections). Nothing when no figure is known. */
static void efficiency_finding(const tvp_point *const *s, size_t ns, const char *const *models,
                               size_t nm, unsigned cores, const char *bullet, tvp_buf *out) {
  if (!cores)
    return;
  tvp_buf line = {0};
  int nmodels = 0, any_known = 0;
  for (size_t m = 0; m < nm; m++) {
    size_t count = 0, said = 0;
    for (size_t i = 0; i < ns; i++)
      count += strcmp(s[i]->model, models[m]) == 0 && s[i]->workers == cores;
    for (size_t i = 0; i < ns && count; i++) {
      if (strcmp(s[i]->model, models[m]) != 0 || s[i]->workers != cores)
        continue;
      if (said == 0) {
        tvp_buf_printf(&line, "%s ", nmodels++ ? "," : "");
        tvp_buf_md_text(&line, models[m]);
        tvp_buf_printf(&line, " ");
      } else
        tvp_buf_printf(&line, "%s", said + 1 == count ? " and " : ", ");
      int known;
      say_efficiency(s[i], &known, &line);
      any_known |= known;
      said++;
    }
  }
  if (any_known)
    tvp_buf_printf(out, "%sEfficiency at the core count, %u %s:%s.\n", bullet, cores,
                   worker_word(cores), line.data);
  tvp_buf_free(&line);
}

/* A verdict a series' findings report: a model faster, slower, or the same. */
static int reportable(const tvp_point *p) {
  return p->verdict == TVP_V_HIGHER || p->verdict == TVP_V_LOWER || p->verdict == TVP_V_SAME;
}

/* The failed and interrupted configurations, with their reasons. */
static void failures(const tvp_point *const *s, size_t ns, const char *bullet, tvp_buf *out) {
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
}

/* The configurations whose time varied more than TVP_NOISY_CV. */
static void noisy_finding(const tvp_point *const *s, size_t ns, const char *bullet, tvp_buf *out) {
  tvp_buf noisy = {0};
  int nnoisy = 0;
  for (size_t i = 0; i < ns; i++) {
    const tvp_point *p = s[i];
    if (!usable(p) || !(p->time_cv > TVP_NOISY_CV))
      continue;
    tvp_buf_printf(&noisy, "%s ", nnoisy++ ? "," : "");
    tvp_buf_md_text(&noisy, p->model);
    /* One decimal near the threshold, so 5.3 % does not read as "5 %" above 5 %. */
    tvp_buf_printf(&noisy, " at %u %s (CV %.*f %%)", p->workers, worker_word(p->workers),
                   p->time_cv < 0.1 ? 1 : 0, p->time_cv * 100);
  }
  if (nnoisy)
    tvp_buf_printf(out, "%sNoisy (time CV above %.0f %%):%s.\n", bullet, TVP_NOISY_CV * 100,
                   noisy.data);
  tvp_buf_free(&noisy);
}

void tvp_findings_series(const tvp_point *const *s, size_t ns, const tvp_findings_ctx *ctx,
                         tvp_buf *out) {
  const char *bullet = "- ";
  int any = 0;
  for (size_t i = 0; i < ns; i++)
    any |= reportable(s[i]);
  if (any) {
    const char **models = tvp_xcalloc(ns + 1, sizeof *models);
    size_t nm = 0;
    for (size_t i = 0; i < ns; i++)
      tvp_distinct_text(models, &nm, s[i]->model);
    verdict_findings(s, ns, ctx->margin, bullet, out);
    same_line(s, ns, ctx->margin, bullet, out);
    inconclusive_count(s, ns, ctx->margin, bullet, out);
    best_speedup_finding(s, ns, models, nm, ctx, bullet, out);
    efficiency_finding(s, ns, models, nm, ctx->cores, bullet, out);
    noisy_finding(s, ns, bullet, out);
    free(models);
  }
  failures(s, ns, bullet, out);
}
