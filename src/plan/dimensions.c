/* The table of the sweep's dimensions (see dimensions.h) and what is derived from it.
 * Adding a dimension: a tvp_config field, a row here, and the code that gives it meaning. */
#include <math.h>
#include <stdio.h>

#include "base/util.h"
#include "models/model.h"
#include "plan/dimensions.h"

#define SAME(field)                                                                  \
  static int same_##field(const tvp_config *a, const tvp_config *b) {                \
    return a->field == b->field;                                                     \
  }
SAME(kernel)
SAME(model)
SAME(placement)
SAME(scaling)
SAME(workers)
SAME(units)
SAME(footprint)
SAME(chunk)
SAME(duration_s)
SAME(threads)

static void csv_kernel(tvp_csv_row *row, const tvp_config *c) { tvp_csv_str(row, c->kernel->name); }
static void csv_model(tvp_csv_row *row, const tvp_config *c) { tvp_csv_str(row, c->model->name); }
static void csv_placement(tvp_csv_row *row, const tvp_config *c) {
  tvp_csv_str(row, tvp_placement_name(c->placement));
}
static void csv_scaling(tvp_csv_row *row, const tvp_config *c) {
  tvp_csv_str(row, tvp_scaling_name(c->scaling));
}
static void csv_workers(tvp_csv_row *row, const tvp_config *c) { tvp_csv_uint(row, c->workers); }
static void csv_units(tvp_csv_row *row, const tvp_config *c) { tvp_csv_uint(row, c->units); }
/* 0 is the kernel's default, which the CSV leaves empty. */
static void csv_count_or_default(tvp_csv_row *row, uint64_t v) {
  if (v)
    tvp_csv_uint(row, v);
  else
    tvp_csv_empty(row);
}
static void csv_footprint(tvp_csv_row *row, const tvp_config *c) {
  csv_count_or_default(row, c->footprint);
}
static void csv_chunk(tvp_csv_row *row, const tvp_config *c) { csv_count_or_default(row, c->chunk); }
static void csv_duration(tvp_csv_row *row, const tvp_config *c) {
  tvp_csv_double(row, c->scaling == TVP_SCALING_DURATION ? c->duration_s : NAN, 6);
}

static void text_kernel(char *b, size_t n, const tvp_config *c) { snprintf(b, n, "%s", c->kernel->name); }
static void text_model(char *b, size_t n, const tvp_config *c) { snprintf(b, n, "%s", c->model->name); }
static void text_placement(char *b, size_t n, const tvp_config *c) {
  snprintf(b, n, "%s", tvp_placement_name(c->placement));
}
static void text_scaling(char *b, size_t n, const tvp_config *c) {
  snprintf(b, n, "%s", tvp_scaling_name(c->scaling));
}
static void text_workers(char *b, size_t n, const tvp_config *c) { snprintf(b, n, "%u", c->workers); }
static void text_units(char *b, size_t n, const tvp_config *c) {
  snprintf(b, n, "%llu", (unsigned long long)c->units);
}
static void text_footprint(char *b, size_t n, const tvp_config *c) {
  snprintf(b, n, "%llu", (unsigned long long)c->footprint);
}
static void text_chunk(char *b, size_t n, const tvp_config *c) {
  snprintf(b, n, "%llu", (unsigned long long)c->chunk);
}
/* %.17g: every double apart from every other, so the digest sees any change. */
static void text_duration(char *b, size_t n, const tvp_config *c) { snprintf(b, n, "%.17g", c->duration_s); }
static void text_threads(char *b, size_t n, const tvp_config *c) { snprintf(b, n, "%u", c->threads); }

static void setting_units(char *b, size_t n, const tvp_config *c) {
  snprintf(b, n, "size %llu", (unsigned long long)c->units);
}
static void setting_footprint(char *b, size_t n, const tvp_config *c) {
  if (c->footprint)
    tvp_format_size(b, n, (double)c->footprint);
  else
    snprintf(b, n, "default");
}
static void setting_chunk(char *b, size_t n, const tvp_config *c) {
  snprintf(b, n, "chunk %llu", (unsigned long long)c->chunk);
}

#define ACCESSORS(field, dim) same_##field, csv_##dim, text_##dim

const tvp_dimension tvp_dimensions[TVP_DIM_COUNT] = {
    [TVP_DIM_KERNEL] = {"kernel", "kernels", "--kernels", "kernel", "Kernels", NULL, 0,
                        ACCESSORS(kernel, kernel), NULL},
    [TVP_DIM_MODEL] = {"model", "models", "--models", "model", "Models", NULL, 0,
                       ACCESSORS(model, model), NULL},
    [TVP_DIM_PLACEMENT] = {"placement", "placements", "--placement", "placement", "Placements",
                           "%s placement", TVP_DIM_POINT, ACCESSORS(placement, placement), NULL},
    [TVP_DIM_SCALING] = {"scaling", "scaling", "--scaling", "scaling", "Scaling", "%s scaling",
                         TVP_DIM_POINT, ACCESSORS(scaling, scaling), NULL},
    [TVP_DIM_WORKERS] = {"workers", "workers", "--workers", "workers", "Workers", NULL, 0,
                         ACCESSORS(workers, workers), NULL},
    [TVP_DIM_UNITS] = {"size", "sizes", "--size", "units_requested", "Sizes (units)", "%s units",
                       TVP_DIM_POINT, ACCESSORS(units, units), setting_units},
    [TVP_DIM_FOOTPRINT] = {"footprint", "footprints", "--footprint", "footprint_bytes",
                           "Footprints (bytes)", "footprint %s bytes",
                           TVP_DIM_POINT | TVP_DIM_OPTIONAL | TVP_DIM_NEWER_COLUMN |
                               TVP_DIM_BARE_SETTING,
                           ACCESSORS(footprint, footprint), setting_footprint},
    [TVP_DIM_CHUNK] = {"chunk", "chunks", "--chunk", "chunk_items", "Chunks (items)",
                       "chunks of %s items", TVP_DIM_POINT | TVP_DIM_OPTIONAL | TVP_DIM_NEWER_COLUMN,
                       ACCESSORS(chunk, chunk), setting_chunk},
    [TVP_DIM_DURATION] = {"duration", "duration", "--duration", "duration_s", "Durations (s)", "%s s",
                          TVP_DIM_POINT | TVP_DIM_OPTIONAL, ACCESSORS(duration_s, duration), NULL},
    /* Implied by the model and the worker count, and in no CSV file: it only keeps
     * two plans of other threads per rank apart. */
    [TVP_DIM_THREADS] = {"threads", "threads", "--threads", NULL, "Threads per rank", NULL,
                         TVP_DIM_DIGEST_TAGGED, same_threads, NULL, text_threads, NULL},
};

int tvp_config_same_series(const tvp_config *a, const tvp_config *b) {
  if (a->kernel != b->kernel)
    return 0;
  for (int d = 0; d < TVP_DIM_COUNT; d++)
    if ((tvp_dimensions[d].flags & TVP_DIM_POINT) && !tvp_dimensions[d].same(a, b))
      return 0;
  return 1;
}

void tvp_dimensions_csv(tvp_csv_row *row, const tvp_config *c, tvp_dim_id first) {
  for (int d = (int)first; d < TVP_DIM_COUNT; d++)
    if (tvp_dimensions[d].column)
      tvp_dimensions[d].csv(row, c);
}

void tvp_dimension_say(tvp_buf *out, tvp_dim_id d, const char *value) {
  tvp_buf_printf(out, tvp_dimensions[d].phrase ? tvp_dimensions[d].phrase : "%s", value);
}
