// The outbox relay's throughput and lag (issue 8): how fast it drains a
// backlog, and how long a message waits at a steady intake, on the orders
// schema (its migrations, indexes included) in a real MariaDB. The handler
// sleeps 3 ms, about one DecideCoverage over gRPC; with_write=1 also stores a
// row in its own transaction afterwards, as the warranty requester stores the
// decision back on the order. Speed goals are measured here, never asserted
// in tests.
//
// Needs the throwaway MariaDB of scripts/lib/mariadb.sh (FS_TEST_DB_HOST,
// FS_TEST_DB_PORT, FS_TEST_DB_USER, FS_TEST_DB_PASSWORD, as for the tests).
#include <benchmark/benchmark.h>
#include <cppconn/connection.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/migrations.h"
#include "services/common/outbox.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"
#include "services/orders/storage/mysql_order_repository.h"
#include "tests/support/test_db.h"

namespace fieldservice::common {
namespace {

constexpr char kTopic[] = "bench.topic";
constexpr absl::Duration kCallTime = absl::Milliseconds(3);

// A fresh orders database for one benchmark run; dropped at the end.
class BenchDatabase {
 public:
  BenchDatabase() : settings_(testing::CreateTestDatabase("relay_bench")) {
    settings_.pool_size = 32;  // the relay's workers, their writes and the producer
    pool_ = std::make_unique<ConnectionPool>(settings_);
    status_ = ApplyMigrations(*pool_, orders::EmbeddedMigrations(), absl::Seconds(30)).status();
    if (status_.ok()) {
      status_ = RunInTransaction(*pool_, {}, [](sql::Connection& c) {
        Statement(c,
                  "CREATE TABLE bench_effects (id BIGINT NOT NULL AUTO_INCREMENT,"
                  " message_id CHAR(36) NOT NULL, PRIMARY KEY (id))")
            .Execute();
        return absl::OkStatus();
      });
    }
  }
  ~BenchDatabase() {
    pool_.reset();
    testing::DropTestDatabase(settings_);
  }
  ConnectionPool& pool() { return *pool_; }
  const absl::Status& status() const { return status_; }

  // `count` messages, `per_transaction` to a commit (setup only).
  absl::Status Enqueue(int count, int per_transaction) {
    for (int done = 0; done < count; done += per_transaction) {
      absl::Status s = RunInTransaction(*pool_, {}, [&](sql::Connection& c) {
        for (int i = done; i < std::min(count, done + per_transaction); ++i) {
          EnqueueMessage(c, kTopic, absl::StrCat(absl::ToUnixNanos(absl::Now())), absl::Now());
        }
        return absl::OkStatus();
      });
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

 private:
  DbSettings settings_;
  std::unique_ptr<ConnectionPool> pool_;
  absl::Status status_;
};

// One simulated delivery: the call, then (with_write) the answer stored.
absl::Status SimulatedDelivery(ConnectionPool& pool, const OutboxMessage& m, bool with_write) {
  absl::SleepFor(kCallTime);
  if (!with_write) return absl::OkStatus();
  return RunInTransaction(pool, {}, [&](sql::Connection& c) {
    Statement(c, "INSERT INTO bench_effects (message_id) VALUES (?)").Bind(m.message_id).Execute();
    return absl::OkStatus();
  });
}

// Drains a backlog of 5,000 due messages with rounds back to back (as the
// relay's thread does while batches come back full). Args: max_in_flight,
// with_write, batch_size.
void BM_RelayDrainsBacklog(benchmark::State& state) {
  constexpr int kMessages = 5000;
  const int in_flight = static_cast<int>(state.range(0));
  const bool with_write = state.range(1) != 0;
  const int batch = static_cast<int>(state.range(2));
  BenchDatabase db;
  if (!db.status().ok()) {
    state.SkipWithError(std::string(db.status().message()).c_str());
    return;
  }
  SystemClock clock;
  int64_t delivered_total = 0;
  for (auto _ : state) {
    state.PauseTiming();
    if (absl::Status s = db.Enqueue(kMessages, 500); !s.ok()) {
      state.SkipWithError(std::string(s.message()).c_str());
      return;
    }
    OutboxRelay relay(db.pool(), clock, {.batch_size = batch, .max_in_flight = in_flight},
                      {{kTopic, [&](const OutboxMessage& m) {
                          return SimulatedDelivery(db.pool(), m, with_write);
                        }}});
    state.ResumeTiming();
    int delivered = 0;
    while (delivered < kMessages) {
      auto n = relay.RunOnce();
      if (!n.ok()) {
        state.SkipWithError(std::string(n.status().message()).c_str());
        return;
      }
      if (*n == 0) break;
      delivered += *n;
    }
    delivered_total += delivered;
  }
  state.SetItemsProcessed(delivered_total);
  state.counters["delivered_per_s"] =
      benchmark::Counter(static_cast<double>(delivered_total), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RelayDrainsBacklog)
    ->ArgNames({"in_flight", "with_write", "batch"})
    ->Args({1, 0, 100})
    ->Args({8, 0, 100})
    ->Args({16, 0, 100})
    ->Args({8, 0, 400})
    ->Args({32, 0, 400})
    ->Args({8, 1, 100})
    ->Args({16, 1, 400})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A steady intake (one message per transaction, like an order's create) for
// 10 s with the relay's own thread running (doorbell, poll interval 1 s):
// the lag from commit to delivery. Args: intake per second, with_write.
void BM_RelayLagAtSteadyIntake(benchmark::State& state) {
  const int rate = static_cast<int>(state.range(0));
  const bool with_write = state.range(1) != 0;
  const absl::Duration run = absl::Seconds(10);
  BenchDatabase db;
  if (!db.status().ok()) {
    state.SkipWithError(std::string(db.status().message()).c_str());
    return;
  }
  SystemClock clock;
  for (auto _ : state) {
    absl::Mutex mu;
    std::vector<absl::Duration> lags;
    std::atomic<int> delivered = 0;
    OutboxRelay relay(db.pool(), clock, {},
                      {{kTopic, [&](const OutboxMessage& m) {
                          absl::Status s = SimulatedDelivery(db.pool(), m, with_write);
                          int64_t written_ns = 0;
                          if (!absl::SimpleAtoi(m.payload, &written_ns)) {
                            return absl::InvalidArgumentError("payload is not a time");
                          }
                          absl::Duration lag = absl::Now() - absl::FromUnixNanos(written_ns);
                          absl::MutexLock lock(&mu);
                          lags.push_back(lag);
                          ++delivered;
                          return s;
                        }}});
    relay.Start();
    const absl::Time start = absl::Now();
    int written = 0;
    for (absl::Time next = start; next < start + run; next += absl::Seconds(1) / rate) {
      absl::SleepFor(next - absl::Now());
      if (absl::Status s = db.Enqueue(1, 1); !s.ok()) {
        state.SkipWithError(std::string(s.message()).c_str());
        relay.Stop();
        return;
      }
      ++written;
    }
    const absl::Time wait_until = absl::Now() + absl::Seconds(60);
    while (delivered < written && absl::Now() < wait_until) absl::SleepFor(absl::Milliseconds(10));
    relay.Stop();
    absl::MutexLock lock(&mu);
    std::sort(lags.begin(), lags.end());
    auto at = [&](double q) {
      if (lags.empty()) return 0.0;
      return absl::ToDoubleMilliseconds(lags[std::min(lags.size() - 1, size_t(q * lags.size()))]);
    };
    state.counters["written"] = written;
    state.counters["delivered"] = static_cast<double>(lags.size());
    state.counters["lag_p50_ms"] = at(0.5);
    state.counters["lag_p99_ms"] = at(0.99);
    state.counters["lag_max_ms"] = lags.empty() ? 0 : absl::ToDoubleMilliseconds(lags.back());
  }
}
BENCHMARK(BM_RelayLagAtSteadyIntake)
    ->ArgNames({"per_s", "with_write"})
    ->Args({300, 0})
    ->Args({300, 1})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fieldservice::common

BENCHMARK_MAIN();
