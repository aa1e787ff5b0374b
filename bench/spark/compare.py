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
  compare.py state-scale WORK_DIR FILES HEAP TIMEOUT_S > report.md
      bench/state-scale's report from its runs (WORK_DIR: runs.tsv, checkpoints.tsv, spark.tsv, failed.tsv).
  compare.py state-scale-windows WORK_DIR HEAP TIMEOUT_S > report.md
      bench/state-scale --job category-analytics's report (WORK_DIR: runs.tsv, checkpoints.tsv, failed.tsv).
  compare.py state-churn CHECKPOINTS_TSV BACKEND MINUTES RATE WINDOW EVERY TTL > report.md
      bench/state-churn's report: the checkpoints over time next to the users seen so far.
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


def tsv(path):
    import csv
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return []
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def machine():
    """The report's machine line: cores, CPU, memory, Java, and that the runs held the shared lock."""
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_gb = int(f.readline().split()[1]) / 1024 / 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return (f"- Machine: {os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GB, {java}; shared with other work (each run held\n"
            "  the shared lock, so no build or test ran beside it; load average at the end: "
            f"{open('/proc/loadavg').read().split()[0]}).")


def millions(n):
    return f"{int(n) / 1e6:g} M"


def failed_runs(work):
    """bench/state-scale's failed.tsv: the runs that did not finish (backend, users, events, why)."""
    path = os.path.join(work, "failed.tsv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def run_row(r, *extra):
    """One StateScale run as a table row: rate, checkpoints, snapshots, restores, memory, then extra cells."""
    m = millions
    rate = f"{int(r['events_per_s']):,}" if r["events_per_s"] else "-"
    cells = [m(r["users"]), m(r["events"]), r["backend"], rate,
             f"{r['incr_size_mb_median']} / {r['incr_size_mb_max']}",
             f"{r['incr_duration_s_median']} / {r['incr_duration_s_max']}",
             f"{r['full_size_mb']} / {r['full_duration_s']}", f"{r['savepoint_size_mb']} / {r['savepoint_duration_s']}",
             f"{r['restore_checkpoint_s']} / {r['restore_savepoint_s']}", r["heap_used_mb"],
             r["rss_peak_mb"] or r["rss_peak_processing_mb"], *extra]
    return "| " + " | ".join(str(c) for c in cells) + " |" + (f" {r['note']}" if r["note"] else "")


def print_checkpoints(checkpoints, heading, users_label):
    """Every checkpoint of the runs, one line per (backend, users)."""
    if not checkpoints:
        return
    print()
    print(heading + " (seconds since all tasks ran: state size MB / uploaded MB / duration s):")
    print()
    groups = {}
    for c in checkpoints:
        groups.setdefault((c["backend"], c["users"]), []).append(c)
    for (backend, users), cs in groups.items():
        print(f"- {backend}, {millions(users)} {users_label}: " + "; ".join(
            f"{float(c['at_s']):.0f} s: {c['state_size_mb']} / {c['checkpointed_mb']} / {c['duration_s']}"
            for c in cs))


def state_scale(work, files, heap, timeout_s):
    m = millions
    runs = tsv(os.path.join(work, "runs.tsv"))
    spark = tsv(os.path.join(work, "spark.tsv"))
    checkpoints = tsv(os.path.join(work, "checkpoints.tsv"))
    failed = failed_runs(work)
    print(f"# State at scale: user-totals on the heap and on RocksDB, and Spark, {datetime.utcnow():%Y-%m-%d %H:%M} UTC")
    print()
    print(machine())
    print(f"- Input: e-commerce events, max(users, 10 M) per size, in {files} JSON-lines files; every run of `users`")
    print("  consecutive events names each user once (bench's `ScaleUsersGenerator`), so the state ends with exactly")
    print("  `users` keys.")
    print(f"- Ours: `user-totals --source file --watch 1h --sink discard --parallelism 2 --checkpoint-interval 10s")
    print(f"  --state-backend B --state-ttl 0` (every user kept, as on Spark's side), in one JVM (`bench/run --class StateScale`, heap {heap}) with a local cluster of one")
    print("  TaskManager, 2 slots, managed memory 1 GB (RocksDB's block cache and write buffers), checkpoints on the")
    print("  local disk. events/s: all events over the time from all tasks running until the per-user operator has")
    print("  received them all (REST `read-records`, polled every 250 ms, refreshed every 1 s). Checkpoints: the")
    print("  periodic ones while the events flowed (the first one left out of the incremental figures: it uploads")
    print("  everything), then a full checkpoint (`CheckpointType.FULL`) and a canonical savepoint of the whole state.")
    print("  Restore: the job started again from the full checkpoint, then from the savepoint; the per-user")
    print("  operator's slowest subtask from INITIALIZING (restoring state) to RUNNING. RSS: the JVM's VmHWM.")
    print("- Spark 4.2.0: `SparkPipelines user-totals` (groupBy user_id, count/sum/max, update mode, noop sink),")
    print("  local[2], 2 shuffle partitions, RocksDB state store with changelog checkpointing,")
    print("  `Trigger.AvailableNow` with `maxFilesPerTrigger 1` (one micro-batch, one state commit, per file),")
    print(f"  default heap. events/s: rows over the summed micro-batch durations (JVM start left out, as on our")
    print(f"  side). Each run stopped after {timeout_s} s at most.")
    print()
    print("| users | events | backend | events/s | incremental checkpoint: MB median / max | duration s median / max "
          "| full checkpoint MB / s | savepoint MB / s | restore s: checkpoint / savepoint | heap used MB | RSS peak MB |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        print(run_row(r))
    for backend, users, events, note in failed:
        print(f"| {m(users)} | {m(events)} | {backend} | did not finish: {note} | | | | | | | |")
    if spark:
        print()
        print("Spark (RocksDB state store):")
        print()
        print("| users | events | run | events/s | micro-batches | state commit ms median / max | checkpoint dir MB "
              "| wall s (process) | CPU s | RSS peak MB |")
        print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for s in spark:
            rate = int(s["rows"]) / float(s["batch_s"]) if float(s["batch_s"] or 0) > 0 else 0
            print(f"| {m(s['users'])} | {m(s['events'])} | {s['status']}, {int(s['rows']):,} rows | {rate:,.0f} | "
                  f"{s['batches']} | {s['commit_ms_median']} / {s['commit_ms_max']} | {s['checkpoint_mb']} | "
                  f"{s['wall_s']} | {s['cpu_s']} | {s['rss_peak_mb']} |")
        print()
        print("Side by side, events/s (ratio: ours / Spark's):")
        print()
        print("| users | ours, RocksDB | ours, heap | Spark, RocksDB | RocksDB ratio | heap ratio |")
        print("|---:|---:|---:|---:|---:|---:|")
        for s in spark:
            rate = int(s["rows"]) / float(s["batch_s"]) if float(s["batch_s"] or 0) > 0 else 0
            ours = {r["backend"]: float(r["events_per_s"]) for r in runs
                    if r["users"] == s["users"] and r["events_per_s"]}

            def cell(b):
                return f"{ours[b]:,.0f}" if b in ours else "-"

            def ratio(b):
                return f"**{ours[b] / rate:.1f}x**" if b in ours and rate else "-"

            print(f"| {m(s['users'])} | {cell('rocksdb')} | {cell('hashmap')} | {rate:,.0f} | {ratio('rocksdb')} | "
                  f"{ratio('hashmap')} |")
    print_checkpoints(checkpoints, "Every checkpoint of our runs", "users")


def state_scale_windows(work, heap, timeout_s):
    """bench/state-scale --job category-analytics: window state with many distinct users per window."""
    m = millions
    runs = tsv(os.path.join(work, "runs.tsv"))
    checkpoints = tsv(os.path.join(work, "checkpoints.tsv"))
    failed = failed_runs(work)
    print(f"# State at scale: category-analytics with many distinct users per window, on the heap and on RocksDB, "
          f"{datetime.utcnow():%Y-%m-%d %H:%M} UTC")
    print()
    print(machine())
    print("- Input: transactions, U distinct users in every 5-minute window, each named once per window in a")
    print("  scrambled order (bench's `UsersPerWindowGenerator`), max(8, 8 M / U) windows, 16 (category, location) keys")
    print("  (about U / 16 users each per window), in 2 JSON-lines files, one per reader.")
    print("- Ours: `category-analytics --source file --watch 1h --sink discard --parallelism 2 --checkpoint-interval 10s")
    print(f"  --state-backend B` in one JVM (`bench/run --class StateScale --job category-analytics`, heap {heap}), a")
    print("  local cluster of one TaskManager, 2 slots, managed memory 1 GB. The window state: per key a map of")
    print("  5-minute panes to accumulators holding the set of the window's users; windows close 10 min of event")
    print("  time after their end (the watermark delay), so about 3 panes of U users each are open at any time.")
    print("  events/s: all events over the time from all tasks running until the sources had emitted them all and")
    print("  a checkpoint triggered then (which flushes the pre-aggregated partials into the window state) completed.")
    print("  Then a full checkpoint, a canonical savepoint, and restores from each (the window operator's slowest")
    print(f"  subtask from INITIALIZING to RUNNING). Each run stopped after {timeout_s} s at most.")
    print()
    print("| users per window | events | backend | events/s | checkpoints: MB median / max | duration s median / max "
          "| full checkpoint MB / s | savepoint MB / s | restore s: checkpoint / savepoint | heap used MB | RSS peak MB "
          "| CPU s while the events went in |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        print(run_row(r, r.get("cpu_s") or "-"))
    for backend, users, events, note in failed:
        print(f"| {m(users)} | {m(events)} | {backend} | did not finish: {note} | | | | | | | | |")
    print_checkpoints(checkpoints, "Every checkpoint", "users per window")


def state_churn(checkpoints_tsv, backend, minutes, rate, window, every, ttl):
    rate, window, every = int(rate), int(window), int(every)
    cps = tsv(checkpoints_tsv)
    print(f"# State TTL under user churn: user-totals, {backend}, --state-ttl {ttl}, "
          f"{datetime.utcnow():%Y-%m-%d %H:%M} UTC")
    print()
    print(f"`bench/state-churn --backend {backend} --minutes {minutes} --rate {rate} --window {window} --every {every} "
          f"--ttl {ttl}`: `user-totals --source file --max-rate {rate} --sink discard --parallelism 2")
    print(f"--checkpoint-interval 10s --state-backend {backend} --state-ttl {ttl}` on a local cluster (1 TaskManager,")
    print("2 slots, managed memory 1 GB), one JVM holding the shared lock. Input: a new user every "
          f"{every} events, each event")
    print(f"from the {window:,} newest users: a user is active for {window * every / rate:.0f} s, then never seen again.")
    print("Users seen: the keys the state would hold without a TTL. State MB: the whole state as the checkpoint")
    print("reports it (RocksDB: its SST files; heap: the full snapshot); uploaded MB: what the checkpoint wrote.")
    print()
    print("| at (s since start) | users seen (state without TTL) | state MB | uploaded MB | duration s |")
    print("|---:|---:|---:|---:|---:|")
    for c in cps:
        at = float(c["at_s"])
        seen = window + int(max(at, 0) * rate / every)
        print(f"| {at:.0f} | {seen:,} | {c['state_size_mb']} | {c['checkpointed_mb']} | {c['duration_s']} |")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    sys.exit({"windows": windows, "fraud": fraud, "report": report, "profile": profile,
                   "state-scale": state_scale,
                   "state-scale-windows": state_scale_windows, "state-churn": state_churn}[command](*args) or 0)
