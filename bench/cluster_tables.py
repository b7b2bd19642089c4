#!/usr/bin/env python3
"""The table of docs/CLUSTER_BENCHMARKS.md: the same fs_cluster_load run on
the single-node setup and on the cluster, side by side, from the two
reports fs_cluster_load --json wrote. scripts/cluster_bench.sh runs it;
nobody writes the numbers by hand.

    cluster_tables.py table SINGLE.json CLUSTER.json   the Markdown table rows
    cluster_tables.py ratio SINGLE.json CLUSTER.json   one sentence: the cluster
                                                       against the single node

A report missing a kind of call (no order got that far) shows "-".
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def ms(value):
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def latency(report, kind):
    calls = report.get("latency_ms", {}).get(kind)
    if not calls:
        return "-"
    return f"{ms(calls['p50'])} / {ms(calls['p99'])} ({int(calls['count'])} calls)"


def errors(report):
    codes = report.get("errors_by_code", {})
    if not codes:
        return "none"
    return ", ".join(f"{code} {int(n)}" for code, n in sorted(codes.items()))


def rows(single, cluster):
    figures = [
        ("orders completed / attempted",
         lambda r: f"{int(r['orders_completed'])} / {int(r['orders_attempted'])}"),
        ("**completed orders/s**", lambda r: f"**{r['orders_per_second']:.2f}**"),
        ("requests/s (requests, of them retries)",
         lambda r: f"{r['requests_per_second']:.1f} ({int(r['requests'])}, {int(r['retries'])})"),
        ("create p50 / p99, ms", lambda r: latency(r, "create")),
        ("queue p50 / p99, ms", lambda r: latency(r, "queue")),
        ("sync (queued to in scheduling's queue) p50 / p99, ms", lambda r: latency(r, "sync")),
        ("assign_book p50 / p99, ms", lambda r: latency(r, "assign_book")),
        ("app_step p50 / p99, ms", lambda r: latency(r, "app_step")),
        ("errors by code", errors),
        ("etag conflicts (re-read, not errors)", lambda r: str(int(r["etag_conflicts"]))),
        ("longest outage seen by a client, ms", lambda r: f"{r['longest_outage_ms']:.0f}"),
        ("wall time of the load, s", lambda r: f"{r['wall_seconds']:.1f}"),
    ]
    for name, value in figures:
        print(f"| {name} | {value(single)} | {value(cluster)} |")


def p99(report, kind):
    calls = report.get("latency_ms", {}).get(kind)
    return calls["p99"] if calls else 0


def ratio(single, cluster):
    def times(a, b):
        return f"{a / b:.1f}×" if b > 0 else "n/a"

    orders = times(cluster["orders_per_second"], single["orders_per_second"])
    print(f"the cluster completed {orders} the single node's orders per second; its create p99 was"
          f" {times(p99(cluster, 'create'), p99(single, 'create'))}, its assign_book p99"
          f" {times(p99(cluster, 'assign_book'), p99(single, 'assign_book'))} and its app_step p99"
          f" {times(p99(cluster, 'app_step'), p99(single, 'app_step'))} the single node's")


def main(argv):
    if len(argv) != 4 or argv[1] not in ("table", "ratio"):
        sys.exit(f"usage: {argv[0]} table|ratio SINGLE.json CLUSTER.json")
    single, cluster = load(argv[2]), load(argv[3])
    (rows if argv[1] == "table" else ratio)(single, cluster)


if __name__ == "__main__":
    main(sys.argv)
