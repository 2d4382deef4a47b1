/* The names of the sweep's dimensions, alone, for readers of a run folder that
 * index its columns by dimension without the table's accessors (dimensions.h). */
#ifndef TVP_DIMENSION_ID_H
#define TVP_DIMENSION_ID_H

/* The rows of tvp_dimensions, in the order of the CSV columns (and of the plan digest). */
typedef enum {
  TVP_DIM_KERNEL,
  TVP_DIM_MODEL,
  TVP_DIM_PLACEMENT,
  TVP_DIM_SCALING,
  TVP_DIM_WORKERS,
  TVP_DIM_UNITS,
  TVP_DIM_FOOTPRINT,
  TVP_DIM_CHUNK,
  TVP_DIM_DURATION,
  TVP_DIM_THREADS,
  TVP_DIM_COUNT
} tvp_dim_id;

#endif
