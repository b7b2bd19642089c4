#include "services/callback/domain/callback_queue.h"

#include <tuple>

namespace fieldservice::callback {

bool MoreUrgent(const CallbackTask& a, const CallbackTask& b, absl::Time now) {
  // Smaller sorts first: overdue as false, a complaint as false.
  auto rank = [now](const CallbackTask& t) {
    return std::make_tuple(!(t.due_at <= now), t.due_at, !t.visit.complaint, t.visit.completed_at,
                           std::cref(t.visit.order_number), t.visit.visit_number);
  };
  return rank(a) < rank(b);
}

std::optional<size_t> PickMostUrgent(std::span<const CallbackTask> tasks, absl::Time now,
                                     const CallbackPolicy& policy) {
  std::optional<size_t> best;
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (!IsClaimable(tasks[i], now, policy)) continue;
    if (!best.has_value() || MoreUrgent(tasks[i], tasks[*best], now)) best = i;
  }
  return best;
}

}  // namespace fieldservice::callback
