"""Checks of the JSON files tvp writes, for tests/e2e/json_files.sh.

  json_check.py summary SCHEMA RUN_DIR
      RUN_DIR/summary.json is valid against SCHEMA, its columns are
      summary.csv's header in order, every configuration's keys are those
      columns in that order and its values summary.csv's cells (empty: null),
      and its meta is meta.json.
  json_check.py gbench SCHEMA EXPORT RUN_DIR UNIT
      EXPORT is valid against SCHEMA and holds, per row of summary.csv, the
      counted repetitions of runs.csv (worked out here again: measured, ok,
      not disturbed, of the last attempt) as iterations in UNIT, and from 2 of
      them the aggregates Google Benchmark computes.
  json_check.py teeth SCHEMA EXPORT
      Broken copies of EXPORT fail SCHEMA: the schema can say no.
  json_check.py equals FILE TEXT PATH...
      The value at PATH (keys and list indexes) of FILE is TEXT, byte for byte
      (an argument's bytes that are no UTF-8 read as surrogateescape makes them).

Files are read as UTF-8, strictly; a byte that was no UTF-8 in tvp's input is
the lone surrogate U+DC80..U+DCFF, which surrogateescape turns back into it.
Exits 1 with one line per problem.
"""
import csv
import json
import math
import statistics
import sys

import jsonschema

PER_SECOND = {"ns": 1e9, "us": 1e6, "ms": 1e3, "s": 1}
TEXT = {"kernel", "bound", "model", "placement", "scaling", "status", "reason",
        "throughput_unit", "verdict", "verdict_why", "implausible_reason", "checksum"}
problems = []


def problem(msg):
    problems.append(msg)


def load(path):
    with open(path, encoding="utf-8", errors="strict") as f:
        return json.load(f)


def rows(path):
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return list(csv.reader(f))


def validate(schema_path, doc, what):
    schema = load(schema_path)
    jsonschema.Draft202012Validator.check_schema(schema)
    for e in jsonschema.Draft202012Validator(schema).iter_errors(doc):
        problem("%s: %s at %s" % (what, e.message[:200], "/".join(map(str, e.absolute_path))))


def near(a, b):
    return isinstance(a, (int, float)) and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def check_summary(schema, run):
    doc = load(run + "/summary.json")
    validate(schema, doc, "summary.json")
    table = rows(run + "/summary.csv")
    header, body = table[0], table[1:]
    if doc["columns"] != header:
        problem("summary.json columns %s are not summary.csv's header %s" % (doc["columns"], header))
    if len(doc["configurations"]) != len(body):
        problem("summary.json has %d configurations, summary.csv %d rows"
                % (len(doc["configurations"]), len(body)))
    for obj, row in zip(doc["configurations"], body):
        if list(obj) != header:
            problem("config %s: keys %s are not the header" % (row[0], list(obj)))
        for col, cell in zip(header, row):
            v = obj.get(col)
            if cell == "":
                ok = v is None
            elif col in TEXT:
                ok = v == cell
            else:
                ok = not isinstance(v, str) and near(v, float(cell))
            if not ok:
                problem("config %s: %s is %r in summary.json, %r in summary.csv" % (row[0], col, v, cell))
    try:
        meta = load(run + "/meta.json")
    except (OSError, ValueError):
        meta = None
    if doc["meta"] != meta:
        problem("summary.json's meta is not meta.json")


def counted(runs, config):
    """The counted repetitions of config, as docs/csv.md defines them."""
    col = {n: i for i, n in enumerate(runs[0])}
    mine = [r for r in runs[1:] if r[col["config"]] == config and r[col["warmup"]] == "0"]
    last = max((int(r[col["attempt"]] or 0) for r in mine), default=0)
    out = []
    for r in mine:
        if int(r[col["attempt"]] or 0) != last or r[col["status"]] != "ok" or r[col["disturbed"]] == "1":
            continue
        out.append((float(r[col["wall_s"]]), float(r[col["user_s"]]) + float(r[col["sys_s"]]),
                    float(r[col["throughput"]])))
    return out


def aggregate(name, xs):
    mean = statistics.mean(xs)
    sd = statistics.stdev(xs)
    return {"mean": mean, "median": statistics.median(xs), "stddev": sd, "cv": sd / mean}[name]


def check_config(entries, row, col, runs, scale):
    config, status, unit = row[col["config"]], row[col["status"]], row[col["throughput_unit"]]
    reps = counted(runs, config)
    name = entries[0]["run_name"]
    if not name.startswith(row[col["kernel"]] + "/model:" + row[col["model"]] + "/"):
        problem("config %s: run_name %r does not start with its kernel and model" % (config, name))
    if any(e["threads"] != int(row[col["workers"]]) for e in entries):
        problem("config %s: threads is not its worker count" % config)
    if not reps:
        if len(entries) != 1 or not entries[0].get("error_occurred"):
            problem("config %s (%s): no counted repetition, and not one error entry" % (config, status))
        elif status != "ok" and entries[0]["error_message"] != row[col["reason"]]:
            problem("config %s: error_message %r, reason %r" % (config, entries[0]["error_message"],
                                                               row[col["reason"]]))
        return
    its = [e for e in entries if e["run_type"] == "iteration"]
    aggs = [e for e in entries if e["run_type"] == "aggregate"]
    if len(its) != len(reps):
        problem("config %s: %d iterations, %d counted repetitions" % (config, len(its), len(reps)))
    rate = "bytes_per_second" if unit == "B/s" else "items_per_second"
    for i, (e, (wall, cpu, tp)) in enumerate(zip(its, reps)):
        if e["name"] != name or e["repetition_index"] != i or e["repetitions"] != len(reps) or e["iterations"] != 1:
            problem("config %s: iteration %d is %r/%r of %r" % (config, i, e["name"], e["repetition_index"],
                                                               e["repetitions"]))
        if not (near(e["real_time"], wall * scale) and near(e["cpu_time"], cpu * scale) and near(e.get(rate), tp)):
            problem("config %s: iteration %d: %r %r %r, runs.csv %r %r %r" % (
                config, i, e["real_time"], e["cpu_time"], e.get(rate), wall * scale, cpu * scale, tp))
    want = ["mean", "median", "stddev", "cv"] if len(reps) >= 2 else []
    if [a["aggregate_name"] for a in aggs] != want:
        problem("config %s: aggregates %s, expected %s" % (config, [a["aggregate_name"] for a in aggs], want))
    for a in aggs:
        g = a["aggregate_name"]
        s = 1 if g == "cv" else scale
        if a["name"] != name + "_" + g or a["iterations"] != len(reps):
            problem("config %s: aggregate named %r" % (config, a["name"]))
        for field, k in (("real_time", 0), ("cpu_time", 1), (rate, 2)):
            want_v = aggregate(g, [r[k] for r in reps]) * (1 if k == 2 else s)
            if not near(a.get(field), want_v):
                problem("config %s: %s %s is %r, expected %r" % (config, g, field, a.get(field), want_v))


def check_gbench(schema, export, run, unit):
    doc = load(export)
    validate(schema, doc, export)
    table, runs = rows(run + "/summary.csv"), rows(run + "/runs.csv")
    col = {n: i for i, n in enumerate(table[0])}
    by_name, order = {}, []
    for e in doc["benchmarks"]:
        if e["run_name"] not in by_name:
            order.append(e["run_name"])
        by_name.setdefault(e["run_name"], []).append(e)
    if len(order) != len(table) - 1:
        problem("%d benchmarks for %d configurations" % (len(order), len(table) - 1))
    families = {}
    for i, (row, name) in enumerate(zip(table[1:], order)):
        entries = by_name[name]
        fam = {(e["family_index"], e["per_family_instance_index"]) for e in entries}
        if len(fam) != 1:
            problem("%s: entries of several families %s" % (name, fam))
        families.setdefault(row[col["kernel"]], set()).add(fam.pop())
        check_config(entries, row, col, runs, PER_SECOND[unit])
    # A family per kernel, its configurations numbered 0, 1, ... within it.
    if len({f for s in families.values() for f, _ in s}) != len(families) or \
            any(sorted(i for _, i in s) != list(range(len(s))) for s in families.values()):
        problem("family indexes %s are not one per kernel" % families)
    if any(e["time_unit"] != unit for e in doc["benchmarks"]):
        problem("a time_unit is not %s" % unit)


def check_teeth(schema, export):
    doc = load(export)
    breaks = [
        ("no cpu_time", lambda d: d["benchmarks"][0].pop("cpu_time")),
        ("a time unit of minutes", lambda d: d["benchmarks"][0].update(time_unit="min")),
        ("an iteration without its index", lambda d: d["benchmarks"][0].pop("repetition_index")),
        ("a text counter", lambda d: d["benchmarks"][0].update(items_per_second="many")),
        ("no context date", lambda d: d["context"].pop("date")),
        ("a cache of no known type", lambda d: d["context"]["caches"].append(
            {"type": "L9", "level": 9, "size": 1, "num_sharing": 1})),
    ]
    schema_doc = load(schema)
    for what, spoil in breaks:
        copy = json.loads(json.dumps(doc))
        spoil(copy)
        if not list(jsonschema.Draft202012Validator(schema_doc).iter_errors(copy)):
            problem("%s: the schema accepts %s" % (schema, what))


def main(argv):
    cmd = argv[1]
    if cmd == "summary":
        check_summary(argv[2], argv[3])
    elif cmd == "gbench":
        check_gbench(argv[2], argv[3], argv[4], argv[5])
    elif cmd == "teeth":
        check_teeth(argv[2], argv[3])
    elif cmd == "equals":
        v = load(argv[2])
        for k in argv[4:]:
            v = v[int(k)] if isinstance(v, list) else v[k]
        if v != argv[3]:
            problem("%s: %s is %r, not %r" % (argv[2], "/".join(argv[4:]), v, argv[3]))
    for p in problems[:20]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
