#include "services/orders/domain/visit_report.h"

namespace fieldservice::orders {

bool CompletesAVisit(const OrderChanges& changes) {
  for (const AuditEvent& e : changes.events) {
    if (e.action == AuditAction::kTransitioned && e.event == OrderEvent::kComplete) return true;
  }
  return false;
}

int64_t VisitNumberOf(const RepairOrder& order) { return int64_t{order.reopen_count} + 1; }

VisitMilestones MilestonesOf(const std::vector<AuditEvent>& events, int64_t visit_number) {
  VisitMilestones m;
  int64_t visit = 1;
  for (const AuditEvent& e : events) {
    if (e.action != AuditAction::kTransitioned || !e.event.has_value()) continue;
    if (*e.event == OrderEvent::kReopen) {
      ++visit;
      continue;
    }
    if (visit != visit_number) continue;
    switch (*e.event) {
      case OrderEvent::kAssign:
        if (!m.assigned_at) m.assigned_at = e.at;
        break;
      case OrderEvent::kArrive:
        m.arrived_at = e.at;
        break;
      case OrderEvent::kComplete:
        m.completed_at = e.at;
        return m;
      default:
        break;
    }
  }
  return m;
}

}  // namespace fieldservice::orders
