# The tables of docs/BENCHMARKS.md, from the run's JSON lines: one object per
# line, from bench/floors ("floor": ...) and tools/fs_load --json
# ("method": ...). scripts/bench.sh runs it; nobody writes the numbers by hand.
#
#   awk -v section=floors|create|reads|plot -f bench/tables.awk runs.jsonl
#
# plot: one line per concurrency of the create runs, for gnuplot:
#   concurrency create_rate create_p99 rows_rate rows_p99 single_rate single_p99
#
# The issue 8 targets checked in the "target" columns: creates at concurrency
# 16 and more at least 60% of the create-rows floor, p99 under 50 ms, no
# errors; reads at least 10,000 per second. The health check's row ("health")
# is the ceiling the reads are also shown against: one call over the same
# channel that reaches no handler and no database.

function num(line, key,    s) {
  if (!match(line, "\"" key "\": *-?[0-9.]+")) return ""
  s = substr(line, RSTART, RLENGTH)
  sub(/^[^:]*: */, "", s)
  return s + 0
}
function str(line, key,    s) {
  if (!match(line, "\"" key "\": *\"[^\"]*\"")) return ""
  s = substr(line, RSTART, RLENGTH)
  sub(/^[^:]*: *"/, "", s)
  sub(/"$/, "", s)
  return s
}
function codes(line,    s) {
  if (!match(line, /"codes": *\{[^}]*\}/)) return ""
  s = substr(line, RSTART, RLENGTH)
  sub(/^"codes": *\{/, "", s)
  sub(/\}$/, "", s)
  gsub(/"/, "", s)
  gsub(/: /, " ", s)
  return s
}
function pct(a, b) { return b > 0 ? sprintf("%.0f%%", 100 * a / b) : "n/a" }
function rate(r) { return sprintf("%.0f", r) }
function ms(v) { return v < 10 ? sprintf("%.2f", v) : sprintf("%.1f", v) }
# Remembers the order concurrencies first appear in, per series.
function seen(series, c) {
  if (!((series, c) in known)) { known[series, c] = 1; order[series] = order[series] " " c }
}

/"floor":/ {
  f = str($0, "floor"); c = num($0, "concurrency")
  seen(f, c)
  frate[f, c] = num($0, "rate"); fp50[f, c] = num($0, "p50_ms"); fp99[f, c] = num($0, "p99_ms")
  ferr[f, c] = num($0, "errors")
  next
}
/"method":/ {
  m = str($0, "method"); c = num($0, "concurrency")
  seen(m, c)
  lrate[m, c] = num($0, "rate"); lp50[m, c] = num($0, "p50_ms"); lp99[m, c] = num($0, "p99_ms")
  lcalls[m, c] = num($0, "calls"); lok[m, c] = num($0, "ok"); lcodes[m, c] = codes($0)
  next
}

END {
  if (section == "floors") {
    print "| floor | concurrency | per second | p50 ms | p99 ms | errors |"
    print "|---|---|---|---|---|---|"
    split("single_insert create_rows pk_select", floors, " ")
    for (i = 1; i <= 3; i++) {
      f = floors[i]
      n = split(order[f], cs, " ")
      for (j = 1; j <= n; j++) {
        c = cs[j]
        printf "| `%s` | %d | %s | %s | %s | %d |\n", f, c, rate(frate[f, c]), ms(fp50[f, c]),
               ms(fp99[f, c]), ferr[f, c]
      }
    }
  } else if (section == "create") {
    print "| concurrency | creates/s | p50 ms | p99 ms | codes | of the create-rows floor | of the single-insert floor | target (c ≥ 16) |"
    print "|---|---|---|---|---|---|---|---|"
    n = split(order["create"], cs, " ")
    for (j = 1; j <= n; j++) {
      c = cs[j]
      r = lrate["create", c]
      target = "—"
      if (c >= 16) {
        missed = ""
        if (!(("create_rows", c) in frate) || r < 0.6 * frate["create_rows", c]) missed = missed " <60% of floor;"
        if (lp99["create", c] >= 50) missed = missed " p99 ≥ 50 ms;"
        if (lok["create", c] != lcalls["create", c]) missed = missed " errors;"
        target = missed == "" ? "met" : "missed:" missed
        sub(/;$/, "", target)
      }
      printf "| %d | %s | %s | %s | %s | %s | %s | %s |\n", c, rate(r), ms(lp50["create", c]),
             ms(lp99["create", c]), lcodes["create", c], pct(r, frate["create_rows", c]),
             pct(r, frate["single_insert", c]), target
    }
  } else if (section == "reads") {
    print "| method | concurrency | calls/s | p50 ms | p99 ms | codes | of the PK-select floor | of an empty call | target (10,000/s) |"
    print "|---|---|---|---|---|---|---|---|---|"
    split("health get list", methods, " ")
    split("grpc.health.v1.Health/Check GetRepairOrder ListRepairOrders", rpcs, " ")
    for (i = 1; i <= 3; i++) {
      m = methods[i]
      n = split(order[m], cs, " ")
      for (j = 1; j <= n; j++) {
        c = cs[j]
        r = lrate[m, c]
        reads = m != "health"
        printf "| `%s` | %d | %s | %s | %s | %s | %s | %s | %s |\n", rpcs[i], c, rate(r),
               ms(lp50[m, c]), ms(lp99[m, c]), lcodes[m, c],
               (reads ? pct(r, frate["pk_select", c]) : "—"),
               (reads ? pct(r, lrate["health", c]) : "—"),
               (reads ? (r >= 10000 ? "met" : "missed") : "—")
      }
    }
  } else if (section == "plot") {
    n = split(order["create"], cs, " ")
    for (j = 1; j <= n; j++) {
      c = cs[j]
      printf "%d %.2f %.3f %.2f %.3f %.2f %.3f\n", c, lrate["create", c], lp99["create", c],
             frate["create_rows", c], fp99["create_rows", c], frate["single_insert", c],
             fp99["single_insert", c]
    }
  }
}
