#include "services/common/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <exception>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/transaction.h"

namespace fieldservice::common::metrics {
namespace {

prometheus::Family<prometheus::Histogram>& PoolWait() {
  static auto& family = prometheus::BuildHistogram()
                            .Name("fs_db_pool_wait_seconds")
                            .Help("Time a call waited for a database connection from the pool")
                            .Register(Registry());
  return family;
}

prometheus::Family<prometheus::Gauge>& PoolInUse() {
  static auto& family = prometheus::BuildGauge()
                            .Name("fs_db_pool_connections_in_use")
                            .Help("Database connections on loan from the pool")
                            .Register(Registry());
  return family;
}

prometheus::Family<prometheus::Counter>& PoolTimeouts() {
  static auto& family = prometheus::BuildCounter()
                            .Name("fs_db_pool_acquire_timeouts_total")
                            .Help("Calls that got no database connection in time (all were busy)")
                            .Register(Registry());
  return family;
}

prometheus::Family<prometheus::Counter>& Retries() {
  static auto& family = prometheus::BuildCounter()
                            .Name("fs_db_transaction_retries_total")
                            .Help("Transactions tried again, by the error that ended the attempt")
                            .Register(Registry());
  return family;
}

// The pool series of one database, looked up once: Family::Add builds a
// new metric (for a histogram, its buckets) on every call before it finds
// the existing one.
struct PoolSeries {
  explicit PoolSeries(const std::string& database)
      : wait(PoolWait().Add({{"database", database}}, LatencyBuckets())),
        in_use(PoolInUse().Add({{"database", database}})),
        timeouts(PoolTimeouts().Add({{"database", database}})) {}
  prometheus::Histogram& wait;
  prometheus::Gauge& in_use;
  prometheus::Counter& timeouts;
};

// Never destroyed, like the registry.
PoolSeries& PoolSeriesOf(const std::string& database) {
  static auto* mu = new absl::Mutex();
  static auto* by_database = new absl::flat_hash_map<std::string, std::unique_ptr<PoolSeries>>();
  {
    absl::ReaderMutexLock lock(mu);
    auto it = by_database->find(database);
    if (it != by_database->end()) return *it->second;
  }
  absl::MutexLock lock(mu);
  auto& series = (*by_database)[database];
  if (series == nullptr) series = std::make_unique<PoolSeries>(database);
  return *series;
}

// The label of a retried error: what an operator would act on differently.
const char* RetryReason(int sql_errno) {
  switch (sql_errno) {
    case 1213:
      return "deadlock";
    case 1205:
      return "lock_wait_timeout";
    case 1180:
    case 1047:
      return "certification";  // Galera
    default:
      return ClassifySqlError(sql_errno) == SqlErrorClass::kConnectionLost ? "connection_lost"
                                                                           : "write_conflict";
  }
}

// Never destroyed: hooks may run from threads still ending at exit.
const std::shared_ptr<prometheus::Registry>& SharedRegistry() {
  static const auto* registry =
      new std::shared_ptr<prometheus::Registry>(std::make_shared<prometheus::Registry>());
  return *registry;
}

// The sources of ReadAtScrape. Scrapes read them one at a time, holding the
// lock, so a source is never read after its registration ended.
struct ScrapeSources {
  absl::Mutex mu;
  std::vector<const prometheus::Collectable*> sources ABSL_GUARDED_BY(mu);
};
ScrapeSources& Sources() {
  static auto* sources = new ScrapeSources();
  return *sources;
}

// What the exposer serves.
class Everything final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override { return CollectAll(); }
};

}  // namespace

prometheus::Registry& Registry() { return *SharedRegistry(); }

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  return *buckets;
}

absl::StatusOr<std::unique_ptr<Endpoint>> Endpoint::Start(const std::string& address) {
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    exposer = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& e) {
    // civetweb says only "possible problem binding to port".
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", address, " (metrics_listen): ", e.what()));
  }
  std::vector<int> ports = exposer->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address, " (metrics_listen)"));
  }
  static const auto* everything = new std::shared_ptr<Everything>(std::make_shared<Everything>());
  exposer->RegisterCollectable(*everything);
  return std::unique_ptr<Endpoint>(new Endpoint(std::move(exposer), ports.front()));
}

ScrapeRegistration::~ScrapeRegistration() {
  ScrapeSources& s = Sources();
  absl::MutexLock lock(&s.mu);
  std::erase(s.sources, source_);
}

std::unique_ptr<ScrapeRegistration> ReadAtScrape(const prometheus::Collectable& source) {
  ScrapeSources& s = Sources();
  absl::MutexLock lock(&s.mu);
  s.sources.push_back(&source);
  return std::make_unique<ScrapeRegistration>(&source);
}

std::vector<prometheus::MetricFamily> CollectAll() {
  std::vector<prometheus::MetricFamily> families;
  {
    ScrapeSources& s = Sources();
    absl::MutexLock lock(&s.mu);
    for (const prometheus::Collectable* source : s.sources) {
      for (prometheus::MetricFamily& f : source->Collect()) families.push_back(std::move(f));
    }
  }
  // The registry last: it then has what reading the sources counted (their
  // errors).
  for (prometheus::MetricFamily& f : Registry().Collect()) families.push_back(std::move(f));
  return families;
}

void PoolLeaseTaken(const std::string& database, absl::Duration waited) {
  PoolSeries& series = PoolSeriesOf(database);
  series.wait.Observe(absl::ToDoubleSeconds(waited));
  series.in_use.Increment();
}

void PoolLeaseReturned(const std::string& database) { PoolSeriesOf(database).in_use.Decrement(); }

void PoolAcquireTimedOut(const std::string& database) {
  PoolSeriesOf(database).timeouts.Increment();
}

void TransactionRetried(int sql_errno) {
  Retries().Add({{"reason", RetryReason(sql_errno)}}).Increment();
}

}  // namespace fieldservice::common::metrics
