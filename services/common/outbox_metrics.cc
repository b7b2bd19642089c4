#include "services/common/outbox_metrics.h"

#include <cppconn/resultset.h>
#include <prometheus/counter.h>

#include <algorithm>
#include <optional>
#include <string>

#include "services/common/logging.h"
#include "services/common/sql.h"
#include "services/common/transaction.h"

namespace fieldservice::common {
namespace {

prometheus::Counter& Errors() {
  static auto& counter =
      prometheus::BuildCounter()
          .Name("fs_outbox_metrics_errors_total")
          .Help("Scrapes that left out the outbox series: the database query failed or was slow")
          .Register(metrics::Registry())
          .Add({});
  return counter;
}

prometheus::MetricFamily Gauges(const char* name, const char* help) {
  return {.name = name, .help = help, .type = prometheus::MetricType::Gauge, .metric = {}};
}

void AddGauge(prometheus::MetricFamily& family, const std::string& topic, double value) {
  prometheus::ClientMetric m;
  m.label = {{"topic", topic}};
  m.gauge.value = value;
  family.metric.push_back(std::move(m));
}

}  // namespace

OutboxMetrics::OutboxMetrics(ConnectionPool& pool, const Clock& clock, absl::Duration query_timeout)
    : pool_(pool),
      clock_(clock),
      query_timeout_(query_timeout),
      failure_log_("outbox_metrics_failed", pool.settings().outage_log_interval) {
  Errors();  // exported from the start, at 0
}

std::vector<prometheus::MetricFamily> OutboxMetrics::Collect() const {
  prometheus::MetricFamily pending =
      Gauges("fs_outbox_pending_messages", "Outbox messages waiting for delivery, by topic");
  prometheus::MetricFamily parked = Gauges(
      "fs_outbox_parked_messages", "Outbox messages that failed for good (an operator must look)");
  prometheus::MetricFamily age =
      Gauges("fs_outbox_oldest_pending_age_seconds",
             "How long the oldest message waiting for delivery has waited, by topic");
  // Delivered rows are skipped through the (delivered_at, ...) index; what
  // is left is the backlog, small when the relay keeps up.
  absl::Status status = RunInTransaction(
      pool_, {.max_attempts = 1},
      [&](sql::Connection& c) {
        auto rs = Statement(c,
                            "SELECT topic,"
                            " SUM(failed_at IS NULL) AS pending,"
                            " SUM(failed_at IS NOT NULL) AS parked,"
                            " MIN(CASE WHEN failed_at IS NULL THEN created_at END) AS oldest"
                            " FROM outbox WHERE delivered_at IS NULL GROUP BY topic")
                      .Query();
        const absl::Time now = clock_.Now();
        while (rs->next()) {
          const std::string topic = GetString(*rs, "topic");
          AddGauge(pending, topic, static_cast<double>(rs->getInt64("pending")));
          AddGauge(parked, topic, static_cast<double>(rs->getInt64("parked")));
          std::optional<absl::Time> oldest = GetOptionalTime(*rs, "oldest");
          AddGauge(
              age, topic,
              oldest ? absl::ToDoubleSeconds(std::max(absl::ZeroDuration(), now - *oldest)) : 0.0);
        }
        return absl::OkStatus();
      },
      absl::Now() + query_timeout_);
  if (!status.ok()) {
    Errors().Increment();
    failure_log_.Warn(
        {{"what", "the outbox backlog was not read for /metrics (metrics_db_timeout)"},
         {"error", std::string(status.message())}});
    return {};
  }
  failure_log_.Recovered("outbox_metrics_read_again");
  return {std::move(pending), std::move(parked), std::move(age)};
}

}  // namespace fieldservice::common
