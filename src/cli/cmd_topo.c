/* tvp topo: what hwloc sees, and with --placement/--workers where each worker
 * would run; --topology shows another machine. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "place/placement.h"
#include "place/topology.h"
#include "base/util.h"
#include "plan/workers_spec.h"

static const char usage[] =
    "usage: tvp topo [--topology SPEC] [--placement P --workers N]\n"
    "\n"
    "Shows the packages, NUMA nodes, cores, PUs and caches hwloc finds.\n"
    "  --topology SPEC   another machine: an hwloc synthetic description such as\n"
    "                    'pack:2 numa:2 core:8 pu:2', or a topology XML file\n"
    "  --placement P     none, core, pu or scatter: list the PU of each worker\n"
    "  --workers N       how many workers to place (a number, or N, 2N, P...)\n";

int tvp_cmd_topo(int argc, char **argv) {
  static const struct option opts[] = {{"topology", required_argument, NULL, 't'},
                                       {"placement", required_argument, NULL, 'p'},
                                       {"workers", required_argument, NULL, 'w'},
                                       {0, 0, 0, 0}};
  const char *spec = NULL, *place = NULL, *workers = NULL;
  tvp_opts p = {.cmd = "topo", .usage = usage, .longopts = opts};
  int c;
  while ((c = tvp_opts_next(&p, argc, argv)) != TVP_OPT_END) {
    switch (c) {
    case TVP_OPT_STOP: return p.status;
    case 't': spec = optarg; break;
    case 'p': place = optarg; break;
    case 'w': workers = optarg; break;
    }
  }
  if (optind < argc)
    return tvp_usage_error("topo", "unexpected argument '%s'", argv[optind]);
  tvp_placement_policy policy = TVP_PLACE_CORE;
  if (place && tvp_placement_parse(place, &policy) != 0) {
    char known[256];
    tvp_placement_list(known, sizeof known);
    return tvp_usage_error("topo", "unknown placement '%s' (known: %s)", place, known);
  }
  if (!!place != !!workers)
    return tvp_usage_error("topo", "--placement and --workers go together");

  char err[1024];
  tvp_topology t;
  if (tvp_topology_load(&t, spec, err, sizeof err) != 0)
    return tvp_usage_error("topo", "%s", err);
  int rc = TVP_EXIT_OK;
  tvp_topology_describe(&t, stdout);
  if (place) {
    unsigned *counts = NULL;
    int n = tvp_workers_parse(workers, t.cores, t.pus, &counts, err, sizeof err);
    if (n < 0) {
      rc = tvp_usage_error("topo", "%s", err);
    } else {
      for (int i = 0; i < n; i++) {
        tvp_placement pl;
        if (tvp_placement_plan(t.topo, policy, counts[i], &pl) != 0) {
          tvp_err("placement failed: out of memory");
          rc = TVP_EXIT_FAIL;
          break;
        }
        printf("\n");
        tvp_placement_describe(t.topo, &pl, stdout);
        tvp_placement_free(&pl);
      }
    }
    free(counts);
  }
  tvp_topology_destroy(&t);
  return rc;
}
