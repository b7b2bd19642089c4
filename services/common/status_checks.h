// The checks GetServiceStatus reports (ops.proto): each part of a service
// that can be found wrong while the service still runs (calendar coverage;
// later database reachability, outbox backlog) registers one probe here.
#ifndef FIELDSERVICE_COMMON_STATUS_CHECKS_H_
#define FIELDSERVICE_COMMON_STATUS_CHECKS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace fieldservice::common {

struct CheckResult {
  std::string name;
  bool ok = true;
  std::string detail;  // what was found; what to do when not ok
  // What it measured, by name, for scripts (ops.proto Check.figures).
  std::map<std::string, int64_t> figures;
};

class StatusChecks {
 public:
  // A probe is called on every status request; it must be quick and must
  // not throw. `name` is filled in from Add.
  using Probe = std::function<CheckResult()>;

  void Add(std::string name, Probe probe) {
    absl::MutexLock lock(&mu_);
    probes_.emplace_back(std::move(name), std::move(probe));
  }

  // Every probe's result, in the order they were added.
  std::vector<CheckResult> RunAll() const {
    absl::MutexLock lock(&mu_);
    std::vector<CheckResult> results;
    for (const auto& [name, probe] : probes_) {
      CheckResult r = probe();
      r.name = name;
      results.push_back(std::move(r));
    }
    return results;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<std::pair<std::string, Probe>> probes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_STATUS_CHECKS_H_
