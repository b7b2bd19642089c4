#!/usr/bin/env bash
# Issue 12's techsim run: 200 simulated technicians for two simulated
# working days against a private running system, in a few minutes of real
# time, and its figures in docs/TECHSIM.md.
#
#   scripts/techsim_run.sh
#
# It builds what it needs (FS_BUILD_DIR, tests off; FS_TECHSIM_SKIP_BUILD=1
# uses what is built), starts a throwaway MariaDB and the four services as
# processes (TLS with a private CA, tokens from fs_token), orders, scheduling
# and callback on one fake clock (warranty decides by the time orders sends)
# that starts on Sunday evening 2026-11-22 18:00 (Guangzhou) and runs
# FS_TECHSIM_RATE (default 480) times as fast as the wall clock. techsim's
# clock reads the same time (--start, --start_anchor, --time_scale). It
# then runs techsim: it creates the technicians, takes FS_TECHSIM_PER_DAY
# (default 3) repair orders per technician for Monday and for Tuesday
# through the orders service, books them on the technicians' days through
# scheduling, and lets the technicians work them until Tuesday 22:00 with
# not-home customers, parts, dropped streams and offline replays; jobs left
# without a repair are rebooked. At the end every job must be completed or
# rescheduled to a window after the run: the exit code is techsim's (0 only
# when every job ended so and no operation failed unexpectedly).
#
# Outbox leases and round budgets and the technician index refresh are
# judged by the service clock, so they are given scaled by the rate (see
# services/common/service_clock.h); gRPC deadlines and poll intervals stay
# wall-clock time.
#
# Environment: FS_TECHSIM_TECHNICIANS (200), FS_TECHSIM_PER_DAY (3),
# FS_TECHSIM_RATE (480), FS_TECHSIM_SEED (1), FS_TECHSIM_RESULTS
# (docs/TECHSIM.md; "-" prints and writes nothing).
set -euo pipefail

script_start="$(date +%s)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/mariadb.sh"
source "$root/scripts/lib/measured_run.sh"
build="${FS_BUILD_DIR:-$root/build}"
results="${FS_TECHSIM_RESULTS:-$root/docs/TECHSIM.md}"
technicians="${FS_TECHSIM_TECHNICIANS:-200}"
per_day="${FS_TECHSIM_PER_DAY:-3}"
rate="${FS_TECHSIM_RATE:-480}"
seed="${FS_TECHSIM_SEED:-1}"
# Sunday 18:00 in Guangzhou; the run ends Tuesday 22:00 (52 simulated hours).
fake_now="2026-11-22T10:00:00Z"
duration="52h"

command_line="scripts/techsim_run.sh"
for v in $(compgen -e | grep '^FS_TECHSIM_' | sort); do command_line="$v=${!v} $command_line"; done

if [ "${FS_TECHSIM_SKIP_BUILD:-0}" != 1 ]; then
  FS_BUILD_TARGETS="orders_server warranty_server scheduling_server callback_server fs_token techsim" \
    "$root/scripts/build.sh" -DFS_BUILD_TESTS=OFF
fi
for binary in tools/fs_token tools/techsim/techsim services/orders/orders_server \
  services/warranty/warranty_server services/scheduling/scheduling_server \
  services/callback/callback_server; do
  [ -x "$build/$binary" ] || { echo "techsim_run: $build/$binary was not built" >&2; exit 1; }
done
fs_run_facts "$root" "$build" docs/TECHSIM.md
fs_private_system fs-techsim
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# One fake clock for every process: the same start, anchor and rate.
anchor="$(date -u -d '+20 seconds' '+%Y-%m-%dT%H:%M:%SZ')"
scaled() {  # scaled SECONDS: that many wall-clock seconds in clock time
  echo "$(( $1 * ${rate%.*} ))s"
}
clock_args=(--fake_now="$fake_now" --fake_now_anchor="$anchor" --fake_clock_rate="$rate"
  --allow_fake_now=true --outbox_round_budget="$(scaled 30)" --outbox_lease="$(scaled 60)")

"$build/tools/fs_token" keygen --out "$work/token-key.pem" 2>/dev/null
"$build/tools/fs_token" jwks --key "$work/token-key.pem" >"$work/jwks.json"

# Each calls the other: orders' port is chosen first.
orders_port="$(free_port)"
fs_private_service scheduling 127.0.0.1:0 "${clock_args[@]}" --orders_address="127.0.0.1:$orders_port" \
  --technician_index_refresh="$(scaled 10)"
scheduling="127.0.0.1:$port"
fs_private_service warranty 127.0.0.1:0
warranty="127.0.0.1:$port"
fs_private_service callback 127.0.0.1:0 "${clock_args[@]}" --orders_address="127.0.0.1:$orders_port" \
  --scheduling_address="$scheduling"
callback="127.0.0.1:$port"
fs_private_service orders "127.0.0.1:$orders_port" "${clock_args[@]}" --warranty_address="$warranty" \
  --scheduling_address="$scheduling" --callback_address="$callback"
orders="127.0.0.1:$orders_port"
echo "techsim_run: orders $orders, warranty $warranty, scheduling $scheduling," \
  "callback $callback; clock from $fake_now at ${rate}x"

# techsim as one more process on the same clock; it creates its
# technicians first (idempotent).
wall_start="$(date +%s)"
set +e
"$build/tools/techsim/techsim" --scheduling="$scheduling" --orders="$orders" --ca="$pki/ca.pem" \
  --key="$work/token-key.pem" --technician_prefix=tech- --technicians="$technicians" --width=4 \
  --create --seed="$seed" --start="$fake_now" --start_anchor="$anchor" --time_scale="$rate" \
  --duration="$duration" --feed_orders="$per_day" --feed_days=2 --feed_first_day=2026-11-23 \
  --parts_rate=0.1 --not_home_rate=0.05 --drop_rate=0.02 --offline_rate=0.05 \
  --parts_delay=1h >"$work/techsim.out" 2>"$work/techsim.log"
code=$?
set -e
wall_s=$(( $(date +%s) - wall_start ))
figures="$(grep '^techsim: technicians=' "$work/techsim.out" || true)"
echo "$figures"
fed="$(sed -n 's/^techsim: fed /fed /p' "$work/techsim.log" | head -1)"
echo "techsim_run: techsim exit code $code after ${wall_s} s (wall clock); $fed"
if [ "$code" -ne 0 ]; then
  echo "---- techsim stderr (last 40 lines) ----" >&2
  tail -40 "$work/techsim.log" >&2
fi
[ -n "$figures" ] || exit 1

# The orders service must have heard of every completion through
# scheduling's relay (RecordDispatchProgress): its completed orders, waited
# for up to a minute.
ended_completed="$(echo "$figures" | sed -n 's/.* ended_completed=\([0-9]*\).*/\1/p')"
orders_completed=""
for _ in $(seq 1 120); do
  orders_completed="$(root_sql "SELECT COUNT(*) FROM orders.repair_orders WHERE status = 'completed'")"
  [ "$orders_completed" = "$ended_completed" ] && break
  sleep 0.5
done
echo "techsim_run: orders completed $orders_completed of $ended_completed completed jobs"
if [ "$orders_completed" != "$ended_completed" ] && [ "$code" -eq 0 ]; then code=1; fi
# Every order has its 三包 decision, and every completed visit its callback
# task (through orders' outbox), each once.
jobs="$(echo "$figures" | sed -n 's/.* jobs=\([0-9]*\).*/\1/p')"
decisions="" tasks=""
for _ in $(seq 1 120); do
  decisions="$(root_sql "SELECT COUNT(*) FROM warranty.decisions")"
  tasks="$(root_sql "SELECT COUNT(*) FROM callback.callback_tasks")"
  [ "$decisions" = "$jobs" ] && [ "$tasks" = "$ended_completed" ] && break
  sleep 0.5
done
echo "techsim_run: warranty decided $decisions of $jobs orders; callback tasks $tasks of" \
  "$ended_completed completed visits"
if { [ "$decisions" != "$jobs" ] || [ "$tasks" != "$ended_completed" ]; } && [ "$code" -eq 0 ]; then
  code=1
fi

if [ "$results" != "-" ]; then
  table="$(echo "${figures#techsim: }" | tr ' ' '\n' | awk -F= '{ printf "| `%s` | %s |\n", $1, $2 }')"
  cat >"$results" <<RESULTS
# techsim: two simulated days

Written by \`$command_line\` (issue 12): $technicians simulated technicians, $per_day repair
orders each for Monday 2026-11-23 and for Tuesday 2026-11-24, taken through the orders service and
booked through scheduling, with all four services running; orders, scheduling, callback and
techsim on one fake clock running ${rate}× the wall clock from Sunday 18:00 to Tuesday 22:00
(Guangzhou). Every job must end completed or rescheduled
to a window after the run.

- run: $started, commit $commit, build $build_type, $cpus × $cpu_model, load before $load_before
- wall-clock time of techsim (feeding, two simulated days, the tally): **${wall_s} s**; exit code **$code**
- feeding: $fed
- the orders service's completed orders (each job's progress reached it through scheduling's
  relay): **$orders_completed** of $ended_completed completed jobs
- the warranty service's decisions: **$decisions** of $jobs orders; the callback service's tasks
  (one per completed visit, through orders' relay): **$tasks** of $ended_completed
- the whole script (MariaDB, services, techsim, checks): $(( $(date +%s) - script_start )) s

| figure | value |
|---|---|
$table

What the figures are: \`jobs\` orders taken and booked; \`ended_completed\` and
\`ended_rescheduled\` where scheduling says each job ended (rescheduled: booked again, for a window
after the run, after a visit that did not fix it); \`unfinished\` any other end (must be 0);
\`rebooked\` bookings of a job after "customer not home" or after its parts arrived (a job may be
rebooked and then completed within the run); \`visits\` departures; \`completed\`, \`not_home\`,
\`waiting_for_parts\` the visits' outcomes as the technicians reported them; \`on_time_arrivals\`
arrivals by the end of the booked window (simulated time); \`operations\` app calls, of them
\`replays\` sent again with the same operation id (offline queues and retries); \`resumes\` streams
reopened from their cursor after a drop; \`stream_errors\` streams the server or network ended;
\`errors\` operations that failed unexpectedly and \`feed_errors\` orders or bookings that failed
(both must be 0).
RESULTS
  echo "techsim_run: results in $results"
fi
exit "$code"
