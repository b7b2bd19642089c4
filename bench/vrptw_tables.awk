# The tables of docs/VRPTW_BENCHMARKS.md, from the runs scripts/vrptw_bench.sh
# made and checked (bench/vrptw_check.awk) and the best known values
# (../shared/bench/solomon/bkv.csv). Nobody writes the numbers by hand.
#
#   awk -F '\t' -v bkv=bkv.csv -v section=instances -v limit=1 -f bench/vrptw_tables.awk runs.tsv
#   awk -F '\t' -v bkv=bkv.csv -v section=classes|targets -f bench/vrptw_tables.awk runs.tsv
#
# runs.tsv, one run a line: instance limit seconds feasible vehicles distance
# distance_1dp printed_cost problems notes (feasible "yes" or "no"; a run that
# printed nothing has "-" for the numbers).
#
# bkv.csv: `C101,c101,100,10,828.94,RT,heuristic,...` is the hierarchical
# objective (fewest vehicles, then distance, full precision) and the gap's
# reference; `C101.100,c101,100,10,827.3,KDMSS,optimal,...` an exact result
# for distance alone, with each arc truncated to one decimal, so its gap is
# taken on distance_1dp (the same truncation) and only where the row exists.
# Averages and totals are over the feasible runs; the feasible column says
# how many of the runs that is.
#
# targets: issue 10's, over every class together: every solution feasible;
# average distance gap at most 5% at 1 s and 3% at 10 s; total vehicles
# within 5% of the best known's.

BEGIN {
  while ((getline line < bkv) > 0) {
    n = split(line, f, ",")
    # Rows without a published value say NA.
    if (n < 7 || f[3] != 100 || f[5] !~ /^[0-9]+(\.[0-9]+)?$/ || f[5] + 0 <= 0) continue
    if (f[7] == "heuristic") { best_vehicles[f[2]] = f[4]; best_distance[f[2]] = f[5] }
    else if (f[7] == "optimal") optimal[f[2]] = f[5]
  }
  close(bkv)
  split("C1 C2 R1 R2 RC1 RC2", class_names, " ")
  target_gap[1] = 5; target_gap[10] = 3
  target_vehicles = 5
}

# C101 -> C1, RC208 -> RC2.
function class_of(name,    u) { u = toupper(name); match(u, /^[A-Z]+[0-9]/); return substr(u, 1, RLENGTH) }
function gap(value, reference) { return 100 * (value - reference) / reference }
# "-0.00" (a gap rounding to nothing) printed as 0.00.
function fmt(v, digits,    s) {
  if (v == "") return "—"
  s = sprintf("%." digits "f", v)
  if (s ~ /^-0\.0*$/) s = substr(s, 2)
  return s
}

{
  instance = $1; L = $2
  if (!(L in limits_seen)) { limits_seen[L] = 1; limits_order[++limit_count] = L }
  key = instance SUBSEP L
  rows[L] = rows[L] " " instance
  seconds[key] = $3; feasible[key] = $4; vehicles[key] = $5; distance[key] = $6
  distance_1dp[key] = $7; problems[key] = $9; notes[key] = $10
  c = class_of(instance)
  runs[L, c]++; runs[L, "all"]++
  if ($4 == "yes" && (instance in best_distance)) {
    ok[L, c]++; ok[L, "all"]++
    g = gap($6, best_distance[instance])
    gap_sum[L, c] += g; gap_sum[L, "all"] += g
    vehicle_sum[L, c] += $5; vehicle_sum[L, "all"] += $5
    best_vehicle_sum[L, c] += best_vehicles[instance]; best_vehicle_sum[L, "all"] += best_vehicles[instance]
    if (instance in optimal) {
      g = gap($7, optimal[instance])
      optimal_n[L, c]++; optimal_n[L, "all"]++
      optimal_sum[L, c] += g; optimal_sum[L, "all"] += g
    }
  } else if ($4 == "yes") {
    unknown[instance] = 1
  }
}

function cell_feasible(key,    text) {
  text = feasible[key] == "yes" ? "yes" : "**no**: " problems[key]
  if (notes[key] != "-" && notes[key] != "") text = text " (" notes[key] ")"
  return text
}

END {
  if (section == "instances") {
    print "| instance | vehicles | distance | feasible | best known vehicles | best known distance | gap % | optimal distance (1-decimal arcs) | gap to optimal % | seconds |"
    print "|---|---|---|---|---|---|---|---|---|---|"
    n = split(rows[limit], names, " ")
    for (i = 1; i <= n; i++) {
      instance = names[i]; key = instance SUBSEP limit
      ran = distance[key] != "-"
      has_best = instance in best_distance
      has_optimal = instance in optimal
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", toupper(instance),
             ran ? vehicles[key] : "—", ran ? fmt(distance[key], 2) : "—", cell_feasible(key),
             has_best ? best_vehicles[instance] : "—", has_best ? best_distance[instance] : "—",
             ran && has_best ? fmt(gap(distance[key], best_distance[instance]), 2) : "—",
             has_optimal ? optimal[instance] : "—",
             ran && has_optimal ? fmt(gap(distance_1dp[key], optimal[instance]), 2) : "—",
             fmt(seconds[key], 2)
    }
  } else if (section == "classes") {
    print "| time limit | class | runs | feasible | average gap % | vehicles | best known vehicles | vehicles over best known % | average gap to optimal % (instances) |"
    print "|---|---|---|---|---|---|---|---|---|"
    for (l = 1; l <= limit_count; l++) {
      L = limits_order[l]
      for (i = 1; i <= 7; i++) {
        c = i <= 6 ? class_names[i] : "all"
        if (!runs[L, c]) continue
        k = ok[L, c]
        printf "| %s s | %s | %d | %d | %s | %s | %s | %s | %s |\n", L, c == "all" ? "**all**" : c,
               runs[L, c], k, k ? fmt(gap_sum[L, c] / k, 2) : "—", k ? vehicle_sum[L, c] : "—",
               k ? best_vehicle_sum[L, c] : "—",
               k ? fmt(gap(vehicle_sum[L, c], best_vehicle_sum[L, c]), 1) : "—",
               optimal_n[L, c] ? fmt(optimal_sum[L, c] / optimal_n[L, c], 2) " (" optimal_n[L, c] ")" : "—"
      }
    }
  } else if (section == "targets") {
    for (l = 1; l <= limit_count; l++) {
      L = limits_order[l]
      if (!((L + 0) in target_gap)) continue
      total = runs[L, "all"]; k = ok[L, "all"]
      line = sprintf("- At %s s (%d instance%s%s): ", L, total, total == 1 ? "" : "s",
                     total < 56 ? ", not all 56: the averages are not the benchmark's" : "")
      line = line sprintf("every solution feasible: %s (%d of %d); ", k == total ? "met" : "**missed**", k, total)
      if (k) {
        g = gap_sum[L, "all"] / k
        line = line sprintf("average distance gap %.2f%% (target at most %d%%): %s; ", g,
                            target_gap[L + 0], g <= target_gap[L + 0] ? "met" : "**missed**")
        v = gap(vehicle_sum[L, "all"], best_vehicle_sum[L, "all"])
        line = line sprintf("total vehicles %d against %d best known, %+.1f%% (target at most +%d%%): %s.",
                            vehicle_sum[L, "all"], best_vehicle_sum[L, "all"], v, target_vehicles,
                            v <= target_vehicles ? "met" : "**missed**")
      } else {
        line = line "no feasible run to average."
      }
      print line
    }
    for (instance in unknown) print "- " toupper(instance) " has no best known row in bkv.csv: left out of the averages."
  }
}
