#include "services/scheduling/domain/dispatch_service.h"

namespace fieldservice::scheduling {

absl::StatusOr<DispatchJob> DispatchService::SyncJob(const OrderFacts& facts) {
  common::Violations v;
  CheckOrderFacts(facts, v);
  if (!v.empty()) return v.ToStatus();
  return repository_.SyncJob(
      facts.order_number,
      [&](const std::optional<DispatchJob>& before) -> std::optional<DispatchJob> {
        // The same message again, or an older one overtaken: nothing to do.
        if (before.has_value() && before->order_version >= facts.order_version) {
          return std::nullopt;
        }
        return JobFromFacts(facts, before, policy_);
      });
}

absl::StatusOr<QueuePage> DispatchService::ListQueue(std::optional<int64_t> after, int limit) {
  return repository_.ListQueue(after, limit);
}

}  // namespace fieldservice::scheduling
