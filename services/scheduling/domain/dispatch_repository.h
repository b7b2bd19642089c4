// The storage port for the dispatch queue's jobs.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_REPOSITORY_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_REPOSITORY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scheduling/domain/dispatch_queue.h"

namespace fieldservice::scheduling {

struct QueuePage {
  std::vector<DispatchJob> jobs;
  std::optional<int64_t> next_after;  // set when more follow
};

class DispatchRepository {
 public:
  virtual ~DispatchRepository() = default;

  // In one transaction: reads the order's job locked (nullopt: none yet),
  // asks `sync` for the job to store (nullopt: keep it as it is) and stores
  // it. Returns the job as stored afterwards. Concurrent syncs of one order
  // run one after the other.
  using SyncFn = std::function<std::optional<DispatchJob>(const std::optional<DispatchJob>&)>;
  virtual absl::StatusOr<DispatchJob> SyncJob(const std::string& order_number,
                                              const SyncFn& sync) = 0;

  // The order's job (nullopt: scheduling never heard of the order).
  virtual absl::StatusOr<std::optional<DispatchJob>> GetJob(const std::string& order_number) = 0;

  // Queued jobs, the soonest deadline first, equal deadlines in the order
  // they were first stored; `after` continues a previous page.
  virtual absl::StatusOr<QueuePage> ListQueue(std::optional<int64_t> after, int limit) = 0;
};

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_DISPATCH_REPOSITORY_H_
