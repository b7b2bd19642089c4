// The outbox's backlog per topic, read from the database at every scrape
// (one grouped query over the undelivered rows, bounded by a short time
// limit): pending messages, parked ones, and the age of the oldest pending.
// A scrape never waits long for it: when the query fails or runs out of
// time, these series are left out and fs_outbox_metrics_errors_total counts
// it. Registered by the services that have an outbox table.
#ifndef FIELDSERVICE_COMMON_OUTBOX_METRICS_H_
#define FIELDSERVICE_COMMON_OUTBOX_METRICS_H_

#include <prometheus/collectable.h>

#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/log_throttle.h"
#include "services/common/metrics.h"

namespace fieldservice::common {

class OutboxMetrics final : public prometheus::Collectable {
 public:
  // `query_timeout` bounds the wait for a connection and the query; the
  // clock is the one messages are stamped with (ages are measured on it).
  OutboxMetrics(ConnectionPool& pool, const Clock& clock, absl::Duration query_timeout);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  ConnectionPool& pool_;
  const Clock& clock_;
  absl::Duration query_timeout_;
  // A database outage fails every scrape: one line per db_outage_log_interval.
  mutable ThrottledLog failure_log_;
};

// An OutboxMetrics read at every scrape of /metrics while the result lives.
class ScrapedOutbox {
 public:
  ScrapedOutbox(ConnectionPool& pool, const Clock& clock, absl::Duration query_timeout)
      : source_(pool, clock, query_timeout), registration_(metrics::ReadAtScrape(source_)) {}

 private:
  OutboxMetrics source_;
  std::unique_ptr<metrics::ScrapeRegistration> registration_;
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_OUTBOX_METRICS_H_
