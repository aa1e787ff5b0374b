#!/usr/bin/env python3
"""bench/spark-vs-flink's checks and report (standard library only).

  compare.py windows OURS_DIR SPARK_DIR KEY[,KEY...] AGG=KIND[,AGG=KIND...]
      The same window rows on both sides. KIND: count (exact), sum / avg (ours rounds to 2 decimals), max (exact).
      Spark's append mode leaves out the windows still open when the input ends (window_end above its last
      watermark, the latest event time minus 10 min); the Flink jobs close every window at the end of a
      bounded input. So: every Spark row must equal ours, and our rows that Spark lacks must all end after
      the last window Spark emitted.
  compare.py fraud OURS_DIR SPARK_DIR INPUT_DIR
      The same alerts (transaction_id and risk_score) on both sides, and their count against one made here
      from the input with the rules written once more.
  compare.py report RAW_TSV EVENTS CHECKS_FILE > report.md
  compare.py profile RECORDING.jfr [TOP]
      Where the CPU time goes: JFR's execution samples (jfr print --json), the TOP methods on top of the stack
      (self) and the TOP methods anywhere in the stack (inclusive), as shares of all samples.
"""
import glob
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from datetime import datetime


def rows(folder, pattern):
    for path in sorted(glob.glob(os.path.join(folder, pattern))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def ms(iso):
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def windows(ours_dir, spark_dir, keys, aggs):
    keys = keys.split(",")
    aggs = [a.split("=") for a in aggs.split(",")]

    def key(r):
        return (ms(r["window_start"]), ms(r["window_end"])) + tuple(r[k] for k in keys)

    ours = {key(r): r for r in rows(ours_dir, "results/*.jsonl")}
    spark = {key(r): r for r in rows(spark_dir, "part-*.json")}
    problems = []
    for k, s in spark.items():
        o = ours.get(k)
        if o is None:
            problems.append(f"only in Spark: {s}")
            continue
        for name, kind in aggs:
            a, b = o[name], s[name]
            same = a == b if kind in ("count", "max") else abs(a - round(b, 2)) <= 0.0100001 + 1e-12 * abs(b)
            if not same:
                problems.append(f"{name} differs at {k}: ours {a}, Spark {b}")
    spark_last_end = max(k[1] for k in spark)
    ours_only = [k for k in ours if k not in spark]
    closed_missing = [k for k in ours_only if k[1] <= spark_last_end]
    for k in closed_missing[:10]:
        problems.append(f"only in ours although Spark emitted later windows: {k}")
    verdict = "OK" if not problems else f"FAILED ({len(problems)} problems)"
    print(f"{verdict}: {len(spark)} Spark rows, all equal to ours; ours has {len(ours)} rows, "
          f"{len(ours_only)} more, all windows ending after Spark's last emitted window end "
          f"({datetime.utcfromtimestamp(spark_last_end / 1000):%Y-%m-%dT%H:%M}Z), i.e. still open for Spark"
          if not problems else f"{verdict}: {len(spark)} Spark rows, {len(ours)} ours")
    for p in problems[:20]:
        print("  " + p)
    return 0 if not problems else 1


def fraud(ours_dir, spark_dir, input_dir):
    def alerts(folder, pattern):
        return {r["transaction_id"]: r["risk_score"] for r in rows(folder, pattern) if r["is_fraud"]}

    ours = alerts(ours_dir, "results/*.jsonl")
    spark = alerts(spark_dir, "part-*.json")
    independent = 0
    for r in rows(input_dir, "*.jsonl"):
        if r["amount"] > 3000 or (r["category"] == "Electronics" and r["amount"] > 1000):
            independent += 1
    same = ours == spark and len(ours) == independent
    print(f"{'OK' if same else 'FAILED'}: ours {len(ours)} alerts, Spark {len(spark)}, counted from the input "
          f"{independent}; same transaction ids and risk scores: {ours == spark}")
    return 0 if same else 1


def report(raw_tsv, events, checks_file):
    events = int(events)
    per_m = 1e6 / events
    runs = {}
    with open(raw_tsv, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            runs.setdefault((r["pipeline"], r["variant"]), {}).setdefault(int(r["pair"]), {})[r["side"]] = r

    def mmm(values, fmt):
        return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"

    out = ["| pipeline | Spark input | pairs | ours: wall s / M | Spark: wall s / M | wall ratio | "
           "ours: CPU s / M | Spark: CPU s / M | CPU ratio |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (pipeline, variant), pairs in runs.items():
        done = [p for p in pairs.values() if "ours" in p and "spark" in p]
        if not done:
            continue

        def wall(p):
            return float(p["wall_s"]) * per_m

        def cpu(p):
            return (float(p["user_s"]) + float(p["sys_s"])) * per_m

        out.append(f"| {pipeline} | {variant} | {len(done)} | "
                   f"{mmm([wall(p['ours']) for p in done], '{:.2f}')} | "
                   f"{mmm([wall(p['spark']) for p in done], '{:.2f}')} | "
                   f"**{mmm([wall(p['spark']) / wall(p['ours']) for p in done], '{:.2f}')}** | "
                   f"{mmm([cpu(p['ours']) for p in done], '{:.2f}')} | "
                   f"{mmm([cpu(p['spark']) for p in done], '{:.2f}')} | "
                   f"**{mmm([cpu(p['spark']) / cpu(p['ours']) for p in done], '{:.2f}')}** |")
    print("\n".join(out))
    print()
    print("Raw runs (seconds of the whole process; `/usr/bin/time -f '%e %U %S'`):")
    print()
    print("| pipeline | Spark input | pair | side | wall s | user s | sys s | what the process said |")
    print("|---|---|---:|---|---:|---:|---:|---|")
    for (pipeline, variant), pairs in runs.items():
        for n in sorted(pairs):
            for side in ("ours", "spark"):
                r = pairs[n].get(side)
                if r:
                    print(f"| {pipeline} | {variant} | {n} | {side} | {r['wall_s']} | {r['user_s']} | {r['sys_s']} | "
                          f"{r['note']} |")
    if checks_file and os.path.exists(checks_file) and os.path.getsize(checks_file) > 0:
        print()
        print("Result checks (separate runs, files written on both sides):")
        print()
        with open(checks_file, encoding="utf-8") as f:
            for line in f:
                print("- " + line.rstrip("\n"))


def profile(recording, top="25"):
    top = int(top)
    data = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", recording],
                                     check=True, capture_output=True, text=True).stdout)
    self_counts, inclusive = Counter(), Counter()
    samples = 0
    for event in data["recording"]["events"]:
        frames = event["values"]["stackTrace"]["frames"] if event["values"].get("stackTrace") else []
        if not frames:
            continue
        samples += 1
        names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
        self_counts[names[0]] += 1
        for name in set(names):
            inclusive[name] += 1
    print(f"{samples} samples")
    for title, counts in (("self", self_counts), ("inclusive", inclusive)):
        print(f"\n{title}:")
        for name, n in counts.most_common(top):
            print(f"  {100 * n / samples:5.1f}%  {name}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    sys.exit({"windows": windows, "fraud": fraud, "report": report, "profile": profile}[command](*args) or 0)
