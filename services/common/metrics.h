// Prometheus metrics of the process: one registry every part records into,
// served over HTTP at /metrics when the setting metrics_listen is set
// (service_main.h starts it). The series are listed in README "Metrics".
//
// The hooks below are what the pool and transactions call; they cost a
// label lookup and an atomic update, so they stay on every call path.
#ifndef FIELDSERVICE_COMMON_METRICS_H_
#define FIELDSERVICE_COMMON_METRICS_H_

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace fieldservice::common::metrics {

// The process-wide registry.
prometheus::Registry& Registry();

// Latency buckets of every _seconds histogram: 0.5 ms to 5 s.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

// Adds `source`, read at every scrape (e.g. a database query), to what the
// endpoint serves, until the returned registration ends. Ending it waits for
// a scrape reading `source`, so `source` may be destroyed right after.
class ScrapeRegistration {
 public:
  explicit ScrapeRegistration(const prometheus::Collectable* source) : source_(source) {}
  ~ScrapeRegistration();
  ScrapeRegistration(const ScrapeRegistration&) = delete;
  ScrapeRegistration& operator=(const ScrapeRegistration&) = delete;

 private:
  const prometheus::Collectable* source_;
};
[[nodiscard]] std::unique_ptr<ScrapeRegistration> ReadAtScrape(
    const prometheus::Collectable& source);

// What a scrape returns: Registry() and every source added by ReadAtScrape.
std::vector<prometheus::MetricFamily> CollectAll();

// The HTTP endpoint serving GET /metrics: CollectAll().
class Endpoint {
 public:
  // Listens on `address` ("host:port"; port 0 picks a free port).
  static absl::StatusOr<std::unique_ptr<Endpoint>> Start(const std::string& address);
  int port() const { return port_; }

 private:
  Endpoint(std::unique_ptr<prometheus::Exposer> exposer, int port)
      : exposer_(std::move(exposer)), port_(port) {}
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_;
};

// Connection pool (db_pool.cc), labelled by database.
// A connection was handed out after `waited` for a free one / came back.
void PoolLeaseTaken(const std::string& database, absl::Duration waited);
void PoolLeaseReturned(const std::string& database);
// An Acquire gave up: every connection stayed busy.
void PoolAcquireTimedOut(const std::string& database);

// A transaction (transaction.cc) is tried again after the server's error
// `sql_errno` (deadlock, lock wait timeout, write conflict, lost connection).
void TransactionRetried(int sql_errno);

}  // namespace fieldservice::common::metrics

#endif  // FIELDSERVICE_COMMON_METRICS_H_
